"""A corpus of broken files: each gives exit code 2, one line on stderr naming the file and the problem,
and leaves the warehouse (and the raw stage) exactly as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import hemigov
from tests.helpers import run_cli, tree_digest


def _truncate(src: Path, dest: Path, frac: float = 0.6) -> None:
    data = src.read_bytes()
    dest.write_bytes(data[: int(len(data) * frac)])


def _edit_text(src: Path, dest: Path, old: str, new: str, count: int = 1) -> None:
    text = src.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {src}"
    dest.write_text(text.replace(old, new, count), encoding="utf-8")


def _rcmp_line(shared: Path, year: str, province: str) -> str:
    lines = (shared / "asylum-claims-rcmp-interceptions/rcmp_interceptions.csv").read_text().splitlines()
    return next(ln for ln in lines if f"{year}" in ln and province in ln)


IDMC_2025 = "unhcr-refugees/2026-06-end2025/idmc.rda"


# Each case: (id, builder(shared, folder) -> path to import, words expected in the error line)
def _case_truncated_rda(shared, d):
    f = d / "2026-06-end2025" / "population.rda"
    f.parent.mkdir()
    _truncate(shared / "unhcr-refugees/2026-06-end2025/population.rda", f)
    return f, ["population.rda"]


def _case_truncated_xlsx(shared, d):
    f = d / "bilateral_remittance_matrix_2021_0.xlsx"
    _truncate(shared / "knomad-remittances/bilateral-matrix-2021/bilateral_remittance_matrix_2021_0.xlsx", f)
    return f, ["bilateral_remittance_matrix_2021_0.xlsx"]


def _case_truncated_csv(shared, d):
    f = d / "rcmp_interceptions.csv"
    text = (shared / "asylum-claims-rcmp-interceptions/rcmp_interceptions.csv").read_text()
    f.write_text(text[: len(text) // 2].rsplit(",", 3)[0])  # cut in the middle of a row
    return f, ["rcmp_interceptions.csv", "row"]


def _case_renamed_column(shared, d):
    f = d / "timeline.csv"
    _edit_text(shared / "policy-timeline/timeline.csv", f, "date,kind,", "when,kind,")
    return f, ["timeline.csv", "date"]


def _case_non_numeric(shared, d):
    f = d / "rcmp_interceptions.csv"
    line = _rcmp_line(shared, "2019", "Quebec")
    cells = line.split(",")
    cells[3] = "lots"
    _edit_text(shared / "asylum-claims-rcmp-interceptions/rcmp_interceptions.csv", f, line, ",".join(cells))
    return f, ["rcmp_interceptions.csv", "lots"]


def _case_negative(shared, d):
    f = d / "rcmp_interceptions.csv"
    line = _rcmp_line(shared, "2019", "Quebec")
    cells = line.split(",")
    cells[3] = "-5"
    _edit_text(shared / "asylum-claims-rcmp-interceptions/rcmp_interceptions.csv", f, line, ",".join(cells))
    return f, ["rcmp_interceptions.csv", "negative"]


def _case_duplicate_key(shared, d):
    f = d / "rcmp_interceptions.csv"
    line = _rcmp_line(shared, "2019", "Quebec")
    _edit_text(shared / "asylum-claims-rcmp-interceptions/rcmp_interceptions.csv", f, line, line + "\n" + line)
    return f, ["rcmp_interceptions.csv", "duplicate"]


def _case_unknown_country(shared, d):
    f = d / "UN_MigrantStockByOriginAndDestination_2019_clean.csv"
    _edit_text(shared / "undesa-migrant-stock/UN_MigrantStockByOriginAndDestination_2019_clean.csv", f,
               ",Mexico,", ",New Mexico,")
    return f, ["UN_MigrantStockByOriginAndDestination_2019_clean.csv", "New Mexico"]


def _case_wrong_encoding(shared, d):
    f = d / "timeline.csv"
    f.write_bytes((shared / "policy-timeline/timeline.csv").read_text(encoding="utf-8").encode("utf-16"))
    return f, ["timeline.csv"]


def _case_empty(shared, d):
    f = d / "timeline.csv"
    f.write_bytes(b"")
    return f, ["timeline.csv", "empty"]


def _case_header_only(shared, d):
    f = d / "timeline.csv"
    f.write_text((shared / "policy-timeline/timeline.csv").read_text().splitlines()[0] + "\n")
    return f, ["timeline.csv"]


def _case_no_known_files(shared, d):
    sub = d / "notes"
    sub.mkdir()
    (sub / "readme.txt").write_text("nothing to see")
    return sub, ["notes", "no file"]


def _case_unknown_file(shared, d):
    f = d / "mystery.csv"
    f.write_text("a,b\n1,2\n")
    return f, ["mystery.csv", "not a layout"]


def _rad_line(shared: Path) -> tuple[Path, str]:
    src = shared / "irb-irregular-crossers-and-rad-appeals/rad_appeals.csv"
    return src, src.read_text().splitlines()[1]  # 2017,Total,NA,filed,4905: a column that also has NAs


def _case_negative_count_beside_nulls(shared, d):
    src, line = _rad_line(shared)
    f = d / "rad_appeals.csv"
    _edit_text(src, f, line, line.replace(",4905", ",-4905"))
    return f, ["rad_appeals.csv", "row 2, column 'count'", "negative count", "-4905"]


def _case_huge_count(shared, d):
    src, line = _rad_line(shared)
    f = d / "rad_appeals.csv"
    _edit_text(src, f, line, line.replace(",4905", ",1e308"))
    return f, ["rad_appeals.csv", "row 2, column 'count'", "too large", "1e308"]


def _case_infinite_value(shared, d):
    f = d / "timeline.csv"
    _edit_text(shared / "policy-timeline/timeline.csv", f, ",37748,claims,", ",inf,claims,")
    return f, ["timeline.csv", "column 'value'", "not a finite number", "inf"]


def _case_overflowing_value(shared, d):
    f = d / "timeline.csv"
    _edit_text(shared / "policy-timeline/timeline.csv", f, ",37748,claims,", ",1e400,claims,")
    return f, ["timeline.csv", "column 'value'", "not a finite number", "1e400"]


def _case_conflicting_duplicate_column(shared, d):
    f = d / "rcmp_interceptions.csv"
    lines = (shared / "asylum-claims-rcmp-interceptions/rcmp_interceptions.csv").read_text().splitlines()
    head = lines[0].split(",")
    # the last column again under the first column's name: same header twice, other values
    out = [",".join([*head, head[0]])] + [f"{ln},{ln.split(',')[-1]}" for ln in lines[1:] if ln]
    f.write_text("\n".join(out) + "\n")
    return f, ["rcmp_interceptions.csv", "row 1, columns 1 and", f"two columns named {head[0]!r}"]


def _case_formula_without_saved_value(shared, d):
    import openpyxl

    f = d / "bilateral_remittance_matrix_2021_0.xlsx"
    wb = openpyxl.load_workbook(shared / "knomad-remittances/bilateral-matrix-2021" / f.name)
    wb.worksheets[0]["C5"] = "=B5*2"  # openpyxl saves formulas without a computed value
    wb.save(f)
    return f, ["bilateral_remittance_matrix_2021_0.xlsx", "cell C5", "formula '=B5*2' has no saved value"]


def _case_same_dataset_and_vintage_twice(shared, d):
    for sub in ("a", "b"):
        (d / sub / "2026-06-end2025").mkdir(parents=True)
        shutil.copyfile(shared / "unhcr-refugees/2026-06-end2025/idmc.rda", d / sub / "2026-06-end2025/idmc.rda")
    return d, ["idmc.rda", "same dataset and vintage", "unhcr.idmc", "2026-06"]


def _case_loaded_bytes_under_another_layout(shared, d):
    """The baseline's idmc.rda renamed solutions.rda: same sha256, another dataset, not 'unchanged'."""
    f = d / "2025-06-end2024" / "solutions.rda"
    f.parent.mkdir()
    shutil.copyfile(shared / "unhcr-refugees/2025-06-end2024/idmc.rda", f)
    return f, ["solutions.rda", "not a data frame named 'solutions'"]


def _case_negative_count_in_a_workbook(shared, d):
    """IRCC numbers are text cells; a negative one beside suppressed '--' cells (formerly a traceback)."""
    import openpyxl

    f = d / "EN_ODP_annual-TR-work-TFW_PT_program_year_end.xlsx"
    wb = openpyxl.load_workbook(shared / "ircc-tfwp-year-end" / f.name)
    wb.worksheets[0]["D4"] = "-5"
    wb.save(f)
    return f, [f.name, "year=2000", "program='Live-In Caregiver Program'", "column 'persons'", "negative count -5"]


def _case_huge_count_in_an_rda(shared, d):
    import pyreadr

    f = d / "2026-06-end2025" / "idmc.rda"
    f.parent.mkdir()
    df = pyreadr.read_r(str(shared / IDMC_2025))["idmc"]
    df.loc[51, "total"] = 1e308  # data frame row 52
    pyreadr.write_rdata(str(f), df, df_name="idmc")
    return f, ["idmc.rda", "row 52, column 'total'", "count too large", "1e+308"]


CASES = {name.removeprefix("_case_"): fn for name, fn in globals().items() if name.startswith("_case_")}


@pytest.fixture
def baseline(home, shared_data):
    hemigov.import_data([shared_data / "unhcr-refugees/2025-06-end2024/idmc.rda"])
    return tree_digest(home)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_exit_2_one_line_nothing_changed(case, baseline, home, shared_data, tmp_path, capsys):
    d = tmp_path / "bad"
    d.mkdir()
    target, words = CASES[case](shared_data, d)
    code, out, err = run_cli(["data", "import", str(target)], capsys)
    assert code == 2, (code, out, err)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    for w in words:
        assert w.lower() in lines[0].lower(), (w, lines[0])
    assert tree_digest(home) == baseline


@pytest.mark.parametrize("vintage", ["not-a-date", "../../../../escape", "2026-13", "2026-02-30", "2026"])
def test_vintage_is_checked_at_the_edge(vintage, baseline, home, shared_data, tmp_path, capsys):
    outside = sorted(p.name for p in tmp_path.iterdir())
    code, _, err = run_cli(["data", "import", str(shared_data / "policy-timeline/timeline.csv"),
                            "--vintage", vintage], capsys)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2 and len(lines) == 1 and "--vintage" in lines[0] and "YYYY-MM or YYYY-MM-DD" in lines[0], err
    assert tree_digest(home) == baseline
    assert sorted(p.name for p in tmp_path.iterdir()) == outside  # nothing written beside the home


def test_an_unchanged_file_and_a_new_one_for_the_same_vintage(baseline, home, shared_data, tmp_path, capsys):
    """The loaded idmc.rda (unchanged) and another file claiming the same dataset+vintage: refused, not a
    silent replacement reported as 'unchanged'."""
    d = tmp_path / "two" / "2025-06-end2024"
    d.mkdir(parents=True)
    shutil.copyfile(shared_data / "unhcr-refugees/2026-06-end2025/idmc.rda", d / "idmc.rda")  # other bytes
    code, _, err = run_cli(["data", "import", str(shared_data / "unhcr-refugees/2025-06-end2024/idmc.rda"),
                            str(d / "idmc.rda")], capsys)
    assert code == 2 and "same dataset and vintage ('unhcr.idmc', '2025-06')" in err, err
    assert tree_digest(home) == baseline


def test_bad_file_among_good_ones_loads_nothing(baseline, home, shared_data, tmp_path, capsys):
    d = tmp_path / "mixed"
    shutil.copytree(shared_data / "policy-timeline", d / "policy-timeline")
    (d / "policy-timeline" / "SHA256SUMS").unlink()
    _case_non_numeric(shared_data, d)
    code, _, err = run_cli(["data", "import", str(d)], capsys)
    assert code == 2 and "rcmp_interceptions.csv" in err
    assert tree_digest(home) == baseline

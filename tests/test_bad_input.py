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


def test_bad_file_among_good_ones_loads_nothing(baseline, home, shared_data, tmp_path, capsys):
    d = tmp_path / "mixed"
    shutil.copytree(shared_data / "policy-timeline", d / "policy-timeline")
    (d / "policy-timeline" / "SHA256SUMS").unlink()
    _case_non_numeric(shared_data, d)
    code, _, err = run_cli(["data", "import", str(d)], capsys)
    assert code == 2 and "rcmp_interceptions.csv" in err
    assert tree_digest(home) == baseline

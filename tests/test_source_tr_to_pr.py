"""IRCC admissions of permanent residents with prior TFWP / IMP work permits (``pr_from_work_permit``), on the real
workbooks in ../shared/data/ircc-tr-to-pr. Reference figures: its PROVENANCE.md ("Key figures"), which are IRCC's
printed "YYYY Total" columns; cell checks read the workbooks with openpyxl, independently of the adapter."""

from __future__ import annotations

import openpyxl
import pytest

import hemigov
from tests.helpers import parse_file, run_cli, tree_digest

FOLDER = "ircc-tr-to-pr"
TFWP = "EN_ODP-TR_to_PR-TFWP_PT_immcat.xlsx"
IMP = "EN_ODP-TR_to_PR-IMP_PT_immcat.xlsx"
# PROVENANCE.md: TFWP -> PR, Canada total by year (2025 = January-July)
TFWP_TOTALS = {2015: 8_265, 2016: 6_880, 2017: 5_830, 2018: 4_640, 2019: 5_660, 2020: 3_295, 2021: 10_980,
               2022: 7_555, 2023: 10_360, 2024: 12_800}


@pytest.fixture(scope="module")
def tfwp(shared_data):
    return parse_file(shared_data / FOLDER / TFWP)


def test_vintage_programs_and_levels(tfwp, shared_data):
    df = tfwp.frames["pr_from_work_permit"]
    assert tfwp.layout.dataset == "ircc.pr_from_tfwp" and tfwp.parsed.vintage == "2025-07"  # "Source: IRCC, July 31"
    assert set(df.program) == {"TFWP"}
    assert set(df.level) == {"category", "group_total", "broad_total", "province_total"}
    assert df.loc[df.month.isna() & (df.year == 2025), "months"].eq(7).all()  # 2025 covers January-July
    assert {"GAR", "PSR"} <= set(df.category) and "Government-Assisted Refugee" not in set(df.category)
    imp = parse_file(shared_data / FOLDER / IMP)
    assert imp.layout.dataset == "ircc.pr_from_imp" and set(imp.frames["pr_from_work_permit"].program) == {"IMP"}


def test_canada_totals_are_the_printed_year_totals(tfwp):
    df = tfwp.frames["pr_from_work_permit"]
    canada = df[(df.province == "(all)") & df.month.isna()].set_index("year").persons
    assert {y: canada[y] for y in TFWP_TOTALS} == TFWP_TOTALS and canada[2025] == 9_090
    # twelve months rounded to 5 each do not add up to IRCC's own rounded year (2015: 8,260 against 8,265)
    months = df[(df.province == "(all)") & df.month.notna()].groupby("year").persons.sum()
    assert (months[2015], months[2023]) == (8_260, 10_360)


def test_agri_food_pilot(tfwp):
    df = tfwp.frames["pr_from_work_permit"]
    agri = df[(df.category == "Agri-Food Pilot") & df.month.isna()]
    assert agri.province.nunique() == 9  # "sum of the 9 province rows with that label" (PROVENANCE.md)
    by = agri.groupby("year").persons.sum()
    assert [by[y] for y in (2021, 2022, 2023, 2024, 2025)] == [90, 370, 635, 630, 75]
    assert by[by.index < 2021].eq(0).all()  # the pilot opened in May 2020


def test_cells_against_openpyxl(tfwp, shared_data):
    """Rows 14 and 22 of the TFWP sheet: Newfoundland and Labrador's PNP total and province total, Jan-May 2015."""
    wb = openpyxl.load_workbook(shared_data / FOLDER / TFWP, read_only=True, data_only=True)
    rows = [list(r) for r in wb.active.iter_rows(min_row=14, max_row=22, max_col=10, values_only=True)]
    wb.close()
    df = tfwp.frames["pr_from_work_permit"]
    nl = df[(df.province == "Newfoundland and Labrador") & (df.year == 2015) & df.month.between(1, 3)]
    pnp = nl[nl.level.eq("group_total") & nl.category_group.eq("Provincial Nominee Program")].sort_values("month")
    assert rows[0][2] == "Provincial Nominee Program Total" and rows[0][4:7] == ["--", "--", "--"]
    assert pnp.suppressed.tolist() == [True, True, True] and pnp.persons.isna().all()
    tot = nl[nl.level.eq("province_total")].sort_values("month")
    assert rows[8][0] == "Newfoundland and Labrador Total"
    assert [None if v == "--" else int(v) for v in rows[8][4:7]] == [None if s else p for p, s in
                                                                      zip(tot.persons, tot.suppressed, strict=True)]


def test_view_totals(full):
    got = hemigov.query("""SELECT year, persons FROM v_pr_from_work_permit WHERE program = 'TFWP'
                           AND province = '(all)' AND month IS NULL AND year <= 2024 ORDER BY year""")
    assert dict(zip(got.year, got.persons, strict=True)) == TFWP_TOTALS


# --- bad input --------------------------------------------------------------------------------------

def _shift_month_header(ws) -> None:
    """Row 5 (the month labels) moved one column to the right: every month would label its neighbour's values."""
    for merged in list(ws.merged_cells.ranges):  # the year-total labels span rows 4-5
        ws.unmerge_cells(str(merged))
    values = [ws.cell(5, j).value for j in range(1, ws.max_column + 1)]
    for j in range(1, ws.max_column + 1):
        ws.cell(5, j).value = values[j - 2] if j >= 2 else None


@pytest.mark.parametrize("shift", ["month header one column right", "a row inserted above the header"])
def test_shifted_header_exit_2_nothing_changed(shift, home, shared_data, tmp_path, capsys):
    hemigov.import_data([shared_data / "unhcr-refugees/2025-06-end2024/idmc.rda"])
    before = tree_digest(home)
    wb = openpyxl.load_workbook(shared_data / FOLDER / TFWP)
    if shift.startswith("month"):
        _shift_month_header(wb.active)
    else:
        wb.active.insert_rows(2)
    bad = tmp_path / TFWP
    wb.save(bad)
    code, out, err = run_cli(["data", "import", str(bad)], capsys)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2 and len(lines) == 1, (code, out, err)
    assert TFWP in lines[0] and "row" in lines[0] and "header" in lines[0], lines[0]
    assert tree_digest(home) == before

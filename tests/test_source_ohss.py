"""DHS OHSS U.S. Border Patrol encounters adapter and ``v_us_border_encounters``, on the real workbook in
../shared/data/us-ohss-border-patrol-encounters. Reference figures: its PROVENANCE.md ("Key figures")."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

import hemigov
from hemigov import geo
from hemigov.core.paths import PACKAGE_DATA
from tests.helpers import parse_file, run_cli, tree_digest

FILE = "us-ohss-border-patrol-encounters/KHSM Encounters (USBP) fy25m11.xlsx"
NLB, SWB = "Northern Land Border", "Southwest Land Border"


@pytest.fixture(scope="module")
def parsed(shared_data):
    return parse_file(shared_data / FILE)


@pytest.fixture(scope="module")
def enc(parsed) -> pd.DataFrame:
    return parsed.frames["us_border_encounters"]


def _annual(enc, sheet, **dims) -> dict[int, int]:
    sub = enc[(enc.sheet == sheet)]
    for k, v in dims.items():
        sub = sub[sub[k] == v]
    return dict(zip(sub.fiscal_year, sub.encounters, strict=True))


def test_vintage_and_fiscal_calendar(parsed, enc):
    # PROVENANCE.md: despite "fy25m11", the data end in November 2024 (FY2025 = October and November only)
    assert parsed.layout.dataset == "ohss.usbp_encounters" and parsed.parsed.vintage == "2024-11"
    fy25 = enc[(enc.fiscal_year == 2025) & enc.fiscal_month.isna()]
    assert set(fy25.months) == {2}
    assert set(enc[enc.fiscal_month.isna() & (enc.fiscal_year < 2025)].months) == {12}
    oct24 = enc[(enc.fiscal_year == 2025) & (enc.fiscal_month == 1)]
    assert set(oct24.month) == {10} and {str(d) for d in oct24.calendar_month} == {"2024-10-01"}
    sep24 = enc[(enc.fiscal_year == 2024) & (enc.fiscal_month == 12)]
    assert set(sep24.month) == {9} and {str(d) for d in sep24.calendar_month} == {"2024-09-01"}
    # the Sector sheets repeat Rgn and Sector and are not stored twice
    assert not {"Annual Sector", "Monthly Sector"} & set(enc.sheet)


def test_region_and_sector_key_figures(enc):
    nlb = _annual(enc, "Annual Region", region=NLB)
    assert {y: nlb[y] for y in range(2019, 2026)} == {2019: 4_410, 2020: 2_160, 2021: 920, 2022: 2_240,
                                                      2023: 10_020, 2024: 23_720, 2025: 1_990}
    swb = _annual(enc, "Annual Region", region=SWB)
    assert (swb[2019], swb[2021], swb[2022], swb[2023], swb[2024], swb[2025]) == (
        851_510, 1_659_210, 2_206_440, 2_045_840, 1_530_520, 103_140)
    swanton = _annual(enc, "Annual Rgn and Sector", region=NLB, sector="Swanton, VT")
    assert (swanton[2022], swanton[2023], swanton[2024]) == (1_070, 6_930, 19_390)
    m = enc[enc.sheet == "Monthly Count"]
    m = m.set_index(m.calendar_month.astype(str)).encounters
    assert [m[d] for d in ("2024-09-01", "2024-10-01", "2024-11-01")] == [55_990, 58_130, 47_540]
    c19 = enc[(enc.sheet == "Annual Citizenship") & (enc.fiscal_year == 2019)].set_index("citizenship").encounters
    assert (c19["Guatemala"], c19["Honduras"], c19["Mexico"], c19["El Salvador"]) == (
        265_130, 254_560, 169_540, 90_090)


def test_mexicans_at_the_northern_border(enc):
    s = enc[(enc.sheet == "Monthly Rgn and Citp") & (enc.region == NLB) & (enc.citizenship_iso3 == "MEX")]
    s = s.set_index(s.calendar_month.astype(str)).encounters
    before = [s["2023-10-01"], s["2023-11-01"], s["2024-01-01"], s["2024-02-01"]]
    after = [s["2024-03-01"], s["2024-04-01"], s["2024-05-01"], s["2024-06-01"], s["2024-11-01"]]
    assert before == [760, 550, 300, 380] and after == [230, 210, 170, 140, 130]  # Canada's visa: 29 Feb 2024


def test_rounded_to_ten_and_never_zero(enc):
    # PROVENANCE.md: "rounded to 10; small cells are withheld" -- withheld cells are absent, not printed as 0
    assert (enc.encounters % 10 == 0).all() and enc.encounters.min() == 10


def test_monthly_sums_against_annual_sheets(enc):
    """Twelve months rounded to 10 each need not add up to the rounded year: they agree within 5 a month plus 5.

    Where no cell is withheld (every month of the series printed: 2,183 of the 7,390 annual series of the seven
    sheet pairs, all of Count, Region and Family Status) the monthly cells sum to the annual value within that
    bound, exactly in 807. Where they do not: in the other 5,207 series (citizenships, region x citizenship, some
    sectors and family statuses) small months are withheld, in 2,664 of them every month, so only the annual sheet
    has the year. Across sheets the withholding shows too: the region x citizenship cells of the Northern Land
    Border FY2024 add up to 23,490, not the 23,720 of "Annual Region" (PROVENANCE.md).
    """
    dims = ["region", "sector", "citizenship", "family_status"]
    months = enc[enc.sheet == "Monthly Count"].groupby("fiscal_year").size()
    series = complete_n = exact = no_month = 0
    for stem in ("Count", "Region", "Family Status", "Citizenship", "Rgn and Citp", "Rgn and Fam Status",
                 "Rgn and Sector"):
        a = enc[enc.sheet == f"Annual {stem}"].set_index(["fiscal_year", *dims]).encounters
        m = enc[enc.sheet == f"Monthly {stem}"].groupby(["fiscal_year", *dims]).encounters.agg(["sum", "count"])
        j = m.join(a.rename("annual"), how="right").fillna(0)
        n = j.index.get_level_values("fiscal_year").map(months).to_numpy()
        complete = j["count"].to_numpy() == n
        diff = (j["annual"] - j["sum"]).abs().to_numpy()
        assert (diff[complete] <= 5 * (n[complete] + 1)).all(), stem
        if stem in ("Count", "Region", "Family Status"):
            assert complete.all(), stem
        series += len(j)
        complete_n += int(complete.sum())
        exact += int((diff[complete] == 0).sum())
        no_month += int((j["count"] == 0).sum())
    assert (series, complete_n, exact, no_month) == (7_390, 2_183, 807, 2_664)
    rc = enc[(enc.sheet == "Monthly Rgn and Citp") & (enc.region == NLB) & (enc.fiscal_year == 2024)].encounters.sum()
    region = _annual(enc, "Annual Region", region=NLB)[2024]
    assert (rc, region) == (23_490, 23_720)


def test_both_breakdowns_in_the_view(full):
    sector = hemigov.query("""SELECT sum(encounters) AS n FROM v_us_border_encounters WHERE sector = 'Swanton, VT'
                              AND fiscal_month IS NULL AND fiscal_year = 2024""").n[0]
    cit = hemigov.query("""SELECT calendar_month, encounters FROM v_us_border_encounters
                           WHERE region = 'Northern Land Border' AND citizenship_iso3 = 'MEX'
                             AND fiscal_month IS NOT NULL AND calendar_month = DATE '2024-03-01'""")
    assert sector == 19_390 and cit.encounters.tolist() == [230]
    assert set(hemigov.query("SELECT DISTINCT dataset, vintage FROM v_us_border_encounters").itertuples(
        index=False, name=None)) == {("ohss.usbp_encounters", "2024-11")}


def test_citizenship_aliases_are_reviewed_codes():
    with open(PACKAGE_DATA / "aliases" / "ohss.csv", encoding="utf-8", newline="") as f:
        rows = {r["name"]: r["iso3"] for r in csv.DictReader(f)}
    assert set(rows.values()) <= set(geo.countries().iso3)
    assert rows["Unknown"] == "XXX" and rows["Burma"] == "MMR" and rows["Korea, South"] == "KOR"
    assert rows["Mexico"] == "MEX" and "New Mexico" not in rows


def test_renamed_sheet_exit_2_nothing_changed(home, shared_data, tmp_path, capsys):
    hemigov.import_data([shared_data / "unhcr-refugees/2025-06-end2024/idmc.rda"])
    before = tree_digest(home)
    wb = openpyxl.load_workbook(shared_data / FILE)
    wb["Monthly Rgn and Citp"].title = "Monthly Region and Citizenship"
    bad = tmp_path / "KHSM Encounters (USBP) fy25m11.xlsx"
    wb.save(bad)
    code, out, err = run_cli(["data", "import", str(bad)], capsys)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2 and len(lines) == 1, (code, out, err)
    assert "fy25m11.xlsx" in lines[0] and "sheet 'Monthly Rgn and Citp'" in lines[0] and "missing" in lines[0]
    assert tree_digest(home) == before

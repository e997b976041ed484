"""UNHCR IATI funding adapter and ``v_funding``, on the real workbooks in ../shared/data/unhcr-iati-funding.

Reference figures: the folder's PROVENANCE.md, "Key figures (computed from these files; type 11, US$ millions)",
printed to two decimals (one for the all-donor rows); the tests allow half a unit of the last printed digit.
"""

from __future__ import annotations

import csv
import shutil

import openpyxl
import pytest

import hemigov
from hemigov import geo, sources
from hemigov.core.paths import PACKAGE_DATA
from hemigov.sources.base import Layout
from hemigov.warehouse.schema import DONOR_TYPES
from tests.helpers import parse_file, run_cli, tree_digest

FOLDER = "unhcr-iati-funding"
YEARS = range(2016, 2024)
CANADA_NAMES = ("Government of Canada", "Canada - Global Affairs Canada | Affaires mondiales Canada")


def _by_year(where: str) -> dict[int, float]:
    df = hemigov.query(f"SELECT year, sum(usd) / 1e6 AS m FROM v_funding WHERE {where} GROUP BY year ORDER BY year")
    return dict(zip(df.year, df.m, strict=True))


def _close(got: dict[int, float], want: dict[int, float], tol: float) -> None:
    assert set(got) >= set(want), (sorted(got), sorted(want))
    off = {y: (round(got[y], 4), v) for y, v in want.items() if abs(got[y] - v) > tol}
    assert not off, off


# --- detection and reviewed tables -----------------------------------------------------------------

def test_every_workbook_is_its_own_dataset(shared_data):
    found = {}
    for f in sorted((shared_data / FOLDER).rglob("*.xlsx")):
        lay = sources.detect(f)
        assert isinstance(lay, Layout) and lay.adapter == "unhcr_iati", f
        found[lay.dataset] = f
    assert len(found) == 16  # 8 programme years x (activities, transactions), PROVENANCE.md
    assert {f"unhcr.iati_transactions_{y}" for y in YEARS} <= set(found)


def test_donor_tables_are_disjoint_and_checked():
    with open(PACKAGE_DATA / "aliases" / "unhcr_iati.csv", encoding="utf-8", newline="") as f:
        states = {r["name"]: r["iso3"] for r in csv.DictReader(f)}
    with open(PACKAGE_DATA / "donors_unhcr_iati.csv", encoding="utf-8", newline="") as f:
        others = list(csv.DictReader(f))
    assert not set(states) & {r["name"] for r in others}
    assert set(states.values()) <= set(geo.countries().iso3)
    assert {r["donor_type"] for r in others} <= set(DONOR_TYPES)
    # UNHCR spells Canada two ways (PROVENANCE.md); both are the same state
    assert {states[n] for n in CANADA_NAMES} == {"CAN"}
    assert "Private donors" not in states and "European Union" not in states


def test_transactions_2019(shared_data):
    t = parse_file(shared_data / FOLDER / "2019" / "iati_transaction.xlsx")
    df = t.frames["funding_transactions"]
    assert t.parsed.vintage == "2024-02"  # the workbooks' docProps creation date
    assert set(df.transaction_type) == {"incoming_commitment"}
    assert df.row.min() == 2 and df.row.is_unique
    assert "379 disbursement" in t.parsed.notes and "243 expenditure" in t.parsed.notes
    can = df[df.donor_iso3 == "CAN"]
    assert set(can.provider_org) == set(CANADA_NAMES) and set(can.donor) == {"Canada"}
    assert round(can.usd.sum() / 1e6, 2) == 59.73  # PROVENANCE.md: Canada total 2019
    priv = df[df.provider_org == "Private donors"]
    assert set(priv.donor_type) == {"private"} and priv.donor_iso3.isna().all()


def test_activities_2020_bureaux(shared_data):
    a = parse_file(shared_data / FOLDER / "2020" / "iati_activity.xlsx").frames["funding_activities"]
    by = a.set_index("activity")
    assert by.loc["XM-DAC-41121-2020", "earmarking"] == "unearmarked"
    assert by.loc["XM-DAC-41121-2020-HQ", "earmarking"] == "global"
    assert by.loc["XM-DAC-41121-2020-AME", ["earmarking", "region"]].tolist() == ["regional", "The Americas"]
    assert by.loc["XM-DAC-41121-2020-AME-COL", ["earmarking", "recipient_iso3"]].tolist() == ["country", "COL"]
    # From 2020 Africa is three bureaux (PROVENANCE.md): no "Africa" activity any more
    assert "AFR" not in set(a.region_code) and {"EHGL", "SAO", "WCA"} <= set(a.region_code)


# --- v_funding against PROVENANCE.md ----------------------------------------------------------------

def test_canada_americas_2016_2023(full):
    """Canada's commitments to activities under -AME: 2.87, 2.49, 1.57, 0.04 (2019), 2.95, 5.04, 9.53, 4.87."""
    got = _by_year("donor_iso3 = 'CAN' AND region = 'The Americas'")
    _close(got, {2016: 2.87, 2017: 2.49, 2018: 1.57, 2019: 0.04, 2020: 2.95, 2021: 5.04, 2022: 9.53, 2023: 4.87},
           0.005)
    assert 0.035 <= got[2019] < 0.045  # US$0.04M within rounding (0.038 in the file)


def test_canada_totals_mena_and_unearmarked(full):
    _close(_by_year("donor_iso3 = 'CAN'"), {2016: 116.26, 2017: 81.88, 2018: 72.89, 2019: 59.73, 2020: 69.52,
                                            2021: 80.42, 2022: 96.28, 2023: 78.19}, 0.005)
    _close(_by_year("donor_iso3 = 'CAN' AND region_code = 'MENA'"),
           {2016: 58.77, 2017: 38.38, 2018: 38.25, 2019: 30.15, 2020: 31.06, 2021: 32.49, 2022: 25.63, 2023: 17.19},
           0.005)
    _close(_by_year("donor_iso3 = 'CAN' AND earmarking = 'unearmarked'"), {2016: 9.02, 2019: 11.23, 2023: 16.13},
           0.005)


def test_all_donors_americas(full):
    _close(_by_year("region = 'The Americas'"), {2016: 37.5, 2017: 42.5, 2018: 94.1, 2019: 228.3, 2020: 284.2,
                                                 2021: 285.1, 2022: 293.8, 2023: 323.7}, 0.05)


def test_v_funding_is_every_incoming_commitment_once(full):
    n = hemigov.query("""SELECT count(*) AS n, count(activity_title) AS with_activity,
                                count(DISTINCT transaction_type) AS kinds FROM v_funding""").iloc[0]
    assert (n.n, n.with_activity, n.kinds) == (36_634, 36_634, 1)  # PROVENANCE.md: 36,634 rows of type 11
    levels = set(hemigov.query("SELECT DISTINCT earmarking FROM v_funding").earmarking)
    assert levels == {"unearmarked", "global", "regional", "country"}


# --- bad input --------------------------------------------------------------------------------------

@pytest.fixture
def baseline(home, shared_data):
    hemigov.import_data([shared_data / "unhcr-refugees/2025-06-end2024/idmc.rda"])
    return tree_digest(home)


def _year_folder(shared_data, tmp_path, year: int = 2019):
    d = tmp_path / "bad" / str(year)
    d.mkdir(parents=True)
    shutil.copyfile(shared_data / FOLDER / str(year) / "iati_activity.xlsx", d / "iati_activity.xlsx")
    return d


def _one_error_line(args, capsys) -> str:
    code, out, err = run_cli(args, capsys)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error: "), (code, out, err)
    return lines[0]


def test_broken_transaction_workbook(baseline, home, shared_data, tmp_path, capsys):
    d = _year_folder(shared_data, tmp_path)
    data = (shared_data / FOLDER / "2019" / "iati_transaction.xlsx").read_bytes()
    (d / "iati_transaction.xlsx").write_bytes(data[: len(data) // 2])
    line = _one_error_line(["data", "import", str(d)], capsys)
    assert "2019/iati_transaction.xlsx" in line and "not a readable .xlsx" in line, line
    assert tree_digest(home) == baseline


def test_unknown_donor_is_reported_not_guessed(baseline, home, shared_data, tmp_path, capsys):
    d = _year_folder(shared_data, tmp_path)
    wb = openpyxl.load_workbook(shared_data / FOLDER / "2019" / "iati_transaction.xlsx")
    ws = wb.active
    col = [c.value for c in ws[1]].index("transaction_provider_org") + 1
    hits = [r for r in range(2, ws.max_row + 1) if ws.cell(r, col).value == "Government of Mexico"]
    for r in hits:
        ws.cell(r, col).value = "Government of New Mexico"
    wb.save(d / "iati_transaction.xlsx")
    line = _one_error_line(["data", "import", str(d)], capsys)
    assert "iati_transaction.xlsx" in line and "transaction_provider_org" in line, line
    assert f"'Government of New Mexico' ({len(hits)} rows)" in line, line
    assert tree_digest(home) == baseline


def test_activity_unknown_to_the_activity_workbook(baseline, home, shared_data, tmp_path, capsys):
    d = _year_folder(shared_data, tmp_path)
    wb = openpyxl.load_workbook(shared_data / FOLDER / "2019" / "iati_transaction.xlsx")
    ws = wb.active
    ws.cell(5, 1).value = "XM-DAC-41121-2019-AME-ATL"  # row 5: an operation UNHCR never listed
    wb.save(d / "iati_transaction.xlsx")
    line = _one_error_line(["data", "import", str(d)], capsys)
    assert "row 5, column 'iati_identifier'" in line and "AME-ATL" in line, line
    assert tree_digest(home) == baseline

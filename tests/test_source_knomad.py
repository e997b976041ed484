"""World Bank / KNOMAD adapter: remittance matrices 2017, 2018, 2021, the 2017 migrant-stock matrix, flow tables.

Expected numbers come from PROVENANCE.md of the ``knomad-remittances`` folder (its table of remittances from
Canada, the row sums and WORLD totals it quotes) or are read here from the raw files with openpyxl / csv,
not through the adapter.
"""

from __future__ import annotations

import csv
import math
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from hemigov import sources
from hemigov.core.errors import InputError
from hemigov.sources.base import Layout
from tests.helpers import parse_file

FILES = {
    "aggregate-flows/inward_remittance_flows_december_2023_1.xlsx": ("knomad.inward_flows", "2023-12"),
    "aggregate-flows/outward_remittance_flows_june_2023.xlsx": ("knomad.outward_flows", "2023-06"),
    "bilateral-matrix-2017/WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx": ("knomad.migrant_stock_2017", "2017"),
    "bilateral-matrix-2017/WB_Bilateral_Remittance_Estimates_2017.xlsx": ("knomad.remittances_2017", "2018-04"),
    "bilateral-matrix-2018/Bilateralremittancematrix2018Oct2019.csv": ("knomad.remittances_2018", "2019-10"),
    "bilateral-matrix-2021/bilateral_remittance_matrix_2021_0.xlsx": ("knomad.remittances_2021", "2022-12"),
}
R17, R18, R21 = (f"bilateral-matrix-{y}/{n}" for y, n in [
    ("2017", "WB_Bilateral_Remittance_Estimates_2017.xlsx"), ("2018", "Bilateralremittancematrix2018Oct2019.csv"),
    ("2021", "bilateral_remittance_matrix_2021_0.xlsx")])
M17 = "bilateral-matrix-2017/WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx"
INWARD, OUTWARD = "aggregate-flows/inward_remittance_flows_december_2023_1.xlsx", \
    "aggregate-flows/outward_remittance_flows_june_2023.xlsx"

# PROVENANCE.md "Checks against published facts": remittances from Canada, US$ million, per matrix
# (2017 and 2021 to one decimal, 2018 whole millions as stored).
FROM_CANADA = {  # iso3: (2017, 2018, 2021)
    "HTI": (143.9, 241, 258.1), "HND": (37.9, 41, 58.3), "SLV": (156.6, 170, 228.6), "JAM": (314.6, 322, 474.4),
    "NIC": (24.9, 27, 34.4), "GTM": (142.3, 157, 198.6), "DOM": (34.3, 45, 74.4), "MEX": (155.8, 232, 399.8),
    "ECU": (38.8, 44, 62.0), "COL": (113.1, 174, 223.3), "PER": (56.8, 69, 77.2), "BRA": (31.3, 49, 66.4),
}
# PROVENANCE.md: Canada's row sums to 24,559 (2017), 27,832 (2018), 29,031 (2021).
CANADA_ROW_SUM = {R17: 24559, R18: 27832, R21: 29031}


@pytest.fixture(scope="module")
def folder(shared_data) -> Path:
    return shared_data / "knomad-remittances"


@pytest.fixture(scope="module")
def parsed(folder):
    return {rel: parse_file(folder / rel) for rel in FILES}


def _xlsx_rows(path: Path) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [tuple(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    return rows


def _xlsx_cell(path: Path, row_label: str, col_label: str, header_at: int):
    rows = _xlsx_rows(path)
    j = list(rows[header_at]).index(col_label)
    hits = [r[j] for r in rows[header_at + 1:] if r[0] is not None and str(r[0]).strip() == row_label]
    assert len(hits) == 1, (row_label, col_label)
    return hits[0]


def _remit(parsed, rel: str, sender: str, receiver: str) -> pd.Series:
    df = parsed[rel].frames["remittances_bilateral"]
    hit = df[(df.sender_iso3 == sender) & (df.receiver_iso3 == receiver)]
    assert len(hit) == 1, (rel, sender, receiver, len(hit))
    return hit.iloc[0]


def test_every_file_detected_with_its_dataset(folder):
    data = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.name not in ("PROVENANCE.md", "SHA256SUMS"))
    assert data == sorted(FILES)
    for rel, (dataset, _) in FILES.items():
        lay = sources.detect(folder / rel)
        assert isinstance(lay, Layout) and lay.adapter == "knomad" and lay.dataset == dataset, rel
    for doc in ("PROVENANCE.md", "SHA256SUMS"):
        assert isinstance(sources.detect(folder / doc), str)


def test_vintages(parsed):
    for rel, (dataset, vintage) in FILES.items():
        assert parsed[rel].parsed.vintage == vintage, rel
        for frame in parsed[rel].frames.values():
            assert set(frame.dataset) <= {dataset} and set(frame.vintage) <= {vintage}


@pytest.mark.parametrize("k, rel", list(enumerate([R17, R18, R21])))
def test_remittances_from_canada_match_provenance(parsed, k, rel):
    for iso3, expected in FROM_CANADA.items():
        row = _remit(parsed, rel, "CAN", iso3)
        tol = 0.5 if rel == R18 else 0.05
        assert row.usd_millions == pytest.approx(expected[k], abs=tol), (rel, iso3)
        assert (row.rounded_to == 1) if rel == R18 else math.isnan(row.rounded_to)


def test_table1_seed_haiti_2017_differs_as_documented(parsed):
    # The paper's Table 1 seed prints 133 for Canada -> Haiti 2017; the April-2018 matrix holds 143.9.
    assert round(_remit(parsed, R17, "CAN", "HTI").usd_millions) == 144


def test_orientation_rows_are_senders(parsed, folder):
    # Read the raw cells: row "Canada", column "Haiti" is Canada -> Haiti; the transposed cell is much smaller.
    can_hti = _xlsx_cell(folder / R17, "Canada", "Haiti", 1)
    hti_can = _xlsx_cell(folder / R17, "Haiti", "Canada", 1)
    assert can_hti > 100 > 2 > hti_can
    assert _remit(parsed, R17, "CAN", "HTI").usd_millions == pytest.approx(can_hti)
    assert _remit(parsed, R17, "HTI", "CAN").usd_millions == pytest.approx(hti_can)
    with open(folder / R18, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    j = rows[0].index("Haiti")
    assert _remit(parsed, R18, "CAN", "HTI").usd_millions == float(next(r for r in rows if r[0] == "Canada")[j])


@pytest.mark.parametrize("rel", [R17, R18, R21])
def test_canada_row_sum(parsed, rel):
    df = parsed[rel].frames["remittances_bilateral"]
    assert df[df.sender_iso3 == "CAN"].usd_millions.sum() == pytest.approx(CANADA_ROW_SUM[rel], abs=1)


def test_world_margins_dropped_not_mixed(parsed, folder):
    # PROVENANCE: the 2021 WORLD row equals current WDI inflows (Mexico 54,130; Haiti 4,196). The adapter drops
    # the WORLD row/column; the senders' cells still add up to it, read here from the raw WORLD row.
    df = parsed[R21].frames["remittances_bilateral"]
    for iso3, name, published in [("MEX", "Mexico", 54130), ("HTI", "Haiti", 4196)]:
        world = _xlsx_cell(folder / R21, "WORLD", name, 1)
        assert world == pytest.approx(published, abs=1)
        assert df[df.receiver_iso3 == iso3].usd_millions.sum() == pytest.approx(world, rel=1e-9)
    # 2017 matrix: Mexico's inflow as of April 2018 was 30,600.
    df17 = parsed[R17].frames["remittances_bilateral"]
    assert df17[df17.receiver_iso3 == "MEX"].usd_millions.sum() == pytest.approx(30600, abs=1)
    canada_world = _xlsx_cell(folder / R17, "Canada", "WORLD", 1)
    assert df17[df17.sender_iso3 == "CAN"].usd_millions.sum() == pytest.approx(canada_world, rel=1e-9)


def test_empty_cells_absent_zeros_and_marks_kept(parsed, folder):
    # 2021: empty cells absent; count the non-empty country x country cells of the raw sheet.
    rows = _xlsx_rows(folder / R21)
    header = rows[1]
    cols = [j for j, c in enumerate(header) if c not in (None, "WORLD") and j > 0]
    body = [r for r in rows[2:] if r[0] is not None and str(r[0]).strip() not in ("WORLD",)][:214]
    filled = sum(isinstance(r[j], int | float) for r in body for j in cols)
    assert len(parsed[R21].frames["remittances_bilateral"]) == filled
    # 2017 prints 0 and keeps "-" on India -> Pakistan (not estimated) -> NULL; 2018 writes "N/A"; 2021 leaves
    # that cell empty (absent) but prints a few explicit zeros, which are kept.
    assert _xlsx_cell(folder / R17, "India", "Pakistan", 1) == "-"
    assert math.isnan(_remit(parsed, R17, "IND", "PAK").usd_millions)
    assert math.isnan(_remit(parsed, R18, "PAK", "IND").usd_millions)
    assert _xlsx_cell(folder / R21, "India", "Pakistan", 1) is None
    df21 = parsed[R21].frames["remittances_bilateral"]
    assert df21[(df21.sender_iso3 == "IND") & (df21.receiver_iso3 == "PAK")].empty
    assert _xlsx_cell(folder / R21, "Mali", "India", 1) == 0
    assert _remit(parsed, R21, "MLI", "IND").usd_millions == 0
    assert _remit(parsed, R17, "AFG", "ALB").usd_millions == 0


def test_migrant_stock_2017_origin_rows(parsed, folder):
    df = parsed[M17].frames["migrant_stock"]
    assert list(parsed[M17].frames) == ["migrant_stock"]

    def stock(o, d):
        hit = df[(df.origin_iso3 == o) & (df.destination_iso3 == d)]
        assert len(hit) == 1
        return int(hit.persons.iloc[0])

    # PROVENANCE.md (undesa folder): Haiti-born in Canada 93,131, Mexico-born 81,033, Jamaica-born 146,539.
    assert (stock("HTI", "CAN"), stock("MEX", "CAN"), stock("JAM", "CAN")) == (93131, 81033, 146539)
    assert stock("CAN", "HTI") == _xlsx_cell(folder / M17, "Canada", "Haiti", 1)
    # Margins: Canada's origins + "Other North" + "Other South" (dropped) = the "World" row (dropped).
    others = sum(_xlsx_cell(folder / M17, o, "Canada", 1) for o in ("Other North", "Other South"))
    world = _xlsx_cell(folder / M17, "World", "Canada", 1)
    assert others > 0 and df[df.destination_iso3 == "CAN"].persons.sum() + others == world
    assert (df.year == 2017).all()


def test_outward_flows_canada(parsed):
    eco = parsed[OUTWARD].frames["economy"]
    can = eco[(eco.iso3 == "CAN") & (eco.indicator == "KNOMAD.OUTWARD.USD_M")].set_index("year").value
    # PROVENANCE.md: Canada 8,763 (2019), 7,458 (2020), 8,078 (2021), 8,312 (2022).
    assert [round(can[y]) for y in (2019, 2020, 2021, 2022)] == [8763, 7458, 8078, 8312]
    assert len(parsed[OUTWARD].frames["economy_aggregates"]) == 0
    assert set(eco.indicator) == {"KNOMAD.OUTWARD.USD_M", "KNOMAD.OUTWARD.PCT_GDP"}
    assert not eco.estimated.any()


def test_inward_flows_and_aggregates_apart(parsed, folder):
    eco = parsed[INWARD].frames["economy"]
    usd = eco[eco.indicator == "KNOMAD.INWARD.USD_M"]
    y2019 = usd[usd.year == 2019].set_index("iso3").value
    # PROVENANCE.md: 2019 inflows equal WDI (May 2023): Haiti 3,026, Honduras 5,401, Mexico 39,022.
    assert [round(y2019[c]) for c in ("HTI", "HND", "MEX")] == [3026, 5401, 39022]
    # "2023e" is an estimate; earlier years are not. Annotated names map ("Zimbabwe (using CB data ...)").
    assert usd[usd.year == 2023].estimated.all() and not usd[usd.year < 2023].estimated.any()
    assert {"ZWE", "VNM", "ISR", "TUR"} <= set(y2019.index)
    agg = parsed[INWARD].frames["economy_aggregates"]
    assert set(agg.code) == {"WLD", "LMY"}
    world = agg[(agg.code == "WLD") & (agg.year == 2022) & (agg.indicator == "KNOMAD.INWARD.USD_M")].value
    rows = _xlsx_rows(folder / INWARD)
    j = list(rows[0]).index(2022)
    assert float(world.iloc[0]) == pytest.approx(next(r[j] for r in rows if r[0] == "World"))
    series = parsed[INWARD].frames["economy_series"]
    assert set(series.indicator) == {"KNOMAD.INWARD.USD_M", "KNOMAD.INWARD.PCT_GDP"}


# --- bad input ---------------------------------------------------------------------------------------------

def test_transposed_matrix_label_is_refused(folder, tmp_path):
    """A matrix whose corner label says the opposite orientation must not be read as senders-down."""
    f = tmp_path / "WB_Bilateral_Remittance_Estimates_2017.xlsx"
    wb = openpyxl.load_workbook(folder / R17)
    ws = wb.worksheets[0]
    assert "sending (down)" in ws["A2"].value
    ws["A2"] = "sending (across) / receiving (down)"
    wb.save(f)
    with pytest.raises(InputError, match="orientation"):
        parse_file(f)


def test_unknown_name_in_csv_matrix(folder, tmp_path):
    f = tmp_path / "Bilateralremittancematrix2018Oct2019.csv"
    text = (folder / R18).read_text(encoding="utf-8-sig")
    assert "\nHaiti," in text
    f.write_text(text.replace("\nHaiti,", "\nHayti,"), encoding="utf-8-sig")
    with pytest.raises(InputError, match="Hayti"):
        parse_file(f)


def test_number_below_the_table_is_refused(folder, tmp_path):
    """A blank row inside a matrix would cut it short: numbers after it are an error, not notes."""
    f = tmp_path / "bilateral_remittance_matrix_2021_0.xlsx"
    shutil.copy(folder / R21, f)
    wb = openpyxl.load_workbook(f)
    ws = wb.worksheets[0]
    ws.insert_rows(100)  # a blank row in the middle of the senders
    wb.save(f)
    with pytest.raises(InputError, match="below the end of the table"):
        parse_file(f)


def test_formulas_without_saved_values_found_from_the_xml_as_openpyxl_finds_them(shared_data, tmp_path):
    """The import finds formula cells saved without a value from the sheet's ``<f>`` elements (the 2017
    matrices hold 215 and 433 formulas among ~100,000 cells); the cell-by-cell read through openpyxl, four to
    ten times slower, finds the same cells and formulas, escaped characters included."""
    import zipfile

    import openpyxl

    from hemigov.sources import knomad

    f = tmp_path / "bilateral_remittance_matrix_2021_0.xlsx"
    wb = openpyxl.load_workbook(shared_data / "knomad-remittances/bilateral-matrix-2021" / f.name)
    wb.worksheets[0]["C5"] = "=B5*2"
    wb.worksheets[0]["D7"] = '=IF(A1<>"x",1,2)'
    wb.save(f)  # openpyxl saves formulas without computed values
    part = openpyxl.load_workbook(f, read_only=True).worksheets[0]._worksheet_path
    fast = knomad._unsaved_formulas(zipfile.ZipFile(f).read(part))
    assert sorted(fast) == sorted(knomad._unsaved_cells(f, 0))
    assert {(4, 2, "=B5*2"), (6, 3, '=IF(A1<>"x",1,2)')} <= set(fast)
    rows = knomad._sheet_rows(f)
    assert str(rows[4][2]) == "=B5*2" and isinstance(rows[4][2], knomad._Unsaved)
    original = shared_data / "knomad-remittances/bilateral-matrix-2021" / f.name
    assert knomad._unsaved_formulas(b'<x:c r="A1"><x:f>1</x:f></x:c>') is None  # prefixed: read cell by cell
    assert not any(isinstance(v, knomad._Unsaved) for r in knomad._sheet_rows(original) for v in r)

"""UN DESA International Migrant Stock adapter: IMS 2019 bilateral (clean CSV) and IMS 2020 by destination.

Expected numbers come from PROVENANCE.md of the ``undesa-migrant-stock`` folder ("Checks") or are read here
from the raw files with the csv module / openpyxl, not through the adapter.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from hemigov import sources
from hemigov.core.errors import InputError
from hemigov.sources.base import Layout
from tests.helpers import parse_file

CSV = "UN_MigrantStockByOriginAndDestination_2019_clean.csv"
XLSX = "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
FILES = {CSV: ("undesa.ims_bilateral", "2019"), XLSX: ("undesa.ims_destination", "2020")}


@pytest.fixture(scope="module")
def folder(shared_data) -> Path:
    return shared_data / "undesa-migrant-stock"


@pytest.fixture(scope="module")
def loaded(folder) -> dict:
    return {name: parse_file(folder / name) for name in FILES}


@pytest.fixture(scope="module")
def bilateral(loaded) -> pd.DataFrame:
    return loaded[CSV].frames["migrant_stock"]


@pytest.fixture(scope="module")
def totals(loaded) -> pd.DataFrame:
    return loaded[XLSX].frames["migrant_stock_totals"]


@pytest.fixture(scope="module")
def raw_csv(folder) -> list[list[str]]:
    with open(folder / CSV, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


@pytest.fixture(scope="module")
def sheets(folder) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(folder / XLSX, read_only=True, data_only=True)
    out = {s: [tuple(r) for r in wb[s].iter_rows(values_only=True)] for s in ("Table 1", "Table 2", "Table 6")}
    wb.close()
    return out


def _raw(raw_csv, year: str, dest: str, origin: str) -> str:
    j = raw_csv[0].index(origin)
    hits = [r[j] for r in raw_csv[1:] if r[0] == year and r[1] == dest]
    assert len(hits) == 1
    return hits[0]


def _stock(df, year, origin, dest):
    hit = df[(df.year == year) & (df.origin_iso3 == origin) & (df.destination_iso3 == dest)]
    assert len(hit) <= 1
    return None if hit.empty else hit.persons.iloc[0]


def _row(rows: list[tuple], code: int) -> tuple:
    hits = [r for r in rows if len(r) > 3 and r[3] == code]
    assert len(hits) == 1
    return hits[0]


def test_detection_and_vintages(folder, loaded):
    data = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in ("PROVENANCE.md", "SHA256SUMS"))
    assert data == sorted(FILES)
    for name, (dataset, vintage) in FILES.items():
        lay = sources.detect(folder / name)
        assert isinstance(lay, Layout) and lay.adapter == "undesa" and lay.dataset == dataset
        assert loaded[name].parsed.vintage == vintage
        assert all(set(f.vintage) == {vintage} and set(f.dataset) == {dataset} for f in loaded[name].frames.values())


def test_bilateral_values_from_provenance(bilateral):
    # PROVENANCE.md "Checks": United States, Mexico-born 11,489,684 (2019); Canada: Mexico 85,825, Haiti 99,564,
    # Colombia 74,595, Venezuela 22,130 (2019).
    assert _stock(bilateral, 2019, "MEX", "USA") == 11489684
    assert [_stock(bilateral, 2019, o, "CAN") for o in ("MEX", "HTI", "COL", "VEN")] == [85825, 99564, 74595, 22130]
    # Canada as destination, row sums: 7,424,859 (2015), 7,956,487 (2019).
    can = bilateral[bilateral.destination_iso3 == "CAN"].groupby("year").persons.sum()
    assert (can[2015], can[2019]) == (7424859, 7956487)
    assert sorted(bilateral.year.unique()) == [1990, 1995, 2000, 2005, 2010, 2015, 2019]


def test_region_rows_dropped_not_confused_with_countries(bilateral, raw_csv):
    # The file keeps a region row "Micronesia" beside the country "Micronesia (Fed. States of)".
    region = _raw(raw_csv, "2019", "Micronesia", "Philippines")
    country = _raw(raw_csv, "2019", "Micronesia (Fed. States of)", "Philippines")
    assert region != country
    assert _stock(bilateral, 2019, "PHL", "FSM") == int(country)
    dests = {r[1] for r in raw_csv[1:]}
    assert {"Caribbean", "Melanesia", "Micronesia", "Polynesia", "South America"} <= dests
    # Destinations = all rows less 5 regions and rows holding only zeros (no data).
    only_zeros = {d for d in dests if all(v == "0" for r in raw_csv[1:] if r[1] == d for v in r[2:])}
    assert only_zeros == {"Holy See"}
    assert bilateral.destination_iso3.nunique() == len(dests) - 5 - 1


def test_zeros_absent_not_available_null(bilateral, raw_csv):
    # Zeros in the clean file stand for empty cells: absent. "-" and ".." are not available: NULL rows.
    assert _raw(raw_csv, "2019", "Canada", "Tuvalu") == "0"
    assert _stock(bilateral, 2019, "TUV", "CAN") is None
    assert _raw(raw_csv, "1990", "Montenegro", "Albania") == "-"
    assert pd.isna(_stock(bilateral, 1990, "ALB", "MNE"))
    nulls = sum(v in ("..", "-") for r in raw_csv[1:] for v in r[2:])
    assert nulls == 345  # PROVENANCE.md: 341 ".." and 4 "-"
    # Every null cell sits in a kept row/column except those in dropped regions/areas.
    assert 0 < bilateral.persons.isna().sum() <= nulls
    assert (bilateral.persons.dropna() > 0).all()


def test_totals_canada_from_provenance(totals, sheets):
    t = totals.set_index(["iso3", "measure", "sex", "year"]).value
    # PROVENANCE.md: IMS 2020 Table 1 total for Canada 7,428,657 (2015), 8,049,323 (2020).
    assert (t["CAN", "migrant_stock", "both", 2015], t["CAN", "migrant_stock", "both", 2020]) == (7428657, 8049323)
    # Male + female = both (a check on the block assignment of columns).
    assert t["CAN", "migrant_stock", "male", 2020] + t["CAN", "migrant_stock", "female", 2020] == 8049323
    # Table 2 is in thousands; stored as persons. Table 6 refugee stock: read the raw cells.
    pop_k = _row(sheets["Table 2"], 124)[11]
    assert t["CAN", "population", "both", 2020] == round(pop_k * 1000)
    assert t["CAN", "refugee_stock", "both", 2020] == _row(sheets["Table 6"], 124)[11]
    assert set(totals.sex) == {"both", "male", "female"}
    assert set(totals.measure) == {"migrant_stock", "population", "migrant_share_pct", "refugee_stock",
                                   "refugee_share_of_migrant_stock_pct"}


def test_totals_aggregates_left_out_world_identity(totals, sheets):
    # No region or income group among the rows, and the countries and areas add up to WORLD exactly.
    t1 = sheets["Table 1"]
    world = _row(t1, 900)[11]  # 2020, both sexes
    assert world == 280598105
    ms = totals[(totals.measure == "migrant_stock") & (totals.sex == "both") & (totals.year == 2020)]
    assert ms.value.sum() == world
    assert ms.iso3.nunique() == len(ms) == 235
    assert {"TWN", "FLK", "MYT"} <= set(ms.iso3)
    assert "MEX" in set(ms.iso3) and "MAF" in set(ms.iso3)


def test_protected_cells_absent_not_available_null(totals, sheets):
    # "~" (fewer than five, protected) is left out; ".." (not available) is a NULL value.
    assert _row(sheets["Table 6"], 776)[11] == "~"  # Tonga refugees 2020
    assert totals[(totals.iso3 == "TON") & (totals.measure == "refugee_stock")].empty
    assert _row(sheets["Table 1"], 728)[5] == ".."  # South Sudan 1990
    ssd = totals[(totals.iso3 == "SSD") & (totals.measure == "migrant_stock") & (totals.year == 1990)]
    assert len(ssd) == 3 and ssd.value.isna().all()
    assert not math.isnan(totals[(totals.iso3 == "SSD") & (totals.year == 2020)].value.iloc[0])


# --- bad input ---------------------------------------------------------------------------------------------

def test_new_mexico_is_not_mexico(folder, tmp_path):
    f = tmp_path / CSV
    text = (folder / CSV).read_text(encoding="utf-8")
    assert ",Mexico," in text
    f.write_text(text.replace(",Mexico,", ",New Mexico,"), encoding="utf-8")
    with pytest.raises(InputError, match="New Mexico"):
        parse_file(f)


def test_location_code_must_match_name(folder, tmp_path):
    """A row whose M49 code names another country (a shifted or edited row) is refused, not mapped by code."""
    f = tmp_path / XLSX
    wb = openpyxl.load_workbook(folder / XLSX)
    ws = wb["Table 1"]
    row = next(r for r in ws.iter_rows(min_row=12) if r[3].value == 124)
    assert row[1].value.strip() == "Canada"
    row[3].value = 484  # Mexico's code on Canada's row
    wb.save(f)
    with pytest.raises(InputError, match="does not match location code 484"):
        parse_file(f)

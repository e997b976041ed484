"""World Bank WDI adapter: both releases, aggregates kept apart, values checked against the raw files.

Expected numbers come from PROVENANCE.md of the ``worldbank-wdi`` folder or are read from the raw files
here with the csv module / xlrd directly, not through the adapter.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
import xlrd

from hemigov import geo, sources
from hemigov.core.errors import InputError
from hemigov.sources import worldbank
from hemigov.sources.base import Layout
from tests.helpers import parse_file

NEW = "2026-07_datasets-wdi/indicators"
OLD = "2023-05_wdi-excel"

# PROVENANCE.md section 1 table: economies incl. aggregates, and non-empty values in 2023 / 2024 / 2025.
PROVENANCE_TABLE = {
    "bx.trf.pwkr.cd.dt": (246, 220, 207, 0),
    "ny.gdp.mktp.cd": (261, 251, 246, 232),
    "ny.gdp.pcap.cd": (261, 251, 246, 232),
    "ny.gdp.pcap.pp.cd": (250, 244, 235, 0),
    "ny.gnp.pcap.cd": (254, 247, 244, 228),
    "ny.gnp.atls.cd": (254, 247, 244, 228),
    "ny.gnp.pcap.pp.cd": (249, 243, 241, 227),
    "sp.pop.totl": (264, 264, 264, 264),
    "sl.uem.totl.zs": (234, 231, 229, 229),
    "dt.oda.odat.cd": (217, 155, 0, 0),
    "dt.oda.odat.gn.zs": (209, 149, 0, 0),
    "dt.oda.odat.pc.zs": (217, 155, 0, 0),
    "sm.pop.totl": (262, 0, 262, 0),
    "sm.pop.netm": (264, 264, 264, 264),
    "pa.nus.fcrf": (215, 205, 199, 153),
}

# PROVENANCE.md "Checks against published facts": 2019 remittances received, US$ bn, per release;
# official % of GDP (2023-05) and received / GDP (2026-07).
SEED_2019 = {  # iso3: (bn 2023-05, bn 2026-07, % 2023-05, % 2026-07 computed)
    "HTI": (3.03, 2.70, 20.5, 17.9), "HND": (5.40, 5.40, 21.5, 21.7), "SLV": (5.66, 5.66, 21.0, 21.0),
    "JAM": (2.56, 2.56, 16.2, 15.1), "NIC": (1.69, 1.69, 13.4, 13.3), "GTM": (10.66, 10.66, 13.8, 13.8),
    "DOM": (7.42, 7.42, 8.3, 8.3), "MEX": (39.02, 39.83, 3.1, 3.1), "ECU": (3.24, 3.24, 3.0, 3.0),
    "COL": (7.12, 7.12, 2.2, 2.2), "PER": (3.33, 3.34, 1.5, 1.5), "BRA": (3.21, 3.21, 0.2, 0.2),
}


@pytest.fixture(scope="module")
def wdi(shared_data) -> Path:
    return shared_data / "worldbank-wdi"


@pytest.fixture(scope="module")
def parsed(wdi):
    """Every data file of the folder, parsed once: {relative path: Loaded}."""
    out = {}
    for f in sorted(p for p in wdi.rglob("*") if p.is_file()):
        if isinstance(sources.detect(f), Layout):
            out[f.relative_to(wdi).as_posix()] = parse_file(f)
    return out


def _value(frame: pd.DataFrame, year: int, key: str, col: str = "iso3") -> float:
    hit = frame[(frame.year == year) & (frame[col] == key)]
    assert len(hit) == 1, f"{key} {year}: {len(hit)} rows"
    return float(hit.value.iloc[0])


def _csv_cell(path: Path, code: str, year: int) -> float:
    with open(path, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["Country Code"] == code and r["Year"] == str(year)]
    assert len(rows) == 1
    return float(rows[0]["Value"])


def _xls_cell(path: Path, code: str, year: int) -> float:
    sheet = xlrd.open_workbook(str(path)).sheet_by_name("Data")
    col = sheet.row_values(3).index(str(year))
    rows = [r for r in range(4, sheet.nrows) if sheet.cell_value(r, 1) == code]
    assert len(rows) == 1
    return sheet.cell_value(rows[0], col)


# --- detection and vintages ------------------------------------------------------------------------

def test_every_file_is_detected(wdi):
    data = [p for p in wdi.rglob("*") if p.is_file() and p.suffix in (".csv", ".xls")]
    assert len(data) == 18
    for p in data:
        lay = sources.detect(p)
        assert isinstance(lay, Layout) and lay.adapter == "worldbank", p
        code = worldbank.WORKBOOK_NAMES.get(p.name) or p.parent.name.upper()
        assert lay.dataset == f"worldbank.wdi.{code.lower()}"
    for p in wdi.rglob("datapackage.json"):
        assert isinstance(sources.detect(p), str)
    for name in ("PROVENANCE.md", "API-FORMATS.md", "SHA256SUMS"):
        assert isinstance(sources.detect(wdi / name), str)


def test_not_an_indicator_folder_is_not_claimed(tmp_path, wdi):
    other = tmp_path / "2026-07_x" / "indicators" / "xx.not.wdi" / "data.csv"
    other.parent.mkdir(parents=True)
    shutil.copy(wdi / NEW / "sp.pop.totl" / "data.csv", other)
    assert not isinstance(sources.detect(other), Layout)


def test_both_vintages_of_one_series_side_by_side(parsed):
    new, old = parsed[f"{NEW}/bx.trf.pwkr.cd.dt/data.csv"], parsed[f"{OLD}/personal-remittances-received.xls"]
    assert new.layout.dataset == old.layout.dataset == "worldbank.wdi.bx.trf.pwkr.cd.dt"
    assert (new.parsed.vintage, old.parsed.vintage) == ("2026-07", "2023-05")
    assert "Last Updated Date 2023-05-10" in old.parsed.notes
    for loaded in parsed.values():
        assert set(loaded.frames["economy"].vintage) == {loaded.parsed.vintage}


# --- values --------------------------------------------------------------------------------------

def test_provenance_table_counts(parsed):
    for folder, (economies, n23, n24, n25) in PROVENANCE_TABLE.items():
        f = parsed[f"{NEW}/{folder}/data.csv"].frames
        eco, agg = f["economy"], f["economy_aggregates"]
        assert eco.iso3.nunique() + agg.code.nunique() == economies, folder
        for year, n in ((2023, n23), (2024, n24), (2025, n25)):
            assert (eco.year == year).sum() + (agg.year == year).sum() == n, (folder, year)
        assert set(eco.indicator) == {folder.upper()}


def test_haiti_remittances_share_of_gdp_2019(parsed, wdi):
    path = wdi / OLD / "remittances-received-percent-gdp.xls"
    eco = parsed[f"{OLD}/remittances-received-percent-gdp.xls"].frames["economy"]
    got = _value(eco, 2019, "HTI")
    assert got == _xls_cell(path, "HTI", 2019)
    assert round(got, 1) == 20.5
    assert set(eco.indicator) == {"BX.TRF.PWKR.DT.GD.ZS"}


def test_canada_gdp_and_remittances(parsed, wdi):
    gdp = parsed[f"{NEW}/ny.gdp.mktp.cd/data.csv"].frames["economy"]
    assert _value(gdp, 2023, "CAN") == _csv_cell(wdi / NEW / "ny.gdp.mktp.cd" / "data.csv", "CAN", 2023)
    assert round(_value(gdp, 2023, "CAN") / 1e9) == 2197
    rem = parsed[f"{NEW}/bx.trf.pwkr.cd.dt/data.csv"].frames["economy"]
    assert _value(rem, 2023, "CAN") == 847193218.595668  # also the API-FORMATS.md example record
    paid = parsed[f"{OLD}/personal-remittances-paid.xls"].frames["economy"]
    assert round(_value(paid, 2022, "CAN") / 1e9, 2) == 8.31  # PROVENANCE.md
    assert _value(paid, 2022, "CAN") == _xls_cell(wdi / OLD / "personal-remittances-paid.xls", "CAN", 2022)


def test_seed_countries_both_vintages(parsed):
    old_bn = parsed[f"{OLD}/personal-remittances-received.xls"].frames["economy"]
    old_pct = parsed[f"{OLD}/remittances-received-percent-gdp.xls"].frames["economy"]
    new_bn = parsed[f"{NEW}/bx.trf.pwkr.cd.dt/data.csv"].frames["economy"]
    new_gdp = parsed[f"{NEW}/ny.gdp.mktp.cd/data.csv"].frames["economy"]
    for iso3, (bn23, bn26, pct23, pct26) in SEED_2019.items():
        assert round(_value(old_bn, 2019, iso3) / 1e9, 2) == bn23, iso3
        assert round(_value(new_bn, 2019, iso3) / 1e9, 2) == bn26, iso3
        assert round(_value(old_pct, 2019, iso3), 1) == pct23, iso3
        assert round(100 * _value(new_bn, 2019, iso3) / _value(new_gdp, 2019, iso3), 1) == pct26, iso3


def test_codes_outside_iso(parsed):
    pop = parsed[f"{NEW}/sp.pop.totl/data.csv"].frames["economy"]
    assert {"XKX", "CHI"} <= set(pop.iso3)


def test_missing_values_are_absent_rows_and_no_estimate_flag(parsed, wdi):
    for loaded in parsed.values():
        for t in ("economy", "economy_aggregates"):
            f = loaded.frames[t]
            assert f.value.notna().all()
            assert f.estimated.isna().all()
    # Venezuela: no remittance data after 2016 (PROVENANCE.md). The 2023-05 workbook prints 0 for
    # 2017-2020 and leaves 2021-2022 empty; zeros are kept as published, empty cells become absent rows.
    path = wdi / OLD / "personal-remittances-received.xls"
    assert (_xls_cell(path, "VEN", 2020), _xls_cell(path, "VEN", 2021)) == (0.0, "")
    old = parsed[f"{OLD}/personal-remittances-received.xls"].frames["economy"]
    ven = old[old.iso3 == "VEN"].set_index("year").value
    assert ven[2016] == 279e6 and ven[2020] == 0.0 and 2021 not in ven.index
    new = parsed[f"{NEW}/bx.trf.pwkr.cd.dt/data.csv"].frames["economy"]
    assert new[new.iso3 == "VEN"].year.max() == 2016


def test_series_metadata(parsed):
    s = parsed[f"{NEW}/bx.trf.pwkr.cd.dt/data.csv"].frames["economy_series"]
    assert (s.indicator.iloc[0], s.unit.iloc[0], s.title.iloc[0]) == (
        "BX.TRF.PWKR.CD.DT", "current US$", "Personal remittances, received (current US$)")
    assert s.definition.iloc[0].startswith("Personal remittances comprise personal transfers")
    s = parsed[f"{OLD}/remittances-received-percent-gdp.xls"].frames["economy_series"]
    assert (s.title.iloc[0], s.unit.iloc[0]) == ("Personal remittances, received (% of GDP)", "% of GDP")


# --- aggregates ------------------------------------------------------------------------------------

def test_aggregate_list_matches_workbook_metadata(wdi):
    for path in sorted((wdi / OLD).glob("*.xls")):
        sheet = xlrd.open_workbook(str(path)).sheet_by_name("Metadata - Countries")
        head = sheet.row_values(0)
        code, region = head.index("Country Code"), head.index("Region")
        empty = {sheet.cell_value(r, code) for r in range(1, sheet.nrows) if not sheet.cell_value(r, region)}
        assert len(empty) == 48
        assert set(worldbank.AGGREGATES) == empty | {"INX"}, path.name


def test_aggregates_kept_apart(parsed, wdi):
    for name, loaded in parsed.items():
        eco, agg = loaded.frames["economy"], loaded.frames["economy_aggregates"]
        assert not set(eco.iso3) & set(worldbank.AGGREGATES), name
        assert set(agg.code) <= set(worldbank.AGGREGATES), name
    pop = parsed[f"{NEW}/sp.pop.totl/data.csv"].frames
    assert _value(pop["economy_aggregates"], 2024, "WLD", "code") == \
        _csv_cell(wdi / NEW / "sp.pop.totl" / "data.csv", "WLD", 2024) == 8140897523
    assert {"WLD", "LCN", "HIC", "NAC"} <= set(pop["economy_aggregates"].code)
    # MEA was renamed (and recomposed) between the releases; each keeps its own name.
    old = parsed[f"{OLD}/personal-remittances-received.xls"].frames["economy_aggregates"]
    new = parsed[f"{NEW}/bx.trf.pwkr.cd.dt/data.csv"].frames["economy_aggregates"]
    assert set(old[old.code == "MEA"].name) == {"Middle East & North Africa"}
    assert set(new[new.code == "MEA"].name) == {"Middle East, North Africa, Afghanistan & Pakistan"}


def test_workbook_metadata_disagreeing_with_list_is_an_error(wdi):
    path = wdi / OLD / "personal-remittances-paid.xls"
    meta = pd.DataFrame(worldbank._sheets(path)["Metadata - Countries"].iloc[1:].to_numpy(),
                        columns=["Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName"])
    worldbank._aggregate_check(meta, path)  # the real sheet agrees
    meta.loc[meta["Country Code"] == "LCN", "Region"] = "Latin America & Caribbean"
    with pytest.raises(InputError, match="LCN"):
        worldbank._aggregate_check(meta, path)


def test_country_names_match_the_alias_table(wdi):
    """Every WDI country spelling maps, through the reviewed alias table, to the code on its own row."""
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in (wdi / NEW).glob("*/data.csv")]
    for p in (wdi / OLD).glob("*.xls"):
        sheet = xlrd.open_workbook(str(p)).sheet_by_name("Data")
        frames.append(pd.DataFrame([sheet.row_values(r, 0, 2) for r in range(4, sheet.nrows)],
                                   columns=["Country Name", "Country Code"]))
    pairs = pd.concat([f[["Country Name", "Country Code"]] for f in frames]).drop_duplicates()
    pairs = pairs[~pairs["Country Code"].isin(worldbank.AGGREGATES)]
    mapped = geo.names_to_iso3(pairs["Country Name"], "worldbank", file="wdi", column="Country Name")
    assert (mapped.to_numpy() == pairs["Country Code"].to_numpy()).all()


# --- bad input -----------------------------------------------------------------------------------

def _copy(wdi: Path, tmp_path: Path, folder: str = "bx.trf.pwkr.cd.dt") -> Path:
    dest = tmp_path / "2026-07_copy" / "indicators" / folder
    dest.mkdir(parents=True)
    for name in ("data.csv", "datapackage.json"):
        shutil.copy(wdi / NEW / folder / name, dest / name)
    return dest / "data.csv"


def test_truncated_csv(tmp_path, wdi):
    path = _copy(wdi, tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2].rsplit(",", 1)[0], encoding="utf-8")  # cut inside a row
    with pytest.raises(InputError, match=r"row \d+.*fields"):
        parse_file(path)


def test_renamed_column(tmp_path, wdi):
    path = _copy(wdi, tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0].replace("Value", "Amount") + "".join(lines[1:]), encoding="utf-8")
    with pytest.raises(InputError, match="missing column.*'Value'"):
        parse_file(path)


def test_bad_cells(tmp_path, wdi):
    path = _copy(wdi, tmp_path)
    good = path.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    # '..' is the World Bank's missing mark: an absent row, not an error.
    path.write_text(lines[0] + "Canada,CAN,2023,..\n" + "".join(lines[1:]).replace(
        "Canada,CAN,2023,847193218.595668\n", ""), encoding="utf-8")
    eco = parse_file(path).frames["economy"]
    assert ((eco.iso3 == "CAN") & (eco.year == 2023)).sum() == 0
    path.write_text(lines[0] + "Canada,CAN,2030,n/a\n" + "".join(lines[1:]), encoding="utf-8")
    with pytest.raises(InputError, match=r"row 2, column 'Value'.*not a number"):
        parse_file(path)
    path.write_text(lines[0] + "Atlantis,ATL,2020,5\n" + "".join(lines[1:]), encoding="utf-8")
    with pytest.raises(InputError, match="unmapped country codes: 'ATL'"):
        parse_file(path)
    path.write_text(good + "Canada,CAN,2023,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="duplicate key"):
        parse_file(path)


def test_datapackage_for_another_series(tmp_path, wdi):
    path = _copy(wdi, tmp_path)
    shutil.copy(wdi / NEW / "sp.pop.totl" / "datapackage.json", path.parent / "datapackage.json")
    with pytest.raises(InputError, match="sp.pop.totl"):
        parse_file(path)


def test_truncated_workbook(tmp_path, wdi):
    src = wdi / OLD / "personal-remittances-received.xls"
    path = tmp_path / "2023-05_copy" / src.name
    path.parent.mkdir()
    path.write_bytes(src.read_bytes()[:20000])
    with pytest.raises(InputError, match="personal-remittances-received.xls"):
        parse_file(path)

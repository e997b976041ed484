"""World Bank, World Development Indicators (WDI): one series per file, two releases side by side.

Two layouts of the same publisher's series (see PROVENANCE.md of the ``worldbank-wdi`` folder):

* ``<vintage>_.../indicators/<code>/data.csv`` -- the ``datasets/world-development-indicators`` melt of
  the World Bank bulk CSV: ``Country Name,Country Code,Year,Value``, one row per economy-year, only
  non-empty values. The ``datapackage.json`` beside it gives the series' title and definition.
* ``*.xls`` -- the World Bank "API_<CODE>_DS2_en_excel_v2" download (sheets ``Data``, wide, one column
  per year; ``Metadata - Countries``; ``Metadata - Indicators``), read with xlrd through pandas.

Every file is one indicator, so the dataset id is ``worldbank.wdi.<code in lower case>`` whatever the
layout: the 2026-07 CSV and the 2023-05 workbook of BX.TRF.PWKR.CD.DT load as one dataset, two vintages.
WDI revises back years (Haiti 2019 remittances: 3.03 bn in 2023-05, 2.70 bn in 2026-07), so quote a
value with its vintage.

Caveats kept by this adapter:

* Aggregates (WLD, LCN, HIC, ...) are mixed into the files. They are recognised by the reviewed list
  ``AGGREGATES`` (taken from the 2023-05 ``Metadata - Countries`` sheet, where an aggregate has an empty
  Region) and go to ``economy_aggregates``; ``economy`` holds countries only, mapped by WDI code through
  the country table (XKX Kosovo, CHI Channel Islands). A workbook whose own metadata disagrees with the
  list, or a code that is neither an aggregate nor a known country, is an ``InputError``.
* Aggregate codes keep their code across releases but not always their composition: MEA is "Middle East
  & North Africa" in 2023-05 and "Middle East, North Africa, Afghanistan & Pakistan" in 2026-07. The name
  as printed in each release is kept in ``economy_aggregates.name``.
* Missing values (empty cells, ``..``) are absent rows, never NULL values or zeros: the long CSVs already
  omit them, and the workbooks' empty cells are dropped the same way so both vintages look alike.
* Zeros are kept as published, but read old zeros with care: the 2023-05 "received" workbook prints 0 in
  256 cells (Venezuela 2017-2020, Singapore, Eritrea ...), and 254 of those are blank in the 2026-07
  release, so there a 0 mostly stood for "not available". Prefer the newer vintage.
* WDI bulk files carry no estimate flag, so ``estimated`` is NULL (not known), never False.
* Units are not a field of these files; ``economy_series.unit`` comes from the reviewed ``INDICATORS``
  table (the unit printed in each series' title).
"""

from __future__ import annotations

import math
import re
import warnings
from datetime import datetime
from pathlib import Path

import pandas as pd

from hemigov import geo
from hemigov.core.errors import InputError
from hemigov.sources.base import (
    Ignored,
    Layout,
    Parsed,
    original,
    read_csv_strict,
    require_columns,
    vintage_from_folders,
)

PUBLISHER = "The World Bank"
LICENCE = "CC BY 4.0"
CITATION = "World Bank, World Development Indicators, {vintage} release."
URL = "https://data.worldbank.org/indicator/"

#: WDI code -> unit as printed in the series title (reviewed; the files have no unit field).
INDICATORS: dict[str, str] = {
    "BM.TRF.PWKR.CD.DT": "current US$",
    "BX.TRF.PWKR.CD.DT": "current US$",
    "BX.TRF.PWKR.DT.GD.ZS": "% of GDP",
    "DT.ODA.ODAT.CD": "current US$",
    "DT.ODA.ODAT.GN.ZS": "% of GNI",
    "DT.ODA.ODAT.PC.ZS": "current US$ per capita",
    "NY.GDP.MKTP.CD": "current US$",
    "NY.GDP.PCAP.CD": "current US$ per capita",
    "NY.GDP.PCAP.PP.CD": "current international $ per capita",
    "NY.GNP.ATLS.CD": "current US$",
    "NY.GNP.PCAP.CD": "current US$ per capita",
    "NY.GNP.PCAP.PP.CD": "current international $ per capita",
    "PA.NUS.FCRF": "LCU per US$, period average",
    "SL.UEM.TOTL.ZS": "% of total labor force",
    "SM.POP.NETM": "persons (net)",
    "SM.POP.TOTL": "persons",
    "SP.POP.TOTL": "persons",
}

#: WDI aggregate codes, reviewed from the 2023-05 workbooks' "Metadata - Countries" sheet (Region empty:
#: 48 codes) plus INX "Not classified", a Data-sheet row absent from that sheet. Names as of 2023-05.
AGGREGATES: dict[str, str] = {
    "AFE": "Africa Eastern and Southern", "AFW": "Africa Western and Central", "ARB": "Arab World",
    "CEB": "Central Europe and the Baltics", "CSS": "Caribbean small states",
    "EAP": "East Asia & Pacific (excluding high income)", "EAR": "Early-demographic dividend",
    "EAS": "East Asia & Pacific", "ECA": "Europe & Central Asia (excluding high income)",
    "ECS": "Europe & Central Asia", "EMU": "Euro area", "EUU": "European Union",
    "FCS": "Fragile and conflict affected situations", "HIC": "High income",
    "HPC": "Heavily indebted poor countries (HIPC)", "IBD": "IBRD only", "IBT": "IDA & IBRD total",
    "IDA": "IDA total", "IDB": "IDA blend", "IDX": "IDA only", "INX": "Not classified",
    "LAC": "Latin America & Caribbean (excluding high income)", "LCN": "Latin America & Caribbean",
    "LDC": "Least developed countries: UN classification", "LIC": "Low income", "LMC": "Lower middle income",
    "LMY": "Low & middle income", "LTE": "Late-demographic dividend", "MEA": "Middle East & North Africa",
    "MIC": "Middle income", "MNA": "Middle East & North Africa (excluding high income)", "NAC": "North America",
    "OED": "OECD members", "OSS": "Other small states", "PRE": "Pre-demographic dividend",
    "PSS": "Pacific island small states", "PST": "Post-demographic dividend", "SAS": "South Asia",
    "SSA": "Sub-Saharan Africa (excluding high income)", "SSF": "Sub-Saharan Africa", "SST": "Small states",
    "TEA": "East Asia & Pacific (IDA & IBRD)", "TEC": "Europe & Central Asia (IDA & IBRD)",
    "TLA": "Latin America & Caribbean (IDA & IBRD)", "TMN": "Middle East & North Africa (IDA & IBRD)",
    "TSA": "South Asia (IDA & IBRD)", "TSS": "Sub-Saharan Africa (IDA & IBRD)", "UMC": "Upper middle income",
    "WLD": "World",
}

#: Workbooks copied from GitHub kietnguyen01/Remittance-Fees-Analysis under descriptive names (PROVENANCE.md).
WORKBOOK_NAMES: dict[str, str] = {
    "personal-remittances-received.xls": "BX.TRF.PWKR.CD.DT",
    "personal-remittances-paid.xls": "BM.TRF.PWKR.CD.DT",
    "remittances-received-percent-gdp.xls": "BX.TRF.PWKR.DT.GD.ZS",
}

LONG_COLUMNS = ["Country Name", "Country Code", "Year", "Value"]
DATA_HEAD = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
MISSING_MARKS = {"", ".."}
_YEAR = re.compile(r"^\d{4}$")


# --- values ---------------------------------------------------------------------------------------

def _number(cell, path: Path, where: str) -> float | None:
    """One cell as a float; empty and '..' are missing (None); anything else non-numeric is an error."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return None
    if isinstance(cell, bool):
        raise InputError(path, where, f"not a number: {cell!r}")
    if isinstance(cell, int | float):
        v = float(cell)
    else:
        s = str(cell).strip()
        if s in MISSING_MARKS:
            return None
        try:
            v = float(s)
        except ValueError:
            raise InputError(path, where, f"not a number: {cell!r}") from None
    if not math.isfinite(v):
        raise InputError(path, where, f"not a finite number: {cell!r}")
    return v


def _year(cell, path: Path, where: str) -> int:
    s = str(cell).strip()
    if isinstance(cell, float) and cell.is_integer():
        s = str(int(cell))
    if not _YEAR.match(s):
        raise InputError(path, where, f"not a year: {cell!r}")
    return int(s)


# --- countries vs aggregates ----------------------------------------------------------------------

def _split(obs: pd.DataFrame, indicator: str, path: Path, column: str) -> dict[str, pd.DataFrame]:
    """Route observations (columns name, code, year, value) to economy or economy_aggregates."""
    is_agg = obs["code"].isin(AGGREGATES.keys())
    agg, cty = obs[is_agg], obs[~is_agg]
    economy = pd.DataFrame({
        "year": cty["year"].astype("int64"),
        "iso3": geo.codes_to_iso3(cty["code"], "iso3", file=path, column=column),
        "indicator": indicator,
        "value": cty["value"].astype("float64"),
        "estimated": pd.Series(pd.NA, index=cty.index, dtype="boolean"),
    })
    aggregates = pd.DataFrame({
        "year": agg["year"].astype("int64"),
        "code": agg["code"],
        "name": agg["name"],
        "indicator": indicator,
        "value": agg["value"].astype("float64"),
        "estimated": pd.Series(pd.NA, index=agg.index, dtype="boolean"),
    })
    return {"economy": economy.reset_index(drop=True), "economy_aggregates": aggregates.reset_index(drop=True)}


def _series(indicator: str, title, definition) -> pd.DataFrame:
    def text(v):
        return None if v is None or (isinstance(v, float) and math.isnan(v)) or not str(v).strip() \
            else str(v).strip()
    return pd.DataFrame([{"indicator": indicator, "title": text(title), "unit": INDICATORS[indicator],
                          "definition": text(definition)}])


def _notes(obs: pd.DataFrame, extra: str) -> str:
    years = f"years {int(obs['year'].min())}-{int(obs['year'].max())}" if len(obs) else "no values"
    return f"{extra}; {years}; {obs['code'].nunique()} economies incl. aggregates"


# --- long CSV (datasets/world-development-indicators) ---------------------------------------------

def _read_datapackage(path: Path, indicator: str) -> pd.DataFrame:
    import json

    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(path, None, f"cannot read the series metadata: {e}") from e
    name = str(meta.get("name", "")).upper()
    if name != indicator:
        raise InputError(path, "field 'name'", f"describes {meta.get('name')!r}, the folder holds {indicator}")
    return _series(indicator, meta.get("title"), meta.get("readme"))


def read_long_csv(path: Path, indicator: str) -> Parsed:
    df = read_csv_strict(path)
    require_columns(df, LONG_COLUMNS, path)
    obs = pd.DataFrame({
        "name": df["Country Name"].str.strip(),
        "code": df["Country Code"].str.strip(),
        "year": [_year(y, path, f"row {i + 2}, column 'Year'") for i, y in enumerate(df["Year"])],
        "value": [_number(v, path, f"row {i + 2}, column 'Value'") for i, v in enumerate(df["Value"])],
    })
    empty_code = obs["code"] == ""
    if empty_code.any():
        raise InputError(path, f"row {int(empty_code.to_numpy().argmax()) + 2}, column 'Country Code'", "empty code")
    obs = obs[obs["value"].notna()]
    tables = _split(obs, indicator, path, "Country Code")
    meta = original(path).parent / "datapackage.json"  # beside the file the user named
    note = "datasets/world-development-indicators long CSV"
    if meta.is_file():
        tables["economy_series"] = _read_datapackage(meta, indicator)
    else:
        note += "; no datapackage.json beside it, so no series metadata"
    return Parsed(vintage_from_folders(path), tables, _notes(obs, note))


# --- World Bank Excel download ----------------------------------------------------------------------

def _sheets(path: Path) -> dict[str, pd.DataFrame]:
    with warnings.catch_warnings():
        # pandas 3 flags its xlrd engine as deprecated; xlrd is still the reader for legacy .xls here.
        warnings.filterwarnings("ignore", message=".*xlrd.*deprecated.*")
        book = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="xlrd")
    missing = [s for s in ("Data", "Metadata - Countries", "Metadata - Indicators") if s not in book]
    if missing:
        raise InputError(path, None, f"missing sheet(s) {missing}; found {list(book)}")
    return book


def _header_table(sheet: pd.DataFrame, header_row: int, columns: list[str], path: Path, name: str) -> pd.DataFrame:
    """The rows below ``header_row`` with that row as column names, after checking the wanted columns."""
    if len(sheet) <= header_row:
        raise InputError(path, f"sheet {name!r}", f"has {len(sheet)} rows, expected a header in row {header_row + 1}")
    head = [str(c).strip() if pd.notna(c) else "" for c in sheet.iloc[header_row]]
    body = sheet.iloc[header_row + 1:].copy()
    body.columns = head
    require_columns(body, columns, path, where=f"sheet {name!r}, row {header_row + 1}")
    return body


def _last_updated(data: pd.DataFrame, path: Path) -> datetime | None:
    if len(data) > 1 and str(data.iat[1, 0]).strip() == "Last Updated Date":
        stamp = pd.to_datetime(data.iat[1, 1], errors="coerce")
        return None if pd.isna(stamp) else stamp.to_pydatetime()
    return None


def _aggregate_check(meta: pd.DataFrame, path: Path) -> None:
    """The workbook's own metadata (empty Region = aggregate) must agree with the reviewed list."""
    codes = meta["Country Code"].astype("string").str.strip()
    empty_region = meta["Region"].isna() | (meta["Region"].astype("string").str.strip() == "")
    says_agg = set(codes[empty_region])
    says_cty = set(codes[~empty_region])
    unlisted = sorted(says_agg - AGGREGATES.keys())
    listed_cty = sorted(says_cty & AGGREGATES.keys())
    if unlisted or listed_cty:
        raise InputError(path, "sheet 'Metadata - Countries', column 'Region'",
                         f"disagrees with the reviewed aggregate list: aggregates not listed {unlisted}, "
                         f"listed aggregates with a region {listed_cty}")


def _wide_obs(data: pd.DataFrame, path: Path, indicator: str) -> pd.DataFrame:
    years = {c: _year(c, path, f"sheet 'Data', row 4, column {c!r}") for c in data.columns[4:] if c != ""}
    codes = data["Indicator Code"].astype("string").str.strip()
    wrong = codes != indicator
    if wrong.any():
        i = int(wrong.to_numpy().argmax())
        raise InputError(path, f"sheet 'Data', row {i + 5}, column 'Indicator Code'",
                         f"{data['Indicator Code'].iloc[i]!r}, expected {indicator} for this file")
    rows = []
    for i, (_, r) in enumerate(data.iterrows()):
        code = str(r["Country Code"]).strip() if pd.notna(r["Country Code"]) else ""
        if not code:
            raise InputError(path, f"sheet 'Data', row {i + 5}, column 'Country Code'", "empty code")
        for col, year in years.items():
            v = _number(r[col], path, f"sheet 'Data', row {i + 5}, column {col!r}")
            if v is not None:
                rows.append((str(r["Country Name"]).strip(), code, year, v))
    return pd.DataFrame(rows, columns=["name", "code", "year", "value"])


def read_workbook(path: Path, indicator: str) -> Parsed:
    book = _sheets(path)
    data = _header_table(book["Data"], 3, DATA_HEAD, path, "Data")
    meta = _header_table(book["Metadata - Countries"], 0, ["Country Code", "Region"], path, "Metadata - Countries")
    _aggregate_check(meta, path)
    ind = _header_table(book["Metadata - Indicators"], 0, ["INDICATOR_CODE", "INDICATOR_NAME", "SOURCE_NOTE"],
                        path, "Metadata - Indicators")
    ind = ind[ind["INDICATOR_CODE"].astype("string").str.strip() == indicator]
    if len(ind) != 1:
        raise InputError(path, "sheet 'Metadata - Indicators'", f"expected one row for {indicator}, found {len(ind)}")
    obs = _wide_obs(data, path, indicator)
    tables = _split(obs, indicator, path, "Country Code")
    tables["economy_series"] = _series(indicator, ind["INDICATOR_NAME"].iloc[0], ind["SOURCE_NOTE"].iloc[0])
    updated = _last_updated(book["Data"], path)
    # The folder name is the documented release; the workbook's own date stands in when it is loose.
    vintage = vintage_from_folders(path) or (updated.strftime("%Y-%m") if updated else None)
    stamp = f"Last Updated Date {updated:%Y-%m-%d}" if updated else "no Last Updated Date"
    return Parsed(vintage, tables, _notes(obs, f"World Bank Excel download, {stamp}"))


# --- layouts ----------------------------------------------------------------------------------------

def _matcher(indicator: str):
    folder = indicator.lower()
    workbooks = {n for n, c in WORKBOOK_NAMES.items() if c == indicator}
    # The World Bank's own name for the same download, should a file arrive unrenamed.
    api = re.compile(rf"API_{re.escape(indicator)}_DS2_en_excel_v2(_\d+)?\.xls", re.IGNORECASE)

    def match(p: Path) -> bool:
        if p.name == "data.csv":
            return p.parent.name.lower() == folder and p.parent.parent.name == "indicators"
        return p.name.lower() in workbooks or api.fullmatch(p.name) is not None
    return match


def _reader(indicator: str):
    def read(path: Path) -> Parsed:
        if path.suffix.lower() == ".xls":
            return read_workbook(path, indicator)
        return read_long_csv(path, indicator)
    return read


def _layout(indicator: str) -> Layout:
    return Layout(dataset=f"worldbank.wdi.{indicator.lower()}", publisher=PUBLISHER,
                  title=f"World Development Indicators {indicator}", licence=LICENCE, citation=CITATION,
                  source_url=URL + indicator, match=_matcher(indicator), read=_reader(indicator))


LAYOUTS = [_layout(code) for code in INDICATORS]

IGNORED = [
    Ignored(lambda p: p.name == "datapackage.json" and p.parent.parent.name == "indicators"
            and p.parent.name.upper() in INDICATORS,
            "series metadata, read together with the data.csv beside it"),
]

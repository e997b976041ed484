"""UN DESA Population Division, International Migrant Stock (IMS): the 2019 revision by origin and destination,
and the 2020 revision's totals by destination.

* ``UN_MigrantStockByOriginAndDestination_2019_clean.csv`` -> ``migrant_stock`` (dataset ``undesa.ims_bilateral``,
  vintage "2019" = Rev.2019). A third party's clean copy of UN Table 1 (both sexes): ``Year, Dest`` then one column
  per country of origin. Per PROVENANCE.md the cleaning wrote the table's empty cells as 0 and dropped the
  "Other/unknown origin" column, so destination sums fall short of UN totals by that column; zeros are therefore
  treated as empty cells and left out. ``..`` and ``-`` (not available) are kept as NULL persons. Five region
  rows remain among the destinations and are dropped (``REGION_ROWS``). Sudan before 2010 includes South Sudan
  (UN note).
* ``undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx`` -> ``migrant_stock_totals`` (dataset
  ``undesa.ims_destination``, vintage "2020" = Rev.2020): Table 1 migrant stock (``migrant_stock``), Table 2 total
  population (``population``, converted from thousands to persons), Table 3 migrants as % of population
  (``migrant_share_pct``), each by sex; Table 6 refugees and asylum seekers (``refugee_stock``) and their share of
  the migrant stock (``refugee_share_of_migrant_stock_pct``). Not loaded: Table 4 (% female, = female / both of
  Table 1), Table 5 and Table 6's growth rates (derivable). Countries are identified by the M49 ``Location code``
  and cross-checked against the name; the ~50 region, development and income groupings are recognised by code
  (``AGGREGATE_CODES``) and left out. ``..`` (not available) -> NULL value; ``~`` (fewer than five, protected
  for privacy; Table 6 only) cells are left out, their count reported in the notes.

Names map exactly through the reviewed alias table ``aliases/undesa.csv`` ("New Mexico" is not "Mexico"; the
region "Micronesia" is not "Micronesia (Fed. States of)").
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd

from hemigov import geo
from hemigov.core.errors import InputError
from hemigov.sources.base import Layout, Parsed, name_matches, read_csv_strict, require_columns, to_count

PUBLISHER = "United Nations, Department of Economic and Social Affairs, Population Division"
LICENCE = "CC BY 3.0 IGO"
URL = "https://www.un.org/development/desa/pd/content/international-migrant-stock"
SCHEME = "undesa"

#: Region rows left among the destinations of the 2019 clean CSV (reviewed, exact spellings).
REGION_ROWS = frozenset({"Caribbean", "Melanesia", "Micronesia", "Polynesia", "South America"})
#: Region, development-group and income-group rows of the IMS 2020 destination workbook (reviewed): code -> name.
AGGREGATE_CODES = {
    "900": "WORLD", "947": "Sub-Saharan Africa", "1833": "Northern Africa and Western Asia",
    "921": "Central and Southern Asia", "1832": "Eastern and South-Eastern Asia",
    "1830": "Latin America and the Caribbean", "1835": "Oceania (excluding Australia and New Zealand)",
    "927": "Australia and New Zealand", "1829": "Europe and Northern America", "901": "Developed regions",
    "902": "Less developed regions", "934": "Less developed regions, excluding least developed countries",
    "948": "Less developed regions, excluding China", "941": "Least developed countries",
    "1636": "Land-locked Developing Countries (LLDC)", "1637": "Small island developing States (SIDS)",
    "1503": "High-income countries", "1517": "Middle-income countries", "1502": "Upper-middle-income countries",
    "1501": "Lower-middle-income countries", "1500": "Low-income countries", "903": "AFRICA",
    "910": "Eastern Africa", "911": "Middle Africa", "912": "Northern Africa", "913": "Southern Africa",
    "914": "Western Africa", "935": "ASIA", "5500": "Central Asia", "906": "Eastern Asia",
    "920": "South-Eastern Asia", "5501": "Southern Asia", "922": "Western Asia", "908": "EUROPE",
    "923": "Eastern Europe", "924": "Northern Europe", "925": "Southern Europe", "926": "Western Europe",
    "904": "LATIN AMERICA AND THE CARIBBEAN", "915": "Caribbean", "916": "Central America", "931": "South America",
    "905": "NORTHERN AMERICA", "909": "OCEANIA", "928": "Melanesia", "954": "Micronesia", "957": "Polynesia",
}
NOT_AVAILABLE = ("..", "-")


# --- IMS 2019, bilateral (clean CSV) -----------------------------------------------------------------------

def read_bilateral_2019(path: Path) -> Parsed:
    df = read_csv_strict(path)
    require_columns(df, ["Year", "Dest"], path)
    years, _ = to_count(df["Year"], path, "Year")
    if years.isna().any():
        raise InputError(path, f"row {int(years.isna().to_numpy().argmax()) + 2}, column 'Year'", "empty year")
    keep = ~df["Dest"].str.strip().isin(REGION_ROWS)
    origins = list(df.columns[2:])
    dest_iso3 = geo.names_to_iso3(df["Dest"][keep], SCHEME, file=path, column="Dest")
    origin_iso3 = geo.names_to_iso3(pd.Series(origins), SCHEME, file=path, column="origin (header)")
    parts = []
    for col, iso3 in zip(origins, origin_iso3, strict=True):
        persons, na = to_count(df[col], path, col, suppressed_marks=NOT_AVAILABLE)
        cell = keep & (na | persons.fillna(0).ne(0))  # zeros stand for the UN table's empty cells: absent
        parts.append(pd.DataFrame({"year": years[cell].astype("int64"), "origin_iso3": iso3,
                                   "destination_iso3": dest_iso3[cell[keep]].to_numpy(),
                                   "persons": persons[cell].astype("Int64")}))
    out = pd.concat(parts, ignore_index=True)
    return Parsed("2019", {"migrant_stock": out},  # Rev.2019 (PROVENANCE.md): the file states no release date
                  f"UN DESA IMS 2019 by origin and destination, both sexes, mid-year; {int((~keep).sum())} region "
                  f"destination rows left out; zeros = "
                  f"empty cells, absent; '..'/'-' = not available (NULL).")


# --- IMS 2020, totals by destination (UN workbook) ---------------------------------------------------------

#: Sheet -> {block title printed above the year columns: (measure, sex, scale)}; None = block not loaded.
SHEETS: dict[str, dict[str, tuple[str, str, float] | None]] = {
    "Table 1": {
        "International migrant stock at mid-year, both sexes combined": ("migrant_stock", "both", 1),
        "International migrant stock at mid-year, males": ("migrant_stock", "male", 1),
        "International migrant stock at mid-year, females": ("migrant_stock", "female", 1),
    },
    "Table 2": {
        "Total population at mid-year, both sexes combined (thousands)": ("population", "both", 1000),
        "Total population at mid-year, males (thousands)": ("population", "male", 1000),
        "Total population at mid-year, females (thousands)": ("population", "female", 1000),
    },
    "Table 3": {
        "International migrant stock as a percentage of the total population, both sexes combined":
            ("migrant_share_pct", "both", 1),
        "International migrant stock as a percentage of the total population, males": ("migrant_share_pct", "male", 1),
        "International migrant stock as a percentage of the total population, females":
            ("migrant_share_pct", "female", 1),
    },
    "Table 6": {
        "Refugee and asylum seekers at mid-year, both sexes combined": ("refugee_stock", "both", 1),
        "Refugee and asylum seekers as a percentage of the international migrant stock":
            ("refugee_share_of_migrant_stock_pct", "both", 1),
        "Annual rate of change of the refugee and asylum seekers, both sexes combined": None,
    },
}
HEADER_LABEL = "Region, development group, country or area"
PROTECTED = "~"


def _header_at(path: Path, sheet: str, rows: list[tuple]) -> int:
    for i, r in enumerate(rows[:20]):
        if len(r) > 4 and r[1] == HEADER_LABEL:
            if list(r[2:5]) != ["Notes", "Location code", "Type of data"]:
                raise InputError(path, f"sheet {sheet!r}, row {i + 1}", f"unexpected columns {list(r[2:5])}")
            return i
    raise InputError(path, f"sheet {sheet!r}", f"no header row with {HEADER_LABEL!r} in column B")


def _blocks(path: Path, sheet: str, rows: list[tuple], h: int) -> list[tuple[int, int, str, str, float]]:
    """(column, year, measure, sex, scale) for each loaded value column, from the block titles above the header."""
    spec = SHEETS[sheet]
    titles = {j: str(v).strip() for j, v in enumerate(rows[h - 3]) if v is not None and j >= 5}
    unknown = [t for t in titles.values() if t not in spec]
    if unknown or len(titles) != len(spec):
        raise InputError(path, f"sheet {sheet!r}, row {h - 2}", f"unexpected column blocks {sorted(titles.values())}")
    starts = sorted(titles)
    cols = []
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(rows[h])
        what = spec[titles[start]]
        if what is None:
            continue
        for j in range(start, stop):
            y = rows[h][j]
            if y is None:
                continue
            if not (isinstance(y, int) or re.fullmatch(r"\d{4}", str(y))):
                raise InputError(path, f"sheet {sheet!r}, row {h + 1}, column {j + 1}", f"not a year: {y!r}")
            cols.append((j, int(y), *what))
    return cols


def _locations(path: Path, sheet: str, rows: list[tuple], h: int) -> pd.DataFrame:
    """One row per table row: file row, M49 code, cleaned name, and iso3 (None for aggregates / left-out areas)."""
    recs = []
    for i in range(h + 1, len(rows)):
        r = rows[i]
        if len(r) < 5 or r[1] is None:
            continue
        code = str(r[3]).strip()
        code = code.zfill(3) if code.isdigit() else code
        recs.append((i + 1, code, str(r[1]).strip().rstrip("*").strip()))
    loc = pd.DataFrame(recs, columns=["file_row", "code", "name"])
    agg = loc.code.isin(AGGREGATE_CODES)
    bad = agg & (loc.name != loc.code.map(AGGREGATE_CODES))
    if bad.any():
        r = loc[bad].iloc[0]
        raise InputError(path, f"sheet {sheet!r}, row {r.file_row}",
                         f"code {r.code} is the aggregate {AGGREGATE_CODES[r.code]!r}, named {r['name']!r}")
    country = ~agg
    loc["iso3"] = pd.Series(pd.NA, index=loc.index, dtype="string")
    loc.loc[country, "iso3"] = geo.codes_to_iso3(loc.code[country], "m49", file=path,
                                                 column=f"{sheet}: Location code")
    # The name must agree with the code: catches shifted rows and codes reused for another area.
    by_name = geo.names_to_iso3(loc.name[country], SCHEME, file=path, column=f"{sheet}: {HEADER_LABEL}")
    clash = by_name != loc.iso3[country]
    if clash.any():
        r = loc[country][clash.to_numpy()].iloc[0]
        raise InputError(path, f"sheet {sheet!r}, row {r.file_row}", f"name {r['name']!r} does not match "
                                                                     f"location code {r.code} ({r.iso3})")
    return loc


def _value(path: Path, sheet: str, file_row: int, col: int, v, scale: float):
    if v is None or v == PROTECTED:
        return None  # absent: no cell, or protected (< 5)
    if isinstance(v, int | float) and not isinstance(v, bool):
        return round(v * scale) if scale != 1 else float(v)
    if str(v).strip() == "..":
        return float("nan")
    raise InputError(path, f"sheet {sheet!r}, row {file_row}, column {col + 1}", f"not a number: {v!r}")


def _read_sheet(path: Path, wb, sheet: str) -> tuple[pd.DataFrame, int, int]:
    if sheet not in wb.sheetnames:
        raise InputError(path, None, f"no sheet {sheet!r} (found {wb.sheetnames})")
    rows = [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    h = _header_at(path, sheet, rows)
    cols = _blocks(path, sheet, rows, h)
    loc = _locations(path, sheet, rows, h)
    recs, protected = [], 0
    for file_row, iso3 in zip(loc.file_row, loc.iso3, strict=True):
        r = rows[file_row - 1]
        for j, year, measure, sex, scale in cols:
            v = r[j] if j < len(r) else None
            val = _value(path, sheet, file_row, j, v, scale)
            protected += v == PROTECTED and not pd.isna(iso3)
            if val is not None and not pd.isna(iso3):
                recs.append((year, iso3, measure, sex, val))
    out = pd.DataFrame(recs, columns=["year", "iso3", "measure", "sex", "value"])
    return out.astype({"value": "float64"}), int(loc.iso3.isna().sum()), protected


def read_destination_2020(path: Path) -> Parsed:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        head = " ".join(str(v) for r in wb["Table 1"].iter_rows(max_row=8, values_only=True) for v in r if v)
        m = re.search(r"POP/DB/MIG/Stock/Rev\.(\d{4})", head)
        if not m:
            raise InputError(path, "sheet 'Table 1', rows 1-8", "no revision label 'POP/DB/MIG/Stock/Rev.YYYY'")
        frames, notes = [], []
        for sheet in SHEETS:
            df, left_out, protected = _read_sheet(path, wb, sheet)
            frames.append(df)
            notes.append(f"{sheet}: {left_out} aggregate rows left out"
                         + (f", {protected} protected '~' cells absent" if protected else ""))
    finally:
        wb.close()
    return Parsed(m.group(1), {"migrant_stock_totals": pd.concat(frames, ignore_index=True)},
                  f"UN DESA International Migrant Stock {m.group(1)}, by destination, mid-year. " + "; ".join(notes))


def _layout(dataset: str, title: str, revision: int, pattern: str, reader) -> Layout:
    return Layout(dataset=f"undesa.{dataset}", publisher=PUBLISHER,
                  title=f"UN DESA International Migrant Stock {title}", licence=LICENCE, source_url=URL,
                  match=name_matches(pattern), read=reader,
                  citation=f"UN DESA Population Division ({revision}). International Migrant Stock {revision} "
                           f"(POP/DB/MIG/Stock/Rev.{revision}).")


LAYOUTS = [
    _layout("ims_bilateral", "by origin and destination", 2019,
            r"UN_MigrantStockByOriginAndDestination_2019\w*\.csv", read_bilateral_2019),
    _layout("ims_destination", "by destination and sex", 2020,
            r"undesa_pd_2020_ims_stock_by_sex_and_destination\.xlsx", read_destination_2020),
]

"""U.S. Department of Homeland Security, Office of Homeland Security Statistics (OHSS): Key Homeland Security
Metrics, U.S. Border Patrol encounters (``KHSM Encounters (USBP) fy25m11.xlsx``) -> ``us_border_encounters``.

Printed layout: 16 sheets, each a tidy table with one header row. The first column is "Fiscal\\nYear" (a newline
inside the label), monthly sheets have "Month" labelled "01 October" ... "12 September" (fiscal order: US fiscal
years start in October), then the sheet's breakdown columns, then "Quantity". The sheets come in annual/monthly
pairs: Count (no breakdown), Citizenship, Region ("Southwest Land Border", "Northern Land Border", "Coastal
Border"), Family Status, Sector, Rgn and Citp (region x citizenship), Rgn and Fam Status, Rgn and Sector.

Rounding and withholding: every value is rounded to 10 and small cells are withheld, i.e. the row is absent (no
mark is printed). So a breakdown can sum to less than its total (Northern Land Border FY2024: 23,720 in "Annual
Region", 23,490 over "Monthly Rgn and Citp"), and twelve rounded months need not add up to the rounded year.
Nothing is re-derived: each annual sheet's values are stored as printed, with ``fiscal_month`` NULL, beside the
monthly values.

Stored: one record per printed cell, with ``'(all)'`` in the dimensions a sheet does not break down and the sheet
name in ``sheet``. ``fiscal_year`` and ``fiscal_month`` are kept as printed; the calendar ``month`` and
``calendar_month`` (first day) are derived (fiscal month 1 = October of the previous calendar year). ``months``
says how many months a fiscal-year value covers: the workbook ends in November 2024, so FY2025 covers two months
(October and November) despite the file name's "fy25m11"; FY2025 is never a year.

Not stored: the "Annual Sector" and "Monthly Sector" sheets. Every sector lies in one region and those sheets
repeat "Rgn and Sector" cell for cell (checked on import: any difference is an error), so storing both would hold
each number twice. Citizenships keep OHSS's spelling and map to ISO3 through the reviewed ``aliases/ohss.csv``
("Unknown" and the dissolved "Serbia and Montenegro (former)" are XXX, as IRCC's dissolved "Netherlands Antilles").
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
from python_calamine import CalamineWorkbook

from hemigov import geo
from hemigov.core.errors import InputError
from hemigov.sources.base import Layout, Parsed, name_is

PUBLISHER = "U.S. Department of Homeland Security, Office of Homeland Security Statistics (OHSS)"
LICENCE = "Public domain in the United States (work of the U.S. federal government, 17 U.S.C. 105)"
CITATION = ("DHS Office of Homeland Security Statistics, Key Homeland Security Metrics: CBP Encounters - U.S. Border "
            "Patrol, workbook 'KHSM Encounters (USBP) fy25m11.xlsx' (data to {vintage}).")
URL = "https://ohss.dhs.gov/khsm/cbp-encounters"
FILE = "KHSM Encounters (USBP) fy25m11.xlsx"

ALL = "(all)"
#: Printed breakdown columns -> table columns.
DIMENSIONS = {"Region": "region", "Sector": "sector", "Citizenship": "citizenship", "Family Status": "family_status"}
#: Sheet stem -> its breakdown columns; each stem has an "Annual " and a "Monthly " sheet.
SHEETS = {
    "Count": (), "Citizenship": ("Citizenship",), "Region": ("Region",), "Family Status": ("Family Status",),
    "Sector": ("Sector",), "Rgn and Citp": ("Region", "Citizenship"), "Rgn and Fam Status": ("Region", "Family Status"),
    "Rgn and Sector": ("Region", "Sector"),
}
#: Sheets that repeat another sheet cell for cell: checked equal, not stored.
REPEATS = {"Sector": "Rgn and Sector"}
FISCAL_MONTHS = ("October", "November", "December", "January", "February", "March", "April", "May", "June", "July",
                 "August", "September")
_MONTH_LABEL = re.compile(r"^(\d{2}) ([A-Z][a-z]+)$")


def _col(j: int) -> str:
    return chr(65 + j)


def _label(v) -> str:
    return " ".join(str(v).split()) if v is not None else ""


def _whole(v, path: Path, where: str, what: str) -> int:
    """A cell that must hold a whole number (calamine gives floats, or text for a damaged cell)."""
    try:
        f = float(str(v).replace(",", "")) if isinstance(v, str) else float(v)
    except (TypeError, ValueError):
        f = float("nan")
    if f != f or f != int(f):
        raise InputError(path, where, f"{what} is not a whole number: {v!r}")
    return int(f)


def _fiscal_month(label, path: Path, where: str) -> int:
    m = _MONTH_LABEL.match(str(label).strip())
    if not m or not 1 <= int(m.group(1)) <= 12 or FISCAL_MONTHS[int(m.group(1)) - 1] != m.group(2):
        raise InputError(path, where, f"month {label!r} is not a fiscal month label ('01 October' ... '12 September')")
    return int(m.group(1))


def _calendar(fiscal_year: int, fiscal_month: int) -> tuple[int, int]:
    """US fiscal year N runs from October of N-1 to September of N."""
    month = (fiscal_month + 8) % 12 + 1
    return (fiscal_year - 1 if month >= 10 else fiscal_year), month


def _read_sheet(wb: CalamineWorkbook, sheet: str, dims: tuple[str, ...], path: Path) -> pd.DataFrame:
    rows = wb.get_sheet_by_name(sheet).to_python()
    monthly = sheet.startswith("Monthly ")
    expected = ["Fiscal Year", *(["Month"] if monthly else []), *dims, "Quantity"]
    header = [_label(c) for c in rows[0]] if rows else []
    if header != expected:
        raise InputError(path, f"sheet {sheet!r}, row 1", f"header {header!r}, expected {expected!r}")
    recs = []
    for i, r in enumerate(rows[1:], start=2):
        if len(r) < len(expected) or all(c in ("", None) for c in r):
            raise InputError(path, f"sheet {sheet!r}, row {i}", "empty or short row inside the table")
        fy = _whole(r[0], path, f"sheet {sheet!r}, cell A{i}", "fiscal year")
        rec = {"fiscal_year": fy, "fiscal_month": None}
        k = 1
        if monthly:
            rec["fiscal_month"] = _fiscal_month(r[1], path, f"sheet {sheet!r}, cell B{i}")
            k = 2
        for d in dims:
            v = _label(r[k])
            if not v:
                raise InputError(path, f"sheet {sheet!r}, cell {_col(k)}{i}", f"empty {d}")
            rec[DIMENSIONS[d]] = v
            k += 1
        n = _whole(r[k], path, f"sheet {sheet!r}, cell {_col(k)}{i}", "Quantity")
        if n < 0:
            raise InputError(path, f"sheet {sheet!r}, cell {_col(k)}{i}", f"negative count {n}")
        rec["encounters"] = n
        recs.append(rec)
    if not recs:
        raise InputError(path, f"sheet {sheet!r}", "no data rows")
    df = pd.DataFrame.from_records(recs)
    for col in DIMENSIONS.values():
        if col not in df:
            df[col] = ALL
    return df.assign(sheet=sheet)


def _check_repeat(a: pd.DataFrame, b: pd.DataFrame, path: Path) -> None:
    keys = ["fiscal_year", "fiscal_month", "sector"]
    m = a.merge(b, on=keys, how="outer", suffixes=("", "_b"), indicator=True)
    bad = (m["_merge"] != "both") | (m["encounters"] != m["encounters_b"])
    if bad.any():
        r = m[bad].iloc[0]
        raise InputError(path, f"sheet {r['sheet'] if pd.notna(r['sheet']) else r['sheet_b']!r}",
                         f"{r['sector']!r} FY{r['fiscal_year']} differs from the region x sector sheet, which it "
                         "repeats")


def read_encounters(path: Path) -> Parsed:
    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
    except Exception as e:  # calamine's errors on a damaged or non-xlsx file
        raise InputError(path, None, f"not a readable .xlsx workbook ({type(e).__name__}: {e})") from e
    wanted = [f"{kind} {stem}" for stem in SHEETS for kind in ("Annual", "Monthly")]
    missing = [s for s in wanted if s not in names]
    if missing:
        raise InputError(path, f"sheet {missing[0]!r}", f"missing; the workbook has {names}")
    unknown = [s for s in names if s not in wanted]
    if unknown:
        raise InputError(path, f"sheet {unknown[0]!r}", f"not a sheet this layout knows ({', '.join(wanted)})")
    frames = {s: _read_sheet(wb, s, SHEETS[s.split(" ", 1)[1]], path) for s in wanted}
    for stem, full in REPEATS.items():
        for kind in ("Annual", "Monthly"):
            _check_repeat(frames.pop(f"{kind} {stem}"), frames[f"{kind} {full}"], path)
    df = pd.concat(frames.values(), ignore_index=True)

    monthly = df.fiscal_month.notna()
    per_year = df[monthly & df.sheet.eq("Monthly Count")].groupby("fiscal_year").size()
    annual_years = set(df.loc[~monthly, "fiscal_year"])
    if not annual_years <= set(per_year.index):
        fy = min(annual_years - set(per_year.index))
        raise InputError(path, "sheet 'Monthly Count'", f"no months for FY{fy}, which the annual sheets report")
    df["months"] = df.fiscal_year.map(per_year).where(~monthly, 1).astype("int64")
    fm = df.fiscal_month.astype("Int64")
    cal = [_calendar(y, m) if pd.notna(m) else (None, None) for y, m in zip(df.fiscal_year, fm, strict=True)]
    df["fiscal_month"] = fm
    df["month"] = pd.array([m for _, m in cal], dtype="Int64")
    df["calendar_month"] = [date(y, m, 1) if y else None for y, m in cal]

    cit = df.citizenship.where(df.citizenship != ALL)
    df["citizenship_iso3"] = geo.names_to_iso3(cit, "ohss", file=path, column="Citizenship").fillna(ALL)
    last = df[monthly].sort_values("calendar_month").iloc[-1]
    vintage = f"{last.calendar_month:%Y-%m}"
    fy_last = int(df.fiscal_year.max())
    notes = (f"fiscal years {int(df.fiscal_year.min())}-{fy_last}; FY{fy_last} covers {int(per_year[fy_last])} "
             f"month(s), to {vintage}; the Sector sheets repeat Rgn and Sector (checked) and are not stored")
    cols = ["fiscal_year", "fiscal_month", "month", "calendar_month", "months", "region", "sector", "citizenship",
            "citizenship_iso3", "family_status", "encounters", "sheet"]
    return Parsed(vintage, {"us_border_encounters": df[cols]}, notes)


LAYOUTS = [
    Layout(dataset="ohss.usbp_encounters", publisher=PUBLISHER,
           title="OHSS U.S. Border Patrol encounters by region, sector, citizenship and family status (monthly and "
                 "fiscal-year)", licence=LICENCE, citation=CITATION, source_url=URL, match=name_is(FILE),
           read=read_encounters),
]

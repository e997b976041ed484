"""Immigration, Refugees and Citizenship Canada (IRCC) open-data workbooks ("Monthly IRCC Updates").

Three families of ``.xlsx`` files, each one sheet laid out as a printed pivot table:

* **Permanent residents by country of citizenship and immigration category** (``EN_ODP-PR-CitzImmCat.xlsx``)
  -> ``ircc_pr_admissions``. The layout is bottom-up: a block's label row ("Worker Program",
  "Economic - Total", "Afghanistan - Total") comes AFTER its detail rows. Every printed row of the country
  blocks is kept, with ``level`` saying what it is: ``category`` (a leaf, column D), ``group_total``
  (column C), ``broad_total`` (column B, "<broad> - Total"; the label is stored without " - Total", so the
  refugee block is ``Resettled Refugee & Protected Person in Canada``) or ``country_total`` (column A).
  Placeholders ``(all)`` fill the finer columns of a subtotal. Some groups and broad categories are printed
  without detail rows ("Protected Person in Canada" is only a ``group_total``; "All Other Immigration" only a
  ``broad_total``), so leaf rows alone do not add up to a country's admissions: never add two levels.
  The resettled-refugee leaves are coded ``GAR`` (Government-Assisted Refugee), ``PSR`` (Privately Sponsored
  Refugee) and ``BVOR`` (printed "Blended Sponsorship Refugee", the Blended Visa Office-Referred program);
  other leaves keep their printed names. ``citizenship`` keeps IRCC's own spelling, because several IRCC
  citizenships share one ISO3 code (Azores and Portugal -> PRT; Nevis and St. Kitts-Nevis -> KNA; "Other",
  "Country not stated" and the dissolved "Netherlands Antilles, The" -> XXX, unknown). The rows after the
  all-countries "Total" row (IRCC's Canada totals by category, and the country totals printed a second time)
  are not stored: the table has no all-citizenships code, and the repeated country list is checked equal
  to the "<country> - Total" rows instead.
* **Asylum claimants** (``EN_ODP-Asylum-*.xlsx``, one folder per release) -> ``canada_asylum_claims`` and
  ``canada_asylum_claims_characteristics`` (province x age group or gender). ``(all)`` marks a printed total
  over a dimension, ``(other)`` the top-25 files' "Other Countries". The workbooks repeat each other's totals,
  so each printed number is stored once, keeping the key (year, month, citizenship, office type, province)
  unique across datasets: the office-type workbook gives every all-citizenship row; the top-25 x office type
  workbook the citizenship rows (its "Total" row repeats the office-type workbook's); the top-25 x province
  workbook only its citizenship x province cells (its country, "Other Countries" and "Total" rows repeat the
  office-type top-25 workbook's). Of the two top-25 rankings, the previous-year one is read; the last-month
  one has the same cells for the 22 countries in both and is listed in ``IGNORED``, as is the
  secondary-migration workbook (province of claim x province of last address, yearly), which has no table.
* **TFWP work-permit holders on 31 December** (``EN_ODP_annual-TR-work-TFW_PT_program_year_end.xlsx``)
  -> ``tfwp_holders``: a stock, not arrivals (SAWP permits end before 31 December).

All IRCC cells are rounded to a multiple of 5 and 1-4 is printed "--": kept as ``persons`` NULL,
``suppressed`` True (0 stays 0). Only month columns are read; the workbooks' quarter and year total columns
are skipped, not re-derived. Tidy CSV extracts that this project made from these workbooks sit beside them
(see each PROVENANCE.md) and are ignored: reading them as well would count every cell twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from hemigov import geo
from hemigov.core.errors import InputError
from hemigov.sources.base import Ignored, Layout, Parsed, name_is, vintage_from_folders

PUBLISHER = "Immigration, Refugees and Citizenship Canada (IRCC)"
LICENCE = "Open Government Licence - Canada"
CITATION = "IRCC, {title}, open.canada.ca, {vintage} release."
URL_PR = "https://open.canada.ca/data/en/dataset/f7e5498e-0ad8-4417-85c9-9b8aff9b9eda"
URL_ASYLUM = "https://open.canada.ca/data/en/dataset/b6cbcf4d-f763-4924-a2fb-8cc4a06e3de4"
URL_TFWP = "https://open.canada.ca/data/en/dataset/360024f2-17e9-4558-bfc1-3616485d65b9"

ALL, OTHER = "(all)", "(other)"
SUPPRESSED = "--"
MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                      "Dec"), start=1)}
#: Resettled-refugee leaves as printed -> the codes every hemigov table uses.
RESETTLED_GROUP = "Resettled Refugee"
RESETTLED_CODES = {"Government-Assisted Refugee": "GAR", "Privately Sponsored Refugee": "PSR",
                   "Blended Sponsorship Refugee": "BVOR"}
TOP25 = "Canada - Asylum Claimants by Top Twenty-Five Countries of Citizenship"
_RANKED = re.compile(r"^\((\d+)\)\s+(.+)$")  # "(1) India" in the top-25 files
_SOURCE_DATE = re.compile(r"Source:\s*IRCC,\s*([A-Z][a-z]+)\s+\d{1,2},?\s+(\d{4})")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


# --- reading a sheet ----------------------------------------------------------------------------------

def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _sheet(path: Path) -> list[list[str]]:
    """The workbook's only sheet as rows of stripped strings (calamine: ~10x faster than openpyxl here)."""
    try:
        wb = CalamineWorkbook.from_path(str(path))
        if len(wb.sheet_names) != 1:
            raise InputError(path, None, f"expected one sheet, found {wb.sheet_names}")
        raw = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except InputError:
        raise
    except Exception as e:  # calamine's errors on a damaged or non-xlsx file
        raise InputError(path, None, f"not a readable .xlsx workbook ({type(e).__name__}: {e})") from e
    width = max((len(r) for r in raw), default=0)
    return [[_text(c) for c in r] + [""] * (width - len(r)) for r in raw]


def _col(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def _check_title(rows: list[list[str]], path: Path, prefix: str) -> str:
    title = rows[0][0] if rows and rows[0] else ""
    if not title.startswith(prefix):
        raise InputError(path, "row 1, column A", f"title {title[:90]!r} does not start with {prefix!r}")
    return title


def _release(rows: list[list[str]], path: Path) -> str:
    """'Source: IRCC, February 29, 2024' in the footer -> '2024-02'."""
    for r in reversed(rows):
        m = _SOURCE_DATE.search(r[0]) if r else None
        if m and m.group(1) in _MONTH_NAMES:
            return f"{m.group(2)}-{_MONTH_NAMES.index(m.group(1)) + 1:02d}"
    raise InputError(path, "footer", "no 'Source: IRCC, <date>' line to tell the release")


def _vintage(rows: list[list[str]], path: Path) -> str:
    """The release folder's name when there is one (it must agree with the footer), else the footer."""
    printed = _release(rows, path)
    folder = vintage_from_folders(path)
    if folder and folder[:7] != printed:
        raise InputError(path, "footer", f"says the data are of {printed} but the file sits in release folder "
                                         f"{folder!r}")
    return folder or printed


def _month_columns(rows: list[list[str]], path: Path) -> tuple[int, list[tuple[int, int, int]]]:
    """Find the header: returns (index of the month row, [(column, year, month)] for month columns only).

    Years are printed once above their first column (quarters may sit between); 'Q1 Total' and
    '2024 Total' columns have no month label and are skipped.
    """
    i = next((k for k, r in enumerate(rows[:10]) if "Jan" in r), None)
    if i is None:
        raise InputError(path, "rows 1-10", "no header row with month names (Jan, Feb, ...)")
    year_of: dict[int, int] = {}
    current = None
    for j in range(len(rows[i])):
        for above in rows[:i]:
            if re.fullmatch(r"\d{4}", above[j]):
                current = int(above[j])
        year_of[j] = current
    cols = [(j, year_of[j], MONTHS[v]) for j, v in enumerate(rows[i]) if v in MONTHS]
    if any(y is None for _, y, _ in cols):
        raise InputError(path, f"row {i + 1}", "a month column has no year above it")
    periods = [y * 12 + m for _, y, m in cols]
    if periods != list(range(periods[0], periods[0] + len(periods))):
        raise InputError(path, f"row {i + 1}", "month columns are not consecutive months")
    return i, cols


def _counts(rows: list[list[str]], first: int, cols: list[int], path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Parse the value cells of ``rows`` (starting at sheet row index ``first``): (counts float, suppressed)."""
    cells = np.array([[r[j] for j in cols] for r in rows], dtype=object).reshape(len(rows), len(cols))
    flat = pd.Series(cells.ravel(), dtype="string")
    sup = (flat == SUPPRESSED).to_numpy()
    nums = pd.to_numeric(flat.str.replace(",", "", regex=False).where(~sup), errors="coerce").to_numpy(float)
    bad = np.isnan(nums) & ~sup
    if bad.any():
        k = int(bad.argmax())
        r, c = divmod(k, len(cols))
        raise InputError(path, f"row {first + r + 1}, column {_col(cols[c])}", f"not a count: {cells[r, c]!r}")
    frac = ~np.isnan(nums) & (nums != np.round(nums))
    if frac.any():
        r, c = divmod(int(frac.argmax()), len(cols))
        raise InputError(path, f"row {first + r + 1}, column {_col(cols[c])}", f"not a whole number: {cells[r, c]!r}")
    return nums.reshape(cells.shape), sup.reshape(cells.shape)


def _end_row(rows: list[list[str]], start: int, path: Path, label: str = "Total") -> int:
    for i in range(start, len(rows)):
        if rows[i][0] == label:
            return i
    raise InputError(path, f"rows {start + 1}-{len(rows)}", f"no closing {label!r} row (truncated?)")


def _long(labels: pd.DataFrame, rows: list[list[str]], first: int, header: list[tuple[int, int, int]],
          path: Path) -> pd.DataFrame:
    """Label frame (one record per sheet row) x month columns -> one record per cell."""
    nums, sup = _counts(rows, first, [j for j, _, _ in header], path)
    n, k = nums.shape
    out = labels.loc[labels.index.repeat(k)].reset_index(drop=True)
    out["year"] = np.tile([y for _, y, _ in header], n)
    out["month"] = np.tile([m for _, _, m in header], n)
    out["persons"] = pd.array(np.where(np.isnan(nums.ravel()), None, nums.ravel()), dtype="Int64")
    out["suppressed"] = sup.ravel()
    return out


def _names(series: pd.Series, path: Path, column: str) -> pd.Series:
    return geo.names_to_iso3(series, "ircc", file=path, column=column)


# --- permanent residents ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Blocks:
    """How a bottom-up category layout prints its subtotal rows (column B, C labels and the outer column A)."""

    outer: str  #: column the outer label goes to (citizenship | province)
    outer_level: str  #: level of the outer total rows
    group_suffix: str  #: what ends a group row's label ("" = nothing)
    total_suffix: str  #: what ends a broad-category and an outer row's label


PR_BLOCKS = _Blocks("citizenship", "country_total", "", " - Total")
PATHWAY_BLOCKS = _Blocks("province", "province_total", " Total", " Total")


def _pr_labels(rows: list[list[str]], first: int, path: Path, lay: _Blocks = PR_BLOCKS) -> pd.DataFrame:
    """Walk the bottom-up blocks, giving every row its outer label, broad category, group and category."""
    recs: list[dict] = []
    wait_group: list[dict] = []  # leaves whose group row is still to come
    wait_broad: list[dict] = []
    wait_outer: list[dict] = []
    suffix = lay.total_suffix
    for i, r in enumerate(rows):
        a, b, c, d = r[:4]
        where = f"row {first + i + 1}"
        if d and not (a or b or c):
            rec = {"level": "category", "category": d}
            wait_group.append(rec)
        elif c and not (a or b or d) and c.endswith(lay.group_suffix):
            group = c.removesuffix(lay.group_suffix) if lay.group_suffix else c
            rec = {"level": "group_total", "category_group": group, "category": ALL}
            for x in wait_group:
                x["category_group"] = group
            wait_broad += [*wait_group, rec]
            wait_group = []
        elif b and not (a or c or d):
            if wait_group or not b.endswith(suffix):
                raise InputError(path, where, f"unexpected broad-category row {b!r} (expected '<broad>{suffix}' "
                                              "after its groups)")
            rec = {"level": "broad_total", "broad_category": b.removesuffix(suffix), "category_group": ALL,
                   "category": ALL}
            for x in wait_broad:
                x["broad_category"] = rec["broad_category"]
            wait_outer += [*wait_broad, rec]
            wait_broad = []
        elif a and not (b or c or d) and a.endswith(suffix):
            if wait_group or wait_broad:
                raise InputError(path, where, f"{'country' if lay.outer == 'citizenship' else lay.outer} row {a!r} "
                                              "closes rows that have no group or broad category")
            rec = {"level": lay.outer_level, "broad_category": ALL, "category_group": ALL, "category": ALL}
            for x in [*wait_outer, rec]:
                x[lay.outer] = a.removesuffix(suffix)
            wait_outer = []
        else:
            raise InputError(path, where, f"unexpected labels {[a, b, c, d]!r}")
        rec["row"] = first + i + 1
        recs.append(rec)
    if wait_group or wait_broad or wait_outer:
        word = "country" if lay.outer == "citizenship" else lay.outer
        raise InputError(path, f"row {first + len(rows)}", f"rows before the 'Total' row belong to no {word}")
    df = pd.DataFrame.from_records(recs)
    _code_resettled(df, path)
    return df


def _code_resettled(df: pd.DataFrame, path: Path) -> None:
    leaf = df.level.eq("category")
    in_group = leaf & df.category_group.eq(RESETTLED_GROUP)
    unknown = in_group & ~df.category.isin(list(RESETTLED_CODES))
    if unknown.any():  # a new resettlement category would silently fall out of GAR+PSR+BVOR sums
        i = unknown.idxmax()
        raise InputError(path, f"row {df.row[i]}", f"unknown resettled-refugee category {df.category[i]!r}")
    stray = leaf & ~df.category_group.eq(RESETTLED_GROUP) & df.category.isin(list(RESETTLED_CODES))
    if stray.any():
        i = stray.idxmax()
        raise InputError(path, f"row {df.row[i]}", f"{df.category[i]!r} outside the {RESETTLED_GROUP!r} group")
    df.loc[in_group, "category"] = df.loc[in_group, "category"].map(RESETTLED_CODES)


def _check_country_list(rows: list[list[str]], total: int, labels: pd.DataFrame, first: int, path: Path) -> str:
    """IRCC prints every country total a second time after its Canada summary; they must agree."""
    marker = "Total - All Immigration Category"
    starts = [i for i in range(total + 1, len(rows)) if rows[i][0] == marker]
    if len(starts) != 2:
        return "trailing summary not found: country totals not cross-checked"
    listed = {r[0]: r[4:] for r in rows[starts[0] + 1:starts[1]] if r[0]}
    tot = labels[labels.level.eq("country_total")]
    for name, row in zip(tot.citizenship, tot.row, strict=True):
        if listed.get(name) != rows[row - 1][4:]:
            raise InputError(path, f"row {row}", f"{name!r} total differs from its repeat in the country list "
                                                 f"after row {starts[0] + 1}")
    if set(listed) != set(tot.citizenship):
        extra = sorted(set(listed) ^ set(tot.citizenship))[:5]
        raise InputError(path, f"rows {starts[0] + 2}-{starts[1]}", f"country list differs from the blocks: {extra}")
    return f"{len(listed)} repeated country totals checked"


def read_pr(path: Path) -> Parsed:
    rows = _sheet(path)
    _check_title(rows, path, "Canada - Admissions of Permanent Residents by Country of Citizenship and "
                             "Immigration Category")
    head, header = _month_columns(rows, path)
    if header[0][0] != 4:
        raise InputError(path, f"row {head + 1}", f"expected 4 label columns, months start in column "
                                                  f"{_col(header[0][0])}")
    first = head + 1
    total = _end_row(rows, first, path)
    labels = _pr_labels(rows[first:total], first, path)
    checked = _check_country_list(rows, total, labels, first, path)
    labels["citizenship_iso3"] = _names(labels.citizenship, path, "A (country of citizenship)")
    out = _long(labels, rows[first:total], first, header, path)
    cols = ["year", "month", "citizenship", "citizenship_iso3", "level", "broad_category", "category_group",
            "category", "persons", "suppressed"]
    notes = (f"months {header[0][1]}-{header[0][2]:02d} to {header[-1][1]}-{header[-1][2]:02d}; {checked}; "
             f"IRCC's all-citizenship summary after row {total + 1} not stored")
    return Parsed(_vintage(rows, path), {"ircc_pr_admissions": out[cols]}, notes)


# --- asylum claimants -------------------------------------------------------------------------------

def _blocks(rows: list[list[str]], first: int, path: Path, outer: Callable[[str, bool], str]) -> pd.DataFrame:
    """Two label columns, bottom-up: inner rows (column B) then their outer label row (column A).

    ``outer(label, has_detail)`` names the outer block from its printed label; the closing 'Total' row is
    ``(all)``. Returns one record per row with ``outer`` and ``inner`` (``(all)`` on outer rows).
    """
    recs: list[dict] = []
    pending: list[dict] = []
    for i, r in enumerate(rows):
        a, b = r[0], r[1]
        if b and not a:
            rec = {"inner": b}
            pending.append(rec)
        elif a and not b:
            if a == "Total" and pending:
                raise InputError(path, f"row {first + i + 1}", "detail rows without their total row")
            try:
                rec = {"inner": ALL, "outer": ALL if a == "Total" else outer(a, bool(pending))}
            except ValueError as e:
                raise InputError(path, f"row {first + i + 1}, column A", str(e)) from e
            for x in pending:
                x["outer"] = rec["outer"]
            pending = []
        else:
            raise InputError(path, f"row {first + i + 1}", f"unexpected labels {[a, b]!r}")
        recs.append(rec)
    if pending:
        raise InputError(path, f"row {first + len(rows)}", "detail rows without their total row")
    return pd.DataFrame.from_records(recs)


def _suffix(suffix: str, standalone: bool) -> Callable[[str, bool], str]:
    """Outer labels printed as '<name><suffix>' after their detail; a label without detail rows may lack it."""
    def name(label: str, has_detail: bool) -> str:
        if label.endswith(suffix):
            return label.removesuffix(suffix)
        if standalone and not has_detail:
            return label
        raise ValueError(f"row label {label!r} does not end with {suffix!r}")
    return name


def _ranked(label: str, has_detail: bool) -> str:
    if label == "Other Countries" and not has_detail:
        return OTHER
    m = _RANKED.match(label)
    if not m:
        raise ValueError(f"row label {label!r} is neither '(rank) Country' nor 'Other Countries'")
    return m.group(2)


def _asylum_frame(path: Path, title: str, outer: Callable[[str, bool], str]) -> tuple[pd.DataFrame, list[list[str]]]:
    rows = _sheet(path)
    _check_title(rows, path, title)
    head, header = _month_columns(rows, path)
    if header[0][0] != 2:
        raise InputError(path, f"row {head + 1}", f"expected 2 label columns, months start in {_col(header[0][0])}")
    first = head + 1
    end = _end_row(rows, first, path) + 1
    body = rows[first:end]
    labels = _blocks(body, first, path, outer)
    return _long(labels, body, first, header, path), rows


def _claims(path: Path, title: str, outer: Callable[[str, bool], str], outer_col: str, inner_col: str,
            fixed: dict[str, str], keep: Callable[[pd.DataFrame], pd.Series] | None = None) -> Parsed:
    df, rows = _asylum_frame(path, title, outer)
    df = df.rename(columns={"outer": outer_col, "inner": inner_col}).assign(**fixed)
    if keep is not None:
        df = df[keep(df)]
    if outer_col == "citizenship_iso3":
        names = df.citizenship_iso3.where(~df.citizenship_iso3.isin([ALL, OTHER]))
        mapped = _names(names, path, "A (country of citizenship)")
        df["citizenship_iso3"] = mapped.fillna(df.citizenship_iso3).astype(str)
        geo.check_codes(df.citizenship_iso3, file=str(path), column="citizenship_iso3")
    cols = ["year", "month", "citizenship_iso3", "office_type", "province", "persons", "suppressed"]
    return Parsed(_vintage(rows, path), {"canada_asylum_claims": df[cols]})


def read_office_province(path: Path) -> Parsed:
    return _claims(path, "Canada - Asylum Claimants by Claim Office Type, Province/Territory",
                   _suffix(" - Total", standalone=True), "office_type", "province", {"citizenship_iso3": ALL})


def read_top25_office(path: Path) -> Parsed:
    """Top-25 citizenships x office type. The 'Total' row (all citizenships) is not stored: it repeats the
    office-type workbook's 'Total' row of the same release, which is."""
    return _claims(path, TOP25, _ranked, "citizenship_iso3", "office_type", {"province": ALL},
                   keep=lambda df: df.citizenship_iso3 != ALL)


def read_top25_province(path: Path) -> Parsed:
    """Top-25 citizenships x province: only the citizenship x province cells are stored. The country totals,
    'Other Countries' and 'Total' rows repeat those of the office-type top-25 workbook of the same release."""
    return _claims(path, TOP25, _ranked, "citizenship_iso3", "province", {"office_type": ALL},
                   keep=lambda df: df.province != ALL)


def _characteristic(kind: str, word: str) -> Callable[[Path], Parsed]:
    def read(path: Path) -> Parsed:
        df, rows = _asylum_frame(path, f"Canada - Asylum Claimants by Province/Territory* of Claim, {word}",
                                 _suffix(" Total", standalone=False))
        df = df.rename(columns={"outer": "province", "inner": "value_label"}).assign(characteristic=kind)
        cols = ["year", "month", "province", "characteristic", "value_label", "persons", "suppressed"]
        return Parsed(_vintage(rows, path), {"canada_asylum_claims_characteristics": df[cols]})
    return read


# --- TFWP year-end holders --------------------------------------------------------------------------

def _tfwp_labels(rows: list[list[str]], first: int, path: Path) -> pd.DataFrame:
    recs: list[dict] = []
    wait_group: list[dict] = []
    wait_prov: list[dict] = []
    for i, r in enumerate(rows):
        a, b, c = r[:3]
        if c and not (a or b):
            rec = {"program": c}
            wait_group.append(rec)
        elif b and not (a or c):
            rec = {"program_group": b, "program": ALL}
            for x in wait_group:
                x["program_group"] = b
            wait_prov += [*wait_group, rec]
            wait_group = []
            recs.append(rec)
            continue
        elif a and not (b or c):
            if wait_group or (a == "Total" and wait_prov):
                raise InputError(path, f"row {first + i + 1}", "program rows without their group or province row")
            if a == "Total":
                prov = ALL
            elif a.endswith(" Total"):
                prov = a.removesuffix(" Total")
            elif not wait_prov:  # "Province / Territory not stated": printed without detail rows
                prov = a
            else:
                raise InputError(path, f"row {first + i + 1}", f"province label {a!r} does not end with ' Total'")
            rec = {"province": prov, "program_group": ALL, "program": ALL}
            for x in wait_prov:
                x["province"] = prov
            wait_prov = []
        else:
            raise InputError(path, f"row {first + i + 1}", f"unexpected labels {[a, b, c]!r}")
        recs.append(rec)
    return pd.DataFrame.from_records(recs)


def read_tfwp(path: Path) -> Parsed:
    rows = _sheet(path)
    _check_title(rows, path, "Canada - Temporary Foreign Worker Program (TFWP) work permit holders on December 31st")
    head = next((i for i, r in enumerate(rows[:10]) if r[0].startswith("Province/territory")), None)
    if head is None:
        raise InputError(path, "rows 1-10", "no header row 'Province/territory and program'")
    years = [(j, int(v)) for j, v in enumerate(rows[head]) if re.fullmatch(r"\d{4}", v)]
    if not years or years[0][0] != 3 or [y for _, y in years] != list(range(years[0][1], years[0][1] + len(years))):
        raise InputError(path, f"row {head + 1}", "expected consecutive year columns from column D")
    first = head + 1
    end = _end_row(rows, first, path) + 1
    labels = _tfwp_labels(rows[first:end], first, path)
    nums, sup = _counts(rows[first:end], first, [j for j, _ in years], path)
    out = labels.loc[labels.index.repeat(len(years))].reset_index(drop=True)
    out["year"] = np.tile([y for _, y in years], len(labels))
    out["persons"] = pd.array(np.where(np.isnan(nums.ravel()), None, nums.ravel()), dtype="Int64")
    out["suppressed"] = sup.ravel()
    cols = ["year", "province", "program_group", "program", "persons", "suppressed"]
    return Parsed(_vintage(rows, path), {"tfwp_holders": out[cols]}, "stock on 31 December, not arrivals")


# --- permanent residents with prior work permits (TR to PR) -------------------------------------------

PATHWAY_PROGRAMS = {"TFWP": "Temporary Foreign Worker Program", "IMP": "International Mobility Program"}


def _year_total_columns(rows: list[list[str]], head: int, header: list[tuple[int, int, int]],
                        path: Path) -> list[tuple[int, int, int]]:
    """The printed 'YYYY Total' columns (row above the months): [(column, year, months it covers)]."""
    months = pd.Series([y for _, y, _ in header]).value_counts()
    found = {int(v[:4]): j for j, v in enumerate(rows[head - 1]) if re.fullmatch(r"\d{4} Total", v)}
    if sorted(found) != sorted(months.index):
        raise InputError(path, f"row {head}", f"year total columns {sorted(found)} do not match the years of the "
                                              f"month columns {sorted(months.index)}")
    last = {y: j for j, y, _ in header}
    late = [y for y, j in found.items() if j < last[y]]
    if late:
        raise InputError(path, f"row {head}, column {_col(found[late[0]])}", f"'{late[0]} Total' stands before "
                                                                             f"that year's months")
    return [(found[y], y, int(months[y])) for y in sorted(found)]


def _pathways(program: str) -> Callable[[Path], Parsed]:
    """Header rows 3-5 (year, quarter / 'YYYY Total', month), labels in columns A-D, data from row 6: a file that
    prints them elsewhere is refused rather than read with its labels off by a row or a column."""
    def read(path: Path) -> Parsed:
        rows = _sheet(path)
        _check_title(rows, path, "Canada – Admissions of Permanent Residents with Prior "
                                 f"{PATHWAY_PROGRAMS[program]} Work Permit Holder Status by Province/Territory")
        if len(rows) < 6 or rows[2][0] != "Province/Territory and Immigration Category":
            raise InputError(path, "row 3, column A", "expected the header 'Province/Territory and Immigration "
                                                      f"Category', found {rows[2][0] if len(rows) > 2 else ''!r}")
        head, header = _month_columns(rows, path)
        if head != 4 or header[0][0] != 4:
            raise InputError(path, f"row {head + 1}, column {_col(header[0][0])}",
                             "the month header must be row 5 with months from column E (header shifted?)")
        totals = _year_total_columns(rows, head, header, path)
        first = head + 1
        end = _end_row(rows, first, path)
        labels = _pr_labels(rows[first:end], first, path, PATHWAY_BLOCKS)
        canada = pd.DataFrame([{"level": "province_total", "province": ALL, "broad_category": ALL,
                                "category_group": ALL, "category": ALL, "row": end + 1}])
        labels = pd.concat([labels, canada], ignore_index=True)
        body = rows[first:end + 1]
        monthly = _long(labels, body, first, header, path).assign(months=1)
        yearly = _long(labels, body, first, totals, path)
        yearly = yearly.assign(months=yearly.month, month=pd.NA)  # _long reads the third item as the month
        out = pd.concat([monthly, yearly], ignore_index=True).assign(program=program)
        out["month"] = out["month"].astype("Int64")
        cols = ["year", "month", "months", "program", "province", "level", "broad_category", "category_group",
                "category", "persons", "suppressed"]
        notes = (f"months {header[0][1]}-{header[0][2]:02d} to {header[-1][1]}-{header[-1][2]:02d} and IRCC's "
                 "printed year totals (month NULL); quarter totals not stored")
        return Parsed(_vintage(rows, path), {"pr_from_work_permit": out[cols]}, notes)
    return read


# --- registry ---------------------------------------------------------------------------------------

def _layout(file: str, dataset: str, title: str, url: str, reader: Callable[[Path], Parsed]) -> Layout:
    return Layout(dataset=f"ircc.{dataset}", publisher=PUBLISHER, title=f"IRCC {title}", licence=LICENCE,
                  citation=CITATION.format(title=title, vintage="{vintage}"), source_url=url,
                  match=name_is(file), read=reader)


_A = "Asylum-"
LAYOUTS = [
    _layout("EN_ODP-PR-CitzImmCat.xlsx", "pr_admissions", "admissions of permanent residents by country of "
            "citizenship and immigration category (monthly)", URL_PR, read_pr),
    _layout(f"EN_ODP-{_A}OfficeType_Prov.xlsx", "asylum_office_type_province", "asylum claimants by claim office "
            "type and province/territory (monthly)", URL_ASYLUM, read_office_province),
    _layout(f"EN_ODP-{_A}Top_25_CITZ_Office_Type_last_year.xlsx", "asylum_top25_office_type",
            "asylum claimants by top 25 citizenships (previous-year ranking) and office type", URL_ASYLUM,
            read_top25_office),
    _layout(f"EN_ODP-{_A}Top_25_CITZ_prov_last_year.xlsx", "asylum_top25_province",
            "asylum claimants by top 25 citizenships (previous-year ranking) and province/territory", URL_ASYLUM,
            read_top25_province),
    _layout(f"EN_ODP-{_A}PT_Age.xlsx", "asylum_province_age", "asylum claimants by province/territory and age group",
            URL_ASYLUM, _characteristic("age", "Age")),
    _layout(f"EN_ODP-{_A}PT_Gender.xlsx", "asylum_province_gender", "asylum claimants by province/territory and "
            "gender", URL_ASYLUM, _characteristic("gender", "Gender")),
    *(_layout(f"EN_ODP-TR_to_PR-{p}_PT_immcat.xlsx", f"pr_from_{p.lower()}", "admissions of permanent residents "
              f"with prior {name} ({p}) work permit holder status by province/territory and immigration category "
              "(monthly)", URL_TFWP, _pathways(p)) for p, name in PATHWAY_PROGRAMS.items()),
    _layout("EN_ODP_annual-TR-work-TFW_PT_program_year_end.xlsx", "tfwp_holders", "TFWP work permit holders on "
            "December 31st by province/territory and program", URL_TFWP, read_tfwp),
]

IGNORED = [
    Ignored(name_is("pr_all_categories_monthly_by_citizenship_2015-2024.csv.gz",
                    "pr_refugee_categories_monthly_by_citizenship_2015-2024.csv"),
            "tidy extract made by this project from EN_ODP-PR-CitzImmCat.xlsx (PROVENANCE.md); the workbook is "
            "read instead, so reading the extract too would count every cell twice"),
    Ignored(name_is("asylum_office_type_province_monthly_2025-07.csv",
                    "asylum_top25_citizenship_office_type_monthly_2024-02.csv"),
            "tidy extract made by this project from an IRCC asylum workbook (PROVENANCE.md); the workbook is read "
            "instead, so reading the extract too would count every cell twice"),
    Ignored(name_is("EN_ODP-Asylum-Top_25_CITZ_Office_Type_last_month.xlsx",
                    "EN_ODP-Asylum-Top_25_CITZ_prov_last_month.xlsx"),
            "IRCC top-25 asylum workbook ranked by the last month: every cell of a country in both rankings equals "
            "the previous-year-ranking workbook's (read instead); only 3 countries and its 'Other Countries' "
            "residual differ, and two residuals under one key would be counted twice"),
    Ignored(name_is("EN_ODP-Asylum-secondary_migration.xlsx"),
            "IRCC asylum claimants by province of claim x province of last known address (yearly): no warehouse "
            "table holds it and hemigov does not use it"),
]

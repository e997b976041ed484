"""World Bank / KNOMAD remittance data: bilateral remittance matrices, the 2017 bilateral migrant-stock matrix,
and the inward / outward remittance flow tables by country.

Files (copies of the World Bank's workbooks; see the folder's PROVENANCE.md):

* Bilateral remittance matrices for 2017 ("April 2018 Version"), 2018 (CSV, "October 2019" version) and 2021
  ("December 2022 Version") -> ``remittances_bilateral``, US$ million. Orientation is checked in each file:
  the corner cell of the xlsx matrices says "receiving (across) / sending (down)", i.e. rows are SENDING
  countries; the 2018 CSV has no corner label (its title rows were removed by the repository author) and is
  read with the same orientation, which PROVENANCE confirms (Canada's row sums to 27,832). These are
  *analytical estimates* (Ratha & Shaw 2007): a receiving country's recorded inflow split across senders by
  migrant stocks and incomes. Row sums are NOT the sender's recorded outflows.
* The World Bank Bilateral Migration Matrix 2017 -> ``migrant_stock`` ("destination (across) / origin
  (down)": rows are countries of ORIGIN), its own dataset id.
* Inward (December 2023) and outward (June 2023) remittance flows by economy -> ``economy`` as
  ``KNOMAD.INWARD.USD_M`` / ``KNOMAD.OUTWARD.USD_M`` (US$ million) and ``KNOMAD.*.PCT_GDP``;
  the "World" and "Low-and Middle-Income Countries" rows -> ``economy_aggregates``.

Cells: an empty cell is absent (no estimate); a printed 0 is kept as 0 (the 2017 files print 0 where the
2021 file leaves cells empty). The marks "-" (2017) and "N/A" (2018) on the India<->Pakistan and
Israel<->Lebanon corridors, which the World Bank does not estimate, are kept as rows with a NULL amount.
The 2018 CSV holds amounts rounded to whole millions (``rounded_to`` = 1); the xlsx files hold full precision
(``rounded_to`` NULL). Matrix margins ("WORLD"/"World" row and column, "Other North"/"Other South" in the
migrant-stock matrix) are recognised explicitly and dropped: they are sums, not countries. The 2017 remittance
matrix has a tiny Vanuatu->Vanuatu cell (0.004) on its diagonal; it is kept as published.

Names are World Bank spellings mapped through the reviewed alias table ``aliases/knomad.csv``; some flow-table
names carry the publisher's notes ("Zimbabwe (using CB data for 2021 & 2022)", "Israel (using CB data)") and
are listed there as spelled. Extra sheets added by the repositories' authors ("remshare",
"countries-comparison") are not read.
"""

from __future__ import annotations

import html
import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils import column_index_from_string, get_column_letter

from hemigov import geo
from hemigov.core.errors import InputError
from hemigov.sources.base import Layout, Parsed, name_matches, read_csv_strict

PUBLISHER = "World Bank / KNOMAD"
LICENCE = "CC BY 4.0"
URL = "https://www.knomad.org/data/remittances"
SCHEME = "knomad"

#: Matrix margins, spelled as in the files (reviewed): sums over countries, never countries themselves.
MATRIX_TOTALS = frozenset({"WORLD", "World", "Other North", "Other South"})
#: Aggregate rows of the flow tables (reviewed) and the World Bank codes they are stored under.
FLOW_AGGREGATES = {"World": "WLD", "Low-and Middle-Income Countries": "LMY"}
#: Orientation labels of the matrices' corner cells: which axis is which is read from the file, not assumed.
SENDING_DOWN = r"receiving.*\(across\).*sending.*\(down\)"
ORIGIN_DOWN = r"destination.*\(across\).*origin.*\(down\)"
#: Marks for corridors the World Bank does not estimate (India<->Pakistan, Israel<->Lebanon).
NOT_ESTIMATED = frozenset({"-", "N/A"})


# --- reading helpers ---------------------------------------------------------------------------------------

class _Unsaved:
    """A formula cell saved without its computed value (the workbook was written by a program that does not
    calculate): it would read as an empty cell and drop out unseen, so it is kept as this and refused where
    a value is read (``_amount``)."""

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __str__(self) -> str:
        return self.formula


def _sheet_rows(path: Path, index: int = 0) -> list[tuple]:
    """All rows of one worksheet as tuples of cell values (formulas as their saved values; ``_Unsaved`` for a
    formula that has none)."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[index]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        part = ws._worksheet_path
    finally:
        wb.close()
    with zipfile.ZipFile(path) as z:
        unsaved = _unsaved_formulas(z.read(part))
    if unsaved is None:  # a sheet the scan cannot read: every cell, as openpyxl sees it (4x slower)
        unsaved = _unsaved_cells(path, index)
    for i, j, formula in unsaved:
        if i < len(rows) and j < len(rows[i]) and rows[i][j] is None:
            rows[i][j] = _Unsaved(formula)
    return [tuple(r) for r in rows]


_FORMULA = re.compile(rb"<f[\s>/]")
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})([0-9]+)"')
_FORMULA_TEXT = re.compile(rb"<f[^>]*>([^<]*)</f>")
_PREFIXED = re.compile(rb"<[A-Za-z0-9_]+:(?:c|f|v)[\s>/]")


def _unsaved_formulas(xml: bytes) -> list[tuple[int, int, str]] | None:
    """(row, column, formula), 0-based, of the formula cells of a worksheet's XML saved without a value: found
    from the (few) ``<f>`` elements, not by visiting every cell; None for XML this scan does not read (prefixed
    tags, or a formula cell without its ``r`` reference)."""
    if _PREFIXED.search(xml):
        return None
    out = []
    for m in _FORMULA.finditer(xml):
        start, end = xml.rfind(b"<c ", 0, m.start()), xml.find(b"</c>", m.start())
        if start < 0 or end < 0:
            return None
        cell = xml[start:end]
        value = cell.find(b"<v>")
        if value >= 0 and cell[value + 3:value + 4] not in (b"<", b""):
            continue  # a saved value
        ref = _CELL_REF.search(cell[:cell.find(b">") + 1])
        if ref is None:
            return None
        text = _FORMULA_TEXT.search(cell)
        formula = "=" + html.unescape(text.group(1).decode()) if text else "(a shared formula)"  # as openpyxl
        out.append((int(ref.group(2)) - 1, column_index_from_string(ref.group(1).decode()) - 1, formula))
    return out


def _unsaved_cells(path: Path, index: int) -> list[tuple[int, int, str]]:
    """The same as :func:`_unsaved_formulas`, cell by cell through openpyxl."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        return [(i, j, str(c.value)) for i, r in enumerate(wb.worksheets[index].iter_rows()) for j, c in enumerate(r)
                if getattr(c, "data_type", None) == "f"]
    finally:
        wb.close()


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _cell(row: int, col: int) -> str:
    return f"cell {get_column_letter(col + 1)}{row + 1}"


def _month_vintage(path: Path, text: str, pattern: str, where: str) -> str:
    m = re.search(pattern, text or "")
    if not m:
        raise InputError(path, where, f"cannot find the release date (expected text like {pattern!r})")
    return datetime.strptime(f"{m.group(1)} {m.group(2)}", "%B %Y").strftime("%Y-%m")


def _data_year(path: Path, title: str, expected: int) -> int:
    m = re.search(r"\b(?:for|in) (\d{4})\b", title or "")
    if not m or int(m.group(1)) != expected:
        raise InputError(path, "row 1", f"title should name data year {expected}: {title!r}")
    return expected


def _number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _body_end(path: Path, rows: list[tuple], start: int) -> int:
    """Index of the first row with a blank label from ``start``. Numbers below it are an error (a blank row
    inside the table would otherwise cut it short silently), except a number that repeats the total printed
    in the same column of a last "WORLD" row: the 2021 matrix has such a stray check-sum (=SUM(DF3:DF216),
    Kuwait's column) under its WORLD row."""
    end = start
    while end < len(rows) and not _blank(rows[end][0]):
        end += 1
    last = rows[end - 1] if end > start and str(rows[end - 1][0]).strip() in MATRIX_TOTALS else ()
    for i in range(end, len(rows)):
        for j, v in enumerate(rows[i][1:], start=1):
            if not _number(v):
                continue
            total = last[j] if j < len(last) else None
            if not (_number(total) and abs(v - total) <= 1e-9 * max(1.0, abs(total))):
                raise InputError(path, _cell(i, j), f"number {v!r} below the end of the table (blank row {end + 1})")
    return end


# --- wide matrices -----------------------------------------------------------------------------------------

def _matrix_cells(path: Path, rows: list[tuple], header_at: int, corner: str | None) -> pd.DataFrame:
    """Long cells of a wide matrix: ``row_label``, ``col_label``, ``value`` (float; NaN for a not-estimated
    mark). Empty cells are left out. ``corner``: a pattern the top-left (orientation) label must match."""
    header = rows[header_at]
    if corner is not None and not re.search(corner, str(header[0] or ""), re.IGNORECASE):
        raise InputError(path, _cell(header_at, 0), f"expected the corner label to match {corner!r} (the "
                                                    f"matrix orientation), found {header[0]!r}")
    ncols = len(header)
    while ncols > 1 and _blank(header[ncols - 1]):
        ncols -= 1
    labels = [str(c).strip() if not _blank(c) else None for c in header[1:ncols]]
    if None in labels:
        raise InputError(path, _cell(header_at, labels.index(None) + 1), "empty column label inside the header")
    end = _body_end(path, rows, header_at + 1)
    out = []
    for i in range(header_at + 1, end):
        row = rows[i]
        for j in range(ncols, len(row)):
            if not _blank(row[j]):
                raise InputError(path, _cell(i, j), f"value {row[j]!r} in a column without a label")
        for j, label in enumerate(labels, start=1):
            v = row[j] if j < len(row) else None
            if isinstance(v, _Unsaved) and (label in MATRIX_TOTALS or str(row[0]).strip() in MATRIX_TOTALS):
                v = None  # a margin: dropped by _countries_only, so its missing total loses nothing
            val = _amount(path, v, i, j, label)
            if val is not _EMPTY:
                out.append((str(row[0]).strip(), label, val))
    return pd.DataFrame(out, columns=["row_label", "col_label", "value"])


_EMPTY = object()


def _amount(path: Path, v, i: int, j: int, label: str):
    if isinstance(v, _Unsaved):
        raise InputError(path, f"{_cell(i, j)} (column {label!r})", f"formula {v.formula[:40]!r} has no saved "
                                                                    "value (the workbook was not recalculated "
                                                                    "before it was saved)")
    if _blank(v):
        return _EMPTY
    if _number(v):
        return float(v)
    s = str(v).strip()
    if s in NOT_ESTIMATED:
        return float("nan")
    try:
        return float(s.replace(",", ""))
    except ValueError:
        raise InputError(path, f"{_cell(i, j)} (column {label!r})", f"not a number: {v!r}") from None


def _countries_only(cells: pd.DataFrame, path: Path, row_what: str, col_what: str) -> pd.DataFrame:
    """Drop the matrix margins and map both axes to ISO3 (unmapped names raise)."""
    keep = ~cells.row_label.isin(MATRIX_TOTALS) & ~cells.col_label.isin(MATRIX_TOTALS)
    cells = cells[keep]
    rows = pd.Series(cells.row_label.unique())
    cols = pd.Series(cells.col_label.unique())
    rmap = dict(zip(rows, geo.names_to_iso3(rows, SCHEME, file=path, column=row_what), strict=True))
    cmap = dict(zip(cols, geo.names_to_iso3(cols, SCHEME, file=path, column=col_what), strict=True))
    return cells.assign(row_iso3=cells.row_label.map(rmap), col_iso3=cells.col_label.map(cmap))


def _remittances(cells: pd.DataFrame, path: Path, year: int, rounded_to: float | None) -> pd.DataFrame:
    c = _countries_only(cells, path, "sending country (rows)", "receiving country (columns)")
    return pd.DataFrame({
        "year": year, "sender_iso3": c.row_iso3.to_numpy(), "receiver_iso3": c.col_iso3.to_numpy(),
        "usd_millions": c.value.to_numpy(), "rounded_to": float("nan") if rounded_to is None else rounded_to,
    })


def _xlsx_remittance_reader(year: int):
    def read(path: Path) -> Parsed:
        rows = _sheet_rows(path)
        title = str(rows[0][0] or "")
        _data_year(path, title, year)
        vintage = _month_vintage(path, title, r"\((\w+) (\d{4}) Version\)", "row 1 (title)")
        cells = _matrix_cells(path, rows, 1, SENDING_DOWN)
        out = _remittances(cells, path, year, None)
        return Parsed(vintage, {"remittances_bilateral": out},
                      f"Bilateral remittance estimates for {year}, {title[title.rfind('(') + 1:-1]}; rows = "
                      "sending countries; WORLD row/column dropped; analytical estimates, not reported flows.")
    return read


def read_remittances_2018(path: Path) -> Parsed:
    df = read_csv_strict(path, encoding="utf-8-sig")
    first = df.columns[0]
    if str(first).strip() not in ("", "Unnamed: 0"):
        raise InputError(path, "row 1, column 1", f"expected an empty corner cell, found {first!r}")
    # Back to plain rows so the matrix reader checks it exactly like the workbooks.
    rows = [tuple(["", *map(str, df.columns[1:])])] + [tuple(r) for r in df.itertuples(index=False)]
    cells = _matrix_cells(path, rows, 0, None)
    out = _remittances(cells, path, 2018, 1.0)
    # Release: "Bilateral remittance matrix 2018, October 2019 version" (file name ...Oct2019; PROVENANCE.md).
    return Parsed("2019-10", {"remittances_bilateral": out},
                  "Bilateral remittance estimates for 2018, October 2019 version, as saved to CSV by a third party: "
                  "rows = sending countries; amounts rounded to whole US$ million; WORLD margins removed upstream.")


def read_migrant_stock_2017(path: Path) -> Parsed:
    rows = _sheet_rows(path)
    title = str(rows[0][0] or "")
    _data_year(path, title, 2017)
    cells = _countries_only(_matrix_cells(path, rows, 1, ORIGIN_DOWN), path, "origin country (rows)",
                            "destination country (columns)")
    persons = cells.value
    frac = persons.notna() & (persons != persons.round())
    if frac.any():
        r = cells[frac].iloc[0]
        raise InputError(path, f"row {r.row_label!r}, column {r.col_label!r}", f"not a whole number: {r.value!r}")
    out = pd.DataFrame({"year": 2017, "origin_iso3": cells.row_iso3.to_numpy(),
                        "destination_iso3": cells.col_iso3.to_numpy(),
                        "persons": persons.round().astype("Int64").to_numpy()})
    # The file names no release date; the vintage is the matrix's edition ("Bilateral Migration Matrix 2017").
    return Parsed("2017", {"migrant_stock": out},
                  "World Bank Bilateral Migration Matrix 2017 (staff estimates from UN DESA IMS 2017 and censuses); "
                  "rows = origin; World and Other North/Other South margins dropped.")


# --- flow tables -------------------------------------------------------------------------------------------

def _flow_columns(path: Path, header: tuple, header_at: int, direction: str) -> list[tuple[int, str, int, bool]]:
    """(column index, indicator, year, estimated) for each value column of the header."""
    cols = []
    for j, h in enumerate(header[1:], start=1):
        s = str(h).strip() if not _blank(h) else ""
        if not s:
            continue
        if re.fullmatch(r"\d{4}", s):
            cols.append((j, f"KNOMAD.{direction}.USD_M", int(s), False))
        elif re.fullmatch(r"\d{4}e", s):
            cols.append((j, f"KNOMAD.{direction}.USD_M", int(s[:4]), True))
        elif m := re.fullmatch(r"% of GDP in (\d{4})", s):
            cols.append((j, f"KNOMAD.{direction}.PCT_GDP", int(m.group(1)), False))
        else:
            raise InputError(path, _cell(header_at, j), f"unexpected column header {h!r}")
    est_years = {y for _, ind, y, e in cols if e}
    # A share of GDP in a year whose amount is an estimate ("2023e") is an estimate too.
    return [(j, ind, y, e or ("PCT_GDP" in ind and y in est_years)) for j, ind, y, e in cols]


def _flow_reader(direction: str, header_text: str):
    def read(path: Path) -> Parsed:
        rows = _sheet_rows(path)
        header_at = next((i for i, r in enumerate(rows[:5]) if str(r[0] or "").startswith(header_text)), None)
        if header_at is None:
            raise InputError(path, "rows 1-5", f"no header row starting with {header_text!r}")
        cols = _flow_columns(path, rows[header_at], header_at, direction)
        end = _body_end(path, rows, header_at + 1)
        notes = " ".join(str(r[0]) for r in rows[end:] if not _blank(r[0]))
        vintage = _month_vintage(path, notes, r"Date: (\w+) (\d{4})", "notes below the table")
        recs = []
        for i in range(header_at + 1, end):
            label = str(rows[i][0]).strip()
            for j, ind, year, est in cols:
                v = rows[i][j] if j < len(rows[i]) else None
                val = _amount(path, v, i, j, str(rows[header_at][j]))
                if val is not _EMPTY:
                    recs.append((label, year, ind, val, est))
        long = pd.DataFrame(recs, columns=["label", "year", "indicator", "value", "estimated"])
        aggs = sorted(set(long.label) & set(FLOW_AGGREGATES))
        return Parsed(vintage, _flow_tables(long, path, direction, header_text),
                      f"KNOMAD {header_text}; aggregate rows in economy_aggregates: {aggs or 'none'}.")
    return read


def _flow_tables(long: pd.DataFrame, path: Path, direction: str, title: str) -> dict[str, pd.DataFrame]:
    agg = long.label.isin(FLOW_AGGREGATES)
    c = long[~agg]
    names = pd.Series(c.label.unique())
    m = dict(zip(names, geo.names_to_iso3(names, SCHEME, file=path, column="economy (column A)"), strict=True))
    economy = pd.DataFrame({"year": c.year, "iso3": c.label.map(m), "indicator": c.indicator, "value": c.value,
                            "estimated": c.estimated})
    a = long[agg]
    aggregates = pd.DataFrame({"year": a.year, "code": a.label.map(FLOW_AGGREGATES), "name": a.label,
                               "indicator": a.indicator, "value": a.value, "estimated": a.estimated})
    word = "inflows" if direction == "INWARD" else "outflows"
    series = pd.DataFrame([
        {"indicator": f"KNOMAD.{direction}.USD_M", "title": title, "unit": "US$ million, current prices",
         "definition": f"Personal remittance {word} (World Bank-KNOMAD, IMF BPM6 definitions); a year marked 'e' "
                       "in the file is an estimate (estimated = true)."},
        {"indicator": f"KNOMAD.{direction}.PCT_GDP", "title": f"Remittance {word} as % of GDP",
         "unit": "percent of GDP", "definition": "As printed by KNOMAD; GDP from the IMF World Economic Outlook."},
    ])
    return {"economy": economy, "economy_aggregates": aggregates, "economy_series": series}


# --- layouts -----------------------------------------------------------------------------------------------

def _layout(dataset: str, title: str, pattern: str, reader, citation: str) -> Layout:
    return Layout(dataset=f"knomad.{dataset}", publisher=PUBLISHER, title=title, licence=LICENCE,
                  citation=citation, source_url=URL, match=name_matches(pattern), read=reader)


LAYOUTS = [
    _layout("remittances_2017", "KNOMAD bilateral remittance matrix 2017",
            r"WB_Bilateral_Remittance_Estimates_2017\.xlsx", _xlsx_remittance_reader(2017),
            "World Bank/KNOMAD Bilateral Remittance Matrix 2017 (April 2018 version)."),
    _layout("remittances_2018", "KNOMAD bilateral remittance matrix 2018",
            r"Bilateralremittancematrix2018\w*\.csv", read_remittances_2018,
            "World Bank/KNOMAD Bilateral Remittance Matrix 2018 (October 2019 version)."),
    _layout("remittances_2021", "KNOMAD bilateral remittance matrix 2021",
            r"bilateral_remittance_matrix_2021\w*\.xlsx", _xlsx_remittance_reader(2021),
            "KNOMAD/World Bank Bilateral Remittance Matrix 2021, December 2022."),
    _layout("migrant_stock_2017", "World Bank bilateral migration matrix 2017",
            r"WB_Bilateral_Estimates_Migrant_Stocks_2017\.xlsx", read_migrant_stock_2017,
            "World Bank Bilateral Migration Matrix 2017."),
    _layout("inward_flows", "KNOMAD inward remittance flows", r"inward_remittance_flows_\w+\.xlsx",
            _flow_reader("INWARD", "Remittance inflows (US$ million)"),
            "World Bank-KNOMAD, <month year of the release> (inward remittance flows)."),
    _layout("outward_flows", "KNOMAD outward remittance flows", r"outward_remittance_flows_\w+\.xlsx",
            _flow_reader("OUTWARD", "Remittance outflows (US$ million)"),
            "KNOMAD/World Bank, <year of the release> (outward remittance flows)."),
]

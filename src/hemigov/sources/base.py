"""The small interface every source adapter implements.

An adapter module (one per publisher) exposes ``LAYOUTS``: the file layouts it knows. A layout
recognises a file (``match``) and parses it into harmonised frames for warehouse tables (``read``).
Parsing keeps the source's flags (suppressed cells, rounding, cases vs persons) and maps country names
or codes through the reviewed tables in ``hemigov.geo``; anything unexpected raises ``InputError``
naming the file, the place in it and the problem.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hemigov.core.errors import InputError


@dataclass
class Parsed:
    """What a layout's ``read`` returns."""

    vintage: str
    tables: dict[str, pd.DataFrame]
    notes: str = ""


@dataclass(frozen=True)
class Layout:
    dataset: str  #: stable id, e.g. "unhcr.population"
    publisher: str
    title: str
    licence: str
    citation: str
    source_url: str
    match: Callable[[Path], bool]
    read: Callable[[Path], Parsed]
    adapter: str = ""  #: module name, filled by the registry

    def cite(self, vintage: str) -> str:
        """The citation with its ``{vintage}`` placeholder filled in."""
        return self.citation.replace("{vintage}", vintage)


@dataclass(frozen=True)
class Ignored:
    """Files that sit beside data in a source folder and are known not to be data (or are extracts)."""

    match: Callable[[Path], bool]
    reason: str


@dataclass
class RawFile:
    path: Path
    sha256: str
    bytes: int
    layout: Layout | None = None
    ignored: str | None = None
    extra: dict = field(default_factory=dict)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def name_is(*names: str) -> Callable[[Path], bool]:
    wanted = {n.lower() for n in names}
    return lambda p: p.name.lower() in wanted


def name_matches(pattern: str) -> Callable[[Path], bool]:
    rx = re.compile(pattern, re.IGNORECASE)
    return lambda p: rx.fullmatch(p.name) is not None


_FOLDER_VINTAGE = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)(?:[_-].*)?$")


def vintage_from_folders(path: Path) -> str | None:
    """The nearest enclosing folder named like ``2026-07_...`` or ``2025-06-end2024`` gives the vintage."""
    for parent in path.parents:
        m = _FOLDER_VINTAGE.match(parent.name)
        if m:
            return m.group(1)
    return None


def read_csv_strict(path: Path, *, encoding: str = "utf-8", **kw) -> pd.DataFrame:
    """Read a CSV as strings, refusing ragged rows (the usual sign of a truncated or damaged file).

    ``keep_default_na=False`` keeps codes such as Namibia's "NA"; empty strings stay empty strings.
    """
    import csv
    import io

    try:
        text = path.read_text(encoding=encoding)
    except UnicodeDecodeError as e:
        raise InputError(path, f"byte {e.start}", f"not {encoding} text ({e.reason})") from e
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputError(path, None, "empty file")
    width = len(rows[0])
    for i, r in enumerate(rows[1:], start=2):
        if r and len(r) != width:
            raise InputError(path, f"row {i}", f"has {len(r)} fields, the header has {width} (truncated or damaged?)")
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, **kw)


def require_columns(df: pd.DataFrame, columns: list[str] | tuple[str, ...], file: Path, where: str = "header"):
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(file, where, f"missing column(s) {', '.join(repr(c) for c in missing)}; "
                                      f"found {', '.join(repr(str(c)) for c in list(df.columns)[:12])}")


def _numbers(values: pd.Series, file: Path, column: str, *, rows: list[int] | None = None,
             row_offset: int = 2) -> pd.Series:
    """Numbers from text (commas allowed; blanks and NA -> NaN); the first non-number raises ``InputError``.

    A value's file row is ``rows[position]`` when given, else its position + ``row_offset``.
    """
    s = values.astype("string").str.strip().str.replace(",", "", regex=False).replace("", pd.NA)
    nums = pd.to_numeric(s, errors="coerce")
    bad = s.notna() & nums.isna()
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        row = rows[pos] if rows is not None else pos + row_offset
        raise InputError(file, f"row {row}, column {column!r}", f"not a number: {values.iloc[pos]!r}")
    return nums


def to_values(values: pd.Series, file: Path, column: str, *, rows: list[int] | None = None) -> pd.Series:
    """Parse a column of numbers (commas allowed, blanks -> NULL) as floats; anything else is an InputError.

    ``rows`` gives the file row of each value when it is not simply its position + 2 (header, 1-based).
    """
    return _numbers(values, file, column, rows=rows).astype("Float64")


def to_count(values: pd.Series, file: Path, column: str, *, suppressed_marks: tuple[str, ...] = (),
             row_offset: int = 2) -> tuple[pd.Series, pd.Series]:
    """Parse a column of counts: numbers (commas allowed), blanks, and suppression marks.

    Returns ``(counts as nullable Int64, suppressed flags)``. A non-numeric value that is not a known mark
    raises ``InputError`` naming the first bad row (``row_offset`` converts the position to a file row).
    """
    suppressed = values.astype("string").str.strip().isin(suppressed_marks).fillna(False).astype(bool)
    nums = _numbers(values.where(~suppressed), file, column, row_offset=row_offset)
    frac = nums.notna() & (nums != nums.round())
    if frac.any():
        pos = int(frac.to_numpy().nonzero()[0][0])
        raise InputError(file, f"row {pos + row_offset}, column {column!r}",
                         f"count is not a whole number: {values.iloc[pos]!r}")
    return nums.round().astype("Int64"), suppressed


def check_allowed(s: pd.Series, file: Path, column: str, allowed: tuple[str, ...]) -> None:
    """Every value of a documented code column must be one of ``allowed`` (row = position + 2)."""
    bad = ~s.isin(allowed)
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(file, f"row {pos + 2}, column {column!r}",
                         f"unexpected value {s.iloc[pos]!r} (expected {', '.join(allowed)})")


def slug(text: str, max_chars: int | None = None) -> str:
    """Lower-case ASCII words joined by '-', cut at a word boundary within ``max_chars``."""
    # Accents drop to their base letter; other non-ASCII characters (dashes, ellipses) separate words.
    ascii_text = "".join(c if c.isascii() else "" if unicodedata.combining(c) else " "
                         for c in unicodedata.normalize("NFKD", text))
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if max_chars is not None and len(s) > max_chars:
        cut = s[:max_chars + 1]
        s = cut[:cut.rfind("-")] if "-" in cut else s[:max_chars]
    return s

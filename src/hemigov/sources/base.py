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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
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
#: The one grammar of a vintage (a release): YYYY-MM or YYYY-MM-DD, a real month or day. Adapters may
#: also name a bare year YYYY (KNOMAD, UN DESA releases); ``--vintage`` may not.
_VINTAGE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

#: The largest count taken: beyond 2**53 a float no longer holds every whole number, so the count could not
#: be carried exactly (and ``1e308`` would wrap to a negative 64-bit integer).
MAX_COUNT = 2**53


def check_vintage(text: str, file: str | Path | None = None, where: str | None = "--vintage", *,
                  year: bool = False) -> str:
    """``text`` if it is a vintage (``YYYY-MM`` or ``YYYY-MM-DD``, a real date; ``YYYY`` too when ``year``),
    else ``InputError``.

    Vintages name folders under ``raw/``, so nothing else (no ``..``, no slash) may pass.
    """
    m = _VINTAGE.fullmatch(text) if isinstance(text, str) else None
    try:
        if not m or (m[2] is None and not year):
            raise ValueError
        date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        forms = "YYYY, YYYY-MM or YYYY-MM-DD" if year else "YYYY-MM or YYYY-MM-DD"
        raise InputError(file, where, f"vintage {text!r} is not a release date {forms}") from None
    return text


# Readers are handed a staged copy of the input (hemigov.warehouse.load reads each input once: copy, then
# hash and parse the copy). Where the file came from - its folders give the vintage - is kept here.
_ORIGIN: ContextVar[tuple[Path, Path] | None] = ContextVar("hemigov_reading", default=None)


@contextmanager
def reading_copy(copy: Path, original: Path) -> Iterator[None]:
    """While parsing ``copy``, ``original(copy)`` answers ``original``."""
    token = _ORIGIN.set((Path(copy), Path(original)))
    try:
        yield
    finally:
        _ORIGIN.reset(token)


def original(path: Path) -> Path:
    """The file the user named, for a staged copy being parsed (else ``path`` itself).

    Use it for anything about where a file came from (enclosing folders, files beside it).
    """
    cur = _ORIGIN.get()
    return cur[1] if cur is not None and Path(path) == cur[0] else Path(path)


def vintage_from_folders(path: Path) -> str | None:
    """The nearest enclosing folder named like ``2026-07_...`` or ``2025-06-end2024`` gives the vintage."""
    for parent in original(path).parents:
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
    _check_duplicate_columns(rows, path)
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, **kw)


def _check_duplicate_columns(rows: list[list[str]], path: Path) -> None:
    """Two columns of one name must agree: pandas would silently rename the second (``name.1``)."""
    first: dict[str, int] = {}
    for j, name in enumerate(h.strip() for h in rows[0]):
        if name not in first:
            first[name] = j
            continue
        i = first[name]
        for r, row in enumerate(rows[1:], start=2):
            if row and row[i].strip() != row[j].strip():
                raise InputError(path, f"row 1, columns {i + 1} and {j + 1}",
                                 f"two columns named {name!r} with different values (row {r}: {row[i]!r} vs "
                                 f"{row[j]!r})")


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
    nums = pd.to_numeric(s, errors="coerce").astype("float64")
    bad = (s.notna() & nums.isna()).to_numpy(dtype=bool, na_value=False)
    if bad.any():
        pos = int(bad.nonzero()[0][0])
        row = rows[pos] if rows is not None else pos + row_offset
        raise InputError(file, f"row {row}, column {column!r}", f"not a number: {values.iloc[pos]!r}")
    inf = np.isinf(nums.to_numpy())
    if inf.any():  # "inf", "Infinity", "1e400": no statistic is infinite
        pos = int(inf.nonzero()[0][0])
        row = rows[pos] if rows is not None else pos + row_offset
        raise InputError(file, f"row {row}, column {column!r}", f"not a finite number: {values.iloc[pos]!r}")
    return nums


def check_counts(nums: pd.Series, file: Path | str, column: str, *, rows: list[int] | None = None,
                 row_offset: int = 2, printed: pd.Series | None = None,
                 place: str = "row {row}, column {column!r}") -> pd.Series:
    """Counts as nullable Int64: each must be a finite, whole, non-negative number below ``MAX_COUNT``.

    ``nums`` holds numbers (NaN or NA = not given). The first bad value raises ``InputError`` naming its row
    (``rows[position]``, else position + ``row_offset``), the column, and the value as printed.
    """
    v = pd.to_numeric(nums, errors="raise").astype("float64").to_numpy()
    with np.errstate(invalid="ignore"):  # NaN is "not given", compared and rounded as such
        whole = np.round(v)
    checks = ((~np.isfinite(v) & ~np.isnan(v), "not a finite number"), (v < 0, "negative count"),
              (np.abs(v) >= MAX_COUNT, f"count too large (not below 2**53 = {MAX_COUNT:,})"),
              (np.isfinite(v) & (v != whole), "count is not a whole number"))
    for bad, problem in checks:
        if bad.any():
            pos = int(bad.nonzero()[0][0])
            row = rows[pos] if rows is not None else pos + row_offset
            shown = (printed if printed is not None else nums).iloc[pos]
            raise InputError(file, place.format(row=row, column=column), f"{problem}: {shown!r}")
    return pd.Series(whole, index=nums.index).astype("Int64")


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
    return check_counts(nums, file, column, row_offset=row_offset, printed=values), suppressed


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

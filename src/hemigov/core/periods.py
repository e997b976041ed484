"""Periods: one grammar, parsed in one place, for the CLI, the API, indicators, replication, effects and fetch.

Grammar (spaces around separators are ignored)::

    period := point | point ".." point | YYYY "-" YYYY | YYYY "-" latest
    point  := YYYY | YYYY-MM | latest

``2019`` is that calendar year; ``2015-2020`` and ``2015..2020`` are the years 2015 to 2020; ``2015-01..2020-06``
the months January 2015 to June 2020; ``2020-03`` one month; ``latest`` the newest period the data hold;
``2015-latest`` from 2015 to the newest year. A year range written with months on one side is a month range.
The canonical text (``Period.label``) writes year ranges ``2015-2020`` and month ranges ``2015-01..2020-06``.

``latest`` is resolved against the data by :meth:`Period.resolve`, which also rejects periods outside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hemigov.core.errors import InputError

GRAMMAR = "YYYY, YYYY-YYYY, YYYY-MM, A..B or latest"
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4}|latest)$")

YM = tuple[int, int]


def _point(text: str, first: bool, what: str, raw: str) -> tuple[YM | None, str]:
    t = text.strip().lower()
    if t == "latest":
        return None, ""
    if _YEAR.match(t):
        return (int(t), 1 if first else 12), "year"
    m = _MONTH.match(t)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        if not 1 <= mo <= 12:
            raise InputError(None, what, f"{raw!r} is not a period ({GRAMMAR})")
        return (y, mo), "month"
    raise InputError(None, what, f"{raw!r} is not a period ({GRAMMAR})")


@dataclass(frozen=True)
class Period:
    """A closed span of months. ``start``/``end`` are (year, month); None means "latest" until resolved."""

    start: YM | None
    end: YM | None
    grain: str  # "year" | "month"

    # -- reading ------------------------------------------------------------------------------------------
    @property
    def resolved(self) -> bool:
        return self.start is not None and self.end is not None

    def _need(self) -> None:
        if not self.resolved:
            raise ValueError(f"period {self.label()} is not resolved against the data yet")

    @property
    def years(self) -> range:
        self._need()
        return range(self.start[0], self.end[0] + 1)

    @property
    def first_year(self) -> int:
        self._need()
        return self.start[0]

    @property
    def last_year(self) -> int:
        self._need()
        return self.end[0]

    @property
    def n_months(self) -> int:
        self._need()
        return (self.end[0] - self.start[0]) * 12 + self.end[1] - self.start[1] + 1

    def ym_bounds(self) -> tuple[int, int]:
        """(yyyymm of the first month, yyyymm of the last)."""
        self._need()
        return self.start[0] * 100 + self.start[1], self.end[0] * 100 + self.end[1]

    def contains_year(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def label(self) -> str:
        """The canonical text: ``2019``, ``2015-2020``, ``2020-03``, ``2015-01..2020-06``, ``latest``."""
        def one(p: YM | None, first: bool) -> str:
            if p is None:
                return "latest"
            return str(p[0]) if self.grain == "year" else f"{p[0]}-{p[1]:02d}"
        a, b = one(self.start, True), one(self.end, False)
        if a == b:
            return a
        if self.grain == "year":
            return f"{a}-{b}"
        return f"{a}..{b}"

    __str__ = label

    # -- resolving ----------------------------------------------------------------------------------------
    def resolve(self, first: int | YM, last: int | YM, what: str) -> Period:
        """Fill ``latest`` from the data's span ``first``..``last`` (years, or (year, month) for monthly data)
        and reject a period outside it (InputError naming ``what`` and the span it covers)."""
        lo = first if isinstance(first, tuple) else (int(first), 1)
        hi = last if isinstance(last, tuple) else (int(last), 12)
        if self.start is None and self.end is None:  # plain "latest": the newest year or month
            start, end = ((hi[0], 1), hi) if self.grain == "year" else (hi, hi)
        else:
            start = self.start if self.start is not None else lo
            end = self.end if self.end is not None else hi
        out = Period(start, end, self.grain)
        if start < lo or end > hi or end < start:  # '2100-latest' ends (at the newest data) before it starts
            span = Period(lo, hi, "year" if not isinstance(first, tuple) else "month").label()
            raise InputError(None, None, f"{self._kind()} {out.label()} outside the data: {what} covers {span}")
        return out

    def _kind(self) -> str:
        return "years" if self.grain == "year" else "months"

    def shifted_to_end(self, end: YM) -> Period:
        """The same length of time, ending at ``end``."""
        n = self.n_months
        total = end[0] * 12 + end[1] - 1 - (n - 1)
        return Period((total // 12, total % 12 + 1), end, self.grain)

    def as_years(self) -> Period:
        """The calendar years this period touches."""
        self._need()
        return Period((self.start[0], 1), (self.end[0], 12), "year")


def parse(value: object, what: str = "period") -> Period:
    """A period from text (the grammar above), a year (int), a (start, end) pair of years, or a Period.

    Raises InputError naming ``what`` (the parameter) when the value does not fit the grammar or ends before
    it starts.
    """
    if isinstance(value, Period):
        return value
    if isinstance(value, bool):
        raise InputError(None, what, f"{value!r} is not a period ({GRAMMAR})")
    if isinstance(value, int):
        return Period((value, 1), (value, 12), "year")
    if isinstance(value, (tuple, list)) and len(value) == 2:
        a, b = value
        sa = "latest" if a is None else str(a)
        sb = "latest" if b is None else str(b)
        return parse(f"{sa}..{sb}", what)
    if not isinstance(value, str):
        raise InputError(None, what, f"{value!r} is not a period ({GRAMMAR})")
    raw = value
    text = value.strip()
    m = _YEAR_RANGE.match(text.lower())
    if m:
        left, right = m.group(1), m.group(2)
    elif ".." in text:
        parts = text.split("..")
        if len(parts) != 2:
            raise InputError(None, what, f"{raw!r} is not a period ({GRAMMAR})")
        left, right = parts
    else:
        left = right = text
    start, g1 = _point(left, True, what, raw)
    end, g2 = _point(right, False, what, raw)
    grain = "month" if "month" in (g1, g2) else "year"
    if grain == "month":  # a year on one side of a month range means its first or last month
        start = start if start is None or g1 == "month" else (start[0], 1)
        end = end if end is None or g2 == "month" else (end[0], 12)
    if start is not None and end is not None and end < start:
        raise InputError(None, what, f"{raw!r} ends before it starts")
    return Period(start, end, grain)


def point(value: object, what: str = "date") -> YM | None:
    """One point (``YYYY``, ``YYYY-MM``; None for None or ``latest``) as the (year, month) it starts."""
    if value is None:
        return None
    p = parse(str(value), what)
    if p.start != p.end and not (p.grain == "year" and p.start[0] == p.end[0]):
        raise InputError(None, what, f"{value!r} is a range; give one year or month")
    return p.start

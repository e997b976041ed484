"""Pure functions of replication: periods, comparisons with tolerances, statuses, and the paper's table arithmetic.

Nothing here reads the warehouse; every function is a function of its arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from hemigov.indicators import formulas  # one definition of each rate, shared with the indicators

CELL_STATUSES = ("reproduced", "differs", "not-reproducible")
CLAIM_STATUSES = ("holds", "holds-approximately", "no-longer-holds", "contradicted", "untestable")
QUALIFIERS = ("approx", "over", "almost", "just_over", "at_most")


@dataclass(frozen=True)
class Period:
    """A closed period of months, ``start`` and ``end`` as (year, month); ``grain`` says how it was written."""

    start: tuple[int, int]
    end: tuple[int, int]
    grain: str  # "year" | "month"

    @property
    def years(self) -> range:
        return range(self.start[0], self.end[0] + 1)

    @property
    def n_months(self) -> int:
        return (self.end[0] - self.start[0]) * 12 + self.end[1] - self.start[1] + 1

    def ym_bounds(self) -> tuple[int, int]:
        """(yyyymm start, yyyymm end) for SQL ``year*100+month BETWEEN ? AND ?``."""
        return self.start[0] * 100 + self.start[1], self.end[0] * 100 + self.end[1]

    def label(self) -> str:
        if self.grain == "year":
            a, b = self.start[0], self.end[0]
            return str(a) if a == b else f"{a}..{b}"
        return f"{self.start[0]}-{self.start[1]:02d}..{self.end[0]}-{self.end[1]:02d}"

    def shifted_to_end(self, end: tuple[int, int]) -> Period:
        """The same length of time, ending at ``end`` (the latest the data hold)."""
        n = self.n_months
        total = end[0] * 12 + end[1] - 1 - (n - 1)
        return Period((total // 12, total % 12 + 1), end, self.grain)


def parse_period(text: str) -> Period:
    """Parse '2017', '2013..2020', '2015-01..2020-06' or '2020-03' into a Period.

    Parameters
    ----------
    text : str
        A year, a month, or a range of either joined by ``..``.

    Returns
    -------
    Period

    Notes
    -----
    A year means January to December; a month range is inclusive at both ends.
    """
    text = str(text).strip()
    parts = text.split("..")
    if len(parts) == 1:
        parts = [text, text]
    if len(parts) != 2:
        raise ValueError(f"bad period {text!r}")

    def one(p: str, first: bool) -> tuple[tuple[int, int], str]:
        if re.fullmatch(r"\d{4}", p):
            return (int(p), 1 if first else 12), "year"
        m = re.fullmatch(r"(\d{4})-(\d{2})", p)
        if m:
            return (int(m.group(1)), int(m.group(2))), "month"
        raise ValueError(f"bad period {text!r}")

    (s, g1), (e, g2) = one(parts[0], True), one(parts[1], False)
    return Period(s, e, "year" if g1 == g2 == "year" else "month")


def nearest_in_bounds(value: float, low: float | None, high: float | None, target: float) -> float:
    """The point of [low, high] nearest to ``target`` (``value`` when no bounds are known).

    Notes
    -----
    Used where suppression makes the true value an interval (IRCC prints 1–4 as "--"): the printed figure is
    consistent with the data when it falls inside the interval.
    """
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return value
    return min(max(target, low), high)


def within(computed: float, printed: float, tolerance: float, low: float | None = None,
           high: float | None = None) -> bool:
    """Whether ``computed`` (or a point of its suppression interval) is within ``tolerance`` of ``printed``."""
    if computed is None or pd.isna(computed) or printed is None or pd.isna(printed):
        return False
    v = nearest_in_bounds(computed, low, high, printed)
    return abs(v - printed) <= tolerance + 1e-9


def cell_status(computed: float, printed: float, tolerance: float, low: float | None = None,
                high: float | None = None) -> str:
    """``reproduced`` when within tolerance, ``differs`` otherwise, ``not-reproducible`` when nothing computed.

    Parameters
    ----------
    computed, printed : float
        The rebuilt value and the paper's printed value (NaN when missing).
    tolerance : float
        Absolute tolerance in the cell's unit.
    low, high : float, optional
        Bounds of the computed value when suppressed cells make it an interval.

    Returns
    -------
    str
        One of ``CELL_STATUSES``.
    """
    if computed is None or pd.isna(computed) or printed is None or pd.isna(printed):
        return "not-reproducible"
    return "reproduced" if within(computed, printed, tolerance, low, high) else "differs"


def claim_verdict(value: float, printed: float, tolerance: float, qualifier: str = "approx",
                  low: float | None = None, high: float | None = None) -> str:
    """Judge a claim: ``pass``, ``approx`` (within twice the tolerance) or ``fail``.

    Parameters
    ----------
    value : float
        The indicator computed from the data.
    printed : float
        The paper's number.
    tolerance : float
        Absolute tolerance in the claim's unit.
    qualifier : str
        The paper's wording: ``approx`` ('roughly', 'about', plain numbers), ``over`` ('over', 'more than',
        'at least'), ``almost`` ('almost', 'just under'), ``just_over`` ('just over'), ``at_most`` (ranks
        and ceilings: the value must not exceed the printed one).
    low, high : float, optional
        Suppression bounds of ``value``.

    Returns
    -------
    str
        ``pass``, ``approx`` or ``fail``.

    Notes
    -----
    'over X' passes for any value ≥ X; 'almost X' passes for X − tolerance ≤ value ≤ X; 'just over X' for
    X ≤ value ≤ X + tolerance. A value on the wrong side but within the tolerance (twice it, for plain
    numbers) is ``approx``.
    """
    if qualifier not in QUALIFIERS:
        raise ValueError(f"unknown qualifier {qualifier!r}")
    if value is None or pd.isna(value):
        return "fail"
    v = nearest_in_bounds(value, low, high, printed)
    d = v - printed
    t = tolerance + 1e-9
    if qualifier == "approx":
        return "pass" if abs(d) <= t else "approx" if abs(d) <= 2 * t else "fail"
    if qualifier == "over":
        return "pass" if d >= -1e-9 else "approx" if d >= -t else "fail"
    if qualifier == "almost":
        return "pass" if -t <= d <= 1e-9 else "approx" if abs(d) <= t else "fail"
    if qualifier == "just_over":
        return "pass" if -1e-9 <= d <= t else "approx" if abs(d) <= t else "fail"
    return "pass" if d <= 1e-9 else "approx" if d <= t else "fail"  # at_most


def claim_status(verdict: str, as_of: str, paper_verdict: str | None = None) -> str:
    """Map a verdict to a ledger status.

    Parameters
    ----------
    verdict : str
        ``pass`` | ``approx`` | ``fail`` for this evaluation.
    as_of : str
        ``paper`` (is it reproduced?) or ``latest`` (does it still hold?).
    paper_verdict : str, optional
        The as-of-paper verdict, for ``latest``: a claim that already failed as printed stays ``contradicted``.

    Returns
    -------
    str
        One of ``CLAIM_STATUSES``.
    """
    if verdict == "pass":
        return "holds"
    if verdict == "approx":
        return "holds-approximately"
    if as_of == "paper" or paper_verdict == "fail":
        return "contradicted"
    return "no-longer-holds"


def acceptance_rate(accepted: pd.Series | float, rejected: pd.Series | float):
    """The IRB's acceptance rate as the paper prints it: accepted / (accepted + rejected), in percent.

    Notes
    -----
    Abandoned and withdrawn claims are left out of the denominator, as in the IRB's own "acceptance rate".
    UNHCR's refugee recognition rate is the same ratio on its ``recognized`` and ``rejected`` columns
    (complementary protection, ``other``, is zero for Canada).

    References
    ----------
    UNHCR, Refugee Data Finder methodology: recognition rates exclude otherwise closed cases.
    """
    if isinstance(accepted, pd.Series):
        return 100.0 * formulas.acceptance_rate(accepted, rejected)
    return 100.0 * float(formulas.acceptance_rate(pd.Series([accepted]), pd.Series([rejected])).iloc[0])


def backlog_residuals(table: pd.DataFrame) -> pd.Series:
    """Residual of the stock-flow identity for a table of claims by period.

    Parameters
    ----------
    table : DataFrame
        Rows in time order with columns ``referred``, ``accepted``, ``rejected``, ``abandoned_withdrawn`` and
        ``backlog`` (pending at the end of the period).

    Returns
    -------
    Series
        printed backlog − (previous backlog + referred − accepted − rejected − abandoned/withdrawn);
        NaN for the first row (its opening stock is not printed).

    Notes
    -----
    A zero residual means the printed flows account for the change in the printed stock; non-zero residuals
    point at claims finalised otherwise (e.g. transfers), revisions between table extractions, or typos.
    """
    flows = table["referred"] - table["accepted"] - table["rejected"] - table["abandoned_withdrawn"]
    expected = table["backlog"].shift(1) + flows
    return table["backlog"] - expected

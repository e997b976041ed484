"""Pure functions of replication: comparisons with tolerances, statuses, and the paper's table arithmetic.

Nothing here reads the warehouse; every function is a function of its arguments. Periods are
:mod:`hemigov.core.periods`'s; rates are :mod:`hemigov.indicators.formulas`'s.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

CELL_STATUSES = ("reproduced", "differs", "not-reproducible")
CLAIM_STATUSES = ("holds", "holds-approximately", "no-longer-holds", "contradicted", "untestable")
EPS = 1e-9

#: How each wording of the paper judges d = value − printed against the tolerance t: (passes, nearly passes).
WORDINGS: dict[str, Callable[[float, float], tuple[bool, bool]]] = {
    "approx": lambda d, t: (abs(d) <= t, abs(d) <= 2 * t),  # 'roughly', 'about', plain numbers
    "over": lambda d, t: (d >= -EPS, d >= -t),  # 'over', 'more than', 'at least'
    "almost": lambda d, t: (-t <= d <= EPS, abs(d) <= t),  # 'almost', 'just under'
    "just_over": lambda d, t: (-EPS <= d <= t, abs(d) <= t),
    "at_most": lambda d, t: (d <= EPS, d <= t),  # ranks and ceilings
}
QUALIFIERS = tuple(WORDINGS)


def nearest_in_bounds(value: float, *, low: float | None, high: float | None, target: float) -> float:
    """The point of [low, high] nearest to ``target`` (``value`` when no bounds are known).

    Notes
    -----
    Used where suppression makes the true value an interval (IRCC prints 1–4 as "--"): the printed figure is
    consistent with the data when it falls inside the interval.
    """
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return value
    return min(max(target, low), high)


def within(computed: float, printed: float, tolerance: float, *, low: float | None = None,
           high: float | None = None) -> bool:
    """Whether ``computed`` (or a point of its suppression interval) is within ``tolerance`` of ``printed``."""
    if computed is None or pd.isna(computed) or printed is None or pd.isna(printed):
        return False
    v = nearest_in_bounds(computed, low=low, high=high, target=printed)
    return abs(v - printed) <= tolerance + 1e-9


def cell_status(computed: float, printed: float, tolerance: float, *, low: float | None = None,
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
    return "reproduced" if within(computed, printed, tolerance, low=low, high=high) else "differs"


def claim_verdict(value: float, printed: float, tolerance: float, *, qualifier: str = "approx",
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
    rule = WORDINGS[qualifier]
    if value is None or pd.isna(value):
        return "fail"
    passes, nearly = rule(nearest_in_bounds(value, low=low, high=high, target=printed) - printed, tolerance + EPS)
    return "pass" if passes else "approx" if nearly else "fail"


#: Verdicts that hold, as statuses; a failing verdict is contradicted or no longer holds (:func:`claim_status`).
HOLDS = {"pass": "holds", "approx": "holds-approximately"}


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
    if verdict in HOLDS:
        return HOLDS[verdict]
    return "contradicted" if as_of == "paper" or paper_verdict == "fail" else "no-longer-holds"


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

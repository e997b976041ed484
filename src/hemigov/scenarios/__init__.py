"""Scenarios: the paper's policy options as numbers with intervals, and a pledge-versus-delivery tracker.

>>> from hemigov.scenarios import list_scenarios, scenario, pledges
>>> list_scenarios()                                   # name, title, group, unit, summary, params
>>> r = scenario("resettlement_share_matching", years="2015-2020")
>>> r.value, r.low, r.high, r.assumptions              # low <= value <= high, assumptions in words
>>> pledges()                                          # one row per (pledge, measure)

Each scenario is a registered pure function of bound parameters (:mod:`hemigov.scenarios.registry`) over
:mod:`hemigov.series`, the indicators and the effect estimates; its formulas live in
:mod:`hemigov.scenarios.formulas`. Definitions and the list of scenarios: docs/scenarios.md.
"""

from __future__ import annotations

import pandas as pd

from hemigov.core.provenance import Provenance

# Importing the modules registers their scenarios.
from hemigov.scenarios import money, resettlement, visa  # noqa: F401
from hemigov.scenarios.registry import REGISTRY, bind, check, get, table
from hemigov.scenarios.result import ScenarioResult
from hemigov.scenarios.tracker import pledges

__all__ = ["REGISTRY", "ScenarioResult", "describe", "list_scenarios", "pledges", "scenario"]


def list_scenarios() -> pd.DataFrame:
    """One row per registered scenario: name, title, group, unit, summary, params (``key=default, ...``)."""
    return table()


def describe(name: str) -> dict:
    """A scenario's definition: name, title, group, unit, summary, assumptions, interval and its parameters
    (name, default, kind, choices, min, max, help)."""
    sc = get(name)
    return {"name": sc.name, "title": sc.title, "group": sc.group, "unit": sc.unit, "summary": sc.summary,
            "assumptions": list(sc.assumptions), "interval": sc.interval, "params": [p.to_dict() for p in sc.params]}


def scenario(name: str, **params) -> ScenarioResult:
    """Compute scenario ``name`` with ``params`` (see ``list_scenarios()`` and ``describe(name)``).

    Unknown scenarios and parameters, bad values and empty selections raise
    :class:`hemigov.core.errors.InputError` (exit status 2) with one line naming the closest valid choice.
    """
    sc = get(name)
    bound = bind(sc, params)
    c = check(sc, sc.func(**bound))
    detail = c.detail.reset_index(drop=True)
    sources = Provenance.of(detail).text()
    return ScenarioResult(name=sc.name, title=sc.title, group=sc.group, unit=sc.unit, value=float(c.value),
                          low=float(c.low), high=float(c.high), params=bound,
                          assumptions=[*sc.assumptions, *c.notes], interval=sc.interval, sources=sources,
                          detail=detail)

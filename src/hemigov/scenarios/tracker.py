"""The pledge tracker: each timeline pledge with a numeric target, linked to the series that measures delivery.

The targets, units, start months, deadlines and measures are a reviewed package table (``data/pledges.csv``,
dataset ``hemigov.pledges``): one row per pledge, keyed by its timeline event id, with the ids of the timeline rows
that restate it (``also``) and, for a pledge no series measures, why. The timeline's pledges are its rows whose
title says "pledge" or "commitment" (:func:`timeline_pledges`); ``tests/test_scenarios.py`` checks that every one
of them with a number is in the table.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from hemigov.core.paths import PACKAGE_DATA
from hemigov.core.provenance import Provenance
from hemigov.scenarios import delivery, formulas
from hemigov.series import catalogue, reference

DATASET = "hemigov.pledges"
COLUMNS = ["pledge", "date", "title", "actor", "target", "unit", "deadline", "measure", "delivered",
           "delivered_period", "share_of_target", "pace_needed_per_year", "status", "why", "sources"]
#: What makes a timeline row a pledge: its title says so.
PLEDGE_WORDS = re.compile(r"\bpledg|\bcommitment", re.IGNORECASE)
#: A number in a title: thousands with separators (4,000) or money ($27M, US$2.79bn).
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\$\s?[\d.]+")


def table() -> pd.DataFrame:
    """The reviewed pledge table as committed (``also`` and ``measures`` split into lists)."""
    t = pd.read_csv(PACKAGE_DATA / "pledges.csv", dtype=str, keep_default_na=False)
    return t.assign(target=t.target.astype(float),
                    measures=t.measures.map(lambda s: [m for m in s.split(";") if m]),
                    also=t.also.map(lambda s: [m for m in s.split(";") if m]))


def timeline_pledges(*, vintage: str = "latest") -> pd.DataFrame:
    """Timeline rows that are pledges with a numeric target: the title says pledge/commitment and the row has a
    value or its title a number."""
    e = reference.events(vintage=vintage)
    is_pledge = e.title.str.contains(PLEDGE_WORDS)
    numeric = e.value.notna() | e.title.str.contains(NUMBER)
    return e[is_pledge & numeric].reset_index(drop=True)


def _months(a: tuple[int, int], b: tuple[int, int]) -> int:
    return (b[0] - a[0]) * 12 + (b[1] - a[1]) + 1


def _row(p, ev, measure: str | None, vintage: str, own: str) -> dict:
    base = {"pledge": p.pledge, "date": ev.date.strftime("%Y-%m-%d"), "title": ev.title, "actor": p.actor,
            "target": p.target, "unit": p.unit, "deadline": p.deadline,
            "measure": delivery.MEASURES[measure].label if measure else "", "delivered": math.nan,
            "delivered_period": "", "share_of_target": math.nan, "pace_needed_per_year": math.nan}
    event_src = Provenance.of(ev.sources, own)
    if measure is None:
        return base | {"status": "unmeasurable", "why": p.why, "sources": event_src.text()}
    y, m = (int(x) for x in p.start.split("-"))
    start, deadline = (y, m), (int(p.deadline), 12)
    end = delivery.data_end(measure, vintage=vintage)
    got = delivery.delivered(measure, start, deadline, vintage=vintage)
    if end is None or got.empty or end < start:
        return base | {"status": "unmeasurable", "why": f"no {delivery.MEASURES[measure].label} data of this vintage "
                       f"from {p.start}", "sources": event_src.text()}
    done = float(got.persons.sum())
    if not delivery.MEASURES[measure].monthly:
        start = (start[0], 1)  # annual series: whole years from the pledge's year
    end = min(end, deadline)
    total, elapsed = _months(start, deadline), _months(start, end)
    share, pace, status = formulas.pledge_progress(p.target, done, elapsed / 12, total / 12, (total - elapsed) / 12)
    first, last = got.months.iloc[0].split("..")[0], got.months.iloc[-1].split("..")[1]
    lo, hi = float(got.persons_low.sum()), float(got.persons_high.sum())
    why = (f"{done:,.0f} delivered {first}..{last} ({elapsed} of {total} months); straight-line pace to date "
           f"{p.target * min(elapsed / total, 1):,.0f}")
    if hi > lo:
        why += f"; suppressed cells leave {lo:,.0f} to {hi:,.0f}"
    return base | {"delivered": done, "delivered_period": f"{first}..{last}", "share_of_target": share,
                   "pace_needed_per_year": pace, "status": status, "why": why,
                   "sources": Provenance.of(*got.sources, event_src).text()}


def pledges(as_of: str = "latest") -> pd.DataFrame:
    """One row per (pledge, measure): target, deadline, delivered to date, pace needed and status.

    Parameters
    ----------
    as_of : the vintage of the delivery series and the timeline: ``latest`` (default), ``paper`` or a release.

    Returns
    -------
    DataFrame with the columns of :data:`COLUMNS`; status is ``met``, ``on track``, ``behind`` or
    ``unmeasurable`` (with why).

    Notes
    -----
    Progress is measured from the pledge's start month to the end of the measuring series (or the deadline);
    on track = delivered >= target × elapsed/total months (:func:`hemigov.scenarios.formulas.pledge_progress`);
    pace needed = (target − delivered) / remaining years.

    References
    ----------
    UNHCR (2019). Global Compact on Refugees indicator framework; IRCC admissions of permanent residents by
    country of citizenship and immigration category; UNHCR Refugee Population Statistics (solutions).
    """
    d = catalogue.dataset(DATASET)
    own = Provenance.one(DATASET, str(d.vintage.iloc[0]), str(d.sha256.iloc[0])).text()
    rows = []
    for p in table().itertuples(index=False):
        ev = reference.event(p.pledge, vintage=as_of)
        for measure in p.measures or [None]:
            rows.append(_row(p, ev, measure, as_of, own))
    return pd.DataFrame(rows, columns=COLUMNS)

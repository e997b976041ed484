"""Policy events from the warehouse (``v_events``): listing, lookup by id or date, and the events that fall inside
an estimation window (possible confounders)."""

from __future__ import annotations

import re

import pandas as pd

from hemigov import api
from hemigov.core.errors import HemigovError

#: Topics whose events are warned about one by one when they fall inside an estimation window; events of the
#: other topics in CONTEXT_TOPICS are summarised in one warning.
CONFOUNDER_TOPICS = ("stca", "visa")
CONTEXT_TOPICS = ("us-policy", "asylum")



def load(kind: str | None = None) -> pd.DataFrame:
    df = api.query("SELECT * FROM v_events" + (" WHERE kind = ?" if kind else "") + " ORDER BY date, event_id",
                [kind] if kind else None)
    df["date"] = pd.to_datetime(df["date"])
    return df


def events(topic: str | None = None, actor: str | None = None, kind: str | None = None,
           since: str | None = None, until: str | None = None) -> pd.DataFrame:
    """Policy events and published figures from the timeline, oldest first.

    Parameters
    ----------
    topic : str, optional
        One topic or several separated by commas (asylum, resettlement, displacement, us-policy, funding,
        regional-framework, labour, stca, visa); case-insensitive.
    actor : str, optional
        Matches any part of the actor ("Canada" matches "Canada" and "Canada/USA"); case-insensitive.
    kind : {"event", "figure"}, optional
    since, until : str, optional
        ISO dates (inclusive).

    Returns
    -------
    DataFrame
        ``event_id``, ``date`` (datetime64; the first day of the month or year when ``date_precision`` is
        month or year), ``date_precision``, ``kind``, ``actor``, ``topic``, ``title``, ``value``, ``unit``,
        ``source_url``, ``confidence``, ``dataset``, ``vintage``.
    """
    df = load(kind)
    if topic:
        wanted = {t.strip().lower() for t in topic.split(",") if t.strip()}
        known = set(df["topic"].str.lower())
        if wanted - known:
            raise HemigovError(f"unknown topic {', '.join(sorted(wanted - known))}; known: {', '.join(sorted(known))}")
        df = df[df["topic"].str.lower().isin(wanted)]
    if actor:
        a = actor.strip().lower()
        df = df[df["actor"].str.lower().str.split("/").apply(lambda parts: a in parts)]
    if since:
        df = df[df["date"] >= pd.Timestamp(since)]
    if until:
        df = df[df["date"] <= pd.Timestamp(until)]
    return df.reset_index(drop=True)


def resolve(event: str) -> dict:
    """An event by exact id, unique id prefix, or ISO date (YYYY-MM-DD; a timeline event that day if any).

    Returns a dict with ``event_id`` (None for a bare date), ``date`` (Timestamp), ``title``, ``dataset``,
    ``vintage``.
    """
    ev = load("event")
    hit = ev[ev["event_id"] == event]
    if hit.empty:
        hit = ev[ev["event_id"].str.startswith(event)]
    if len(hit) > 1 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", event):
        hit = hit[hit["date"] == pd.Timestamp(event)]
    if len(hit) == 1:
        r = hit.iloc[0]
        return {"event_id": r["event_id"], "date": r["date"], "title": r["title"], "date_precision":
                r["date_precision"], "dataset": r["dataset"], "vintage": r["vintage"]}
    if len(hit) > 1:
        raise HemigovError(f"event {event!r} is ambiguous: {', '.join(hit['event_id'].head(5))}")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", event):
        return {"event_id": None, "date": pd.Timestamp(event), "title": f"date {event}", "date_precision": "day",
                "dataset": None, "vintage": None}
    raise HemigovError(f"unknown event {event!r}: give an event_id from `hemigov events` or a date YYYY-MM-DD")


def in_window(start: pd.Timestamp, end: pd.Timestamp, exclude_date: pd.Timestamp,
              exclude_id: str | None = None) -> list[str]:
    """Warnings naming other timeline events inside [start, end] (skipping the studied event's own day)."""
    ev = load("event")
    ev = ev[(ev["date"] >= start) & (ev["date"] <= end) & (ev["date"] != exclude_date)]
    if exclude_id:
        ev = ev[ev["event_id"] != exclude_id]
    out = [f"another event inside the window: {r.date:%Y-%m-%d} {r.title} ({r.event_id})"
           for r in ev[ev["topic"].isin(CONFOUNDER_TOPICS)].itertuples()]
    ctx = ev[ev["topic"].isin(CONTEXT_TOPICS)]
    if len(ctx):
        first = "; ".join(f"{r.date:%Y-%m-%d} {r.title[:60]}" for r in ctx.head(3).itertuples())
        more = f" and {len(ctx) - 3} more" if len(ctx) > 3 else ""
        out.append(f"{len(ctx)} US-policy/asylum events inside the window ({first}{more}): "
                   "`hemigov events --since/--until` lists them")
    return out

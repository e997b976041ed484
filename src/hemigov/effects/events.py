"""The policy timeline for effect estimation (:func:`hemigov.series.reference.events`): listing, lookup by id or
date, and the events that fall inside an estimation window (possible confounders)."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

import pandas as pd

from hemigov.core.errors import InputError, bad_value, unknown
from hemigov.series import reference

#: Topics whose events are named one by one when they fall inside an estimation window; events of the topics in
#: CONTEXT_TOPICS are counted. A series that US policy acts on directly (US Border Patrol encounters) names the
#: US-policy events too (:data:`US_CONFOUNDER_TOPICS`).
CONFOUNDER_TOPICS = ("stca", "visa")
CONTEXT_TOPICS = ("us-policy", "asylum")
US_CONFOUNDER_TOPICS = ("stca", "visa", "us-policy")
#: Topics as the diagnostics write them.
TOPIC_WORDS = {"stca": "STCA", "visa": "visa", "us-policy": "US-policy", "asylum": "asylum"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (inclusive).

    Returns
    -------
    DataFrame
        ``event_id``, ``date`` (datetime64; the first day of the month or year when ``date_precision`` is
        month or year), ``date_precision``, ``kind``, ``actor``, ``topic``, ``title``, ``value``, ``unit``,
        ``source_url``, ``confidence``, ``source_kind``, ``sources``. Unknown topics, actors and kinds are bad
        input with the closest valid one.
    """
    return reference.events(topic=topic, actor=actor, kind=kind, since=since, until=until)


@dataclass(frozen=True)
class Event:
    """A dated event: ``event_id`` (None for a bare date), ``date``, ``title``, ``date_precision`` and the
    ``sources`` of its timeline row ("" for a bare date)."""

    event_id: str | None
    date: pd.Timestamp
    title: str
    date_precision: str
    sources: str


def _event(row: pd.Series) -> Event:
    return Event(str(row.event_id), pd.Timestamp(row.date), str(row.title), str(row.date_precision),
                 str(row.sources))


def resolve(event: str) -> Event:
    """An event by exact id, unique id prefix, or ISO date (``YYYY-MM-DD``: the timeline event that day if there is
    one, else the bare date). Bad input: an unknown id (with the closest one), a prefix or date that matches
    several events (naming them), a date that does not exist."""
    text = str(event).strip()
    ev = reference.events(kind="event")
    hit = ev[ev.event_id == text]
    if hit.empty:
        hit = ev[ev.event_id.str.startswith(text)]
    is_date = bool(_DATE.match(text))
    if is_date:
        try:
            day = pd.Timestamp(text)
        except ValueError:
            raise bad_value("event", text, "an event id from `hemigov events` or a date YYYY-MM-DD") from None
        if len(hit) > 1:
            hit = hit[hit.date == day]
    if len(hit) == 1:
        return _event(hit.iloc[0])
    if len(hit) > 1:
        shown = ", ".join(hit.event_id.head(4)) + (f" … ({len(hit)} in all)" if len(hit) > 4 else "")
        raise InputError(None, "event", f"{text!r} matches {len(hit)} events ({shown}); give the full id")
    if is_date:
        return Event(None, day, "a date, not a timeline event", "day", "")
    err = unknown("event", text, ev.event_id)
    if "did you mean" not in err.problem:  # nothing close: name the ids that contain the words given
        part = ev[ev.event_id.str.contains(text.lower(), regex=False)]
        if len(part):
            shown = ", ".join(part.event_id.head(4)) + (f" … ({len(part)} in all)" if len(part) > 4 else "")
            err = InputError(None, None, f"unknown event {text!r}; ids that contain it: {shown}")
        else:
            err = InputError(None, None, f"unknown event {text!r}: give one of the {len(ev)} event ids "
                             "(`hemigov events --kind event`) or a date YYYY-MM-DD")
    raise err


def in_window(start: pd.Timestamp, end: pd.Timestamp, ev: Event,
              confounders: tuple[str, ...] = CONFOUNDER_TOPICS) -> pd.DataFrame:
    """Other timeline events inside [start, end] (not the studied event, nor others on its day) of the
    confounder and context topics: ``date``, ``event_id``, ``title``, ``topic``, ``confounder`` (an event of the
    ``confounders`` topics, named one by one; the others are counted), ``sources``."""
    df = reference.events(kind="event")
    df = df[(df.date >= start) & (df.date <= end) & (df.date != ev.date)]
    if ev.event_id:
        df = df[df.event_id != ev.event_id]
    df = df[df.topic.isin(tuple(confounders) + CONTEXT_TOPICS)]
    return df.assign(confounder=df.topic.isin(confounders))[
        ["date", "event_id", "title", "topic", "confounder", "sources"]].reset_index(drop=True)


def topic_words(topics, joint: str = "or") -> str:
    """``("stca", "visa")`` -> ``STCA or visa``; ``("us-policy", "asylum")`` -> ``US-policy or asylum``."""
    words = [TOPIC_WORDS.get(t, t) for t in dict.fromkeys(topics)]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {joint} {words[-1]}"


def context_topics(confounders: tuple[str, ...] = CONFOUNDER_TOPICS) -> tuple[str, ...]:
    """The context topics not already named as confounders (counted, not named)."""
    return tuple(t for t in CONTEXT_TOPICS if t not in confounders)


def window_warnings(others: pd.DataFrame, confounders: tuple[str, ...] = CONFOUNDER_TOPICS) -> list[str]:
    """Short warnings for the events of :func:`in_window`."""
    out = [f"another event inside the window: {r.date:%Y-%m-%d} {r.title} ({r.event_id})"
           for r in others[others.confounder].itertuples()]
    ctx = others[~others.confounder]
    if len(ctx):
        first = "; ".join(f"{r.date:%Y-%m-%d} {textwrap.shorten(r.title, 60, placeholder='…')}"
                          for r in ctx.head(3).itertuples())
        more = f" and {len(ctx) - 3} more" if len(ctx) > 3 else ""
        kinds = "/".join(TOPIC_WORDS[t] for t in context_topics(confounders))
        out.append(f"{len(ctx)} {kinds} event(s) inside the window ({first}{more}): "
                   "`hemigov events --since/--until` lists them")
    return out

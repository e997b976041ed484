"""Reference series: the country table and groupings (package data), the policy timeline, the paper's printed
tables and figures, and figures transcribed from web pages."""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import unknown
from hemigov.core.periods import point
from hemigov.core.provenance import COLUMN
from hemigov.series.base import LATEST, memo, rows, sql

COUNTRIES, GROUPINGS = "hemigov.countries", "hemigov.groupings"


@memo
def _package_source(dataset: str) -> str:
    d = sql("SELECT dataset || '@' || vintage AS s FROM datasets WHERE dataset = ? ORDER BY vintage DESC LIMIT 1",
            [dataset])
    return str(d.s.iloc[0]) if len(d) else ""


@memo
def countries() -> pd.DataFrame:
    """The reviewed country table (ISO3, names, kind, region schemes, income group), sorted by name."""
    df = sql("SELECT * FROM countries ORDER BY name")
    return df.assign(**{COLUMN: _package_source(COUNTRIES)})


@memo
def country_names() -> dict[str, str]:
    """ISO3 -> the country's name (read-only: one dict per warehouse, shared by its callers)."""
    c = countries()
    return dict(zip(c.iso3, c.name, strict=True))


def country(iso3: str) -> pd.Series:
    """One country's row; an unknown code is bad input with the closest valid code (case-insensitive)."""
    c = countries()
    hit = c[c.iso3 == str(iso3).strip().upper()]
    if hit.empty:
        raise unknown("country code", iso3, c.iso3)
    return hit.iloc[0]


@memo
def groupings() -> pd.DataFrame:
    """Memberships of the reviewed groupings, with names, kinds, roles and years."""
    df = sql("""SELECT g.grouping, i.name AS grouping_name, i.kind AS grouping_kind, g.iso3, c.name AS country,
                       g.role, g.start_year, g.end_year, g.note, g.source_url
                FROM groupings g LEFT JOIN grouping_info i USING (grouping) LEFT JOIN countries c USING (iso3)
                ORDER BY g.grouping, g.iso3, g.start_year""")
    return df.assign(**{COLUMN: _package_source(GROUPINGS)})


def grouping(name: str) -> pd.DataFrame:
    g = groupings()
    out = g[g.grouping == name]
    if out.empty:
        raise unknown("grouping", name, g.grouping.unique())
    return out.reset_index(drop=True)


# -- the policy timeline ---------------------------------------------------------------------------------------
@memo
def _events(vintage: str) -> pd.DataFrame:
    df = rows("events", "event_id, date, date_precision, kind, actor, topic, title, value, unit, source_url, "
              "confidence, source_kind", vintage=vintage, order="date, event_id")
    df["date"] = pd.to_datetime(df["date"])
    return df


def events(topic: str | list[str] | None = None, actor: str | None = None, kind: str | None = None,
           since: str | None = None, until: str | None = None, *, vintage: str = LATEST) -> pd.DataFrame:
    """Dated policy events and published figures, oldest first.

    ``topic``: one or several (comma-separated or a list), case-insensitive; ``actor`` matches any part of
    "Canada/USA"; ``kind``: event | figure; ``since``/``until``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
    (inclusive). Unknown topics, actors and kinds are bad input with the closest valid one. ``date`` is the first
    day of the period when ``date_precision`` is month or year.
    """
    df = _events(vintage)
    if topic:
        wanted = [t.strip().lower() for t in (topic.split(",") if isinstance(topic, str) else topic) if t.strip()]
        known = sorted(set(df.topic.str.lower()))
        for t in wanted:
            if t not in known:
                raise unknown("topic", t, known)
        df = df[df.topic.str.lower().isin(wanted)]
    if actor:
        a = actor.strip().lower()
        parts = df.actor.str.lower().str.split("/")
        known = sorted({p for ps in _events(vintage).actor.str.lower().str.split("/") for p in ps})
        if a not in known:
            raise unknown("actor", actor, known)
        df = df[parts.apply(lambda ps: a in ps)]
    if kind:
        if kind not in ("event", "figure"):
            raise unknown("kind", kind, ("event", "figure"))
        df = df[df.kind == kind]
    if since:
        df = df[df.date >= _day(since, "since")]
    if until:
        df = df[df.date <= _day(until, "until", end=True)]
    return df.reset_index(drop=True)


def _day(text: str, what: str, end: bool = False) -> pd.Timestamp:
    t = str(text).strip()
    if len(t) == 10:
        try:
            return pd.Timestamp(t)
        except ValueError:
            pass
    p = point(t, what)
    day = pd.Timestamp(year=p[0], month=p[1], day=1)
    if end:
        day = day + (pd.offsets.YearEnd(0) if len(t) == 4 else pd.offsets.MonthEnd(0))
    return day


def event(event_id: str, *, vintage: str = LATEST) -> pd.Series:
    """One timeline row by id (or a unique prefix of it); unknown ids are bad input with the closest id."""
    df = _events(vintage)
    hit = df[df.event_id == event_id]
    if hit.empty:
        hit = df[df.event_id.str.startswith(event_id)]
    if len(hit) != 1:
        raise unknown("event", event_id, df.event_id)
    return hit.iloc[0]


def event_vocabulary(*, vintage: str = LATEST) -> dict[str, list[str]]:
    df = _events(vintage)
    return {"topic": sorted(set(df.topic.str.lower())),
            "actor": sorted({p for ps in df.actor.str.lower().str.split("/") for p in ps}),
            "source_kind": sorted(set(df.source_kind.dropna()))}


# -- the paper and web pages ------------------------------------------------------------------------------------
@memo
def paper_table(exhibit: str) -> pd.DataFrame:
    """The paper's printed table (``table1``, ``table2``, ``table2_totals``, ``table3``), one row per cell."""
    df = rows("paper_tables", "exhibit, row, label, iso3, period, measure, value, unit", "exhibit = ?", [exhibit],
              order="row, measure")
    if df.empty:
        raise unknown("paper table", exhibit, ("table1", "table2", "table2_totals", "table3"))
    return df


def paper_table_wide(exhibit: str) -> pd.DataFrame:
    """The paper's table with one column per measure (row order as printed)."""
    t = paper_table(exhibit)
    wide = t.pivot_table(index=["row", "period", COLUMN], columns="measure", values="value",
                         aggfunc="first").reset_index()
    wide.columns.name = None
    labels = t.groupby("row")[["label", "iso3"]].first()
    return wide.join(labels, on="row").sort_values("row", ignore_index=True)


@memo
def paper_figures() -> pd.DataFrame:
    """Numbers printed in the paper's text and figures, with their quotes."""
    return rows("paper_figures", "figure_id, section, quote, value, unit, period, iso3, note", order="figure_id")


def paper_figure(figure_id: str) -> pd.Series:
    f = paper_figures()
    hit = f[f.figure_id == figure_id]
    if hit.empty:
        raise unknown("paper figure", figure_id, f.figure_id)
    return hit.iloc[0]


@memo
def web_figures(prefix: str = "") -> pd.DataFrame:
    """Figures transcribed from stored public web pages (``figure_id`` starting with ``prefix``)."""
    return rows("web_figures", "figure_id, topic, figure, value, unit, period, source_title, publisher, url, "
                "source_type, note", "starts_with(figure_id, ?)", [prefix], order="figure_id")

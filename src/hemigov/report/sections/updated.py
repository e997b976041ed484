"""Updated edition: the paper's exhibits through the latest data (``hemigov.replication.updated``), one chart and
table per unit, with a few labelled policy events on each chart and every event of the period in its table
(``hemigov.replication.annotations``, with ``source_kind``)."""

from __future__ import annotations

import re

import pandas as pd
from markupsafe import Markup

from hemigov.core.provenance import COLUMN
from hemigov.replication import EXHIBITS, annotations, updated
from hemigov.report import charts
from hemigov.report.context import Context
from hemigov.report.model import Col, Exhibit, Heading, Page, Prose
from hemigov.report.sections import Section
from hemigov.style import numbers

#: The events that matter for each exhibit's chart, by event-id prefix, with the label drawn on the chart (in
#: order of importance; at most charts.MAX_EVENTS are drawn, the rest stay in the events table).
KEY_EVENTS = {
    "fig1": [("2004-12-29-stca-enters", "STCA in force"), ("2009-07-14-mexico-visa", "Visa on Mexicans"),
             ("2016-12-01-canada-lifts-visa", "Mexican visa lifted"),
             ("2020-03-21-canada-us-pandemic", "Border closed (COVID)"),
             ("2023-03-25-stca-additional-protocol", "STCA protocol")],
    "fig2": [("2020-03-21-canada-us-pandemic", "Border closed (COVID)"),
             ("2022-06-10-canada-la-declaration", "LA Declaration pledge"),
             ("2023-10-10-canada-announces-humanitarian", "Americas pathway"),
             ("2023-12-15-canada-s-pledges", "GRF pledges")],
    "fig3": [("2016-12-01-canada-lifts-visa", "Mexican visa lifted"),
             ("2020-03-21-canada-us-pandemic", "Border closed (COVID)"),
             ("2023-03-25-stca-additional-protocol", "STCA protocol"),
             ("2024-02-29-canada-re-imposes-visa", "Visa re-imposed")],
    "table2": [("2020-03-21-canada-us-pandemic", "Border closed (COVID)"),
               ("2023-03-25-stca-additional-protocol", "STCA protocol")],
    "table3": [("2009-07-14-mexico-visa", "Visa on Mexicans"), ("2016-12-01-canada-lifts-visa", "Visa lifted"),
               ("2024-02-29-canada-re-imposes-visa", "Visa re-imposed")],
}
#: unit -> (kind of number, header of the value column)
UNITS = {"persons": ("count", "Persons"), "claims": ("count", "Claims"), "percent": ("percent", "Percent (%)"),
         "percent of GDP": ("percent", "Remittances, % of GDP (%)"),
         "USD million": ("usd_m", "US$ million")}
_ANNUAL = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def events_table(ev: pd.DataFrame, drawn: pd.DataFrame, ex_id: str, title: str) -> Exhibit:
    labels = dict(zip(drawn.event_id, drawn.label, strict=True))
    d = ev.copy()
    d["when"] = [numbers.date(v, p if p in numbers.DATE_FORMATS else "day")
                 for v, p in zip(d.date, d.date_precision, strict=True)]
    d["on_chart"] = [labels.get(e, "") for e in d.event_id]
    d[COLUMN] = d.dataset + "@" + d.vintage if COLUMN not in d.columns else d[COLUMN]
    return Exhibit(ex_id, f"Policy events in the period: {title}", "dated events (policy timeline)",
                   d.sort_values("date", ascending=False),
                   [Col("when", "Date", "text"), Col("title", "Event", "text"), Col("on_chart", "On the chart", "text"),
                    Col("actor", "Actor", "text"), Col("topic", "Topic", "text"),
                    Col("source_kind", "Kind of source", "text"), Col("source_url", "Source", "text")],
                   note="Kind of source: official (a government or UN page), news (a news-of-record report), research "
                        "(a study), weak (a secondary page; treat with care). Each row cites its own source.")


def _charted(part: pd.DataFrame, kind: str, title: str, ev: pd.DataFrame) -> tuple[dict | None, str]:
    """The chart of one unit's series: annual series by year, monthly series by month; partial years and
    cumulative counts stay in the table."""
    annual = part[part.period.str.match(_ANNUAL)]
    monthly = part[part.period.str.match(_MONTH)]
    doms = None
    if len(monthly) >= len(annual) and len(monthly):
        m = monthly.assign(year=monthly.period.str[:4].astype(int), month=monthly.period.str[5:7].astype(int))
        keep = m.groupby("series").size().sort_values(ascending=False).index[: len(charts.SERIES_COLOURS)]
        m = m[m.series.isin(keep)]
        doms = list(dict.fromkeys(m.series))
        spec = charts.monthly(m, y="value", y_title=UNITS[kind][1] if kind in UNITS else kind, series="series",
                              domain=doms, fill="gap", events=ev, description=title)
        return spec, (f"Lines by month, {m.period.min()} to {m.period.max()}, one per series ({len(doms)}): {title}"
                      + (f"; dashed lines mark {len(ev)} events, labelled." if len(ev) else "."))
    if annual.empty:
        return None, ""
    a = annual.assign(year=annual.period.astype(int))
    keep = a.groupby("series").value.sum().sort_values(ascending=False).index[: len(charts.SERIES_COLOURS)]
    a = a[a.series.isin(keep)]
    doms = list(dict.fromkeys(a.series))
    pct = UNITS.get(kind, ("number",))[0] == "percent"
    spec = charts.annual(a.assign(value=a.value / 100 if pct else a.value), y="value",
                         y_title=UNITS[kind][1] if kind in UNITS else kind, series="series" if len(doms) > 1 else None,
                         domain=doms if len(doms) > 1 else None, percent=pct, fill="gap", events=ev,
                         description=title)
    return spec, (f"Lines by year, {a.year.min()}–{a.year.max()}, one per series ({len(doms)}): {title}"
                  + (f"; dashed lines mark {len(ev)} events, labelled." if len(ev) else "."))


def build(ctx: Context) -> list[Page]:
    blocks: list = [Prose(Markup(
        "<p class='lede'>The paper's exhibits recomputed through the latest month or year each dataset holds, with "
        "the policy events that fall in their periods: a few labelled on each chart, all of them in the table under "
        "it. Printed values and the scorecard are in <a href='paper.html'>The paper, replicated</a>.</p>"))]
    for x, title in EXHIBITS.items():
        df = updated(x)
        ev = annotations(x)
        drawn, _rest = charts.pick_events(ev, KEY_EVENTS.get(x, []))
        blocks.append(Heading(title, id=f"updated-{x}"))
        for unit, part in df.groupby("unit", sort=False):
            kind = UNITS.get(str(unit), ("number", str(unit)))[0]
            spec, alt = _charted(part, str(unit), title, drawn)
            ex_id = f"updated-{x}-{_slug(str(unit))}"
            blocks.append(Exhibit(
                ex_id, f"{title.split(' ', 2)[0]} {title.split(' ', 2)[1]} updated: {unit}",
                f"{unit}, through the latest data", part.sort_values(["series", "period"], ascending=[True, False]),
                [Col("series", "Series", "text"), Col("period", "Period", "text"),
                 Col("value", UNITS.get(str(unit), (kind, str(unit)))[1], kind)],
                alt=alt, spec=spec,
                note="Periods marked (partial) hold fewer than 12 months and are not drawn; cumulative periods "
                     "(a..b) are in the table only."))
        if len(ev):
            blocks.append(events_table(ev, drawn, f"updated-{x}-events", title))
    return [Page("updated.html", "Updated edition", "updated", blocks,
                 description="The paper's exhibits through the latest data, with policy events")]


SECTION = Section("updated", "Updated edition", "updated.html", build)

"""Updated edition: the paper's exhibits through the latest year, with events annotated (hemigov.replication)."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from hemigov.report import auto, charts
from hemigov.report.context import Context
from hemigov.report.model import Exhibit, Page, Prose
from hemigov.report.sections import Section

MAX_LINES = 9  # more series than this make an unreadable line chart: the table carries them


def _tidy(df: pd.DataFrame) -> pd.DataFrame:
    """Give each period a numeric year (``sources`` stays the provenance)."""
    out = df.copy()
    period = out["period"].astype("string")
    year = pd.to_numeric(period.str.extract(r"^(\d{4})(?:-(\d{2}))?$")[0], errors="coerce")
    month = pd.to_numeric(period.str.extract(r"^\d{4}-(\d{2})$")[0], errors="coerce")
    # Months sit at their share of the year, so monthly and annual series share one time axis.
    out["year"] = year + (month.fillna(1) - 1) / 12
    return out


def _event_years(events: pd.DataFrame, lo: float, hi: float) -> pd.DataFrame:
    """Events inside the plotted span, placed at their decimal year (a month or year event at its start)."""
    d = pd.to_datetime(events["date"])
    ev = events.assign(year=d.dt.year + (d.dt.day_of_year - 1) / 365.25)
    return ev[(ev.year >= lo) & (ev.year <= hi)]


def _exhibit(x: str, title: str, df: pd.DataFrame, events: pd.DataFrame) -> Exhibit:
    data = _tidy(df)
    plot = data.dropna(subset=["year", "value"])
    if plot.series.nunique() > MAX_LINES:  # e.g. IRCC monthly beside UNHCR annual: chart the larger source
        biggest = plot.groupby("sources").size().idxmax()
        plot = plot[plot.sources == biggest]
    spec, alt = None, ""
    if len(plot) > 1 and plot.series.nunique() <= MAX_LINES and plot.unit.nunique() == 1:
        unit = str(plot.unit.iloc[0])
        spec = charts.line(plot, y="value", y_title=unit, color="series", color_title="series",
                           description=title)
        ev = _event_years(events, plot.year.min(), plot.year.max()) if len(events) else events
        spec = charts.with_events(spec, ev)
        last = plot.loc[plot.year.idxmax()]
        alt = (f"Line chart of {unit} over time, one line per series ({plot.series.nunique()}), "
               f"{int(plot.year.min())} to {int(plot.year.max())}; latest point: {last.series} "
               f"{last.value:,.0f} in {last.period}."
               + (f" Dashed vertical lines mark {len(ev)} policy events (listed below)." if len(ev) else ""))
    units = ", ".join(sorted(data.unit.dropna().astype(str).unique())) or "as printed"
    return Exhibit(auto.slug(f"updated-{x}"), f"{title} — through the latest data", units,
                   data.drop(columns=["year"]), alt=alt, spec=spec)


def build(ctx: Context) -> list[Page]:
    from hemigov.replication import EXHIBITS, annotations, updated

    blocks: list = [Prose(Markup(
        "<p class='lede'>The paper's exhibits recomputed through the latest month or year each dataset holds, "
        "with the policy events that fall in their periods. Printed values stay in <a href='paper.html'>The "
        "paper, replicated</a>.</p>"))]
    for x, title in EXHIBITS.items():
        df = updated(x)
        if df is None or df.empty:
            continue
        ev = annotations(x)
        blocks.append(_exhibit(x, title, df, ev))
        if len(ev):
            ev = ev[["date", "date_precision", "actor", "topic", "title", "source_kind", "source_url", "dataset",
                     "vintage"]]
            blocks.append(auto.exhibit(f"updated-{x}-events", f"Policy events in the period of {title.split()[0]} "
                                       f"{title.split()[1]}", ev, units="dated events"))
    if len(blocks) == 1:
        raise ValueError("the updated edition returned nothing to show")
    return [Page("updated.html", "Updated edition", "updated", blocks,
                 description="The paper's exhibits through the latest data, with policy events")]


SECTION = Section("updated", "Updated edition", "updated.html", build, requires=("hemigov.replication",))

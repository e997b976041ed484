"""One chart grammar for the whole report: Vega-Lite specifications built with Altair.

Builders return a plain Vega-Lite dict whose data are the exhibit's own table (inline values), so the
interactive chart, the static SVG/PNG and the CSV show the same numbers. ``html_spec`` and ``static_spec``
derive the two renderings: the page gives the title in HTML; the static image carries title, units and
source line itself.
"""

from __future__ import annotations

import copy

import altair as alt
import pandas as pd
import vl_convert as vlc

from hemigov.report.context import REGIONS
from hemigov.style.palette import FONT, REGION_COLOURS, SERIES_COLOURS, STATIC_FONT

WIDTH, HEIGHT = 640, 280


def _colour(field: str, title: str, domain: list[str] | None = None, regions: bool = False) -> alt.Color:
    if regions:
        scale = alt.Scale(domain=REGIONS, range=REGION_COLOURS)
    elif domain is not None:
        scale = alt.Scale(domain=domain, range=SERIES_COLOURS[: len(domain)])
    else:
        scale = alt.Scale(range=SERIES_COLOURS)
    return alt.Color(f"{field}:N", title=title, scale=scale,
                     legend=alt.Legend(orient="bottom", columns=2, labelLimit=360, symbolType="square"))


def _finish(chart: alt.Chart, description: str) -> dict:
    spec = chart.properties(width=WIDTH, height=HEIGHT, description=description).to_dict(validate=False)
    spec.pop("$schema", None)
    spec["$schema"] = "https://vega.github.io/schema/vega-lite/v6.json"
    return spec


def _tooltip(fields: list[tuple[str, str, str]]) -> list[alt.Tooltip]:
    return [alt.Tooltip(f"{f}:{t}", title=title, format=",.4~g" if t == "Q" else "") for f, t, title in fields]


def line(df: pd.DataFrame, *, y: str, y_title: str, description: str, x: str = "year", color: str | None = None,
         color_title: str = "", domain: list[str] | None = None, percent: bool = False,
         regions: bool = False) -> dict:
    """A line chart over years (points marked), one line per ``color`` value."""
    fmt = ".0%" if percent else ",.3~s"
    enc = {"x": alt.X(f"{x}:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1),
                      scale=alt.Scale(zero=False, nice=False)),
           "y": alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=fmt)),
           "tooltip": _tooltip([(x, "O", "Year"), *([(color, "N", color_title)] if color else []),
                                (y, "Q", y_title)])}
    if color:
        enc["color"] = _colour(color, color_title, domain, regions)
    if percent:
        enc["tooltip"][-1] = alt.Tooltip(f"{y}:Q", title=y_title, format=".2%")
    return _finish(alt.Chart(df).mark_line(point=True, strokeWidth=2).encode(**enc), description)


def bars(df: pd.DataFrame, *, y: str, y_title: str, description: str, x: str = "year", x_title: str = "Year",
         x_type: str = "O", color: str | None = None, color_title: str = "", domain: list[str] | None = None,
         regions: bool = False, normalize: bool = False, horizontal: bool = False, sort=None) -> dict:
    """Bars (stacked by ``color``; ``normalize`` gives shares of each bar's total)."""
    stack = "normalize" if normalize else "zero"
    fmt = ".0%" if normalize else ",.3~s"
    cat = alt.X(f"{x}:{x_type}", title=x_title, sort=sort) if not horizontal else \
        alt.Y(f"{x}:{x_type}", title=x_title, sort=sort)
    val = alt.Y(f"{y}:Q", title=y_title, stack=stack, axis=alt.Axis(format=fmt)) if not horizontal else \
        alt.X(f"{y}:Q", title=y_title, stack=stack, axis=alt.Axis(format=fmt))
    enc = {"x": cat, "y": val} if not horizontal else {"y": cat, "x": val}
    enc["tooltip"] = _tooltip([(x, x_type, x_title), *([(color, "N", color_title)] if color else []),
                               (y, "Q", y_title)])
    if color:
        enc["color"] = _colour(color, color_title, domain, regions)
        enc["order"] = alt.Order(f"{color}_order:Q") if f"{color}_order" in df.columns else alt.Undefined
    return _finish(alt.Chart(df).mark_bar().encode(**enc), description)


def with_events(spec: dict, events: pd.DataFrame) -> dict:
    """Layer dated events (columns ``year`` as a decimal year, ``date``, ``title``) over a chart as thin rules.

    The events' own table is published beside the chart, so the rules carry no legend, only tooltips.
    """
    if events.empty:
        return spec
    base = copy.deepcopy(spec)
    outer = {k: base.pop(k) for k in ("$schema", "width", "height", "description", "datasets", "config")
             if k in base}
    rules = {"data": {"values": events[["year", "date", "title"]].astype({"date": str}).to_dict("records")},
             "mark": {"type": "rule", "strokeDash": [3, 3], "color": "#6b6b6b", "strokeWidth": 1},
             "encoding": {"x": {"field": "year", "type": "quantitative"},
                          "tooltip": [{"field": "date", "type": "nominal", "title": "Date"},
                                      {"field": "title", "type": "nominal", "title": "Event"}]}}
    return {**outer, "layer": [base, rules]}


def html_spec(spec: dict) -> dict:
    """The interactive variant: fills its container's width (responsive); the page shows the title."""
    s = copy.deepcopy(spec)
    s.pop("title", None)
    s["width"] = "container"
    s["autosize"] = {"type": "fit-x", "contains": "padding"}
    s.setdefault("config", {})["font"] = FONT
    return s


def static_spec(spec: dict, title: str, subtitle: list[str]) -> dict:
    """The static variant: title, units and source line inside the image."""
    s = copy.deepcopy(spec)
    s["title"] = {"text": title, "subtitle": subtitle, "anchor": "start", "subtitleColor": "#333333",
                  "fontSize": 15, "subtitleFontSize": 11}
    s["background"] = "white"
    s.setdefault("config", {})["font"] = STATIC_FONT
    return s


def render_static(spec: dict) -> tuple[str, bytes]:
    """SVG text and PNG bytes, offline (vl-convert embeds Vega; no network)."""
    svg = vlc.vegalite_to_svg(spec)
    png = vlc.svg_to_png(svg, scale=1)
    return svg, png

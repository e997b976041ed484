"""Vega-Lite specifications of the dashboard's charts (plain dicts, data inline), in the report's style:
Okabe-Ito colours, responsive width, tooltips with the exact values."""

from __future__ import annotations

import pandas as pd

from hemigov.serve.respond import jsonable
from hemigov.style.palette import FONT, SERIES_COLOURS

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
COLOURS = SERIES_COLOURS  # the report's palette and font: one look for both


def _spec(values: list[dict], description: str, **body) -> dict:
    return {"$schema": SCHEMA, "description": description, "width": "container", "height": 260,
            "autosize": {"type": "fit-x", "contains": "padding"}, "data": {"values": values},
            "config": {"font": FONT, "legend": {"orient": "bottom"}}, **body}


def representation(df: pd.DataFrame) -> dict:
    """Grouped bars: each origin region's share of resettled (s_r) beside its share of displaced (d_r)."""
    long = pd.concat([df[["region", "s_r"]].rename(columns={"s_r": "share"}).assign(measure="share of resettled"),
                      df[["region", "d_r"]].rename(columns={"d_r": "share"}).assign(measure="share of displaced")])
    return _spec(jsonable(long), "Share of resettlement arrivals and of global cross-border displacement by origin "
                 "region", mark="bar", encoding={
                     "y": {"field": "region", "type": "nominal", "title": None, "sort": "-x"},
                     "yOffset": {"field": "measure"},
                     "x": {"field": "share", "type": "quantitative", "title": "Share", "axis": {"format": ".0%"}},
                     "color": {"field": "measure", "type": "nominal", "title": None,
                               "scale": {"range": COLOURS[:2]}},
                     "tooltip": [{"field": "region"}, {"field": "measure"},
                                 {"field": "share", "type": "quantitative", "format": ".2%"}]})


def fair_share(df: pd.DataFrame) -> dict:
    """Bars of each country's fair share with its actual resettlement as a tick."""
    vals = jsonable(df[["iso3", "fair_share", "actual"]])
    enc_y = {"field": "iso3", "type": "nominal", "title": None, "sort": "-x"}
    return _spec(vals, "Fair share and actual resettlement by country", layer=[
        {"mark": "bar", "encoding": {"y": enc_y, "x": {"field": "fair_share", "type": "quantitative",
                                                       "title": "Resettlement places"},
                                     "color": {"value": COLOURS[0]},
                                     "tooltip": [{"field": "iso3"}, {"field": "fair_share", "format": ",.1f"},
                                                 {"field": "actual", "format": ",.0f"}]}},
        {"mark": {"type": "tick", "thickness": 3}, "encoding": {"y": enc_y, "x": {"field": "actual",
                                                                                  "type": "quantitative"},
                                                                "color": {"value": COLOURS[1]}}}])


def profile(df: pd.DataFrame) -> dict:
    """Lines per measure over years (displaced from / hosted in / resettled from / resettled to)."""
    return _spec(jsonable(df[["year", "measure", "persons"]]), "People per year by measure", mark={
        "type": "line", "point": True}, encoding={
        "x": {"field": "year", "type": "quantitative", "title": "Year", "axis": {"format": "d"}},
        "y": {"field": "persons", "type": "quantitative", "title": "People", "axis": {"format": ",.3~s"}},
        "color": {"field": "measure", "type": "nominal", "title": None, "scale": {"range": COLOURS}},
        "tooltip": [{"field": "year"}, {"field": "measure"}, {"field": "persons", "format": ","}]})


def events(df: pd.DataFrame) -> dict:
    """A timeline: one point per event, by topic."""
    return _spec(jsonable(df[["date", "topic", "title", "actor"]]), "Policy events and figures by date and topic",
                 mark={"type": "point", "filled": True, "size": 60}, encoding={
                     "x": {"field": "date", "type": "temporal", "title": "Date"},
                     "y": {"field": "topic", "type": "nominal", "title": None},
                     "color": {"field": "topic", "type": "nominal", "legend": None,
                               "scale": {"range": COLOURS}},
                     "tooltip": [{"field": "date"}, {"field": "actor"}, {"field": "title"}]})

"""Vega-Lite specifications of the dashboard's charts (plain dicts, data inline), in the report's style
(``hemigov.style.palette``): Okabe-Ito colours, responsive width, tooltips with the values written by the one
number formatter (``hemigov.style.numbers``), so a chart's tooltip and the table beside it read the same."""

from __future__ import annotations

import pandas as pd

from hemigov.serve.money import NOT_ALLOCATED
from hemigov.serve.respond import jsonable
from hemigov.style import numbers
from hemigov.style.palette import FONT, REGION_COLOURS, SERIES_COLOURS

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
COLOURS = SERIES_COLOURS  # the report's palette and font: one look for both
#: d3 axis formats per number kind (the tooltips carry the formatter's own text).
AXIS = {"count": ",.3~s", "share": ".0%", "percent": ".0f", "ratio": ".3~g", "number": ",.3~g", "year": "d"}
MAP_URL = "/static/maps/countries-50m.json"


def _spec(values: list[dict], description: str, height: int = 260, **body) -> dict:
    return {"$schema": SCHEMA, "description": description, "width": "container", "height": height,
            "autosize": {"type": "fit-x", "contains": "padding"}, "data": {"values": values},
            "config": {"font": FONT, "legend": {"orient": "bottom"}, "view": {"stroke": None}}, **body}


def labelled(df: pd.DataFrame, column: str, kind: str, label: str = "label") -> pd.DataFrame:
    """``df`` with ``label``: ``column`` written by the one formatter as ``kind``."""
    return df.assign(**{label: [numbers.fmt(v, kind) for v in df[column]]})


def representation(df: pd.DataFrame) -> dict:
    """Grouped bars: each origin region's share of resettled (s_r) beside its share of displaced (d_r)."""
    long = [{"region": region, "share": share, "measure": measure, "label": numbers.fmt(share, "share")}
            for column, measure in (("s_r", "share of resettled"), ("d_r", "share of displaced"))
            for region, share in zip(df.region, df[column].astype(float), strict=True)]  # no frame per request
    return _spec(jsonable(long), "Share of resettlement arrivals and of global cross-border displacement by origin "
                 "region", mark="bar", encoding={
                     "y": {"field": "region", "type": "nominal", "title": None, "sort": "-x"},
                     "yOffset": {"field": "measure"},
                     "x": {"field": "share", "type": "quantitative", "title": "Share", "axis": {"format": ".0%"}},
                     "color": {"field": "measure", "type": "nominal", "title": None,
                               "scale": {"range": COLOURS[:2]}},
                     "tooltip": [{"field": "region", "title": "Region"}, {"field": "measure", "title": "Measure"},
                                 {"field": "label", "title": "Share"}]})


def compared(df: pd.DataFrame, unit: str, kind: str, highlight: str) -> dict:
    """Horizontal bars: one value per country (the explorer's resettlement countries compared), the chosen
    destination in the Americas' colour."""
    vals = [{"iso3": iso3, "name": name, "value": v, "label": numbers.fmt(v, kind), "chosen": iso3 == highlight}
            for iso3, name, v in zip(df.iso3, df.name, df.value.astype(float), strict=True)]
    return _spec(jsonable(vals),
                 f"Resettlement arrivals by resettlement country, {unit}", height=max(160, 22 * len(df)),
                 mark="bar", encoding={
                     "y": {"field": "name", "type": "nominal", "title": None, "sort": "-x"},
                     "x": {"field": "value", "type": "quantitative", "title": unit,
                           "axis": {"format": AXIS.get(kind, ",.3~g")}},
                     "color": {"field": "chosen", "type": "nominal", "legend": None,
                               "scale": {"domain": [True, False], "range": [REGION_COLOURS[0], COLOURS[0]]}},
                     "tooltip": [{"field": "name", "title": "Country"}, {"field": "label", "title": unit}]})


def fair_share(df: pd.DataFrame) -> dict:
    """Bars of each country's fair share with its actual resettlement as a tick."""
    vals = labelled(labelled(df, "fair_share", "count", "fair_label"), "actual", "count", "actual_label")
    vals = jsonable(vals[["iso3", "name", "fair_share", "actual", "fair_label", "actual_label"]])
    enc_y = {"field": "name", "type": "nominal", "title": None, "sort": "-x"}
    tip = [{"field": "name", "title": "Country"}, {"field": "fair_label", "title": "Fair share"},
           {"field": "actual_label", "title": "Actual"}]
    return _spec(vals, "Fair share and actual resettlement by country", layer=[
        {"mark": "bar", "encoding": {"y": enc_y, "x": {"field": "fair_share", "type": "quantitative",
                                                       "title": "Resettlement places",
                                                       "axis": {"format": AXIS["count"]}},
                                     "color": {"value": COLOURS[0]}, "tooltip": tip}},
        {"mark": {"type": "tick", "thickness": 3}, "encoding": {"y": enc_y, "x": {"field": "actual",
                                                                                  "type": "quantitative"},
                                                                "color": {"value": COLOURS[1]}, "tooltip": tip}}])


def profile(df: pd.DataFrame, unit: str, kind: str) -> dict:
    """Lines per measure over years (displaced from / hosted in / resettled from / resettled to)."""
    vals = labelled(df.dropna(subset=["value"]), "value", kind)
    return _spec(jsonable(vals[["year", "measure", "value", "label"]]), f"{unit.capitalize()} per year by measure",
                 mark={"type": "line", "point": True}, encoding={
                     "x": {"field": "year", "type": "quantitative", "title": "Year", "axis": {"format": "d"}},
                     "y": {"field": "value", "type": "quantitative", "title": unit,
                           "axis": {"format": AXIS.get(kind, ",.3~g")}},
                     "color": {"field": "measure", "type": "nominal", "title": None, "scale": {"range": COLOURS}},
                     "tooltip": [{"field": "year", "title": "Year"}, {"field": "measure", "title": "Measure"},
                                 {"field": "label", "title": unit}]})


def breaks(values: pd.Series, classes: int = 6) -> list[float]:
    """Class breaks for a choropleth: the values' quantiles, rounded to two significant digits, each once (so a
    skewed distribution — a few countries with millions, most with hundreds — still shows its spread)."""
    v = values.dropna().astype(float)
    if v.empty:
        return []
    out: list[float] = []
    for q in [i / classes for i in range(1, classes)]:
        x = float(v.quantile(q))
        if x > 0:
            x = float(f"{x:.2g}")
        if x not in out and x > (out[-1] if out else float("-inf")):
            out.append(x)
    return out


def classes(values: pd.Series, domain: list[float], kind: str) -> tuple[pd.Series, list[str]]:
    """Each value's class under the breaks ``domain`` (``< b1``, ``b1–b2`` … ``≥ bk``), written by the one
    formatter, and the classes in order."""
    w = [numbers.fmt(b, kind) for b in domain]
    labels = ([f"< {w[0]}"] + [f"{a}–{b}" for a, b in zip(w, w[1:], strict=False)] + [f"≥ {w[-1]}"]) if w else ["all"]

    def one(v):
        if numbers.missing(v):
            return None
        return labels[sum(v >= b for b in domain)]
    return values.map(one), labels


def choropleth(df: pd.DataFrame, note: dict) -> dict:
    """Countries coloured by ``value`` in classes (quantile breaks; for the representation ratio, classes around
    1) whose labels the one formatter writes, drawn from the TopoJSON the package ships; countries without a
    value in grey. Keyed by the ISO numeric (M49) code. The Americas are centred on 90°W so that Alaska's
    Aleutians, which cross 180°, stay in one piece."""
    kind = note["kind"]
    if note["measure"] == "representation":
        domain, scheme = [0.25, 0.5, 0.9, 1.1, 2, 4], "redblue"
        title = "resettled share ÷ displaced share"
    else:
        domain, scheme = breaks(df["value"]), "blues"
        title = note["unit"]
    cls, labels = classes(df["value"], domain, kind)
    vals = jsonable(labelled(df, "value", kind).assign(cls=cls)[["iso3", "m49", "name", "value", "label", "cls"]])
    scale = {"domain": labels, "scheme": {"name": scheme, "count": len(labels)}}
    legend = {"title": title, "orient": "bottom", "direction": "horizontal", "symbolType": "square",
              "columns": min(len(labels), 7), "labelLimit": 200, "titleLimit": 600}
    world = note["area"] == "world"
    lookup = {"lookup": "id", "from": {"data": {"values": vals}, "key": "m49",
                                       "fields": ["iso3", "name", "value", "label", "cls"]}}
    base = [lookup] if world else [lookup, {"filter": "datum.iso3 != null"}]
    projection = {"type": "equalEarth"} if world else {"type": "equalEarth", "rotate": [90, 0, 0]}
    return {"$schema": SCHEMA, "description": f"Map: {note['title']}, {note['year']}, {note['area_label']}",
            "width": "container", "height": 420 if world else 640,
            "autosize": {"type": "fit-x", "contains": "padding"},
            "data": {"url": MAP_URL, "format": {"type": "topojson", "feature": "countries"}},
            "projection": projection,
            "config": {"font": FONT, "view": {"stroke": None}},
            "layer": [
                {"transform": base, "mark": {"type": "geoshape", "fill": "#e3e3e3", "stroke": "#ffffff",
                                             "strokeWidth": 0.4},
                 "encoding": {"tooltip": [{"field": "properties.name", "title": "Country"}]}},
                {"transform": [lookup, {"filter": "isValid(datum.value)"}],
                 "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.4},
                 "encoding": {"color": {"field": "cls", "type": "ordinal", "scale": scale, "legend": legend},
                              "tooltip": [{"field": "name", "title": "Country"},
                                          {"field": "label", "title": note["unit"]}]}}]}


def events(df: pd.DataFrame) -> dict:
    """A timeline: one point per event, by topic."""
    vals = df[["when", "date", "topic", "title", "actor", "source_kind"]]
    return _spec(jsonable(vals), "Policy events and figures by date and topic",
                 mark={"type": "point", "filled": True, "size": 60}, encoding={
                     "x": {"field": "date", "type": "temporal", "title": "Date"},
                     "y": {"field": "topic", "type": "nominal", "title": None},
                     "color": {"field": "topic", "type": "nominal", "legend": None,
                               "scale": {"range": COLOURS}},
                     "tooltip": [{"field": "when", "title": "Date"}, {"field": "actor", "title": "Actor"},
                                 {"field": "title", "title": "Event"},
                                 {"field": "source_kind", "title": "Source kind"}]})



def axis(kind: str) -> dict:
    """A quantitative axis for ``kind``: money as ``US$100M`` / ``US$1.2B`` (not ``1e+8``), the rest by AXIS."""
    if kind == "usd":
        return {"format": "$,.3~s", "labelExpr": "'US' + replace(datum.label, 'G', 'B')"}
    return {"format": AXIS.get(kind, ",.3~g")}


def funding(df: pd.DataFrame, highlight: str, donor: str) -> dict:
    """Stacked bars: a donor's UNHCR commitments per year by the bureau they are earmarked to (money allocated to
    no bureau as its own, grey, part); ``highlight`` (the Americas) in the Americas' colour, at the bottom."""
    vals = df.assign(bureau=df.region.fillna(NOT_ALLOCATED))
    vals = vals.groupby(["year", "bureau"], as_index=False).usd_m.sum()
    vals = labelled(vals, "usd_m", "usd_m").assign(first=(vals.bureau != highlight).astype(int))
    others = sorted(set(vals.bureau) - {highlight, NOT_ALLOCATED})
    domain = [highlight, *others, NOT_ALLOCATED]
    # never the highlight's colour, nor a grey that reads as "not allocated"
    rest = [c for c in COLOURS if c.lower() not in (REGION_COLOURS[0].lower(), "#999999", "#bdbdbd")]
    rng = [REGION_COLOURS[0], *(rest * 3)[:len(others)], "#bdbdbd"]
    return _spec(jsonable(vals), f"UNHCR commitments by {donor} per year by UNHCR bureau, US$ millions",
                 height=300, mark="bar", encoding={
                     "x": {"field": "year", "type": "ordinal", "title": "Year (UNHCR programme year)"},
                     "y": {"field": "usd_m", "type": "quantitative", "title": "US$ millions", "stack": "zero"},
                     "color": {"field": "bureau", "type": "nominal", "title": "Earmarked to",
                               "scale": {"domain": domain, "range": rng},
                               "legend": {"columns": 2, "labelLimit": 320}},
                     "order": {"field": "first"},
                     "tooltip": [{"field": "year", "title": "Year"}, {"field": "bureau", "title": "Earmarked to"},
                                 {"field": "label", "title": "US$"}]})


def over_time(df: pd.DataFrame, *, x: str, y: str, kind: str, x_title: str, y_title: str, description: str,
              colour: str | None = None, fiscal: bool = False, order: list[str] | None = None) -> dict:
    """A line per ``colour`` (or one line) of ``y`` over ``x``: years (``fiscal``: labelled ``FY2024``) or
    months (``x`` a date column). ``order``: the lines in the palette's order (the largest first gets the
    strongest colour)."""
    keep = [c for c in (x, y, colour) if c]
    vals = labelled(df[keep].dropna(subset=[y]), y, kind)
    temporal = pd.api.types.is_datetime64_any_dtype(df[x])
    if temporal:
        vals = vals.assign(**{x: vals[x].dt.strftime("%Y-%m"), "when": vals[x].dt.strftime("%b %Y")})
        xenc = {"field": x, "type": "temporal", "title": x_title, "axis": {"format": "%b %Y"}}  # never a bare month
        when = {"field": "when", "title": "Month"}
    else:
        vals = vals.assign(when=[("FY" if fiscal else "") + str(int(v)) for v in vals[x]])
        axis = {"format": "d", **({"labelExpr": "'FY' + datum.label"} if fiscal else {})}
        xenc = {"field": x, "type": "quantitative", "title": x_title, "axis": axis, "scale": {"zero": False}}
        when = {"field": "when", "title": "Fiscal year" if fiscal else "Year"}
    enc = {"x": xenc, "y": {"field": y, "type": "quantitative", "title": y_title,
                            "axis": {"format": AXIS.get(kind, ",.3~g")}},
           "tooltip": [when, *([{"field": colour, "title": colour.replace("_", " ").capitalize()}] if colour else []),
                       {"field": "label", "title": y_title}]}
    if colour:
        scale = {"range": COLOURS, **({"domain": order} if order else {})}
        enc["color"] = {"field": colour, "type": "nominal", "title": None, "scale": scale,
                        "legend": {"labelLimit": 240}}
    else:
        enc["color"] = {"value": COLOURS[0]}
    return _spec(jsonable(vals), description, mark={"type": "line", "point": not temporal}, encoding=enc)


def interval(rows: list[dict], unit: str, kind: str) -> dict:
    """Point and interval: one row per ``label`` (e.g. this view's parameters and the defaults), the value as a
    point, low–high as a bar; the numbers written by the one formatter in the tooltip."""
    df = pd.DataFrame(rows)
    df = df.assign(value_label=[numbers.fmt(v, kind) for v in df.value],
                   range_label=[f"{numbers.fmt(a, kind)} – {numbers.fmt(b, kind)}" for a, b in zip(df.low, df.high,
                                                                                               strict=True)])
    tip = [{"field": "label", "title": "Parameters"}, {"field": "value_label", "title": "Value"},
           {"field": "range_label", "title": "Interval (low – high)"}]
    y = {"field": "label", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 260}}
    # few ticks, and room past the largest value for its label
    xq = {"type": "quantitative", "title": unit, "axis": {**axis(kind), "tickCount": 6},
          "scale": {"zero": True, "nice": True, "padding": 24}}
    return _spec(jsonable(df), f"Scenario value with its interval (low to high), {unit}",
                 height=max(70, 46 * len(df)), layer=[
                     {"mark": {"type": "rule", "strokeWidth": 6, "opacity": 0.35},
                      "encoding": {"y": y, "x": {"field": "low", **xq}, "x2": {"field": "high"},
                                   "color": {"value": COLOURS[0]}, "tooltip": tip}},
                     {"mark": {"type": "point", "filled": True, "size": 140},
                      "encoding": {"y": y, "x": {"field": "value", **xq}, "color": {"value": COLOURS[1]},
                                   "tooltip": tip}},
                     {"mark": {"type": "text", "dy": -14, "fontSize": 12},
                      "encoding": {"y": y, "x": {"field": "value", **xq}, "text": {"field": "value_label"}}}])

"""One chart grammar for the whole report: Vega-Lite specifications that never mislead.

Builders return plain Vega-Lite dicts (no Altair: the specs are written out byte-stable and cheap to build), with
the exhibit's own numbers inline, so the interactive chart, the static SVG/PNG and the CSV show the same values.
The rules every chart keeps (``tests/test_report_charts.py`` checks them over every chart of the built site):

- **A missing year is a gap**: lines are drawn only through runs of consecutive years (or months); a point stands
  alone where its neighbours are missing. A value the publisher did not report (NULL) is never drawn as zero: it
  is a gap in a line, and an ``n/r`` mark at the foot of a bar chart; a zero is a point on the baseline.
- **No line from fewer than three points**: a run shorter than three points is drawn as points only; a series
  with no such run is drawn as bars labelled with their numbers (:func:`annual` chooses).
- **Several series are coloured, with a legend**, in a fixed order and palette; one series has no legend.
- **Years on a categorical axis show the missing years**: bar charts list every year of the span.
- **Event rules are few and labelled**: at most :data:`MAX_EVENTS`, each with its label at the top; the rest stay
  in the events table beside the chart.

``html_spec`` and ``static_spec`` derive the two renderings: the page gives the title in HTML; the static image
carries title, units and source line itself.
"""

from __future__ import annotations

import copy
import math

import pandas as pd

from hemigov.style.palette import FONT, MUTED, REGION_COLOURS, SERIES_COLOURS, STATIC_FONT

WIDTH, HEIGHT = 640, 280
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
#: At most this many labelled event rules on one chart.
MAX_EVENTS = 5
#: Bars are labelled with their values when there are at most this many.
LABEL_BARS = 16
NOT_REPORTED = "n/r"


# ----------------------------------------------------------------------------------------------- helpers
def _clean(v):
    """A JSON-safe scalar: NaN/NA -> None, numpy -> Python."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return v


def records(df: pd.DataFrame, cols: list[str]) -> list[dict]:
    values = [df[c].tolist() for c in cols]
    return [{c: _clean(v) for c, v in zip(cols, row, strict=True)} for row in zip(*values, strict=True)]


def _fmt(percent: bool, money: bool = False) -> str:
    return ".0%" if percent else ("$,.3~s" if money else ",.3~s")


def _tip_fmt(percent: bool) -> str:
    return ".1%" if percent else ",.0f"


def colour(field: str, title: str, domain: list[str], palette: list[str] | None = None) -> dict:
    """A nominal colour encoding with a legend, in ``domain`` order."""
    rng = (palette or SERIES_COLOURS)
    if len(domain) > len(rng):
        raise ValueError(f"{len(domain)} series is more than the palette's {len(rng)} colours")
    return {"field": field, "type": "nominal", "title": title, "sort": domain,
            "scale": {"domain": domain, "range": rng[: len(domain)]},
            "legend": {"orient": "bottom", "columns": 2, "labelLimit": 360, "symbolType": "square",
                       "title": title or None}}


def region_palette(labels: list[str]) -> list[str]:
    """Regions keep one colour each across charts (the Americas first, vermilion)."""
    return REGION_COLOURS[: len(labels)]


def _spec(description: str, layers: list[dict], *, height: int = HEIGHT, width: int = WIDTH, **extra) -> dict:
    return {"$schema": SCHEMA, "description": description, "width": width, "height": height,
            "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 12}},
            **extra, "layer": layers}


def runs(index: list[int]) -> list[int]:
    """Run number of each position of a sorted list of integers: a new run starts after every gap."""
    out, run = [], 0
    for i, v in enumerate(index):
        if i and v != index[i - 1] + 1:
            run += 1
        out.append(run)
    return out


def year_axis(first: int, last: int) -> dict:
    """Every year labelled when the span is short; every 2nd or 5th otherwise (the grid keeps them all)."""
    n = last - first + 1
    step = 1 if n <= 16 else 2 if n <= 32 else 5
    values = [y for y in range(first, last + 1) if (y - first) % step == 0 or y == last]
    return {"format": "d", "values": values, "labelAngle": 0, "title": None}


# ----------------------------------------------------------------------------------------------- frames
def complete(df: pd.DataFrame, *, x: str, y: str, series: str | None, first: int, last: int,
             fill: str) -> pd.DataFrame:
    """Every (series, year) of the span: a year with no row is 0 when ``fill="zero"`` (the publisher lists only
    non-zero cells) and missing when ``fill="gap"``; a NULL value stays missing (not reported).

    Plain Python over the (small) frame: pandas' per-call overhead would dominate a profile page's build."""
    if fill not in ("zero", "gap"):
        raise ValueError("fill is zero or gap")
    keys = df[series].tolist() if series else [None] * len(df)
    acc: dict[tuple, list] = {}
    order: list = []
    for k, xv, yv in zip(keys, df[x].tolist(), df[y].tolist(), strict=True):
        if k not in order:
            order.append(k)
        cell = acc.setdefault((k, int(xv)), [None, False])
        if not _missing(yv):
            cell[0] = (cell[0] or 0) + yv
            cell[1] = True
    rows = {series: [], x: [], y: [], "_reported": []} if series else {x: [], y: [], "_reported": []}
    for k in order:
        for xv in range(first, last + 1):
            got = acc.get((k, xv))
            if got is None:  # no row: none recorded (zero) or no data (gap)
                val, rep = (0, True) if fill == "zero" else (None, True)
            else:
                val, rep = got[0], got[1]
            if series:
                rows[series].append(k)
            rows[x].append(xv)
            rows[y].append(val)
            rows["_reported"].append(rep)
    out = pd.DataFrame(rows)
    out[y] = pd.to_numeric(out[y], errors="coerce").astype("float64")
    return out


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def longest_run(df: pd.DataFrame, *, x: str, y: str, series: str | None) -> int:
    best = 0
    groups = df.groupby(series, sort=False) if series else [(None, df)]
    for _, g in groups:
        xs = sorted(int(v) for v in g.loc[g[y].notna(), x])
        if xs:
            r = runs(xs)
            best = max(best, max(r.count(k) for k in set(r)))
    return best


# ----------------------------------------------------------------------------------------------- builders
def annual(df: pd.DataFrame, *, y: str, y_title: str, description: str, x: str = "year",
           series: str | None = None, series_title: str = "", domain: list[str] | None = None,
           palette: list[str] | None = None, percent: bool = False, money: bool = False, fill: str = "gap",
           first: int | None = None, last: int | None = None, events: pd.DataFrame | None = None) -> dict:
    """Values by year, one series per ``series`` value: lines through runs of three or more consecutive years,
    points elsewhere; bars with their numbers when no series has such a run.

    ``fill``: ``zero`` when a year with no row means none (UNHCR and IRCC list only non-zero cells), ``gap`` when
    it means no data."""
    if df.empty:
        raise ValueError(f"no data to chart: {description}")
    first = int(df[x].min()) if first is None else first
    last = int(df[x].max()) if last is None else last
    full = complete(df, x=x, y=y, series=series, first=first, last=last, fill=fill)
    keys = [series] if series else []
    if series:
        domain = domain or list(dict.fromkeys(df[series]))
        rank = {k: i for i, k in enumerate(domain)}
        full = full.iloc[sorted(range(len(full)), key=lambda i: (rank.get(full[series].iat[i], len(rank)),
                                                                  full[x].iat[i]))]
    cols = [*keys, x, y]
    rows = [r for r in records(full, cols) if r[y] is not None]  # plain rows (small charts: no pandas per call)
    by: dict = {}
    for r in rows:
        by.setdefault(r[series] if series else None, []).append(r)
    pts, longest = [], 0
    for key, g in by.items():
        run = runs([int(r[x]) for r in g])
        for r, k in zip(g, run, strict=True):
            pts.append({**r, "segment": f"{'' if key is None else key}#{k}"})
        longest = max([longest, *(run.count(k) for k in set(run))])
    if longest < 3:
        return bars(full, y=y, y_title=y_title, description=description, x=x, series=series,
                    series_title=series_title, domain=domain, palette=palette, percent=percent, money=money,
                    first=first, last=last, stacked=False, events=events)
    size: dict = {}
    for r in pts:
        size[r["segment"]] = size.get(r["segment"], 0) + 1
    line_rows = [r for r in pts if size[r["segment"]] >= 3]
    enc_x = {"field": x, "type": "quantitative", "scale": {"domain": [first, last], "nice": False, "zero": False},
             "axis": year_axis(first, last)}
    enc_y = {"field": y, "type": "quantitative", "title": y_title, "axis": {"format": _fmt(percent, money)}}
    tip = [{"field": x, "type": "ordinal", "title": "Year"},
           *([{"field": series, "type": "nominal", "title": series_title}] if series else []),
           {"field": y, "type": "quantitative", "title": y_title, "format": _tip_fmt(percent)}]
    col = colour(series, series_title, domain, palette) if series else None
    line = {"data": {"values": line_rows}, "mark": {"type": "line", "strokeWidth": 2},
            "encoding": {"x": enc_x, "y": enc_y, "detail": {"field": "segment", "type": "nominal"},
                         **({"color": col} if col else {"color": {"value": SERIES_COLOURS[0]}})}}
    point = {"data": {"values": pts}, "mark": {"type": "point", "filled": True, "size": 36},
             "encoding": {"x": enc_x, "y": enc_y, "tooltip": tip,
                          **({"color": col} if col else {"color": {"value": SERIES_COLOURS[0]}})}}
    layers = [line, point] if len(line_rows) else [point]
    layers += _event_layers(events, "quantitative", x, lo=pd.Timestamp(first, 1, 1), hi=pd.Timestamp(last, 12, 31))
    return _spec(description, layers)


def bars(df: pd.DataFrame, *, y: str, y_title: str, description: str, x: str = "year", series: str | None = None,
         series_title: str = "", domain: list[str] | None = None, palette: list[str] | None = None,
         percent: bool = False, money: bool = False, first: int | None = None, last: int | None = None,
         stacked: bool = True, fill: str = "gap", events: pd.DataFrame | None = None) -> dict:
    """Bars by year on a categorical axis that lists every year of the span: stacked by ``series`` (or side by
    side with ``stacked=False``), labelled with their numbers when few; ``n/r`` where nothing was reported."""
    if df.empty:
        raise ValueError(f"no data to chart: {description}")
    first = int(df[x].min()) if first is None else first
    last = int(df[x].max()) if last is None else last
    full = df if "_reported" in df.columns else complete(df, x=x, y=y, series=series, first=first, last=last,
                                                          fill=fill)
    years = list(range(first, last + 1))
    if series:
        domain = domain or list(dict.fromkeys(df[series]))
    keys = [series] if series else []
    cols = [*keys, x, y]
    rows = records(full, [*cols, "_reported"])  # plain rows: pandas per-call costs dominate small charts
    shown = [r for r in rows if r[y] is not None]
    enc_x = {"field": x, "type": "ordinal", "scale": {"domain": years}, "axis": {"labelAngle": 0 if len(years) <= 16
                                                                                  else -45, "title": None}}
    enc_y = {"field": y, "type": "quantitative", "title": y_title, "axis": {"format": _fmt(percent, money)}}
    if series and stacked:
        enc_y["stack"] = "zero"
    tip = [{"field": x, "type": "ordinal", "title": "Year"},
           *([{"field": series, "type": "nominal", "title": series_title}] if series else []),
           {"field": y, "type": "quantitative", "title": y_title, "format": _tip_fmt(percent)}]
    enc = {"x": enc_x, "y": enc_y, "tooltip": tip}
    if series:
        enc["color"] = colour(series, series_title, domain, palette)
        enc["order"] = {"field": "_order", "type": "quantitative"}
        if not stacked:
            enc["xOffset"] = {"field": series, "type": "nominal", "sort": domain}
        rank = {k: i for i, k in enumerate(domain)}
        values = [{**{c: r[c] for c in cols}, "_order": rank.get(r[series])} for r in shown]
    else:
        enc["color"] = {"value": SERIES_COLOURS[0]}
        values = [{c: r[c] for c in cols} for r in shown]
    layers = [{"data": {"values": values}, "mark": {"type": "bar"}, "encoding": enc}]
    fmt = ".1%" if percent else ",.0f"
    if series and stacked:
        sums: dict = {}
        for r in shown:
            sums[r[x]] = sums.get(r[x], 0) + r[y]
        totals = [{x: k, y: v} for k, v in sums.items()]
    else:
        totals = [{x: r[x], y: r[y]} for r in shown]
    if len(totals) <= LABEL_BARS and (not series or stacked):
        layers.append({"data": {"values": totals},
                       "mark": {"type": "text", "dy": -6, "fontSize": 11, "color": "#333333"},
                       "encoding": {"x": enc_x, "y": {"field": y, "type": "quantitative"},
                                    "text": {"field": y, "type": "quantitative", "format": fmt}}})
    elif series and not stacked and len(shown) <= LABEL_BARS:
        layers.append({"data": {"values": [{c: r[c] for c in cols} for r in shown]},
                       "mark": {"type": "text", "dy": -6, "fontSize": 10, "color": "#333333"},
                       "encoding": {"x": enc_x, "xOffset": {"field": series, "type": "nominal", "sort": domain},
                                    "y": {"field": y, "type": "quantitative"},
                                    "text": {"field": y, "type": "quantitative", "format": fmt}}})
    nr = sorted({int(r[x]) for r in rows if not r["_reported"]})
    if nr:
        layers.append({"data": {"values": [{x: v, "label": NOT_REPORTED} for v in nr]},
                       "mark": {"type": "text", "baseline": "bottom", "dy": -2, "fontSize": 10, "color": MUTED},
                       "encoding": {"x": enc_x, "y": {"datum": 0, "type": "quantitative"},
                                    "text": {"field": "label"}}})
    layers += _event_layers(events, "ordinal", x, years, lo=pd.Timestamp(first, 1, 1), hi=pd.Timestamp(last, 12, 31))
    return _spec(description, layers)


def categories(df: pd.DataFrame, *, cat: str, cat_title: str, y: str, y_title: str, description: str,
               series: str | None = None, series_title: str = "", domain: list[str] | None = None,
               palette: list[str] | None = None, order: list[str] | None = None, normalize: bool = False,
               percent: bool = False, money: bool = False) -> dict:
    """Horizontal bars, one per category (a country, an origin), stacked by ``series``; ``normalize`` draws each
    bar's parts as shares of its total. Labelled with their values when there is one series."""
    order = order or list(dict.fromkeys(df[cat]))
    enc_cat = {"field": cat, "type": "nominal", "title": cat_title or None, "sort": order,
               "axis": {"labelLimit": 220}}
    fmt = ".0%" if (normalize or percent) else _fmt(False, money)
    enc_val = {"field": y, "type": "quantitative", "title": y_title, "axis": {"format": fmt}}
    if series:
        enc_val["stack"] = "normalize" if normalize else "zero"
    tip = [{"field": cat, "type": "nominal", "title": cat_title},
           *([{"field": series, "type": "nominal", "title": series_title}] if series else []),
           {"field": y, "type": "quantitative", "title": y_title, "format": _tip_fmt(percent)}]
    enc = {"y": enc_cat, "x": enc_val, "tooltip": tip}
    data = df.copy()
    cols = [cat, *([series] if series else []), y]
    if series:
        domain = domain or list(dict.fromkeys(df[series]))
        enc["color"] = colour(series, series_title, domain, palette)
        data["_order"] = data[series].map({k: i for i, k in enumerate(domain)})
        enc["order"] = {"field": "_order", "type": "quantitative"}
        cols.append("_order")
    else:
        enc["color"] = {"value": SERIES_COLOURS[0]}
    layers = [{"data": {"values": records(data, cols)}, "mark": {"type": "bar"}, "encoding": enc}]
    if not series:
        layers.append({"data": {"values": records(data, [cat, y])},
                       "mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 11, "color": "#333333"},
                       "encoding": {"y": enc_cat, "x": {"field": y, "type": "quantitative"},
                                    "text": {"field": y, "type": "quantitative",
                                             "format": ".1%" if percent else ",.0f"}}})
    return _spec(description, layers, height=max(120, 24 * len(order)))


def monthly(df: pd.DataFrame, *, y: str, y_title: str, description: str, series: str | None = None,
            series_title: str = "", domain: list[str] | None = None, palette: list[str] | None = None,
            fill: str = "gap", events: pd.DataFrame | None = None) -> dict:
    """Monthly values (columns ``year``, ``month``): lines through runs of three or more consecutive months."""
    d = df.assign(_m=df.year.astype(int) * 12 + df.month.astype(int) - 1)
    first, last = int(d._m.min()), int(d._m.max())
    full = complete(d, x="_m", y=y, series=series, first=first, last=last, fill=fill)
    if series:
        domain = domain or list(dict.fromkeys(df[series]))
        full[series] = pd.Categorical(full[series], categories=domain)
        full = full.sort_values([series, "_m"]).astype({series: str})
    pts = full[full[y].notna()].copy()
    keys = [series] if series else []
    seg = []
    for _, g in (pts.groupby(keys, sort=False) if keys else [((), pts)]):
        r = runs([int(v) for v in g["_m"]])
        seg += [f"{'' if not keys else g[series].iloc[0]}#{k}" for k in r]
    pts["segment"] = seg
    pts["month"] = [f"{m // 12}-{m % 12 + 1:02d}-01" for m in pts["_m"]]
    size = pts.groupby("segment")["_m"].transform("size")
    cols = [*keys, "month", y, "segment"]
    enc_x = {"field": "month", "type": "temporal", "title": None,
             "scale": {"domain": [f"{first // 12}-{first % 12 + 1:02d}-01", f"{last // 12}-{last % 12 + 1:02d}-01"]},
             "axis": {"format": "%Y", "tickCount": "year", "labelAngle": 0}}
    enc_y = {"field": y, "type": "quantitative", "title": y_title, "axis": {"format": ",.3~s"}}
    col = colour(series, series_title, domain, palette) if series else {"value": SERIES_COLOURS[0]}
    tip = [{"field": "month", "type": "temporal", "title": "Month", "timeUnit": "yearmonth"},
           *([{"field": series, "type": "nominal", "title": series_title}] if series else []),
           {"field": y, "type": "quantitative", "title": y_title, "format": ",.0f"}]
    layers = [{"data": {"values": records(pts[size >= 3], cols)}, "mark": {"type": "line", "strokeWidth": 1.5},
               "encoding": {"x": enc_x, "y": enc_y, "color": col, "detail": {"field": "segment", "type": "nominal"}}},
              {"data": {"values": records(pts[size < 3], cols)}, "mark": {"type": "point", "filled": True, "size": 20},
               "encoding": {"x": enc_x, "y": enc_y, "color": col, "tooltip": tip}},
              {"data": {"values": records(pts, cols)}, "mark": {"type": "point", "size": 60, "opacity": 0},
               "encoding": {"x": enc_x, "y": enc_y, "color": col, "tooltip": tip}}]
    layers += _event_layers(events, "temporal", "month", lo=pd.Timestamp(first // 12, first % 12 + 1, 1),
                            hi=pd.Timestamp(last // 12, last % 12 + 1, 28))
    return _spec(description, layers)


def printed_marks(spec: dict, points: list[tuple], horizontal: bool = False) -> dict:
    """Mark values printed in the paper on a chart of recomputed values: black diamonds, with a legend entry.
    ``points``: (x, value, label) — x a year (or a category when ``horizontal``)."""
    if not points:
        return spec
    out = copy.deepcopy(spec)
    first = out["layer"][0]["encoding"]
    if horizontal:
        vals = [{first["y"]["field"]: p[0], "printed": p[1], "marker": p[2]} for p in points]
        enc = {"y": {"field": first["y"]["field"], "type": "nominal", "sort": first["y"].get("sort")},
               "x": {"field": "printed", "type": "quantitative"}}
    else:
        vals = [{first["x"]["field"]: p[0], "printed": p[1], "marker": p[2]} for p in points]
        enc = {"x": dict(first["x"]), "y": {"field": "printed", "type": "quantitative"}}
    labels = list(dict.fromkeys(p[2] for p in points))
    enc["shape"] = {"field": "marker", "type": "nominal", "title": None,
                    "scale": {"domain": labels, "range": ["diamond"] * len(labels)},
                    "legend": {"orient": "bottom", "symbolFillColor": "#000000", "symbolStrokeColor": "#000000"}}
    enc["tooltip"] = [{"field": "marker", "type": "nominal", "title": "Printed"},
                      {"field": "printed", "type": "quantitative", "title": "Value", "format": ",.4~g"}]
    out["layer"].append({"data": {"values": vals}, "mark": {"type": "point", "filled": True, "size": 110,
                                                            "color": "#000000", "opacity": 1}, "encoding": enc})
    return out


# ----------------------------------------------------------------------------------------------- events
def pick_events(events: pd.DataFrame, keep: list[tuple[str, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The events to draw (at most :data:`MAX_EVENTS`), chosen by event-id prefix with a short label each, and
    the rest. ``keep`` lists (event-id prefix, label) in order of importance."""
    if events is None or events.empty:
        return pd.DataFrame(columns=["event_id", "date", "label", "title"]), events
    chosen, used = [], set()
    for prefix, label in keep:
        hit = events[events.event_id.str.startswith(prefix) & ~events.event_id.isin(used)]
        if len(hit):
            r = hit.iloc[0]
            used.add(r.event_id)
            chosen.append({"event_id": r.event_id, "date": pd.Timestamp(r.date), "label": label, "title": r.title,
                           "source_kind": r.get("source_kind", "")})
        if len(chosen) == MAX_EVENTS:
            break
    drawn = pd.DataFrame(chosen, columns=["event_id", "date", "label", "title", "source_kind"])
    return drawn, events[~events.event_id.isin(used)]


def _event_layers(events: pd.DataFrame | None, x_type: str, x: str, years: list[int] | None = None,
                  lo: pd.Timestamp | None = None, hi: pd.Timestamp | None = None) -> list[dict]:
    """Dashed grey rules, each labelled at the top (text running down its rule); events outside the chart's span
    [lo, hi] are left out (they stay in the table)."""
    if events is None or events.empty:
        return []
    d = pd.to_datetime(events["date"])
    if lo is not None:
        events = events[(d >= lo) & (d <= hi)]
    if events.empty:
        return []
    if len(events) > MAX_EVENTS:
        raise ValueError(f"{len(events)} event rules: at most {MAX_EVENTS} (the rest belong in the table)")
    vals = []
    for r in events.itertuples(index=False):
        d = pd.Timestamp(r.date)
        if x_type == "quantitative":
            pos = round(d.year + (d.day_of_year - 1) / (366 if d.is_leap_year else 365), 4)
        elif x_type == "ordinal":
            if years is not None and d.year not in years:
                continue
            pos = d.year
        else:
            pos = d.strftime("%Y-%m-%d")
        vals.append({x: pos, "label": r.label, "date": d.strftime("%Y-%m-%d"), "title": r.title})
    if not vals:
        return []
    enc_x = {"field": x, "type": x_type}
    if x_type == "ordinal" and years is not None:
        enc_x["scale"] = {"domain": years}
    rule = {"data": {"values": vals}, "mark": {"type": "rule", "strokeDash": [4, 3], "color": MUTED,
                                               "strokeWidth": 1},
            "encoding": {"x": enc_x, "tooltip": [{"field": "date", "type": "nominal", "title": "Date"},
                                                 {"field": "title", "type": "nominal", "title": "Event"}]}}
    text = {"data": {"values": vals}, "mark": {"type": "text", "angle": 270, "align": "right", "baseline": "bottom",
                                               "dx": -2, "dy": -2, "fontSize": 10, "color": "#333333"},
            "encoding": {"x": enc_x, "y": {"value": 0}, "text": {"field": "label"}}}
    return [rule, text]


# ----------------------------------------------------------------------------------------------- renderings
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
                  "fontSize": 15, "subtitleFontSize": 11, "limit": WIDTH + 120}
    s["background"] = "white"
    s.setdefault("config", {})["font"] = STATIC_FONT
    return s

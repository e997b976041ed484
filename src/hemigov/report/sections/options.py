"""Policy options: the paper's options computed by :mod:`hemigov.scenarios`, each as a point value with its
interval, its unit and its assumptions printed; and the pledge tracker (:func:`hemigov.scenarios.pledges`): each
pledge with a measurable target against what the series record as delivered.

Each scenario gets one chart: a dot (the point value) on a bar from its low to its high value, labelled with the
three numbers and the unit. Where a scenario has a rule to choose (a ``choice`` parameter), each rule is drawn on
the same chart, the default first: the reader sees how much the answer depends on the rule.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup, escape

from hemigov.core.errors import HemigovError
from hemigov.core.provenance import COLUMN, Provenance
from hemigov.report import charts
from hemigov.report.context import Context
from hemigov.report.model import Col, Exhibit, Heading, Page, Prose
from hemigov.report.sections import Section
from hemigov.scenarios import describe, list_scenarios, pledges, scenario
from hemigov.style.numbers import fmt

#: At most this many rules of one choice parameter are drawn on a scenario's chart.
MAX_VARIANTS = 6
GROUP_TITLES = {"resettlement": "Resettlement", "money": "Money", "visa": "Visa counterfactuals"}
STATUS_ORDER = ["met", "on track", "behind", "unmeasurable"]


def kind_for(unit: str) -> str:
    """The number kind (:mod:`hemigov.style.numbers`) a scenario's unit is written in."""
    u = unit.lower()
    if "us$ million" in u or "usd million" in u or "us$m" in u:
        return "usd_m"
    if "us$" in u or "usd" in u or "dollar" in u:
        return "usd"
    if "%" in u or "share" in u or "percent" in u:
        return "share"
    if "ratio" in u:
        return "ratio"
    return "count"


def variants(name: str, info: dict) -> tuple[list, list[str]]:
    """The default result, then one per other rule of the scenario's first choice parameter; rules that cannot be
    computed on the loaded data are listed with the reason."""
    base = scenario(name)
    choice = next((p for p in info["params"] if p["kind"] == "choice" and p.get("choices")), None)
    if choice is None:
        return [("default parameters", base)], []
    out = [(f"{choice['name']} = {base.params.get(choice['name'], choice['default'])} (default)", base)]
    skipped: list[str] = []
    for c in [c for c in choice["choices"] if c != base.params.get(choice["name"], choice["default"])]:
        if len(out) >= MAX_VARIANTS:
            break
        try:
            out.append((f"{choice['name']} = {c}", scenario(name, **{choice["name"]: c})))
        except HemigovError as e:  # a rule the data do not allow: said on the page, never dropped silently
            skipped.append(f"{choice['name']} = {c}: {e}")
    return out, skipped


def result_frame(name: str, results: list) -> pd.DataFrame:
    rows = []
    for label, r in results:
        rows.append({"variant": label, "value": r.value,
                     "low": r.low, "high": r.high, "unit": r.unit, "params": r.params_text(), COLUMN: r.sources})
    return pd.DataFrame(rows)


def interval_chart(df: pd.DataFrame, *, unit: str, kind: str, description: str) -> dict:
    """Dots (point values) on bars from low to high, one row per variant, each labelled with its numbers."""
    d = df.copy()
    d["label"] = [f"{fmt(v, kind)} ({fmt(lo, kind)} to {fmt(hi, kind)})"
                  for v, lo, hi in zip(d.value, d.low, d.high, strict=True)]
    order = list(d.variant)
    y = {"field": "variant", "type": "nominal", "title": None, "sort": order, "axis": {"labelLimit": 260}}
    fmt_axis = ".0%" if kind == "share" else ("$,.3~s" if kind in ("usd", "usd_m") else ",.3~s")
    x_title = unit + (" (millions)" if kind == "usd_m" and "million" not in unit.lower() else "")
    x = {"field": "value", "type": "quantitative", "title": x_title, "axis": {"format": fmt_axis},
         "scale": {"zero": bool((d.low >= 0).all())}}
    cols = ["variant", "value", "low", "high", "label"]
    vals = charts.records(d, cols)
    tip = [{"field": "variant", "type": "nominal", "title": "Parameters"},
           {"field": "value", "type": "quantitative", "title": "Point value", "format": ",.4~g"},
           {"field": "low", "type": "quantitative", "title": "Low", "format": ",.4~g"},
           {"field": "high", "type": "quantitative", "title": "High", "format": ",.4~g"}]
    layers = [
        {"data": {"values": vals}, "mark": {"type": "bar", "size": 3, "color": charts.SERIES_COLOURS[0],
                                            "opacity": 0.6},
         "encoding": {"y": y, "x": {**x, "field": "low"}, "x2": {"field": "high"}, "tooltip": tip}},
        {"data": {"values": vals}, "mark": {"type": "tick", "thickness": 2, "size": 14,
                                            "color": charts.SERIES_COLOURS[0]},
         "encoding": {"y": y, "x": {**x, "field": "low"}}},
        {"data": {"values": vals}, "mark": {"type": "tick", "thickness": 2, "size": 14,
                                            "color": charts.SERIES_COLOURS[0]},
         "encoding": {"y": y, "x": {**x, "field": "high"}}},
        {"data": {"values": vals}, "mark": {"type": "point", "filled": True, "size": 110, "color": "#000000",
                                            "opacity": 1},
         "encoding": {"y": y, "x": x, "detail": {"field": "variant", "type": "nominal"}, "tooltip": tip}},
        {"data": {"values": vals}, "mark": {"type": "text", "dy": -14, "fontSize": 11, "color": "#333333"},
         "encoding": {"y": y, "x": x, "text": {"field": "label"}}},
    ]
    return charts._spec(description, layers, height=max(70, 56 * len(d)))


def scenario_blocks(row) -> list:
    info = describe(row.name)
    results, skipped = variants(row.name, info)
    base = results[0][1]
    kind = kind_for(base.unit)
    d = result_frame(row.name, results)
    ex_id = f"scenario-{row.name.replace('_', '-')}"
    assumptions = [*base.assumptions]
    lede = Markup(
        f"<p>{escape(info['summary'])}</p><p class='effect-result'><strong>{escape(fmt(base.value, kind))}</strong> "
        f"{escape(base.unit)} (interval {escape(fmt(base.low, kind))} to {escape(fmt(base.high, kind))}) with the "
        f"default parameters: <code>{escape(base.params_text())}</code>.</p>"
        f"<p class='method'>Interval: {escape(base.interval)}</p>"
        "<h3>Assumptions</h3><ul class='diagnostics'>"
        + "".join(f"<li>{escape(a)}</li>" for a in assumptions) + "</ul>"
        + (("<p class='method'>Rules not computed on the loaded data: " + escape("; ".join(skipped)) + "</p>")
           if skipped else ""))
    ex = Exhibit(
        ex_id, str(base.title), f"{base.unit}: point value and interval ({base.interval[:1].lower()}"
        f"{base.interval[1:].rstrip('.')})", d,
        [Col("variant", "Parameters", "text"), Col("value", f"Point value ({base.unit})", kind),
         Col("low", "Low", kind), Col("high", "High", kind), Col("params", "All parameters", "text")],
        alt=f"A dot for the point value on a bar from low to high, {base.unit}, one row per rule: with the default "
            f"parameters {fmt(base.value, kind)} ({fmt(base.low, kind)} to {fmt(base.high, kind)}).",
        spec=interval_chart(d, unit=base.unit, kind=kind, description=str(base.title)),
        note="Assumptions: " + " ".join(a if a.endswith(".") else a + "." for a in assumptions)
             + f" Computed by hemigov.scenarios.scenario('{row.name}', …).")
    group = GROUP_TITLES.get(base.group, str(base.group).capitalize())
    return [Heading(f"{group}: {base.title}", id=f"option-{row.name.replace('_', '-')}"), Prose(lede), ex]


def target_text(v, unit: str) -> str:
    """A pledge's target in its own unit: people as counts, US dollars scaled, Canadian dollars as C$."""
    u = str(unit).upper()
    if u == "USD":
        return fmt(v, "usd")
    if u == "CAD":
        return fmt(v, "usd").replace("US$", "C$")
    return fmt(v, "count")


def pledge_exhibit() -> Exhibit:
    p = pledges()
    p = p.assign(_o=p.status.map({s: i for i, s in enumerate(STATUS_ORDER)}).fillna(len(STATUS_ORDER)))
    p = p.sort_values(["_o", "date", "pledge"]).drop(columns="_o").reset_index(drop=True)
    p["when"] = [fmt(v, "date") if not pd.isna(v) else "–" for v in p.date]
    p["target_text"] = [target_text(v, u) for v, u in zip(p.target, p.unit, strict=True)]
    p["deadline_text"] = [str(v) if not pd.isna(v) else "–" for v in p.deadline]
    p["status_key"] = p.status.astype(str).str.replace(" ", "-")
    n = p.status.value_counts()
    return Exhibit(
        "pledges", "Canada's pledges against what was delivered",
        "each pledge with a measurable target, the series that measures it and the delivery to date",
        p, [Col("title", "Pledge", "text"), Col("status", "Status", "text"), Col("target_text", "Target", "text"),
            Col("deadline_text", "By", "text"), Col("delivered", "Delivered", "count"),
            Col("share_of_target", "Share of the target delivered (%)", "share"),
            Col("pace_needed_per_year", "Pace needed per year", "count"), Col("measure", "Measured with", "text"),
            Col("delivered_period", "Delivered in", "text"), Col("unit", "Unit", "text"), Col("actor", "Who", "text"),
            Col("when", "Pledged", "text"), Col("why", "Why", "text")],
        styles={"status": "status_key"}, open_table=True,
        note="Status: met (the target reached), on track (the pace so far reaches the target by the deadline), "
             "behind, or unmeasurable (no series measures the target, or no deadline; the reason is given). "
             + ", ".join(f"{fmt(v, 'count')} {k}" for k, v in n.items()) + ".")


def build(ctx: Context) -> list[Page]:
    sc = list_scenarios()
    blocks: list = [Prose(Markup(
        "<p class='lede'>The paper ends with options — resettle more from the region, additional and flexible "
        "financing for host states, support for MIRPS — and Canada has since made pledges. Here each option is a "
        "number with its interval, computed by <code>hemigov.scenarios.scenario(name, …)</code> with the "
        "parameters shown and its assumptions printed; the same functions serve the dashboard, the API and the "
        "command line (<code>hemigov scenario NAME -p …</code>). The pledge tracker sets each pledge against what "
        "the series record as delivered.</p>"))]
    blocks += [Heading("Pledges and delivery", id="pledge-tracker"), pledge_exhibit()]
    for group in dict.fromkeys(sc.group):
        for row in sc[sc.group == group].itertuples(index=False):
            blocks += scenario_blocks(row)
    return [Page("options.html", "Policy options", "options", blocks,
                 description="The paper's policy options computed with their uncertainty; pledges against delivery",
                 provenance=Provenance.of(sc) if COLUMN in sc.columns else Provenance())]


SECTION = Section("options", "Policy options", "options.html", build)

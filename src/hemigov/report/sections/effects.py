"""Policy effects: every estimable case study drawn (observed series, counterfactual with its 95% band, the event
marked), its rate ratio and change in people with their intervals, and the diagnostics in plain words; the cases
that cannot be estimated, with the reason. Reads ``hemigov.effects.effect(case=…)`` (an ``EffectResult``)."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup, escape

from hemigov.core.provenance import COLUMN, Provenance
from hemigov.effects import EffectResult, case_studies, effect
from hemigov.report import charts
from hemigov.report.context import Context
from hemigov.report.model import Col, Exhibit, Heading, Page, Prose
from hemigov.report.sections import Section
from hemigov.style.numbers import fmt

METHODS = {"its": "interrupted time series (a trend and seasonality fitted before the event, projected after it)",
           "did": "difference in differences (the series against control series that the event did not touch)",
           "event_study": "event study (effects period by period around the event)"}


def effect_chart(e: EffectResult) -> dict:
    """Observed values, the fitted counterfactual after the event with its 95% band, and the event rule."""
    p = e.path.copy()
    monthly = e.freq == "M"
    p["t"] = pd.to_datetime(p.period)
    p["x"] = p.t.dt.strftime("%Y-%m-01") if monthly else p.t.dt.year
    idx = (p.t.dt.year * 12 + p.t.dt.month - 1) if monthly else p.t.dt.year
    p["segment"] = charts.runs(list(idx))
    x_type = "temporal" if monthly else "quantitative"
    first, last = p.x.iloc[0], p.x.iloc[-1]
    enc_x = {"field": "x", "type": x_type, "title": None,
             **({"axis": {"format": "%Y", "tickCount": "year"}} if monthly else
                {"axis": charts.year_axis(int(first), int(last)), "scale": {"domain": [int(first), int(last)],
                                                                           "nice": False, "zero": False}})}
    y = {"type": "quantitative", "title": "Persons" if "person" in e.series_label.lower() or "claim" in
         e.series_label.lower() else "Count"}
    obs = p.dropna(subset=["observed"])
    post = p[p.post.astype(bool)]
    size = obs.groupby("segment").x.transform("size")
    lab = {"observed": "Observed", "counterfactual": "Counterfactual (no event), 95% band"}
    col = charts.colour("series", "", list(lab.values()))
    layers = [
        {"data": {"values": charts.records(post.assign(series=lab["counterfactual"]), ["x", "cf_low", "cf_high",
                                                                                      "series"])},
         "mark": {"type": "area", "opacity": 0.25} if len(post) >= 3 else {"type": "errorbar", "ticks": True},
         "encoding": {"x": enc_x, "y": {"field": "cf_low", **y}, "y2": {"field": "cf_high"}, "color": col}},
        {"data": {"values": charts.records(post.assign(series=lab["counterfactual"], segment="cf"),
                                           ["x", "counterfactual", "series", "segment"])},
         # fewer than three periods after the event: points (and the band as whiskers), never a line
         "mark": {"type": "line", "strokeDash": [5, 3], "strokeWidth": 2} if len(post) >= 3 else
                 {"type": "point", "shape": "diamond", "size": 70, "filled": True},
         "encoding": {"x": enc_x, "y": {"field": "counterfactual", **y}, "color": col,
                      "detail": {"field": "segment", "type": "nominal"}}},
        {"data": {"values": charts.records(obs[size >= 3].assign(series=lab["observed"]),
                                           ["x", "observed", "series", "segment"])},
         "mark": {"type": "line", "strokeWidth": 2},
         "encoding": {"x": enc_x, "y": {"field": "observed", **y}, "color": col,
                      "detail": {"field": "segment", "type": "nominal"}}},
        {"data": {"values": charts.records(obs.assign(series=lab["observed"]), ["x", "observed", "series"])},
         "mark": {"type": "point", "filled": True, "size": 24},
         "encoding": {"x": enc_x, "y": {"field": "observed", **y}, "color": col,
                      "tooltip": [{"field": "x", "type": "temporal" if monthly else "ordinal", "title": "Period",
                                   **({"timeUnit": "yearmonth"} if monthly else {})},
                                  {"field": "observed", "type": "quantitative", "title": "Observed",
                                   "format": ",.0f"}]}},
    ]
    ev = pd.DataFrame([{"event_id": e.event, "date": pd.Timestamp(e.event_date), "label": "Event",
                        "title": e.event_title}])
    layers += charts._event_layers(ev, x_type, "x")
    return charts._spec(f"{e.case}: observed and counterfactual", layers)


def diagnostics_html(e: EffectResult) -> Markup:
    items = []
    if e.pretrend_p is not None and not pd.isna(e.pretrend_p):
        ok = e.pretrend_p >= 0.05
        items.append(f"Pre-trend test: p = {fmt(e.pretrend_p, 'ratio')} — "
                     + ("no sign that the series was already diverging before the event." if ok else
                        "the series was already diverging before the event, so the estimate is not credible as it "
                        "stands."))
    items.append(f"{e.pre_points} {'months' if e.freq == 'M' else 'years'} before the event ({e.pre_period}), "
                 f"{e.post_points} after ({e.post_period}).")
    items += [*e.diagnostics, *(w for w in e.warnings if w not in e.diagnostics)]
    said = any("interval" in d and "people" in d for d in e.diagnostics)
    if e.rate_ratio.excludes(1.0) and not e.people.excludes(0.0) and not said:
        items.append("The rate-ratio interval excludes 1 while the change in people includes 0: the ratio is "
                     "estimated on the log scale from the whole series, so it can be precise, while the change in "
                     "people multiplies it by an uncertain counterfactual level whose own interval is wide.")
    return Markup("<ul class='diagnostics'>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")


def case_blocks(row: pd.Series, e: EffectResult) -> list:
    slug = f"effect-{row.case}"
    rr, pp = e.rate_ratio, e.people
    direction = "fell" if rr.value < 1 else "rose"
    headline = Markup(
        f"<p class='effect-result'><strong>Rate ratio {escape(fmt(rr.value, 'ratio'))}</strong> (95% interval "
        f"{escape(fmt(rr.low, 'ratio'))}–{escape(fmt(rr.high, 'ratio'))}): after the event the series {direction} to "
        f"{escape(fmt(rr.value, 'ratio'))} times what the counterfactual predicts. <strong>Change in people "
        f"{escape(fmt(pp.value, 'count'))}</strong> (95% interval {escape(fmt(pp.low, 'count'))} to "
        f"{escape(fmt(pp.high, 'count'))}), {escape(e.people_unit)}.</p>"
        f"<p class='method'>Method: {escape(METHODS.get(e.method, e.method))}. Series: {escape(e.series_label)}. "
        f"Event: {escape(e.event_date)}, {escape(e.event_title)}.</p>")
    p = e.path.copy()
    p["period"] = pd.to_datetime(p.period).dt.strftime("%Y-%m" if e.freq == "M" else "%Y")
    p["when"] = p.post.map({True: "after", False: "before"})
    p[COLUMN] = e.sources
    chart = Exhibit(
        slug, f"{row.title}", "observed values and the counterfactual without the event (95% band)",
        p.sort_values("period", ascending=False),
        [Col("period", "Period", "text"), Col("when", "Before or after the event", "text"),
         Col("observed", "Observed", "count"), Col("counterfactual", "Counterfactual", "count"),
         Col("cf_low", "Counterfactual, 95% low", "count"), Col("cf_high", "Counterfactual, 95% high", "count")],
        alt=f"Observed {e.series_label} with the counterfactual projected after the event of {e.event_date} and its "
            f"95% band; rate ratio {fmt(rr.value, 'ratio')} ({fmt(rr.low, 'ratio')}–{fmt(rr.high, 'ratio')}).",
        spec=effect_chart(e))
    return [Heading(str(row.title), id=f"case-{row.case}"), Prose(headline), chart,
            Prose(Markup("<h3>Diagnostics</h3>") + diagnostics_html(e))]


def short_title(title: str) -> str:
    """The case's event, without the series after the colon: 'Canada lifts the visa on Mexican citizens
    (2016-12-01)'."""
    return str(title).split(": ", 1)[0]


def case_labels(titles: list[str]) -> list[str]:
    """Each case's label in the summary: its event, or its whole title where several cases share the event (the
    STCA protocol is studied on three series)."""
    short = [short_title(t) for t in titles]
    return [t if short.count(s) > 1 else s for t, s in zip(titles, short, strict=True)]


def build(ctx: Context) -> list[Page]:
    cases = case_studies()
    blocks: list = [Prose(Markup(
        "<p class='lede'>What changed after dated policy events, estimated with honest uncertainty by "
        "<code>hemigov.effects.effect(case=…)</code>: each case's observed series against the counterfactual the "
        "model projects without the event, the rate ratio (after ÷ counterfactual) and the change in people, each "
        "with its 95% interval, and what could make the estimate wrong.</p>"))]
    est = cases[cases.estimable.astype(bool)]
    summary = []
    labels = dict(zip(est.case, case_labels(list(est.title)), strict=True))
    for row in est.itertuples(index=False):
        e = effect(case=row.case)
        summary.append({"case": row.case, "title": labels[row.case], "method": e.method, "rr": e.rate_ratio.value,
                        "rr_low": e.rate_ratio.low, "rr_high": e.rate_ratio.high, "people": e.people.value,
                        "people_low": e.people.low, "people_high": e.people.high, "unit": e.people_unit,
                        COLUMN: e.sources})
        blocks += case_blocks(pd.Series(row._asdict()), e)
    table = pd.DataFrame(summary)
    head = Exhibit(
        "effects-summary", "The estimates at a glance", "rate ratios and changes in people, with 95% intervals",
        table, [Col("title", "Case", "text"), Col("rr", "Rate ratio", "ratio"), Col("rr_low", "95% low", "ratio"),
                Col("rr_high", "95% high", "ratio"), Col("people", "Change in people", "count"),
                Col("people_low", "People, 95% low", "count"), Col("people_high", "People, 95% high", "count"),
                Col("unit", "Unit", "text")], open_table=True)
    blocks.insert(1, head)
    no = cases[~cases.estimable.astype(bool)]
    if len(no):
        items = "".join(f"<li><strong>{escape(r.title)}</strong>: {escape(str(r.reason))}</li>"
                        for r in no.itertuples(index=False))
        blocks += [Heading("Cases that cannot be estimated", id="not-estimable"),
                   Prose(Markup(f"<ul class='not-estimable'>{items}</ul>"))]
    return [Page("effects.html", "Policy effects", "effects", blocks, description="Policy effects",
                 provenance=Provenance.of(cases))]


SECTION = Section("effects", "Policy effects", "effects.html", build)

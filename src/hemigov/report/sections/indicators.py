"""Indicators: every registered indicator (``hemigov.indicators``), with its definition, a table for people and,
where it helps, a chart; fair shares with the meaning of their target stated and weights from the period's own
years."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup, escape

from hemigov.core.provenance import COLUMN
from hemigov.indicators import REGISTRY, describe, indicator
from hemigov.report import charts
from hemigov.report.context import Context
from hemigov.report.frames import AMERICAS_LABEL, region_domain
from hemigov.report.model import Col, Exhibit, Heading, Page, Prose
from hemigov.report.sections import Section
from hemigov.style import numbers
from hemigov.style.numbers import fmt

#: Human headers for indicator columns (others: the name in words, with its unit by kind).
HEADERS = {
    "iso3": "Country code", "name": "Country", "region": "Region of origin", "destination": "Resettlement country",
    "year": "Year", "period": "Period", "resettled": "Resettled from the region", "resettled_total": "Resettled, all",
    "s_r": "Share of resettled (%)", "displaced": "Cross-border displaced from the region",
    "displaced_total": "Cross-border displaced, world", "d_r": "Share of the world's displaced (%)",
    "ratio": "Representation (share resettled / share displaced)", "dissimilarity": "Dissimilarity index",
    "world": "Cross-border displaced, world", "share": "Share (%)", "hosted": "Displaced people hosted",
    "population": "Population", "gdp_ppp_pc": "GDP per person (PPP, US$)", "gdp_ppp": "GDP (PPP, US$)",
    "per_1000": "Hosted per 1,000 residents", "per_usd_gdp_ppp_pc": "Hosted per US$ of GDP per person (PPP)",
    "rb_population": "Rank by population burden", "rb_gdp": "Rank by economic burden",
    "key": "Key", "weight": "Weight (%)", "target": "Places to share (target)", "fair_share": "Fair share (places)",
    "actual": "Places given", "performance": "Places given / fair share", "weight_year": "Weights from",
    "recognized": "Recognised (Convention status)", "other": "Other protection", "rejected": "Rejected",
    "closed": "Otherwise closed", "total": "Decisions", "refugee_recognition_rate": "Refugee recognition rate (%)",
    "total_protection_rate": "Total protection rate (%)", "closed_share": "Otherwise closed (%)",
    "applied": "Applications", "decided": "Decisions", "flow_balance": "Applications − decisions",
    "total_resettled": "All refugees resettled", "scenario_places": "Places had it matched the region's share",
    "gap": "Difference", "remittances_pct_gdp": "Remittances, % of GDP (%)",
    "emigrants": "Emigrants", "emigrants_in_host": "Emigrants in the host country",
    "host_share_of_emigrants": "Share of emigrants in the host (%)",
    "remittances_from_host_usd_m": "Remittances from the host", "resettled_to_host": "Resettled to the host",
    "asylum_applications_in_host": "Asylum applications in the host", "decisions_in_host": "Decisions in the host",
    "contribution_usd_m": "Contribution", "fair_share_usd_m": "Fair share", "pct_published": "Published (%)",
    "implied_weight": "Implied weight (%)",
}
#: Parameter columns repeated on every row (shown in the lede, not the table).
PARAM_COLUMNS = {"scheme", "measure", "source", "origin", "procedure_type", "dec_level", "unit", "host", "country",
                 "asylum_iso3", "destination", "past_asylum_window"}
PERIOD = "2015-2020"
PERIOD_END = 2020


def header(col: str, kind: str) -> str:
    h = HEADERS.get(col, col.replace("_", " ").capitalize())
    if kind in ("share", "percent") and "%" not in h:
        h += " (%)"
    return h


def generic(ex_id: str, title: str, df: pd.DataFrame, *, sort: str | None = None, note: str = "",
            spec: dict | None = None, alt: str = "", drop: set[str] | None = None) -> Exhibit:
    """A table for people from an indicator frame: parameter columns left out, each column under a human header
    and written by its kind, sorted by the measure that matters (descending)."""
    skip = (PARAM_COLUMNS | (drop or set())) & set(df.columns)
    cols = []
    for c in df.columns:
        if c == COLUMN or c in skip:
            continue
        kind = numbers.kind_of(c, df[c])
        cols.append(Col(c, header(c, kind), kind))
    d = df.sort_values(sort, ascending=False, na_position="last") if sort else df
    return Exhibit(ex_id, title, "as computed by hemigov.indicators", d.reset_index(drop=True), cols, note=note,
                   spec=spec, alt=alt, open_table=spec is None)


def _lede(name: str) -> Prose:
    ind = REGISTRY[name]
    p = describe(name)
    params = ", ".join(f"{r.parameter} = {r.default or '(none)'}" for r in p.itertuples(index=False))
    return Prose(Markup(f"<p>{escape(ind.definition)}</p><p class='formula'>Formula: <code>{escape(ind.formula)}"
                        f"</code>. Defaults: {escape(params) or 'none'}.</p>"))


def representation_block() -> list:
    r = indicator("representation", destination="CAN", years=PERIOD)
    dom = region_domain(r.region)
    long = pd.concat([r.assign(series="Share of refugees resettled to Canada", v=r.s_r),
                      r.assign(series="Share of the world's cross-border displaced", v=r.d_r)])
    spec = charts.categories(long, cat="region", cat_title="Region of origin", y="v", y_title="Share", order=dom,
                             series="series", series_title="", percent=True,
                             domain=["Share of refugees resettled to Canada",
                                     "Share of the world's cross-border displaced"],
                             description="Representation by region of origin")
    spec = grouped(spec)
    am = r[r.region == AMERICAS_LABEL].iloc[0]
    ex = generic("indicator-representation", f"Representation: who Canada resettled, against who was displaced, "
                 f"{PERIOD}", r.assign(region=pd.Categorical(r.region, dom)).sort_values("region")
                 .astype({"region": str}), spec=spec,
                 alt=f"Paired bars by region of origin: share of refugees resettled to Canada against share of the "
                     f"world's cross-border displaced, {PERIOD}; the Americas: {fmt(am.s_r, 'share')} against "
                     f"{fmt(am.d_r, 'share')}.",
                 note="Representation = share resettled / share displaced: 1 is proportional, below 1 "
                      "under-represented. Dissimilarity = half the sum of absolute differences of the shares.")
    return [Heading("Representation", id="representation"), _lede("representation"), ex]


def grouped(spec: dict) -> dict:
    """Side-by-side (not stacked) horizontal bars: one bar per series within each category."""
    s = spec
    enc = s["layer"][0]["encoding"]
    enc["x"].pop("stack", None)
    enc["x"]["stack"] = None
    enc["yOffset"] = {"field": enc["color"]["field"], "type": "nominal", "sort": enc["color"]["sort"]}
    s["height"] = max(160, 40 * len(enc["y"]["sort"]))
    return s


def displacement_share_block() -> list:
    d = indicator("displacement_share", years="2000-latest")
    d = d[d.year.notna()].astype({"year": int})
    dom = region_domain(d.region)
    spec = charts.annual(d, y="share", y_title="Share of the world's cross-border displaced", series="region",
                         series_title="Region of origin", domain=dom, palette=charts.region_palette(dom),
                         percent=True, description="Share of the world's cross-border displaced, by region")
    am = d[d.region == AMERICAS_LABEL]
    ex = generic("indicator-displacement-share", "Where the world's cross-border displaced come from, by region",
                 d.sort_values(["year", "share"], ascending=[False, False]), spec=spec,
                 alt=f"Lines by year, one per region of origin ({len(dom)}): the Americas' share rose from "
                     f"{fmt(am.share.iloc[0], 'share')} in {am.year.iloc[0]} to {fmt(am.share.iloc[-1], 'share')} in "
                     f"{am.year.iloc[-1]}.")
    return [Heading("Displacement by region", id="displacement-share"), _lede("displacement_share"), ex]


def fair_share_block() -> list:
    """Fair shares, with the meaning of the target stated: (a) the places the sharing countries actually gave
    the Americas, redistributed by each key; (b) a stated target — the places they would have given had they
    resettled from the Americas in proportion to its share of the world's displaced. Weights from the period's
    last year (not the newest data)."""
    base = indicator("fair_share", year=str(PERIOD_END), years=PERIOD)
    peers = indicator("representation", destination="peers", years=PERIOD)
    am = peers[peers.region == AMERICAS_LABEL]
    stated = float((am.resettled_total * am.d_r).sum())
    alt_ = indicator("fair_share", year=str(PERIOD_END), years=PERIOD, target=round(stated))
    rows = []
    for label, f in (("actual places redistributed", base), ("in proportion to displacement", alt_)):
        pop = f[f.key == f.key.iloc[0]]
        rows.append(pop.assign(target_kind=label))
    t = pd.concat(rows, ignore_index=True)
    t["name"] = t.iso3
    can = t[(t.iso3 == "CAN")]
    a, b = can.iloc[0], can.iloc[1]
    long = pd.concat([t[t.target_kind == "in proportion to displacement"].assign(series="Fair share", v=lambda x:
                                                                                 x.fair_share),
                      t[t.target_kind == "in proportion to displacement"].assign(series="Places given",
                                                                                 v=lambda x: x.actual)])
    order = list(t[t.target_kind == "in proportion to displacement"].sort_values("fair_share",
                                                                                  ascending=False).iso3)
    spec = grouped(charts.categories(long, cat="iso3", cat_title="Resettlement country", y="v", y_title="Places",
                                     order=order, series="series", series_title="",
                                     domain=["Fair share", "Places given"],
                                     description="Fair shares of resettlement from the Americas"))
    prose = Prose(Markup(
        f"<p>A fair share divides a number of places — the <em>target</em> — among the sharing countries by a key "
        f"(population, GDP, GNI …). The target's meaning decides what the result says:</p><ul>"
        f"<li><strong>Redistributing the places actually given</strong> (the indicator's default target: "
        f"{fmt(a.target, 'count')} places from the Americas in {PERIOD}). Then Canada's "
        f"{fmt(a.actual, 'count')} places are {fmt(a.performance, 'ratio')} times its fair share by population: it "
        f"gave more than the others, of very few places in all. This does <em>not</em> say Canada did its share of "
        f"the region's needs.</li>"
        f"<li><strong>A stated target</strong>, here a policy option: had the sharing countries resettled from the "
        f"Americas in proportion to the region's share of the world's cross-border displaced each year, they would "
        f"have given {fmt(b.target, 'count')} places. Canada's fair share of those by population is "
        f"{fmt(b.fair_share, 'count')}; it gave {fmt(b.actual, 'count')} ({fmt(b.performance, 'ratio')} of its fair "
        f"share).</li></ul><p>Weights are {PERIOD_END} values (the period's last year), not the newest data. The "
        f"dashboard's fair-share calculator starts from the indicator's registered defaults (countries: the peers; "
        f"keys: all; target: the places given).</p>"))
    ex = generic("indicator-fair-share", f"Fair shares of resettlement from the Americas, {PERIOD}, by population",
                 t.sort_values(["target_kind", "fair_share"], ascending=[True, False]),
                 drop={"gdp", "gni", "unemployment", "past_asylum", "population", "name"}, spec=spec,
                 alt=f"Paired bars per country: fair share of places from the Americas (target: in proportion to "
                     f"displacement, {fmt(b.target, 'count')} places) against places given, {PERIOD}; Canada "
                     f"{fmt(b.fair_share, 'count')} against {fmt(b.actual, 'count')}.",
                 note="Target kind: 'actual places redistributed' divides the places the sharing countries gave; 'in "
                      "proportion to displacement' divides the places they would have given had they matched the "
                      "region's share of the world's displaced. Key: population.")
    ex.columns.insert(0, Col("target_kind", "Target", "text"))
    return [Heading("Fair shares", id="fair-shares"), _lede("fair_share"), prose, ex]


def build(ctx: Context) -> list[Page]:
    blocks: list = [Prose(Markup(
        "<p class='lede'>The indicators behind the paper's argument, each computed by "
        "<code>hemigov.indicators.indicator(name, …)</code> with the parameters shown; the same functions serve the "
        "dashboard, the API and the command line.</p>"))]
    blocks += representation_block() + displacement_share_block() + fair_share_block()
    scen = indicator("resettlement_scenario", destination="CAN", years="2015-latest")
    scen = scen[scen.year.notna()].astype({"year": int})
    blocks += [Heading("Resettlement scenario", id="resettlement-scenario"), _lede("resettlement_scenario"),
               generic("indicator-resettlement-scenario", "Places Canada would have offered the Americas had it "
                       "matched the region's share of displacement", scen.sort_values("year", ascending=False))]
    hb = indicator("host_burden")
    blocks += [Heading("Host burden", id="host-burden"), _lede("host_burden"),
               generic("indicator-host-burden", f"Displaced people hosted in the Americas, {int(hb.year.max())}",
                       hb, sort="hosted")]
    rr = indicator("recognition_rate", by_origin=False)
    blocks += [Heading("Recognition rates", id="recognition-rate"), _lede("recognition_rate"),
               generic("indicator-recognition-rate", "Asylum decisions in Canada at first instance, all origins",
                       rr.sort_values("year", ascending=False))]
    for name, title, sort in (
            ("dependence", "Dependence on Canada: remittances, emigrants, asylum", "emigrants_in_host"),
            ("backlog_balance", "Asylum applications against decisions in Canada", "year"),
            ("irb_acceptance", "Mexican claims at the IRB, as printed in the paper", None),
            ("oxfam_syria_2015", "Oxfam's 2015 fair shares for Syria, recomputed", "fair_share_usd_m")):
        d = indicator(name)
        blocks += [Heading(REGISTRY[name].title, id=name.replace("_", "-")), _lede(name),
                   generic(f"indicator-{name.replace('_', '-')}", title, d, sort=sort)]
    return [Page("indicators.html", "Indicators", "indicators", blocks,
                 description="Representation, displacement, fair shares, host burden, recognition, dependence")]


SECTION = Section("indicators", "Indicators", "indicators.html", build)

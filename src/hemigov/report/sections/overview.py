"""Overview: the paper's verdict at a glance — headline numbers with their releases, what changed since the paper,
and the most quotable derived result (the places Canada would have offered had it matched the region's share of
displacement), from the indicators and the series."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup, escape

from hemigov.core import meta
from hemigov.core.provenance import COLUMN, Provenance
from hemigov.geo.regions import WESTERN_HEMISPHERE
from hemigov.indicators import indicator
from hemigov.report import charts
from hemigov.report.context import Context
from hemigov.report.frames import AMERICAS_LABEL, REGION_ORDER, region_domain, releases, with_region
from hemigov.report.model import Col, Exhibit, Heading, Headline, Headlines, Page, Prose
from hemigov.report.sections import Section
from hemigov.series import asylum, canada, resettlement
from hemigov.style.numbers import fmt

PAPER_PERIOD = (2015, 2020)
CANADA = "CAN"


def canada_resettlement(source: str) -> pd.DataFrame:
    """Refugees resettled to Canada by year and region of origin (UNHCR arrivals or IRCC's subtotal rows)."""
    r = resettlement.resettlement(source)
    r = with_region(r[r.destination_iso3 == CANADA], "origin_iso3")
    g = r.groupby(["year", "region", COLUMN], as_index=False).agg(persons=("persons", "sum"),
                                                                   suppressed_cells=("suppressed_cells", "sum"))
    return g.sort_values(["year", "region"], ignore_index=True)


def yearly_shares(un: pd.DataFrame, ir: pd.DataFrame, disp: pd.DataFrame) -> pd.DataFrame:
    """The argument year by year: the Americas' share of Canada's resettled refugees (UNHCR, IRCC) and of the
    world's cross-border displaced (the displacement_share indicator)."""
    rows = []
    for label, d in (("Resettled to Canada: from the Americas (UNHCR)", un),
                     ("Resettled to Canada: from the Americas (IRCC)", ir)):
        tot = d.groupby("year").persons.sum()
        am = d[d.region == AMERICAS_LABEL].groupby("year").persons.sum().reindex(tot.index, fill_value=0)
        src = d.groupby("year")[COLUMN].first()
        rows.append(pd.DataFrame({"year": tot.index, "measure": label, "numerator": am.values,
                                  "denominator": tot.values, COLUMN: src.values}))
    w = disp[disp.region == AMERICAS_LABEL]
    rows.append(pd.DataFrame({"year": w.year.astype(int).values,
                              "measure": "World's cross-border displaced: from the Americas",
                              "numerator": w.displaced.values, "denominator": w.world.values,
                              COLUMN: w[COLUMN].values}))
    out = pd.concat(rows, ignore_index=True)
    out["share"] = out.numerator / out.denominator
    return out.sort_values(["measure", "year"], ignore_index=True)


def why_sentence(un: pd.DataFrame, a: int, b: int, latest: int, names: dict[str, str]) -> str:
    """Why the Americas' share of Canada's resettlement moved between the paper's period and the latest year,
    from the counts (arrivals from the Americas against all arrivals)."""
    per = un[un.year.between(a, b)]
    am_avg = per[per.region == AMERICAS_LABEL].persons.sum() / (b - a + 1)
    tot_avg = per.persons.sum() / (b - a + 1)
    last = un[un.year == latest]
    am_last, tot_last = last[last.region == AMERICAS_LABEL].persons.sum(), last.persons.sum()
    r = resettlement.resettlement("unhcr")
    r = with_region(r[(r.destination_iso3 == CANADA) & (r.year == latest)], "origin_iso3")
    top = r[r.region == AMERICAS_LABEL].nlargest(3, "persons")
    lead = ", ".join(f"{names.get(t.origin_iso3, t.origin_iso3)} {fmt(t.persons, 'count')}"
                     for t in top.itertuples(index=False))
    am_x, tot_x = am_last / am_avg if am_avg else float("inf"), tot_last / tot_avg if tot_avg else 0
    if am_x > tot_x:
        return (f"arrivals from the Americas rose from about {fmt(am_avg, 'count')} a year in {a}–{b} to "
                f"{fmt(am_last, 'count')} in {latest} ({lead}), {am_x:.1f} times as many, while all resettlement "
                f"to Canada went from about {fmt(tot_avg, 'count')} a year to {fmt(tot_last, 'count')}")
    return (f"all resettlement to Canada went from about {fmt(tot_avg, 'count')} a year in {a}–{b} to "
            f"{fmt(tot_last, 'count')} in {latest}, while arrivals from the Americas went from about "
            f"{fmt(am_avg, 'count')} a year to {fmt(am_last, 'count')} ({lead})")


def build(ctx: Context) -> list[Page]:
    a, b = PAPER_PERIOD
    un, ir = canada_resettlement("unhcr"), canada_resettlement("ircc")
    latest = int(un.year.max())
    rep_un = indicator("representation", destination=CANADA, years=f"{a}-{b}")
    rep_ir = indicator("representation", destination=CANADA, years=f"{a}-{b}", source="ircc")
    rep_last = indicator("representation", destination=CANADA, years=str(latest))
    disp = indicator("displacement_share", years=f"{int(un.year.min())}-latest")
    disp = disp[disp.year.notna()].astype({"year": int})
    scen = indicator("resettlement_scenario", destination=CANADA, years=f"{a}-latest")
    claims = canada.claims_annual()
    claims_done = claims[claims.complete].reset_index(drop=True)
    apps = asylum.applications(asylum=CANADA, new=True, by=("year", "origin_iso3"))
    apps = with_region(apps, "origin_iso3")
    cmp = resettlement.ircc_comparison(a, b)

    def am(rep: pd.DataFrame) -> pd.Series:
        return rep[rep.region == AMERICAS_LABEL].iloc[0]

    u, i, last = am(rep_un), am(rep_ir), am(rep_last)
    d_last = disp[(disp.region == AMERICAS_LABEL) & (disp.year == disp.year.max())].iloc[0]
    d_b = disp[(disp.region == AMERICAS_LABEL) & (disp.year == b)].iloc[0]
    s_per = scen[scen.year.between(a, b)]
    places, actual = s_per.scenario_places.sum(), s_per.actual.sum()
    cl = claims_done.iloc[-1]
    app_last_year = int(apps.year.max())
    ap = apps[apps.year == app_last_year]
    ap_am, ap_all = ap[ap.region == AMERICAS_LABEL].applied.sum(), ap.applied.sum()

    # -- the headline numbers, as one table (one row per tile)
    head_rows = [
        ("Places Canada would have offered refugees from the Americas had it matched the region's share of the "
         "world's cross-border displaced (each year)", f"{a}–{b}", places, None, None, Provenance.of(s_per)),
        ("Refugees from the Americas resettled to Canada (UNHCR)", f"{a}–{b}", actual, None, None,
         Provenance.of(s_per)),
        ("Share of refugees resettled to Canada who came from the Americas (IRCC)", f"{a}–{b}", i.resettled,
         i.resettled_total, i.s_r, Provenance.of(rep_ir)),
        ("Share of refugees resettled to Canada who came from the Americas (UNHCR)", f"{a}–{b}", u.resettled,
         u.resettled_total, u.s_r, Provenance.of(rep_un)),
        ("Share of refugees resettled to Canada who came from the Americas (UNHCR)", str(latest), last.resettled,
         last.resettled_total, last.s_r, Provenance.of(rep_last)),
        ("The Americas' share of the world's cross-border displaced (end of year)", str(b), d_b.displaced,
         d_b.world, d_b.share, Provenance.of(disp)),
        ("The Americas' share of the world's cross-border displaced (end of year)", str(int(d_last.year)),
         d_last.displaced, d_last.world, d_last.share, Provenance.of(disp)),
        ("Asylum claimants in Canada (IRCC, all citizenships)", str(int(cl.year)), cl.persons, None, None,
         Provenance.parse(cl[COLUMN])),
        ("New asylum applications in Canada by nationals of the Americas (UNHCR)", str(app_last_year), ap_am,
         ap_all, ap_am / ap_all, Provenance.of(ap)),
    ]
    head = pd.DataFrame([{"measure": m, "period": p, "persons": n, "of": d, "share": s, COLUMN: prov.text()}
                         for m, p, n, d, s, prov in head_rows])
    rel = {r.measure + r.period: releases(Provenance.parse(r.sources)) for r in head.itertuples()}

    def card(idx: int, label: str, value: str, detail: str, exhibit: str = "overview-headlines") -> Headline:
        r = head.iloc[idx]
        return Headline(label, value, f"{detail} · {rel[r.measure + r.period]}", exhibit)

    cards = [
        card(0, f"places Canada would have offered refugees from the Americas in {a}–{b}, had it matched the "
                "region's share of the world's cross-border displaced", fmt(places, "count"),
             f"against {fmt(actual, 'count')} who arrived", "overview-scenario"),
        card(2, f"of refugees resettled to Canada in {a}–{b} came from the Americas (IRCC)", fmt(i.s_r, "share"),
             f"{fmt(i.resettled, 'count')} of {fmt(i.resettled_total, 'count')} persons"),
        card(3, f"the same share by UNHCR's count, {a}–{b}", fmt(u.s_r, "share"),
             f"{fmt(u.resettled, 'count')} of {fmt(u.resettled_total, 'count')} persons"),
        card(4, f"the same share in {latest} (UNHCR)", fmt(last.s_r, "share"),
             f"{fmt(last.resettled, 'count')} of {fmt(last.resettled_total, 'count')} persons"),
        card(6, f"of the world's cross-border displaced came from the Americas, end {int(d_last.year)}",
             fmt(d_last.share, "share"), f"{fmt(d_last.displaced, 'count')} of {fmt(d_last.world, 'count')} "
                                          f"refugees, asylum-seekers and others in need of international protection"),
        card(7, f"asylum claimants in Canada in {int(cl.year)}", fmt(cl.persons, "count"),
             "persons, all countries of citizenship"),
        card(8, f"of new asylum applications in Canada in {app_last_year} were by nationals of the Americas",
             fmt(ap_am / ap_all, "share"), f"{fmt(ap_am, 'count')} of {fmt(ap_all, 'count')} persons"),
    ]
    ex_head = Exhibit(
        "overview-headlines", "The headline numbers", "persons, and shares in percent", head,
        [Col("measure", "Measure", "text"), Col("period", "Period", "text"), Col("persons", "Persons", "count"),
         Col("of", "Out of (persons)", "count"), Col("share", "Share (%)", "share")],
        note=f"Share = persons / out of. The Americas: the paper's '{AMERICAS_LABEL}' "
             f"({len(WESTERN_HEMISPHERE.members())} countries and "
             "territories, mapped from UNHCR's regional bureau). IRCC counts resettled refugees with its printed "
             "subtotal rows (see the comparison below).", open_table=True)

    # -- the quotable result, year by year
    scen_t = scen.assign(year=scen.year.astype(int))
    long = pd.concat([
        scen_t.assign(series="Places had Canada matched the region's share of displacement",
                      persons=scen_t.scenario_places),
        scen_t.assign(series="Refugees from the Americas resettled to Canada", persons=scen_t.actual)],
        ignore_index=True)
    dom = ["Places had Canada matched the region's share of displacement",
           "Refugees from the Americas resettled to Canada"]
    ex_scen = Exhibit(
        "overview-scenario", "Refugees from the Americas Canada would have resettled had it matched the region's "
        "share of displacement, and those who arrived", "persons per year (UNHCR resettlement and displacement)",
        scen_t.sort_values("year", ascending=False, ignore_index=True),
        [Col("year", "Year", "year"), Col("scenario_places", "Places had Canada matched the region's share",
                                          "count"),
         Col("actual", "Resettled from the Americas", "count"), Col("gap", "Difference", "count"),
         Col("total_resettled", "All refugees resettled to Canada", "count"),
         Col("d_r", "The Americas' share of the world's cross-border displaced (%)", "share")],
        alt=f"Two lines by year from {int(scen_t.year.min())} to {int(scen_t.year.max())}: the places Canada would "
            f"have offered the Americas had it matched the region's share of displacement (from "
            f"{fmt(scen_t.scenario_places.iloc[0], 'count')} to {fmt(scen_t.scenario_places.iloc[-1], 'count')}) "
            f"and the refugees who arrived from the Americas (from {fmt(scen_t.actual.iloc[0], 'count')} to "
            f"{fmt(scen_t.actual.iloc[-1], 'count')}).",
        spec=charts.annual(long, y="persons", y_title="Persons", series="series", series_title="", domain=dom,
                           description="Places had Canada matched the Americas' share of displacement, and arrivals"),
        note="Places = all refugees resettled to Canada that year × the Americas' share of the world's "
             "cross-border displaced at the end of that year (hemigov.indicators resettlement_scenario). The "
             "places are a redistribution of the places Canada actually gave, not a larger programme.")

    # -- the shares by year
    shares = yearly_shares(un, ir, disp)
    sdom = list(dict.fromkeys(shares.measure))
    ex_shares = Exhibit(
        "overview-americas-shares", "The Americas' share of Canada's resettled refugees, and of the world's "
        "cross-border displaced", "share of persons, by year", shares.sort_values(["measure", "year"],
                                                                                 ascending=[True, False]),
        [Col("measure", "Measure", "text"), Col("year", "Year", "year"), Col("numerator", "From the Americas",
                                                                              "count"),
         Col("denominator", "All (persons)", "count"), Col("share", "Share (%)", "share")],
        alt=f"Lines by year: the Americas' share of the world's cross-border displaced rose from "
            f"{fmt(shares[shares.measure == sdom[-1]].share.iloc[0], 'share')} to "
            f"{fmt(shares[shares.measure == sdom[-1]].share.iloc[-1], 'share')}; their share of the refugees "
            f"resettled to Canada stayed low (UNHCR {fmt(last.s_r, 'share')} in {latest}).",
        spec=charts.annual(shares, y="share", y_title="Share from the Americas", series="measure",
                           series_title="", domain=sdom, percent=True,
                           description="The Americas' share of Canada's resettlement and of the world's displaced"),
        note="IRCC's monthly file starts in 2015. Displacement: refugees, asylum-seekers and other people in need of "
             "international protection, by origin, at the end of each year.")

    def by_region(d: pd.DataFrame, ex_id: str, title: str, units: str, note: str) -> Exhibit:
        dom = region_domain(d.region)
        return Exhibit(
            ex_id, title, units, d.assign(region=pd.Categorical(d.region, REGION_ORDER))
            .sort_values(["year", "region"], ascending=[False, True]).astype({"region": str}),
            [Col("year", "Year", "year"), Col("region", "Region of origin", "text"),
             Col("persons", "Persons", "count")],
            alt=f"Stacked bars of refugees resettled to Canada each year, {int(d.year.min())}–{int(d.year.max())}, "
                f"by region of origin; the Americas' part is "
                f"{fmt(d[d.region == AMERICAS_LABEL].persons.sum() / d.persons.sum(), 'share')} of the total.",
            spec=charts.bars(d, y="persons", y_title="Persons", series="region", series_title="Region of origin",
                             domain=dom, palette=charts.region_palette(dom), fill="zero",
                             description=title),
            note=note)

    ex_un = by_region(un, "overview-canada-resettlement-by-region", "Refugees resettled to Canada, by region of "
                      "origin (UNHCR)", "persons per year (UNHCR resettlement arrivals)",
                      "Regions: the paper's five (IRCC style, mapped from UNHCR's bureaux); '(unclassified)' = "
                      "stateless or unknown origin. A year with no row for a region: none recorded.")
    ex_ir = by_region(ir, "overview-ircc-resettlement-by-region", "Resettled refugees admitted to Canada, by region "
                      "of origin (IRCC)", "persons per year (IRCC permanent residents, resettled refugees)",
                      f"IRCC's printed 'Resettled Refugee' subtotal rows (GAR + PSR + BVOR) per citizenship and "
                      f"month, summed: {fmt(cmp.persons.iloc[0], 'count')} in {a}–{b}. Each printed cell is "
                      "rounded to 5; 1–4 is printed '--' and counted as 0 here.")
    ex_cmp = Exhibit(
        "overview-ircc-comparison", f"IRCC's two printed counts of resettled refugees, {a}–{b} (a comparison)",
        "persons, and printed cells", cmp,
        [Col("count", "Count", "text"), Col("period", "Period", "text"), Col("persons", "Persons", "count"),
         Col("cells", "Printed cells", "count"), Col("suppressed_cells", "Cells printed '--' (1–4 each)", "count")],
        note=f"hemigov uses the subtotal rows everywhere ({fmt(cmp.persons.iloc[0], 'count')}). The category cells "
             f"add to {fmt(cmp.persons.iloc[1], 'count')}, {fmt(cmp.persons.iloc[0] - cmp.persons.iloc[1], 'count')} "
             "fewer, because each category cell is rounded to 5 and suppressed when 1–4 on its own: three "
             "roundings and more suppressed cells per citizenship and month instead of one.", open_table=True)
    ex_claims = Exhibit(
        "overview-canada-asylum-claims", "Asylum claimants in Canada", "persons per calendar year",
        claims_done.sort_values("year", ascending=False, ignore_index=True),
        [Col("year", "Year", "year"), Col("persons", "Asylum claimants", "count"),
         Col("source", "Publisher", "text")],
        alt=f"Bars of asylum claimants in Canada per year, {int(claims_done.year.min())}–"
            f"{int(claims_done.year.max())}; the highest, {fmt(claims_done.persons.max(), 'count')}, in "
            f"{int(claims_done.loc[claims_done.persons.idxmax(), 'year'])}.",
        spec=charts.bars(claims_done, y="persons", y_title="Asylum claimants", description="Asylum claimants in "
                                                                                           "Canada"),
        note="Complete calendar years only. IRCC's open data from 2015 (monthly cells rounded to 5); Statistics "
             "Canada's yearly counts before.")
    app_year = apps.groupby(["year"], as_index=False).agg(applied=("applied", "sum"))
    app_am = apps[apps.region == AMERICAS_LABEL].groupby("year", as_index=False).applied.sum()
    app_t = app_year.merge(app_am.rename(columns={"applied": "americas"}), how="left").fillna({"americas": 0})
    app_t["share"] = app_t.americas / app_t.applied
    app_t[COLUMN] = Provenance.of(apps).text()
    app_long = pd.concat([app_t.assign(series="All nationalities", persons=app_t.applied),
                          app_t.assign(series="Nationals of the Americas", persons=app_t.americas)])
    ex_apps = Exhibit(
        "overview-canada-new-applications", "New asylum applications in Canada", "persons per year (UNHCR)",
        app_t.sort_values("year", ascending=False, ignore_index=True),
        [Col("year", "Year", "year"), Col("applied", "New applications, all nationalities", "count"),
         Col("americas", "By nationals of the Americas", "count"),
         Col("share", "Share by nationals of the Americas (%)", "share")],
        alt=f"Two lines by year, {int(app_t.year.min())}–{int(app_t.year.max())}: new asylum applications in Canada "
            f"by all nationalities and by nationals of the Americas ({fmt(app_t.share.iloc[-1], 'share')} in "
            f"{int(app_t.year.iloc[-1])}).",
        spec=charts.annual(app_long, y="persons", y_title="Persons", series="series", series_title="",
                           domain=["All nationalities", "Nationals of the Americas"],
                           description="New asylum applications in Canada"),
        note="UNHCR application type N (new); before 2006 every country's applications carry type V and count as "
             "new, so the series starts in 2000. Persons, all decision levels.")

    p = meta.paper()
    why = why_sentence(un, a, b, latest, ctx.names)
    lede = Markup(
        f"<p class='lede'><cite>{escape(p.title)}</cite> ({escape(p.author_text)}, {escape(p.year)}; "
        f"{escape(p.series)} No. {escape(p.number)}) argued that Canada takes almost no share of the responsibility "
        "for the Americas' displacement crises: just under 1% of the refugees Canada resettled in 2015–2020 came "
        "from its own hemisphere. hemigov recomputes the paper's measures from the official statistics, through "
        "the latest year.</p>"
        f"<p class='verdict'><strong>What changed since the paper:</strong> the Americas' share of the refugees "
        f"resettled to Canada was {escape(fmt(u.s_r, 'share'))} in {a}–{b} (UNHCR; "
        f"{escape(fmt(i.s_r, 'share'))} by IRCC's count) and {escape(fmt(last.s_r, 'share'))} in {latest}, "
        f"because {escape(why)}. The region's share of the world's cross-border displaced was "
        f"{escape(fmt(d_b.share, 'share'))} at the end of {b} and {escape(fmt(d_last.share, 'share'))} at the end of "
        f"{int(d_last.year)}.</p>"
        f"<p class='quotable'>Had Canada matched the Americas' share of the world's cross-border displaced each "
        f"year, it would have offered about <strong>{escape(fmt(round(places, -2), 'count'))} places</strong> to "
        f"refugees from the Americas in {a}–{b}; <strong>{escape(fmt(actual, 'count'))}</strong> arrived "
        "(<a href='#overview-scenario'>year by year</a>).</p>")
    blocks: list = [
        Prose(lede), Headlines(cards),
        Prose(Markup("<p class='see-also'>Did the paper hold up? See the <a href='paper.html'>scorecard of its "
                     "exhibits and claims</a>; the same exhibits <a href='updated.html'>through the latest data</a>; "
                     "Canada as a destination on <a href='countries/can.html'>its own page</a>.</p>")),
        ex_scen, ex_shares, ex_head, Heading("Resettlement to Canada"), ex_un, ex_ir, ex_cmp,
        Heading("Asylum in Canada"), ex_claims, ex_apps,
    ]
    return [Page("index.html", "Canada and the Americas' displacement crises", "overview", blocks,
                 description="The paper's argument in headline numbers, with what changed since")]


SECTION = Section("overview", "Overview", "index.html", build)

"""Overview: the paper's argument in a few headline numbers, from the warehouse, through the latest year."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from hemigov.report import charts
from hemigov.report.context import AMERICAS_SQL, CROSS_BORDER, REGION_SQL, Context
from hemigov.report.fmt import num, pct, tidy
from hemigov.report.model import Exhibit, Heading, Headline, Headlines, Page, Prose
from hemigov.report.sections import Section

PAPER_PERIOD = (2015, 2020)


def canada_resettlement_by_region(ctx: Context) -> pd.DataFrame:
    """Refugees resettled to Canada by year, source (UNHCR, IRCC) and region of origin."""
    return ctx.q(f"""
        SELECT r.year, r.source, {REGION_SQL} AS region, sum(r.persons)::BIGINT AS persons, r.dataset, r.vintage
        FROM v_resettlement r LEFT JOIN v_countries c ON c.iso3 = r.origin_iso3
        WHERE r.destination_iso3 = 'CAN'
        GROUP BY ALL ORDER BY r.source DESC, r.year, region""")


def cross_border_by_origin_region(ctx: Context) -> pd.DataFrame:
    """People in need of international protection (refugees, asylum-seekers, other people in need of
    international protection) by year, Americas-born or not."""
    types = ", ".join(f"'{t}'" for t in CROSS_BORDER)
    return ctx.q(f"""
        SELECT year, sum(persons) FILTER (WHERE origin_iso3 IN ({AMERICAS_SQL}))::BIGINT AS americas,
               sum(persons)::BIGINT AS world, dataset, vintage
        FROM v_displacement WHERE population_type IN ({types})
        GROUP BY ALL ORDER BY year""")


def canada_claims(ctx: Context) -> pd.DataFrame:
    """Asylum claimants in Canada by year (IRCC printed totals), complete years only."""
    return ctx.q("""
        SELECT year, count(DISTINCT month)::INTEGER AS months, sum(persons)::BIGINT AS persons, dataset, vintage
        FROM v_canada_asylum_claims
        WHERE citizenship_iso3 = '(all)' AND office_type = '(all)' AND province = '(all)'
          AND dataset = 'ircc.asylum_office_type_province'
        GROUP BY ALL HAVING count(DISTINCT month) = 12 ORDER BY year""")


def canada_new_applications(ctx: Context) -> pd.DataFrame:
    """UNHCR: new asylum applications lodged in Canada (persons), Americas nationals and all."""
    return ctx.q(f"""
        SELECT year, sum(applied) FILTER (WHERE origin_iso3 IN ({AMERICAS_SQL}))::BIGINT AS americas,
               sum(applied)::BIGINT AS world, dataset, vintage
        FROM v_asylum_applications
        WHERE asylum_iso3 = 'CAN' AND unit = 'persons' AND app_type = 'N'
        GROUP BY ALL ORDER BY year""")


def shares_by_year(res: pd.DataFrame, xb: pd.DataFrame) -> pd.DataFrame:
    """The argument, year by year: the Americas' share of Canada's resettlement (by source) and of the
    world's cross-border displaced."""
    rows = []
    for (source, year, dataset, vintage), g in res.groupby(["source", "year", "dataset", "vintage"]):
        am, tot = int(g.loc[g.region == "Americas", "persons"].sum()), int(g.persons.sum())
        label = f"Resettled to Canada from the Americas ({source.upper()})"
        rows.append((year, label, am, tot, dataset, vintage))
    for r in xb.itertuples(index=False):
        rows.append((r.year, "Cross-border displaced from the Americas (world)", r.americas, r.world,
                     r.dataset, r.vintage))
    df = pd.DataFrame(rows, columns=["year", "measure", "numerator", "denominator", "dataset", "vintage"])
    df["share"] = df.numerator / df.denominator
    return tidy(df[["year", "measure", "numerator", "denominator", "share", "dataset", "vintage"]]
                .sort_values(["measure", "year"]))


def headlines(res: pd.DataFrame, xb: pd.DataFrame, claims: pd.DataFrame, apps: pd.DataFrame) -> pd.DataFrame:
    """The headline numbers: one row each, with numerator, denominator and provenance."""
    rows = []
    a, b = PAPER_PERIOD
    for source in ("unhcr", "ircc"):
        s = res[res.source == source]
        if s.empty:
            continue
        latest = int(s.year.max())
        for period, part in ((f"{a}-{b}", s[s.year.between(a, b)]), (str(latest), s[s.year == latest])):
            am, tot = int(part.loc[part.region == "Americas", "persons"].sum()), int(part.persons.sum())
            rows.append(("canada_resettlement_share_from_americas", source, period, am, tot, am / tot, "share",
                         part.dataset.iloc[0], part.vintage.iloc[0]))
    for r in xb[xb.year.isin([b, xb.year.max()])].itertuples(index=False):
        rows.append(("americas_share_of_cross_border_displaced", "unhcr", str(r.year), r.americas, r.world,
                     r.americas / r.world, "share", r.dataset, r.vintage))
    if len(claims):
        r = claims.iloc[-1]
        rows.append(("asylum_claimants_in_canada", "ircc", str(r.year), r.persons, None, r.persons, "persons",
                     r.dataset, r.vintage))
    if len(apps):
        r = apps.iloc[-1]
        rows.append(("canada_new_asylum_applications_share_from_americas", "unhcr", str(r.year), r.americas,
                     r.world, r.americas / r.world, "share", r.dataset, r.vintage))
    cols = ["measure", "source", "period", "numerator", "denominator", "value", "unit", "dataset", "vintage"]
    df = pd.DataFrame(rows, columns=cols)
    df["value"] = df["value"].astype(float).round(6)
    df["denominator"] = df["denominator"].astype("Int64")
    df["numerator"] = df["numerator"].astype("Int64")
    return df.reset_index(drop=True)


def build(ctx: Context) -> list[Page]:
    res = canada_resettlement_by_region(ctx)
    xb = cross_border_by_origin_region(ctx)
    claims = canada_claims(ctx)
    apps = canada_new_applications(ctx)
    head = headlines(res, xb, claims, apps)
    shares = shares_by_year(res, xb)

    def h(measure: str, source: str, period: str | None = None) -> pd.Series | None:
        d = head[(head.measure == measure) & (head.source == source)]
        if period is not None:
            d = d[d.period == period]
        return None if d.empty else d.iloc[-1]

    a, b = PAPER_PERIOD
    cards = []
    for source, name in (("ircc", "IRCC"), ("unhcr", "UNHCR")):
        r = h("canada_resettlement_share_from_americas", source, f"{a}-{b}")
        if r is not None:
            cards.append(Headline(f"Refugees resettled to Canada who came from the Americas, {a}–{b} ({name})",
                                  pct(r.value), f"{num(r.numerator)} of {num(r.denominator)} persons",
                                  "overview-headlines"))
    r = h("canada_resettlement_share_from_americas", "unhcr")
    if r is not None:
        cards.append(Headline(f"The same share in {r.period} (UNHCR)", pct(r.value),
                              f"{num(r.numerator)} of {num(r.denominator)} persons", "overview-headlines"))
    r = h("americas_share_of_cross_border_displaced", "unhcr")
    if r is not None:
        cards.append(Headline(f"The Americas' share of the world's cross-border displaced, end {r.period}",
                              pct(r.value), f"{num(r.numerator)} of {num(r.denominator)} refugees, asylum-seekers "
                              "and others in need of international protection, by origin", "overview-headlines"))
    r = h("asylum_claimants_in_canada", "ircc")
    if r is not None:
        cards.append(Headline(f"Asylum claimants in Canada, {r.period} (IRCC)", num(r.value),
                              "persons, all countries of citizenship", "overview-headlines"))
    r = h("canada_new_asylum_applications_share_from_americas", "unhcr")
    if r is not None:
        cards.append(Headline(f"New asylum applications in Canada by nationals of the Americas, {r.period}",
                              pct(r.value), f"{num(r.numerator)} of {num(r.denominator)} persons (UNHCR)",
                              "overview-headlines"))

    ex_head = Exhibit("overview-headlines", "The headline numbers, with numerators and denominators",
                      "shares (0–1) and persons", head,
                      note="share = numerator / denominator. IRCC counts are sums of monthly cells rounded to 5.")
    unhcr = res[res.source == "unhcr"].drop(columns="source")
    yr = unhcr.groupby("year").persons.sum()
    am_yr = unhcr[unhcr.region == "Americas"].groupby("year").persons.sum().reindex(yr.index, fill_value=0)
    share_yr = am_yr / yr
    xb_share = (xb.americas / xb.world).set_axis(xb.year)
    ex_res = Exhibit(
        "overview-canada-resettlement-by-region", "Refugees resettled to Canada, by region of origin",
        "persons per year (UNHCR resettlement arrivals)", tidy(unhcr),
        alt=f"Stacked bars of refugees resettled to Canada each year, {yr.index.min()}–{yr.index.max()}, by region "
            f"of origin; the Americas' part ranges from {share_yr.min():.1%} to {share_yr.max():.1%} of a year's "
            "total.",
        spec=charts.bars(unhcr, y="persons", y_title="Persons", color="region", color_title="Region of origin",
                         regions=True, description="Refugees resettled to Canada by region of origin"))
    ex_shares = Exhibit(
        "overview-americas-shares", "The Americas' share: of Canada's resettled refugees, and of the world's "
        "cross-border displaced", "share of persons (0–100%)", shares,
        alt=f"Lines by year: the Americas' share of the world's cross-border displaced went from "
            f"{xb_share.iloc[0]:.0%} in {xb_share.index[0]} to {xb_share.iloc[-1]:.0%} in {xb_share.index[-1]}; "
            f"their share of refugees resettled to Canada (UNHCR) was {share_yr.iloc[-1]:.1%} in {share_yr.index[-1]}.",
        spec=charts.line(shares, y="share", y_title="Share", color="measure", color_title="Measure",
                         percent=True, description="The Americas' share of Canada's resettlement and of the "
                                                   "world's cross-border displaced"))
    blocks: list = [
        Prose(Markup("<p class='lede'>The paper (late 2020) argued that Canada takes almost no share of the "
                     "responsibility for the Americas' displacement crises: about 1% of the refugees Canada "
                     "resettled in 2015–2020 came from its own hemisphere, while the Americas produce about a "
                     "quarter of the world's cross-border displaced. These are the same measures, recomputed "
                     "from the official statistics in the warehouse, through the latest year.</p>")),
        Heading("Headline numbers"), Headlines(cards), ex_head, ex_shares, ex_res,
    ]
    if len(claims):
        ex_claims = Exhibit(
            "overview-canada-asylum-claims", "Asylum claimants in Canada", "persons per calendar year (IRCC)",
            tidy(claims),
            alt=f"Bars of asylum claimants in Canada per year, {claims.year.min()}–{claims.year.max()}.",
            spec=charts.bars(claims, y="persons", y_title="Persons", description="Asylum claimants in Canada"),
            note="Complete calendar years only; monthly cells are rounded to 5 by IRCC.")
        blocks.append(ex_claims)
    return [Page("index.html", "Canada and the Americas' displacement crises", "overview", blocks,
                 description="The argument in headline numbers, latest year.")]


SECTION = Section("overview", "Overview", "index.html", build)

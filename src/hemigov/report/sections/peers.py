"""Canada and its peers (:data:`hemigov.geo.regions.PEERS`): where each resettlement country's refugees come from,
as counted by UNHCR, by the paper's regions of origin."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup, escape

from hemigov.core.provenance import COLUMN
from hemigov.geo.regions import PEERS
from hemigov.report import charts
from hemigov.report.context import Context
from hemigov.report.frames import AMERICAS_LABEL, REGION_ORDER, region_domain, with_region
from hemigov.report.model import Col, Exhibit, Page, Prose
from hemigov.report.sections import Section
from hemigov.series import resettlement
from hemigov.style.numbers import fmt


def by_region(since: int = 2005) -> pd.DataFrame:
    r = resettlement.resettlement("unhcr")
    r = with_region(r[r.destination_iso3.isin(PEERS) & (r.year >= since)], "origin_iso3")
    return r.groupby(["year", "destination_iso3", "region", COLUMN], as_index=False).persons.sum()


def period_shares(df: pd.DataFrame, first: int, last: int, names: dict[str, str]) -> pd.DataFrame:
    d = df[df.year.between(first, last)]
    g = d.groupby(["destination_iso3", "region", COLUMN], as_index=False).persons.sum()
    g["share"] = g.persons / g.groupby("destination_iso3").persons.transform("sum")
    g["destination"] = g.destination_iso3.map(names)
    g["period"] = f"{first}-{last}" if first != last else str(first)
    g["region"] = pd.Categorical(g.region, categories=REGION_ORDER, ordered=True)
    order = {p: i for i, p in enumerate(PEERS)}
    g = g.assign(_o=g.destination_iso3.map(order)).sort_values(["_o", "region"]).drop(columns="_o")
    return g.astype({"region": str}).reset_index(drop=True)


def americas_share_by_year(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    tot = df.groupby(["year", "destination_iso3", COLUMN], as_index=False).persons.sum()
    am = df[df.region == AMERICAS_LABEL].groupby(["year", "destination_iso3"], as_index=False).persons.sum()
    out = tot.merge(am.rename(columns={"persons": "from_americas"}), how="left")
    out["from_americas"] = out.from_americas.fillna(0)
    out["share"] = out.from_americas / out.persons
    out["destination"] = out.destination_iso3.map(names)
    return out.rename(columns={"persons": "resettled"}).sort_values(["destination_iso3", "year"],
                                                                    ignore_index=True)


def build(ctx: Context) -> list[Page]:
    df = by_region()
    names = ctx.names
    latest = int(df.year.max())
    order = [names[p] for p in PEERS]
    blocks: list = [Prose(Markup(
        "<p class='lede'>Resettlement to Canada and its peers (" + escape(", ".join(order[1:])) + "), by region of "
        "origin, as counted by UNHCR. Each country has a <a href='countries/index.html'>destination profile</a>.</p>"))]
    for first, last in ((2015, 2020), (latest, latest)):
        t = period_shares(df, first, last, names)
        period = f"{first}–{last}" if first != last else str(first)
        am = t[t.region == AMERICAS_LABEL].set_index("destination").share
        top = (f"the Americas' part is largest for {am.idxmax()} ({fmt(am.max(), 'share')}) and "
               f"{fmt(am.get(names['CAN'], 0), 'share')} for Canada") if len(am) else "none came from the Americas"
        dom = region_domain(t.region)
        blocks.append(Exhibit(
            f"peers-region-share-{first}-{last}" if first != last else "peers-region-share-latest",
            f"Where resettled refugees came from, {period}", "share of persons resettled (UNHCR)", t,
            [Col("destination", "Resettlement country", "text"), Col("region", "Region of origin", "text"),
             Col("persons", "Persons", "count"), Col("share", "Share of the country's resettled (%)", "share")],
            alt=f"Horizontal stacked bars, one per country, of the regions resettled refugees came from in {period}; "
                f"{top}.",
            spec=charts.categories(t, cat="destination", cat_title="", y="persons", y_title="Share of persons",
                                   series="region", series_title="Region of origin", domain=dom,
                                   palette=charts.region_palette(dom), order=order, normalize=True,
                                   description=f"Resettlement by region of origin, {period}")))
    s = americas_share_by_year(df, names)
    blocks.append(Exhibit(
        "peers-americas-share-by-year", "Share of resettled refugees who came from the Americas",
        "share of persons resettled each year (UNHCR)",
        s.sort_values(["destination_iso3", "year"], ascending=[True, False]),
        [Col("destination", "Resettlement country", "text"), Col("year", "Year", "year"),
         Col("from_americas", "From the Americas", "count"), Col("resettled", "All resettled", "count"),
         Col("share", "Share from the Americas (%)", "share")],
        alt="Lines by year, one per resettlement country, of the share of resettled refugees who came from the "
            f"Americas; in {latest} Canada "
            f"{fmt(s[(s.destination_iso3 == 'CAN') & (s.year == latest)].share.sum(), 'share')}.",
        spec=charts.annual(s, y="share", y_title="Share from the Americas", series="destination",
                           series_title="Resettlement country", domain=[o for o in order if o in set(s.destination)],
                           percent=True, fill="gap", description="Share of resettled refugees from the Americas"),
        note="A year with no resettlement to a country at all is a gap in its line (no share can be computed)."))
    return [Page("peers.html", "Canada and its peers", "peers", blocks,
                 description="Resettlement by region of origin for Canada and peer countries")]


SECTION = Section("peers", "Canada and its peers", "peers.html", build)

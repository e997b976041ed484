"""Canada and its peers: where each resettlement country's refugees come from."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from hemigov.report import charts
from hemigov.report.context import PEERS, REGION_SQL, REGIONS, Context
from hemigov.report.fmt import tidy
from hemigov.report.model import Exhibit, Page, Prose
from hemigov.report.sections import Section


def resettlement_by_region(ctx: Context) -> pd.DataFrame:
    """UNHCR resettlement arrivals by year, resettlement country (the peers) and region of origin."""
    marks = ", ".join("?" for _ in PEERS)
    return ctx.q(f"""
        SELECT r.year, r.destination_iso3, {REGION_SQL} AS region, sum(r.persons)::BIGINT AS persons,
               r.dataset, r.vintage
        FROM v_resettlement r LEFT JOIN v_countries c ON c.iso3 = r.origin_iso3
        WHERE r.source = 'unhcr' AND r.destination_iso3 IN ({marks})
        GROUP BY ALL ORDER BY r.year, r.destination_iso3, region""", PEERS)


def period_shares(df: pd.DataFrame, first: int, last: int, names: dict[str, str]) -> pd.DataFrame:
    d = df[df.year.between(first, last)]
    g = d.groupby(["destination_iso3", "region", "dataset", "vintage"], as_index=False).persons.sum()
    g["share"] = g.persons / g.groupby("destination_iso3").persons.transform("sum")
    g["destination"] = g.destination_iso3.map(names)
    g["period"] = f"{first}-{last}" if first != last else str(first)
    g["region"] = pd.Categorical(g.region, categories=REGIONS, ordered=True)
    g = g.sort_values(["destination_iso3", "region"])
    g["region"] = g.region.astype(str)
    return tidy(g[["period", "destination_iso3", "destination", "region", "persons", "share", "dataset",
                   "vintage"]])


def americas_share_by_year(df: pd.DataFrame, names: dict[str, str], since: int = 2005) -> pd.DataFrame:
    d = df[df.year >= since]
    tot = d.groupby(["year", "destination_iso3", "dataset", "vintage"], as_index=False).persons.sum()
    am = d[d.region == "Americas"].groupby(["year", "destination_iso3"], as_index=False).persons.sum()
    out = tot.merge(am.rename(columns={"persons": "from_americas"}), how="left")
    out["from_americas"] = out.from_americas.fillna(0).astype(int)
    out["share"] = out.from_americas / out.persons
    out["destination"] = out.destination_iso3.map(names)
    out = out.rename(columns={"persons": "resettled"})
    return tidy(out[["year", "destination_iso3", "destination", "from_americas", "resettled", "share", "dataset",
                     "vintage"]].sort_values(["destination_iso3", "year"]))


def build(ctx: Context) -> list[Page]:
    df = resettlement_by_region(ctx)
    names = ctx.names
    latest = int(df.year.max())
    blocks: list = [Prose(Markup(
        "<p class='lede'>Resettlement to Canada and eight peer countries (United States, Australia, United "
        "Kingdom, Germany, Sweden, Norway, New Zealand, France), by region of origin, as counted by UNHCR.</p>"))]
    order = [names[p] for p in PEERS]
    for first, last in ((2015, 2020), (latest, latest)):
        t = period_shares(df, first, last, names)
        period = f"{first}–{last}" if first != last else str(first)
        am = t[t.region == "Americas"].set_index("destination").share
        top = (f"the Americas' part is largest for {am.idxmax()} ({am.max():.0%}) and {am.get('Canada', 0):.0%} "
               "for Canada") if len(am) else "none came from the Americas"
        blocks.append(Exhibit(
            f"peers-region-share-{first}-{last}" if first != last else "peers-region-share-latest",
            f"Where resettled refugees came from, {period}", "share of persons resettled (UNHCR)", t,
            alt=f"Horizontal stacked bars, one per country, of the regions resettled refugees came from in "
                f"{period}; {top}.",
            spec=charts.bars(t, x="destination", x_type="N", x_title="Resettlement country", y="persons",
                             y_title="Share of persons", color="region", color_title="Region of origin",
                             regions=True, normalize=True, horizontal=True, sort=order,
                             description=f"Resettlement by region of origin, {period}")))
    s = americas_share_by_year(df, names)
    blocks.append(Exhibit(
        "peers-americas-share-by-year", "Share of resettled refugees who came from the Americas",
        "share of persons resettled each year (UNHCR)", s,
        alt="Lines by year, one per resettlement country, of the share of resettled refugees who came from the "
            "Americas.",
        spec=charts.line(s, y="share", y_title="Share from the Americas", color="destination",
                         color_title="Resettlement country", domain=order, percent=True,
                         description="Share of resettled refugees from the Americas, by country")))
    return [Page("peers.html", "Canada and its peers", "peers", blocks,
                 description="Resettlement by region of origin for Canada and peer countries")]


SECTION = Section("peers", "Canada and its peers", "peers.html", build)

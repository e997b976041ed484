"""Country profiles: every country of the Americas, its displacement and its links with Canada."""

from __future__ import annotations

import re

import pandas as pd
from markupsafe import Markup, escape

from hemigov.report import charts
from hemigov.report.context import AMERICAS_SQL, CROSS_BORDER, Context
from hemigov.report.fmt import num, pct, tidy
from hemigov.report.model import Exhibit, Heading, Headline, Headlines, Page, Prose
from hemigov.report.sections import Section

TYPES = ", ".join(f"'{t}'" for t in CROSS_BORDER)
TYPE_LABELS = {"refugees": "Refugees", "asylum_seekers": "Asylum-seekers",
               "oip": "Other people in need of international protection"}
# Demonyms used in event titles, for the countries the timeline talks about most.
DEMONYMS = {"MEX": ["Mexican"], "HTI": ["Haitian"], "VEN": ["Venezuelan"], "COL": ["Colombian"],
            "SLV": ["Salvadoran", "Salvadorean"], "GTM": ["Guatemalan"], "HND": ["Honduran"],
            "NIC": ["Nicaraguan"], "CUB": ["Cuban"], "JAM": ["Jamaican"], "USA": ["United States", "US ", "U.S."],
            "CAN": ["Canadian"]}
ACTORS = {"CAN": "Canada", "USA": "USA", "MEX": "Mexico"}


def page_path(iso3: str) -> str:
    return f"countries/{iso3.lower()}.html"


def _frames(ctx: Context) -> dict[str, pd.DataFrame]:
    """Every profile's tables, queried once for all countries of the Americas (split by iso3 later)."""
    q = ctx.q
    return {
        "out": q(f"""SELECT origin_iso3 AS iso3, year, population_type, sum(persons)::BIGINT AS persons, dataset,
                           vintage FROM v_displacement
                    WHERE origin_iso3 IN ({AMERICAS_SQL}) AND population_type IN ({TYPES})
                    GROUP BY ALL ORDER BY year, population_type"""),
        "hosted": q(f"""SELECT asylum_iso3 AS iso3, year, population_type, sum(persons)::BIGINT AS persons,
                              dataset, vintage FROM v_displacement
                       WHERE asylum_iso3 IN ({AMERICAS_SQL}) AND population_type IN ({TYPES})
                       GROUP BY ALL ORDER BY year, population_type"""),
        "idps": q(f"""SELECT iso3, year, persons, dataset, vintage FROM v_idps
                     WHERE iso3 IN ({AMERICAS_SQL}) ORDER BY year"""),
        "resettled": q(f"""SELECT origin_iso3 AS iso3, year, upper(source) AS source, sum(persons)::BIGINT AS persons,
                                 dataset, vintage FROM v_resettlement
                          WHERE destination_iso3 = 'CAN' AND origin_iso3 IN ({AMERICAS_SQL})
                          GROUP BY ALL ORDER BY year, source"""),
        "claims": q(f"""
            SELECT origin_iso3 AS iso3, year, 'UNHCR: new asylum applications' AS series,
                   sum(applied)::BIGINT AS persons, dataset, vintage
            FROM v_asylum_applications
            WHERE asylum_iso3 = 'CAN' AND unit = 'persons' AND app_type = 'N' AND origin_iso3 IN ({AMERICAS_SQL})
            GROUP BY ALL
            UNION ALL
            SELECT citizenship_iso3, year, 'IRCC: asylum claimants (top-25 citizenships)', sum(persons)::BIGINT,
                   dataset, vintage
            FROM v_canada_asylum_claims
            WHERE office_type = '(all)' AND province = '(all)' AND dataset = 'ircc.asylum_top25_office_type'
              AND citizenship_iso3 IN ({AMERICAS_SQL})
            GROUP BY ALL HAVING count(DISTINCT month) = 12
            ORDER BY 2, 3"""),
        "decisions": q(f"""
            SELECT origin_iso3 AS iso3, year, sum(recognized)::BIGINT AS recognized, sum(other)::BIGINT AS other,
                   sum(rejected)::BIGINT AS rejected, sum(closed)::BIGINT AS closed, sum(total)::BIGINT AS total,
                   dataset, vintage
            FROM v_asylum_decisions
            WHERE asylum_iso3 = 'CAN' AND unit = 'persons' AND origin_iso3 IN ({AMERICAS_SQL})
            GROUP BY ALL ORDER BY year"""),
        "remittances": q(f"""SELECT receiver_iso3 AS iso3, year, usd_millions, dataset, vintage
                            FROM v_remittances_bilateral
                            WHERE sender_iso3 = 'CAN' AND receiver_iso3 IN ({AMERICAS_SQL}) ORDER BY year"""),
        "stock": q(f"""SELECT origin_iso3 AS iso3, year, persons, dataset, vintage FROM v_migrant_stock
                      WHERE destination_iso3 = 'CAN' AND origin_iso3 IN ({AMERICAS_SQL})
                        AND dataset LIKE 'undesa.%' ORDER BY year"""),
        "events": q("""SELECT event_id, date, date_precision, kind, actor, topic, title, value, unit, source_kind,
                             source_url, dataset, vintage FROM v_events ORDER BY date, event_id"""),
    }


def _one(df: pd.DataFrame, iso3: str) -> pd.DataFrame:
    return df[df.iso3 == iso3].drop(columns="iso3").reset_index(drop=True)


def relevant_events(events: pd.DataFrame, iso3: str, name: str) -> pd.DataFrame:
    """Timeline rows that name the country (or its people) in the title, or have it as an actor."""
    stem = re.split(r"[(,]", name)[0].strip()
    words = [stem, *DEMONYMS.get(iso3, [])]
    pat = "|".join(re.escape(w) for w in words if len(w) >= 4)
    hit = events.title.str.contains(pat, case=False, regex=True) if pat else False
    if iso3 in ACTORS:
        hit = hit | events.actor.str.split("/").apply(lambda a: ACTORS[iso3] in a)
    return events[hit].reset_index(drop=True)


def _recognition(dec: pd.DataFrame) -> pd.DataFrame:
    d = dec.copy()
    decided = d.recognized.fillna(0) + d.other.fillna(0) + d.rejected.fillna(0)
    d["total_recognition_rate"] = ((d.recognized.fillna(0) + d.other.fillna(0)) / decided.where(decided > 0))
    cols = ["year", "recognized", "other", "rejected", "closed", "total", "total_recognition_rate", "dataset",
            "vintage"]
    return tidy(d[cols])


def profile(ctx: Context, frames: dict[str, pd.DataFrame], iso3: str, name: str) -> Page:
    nm = str(name)
    out, hosted = _one(frames["out"], iso3), _one(frames["hosted"], iso3)
    idps, res = _one(frames["idps"], iso3), _one(frames["resettled"], iso3)
    claims, dec = _one(frames["claims"], iso3), _one(frames["decisions"], iso3)
    rem, stock = _one(frames["remittances"], iso3), _one(frames["stock"], iso3)
    ev = relevant_events(frames["events"], iso3, nm)
    slug = f"country-{iso3.lower()}"
    exhibits: list[Exhibit] = []
    cards: list[Headline] = []
    missing: list[str] = []

    def add(kind: str, title: str, units: str, data: pd.DataFrame, alt: str, spec_fn, note: str = "") -> None:
        if data.empty:
            missing.append(title)
            return
        exhibits.append(Exhibit(f"{slug}-{kind}", title, units, tidy(data), alt=alt, spec=spec_fn(data), note=note))

    for kind, df, verb in (("displaced-out", out, "from"), ("hosted", hosted, "in")):
        d = df.assign(population_type=df.population_type.map(TYPE_LABELS).fillna(df.population_type))
        what = f"Displaced people {verb} {nm}"
        add(kind, f"People displaced across borders from {nm}" if kind == "displaced-out" else
            f"Displaced people hosted in {nm}", "persons at end of year (UNHCR)", d,
            f"Stacked bars by year of refugees, asylum-seekers and others in need of international protection "
            f"{verb} {nm}.",
            lambda x, what=what: charts.bars(x, y="persons", y_title="Persons", color="population_type",
                                             color_title="Population type", domain=list(TYPE_LABELS.values()),
                                             description=what))
        if len(df):
            y = int(df.year.max())
            label = f"Displaced across borders from {nm}" if kind == "displaced-out" else \
                f"Displaced people hosted in {nm}"
            cards.append(Headline(f"{label}, end {y}",
                                  num(df.loc[df.year == y, "persons"].sum()), "persons (UNHCR)", f"{slug}-{kind}"))
    add("idps", f"Internally displaced people in {nm}", "persons at end of year (IDMC, via UNHCR)", idps,
        f"Bars of people internally displaced by conflict and violence in {nm}, by year.",
        lambda x: charts.bars(x, y="persons", y_title="Persons", description=f"IDPs in {nm}"))
    add("resettled-to-canada", f"Refugees from {nm} resettled to Canada", "persons per year", res,
        f"Lines by year of refugees from {nm} resettled to Canada, as counted by UNHCR and by IRCC.",
        lambda x: charts.line(x, y="persons", y_title="Persons", color="source", color_title="Source",
                              domain=["UNHCR", "IRCC"], description=f"Resettlement from {nm} to Canada"),
        note="IRCC: government-assisted, privately sponsored and blended visa-office referred refugees, by "
             "citizenship, summed from monthly cells rounded to 5. UNHCR: resettlement arrivals by origin.")
    if len(res):
        r = res[(res.source == "UNHCR") & res.year.between(2015, 2020)]
        cards.append(Headline(f"Resettled from {nm} to Canada, 2015–2020", num(r.persons.sum()), "persons (UNHCR)",
                              f"{slug}-resettled-to-canada"))
    add("claims-in-canada", f"Asylum claims in Canada by nationals of {nm}", "persons per year", claims,
        f"Lines by year of asylum claims lodged in Canada by nationals of {nm}.",
        lambda x: charts.line(x, y="persons", y_title="Persons", color="series", color_title="Series",
                              description=f"Asylum claims in Canada by nationals of {nm}"),
        note="IRCC publishes citizenships only for its top 25 each month; complete calendar years only.")
    rec = _recognition(dec) if len(dec) else dec
    if len(rec):
        long = rec.melt(id_vars=["year"], value_vars=["recognized", "other", "rejected", "closed"],
                        var_name="outcome", value_name="persons").dropna()
        add("recognition-in-canada", f"Asylum decisions in Canada for nationals of {nm}",
            "persons decided per year (UNHCR; recognised = Convention status, other = complementary protection)",
            rec, f"Stacked bars by year of asylum decisions in Canada for nationals of {nm}, by outcome.",
            lambda _x: charts.bars(long, y="persons", y_title="Persons", color="outcome", color_title="Outcome",
                                   domain=["recognized", "other", "rejected", "closed"],
                                   description=f"Asylum decisions in Canada for nationals of {nm}"),
            note="total_recognition_rate = (recognized + other) / (recognized + other + rejected), UNHCR's "
                 "definition; otherwise-closed cases are left out of the denominator.")
        last = rec.dropna(subset=["total_recognition_rate"])
        if len(last):
            r = last.iloc[-1]
            cards.append(Headline(f"Total recognition rate in Canada, {r.year}", pct(r.total_recognition_rate),
                                  f"{num(r.total)} decisions (UNHCR, persons)", f"{slug}-recognition-in-canada"))
    else:
        missing.append(f"Asylum decisions in Canada for nationals of {nm}")
    add("remittances-from-canada", f"Remittances from Canada to {nm}", "US$ million (World Bank/KNOMAD estimates)",
        rem, f"Bars of estimated remittances sent from Canada to {nm} in the years the bilateral matrix exists.",
        lambda x: charts.bars(x, y="usd_millions", y_title="US$ million",
                              description=f"Remittances from Canada to {nm}"),
        note="Bilateral estimates (Ratha & Shaw method), not reported flows; matrices exist for 2017, 2018, 2021.")
    if len(rem):
        r = rem.iloc[-1]
        cards.append(Headline(f"Remittances from Canada to {nm}, {r.year}", f"US$ {num(r.usd_millions)} million",
                              "World Bank/KNOMAD estimate", f"{slug}-remittances-from-canada"))
    add("migrant-stock-in-canada", f"People born in {nm} living in Canada", "persons (UN DESA migrant stock)", stock,
        f"Bars of the number of people born in {nm} living in Canada, by year.",
        lambda x: charts.bars(x, y="persons", y_title="Persons", description=f"Migrant stock from {nm} in Canada"))
    if len(stock):
        r = stock.iloc[-1]
        cards.append(Headline(f"People born in {nm} living in Canada, {r.year}", num(r.persons), "UN DESA",
                              f"{slug}-migrant-stock-in-canada"))
    blocks: list = [Prose(Markup(f"<p class='lede'>{escape(nm)} ({escape(iso3)}): displacement out and hosted, "
                                 "internal displacement, and Canada's links — resettlement, asylum claims and "
                                 "decisions, remittances and migrants.</p>"))]
    if cards:
        blocks += [Heading("Key figures"), Headlines(cards)]
    blocks += exhibits
    if len(ev):
        blocks.append(Exhibit(f"{slug}-events", f"Events that concern {nm}", "dated events and published figures",
                              tidy(ev), note="From the policy timeline; each row cites its own source_url."))
    else:
        missing.append(f"Events that concern {nm}")
    if missing:
        items = "".join(f"<li>{escape(m)}</li>" for m in missing)
        blocks += [Heading("Not in the warehouse"), Prose(Markup(f"<ul>{items}</ul>"))]
    return Page(page_path(iso3), nm, "profiles", blocks, description=f"Country profile: {nm}")


def summary(ctx: Context, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per country: latest displacement out and hosted, and resettlement to Canada 2015–2020."""
    am = ctx.americas[["iso3", "name", "m49_subregion"]].copy()

    def latest(df: pd.DataFrame, col: str) -> pd.DataFrame:
        if df.empty:
            return pd.DataFrame(columns=["iso3", col])
        y = df.year.max()
        return df[df.year == y].groupby("iso3", as_index=False).persons.sum().rename(columns={"persons": col})

    out, hosted = latest(frames["out"], "displaced_out_latest"), latest(frames["hosted"], "hosted_latest")
    r = frames["resettled"]
    r = (r[(r.source == "UNHCR") & r.year.between(2015, 2020)].groupby("iso3", as_index=False).persons.sum()
         .rename(columns={"persons": "resettled_to_canada_2015_2020"}))
    df = am.merge(out, how="left").merge(hosted, how="left").merge(r, how="left")
    d = frames["out"]
    df["year_latest"] = int(d.year.max()) if len(d) else None
    df["dataset"], df["vintage"] = (d.dataset.iloc[0], d.vintage.iloc[0]) if len(d) else (None, None)
    return tidy(df)


def build(ctx: Context) -> list[Page]:
    frames = _frames(ctx)
    pages = [profile(ctx, frames, r.iso3, r.name) for r in ctx.americas.itertuples(index=False)]
    summ = summary(ctx, frames)
    links = []
    for sub, g in ctx.americas.groupby(ctx.americas.m49_subregion.fillna("Other"), sort=True):
        items = "".join(f"<li><a href='{escape(r.iso3.lower())}.html'>{escape(r.name)}</a></li>"
                        for r in g.itertuples(index=False))
        links += [Heading(str(sub)), Prose(Markup(f"<ul class='countries'>{items}</ul>"))]
    index = Page("countries/index.html", "Country profiles", "profiles", [
        Prose(Markup(f"<p class='lede'>{len(pages)} countries and territories of the Americas (UNHCR's regional "
                     "bureau or the UN M49 region): displacement, and their links with Canada.</p>")),
        *links,
        Exhibit("countries-summary", "Countries of the Americas at a glance",
                "persons: cross-border displaced (UNHCR, latest year) and resettled to Canada 2015–2020", summ,
                note="resettled_to_canada_2015_2020: UNHCR resettlement arrivals.",
                extra_provenance=sorted({(r.dataset, r.vintage) for r in frames["resettled"].itertuples()
                                         if r.source == "UNHCR"}))],
        description="Profiles of every country of the Americas")
    return [index, *pages]


SECTION = Section("profiles", "Country profiles", "countries/index.html", build)

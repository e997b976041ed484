"""Country profiles: every country of the Americas (UNHCR's bureau, :data:`hemigov.geo.regions.AMERICAS`) with
data, its displacement and its links with Canada; and a destination profile for Canada and its peers
(:data:`~hemigov.geo.regions.PEERS`): resettlement by region of origin, asylum applications and decisions by
origin, remittances sent, migrants by birthplace. Territories with no data get no page; the index lists them."""

from __future__ import annotations

import re

import pandas as pd
from markupsafe import Markup, escape

from hemigov.core.errors import HemigovError
from hemigov.core.provenance import COLUMN, Provenance
from hemigov.geo.regions import AMERICAS, PEERS, POPULATION_TYPES
from hemigov.indicators import indicator
from hemigov.report import charts
from hemigov.report.context import Context
from hemigov.report.frames import region_domain, releases, with_region
from hemigov.report.model import Col, Exhibit, Heading, Headline, Headlines, Page, Prose
from hemigov.report.sections import Section
from hemigov.report.sections import money as money_section
from hemigov.series import asylum, canada, displacement, economy, money, reference, resettlement
from hemigov.style.numbers import fmt

CANADA = "CAN"
CROSS = POPULATION_TYPES["cross_border"]
TYPE_LABELS = {"refugees": "Refugees", "asylum_seekers": "Asylum-seekers",
               "oip": "Other people in need of international protection"}
OUTCOMES = {"recognized": "Recognised (Convention status)", "other": "Other protection", "rejected": "Rejected",
            "closed": "Otherwise closed"}
# Demonyms used in event titles, for the countries the timeline talks about most.
DEMONYMS = {"MEX": ["Mexican"], "HTI": ["Haitian"], "VEN": ["Venezuelan"], "COL": ["Colombian"],
            "SLV": ["Salvadoran", "Salvadorean"], "GTM": ["Guatemalan"], "HND": ["Honduran"],
            "NIC": ["Nicaraguan"], "CUB": ["Cuban"], "JAM": ["Jamaican"]}
TOP = 15


def page_path(iso3: str) -> str:
    return f"countries/{iso3.lower()}.html"


NO_REGION = "Unearmarked or global (no region)"


def money_to_unhcr(iso3: str) -> pd.DataFrame:
    """UNHCR's incoming commitments (IATI) from ``iso3`` as a donor, by year and the UNHCR bureau they are
    earmarked to (unearmarked and global money belongs to no region): ``series.money.by_donor_and_region``."""
    m = money.by_donor_and_region()
    m = m[m.donor_iso3 == iso3].assign(region=lambda d: d.region.fillna(NO_REGION))
    return m.groupby(["year", "region"], as_index=False).agg(usd=("usd", "sum"), sources=(COLUMN, "first"))


# ------------------------------------------------------------------------------------------------ data
def frames(ctx: Context) -> dict[str, pd.DataFrame]:
    """Every profile's inputs, read once from the series for all countries (split by country later)."""
    am = AMERICAS.members()
    types = CROSS.types
    res_un = resettlement.resettlement("unhcr")
    rec = indicator("recognition_rate", by_origin=True, years="2000-latest")
    raw = {
        "out": displacement.displaced(types=types, by=("year", "origin_iso3", "population_type"), origins=am),
        "hosted": displacement.displaced(types=types, by=("year", "asylum_iso3", "population_type")),
        "idps": displacement.idps(),
        "res_un": res_un,
        "res_ir": resettlement.resettlement("ircc"),
        "apps": asylum.applications(new=True, by=("year", "asylum_iso3", "origin_iso3")),
        "dec": asylum.decisions(asylum=CANADA, by=("year", "origin_iso3")),
        "rec": rec,
        "top25": canada.top25_annual(),
        "rem": economy.remittances(),
        "stock": economy.migrant_stock(publisher="undesa"),
        "events": reference.events(),
    }
    # Split once by country: each profile then looks its rows up instead of filtering the whole frames.
    raw["_split"] = {
        "out": split(raw["out"], "origin_iso3"), "hosted": split(raw["hosted"], "asylum_iso3"),
        "idps": split(raw["idps"], "iso3"),
        "res_un_can": split(res_un[res_un.destination_iso3 == CANADA], "origin_iso3"),
        "res_ir": split(raw["res_ir"], "origin_iso3"),
        "apps_can": split(raw["apps"][raw["apps"].asylum_iso3 == CANADA], "origin_iso3"),
        "top25": split(raw["top25"], "citizenship_iso3"), "dec": split(raw["dec"], "origin_iso3"),
        "rec_by": split(rec, "origin_iso3"),
        "rem_can": split(raw["rem"][raw["rem"].sender_iso3 == CANADA], "receiver_iso3"),
        "stock_can": split(raw["stock"][raw["stock"].destination_iso3 == CANADA], "origin_iso3"),
    }
    raw["_empty"] = {k: raw[k].iloc[0:0] for k in ("out", "hosted", "idps", "res_ir", "top25", "dec", "rem",
                                                  "stock")}
    raw["_empty"].update({"res_un_can": res_un.iloc[0:0], "apps_can": raw["apps"].iloc[0:0],
                          "rec_by": rec.iloc[0:0], "rem_can": raw["rem"].iloc[0:0],
                          "stock_can": raw["stock"].iloc[0:0]})
    return raw


def split(df: pd.DataFrame, col: str) -> dict[str, pd.DataFrame]:
    return {k: g.reset_index(drop=True) for k, g in df.groupby(col, sort=False)}


def part(f: dict, name: str, iso3: str) -> pd.DataFrame:
    return f["_split"][name].get(iso3, f["_empty"][name])


def relevant_events(events: pd.DataFrame, iso3: str, name: str) -> pd.DataFrame:
    """Timeline rows that name the country (or its people) in the title."""
    stem = re.split(r"[(,]", name)[0].strip()
    words = [stem, *DEMONYMS.get(iso3, [])]
    pat = "|".join(re.escape(w) for w in words if len(w) >= 4)
    if not pat:
        return events.iloc[0:0]
    return events[events.title.str.contains(pat, case=False, regex=True)].reset_index(drop=True)


def events_exhibit(ev: pd.DataFrame, ex_id: str, title: str) -> Exhibit:
    d = ev.copy()
    d["when"] = [fmt(v, "date") if p == "day" else (pd.Timestamp(v).strftime("%Y-%m") if p == "month"
                                                     else str(pd.Timestamp(v).year))
                 for v, p in zip(d.date, d.date_precision, strict=True)]
    return Exhibit(ex_id, title, "dated events and published figures (policy timeline)",
                   d.sort_values("date", ascending=False),
                   [Col("when", "Date", "text"), Col("title", "Event", "text"), Col("kind", "Kind", "text"),
                    Col("source_kind", "Kind of source", "text"), Col("source_url", "Source", "text")],
                   note="Kind of source: official, news (of record), research or weak (a secondary page). Each row "
                        "cites its own source.", open_table=True)


def _years(df: pd.DataFrame, col: str = "persons") -> pd.DataFrame:
    return df.dropna(subset=[col]) if col in df else df


# ------------------------------------------------------------------------------------------------ origin pages
def origin_blocks(ctx: Context, f: dict, iso3: str, nm: str, slug: str) -> tuple[list, list[str], list[Headline]]:
    ex: list = []
    missing: list[str] = []
    cards: list[Headline] = []
    out = part(f, "out", iso3)
    hosted = part(f, "hosted", iso3)
    for kind, d, title in (("displaced-out", out, f"People displaced across borders from {nm}"),
                           ("hosted", hosted, f"Displaced people hosted in {nm}")):
        if d.empty or d.persons.sum(min_count=1) in (0, None) or pd.isna(d.persons.sum(min_count=1)):
            missing.append(title)
            continue
        t = d.assign(type=d.population_type.map(TYPE_LABELS)).sort_values(["year", "type"],
                                                                          ascending=[False, True])
        dom = [v for v in TYPE_LABELS.values() if v in set(t.type)]
        y = int(d.year.max())
        ex.append(Exhibit(
            f"{slug}-{kind}", title, "persons at the end of each year (UNHCR)", t,
            [Col("year", "Year", "year"), Col("type", "Population type", "text"), Col("persons", "Persons", "count")],
            alt=f"Stacked bars by year of refugees, asylum-seekers and others in need of international protection: "
                f"{title.lower()}; {fmt(d[d.year == y].persons.sum(), 'count')} at the end of {y}.",
            spec=charts.bars(t, y="persons", y_title="Persons", series="type", series_title="Population type",
                             domain=dom, fill="zero", description=title), static=False))
        cards.append(Headline(f"{title}, end {y}", fmt(d[d.year == y].persons.sum(), "count"),
                              f"persons · {releases(d)}", f"{slug}-{kind}"))
    idp = part(f, "idps", iso3).dropna(subset=["persons"])
    if len(idp):
        ex.append(Exhibit(
            f"{slug}-idps", f"Internally displaced people in {nm}", "persons at the end of each year (IDMC, via UNHCR)",
            idp.sort_values("year", ascending=False), [Col("year", "Year", "year"), Col("persons", "Persons", "count")],
            alt=f"Bars by year of people internally displaced by conflict and violence in {nm}.",
            spec=charts.bars(idp, y="persons", y_title="Persons", fill="gap", description=f"IDPs in {nm}"),
            static=False))
    else:
        missing.append(f"Internally displaced people in {nm}")
    un = part(f, "res_un_can", iso3)
    ir = part(f, "res_ir", iso3)
    if len(un) or len(ir):
        t = pd.concat([un.assign(source="UNHCR"), ir.assign(source="IRCC")], ignore_index=True)
        first = int(t.year.min())
        spec = charts.annual(t, y="persons", y_title="Persons", series="source", series_title="Counted by",
                             domain=[s for s in ("UNHCR", "IRCC") if s in set(t.source)], fill="zero",
                             first=first, description=f"Resettlement from {nm} to Canada")
        ex.append(Exhibit(
            f"{slug}-resettled-to-canada", f"Refugees from {nm} resettled to Canada", "persons per year",
            t.sort_values(["year", "source"], ascending=[False, True]),
            [Col("year", "Year", "year"), Col("source", "Counted by", "text"), Col("persons", "Persons", "count"),
             Col("suppressed_cells", "IRCC cells printed '--' (1–4 each)", "count")],
            alt=f"Refugees from {nm} resettled to Canada by year, as counted by UNHCR and IRCC; a year with no "
                f"row is drawn as none recorded.", spec=spec, static=False,
            note="UNHCR: resettlement arrivals; a year with no row: none recorded. IRCC: its printed 'Resettled "
                 "Refugee' subtotal per citizenship and month, summed (cells rounded to 5; '--' = 1–4, counted 0)."))
        p = un[un.year.between(2015, 2020)]
        cards.append(Headline(f"Resettled from {nm} to Canada, 2015–2020", fmt(p.persons.sum(), "count"),
                              f"persons · {releases(un) or 'UNHCR'}", f"{slug}-resettled-to-canada"))
    else:
        missing.append(f"Refugees from {nm} resettled to Canada")
    ap = part(f, "apps_can", iso3)
    t25 = part(f, "top25", iso3)
    t25 = t25[t25.complete] if len(t25) else t25
    if len(ap) or len(t25):
        t = pd.concat([ap.assign(series="UNHCR: new asylum applications", persons=ap.applied),
                       t25.assign(series="IRCC: asylum claimants (when in its top 25)")], ignore_index=True)
        dom = [s for s in ("UNHCR: new asylum applications", "IRCC: asylum claimants (when in its top 25)")
               if s in set(t.series)]
        ex.append(Exhibit(
            f"{slug}-claims-in-canada", f"Asylum claims in Canada by nationals of {nm}", "persons per year",
            t.sort_values(["year", "series"], ascending=[False, True]),
            [Col("year", "Year", "year"), Col("series", "Series", "text"), Col("persons", "Persons", "count")],
            alt=f"Asylum claims lodged in Canada by nationals of {nm} by year (UNHCR; IRCC when {nm} was in its "
                "monthly top 25).",
            spec=charts.annual(t, y="persons", y_title="Persons", series="series", domain=dom, fill="gap",
                               description=f"Asylum claims in Canada by nationals of {nm}"), static=False,
            note="UNHCR: application type N (V before 2006), persons. IRCC publishes citizenships only for its top 25 "
                 "each month: a year missing from its line is a year outside the top 25, not zero; complete "
                 "calendar years only."))
    else:
        missing.append(f"Asylum claims in Canada by nationals of {nm}")
    dec = part(f, "dec", iso3)
    rec = part(f, "rec_by", iso3)
    if len(dec):
        long = dec.melt(id_vars=["year", COLUMN], value_vars=list(OUTCOMES), var_name="outcome",
                        value_name="persons").dropna(subset=["persons"])
        long["outcome"] = long.outcome.map(OUTCOMES)
        table = dec.merge(rec[["year", "refugee_recognition_rate", "total_protection_rate"]], on="year", how="left")
        ex.append(Exhibit(
            f"{slug}-recognition-in-canada", f"Asylum decisions in Canada for nationals of {nm}",
            "persons decided at first instance per year (UNHCR)", table.sort_values("year", ascending=False),
            [Col("year", "Year", "year"), Col("recognized", OUTCOMES["recognized"], "count"),
             Col("other", OUTCOMES["other"], "count"), Col("rejected", OUTCOMES["rejected"], "count"),
             Col("closed", OUTCOMES["closed"], "count"), Col("total", "Decisions", "count"),
             Col("total_protection_rate", "Total protection rate (%)", "share")],
            alt=f"Stacked bars by year of first-instance asylum decisions in Canada for nationals of {nm}, by "
                "outcome.",
            spec=charts.bars(long, y="persons", y_title="Persons", series="outcome", series_title="Outcome",
                             domain=[v for v in OUTCOMES.values() if v in set(long.outcome)], fill="zero",
                             description=f"Asylum decisions in Canada for nationals of {nm}"), static=False,
            note="First instance (UNHCR levels FI and FA), government procedure. Total protection rate = "
                 "(recognised + other) / (recognised + other + rejected), from hemigov.indicators "
                 "recognition_rate; otherwise-closed cases are left out."))
        last = rec.dropna(subset=["total_protection_rate"])
        if len(last):
            r = last.sort_values("year").iloc[-1]
            cards.append(Headline(f"Total protection rate in Canada at first instance, {int(r.year)}",
                                  fmt(r.total_protection_rate, "share"),
                                  f"{fmt(r.recognized + r.other, 'count')} of "
                                  f"{fmt(r.recognized + r.other + r.rejected, 'count')} decided · {releases(rec)}",
                                  f"{slug}-recognition-in-canada"))
    else:
        missing.append(f"Asylum decisions in Canada for nationals of {nm}")
    rem = part(f, "rem_can", iso3)
    if len(rem):
        ex.append(Exhibit(
            f"{slug}-remittances-from-canada", f"Remittances from Canada to {nm}",
            "US$ million (World Bank/KNOMAD bilateral estimates)", rem.sort_values("year", ascending=False),
            [Col("year", "Matrix year", "year"), Col("usd_millions", "Remittances from Canada", "usd_m")],
            alt=f"Bars of estimated remittances sent from Canada to {nm} in the years a bilateral matrix exists.",
            spec=charts.bars(rem, y="usd_millions", y_title="US$ million", fill="gap",
                             description=f"Remittances from Canada to {nm}"), static=False,
            note="Modelled estimates (the Ratha & Shaw method), not reported flows; matrices exist for 2017, 2018 "
                 "and 2021 only: the years between are no data, not zero."))
        r = rem.sort_values("year").iloc[-1]
        cards.append(Headline(f"Remittances from Canada to {nm}, {int(r.year)}", fmt(r.usd_millions, "usd_m"),
                              f"estimate · {releases(rem)}", f"{slug}-remittances-from-canada"))
    else:
        missing.append(f"Remittances from Canada to {nm}")
    st = part(f, "stock_can", iso3).dropna(subset=["persons"])
    if len(st):
        ex.append(Exhibit(
            f"{slug}-migrant-stock-in-canada", f"People born in {nm} living in Canada",
            "persons (UN DESA migrant stock)",
            st.sort_values("year", ascending=False), [Col("year", "Year", "year"), Col("persons", "Persons", "count")],
            alt=f"Bars of the number of people born in {nm} living in Canada, in the years UN DESA estimates.",
            spec=charts.bars(st, y="persons", y_title="Persons", fill="gap",
                             description=f"Migrant stock from {nm} in Canada"), static=False,
            note="UN DESA estimates every five years: the years between are no data."))
        r = st.sort_values("year").iloc[-1]
        cards.append(Headline(f"People born in {nm} living in Canada, {int(r.year)}", fmt(r.persons, "count"),
                              releases(st), f"{slug}-migrant-stock-in-canada"))
    else:
        missing.append(f"People born in {nm} living in Canada")
    return ex, missing, cards


# ------------------------------------------------------------------------------------------------ destinations
def top_exhibit(ex_id: str, title: str, units: str, top: pd.DataFrame, what: tuple[str, str, str, str], *,
                static: bool, note: str = "") -> Exhibit:
    """The largest ``TOP`` rows of one measure by country (``name``), as horizontal bars labelled with their values.
    ``what``: (country header, value column, value header, kind)."""
    cat_header, value, header, kind = what
    first = top.iloc[0]
    return Exhibit(ex_id, title, units, top, [Col("name", cat_header, "text"), Col(value, header, kind)],
                   alt=f"Horizontal bars of the {len(top)} largest: {title}; first {first['name']} "
                       f"({fmt(first[value], kind)}).",
                   spec=charts.categories(top, cat="name", cat_title="", y=value, y_title=header,
                                          money=kind == "usd", description=title),
                   static=static, note=note)


def recognition_in(iso3: str) -> pd.DataFrame:
    """First-instance decisions by origin in ``iso3`` (the indicator); a country that reports none at first
    instance under the government procedure has an empty frame (the indicator says so with an error)."""
    try:
        return indicator("recognition_rate", asylum=iso3, by_origin=True, years="2015-latest")
    except HemigovError:
        return pd.DataFrame(columns=["year", "total"])


def destination_blocks(ctx: Context, f: dict, iso3: str, nm: str, slug: str) -> tuple[list, list[str], list]:
    ex: list = []
    missing: list[str] = []
    cards: list[Headline] = []
    un = with_region(f["res_un"][f["res_un"].destination_iso3 == iso3], "origin_iso3")
    sources = [("UNHCR", un, "resettled-by-region", "resettlement arrivals (UNHCR)")]
    if iso3 == CANADA:
        sources.append(("IRCC", with_region(f["res_ir"], "origin_iso3"), "ircc-resettled-by-region",
                        "resettled refugees admitted (IRCC subtotal rows)"))
    for who, d, kind, units in sources:
        if d.empty:
            missing.append(f"Refugees resettled to {nm} ({who})")
            continue
        g = d.groupby(["year", "region", COLUMN], as_index=False).persons.sum()
        dom = region_domain(g.region)
        ex.append(Exhibit(
            f"{slug}-{kind}", f"Refugees resettled to {nm}, by region of origin ({who})",
            f"persons per year, {units}",
            g.sort_values(["year", "persons"], ascending=[False, False]),
            [Col("year", "Year", "year"), Col("region", "Region of origin", "text"),
             Col("persons", "Persons", "count")],
            alt=f"Stacked bars by year of refugees resettled to {nm} by region of origin ({who}).",
            spec=charts.bars(g, y="persons", y_title="Persons", series="region", series_title="Region of origin",
                             domain=dom, palette=charts.region_palette(dom), fill="zero",
                             description=f"Resettlement to {nm} by region of origin"), static=iso3 == CANADA,
            note="Regions: the paper's five (the Americas = its 'Western hemisphere'); '(unclassified)' = stateless "
                 "or unknown origin."))
        y = int(g.year.max())
        cards.append(Headline(f"Refugees resettled to {nm}, {y} ({who})", fmt(g[g.year == y].persons.sum(), "count"),
                              f"persons · {releases(g)}", f"{slug}-{kind}"))
    ap = f["apps"][f["apps"].asylum_iso3 == iso3]
    if len(ap):
        y = int(ap.year.max())
        top = ap[ap.year == y].nlargest(TOP, "applied").assign(name=lambda x: x.origin_iso3.map(ctx.name))
        ex.append(top_exhibit(f"{slug}-applications-by-origin", f"New asylum applications in {nm} by nationality, "
                              f"{y}: the top {TOP}", "persons (UNHCR)", top, ("Nationality", "applied",
                                                                              "New applications", "count"),
                              static=iso3 == CANADA))
        cards.append(Headline(f"New asylum applications in {nm}, {y}", fmt(ap[ap.year == y].applied.sum(), "count"),
                              f"persons · {releases(ap)}", f"{slug}-applications-by-origin"))
    else:
        missing.append(f"Asylum applications in {nm}")
    rr = f["rec"] if iso3 == CANADA else recognition_in(iso3)
    rr = rr[rr.total.notna() & (rr.year == rr.year.max())] if len(rr) else rr
    if len(rr):
        y = int(rr.year.max())
        top = rr.nlargest(TOP, "total").assign(origin=lambda x: x.origin_iso3.map(ctx.name))
        ex.append(Exhibit(
            f"{slug}-recognition-by-origin", f"Asylum decisions in {nm} at first instance, {y}: the {TOP} "
            "nationalities decided most", "persons decided (UNHCR), and rates", top,
            [Col("origin", "Nationality", "text"), Col("total", "Decisions", "count"),
             Col("recognized", "Recognised", "count"), Col("other", "Other protection", "count"),
             Col("rejected", "Rejected", "count"), Col("total_protection_rate", "Total protection rate (%)", "share")],
            alt=f"Horizontal bars of the total protection rate at first instance in {nm} in {y} for the {TOP} "
                "nationalities with the most decisions.",
            spec=charts.categories(top, cat="origin", cat_title="", y="total_protection_rate",
                                   y_title="Total protection rate", percent=True,
                                   description=f"Total protection rate in {nm}, {y}"), static=iso3 == CANADA,
            note="hemigov.indicators recognition_rate (first instance, government procedure): (recognised + other) "
                 "/ (recognised + other + rejected)."))
    else:
        missing.append(f"Asylum decisions in {nm}")
    rem = f["rem"][f["rem"].sender_iso3 == iso3]
    if len(rem):
        y = int(rem.year.max())
        top = rem[rem.year == y].nlargest(TOP, "usd_millions").assign(name=lambda x: x.receiver_iso3.map(ctx.name))
        ex.append(top_exhibit(f"{slug}-remittances-sent", f"Remittances sent from {nm}, {y}: the top {TOP} receiving "
                              "countries", "US$ million (World Bank/KNOMAD bilateral estimates)", top,
                              ("Receiving country", "usd_millions", "Remittances (US$ million)", "usd_m"),
                              static=iso3 == CANADA, note="Modelled estimates, not reported flows."))
    else:
        missing.append(f"Remittances sent from {nm}")
    st = f["stock"][f["stock"].destination_iso3 == iso3].dropna(subset=["persons"])
    if len(st):
        y = int(st.year.max())
        top = st[st.year == y].nlargest(TOP, "persons").assign(name=lambda x: x.origin_iso3.map(ctx.name))
        ex.append(top_exhibit(f"{slug}-migrants-by-birthplace", f"People living in {nm} by country of birth, {y}: "
                              f"the top {TOP}", "persons (UN DESA migrant stock)", top,
                              ("Country of birth", "persons", "Persons", "count"), static=iso3 == CANADA))
    else:
        missing.append(f"Migrants living in {nm} by birthplace")
    mo = money_to_unhcr(iso3)
    if len(mo):
        regions = sorted(set(mo.region) - {AMERICAS.label, NO_REGION})
        dom = [r for r in (AMERICAS.label, *regions, NO_REGION) if r in set(mo.region)]
        rest = [c for c in charts.SERIES_COLOURS if c != charts.REGION_COLOURS[0]]
        palette = ([charts.REGION_COLOURS[0]] if AMERICAS.label in dom else []) + rest
        mo = mo.assign(usd_m=mo.usd / 1e6)
        y = int(mo.year.max())
        am = mo[(mo.year == y) & (mo.region == AMERICAS.label)].usd.sum()
        ex.append(Exhibit(
            f"{slug}-money-to-unhcr", f"Money from {nm} to UNHCR, by the region it is earmarked to",
            "US$ million committed per year (UNHCR's IATI publication, incoming commitments)",
            mo.sort_values(["year", "usd"], ascending=[False, False]),
            [Col("year", "Year", "year"), Col("region", "UNHCR region (bureau)", "text"),
             Col("usd", "Committed", "usd")],
            alt=f"Stacked bars by year of the money {nm} committed to UNHCR, by the region it is earmarked to; to "
                f"the Americas {fmt(am, 'usd')} in {y}.",
            spec=charts.bars(mo, y="usd_m", y_title="US$ million", series="region", series_title="Earmarked to",
                             domain=dom, palette=palette[: len(dom)], fill="zero",
                             description=f"Money from {nm} to UNHCR by region"), static=iso3 == CANADA,
            note="Incoming commitments (pledges and contributions, not disbursements) by programme year. Money "
                 "not earmarked to a region understates what reaches each region."))
        cards.append(Headline(f"Money from {nm} to UNHCR earmarked to the Americas, {y}", fmt(am, "usd"),
                              f"of {fmt(mo[mo.year == y].usd.sum(), 'usd')} in all · {releases(mo)}",
                              f"{slug}-money-to-unhcr"))
    else:
        missing.append(f"Money from {nm} to UNHCR (UNHCR's IATI publication names no commitment)")
    if iso3 == CANADA:
        ex += canada_pathways_and_border(slug)
    return ex, missing, cards


def canada_pathways_and_border(slug: str) -> list:
    """Canada's destination page beside its money: work-permit pathways to residence and the US northern border
    (the exhibits of the Money and pathways section, under the page's own ids)."""
    return [Heading("Pathways from a work permit to permanent residence", id="pathways"),
            money_section.pathways_exhibit(f"{slug}-pathways"), money_section.agri_food_exhibit(f"{slug}-agri-food"),
            Heading("The US side of the border", id="us-border"),
            money_section.swanton_exhibit(f"{slug}-us-swanton"),
            money_section.mexicans_exhibit(f"{slug}-us-mexicans-northern")]


# ------------------------------------------------------------------------------------------------ pages
def has_data(f: dict, iso3: str) -> bool:
    """Any number at all for ``iso3`` (as an origin of the Americas): otherwise it gets no page."""
    checks = [("out", "persons"), ("hosted", "persons"), ("idps", "persons"), ("res_un_can", "persons"),
              ("apps_can", "applied"), ("rem_can", "usd_millions"), ("stock_can", "persons")]
    return any(part(f, k, iso3)[c].fillna(0).sum() > 0 for k, c in checks if len(part(f, k, iso3)))


def profile(ctx: Context, f: dict, iso3: str, nm: str) -> Page:
    slug = f"country-{iso3.lower()}"
    blocks: list = []
    cards: list[Headline] = []
    missing: list[str] = []
    dest = iso3 in PEERS
    if dest:
        ex, miss, cds = destination_blocks(ctx, f, iso3, nm, slug)
        blocks += [Heading(f"{nm} as a destination", id="destination"), *ex]
        cards += cds
        missing += miss
    if iso3 != CANADA and iso3 in AMERICAS.members():
        ex, miss, cds = origin_blocks(ctx, f, iso3, nm, slug)
        blocks += [Heading(f"{nm}: displacement and links with Canada", id="origin"), *ex]
        cards += cds
        missing += miss
    hosted = part(f, "hosted", iso3)
    if dest and len(hosted) and iso3 not in AMERICAS.members():
        y = int(hosted.year.max())
        cards.append(Headline(f"Displaced people hosted in {nm}, end {y}",
                              fmt(hosted[hosted.year == y].persons.sum(), "count"), f"persons · {releases(hosted)}"))
    ev = relevant_events(f["events"], iso3, nm) if iso3 != CANADA else f["events"][f["events"].kind == "event"]
    if len(ev):
        blocks.append(events_exhibit(ev.tail(40) if iso3 == CANADA else ev, f"{slug}-events",
                                     f"Events that concern {nm}" if iso3 != CANADA else "Canada's policy events, the "
                                     "latest 40"))
    lede = (f"{nm} ({iso3}): " + ("a destination — resettlement by region of origin, asylum applications and "
                                  "decisions by origin, remittances sent, migrants by birthplace, money to UNHCR"
                                  + (", work-permit pathways to residence and the US northern border"
                                     if iso3 == CANADA else "") if dest else "")
            + ("; " if dest and iso3 != CANADA and iso3 in AMERICAS.members() else "")
            + ("displacement out and hosted, and its links with Canada — resettlement, asylum claims and decisions, "
               "remittances and migrants" if iso3 != CANADA and iso3 in AMERICAS.members() else "") + ".")
    out = [Prose(Markup(f"<p class='lede'>{escape(lede)}</p>"))]
    if cards:
        out += [Headlines(cards)]
    out += blocks
    if missing:
        items = "".join(f"<li>{escape(m)}</li>" for m in missing)
        out += [Heading("No data", id="no-data"),
                Prose(Markup(f"<p>hemigov holds no data for:</p><ul class='no-data'>{items}</ul>"))]
    return Page(page_path(iso3), nm, "profiles", out, description=f"Country profile: {nm}")


def build(ctx: Context) -> list[Page]:
    f = frames(ctx)
    c = ctx.countries.set_index("iso3")
    am = [i for i in AMERICAS.members()]
    with_pages = [i for i in am if i in PEERS or has_data(f, i)]
    no_data = [i for i in am if i not in with_pages]
    dests = list(PEERS)
    pages = [profile(ctx, f, i, str(c.loc[i, "name"])) for i in dict.fromkeys([*dests, *with_pages])]
    dest_links = "".join(f"<li><a href='{i.lower()}.html'>{escape(c.loc[i, 'name'])}</a></li>" for i in dests)
    groups = []
    sub = c.loc[[i for i in with_pages if i not in dests or i in am]]
    for label, g in sub.groupby(sub.m49_subregion.fillna("Other"), sort=True):
        items = "".join(f"<li><a href='{i.lower()}.html'>{escape(n)}</a></li>"
                        for i, n in sorted(zip(g.index, g.name, strict=True), key=lambda t: t[1]))
        groups += [Heading(str(label)), Prose(Markup(f"<ul class='countries'>{items}</ul>"))]
    nd = ", ".join(escape(c.loc[i, "name"]) for i in sorted(no_data, key=lambda i: c.loc[i, "name"]))
    summ = summary(ctx, f, with_pages)
    index = Page("countries/index.html", "Country profiles", "profiles", [
        Prose(Markup(f"<p class='lede'>Canada and its {len(dests) - 1} peers as destinations, and {len(with_pages)} "
                     f"countries and territories of the Americas (UNHCR's regional bureau, {len(am)} members) with "
                     "data: their displacement and their links with Canada.</p>")),
        Heading("Destinations"), Prose(Markup(f"<ul class='countries'>{dest_links}</ul>")),
        Heading(f"Origins: {AMERICAS.label} (UNHCR's regional bureau)"), *groups,
        Prose(Markup(f"<p class='no-data'><strong>No data</strong> (no page): {nd}.</p>" if no_data else "")),
        summ], description="Profiles of Canada and its peers as destinations, and of the countries of the Americas",
        provenance=Provenance.of(ctx.countries))
    return [index, *pages]


def summary(ctx: Context, f: dict, codes: list[str]) -> Exhibit:
    out, res = f["out"], f["res_un"]
    y = int(out.year.max())
    o = out[out.year == y].groupby("origin_iso3").persons.sum()
    r = res[(res.destination_iso3 == CANADA) & res.year.between(2015, 2020)].groupby("origin_iso3").persons.sum()
    t = pd.DataFrame({"iso3": codes})
    t["name"] = t.iso3.map(ctx.name)
    t["displaced"] = t.iso3.map(o)
    t["resettled"] = t.iso3.map(r).fillna(0)
    t[COLUMN] = Provenance.of(out, res).text()
    return Exhibit(
        "countries-summary", "Countries of the Americas at a glance", f"persons: displaced across borders (end {y}) "
        "and resettled to Canada 2015–2020 (UNHCR)", t.sort_values("displaced", ascending=False, na_position="last"),
        [Col("name", "Country", "text"), Col("displaced", f"Displaced across borders, end {y}", "count"),
         Col("resettled", "Resettled to Canada, 2015–2020", "count")], open_table=True,
        note="UNHCR: refugees, asylum-seekers and others in need of international protection by origin; "
             "resettlement arrivals.")


SECTION = Section("profiles", "Country profiles", "countries/index.html", build)

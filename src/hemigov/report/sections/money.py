"""Money and pathways: the paper's three other legs of responsibility-sharing, from the series that weigh them.

- **Money** (:mod:`hemigov.series.money`): UNHCR's incoming commitments (IATI) from Canada by the UNHCR bureau they
  are earmarked to and by earmarking level, 2016–2023; Canada against its peers in money earmarked to the Americas.
  Unearmarked and global money is allocated to no region: a region's share of a donor's money understates what
  reaches it, and every exhibit says so.
- **Pathways** (:mod:`hemigov.series.pathways`): new permanent residents who held a TFWP or IMP work permit, by
  category, against the agricultural TFWP stock (:func:`hemigov.series.canada.tfwp_holders`).
- **Borders** (:mod:`hemigov.series.borders`): US Border Patrol encounters at the northern border (the Swanton
  sector, Roxham Road's), Mexicans there monthly around Canada's visa of 29 February 2024, the southwest border
  for scale. US fiscal years (October–September) are labelled ``FY``; a fiscal year the file covers only in part
  is named with its months and left out of the annual charts.
- **Indicators** (:func:`hemigov.indicators.indicator`): ``funding_share``, ``responsibility_effort`` (Canada's rank
  among its peers) and ``work_to_residence``, when registered.

The frame builders (``canada_by_region``, ``pathways_by_group``, ``agri_food``, ``border_regions``, ``swanton``,
``mexicans_north``) are shared with Canada's destination page (``profiles``) and the tests.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup, escape

from hemigov.core.provenance import COLUMN, Provenance
from hemigov.geo.regions import AMERICAS, MENA, PEERS
from hemigov.indicators import REGISTRY, indicator
from hemigov.report import charts
from hemigov.report.context import Context
from hemigov.report.frames import releases
from hemigov.report.model import Col, Exhibit, Heading, Headline, Headlines, Page, Prose
from hemigov.report.sections import Section
from hemigov.series import borders, money, pathways, reference
from hemigov.style.numbers import fmt

CANADA = "CAN"
#: Money earmarked to no region: UNHCR's unearmarked and global activities.
NO_REGION = "Unearmarked or global (no region)"
EARMARKING_LABELS = {"unearmarked": "Unearmarked", "global": "Global (softly earmarked)",
                     "regional": "Regional (a bureau)", "country": "Country (an operation)"}
AGRI_FOOD = "Agri-Food Pilot"
NORTHERN, SOUTHWEST = "Northern Land Border", "Southwest Land Border"
SWANTON = "Swanton, VT"
VISA_2024 = "2024-02-29-canada-re-imposes-visa-requirement-on-most-mexican-nationals-11"
STCA_2023 = "2023-03-25-stca-additional-protocol-in-force-applies-along-entire-land"
#: The effects page's case for Mexicans at the northern border after the 2024 visa.
VISA_CASE = "mexico-visa-2024-us-northern"
MONTHS_FROM = "2021-10-01"  # Mexicans at the northern border: from FY2022, two years and more before the visa
UNEARMARKED_NOTE = ("Incoming commitments recorded by UNHCR (pledges and contributions, not disbursements), by "
                    "UNHCR's programme year. Unearmarked and global money is not allocated to any region, so a "
                    "region's share of a donor's money understates what reaches that region.")


# ------------------------------------------------------------------------------------------------ money
def canada_by_region(donor: str = CANADA) -> pd.DataFrame:
    """US$ committed by ``donor`` per year and UNHCR bureau (money earmarked to no region in one row a year),
    with its earmarking levels: year, region, usd, usd_m, sources."""
    m = money.by_donor_and_region()
    m = m[m.donor_iso3 == donor].assign(region=lambda d: d.region.fillna(NO_REGION))
    g = m.groupby(["year", "region"], as_index=False).agg(usd=("usd", "sum"), sources=(COLUMN, _merge))
    return g.assign(usd_m=g.usd / 1e6)


def earmarking_mix(donor: str = CANADA) -> pd.DataFrame:
    """US$ committed by ``donor`` per year and earmarking level, and its share of the year's total."""
    m = money.by_donor_and_region()
    m = m[m.donor_iso3 == donor]
    g = m.groupby(["year", "earmarking"], as_index=False).agg(usd=("usd", "sum"), sources=(COLUMN, _merge))
    g["share"] = g.usd / g.groupby("year").usd.transform("sum")
    g["level"] = g.earmarking.map(EARMARKING_LABELS)
    return g.assign(usd_m=g.usd / 1e6)


def peers_to_americas() -> pd.DataFrame:
    """Each peer's money earmarked to UNHCR's operations in the Americas, 2016–2023 in all, against all its money
    earmarked to a region (regional and country operations): donor_iso3, to_americas, earmarked, share, all_money."""
    m = money.by_donor_and_region()
    m = m[m.donor_iso3.isin(PEERS)]
    first, last = int(m.year.min()), int(m.year.max())
    rows = []
    for iso3 in PEERS:
        d = m[m.donor_iso3 == iso3]
        if d.empty:
            continue
        am = d[d.region == AMERICAS.label].usd.sum()
        ear = d[d.region.notna()].usd.sum()
        rows.append({"donor_iso3": iso3, "to_americas": am, "earmarked": ear, "all_money": d.usd.sum(),
                     "share": am / ear if ear else float("nan"), "period": f"{first}–{last}",
                     COLUMN: Provenance.of(d).text()})
    return pd.DataFrame(rows)


def peers_to_americas_by_year() -> pd.DataFrame:
    """US$ each peer earmarked to the Americas per year (a year with no row: none recorded, 0)."""
    m = money.by_donor_and_region()
    m = m[m.donor_iso3.isin(PEERS)]
    years = range(int(m.year.min()), int(m.year.max()) + 1)
    am = m[m.region == AMERICAS.label]
    rows = []
    for iso3 in PEERS:
        d = m[m.donor_iso3 == iso3]
        if d.empty:
            continue
        for y in years:
            dy = am[(am.donor_iso3 == iso3) & (am.year == y)]
            rows.append({"year": y, "donor_iso3": iso3, "usd": dy.usd.sum(),
                         COLUMN: Provenance.of(d[d.year == y]).text() if len(d[d.year == y]) else
                         Provenance.of(d).text()})
    return pd.DataFrame(rows)


def without_totals(spec: dict) -> dict:
    """A stacked chart of shares without its total labels (every bar is 100%)."""
    spec["layer"] = [lay for lay in spec["layer"] if not (lay.get("mark", {}).get("type") == "text"
                                                            and lay["mark"].get("dy") == -6)]
    return spec


def axis_format(spec: dict, channel: str, fmt_: str) -> dict:
    """Set the number format of a chart's value axis (small shares need a decimal: 0.5%, not 1%, 1%)."""
    for lay in spec["layer"]:
        enc = lay.get("encoding", {}).get(channel)
        if isinstance(enc, dict) and "axis" in enc:
            enc["axis"] = {**enc["axis"], "format": fmt_}
    return spec


def _merge(values: pd.Series) -> str:
    return Provenance.of(*values).text()


def region_order(regions) -> list[str]:
    """The Americas first, the other bureaux by name, money earmarked to no region last."""
    present = set(regions)
    rest = sorted(present - {AMERICAS.label, NO_REGION})
    return [r for r in (AMERICAS.label, *rest, NO_REGION) if r in present]


def region_palette(dom: list[str]) -> list[str]:
    """The Americas in its report colour (vermilion), no-region money grey, the bureaux in the series colours."""
    rest = [c for c in charts.SERIES_COLOURS if c != charts.REGION_COLOURS[0]]
    out, i = [], 0
    for r in dom:
        if r == AMERICAS.label:
            out.append(charts.REGION_COLOURS[0])
        elif r == NO_REGION:
            out.append(charts.MUTED)
        else:
            out.append(rest[i])
            i += 1
    return out


def money_by_region_exhibit(ex_id: str, nm: str, mo: pd.DataFrame, *, static: bool = True) -> Exhibit:
    dom = region_order(mo.region)
    first, last = int(mo.year.min()), int(mo.year.max())
    am = mo[mo.region == AMERICAS.label].set_index("year").usd
    return Exhibit(
        ex_id, f"Money from {nm} to UNHCR, by the region it is earmarked to, {first}–{last}",
        "US$ million committed per year (UNHCR's IATI publication, incoming commitments)",
        mo.sort_values(["year", "usd"], ascending=[False, False]),
        [Col("year", "Year", "year"), Col("region", "UNHCR region (bureau)", "text"),
         Col("usd", "Committed", "usd")],
        alt=f"Stacked bars by year of the money {nm} committed to UNHCR, by the UNHCR bureau it is earmarked to "
            f"(grey: unearmarked or global, no region); to the Americas {fmt(am.get(first, 0), 'usd')} in {first}, "
            f"{fmt(am.get(2019, 0), 'usd')} in 2019 and {fmt(am.get(last, 0), 'usd')} in {last}.",
        spec=charts.bars(mo, y="usd_m", y_title="US$ million", series="region", series_title="Earmarked to",
                         domain=dom, palette=region_palette(dom), fill="zero",
                         description=f"Money from {nm} to UNHCR by region"), static=static,
        note=UNEARMARKED_NOTE + " Regions are UNHCR's bureaux, which changed in 2020 (Africa split into three).")


def money_blocks(ctx: Context) -> tuple[list, list[Headline]]:
    mo = canada_by_region()
    first, last = int(mo.year.min()), int(mo.year.max())
    am = mo[mo.region == AMERICAS.label].set_index("year").usd
    mena = mo[mo.region == MENA.label].set_index("year").usd
    tot = mo.groupby("year").usd.sum()
    cards = [Headline("Canada to UNHCR's operations in the Americas, 2019", fmt(am.get(2019, 0), "usd"),
                      f"of {fmt(tot[2019], 'usd')} in all; {fmt(mena.get(2019, 0), 'usd')} to the Middle East and "
                      f"North Africa · {releases(mo)}", "money-canada-by-region"),
             Headline(f"Canada to UNHCR's operations in the Americas, {last}", fmt(am.get(last, 0), "usd"),
                      f"{fmt(am.get(last, 0) / tot[last], 'share')} of {fmt(tot[last], 'usd')} · {releases(mo)}",
                      "money-canada-by-region")]
    blocks: list = [Heading("Money: UNHCR funding by donor and region", id="money"), Prose(Markup(
        f"<p>What donors commit to UNHCR, as UNHCR publishes it to IATI: each incoming commitment with the "
        f"activity it is earmarked to — a UNHCR bureau (regional), an operation in one country, or UNHCR as a "
        f"whole (unearmarked, or global). <strong>Unearmarked money is not allocated to any region</strong>: "
        f"UNHCR spends it where it decides, so the money a region receives is more than the money earmarked to "
        f"it. In {first}–{last} Canada earmarked between {fmt(am.min(), 'usd')} and {fmt(am.max(), 'usd')} a "
        f"year to the Americas, against {fmt(mena.min(), 'usd')}–{fmt(mena.max(), 'usd')} to the Middle East and "
        f"North Africa.</p>"))]
    blocks.append(money_by_region_exhibit("money-canada-by-region", "Canada", mo))
    mix = earmarking_mix()
    dom = [v for v in EARMARKING_LABELS.values() if v in set(mix.level)]
    un = mix[mix.earmarking == "unearmarked"].set_index("year").share
    blocks.append(Exhibit(
        "money-canada-earmarking", f"How Canada earmarks its money to UNHCR, {first}–{last}",
        "share of Canada's commitments each year, by earmarking level",
        mix.sort_values(["year", "usd"], ascending=[False, False]),
        [Col("year", "Year", "year"), Col("level", "Earmarking", "text"), Col("usd", "Committed", "usd"),
         Col("share", "Share of the year's commitments (%)", "share")],
        alt=f"Stacked bars by year of the shares of Canada's commitments to UNHCR by earmarking level; unearmarked "
            f"{fmt(un.get(first), 'share')} in {first} and {fmt(un.get(last), 'share')} in {last}.",
        spec=without_totals(charts.bars(mix, y="share", y_title="Share of the year's commitments", series="level",
                                        series_title="Earmarking", domain=dom, percent=True, fill="zero",
                                        description="Canada's commitments to UNHCR by earmarking level")),
        note=UNEARMARKED_NOTE + " Earmarking is the activity's level in UNHCR's IATI hierarchy: UNHCR as a whole "
                                "(unearmarked), global programmes, a bureau (regional) or one country's operation."))
    peers = peers_to_americas()
    peers["name"] = peers.donor_iso3.map(ctx.name)
    peers = peers.sort_values("share", ascending=False).reset_index(drop=True)
    can = peers[peers.donor_iso3 == CANADA].iloc[0]
    blocks.append(Exhibit(
        "money-peers-to-americas", f"Canada and its peers: the share of their earmarked money that goes to the "
        f"Americas, {can.period}", "share of each donor's money earmarked to a region or country (UNHCR IATI)",
        peers,
        [Col("name", "Donor", "text"), Col("to_americas", "Earmarked to the Americas", "usd"),
         Col("earmarked", "Earmarked to any region or country", "usd"), Col("all_money", "All commitments", "usd"),
         Col("share", "Share to the Americas (%)", "share")],
        alt=f"Horizontal bars, one per donor: the share of its money earmarked to a UNHCR region that went to the "
            f"Americas, {can.period}; Canada {fmt(can.share, 'share')} ({fmt(can.to_americas, 'usd')} of "
            f"{fmt(can.earmarked, 'usd')}).",
        spec=axis_format(charts.categories(peers, cat="name", cat_title="", y="share",
                                           y_title="Share to the Americas", percent=True,
                                           description="Share of earmarked money to the Americas, by donor"),
                         "x", ".0~%" if peers.share.max() > 0.2 else ".1~%"),
        note="The share leaves out unearmarked and global money (not allocated to any region). A peer missing from "
             "the chart recorded no commitment in UNHCR's IATI files. " + UNEARMARKED_NOTE.split(". ")[0] + "."))
    yy = peers_to_americas_by_year()
    yy["name"] = yy.donor_iso3.map(ctx.name)
    can_y = yy[yy.donor_iso3 == CANADA].set_index("year").usd
    blocks.append(Exhibit(
        "money-peers-to-americas-by-year", f"Money earmarked to UNHCR's operations in the Americas, by peer, "
        f"{first}–{last}", "US$ committed per year (UNHCR IATI); a year with no commitment is 0",
        yy.sort_values(["year", "usd"], ascending=[False, False]),
        [Col("year", "Year", "year"), Col("name", "Donor", "text"), Col("usd", "Earmarked to the Americas", "usd")],
        open_table=True,
        note="A table only: the United States' hundreds of millions a year would flatten every other donor in a "
             "chart. Canada: " + ", ".join(f"{y} {fmt(v, 'usd')}" for y, v in can_y.items()) + ". " + UNEARMARKED_NOTE))
    return blocks, cards


# ------------------------------------------------------------------------------------------------ pathways
def pathways_by_group(last_full: bool = True) -> pd.DataFrame:
    """New permanent residents with a prior work permit, Canada, per year, program (TFWP|IMP) and IRCC category
    group (its printed group totals summed over provinces): year, months, program, group, persons, sources."""
    y = pathways.year_totals()
    g = y[(y.level == "group_total") & (y.province != "(all)")]
    out = g.groupby(["year", "months", "program", "category_group"], as_index=False).agg(
        persons=("persons", "sum"), sources=(COLUMN, _merge)).rename(columns={"category_group": "group"})
    return out


def program_totals() -> pd.DataFrame:
    """IRCC's printed Canada totals per year and program (TFWP, IMP): year, months, program, persons, sources."""
    y = pathways.year_totals()
    t = y[(y.province == "(all)") & (y.level == "province_total")]
    return t[["year", "months", "program", "persons", COLUMN]].reset_index(drop=True)


def agri_food() -> pd.DataFrame:
    """Agri-Food Pilot admissions to permanent residence from a TFWP permit, from the year the pilot admitted
    anyone, per 100 agricultural TFWP permit holders on 31 December of the year before
    (:func:`hemigov.indicators.indicator` ``work_to_residence``), with the same from an IMP permit: year, months,
    persons, imp_persons, stock_year, agri_stock, per_100_agri, sources."""
    t = indicator("work_to_residence", category=AGRI_FOOD, program="TFWP")
    i = indicator("work_to_residence", category=AGRI_FOOD, program="IMP").set_index("year").persons
    t = t[t.persons > 0].reset_index(drop=True)
    return t.assign(imp_persons=t.year.map(i))


def pathways_exhibit(ex_id: str, *, static: bool = True) -> Exhibit:
    g = pathways_by_group()
    tf = g[(g.program == "TFWP") & (g.months == 12)]
    full = int(tf.year.max())
    dom = list(tf.groupby("group").persons.sum().sort_values(ascending=False).index)
    tot = program_totals().set_index(["program", "year"]).persons
    part = g[g.months < 12]
    part_note = (f" {int(part.year.max())} covers {int(part.months.max())} months only (January–"
                 f"{pd.Timestamp(2000, int(part.months.max()), 1).strftime('%B')}) and is in the table, not the "
                 f"chart." if len(part) else "")
    return Exhibit(
        ex_id, "From a temporary foreign worker's permit to permanent residence, by category",
        "new permanent residents per year who held a TFWP work permit before, Canada (IRCC)",
        g.sort_values(["year", "program", "persons"], ascending=[False, False, False]),
        [Col("year", "Year", "year"), Col("months", "Months covered", "count"), Col("program", "Work permit", "text"),
         Col("group", "Immigration category", "text"), Col("persons", "Persons", "count")],
        alt=f"Stacked bars by year of new permanent residents who previously held a TFWP work permit, by IRCC "
            f"category; {fmt(tot[('TFWP', full)], 'count')} in {full} in all (IMP: "
            f"{fmt(tot[('IMP', full)], 'count')}).",
        spec=charts.bars(tf, y="persons", y_title="Persons", series="group", series_title="Immigration category",
                         domain=dom, fill="zero", description="TFWP to permanent residence by category"),
        static=static,
        note="IRCC's printed category-group totals, summed over provinces (cells rounded to 5, '--' = 1–4 counted "
             "0, so sums can differ from IRCC's Canada total by a few). TFWP: Temporary Foreign Worker Program; "
             "IMP: International Mobility Program (in the table)." + part_note)


def agri_food_exhibit(ex_id: str, *, static: bool = True) -> Exhibit:
    a = agri_food()
    full = a[a.months == 12]
    last = full.iloc[-1]
    return Exhibit(
        ex_id, "The Agri-Food Pilot: agricultural workers who became permanent residents",
        "persons per year (IRCC), against agricultural TFWP permit holders at the end of the year before",
        a.sort_values("year", ascending=False),
        [Col("year", "Year", "year"), Col("months", "Months covered", "count"),
         Col("persons", "Permanent residents through the Agri-Food Pilot, from a TFWP permit", "count"),
         Col("imp_persons", "From an IMP permit", "count"),
         Col("agri_stock", "Agricultural TFWP permit holders, 31 December of the year before", "count"),
         Col("per_100_agri", "Per 100 agricultural TFWP holders", "ratio")],
        alt="Bars by year of new permanent residents admitted through the Agri-Food Pilot who held a TFWP permit: "
            + ", ".join(f"{fmt(r.persons, 'count')} in {r.year}" for r in full.itertuples()) + "; "
            f"{fmt(last.per_100_agri, 'ratio')} per 100 agricultural TFWP holders in {last.year}.",
        spec=charts.bars(full, y="persons", y_title="Persons", fill="gap",
                         description="Agri-Food Pilot admissions from a TFWP permit"), static=static,
        note="hemigov.indicators work_to_residence. The pilot opened in May 2020 (none before 2021). Holders: IRCC's "
             "TFWP 'Agricultural Workers' holding a permit on 31 December, summed over provinces; a 31 December "
             "stock misses most seasonal (SAWP) workers, whose permits end by 15 December, so the rate overstates "
             "a seasonal worker's chance. Cells rounded to 5.")


def pathways_blocks() -> tuple[list, list[Headline]]:
    a = agri_food()
    full = a[a.months == 12]
    last = full.iloc[-1]
    cards = [Headline(f"Agri-Food Pilot: permanent residents from a TFWP permit, {last.year}",
                      fmt(last.persons, "count"),
                      f"{fmt(last.per_100_agri, 'ratio')} per 100 agricultural TFWP holders · {releases(a)}",
                      "pathways-agri-food")]
    blocks: list = [Heading("Pathways: from a work permit to permanent residence", id="pathways"), Prose(Markup(
        "<p>The paper says temporary agricultural workers have “slim chances of permanent residency”. IRCC counts "
        "the new permanent residents who previously held a work permit, by the category they were admitted under: "
        f"the Agri-Food Pilot admitted {escape(', '.join(fmt(v, 'count') for v in full.persons))} former TFWP "
        f"workers in {full.year.min()}–{full.year.max()}, against "
        f"{fmt(last.agri_stock, 'count')} agricultural TFWP permit holders at the end of {last.stock_year}.</p>"))]
    blocks += [pathways_exhibit("pathways-tfwp-by-category"), agri_food_exhibit("pathways-agri-food")]
    tot = program_totals()
    tf = tot[tot.months == 12]
    blocks.append(Exhibit(
        "pathways-program-totals", "Permanent residents who held a work permit before: TFWP and IMP",
        "persons per year, Canada (IRCC's printed totals)",
        tot.sort_values(["year", "program"], ascending=[False, False]),
        [Col("year", "Year", "year"), Col("months", "Months covered", "count"), Col("program", "Work permit", "text"),
         Col("persons", "Persons", "count")],
        alt="Lines by year of new permanent residents who previously held a work permit, TFWP and IMP; IMP holders "
            f"are the great majority ({fmt(tf[tf.program == 'IMP'].persons.iloc[-1], 'count')} against "
            f"{fmt(tf[tf.program == 'TFWP'].persons.iloc[-1], 'count')} in {tf.year.max()}).",
        spec=charts.annual(tf, y="persons", y_title="Persons", series="program", series_title="Work permit",
                           domain=["IMP", "TFWP"], fill="gap",
                           description="Permanent residents with a prior work permit"),
        note="IMP: International Mobility Program (no labour-market test; includes post-graduation permits); TFWP: "
             "Temporary Foreign Worker Program. The newest year, when partial, is in the table only."))
    return blocks, cards


# ------------------------------------------------------------------------------------------------ borders
def fiscal_label(fy: int, months: int) -> str:
    """``FY2024``; a fiscal year covered in part names its months: ``FY2025 (Oct–Nov 2024 only)``."""
    if months >= 12:
        return f"FY{fy}"
    end = pd.Timestamp(fy - 1, 10, 1) + pd.DateOffset(months=months - 1)
    return f"FY{fy} (Oct–{end.strftime('%b %Y')} only)"


def _annual(sheet: str) -> pd.DataFrame:
    b = borders.encounters()
    return b[b.sheet == sheet]


def border_regions() -> pd.DataFrame:
    """Encounters per fiscal year and border region (OHSS 'Annual Region'): fiscal_year, months, fy, region,
    encounters, sources."""
    r = _annual("Annual Region")
    r = r[r.region != "(all)"][["fiscal_year", "months", "region", "encounters", COLUMN]].reset_index(drop=True)
    r["fy"] = [fiscal_label(f, m) for f, m in zip(r.fiscal_year, r.months, strict=True)]
    return r


def swanton(since: int = 2019) -> pd.DataFrame:
    """Northern Land Border encounters per fiscal year: the Swanton sector and the other northern sectors (OHSS
    'Annual Rgn and Sector'): fiscal_year, months, fy, part, encounters, sources."""
    s = _annual("Annual Rgn and Sector")
    s = s[(s.region == NORTHERN) & (s.sector != "(all)") & (s.fiscal_year >= since)]
    s = s.assign(part=s.sector.where(s.sector == SWANTON, "Other northern sectors"))
    g = s.groupby(["fiscal_year", "months", "part"], as_index=False).agg(encounters=("encounters", "sum"),
                                                                         sources=(COLUMN, _merge))
    g["fy"] = [fiscal_label(f, m) for f, m in zip(g.fiscal_year, g.months, strict=True)]
    return g


def mexicans_north(since: str = MONTHS_FROM) -> pd.DataFrame:
    """Mexican citizens encountered at the Northern Land Border per month (OHSS 'Monthly Rgn and Citp'): year,
    month (calendar), fiscal_year, fiscal_month, period, encounters, sources."""
    b = borders.encounters()
    m = b[(b.sheet == "Monthly Rgn and Citp") & (b.region == NORTHERN) & (b.citizenship_iso3 == "MEX")
          & (b.calendar_month >= pd.Timestamp(since))]
    out = m[["calendar_month", "fiscal_year", "fiscal_month", "encounters", COLUMN]].copy()
    out["year"] = out.calendar_month.dt.year
    out["month"] = out.calendar_month.dt.month
    out["period"] = out.calendar_month.dt.strftime("%Y-%m")
    out["fy"] = [f"FY{v}" for v in out.fiscal_year]
    return out.sort_values("calendar_month").reset_index(drop=True)


def fiscal_axis(spec: dict, field: str, partial: dict[int, str]) -> dict:
    """Label a fiscal-year axis ``FY2024`` (``partial``: fiscal year -> its label) and title it."""
    expr = "'FY' + datum.value"
    for fy, lab in sorted(partial.items()):
        expr = f"datum.value == {fy} ? '{lab}' : " + expr
    for lay in spec["layer"]:
        x = lay.get("encoding", {}).get("x")
        if isinstance(x, dict) and x.get("field") == field:
            ax = dict(x.get("axis") or {})
            ax.update({"labelExpr": expr, "title": "US fiscal year (October to September)"})
            x["axis"] = ax
    return spec


def _events(ids: list[tuple[str, str]]) -> pd.DataFrame:
    ev = reference.events()
    drawn, _ = charts.pick_events(ev[ev.event_id.isin([i for i, _ in ids])], ids)
    return drawn


def regions_exhibit(ex_id: str) -> Exhibit:
    r = border_regions()
    full = r[r.months >= 12]
    part = r[r.months < 12]
    dom = [SOUTHWEST, NORTHERN, "Coastal Border"]
    last = int(full.fiscal_year.max())
    v = full[full.fiscal_year == last].set_index("region").encounters
    spec = fiscal_axis(charts.annual(full, x="fiscal_year", y="encounters", y_title="Encounters", series="region",
                                     series_title="Border", domain=dom, fill="gap",
                                     description="US Border Patrol encounters by border"), "fiscal_year", {})
    return Exhibit(
        ex_id, "US Border Patrol encounters by border, the southwest for scale",
        "encounters per US fiscal year (October–September), DHS OHSS",
        r.sort_values(["fiscal_year", "encounters"], ascending=[False, False]),
        [Col("fy", "Fiscal year", "text"), Col("region", "Border", "text"), Col("encounters", "Encounters", "count")],
        alt=f"Lines by fiscal year of US Border Patrol encounters at the southwest, northern and coastal borders; in "
            f"FY{last} {fmt(v[SOUTHWEST], 'count')} at the southwest border against {fmt(v[NORTHERN], 'count')} at "
            f"the northern border ({fmt(v[NORTHERN] / v[SOUTHWEST], 'share')} of it).", spec=spec,
        note="Encounters: Title 8 apprehensions and, March 2020 to May 2023, Title 42 expulsions; rounded to 10 by "
             "OHSS. " + (f"{part.fy.iloc[0]} is in the table only." if len(part) else ""))


def swanton_exhibit(ex_id: str, *, static: bool = True) -> Exhibit:
    s = swanton()
    part = {int(f): lab for f, lab in zip(s.fiscal_year, s.fy, strict=True) if not lab.endswith(str(f))}
    sw = s[s.part == SWANTON].set_index("fiscal_year").encounters
    spec = fiscal_axis(charts.bars(s, x="fiscal_year", y="encounters", y_title="Encounters", series="part",
                                   series_title="Sector", domain=[SWANTON, "Other northern sectors"],
                                   description="Northern Land Border encounters: Swanton and the other sectors"),
                       "fiscal_year", {k: v.replace(" only", "") for k, v in part.items()})
    return Exhibit(
        ex_id, "The northern border: the Swanton sector (Roxham Road) and the rest",
        "US Border Patrol encounters per US fiscal year (October–September), Northern Land Border (DHS OHSS)",
        s.sort_values(["fiscal_year", "part"], ascending=[False, False]),
        [Col("fy", "Fiscal year", "text"), Col("part", "Sector", "text"), Col("encounters", "Encounters", "count")],
        alt="Stacked bars by fiscal year of encounters at the US northern border, the Swanton sector against the "
            "other sectors: Swanton " + ", ".join(f"{fmt(sw[y], 'count')} in FY{y}" for y in (2022, 2023, 2024)) + ", "
            "after the STCA Additional Protocol (in force 25 March 2023, FY2023) closed Roxham Road on the "
            "Canadian side.", spec=spec, static=static,
        note="Swanton, VT covers the US side of Quebec's border, where Roxham Road lies. Encounters are people US "
             "Border Patrol meets entering the United States between ports of entry. The sectors' sum can be below "
             "the border's total: OHSS withholds small cells." + ("" if not part else f" {list(part.values())[0]}."))


def mexicans_exhibit(ex_id: str, *, static: bool = True) -> Exhibit:
    m = mexicans_north()
    ev = _events([(VISA_2024, "Canada's visa on Mexicans"), (STCA_2023, "STCA protocol")])
    before = m[(m.calendar_month >= "2023-10-01") & (m.calendar_month < "2024-03-01")]
    after = m[m.calendar_month >= "2024-03-01"]
    return Exhibit(
        ex_id, "Mexicans at the US northern border by month, around Canada's visa of 29 Feb 2024",
        "US Border Patrol encounters per calendar month, Mexican citizens, Northern Land Border (DHS OHSS)",
        m.sort_values("calendar_month", ascending=False),
        [Col("period", "Month", "text"), Col("fy", "Fiscal year", "text"), Col("encounters", "Encounters", "count")],
        alt=f"A line by month of Mexicans encountered at the US northern border from {m.period.iloc[0]} to "
            f"{m.period.iloc[-1]}: {fmt(before.encounters.min(), 'count')}–{fmt(before.encounters.max(), 'count')} a "
            f"month from October 2023 to February 2024, {fmt(after.encounters.min(), 'count')}–"
            f"{fmt(after.encounters.max(), 'count')} after Canada re-imposed the visa on 29 February 2024.",
        spec=charts.monthly(m, y="encounters", y_title="Encounters", fill="gap", events=ev,
                            description="Mexicans at the US northern border by month"), static=static,
        note="Calendar months (OHSS publishes fiscal months; the fiscal year is in the table). A month with no row "
             "is a gap, not zero. The effects page estimates the change after the visa against Guatemalans and "
             "Romanians at the same border.")


def borders_blocks() -> tuple[list, list[Headline]]:
    s = swanton()
    sw = s[s.part == SWANTON].set_index("fiscal_year").encounters
    r = border_regions()
    nb = r[(r.region == NORTHERN) & (r.months >= 12)].set_index("fiscal_year").encounters
    sw_nb = r[(r.region == SOUTHWEST) & (r.fiscal_year == 2024)].encounters.sum() / nb[2024]
    cards = [Headline("US Border Patrol encounters in the Swanton sector, FY2024", fmt(sw[2024], "count"),
                      f"FY2022 {fmt(sw[2022], 'count')}, FY2023 {fmt(sw[2023], 'count')} · {releases(s)}",
                      "borders-swanton")]
    blocks: list = [Heading("Borders: US Border Patrol encounters", id="borders"), Prose(Markup(
        "<p>The paper ties Canada's asylum intake to US policy. US Border Patrol counts the people it encounters at "
        "each border, by US fiscal year (October to September) and month. At the northern border encounters rose "
        f"from {fmt(nb[2022], 'count')} in FY2022 to {fmt(nb[2024], 'count')} in FY2024, most of them in the "
        "Swanton sector after the 2023 STCA Additional Protocol closed Roxham Road; Mexicans there fell after "
        "Canada's visa of 29 February 2024 (<a href='effects.html#case-" + VISA_CASE + "'>the estimate on the "
        "effects page</a>). The southwest border, which US policy contains, counted "
        f"{fmt(sw_nb, 'ratio')} times as many in FY2024.</p>"))]
    blocks += [swanton_exhibit("borders-swanton"), mexicans_exhibit("borders-mexicans-northern"),
               regions_exhibit("borders-regions")]
    return blocks, cards


# ------------------------------------------------------------------------------------------------ indicators
def indicator_blocks() -> tuple[list, list[Headline]]:
    """funding_share (Canada's money to the Americas against the Americas' share of the displaced) and
    responsibility_effort (Canada's rank among its peers), through :func:`hemigov.indicators.indicator`."""
    f = indicator("funding_share", donor=CANADA, region=AMERICAS.label)
    yearly = f[f.year.notna()].astype({"year": int})
    pooled = f[f.year.isna()].iloc[0]
    long = pd.concat([yearly.assign(series="Canada's earmarked money to the Americas", v=yearly.funding_share),
                      yearly.assign(series="The Americas' share of the displaced hosted", v=yearly.displacement_share)])
    dom = ["Canada's earmarked money to the Americas", "The Americas' share of the displaced hosted"]
    fs = Exhibit(
        "money-funding-share", f"Canada's money to the Americas against the region's share of the displaced, "
        f"{pooled.period}", "shares: of Canada's UNHCR money earmarked to a region or country; of the world's "
        "displaced hosted in the bureau's countries", yearly.sort_values("year", ascending=False),
        [Col("year", "Year", "year"), Col("region_usd", "To the Americas", "usd"),
         Col("allocated_usd", "Earmarked to any region or country", "usd"),
         Col("unallocated_usd", "Unearmarked or global", "usd"),
         Col("funding_share", "Share of earmarked money to the Americas (%)", "share"),
         Col("displacement_share", "The Americas' share of the displaced (%)", "share"),
         Col("ratio", "Ratio (money share / displacement share)", "ratio")],
        alt=f"Two lines by year: the share of Canada's earmarked UNHCR money that went to the Americas against the "
            f"Americas' share of the displaced; {pooled.period} pooled {fmt(pooled.funding_share, 'share')} against "
            f"{fmt(pooled.displacement_share, 'share')} (ratio {fmt(pooled.ratio, 'ratio')}).",
        spec=charts.annual(long, y="v", y_title="Share", series="series", series_title="", domain=dom,
                           percent=True, fill="gap", description="Funding share against displacement share"),
        note="hemigov.indicators funding_share (donor CAN, region The Americas, displaced hosted): the money "
             "analogue of representation. Ratio 1: Canada's earmarked money follows the displaced; below 1: less. "
             + str(pooled.notes).capitalize() + ".")
    r = indicator("responsibility_effort")
    can = r[r.iso3 == CANADA].iloc[0]
    re_ = Exhibit(
        "money-responsibility-effort", f"Relative effort of Canada and its peers: hosting, resettlement and money, "
        f"{can.period}", "effort relative to capacity (1 = the country's proportional share within the set); "
        "index = weighted mean; rank 1 = most effort", r.sort_values("rank"),
        [Col("rank", "Rank", "count"), Col("name", "Country", "text"), Col("index", "Combined index", "ratio"),
         Col("effort_hosting", "Hosting effort", "ratio"), Col("effort_resettlement", "Resettlement effort", "ratio"),
         Col("effort_money", "UNHCR money effort", "ratio"), Col("hosted", "Displaced hosted", "count"),
         Col("resettled", "Resettled", "count"), Col("usd", "UNHCR money", "usd"), Col("weights", "Weights", "text")],
        open_table=True,
        note="hemigov.indicators responsibility_effort, after Thielemann's relative-effort approach. "
             + REGISTRY["responsibility_effort"].definition.rstrip(".") + ". Formula: "
             + REGISTRY["responsibility_effort"].formula.rstrip(".") + ". Other weights: docs/indicators.md.")
    cards = [Headline(f"Canada's rank in relative effort among {len(r)} peers, {can.period}", f"{int(can['rank'])}",
                      f"index {fmt(can['index'], 'ratio')} (hosting {fmt(can.effort_hosting, 'ratio')}, resettlement "
                      f"{fmt(can.effort_resettlement, 'ratio')}, money {fmt(can.effort_money, 'ratio')}) · "
                      f"{releases(r)}", "money-responsibility-effort")]
    blocks = [Heading("Indicators: money against need, and effort against capacity", id="indicators"), fs, re_]
    return blocks, cards


# ------------------------------------------------------------------------------------------------ page
def build(ctx: Context) -> list[Page]:
    mb, mc = money_blocks(ctx)
    pb, pc = pathways_blocks()
    bb, bc = borders_blocks()
    ib, ic = indicator_blocks()
    blocks: list = [Prose(Markup(
        "<p class='lede'>Responsibility-sharing is also money, labour and borders: what Canada gives UNHCR and "
        "where it earmarks it, how many temporary workers become permanent residents, and the US border flows "
        "that shape who reaches Canada. Canada's own numbers are also on its <a href='countries/can.html'>"
        "destination page</a>.</p>")), Headlines([*mc, *ic, *pc, *bc]), *mb, *ib, *pb, *bb]
    return [Page("money.html", "Money and pathways", "money", blocks,
                 description="UNHCR funding by donor and region, work-permit pathways to residence, US border "
                             "encounters")]


SECTION = Section("money", "Money and pathways", "money.html", build)

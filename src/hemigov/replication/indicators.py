"""Named indicators that test the paper's numbers: each reads the warehouse through a ``Reader`` and returns a
``Measure`` (value, suppression bounds, the period actually measured, ``dataset@vintage`` sources, a note).

The claims ledger (``data/claims.csv``) names these functions in its ``test`` column with keyword ``params``;
the exhibits call them too, so a printed number and the ledger claim about it are tested the same way.
Each indicator also has an ``end`` function: the last complete period its source holds, which the ledger's
``rolling`` claims use to move their window to the newest data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from hemigov.indicators import formulas  # one definition of each rate, shared with the indicators
from hemigov.replication.measures import Period
from hemigov.replication.reader import LAC, WESTERN_HEMISPHERE, Reader, source_of


@dataclass
class Measure:
    value: float
    source: str
    period: str
    note: str = ""
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Indicator:
    fn: Callable[..., Measure]
    end: Callable[..., tuple[int, int]]
    grain: str  # "month" | "year": the finest period the source holds


INDICATORS: dict[str, Indicator] = {}


def indicator(end: Callable[..., tuple[int, int]], grain: str = "year"):
    def deco(fn):
        INDICATORS[fn.__name__] = Indicator(fn, end, grain)
        return fn
    return deco


def _num(df: pd.DataFrame, col: str = "v") -> float:
    v = df[col].iloc[0] if len(df) else None
    return float(v) if v is not None and pd.notna(v) else float("nan")


# ---------------------------------------------------------------- where each source ends
def _end_ircc_pr(r: Reader, **_) -> tuple[int, int]:
    d = r.df("SELECT max(year * 100 + month) AS m FROM {ircc_pr_admissions}")
    m = int(d.m.iloc[0])
    return m // 100, m % 100


def _complete_year(r: Reader, sql: str) -> tuple[int, int]:
    d = r.df(sql)
    return int(d.y.iloc[0]), 12


def _end_ircc_asylum_year(r: Reader, **_) -> tuple[int, int]:
    return _complete_year(r, "SELECT max(year) AS y FROM (SELECT year FROM {canada_asylum_claims} WHERE "
                             "dataset = 'ircc.asylum_office_type_province' GROUP BY year "
                             "HAVING count(DISTINCT month) = 12)")


def _end_ircc_top25_year(r: Reader, **_) -> tuple[int, int]:
    return _complete_year(r, "SELECT max(year) AS y FROM (SELECT year FROM {canada_asylum_claims} WHERE "
                             "dataset = 'ircc.asylum_top25_office_type' GROUP BY year "
                             "HAVING count(DISTINCT month) = 12)")


def _end_unhcr_applications(r: Reader, **_) -> tuple[int, int]:
    return _complete_year(r, "SELECT max(year) AS y FROM {asylum_applications}")


def _end_unhcr_decisions(r: Reader, **_) -> tuple[int, int]:
    return _complete_year(r, "SELECT max(year) AS y FROM {asylum_decisions}")


def _end_unhcr_population(r: Reader, **_) -> tuple[int, int]:
    return _complete_year(r, "SELECT max(year) AS y FROM {displacement}")


def _end_unhcr_solutions(r: Reader, **_) -> tuple[int, int]:
    return _complete_year(r, "SELECT max(year) AS y FROM {solutions} WHERE solution_type = 'resettlement'")


def _end_idps(r: Reader, **_) -> tuple[int, int]:
    return _complete_year(r, "SELECT max(year) AS y FROM {idps}")


def _end_rcmp(r: Reader, **_) -> tuple[int, int]:
    d = r.df("SELECT max(year * 100 + month) AS m FROM {rcmp_interceptions} WHERE persons IS NOT NULL")
    m = int(d.m.iloc[0])
    return m // 100, m % 100


def _end_remittances(r: Reader, **_) -> tuple[int, int]:
    return _complete_year(r, "SELECT max(year) AS y FROM {remittances_bilateral} WHERE sender_iso3 = 'CAN'")


def _end_population(r: Reader, **_) -> tuple[int, int]:
    return _complete_year(r, "SELECT max(year) AS y FROM {economy_aggregates} WHERE indicator = 'SP.POP.TOTL' "
                             "AND code = 'LCN'")


def _end_migrant_share(r: Reader, **_) -> tuple[int, int]:
    return _complete_year(r, "SELECT max(year) AS y FROM {economy} WHERE indicator = 'SM.POP.TOTL'")


def _end_fixed(r: Reader, **_) -> tuple[int, int]:
    return 9999, 12  # facts that do not move with new data (groupings, dated events)


# ---------------------------------------------------------------- resettlement (IRCC, UNHCR)
_REGION_SQL = {
    "Western hemisphere": WESTERN_HEMISPHERE,
    "Middle East and North Africa": "SELECT iso3 FROM v_countries WHERE paper_region = 'Middle East and North Africa'",
    "Sub-Saharan Africa": "SELECT iso3 FROM v_countries WHERE paper_region = 'Sub-Saharan Africa'",
    "Asia-Pacific": "SELECT iso3 FROM v_countries WHERE paper_region = 'Asia-Pacific'",
    "Europe": "SELECT iso3 FROM v_countries WHERE paper_region = 'Europe'",
    "LAC": LAC,
}


def ircc_resettled_cells(r: Reader, period: Period) -> pd.DataFrame:
    """IRCC monthly 'Resettled Refugee' subtotals (GAR+PSR+BVOR) by citizenship, with the paper region."""
    lo, hi = period.ym_bounds()
    return r.df("""
        SELECT a.year, a.month, a.citizenship_iso3 AS iso3, c.paper_region, a.persons, a.suppressed,
               a.dataset, a.vintage
        FROM {ircc_pr_admissions} a LEFT JOIN v_countries c ON c.iso3 = a.citizenship_iso3
        WHERE a.level = 'group_total' AND a.category_group = 'Resettled Refugee'
          AND a.year * 100 + a.month BETWEEN ? AND ?""", [lo, hi])


@indicator(_end_ircc_pr, "month")
def resettled_to_canada(r: Reader, period: Period, region: str | None = None, iso3: str | None = None,
                        share: bool = False) -> Measure:
    """Refugees resettled to Canada (IRCC admissions, GAR+PSR+BVOR), a region's or country's count or share.

    Notes
    -----
    Sums IRCC's printed monthly "Resettled Refugee" subtotal per citizenship (rounded to 5; "--" = 1 to 4).
    ``low``/``high`` add 1 and 4 people per suppressed cell. Regions are the paper's (UNHCR bureaux);
    Stateless refugees belong to no region.
    """
    cells = ircc_resettled_cells(r, period)
    if iso3:
        sel = cells[cells.iso3 == iso3]
    elif region:
        sel = cells[cells.paper_region == region]
    else:
        sel = cells
    s, n = float(sel.persons.sum()), int(sel.suppressed.sum())
    low, high = s + n, s + 4 * n
    note = f"sum of rounded monthly cells {s:,.0f}; {n} suppressed cells (1-4 each)"
    if share:
        tot = float(cells.persons.sum())
        n_all = int(cells.suppressed.sum())
        value = 100 * s / tot
        # widest share interval: own suppressed cells at 4 and the rest at 1, and the reverse
        low = 100 * (s + n) / (tot + n + 4 * (n_all - n)) if tot else None
        high = 100 * (s + 4 * n) / (tot + 4 * n + (n_all - n)) if tot else None
        note = f"{s:,.0f} of {tot:,.0f} ({n} of {n_all} suppressed cells are this group's)"
        return Measure(value, source_of(cells), period.label(), note, low, high)
    return Measure(s, source_of(cells), period.label(), note, low, high)


def unhcr_resettlement(r: Reader, years: range, destination: str = "CAN") -> pd.DataFrame:
    return r.df("""
        SELECT s.year, s.origin_iso3 AS iso3, c.paper_region, s.persons, s.dataset, s.vintage
        FROM {solutions} s LEFT JOIN v_countries c ON c.iso3 = s.origin_iso3
        WHERE s.solution_type = 'resettlement' AND s.asylum_iso3 = ? AND s.year BETWEEN ? AND ?""",
                [destination, years.start, years.stop - 1])


@indicator(_end_unhcr_solutions)
def resettlement_country_rank(r: Reader, period: Period, iso3: str = "CAN") -> Measure:
    """Rank of a country among resettlement countries by UNHCR resettlement arrivals in the period."""
    d = r.df("""SELECT asylum_iso3 AS iso3, sum(persons) AS p, min(dataset) AS dataset, min(vintage) AS vintage
                FROM {solutions} WHERE solution_type = 'resettlement' AND year BETWEEN ? AND ?
                GROUP BY asylum_iso3 ORDER BY p DESC""", [period.start[0], period.end[0]])
    d["rank"] = range(1, len(d) + 1)
    row = d[d.iso3 == iso3]
    top = ", ".join(f"{i} {p:,.0f}" for i, p in d.head(3)[["iso3", "p"]].itertuples(index=False))
    return Measure(float(row["rank"].iloc[0]) if len(row) else float("nan"), source_of(d), period.label(),
                   f"top three: {top}")


@indicator(_end_ircc_pr, "month")
def resettled_from_origin(r: Reader, period: Period, iso3: str = "SYR") -> Measure:
    """Refugees of one citizenship resettled to Canada (IRCC), with suppression bounds."""
    return resettled_to_canada(r, period, iso3=iso3)


# ---------------------------------------------------------------- asylum claims in Canada
def canada_claims_by_year(r: Reader, years: range) -> pd.DataFrame:
    """Asylum claims in Canada by year: IRCC open data from 2015, CIMM 'asylum intake' (web figures) before.

    Returns one row per year: year, persons, dataset, vintage, complete (12 months present).
    """
    ircc = r.df("""
        SELECT year, sum(persons) AS persons, count(DISTINCT month) = 12 AS complete, dataset, vintage
        FROM {canada_asylum_claims}
        WHERE dataset = 'ircc.asylum_office_type_province' AND office_type = '(all)' AND province = '(all)'
          AND year BETWEEN ? AND ? GROUP BY year, dataset, vintage""", [years.start, years.stop - 1])
    web = r.df("""
        SELECT CAST(period AS INTEGER) AS year, value AS persons, true AS complete, dataset, vintage
        FROM {web_figures} WHERE figure_id LIKE 'asylum-asylum-intake-by-year-2002-2021-%'""")
    web = web[(web.year >= years.start) & (web.year < years.stop) & ~web.year.isin(ircc.year)]
    return pd.concat([ircc, web]).sort_values("year").reset_index(drop=True)


@indicator(_end_ircc_asylum_year)
def asylum_claims_canada(r: Reader, period: Period) -> Measure:
    """Asylum claims made in Canada in the period (IRCC open data; CIMM yearly intake before 2015)."""
    d = canada_claims_by_year(r, period.years)
    missing = sorted(set(period.years) - set(d.year))
    note = ", ".join(f"{int(y)} {p:,.0f}" for y, p in d[["year", "persons"]].itertuples(index=False))
    if missing:
        note += f"; no data for {missing}"
    return Measure(float(d.persons.sum()) if not missing else float("nan"), source_of(d), period.label(), note)


def unhcr_claims_canada(r: Reader, years: range) -> pd.DataFrame:
    """UNHCR new asylum applications (persons) in Canada by year and origin, with regions.

    Notes
    -----
    Before 2006 UNHCR reports Canada's applications with app_type 'V' (not split into new and repeat);
    they count here as new. Appeals (app_type 'A', 'R') are left out.
    """
    return r.df("""
        SELECT a.year, a.origin_iso3 AS iso3, c.paper_region,
               c.m49_subregion = 'Latin America and the Caribbean' AS lac, sum(a.applied) AS persons,
               a.dataset, a.vintage
        FROM {asylum_applications} a LEFT JOIN v_countries c ON c.iso3 = a.origin_iso3
        WHERE a.asylum_iso3 = 'CAN' AND a.app_type IN ('N', 'V') AND a.unit = 'persons'
          AND a.year BETWEEN ? AND ?
        GROUP BY ALL""", [years.start, years.stop - 1])


def claims_region(df: pd.DataFrame) -> pd.Series:
    """The region of origin used for Fig. 3: LAC split out of the Western hemisphere (the rest: US, Canada)."""
    reg = df.paper_region.fillna("Unknown / stateless")
    reg = reg.where(~df.lac.fillna(False).astype(bool), "Latin America and the Caribbean")
    return reg.replace({"Western hemisphere": "United States and Canada"})


@indicator(_end_unhcr_applications)
def asylum_region_share(r: Reader, period: Period, region: str = "Latin America and the Caribbean") -> Measure:
    """A region's share (%) of new asylum applications in Canada (UNHCR, persons, calendar years)."""
    d = unhcr_claims_canada(r, period.years)
    d["region"] = claims_region(d)
    tot = d.persons.sum()
    own = d.loc[d.region == region, "persons"].sum()
    return Measure(100 * own / tot, source_of(d), period.label(), f"{own:,.0f} of {tot:,.0f} new applications")


@indicator(_end_unhcr_applications)
def asylum_region_rank(r: Reader, period: Period, region: str = "Latin America and the Caribbean") -> Measure:
    """Rank of a region of origin by new asylum applications in Canada over the period (UNHCR)."""
    d = unhcr_claims_canada(r, period.years)
    d["region"] = claims_region(d)
    t = d[d.region != "Unknown / stateless"].groupby("region").persons.sum().sort_values(ascending=False)
    rank = list(t.index).index(region) + 1
    return Measure(float(rank), source_of(d), period.label(),
                   "; ".join(f"{k} {v:,.0f}" for k, v in t.head(4).items()))


def top25_claims(r: Reader, years: range) -> pd.DataFrame:
    """IRCC asylum claimants by citizenship per year (top-25 workbook, all office types; '(other)' dropped)."""
    return r.df("""
        SELECT year, citizenship_iso3 AS iso3, sum(persons) AS persons, count(DISTINCT month) AS months,
               dataset, vintage
        FROM {canada_asylum_claims}
        WHERE dataset = 'ircc.asylum_top25_office_type' AND office_type = '(all)' AND province = '(all)'
          AND citizenship_iso3 NOT IN ('(other)', '(all)') AND year BETWEEN ? AND ?
        GROUP BY ALL""", [years.start, years.stop - 1])


@indicator(_end_ircc_top25_year)
def asylum_claims_citizenship(r: Reader, period: Period, iso3: str = "NGA") -> Measure:
    """Asylum claimants of one citizenship in Canada over the period (IRCC top-25 workbook)."""
    d = top25_claims(r, period.years)
    d = d[d.iso3 == iso3]
    note = ", ".join(f"{int(y)} {p:,.0f}" for y, p in d.sort_values("year")[["year", "persons"]].itertuples(
        index=False))
    return Measure(float(d.persons.sum()), source_of(d), period.label(), note)


@indicator(_end_ircc_top25_year)
def asylum_citizenship_rank(r: Reader, period: Period, iso3: str = "MEX") -> Measure:
    """The worst (largest) yearly rank of a citizenship among asylum claimants in Canada over the period.

    Notes
    -----
    IRCC itemises only the top 25 citizenships of its latest ranking; the leaders of earlier years are among
    them in the vintages loaded here (each year's first three are listed in the note).
    """
    d = top25_claims(r, period.years)
    d["rank"] = d.groupby("year").persons.rank(ascending=False, method="min")
    own = d[d.iso3 == iso3].sort_values("year")
    ranks = ", ".join(f"{int(y)}: #{int(k)}" for y, k in own[["year", "rank"]].itertuples(index=False))
    lead = "; ".join(f"{int(y)} " + ", ".join(f"{i} {p:,.0f}" for i, p in g.nlargest(3, "persons")[
        ["iso3", "persons"]].itertuples(index=False)) for y, g in d.groupby("year"))
    return Measure(float(own["rank"].max()), source_of(d), period.label(), f"{iso3} {ranks} (leaders: {lead})")


@indicator(_end_unhcr_applications)
def asylum_origin_rank_unhcr(r: Reader, period: Period, iso3: str = "MEX") -> Measure:
    """Rank of an origin among new asylum applicants in Canada (UNHCR, persons), worst year of the period."""
    d = unhcr_claims_canada(r, period.years)
    d["rank"] = d.groupby("year").persons.rank(ascending=False, method="min")
    own = d[d.iso3 == iso3]
    ranks = ", ".join(f"{int(y)}: #{int(k)} ({p:,.0f})" for y, k, p in own.sort_values("year")[
        ["year", "rank", "persons"]].itertuples(index=False))
    return Measure(float(own["rank"].max()), source_of(d), period.label(), ranks)


def unhcr_decisions(r: Reader, years: range, origin: str = "MEX", asylum: str = "CAN") -> pd.DataFrame:
    return r.df("""
        SELECT year, sum(recognized) AS recognized, sum(other) AS other, sum(rejected) AS rejected,
               sum(closed) AS closed, dataset, vintage
        FROM {asylum_decisions} WHERE origin_iso3 = ? AND asylum_iso3 = ? AND dec_level = 'FI'
          AND unit = 'persons' AND year BETWEEN ? AND ? GROUP BY ALL ORDER BY year""",
                [origin, asylum, years.start, years.stop - 1])


@indicator(_end_unhcr_decisions)
def recognition_rate(r: Reader, period: Period, origin: str = "MEX", asylum: str = "CAN") -> Measure:
    """Protection rate (%) at first instance: (recognised + other) / (recognised + other + rejected) (UNHCR's
    total protection rate; for Canada ``other`` is 0, so it equals the refugee recognition rate)."""
    d = unhcr_decisions(r, period.years, origin, asylum)
    rec, oth, rej = d.recognized.sum(), d.other.sum(), d.rejected.sum()
    rate = formulas.recognition_rates(pd.Series([rec]), pd.Series([oth]), pd.Series([rej])).total_protection_rate
    return Measure(100 * float(rate.iloc[0]), source_of(d), period.label(),
                   f"recognised {rec:,.0f}, complementary {oth:,.0f}, rejected {rej:,.0f}")


@indicator(_end_rcmp, "month")
def rcmp_interceptions(r: Reader, period: Period, province: str = "Quebec") -> Measure:
    """RCMP interceptions between ports of entry in a province (exact counts), over a period of months."""
    lo, hi = period.ym_bounds()
    d = r.df("""SELECT persons, dataset, vintage FROM {rcmp_interceptions}
                WHERE province = ? AND year * 100 + month BETWEEN ? AND ?""", [province, lo, hi])
    return Measure(float(d.persons.sum()), source_of(d), period.label(), f"{province}, {len(d)} months")


# ---------------------------------------------------------------- displacement (UNHCR)
_GROUPS = {"NTCA": ("SLV", "HND", "GTM")}
_HOSTS = {"world": None, "Western hemisphere": WESTERN_HEMISPHERE, "LAC": LAC,
          "Syria's neighbours": "SELECT unnest(['TUR', 'LBN', 'JOR', 'IRQ', 'EGY'])"}


def _codes(group: str) -> tuple[str, ...]:
    return _GROUPS.get(group, (group,))


@indicator(_end_unhcr_population)
def displaced_from(r: Reader, period: Period, origin: str = "VEN", host: str = "world",
                   types: str = "refugees,asylum_seekers,oip") -> Measure:
    """People displaced across borders from ``origin`` (a country or NTCA) at end of year, hosted in ``host``."""
    codes, kinds = _codes(origin), types.split(",")
    where = "" if _HOSTS[host] is None else f" AND asylum_iso3 IN ({_HOSTS[host]})"
    d = r.df(f"""SELECT population_type, sum(persons) AS persons, dataset, vintage FROM {{displacement}}
                 WHERE year = ? AND origin_iso3 IN (SELECT unnest(?)) AND population_type IN (SELECT unnest(?))
                 {where} GROUP BY ALL""", [period.end[0], list(codes), kinds])
    parts = ", ".join(f"{t} {p:,.0f}" for t, p in d[["population_type", "persons"]].itertuples(index=False))
    return Measure(float(d.persons.sum()), source_of(d), str(period.end[0]), f"end-{period.end[0]}: {parts}")


@indicator(_end_unhcr_population)
def displaced_stock_change(r: Reader, period: Period, origin: str = "NIC",
                           types: str = "refugees,asylum_seekers") -> Measure:
    """Change in people displaced abroad from ``origin`` between the end of the year before the period and
    the end of its last year (UNHCR)."""
    a = displaced_from(r, Period((period.start[0] - 1, 12), (period.start[0] - 1, 12), "year"), origin,
                       "world", types)
    b = displaced_from(r, Period(period.end, period.end, "year"), origin, "world", types)
    return Measure(b.value - a.value, b.source, period.label(),
                   f"end-{period.start[0] - 1} {a.value:,.0f} -> end-{period.end[0]} {b.value:,.0f}")


@indicator(_end_unhcr_population)
def hosted_share(r: Reader, period: Period, host: str = "Western hemisphere",
                 types: str = "refugees,asylum_seekers,oip,idps") -> Measure:
    """Share (%) of the world's displaced people (UNHCR population types) living in ``host`` at end of year."""
    kinds = types.split(",")
    d = r.df(f"""SELECT sum(persons) FILTER (WHERE asylum_iso3 IN ({_HOSTS[host]})) AS own, sum(persons) AS tot,
                 dataset, vintage FROM {{displacement}}
                 WHERE year = ? AND population_type IN (SELECT unnest(?)) GROUP BY ALL""",
             [period.end[0], kinds])
    own, tot = d.own.sum(), d.tot.sum()
    return Measure(100 * own / tot, source_of(d), str(period.end[0]),
                   f"{own:,.0f} of {tot:,.0f} ({types})")


@indicator(_end_unhcr_population)
def hosted_outside_high_income(r: Reader, period: Period, types: str = "refugees,oip") -> Measure:
    """Share (%) of refugees (and other people in need of international protection) hosted by countries that
    are not high-income (World Bank group in the reviewed country table, i.e. today's classification)."""
    d = r.df("""SELECT sum(d.persons) FILTER (WHERE c.wb_income_group IS DISTINCT FROM 'High income') AS own,
                       sum(d.persons) AS tot, d.dataset, d.vintage
                FROM {displacement} d LEFT JOIN v_countries c ON c.iso3 = d.asylum_iso3
                WHERE d.year = ? AND d.population_type IN (SELECT unnest(?)) GROUP BY ALL""",
             [period.end[0], types.split(",")])
    own, tot = d.own.sum(), d.tot.sum()
    return Measure(100 * own / tot, source_of(d), str(period.end[0]), f"{own:,.0f} of {tot:,.0f} ({types})")


@indicator(_end_unhcr_population)
def hosted_in(r: Reader, period: Period, host: str = "LAC", types: str = "refugees") -> Measure:
    """People of the given UNHCR population types hosted in ``host`` at end of year."""
    d = r.df(f"""SELECT sum(persons) AS persons, dataset, vintage FROM {{displacement}}
                 WHERE year = ? AND population_type IN (SELECT unnest(?)) AND asylum_iso3 IN ({_HOSTS[host]})
                 GROUP BY ALL""", [period.end[0], types.split(",")])
    return Measure(float(d.persons.sum()), source_of(d), str(period.end[0]), f"{types} in {host}")


@indicator(_end_idps)
def idps_in(r: Reader, period: Period, group: str = "NTCA") -> Measure:
    """Conflict and violence IDPs (IDMC, as published by UNHCR) in a country group at end of year."""
    codes = _codes(group)
    d = r.df("""SELECT iso3, persons, dataset, vintage FROM {idps} WHERE year = ? AND iso3 IN (SELECT unnest(?))""",
             [period.end[0], list(codes)])
    missing = sorted(set(codes) - set(d.iso3))
    note = ", ".join(f"{i} {p:,.0f}" for i, p in d[["iso3", "persons"]].itertuples(index=False))
    if missing:
        note += f"; no figure for {', '.join(missing)}"
    return Measure(float(d.persons.sum()), source_of(d), str(period.end[0]), note)


def _applications_from(r: Reader, codes: tuple[str, ...], a: int, b: int) -> pd.DataFrame:
    return r.df("""SELECT sum(applied) AS persons, dataset, vintage FROM {asylum_applications}
                   WHERE origin_iso3 IN (SELECT unnest(?)) AND app_type = 'N' AND unit = 'persons'
                     AND year BETWEEN ? AND ? GROUP BY ALL""", [list(codes), a, b])


@indicator(_end_unhcr_applications)
def asylum_applications_from(r: Reader, period: Period, origin: str = "NTCA") -> Measure:
    """New asylum applications (persons) lodged worldwide by people from ``origin`` over the period (UNHCR).

    Notes
    -----
    Persons only: countries that report cases (e.g. part of the US data) are not converted, so this is a
    lower bound of all claims.
    """
    d = _applications_from(r, _codes(origin), period.start[0], period.end[0])
    return Measure(float(d.persons.sum()), source_of(d), period.label(), "new applications, persons")


@indicator(_end_unhcr_applications)
def asylum_applications_increase(r: Reader, period: Period, origin: str = "NTCA") -> Measure:
    """Increase (%) of new applications from ``origin`` over the period against the previous five years."""
    codes = _codes(origin)
    now = _applications_from(r, codes, period.start[0], period.end[0])
    before = _applications_from(r, codes, period.start[0] - 5, period.start[0] - 1)
    a, b = before.persons.sum(), now.persons.sum()
    return Measure(100 * (b - a) / a, source_of(now, before), period.label(),
                   f"{period.start[0] - 5}..{period.start[0] - 1}: {a:,.0f}; {period.label()}: {b:,.0f}")


# ---------------------------------------------------------------- economy, remittances, migrants
@indicator(_end_remittances)
def remittances_from_canada(r: Reader, period: Period, region: str = "LAC") -> Measure:
    """World Bank/KNOMAD bilateral estimate of remittances from Canada to a region (US$ billion)."""
    d = r.df(f"""SELECT sum(usd_millions) AS m, count(*) AS n, dataset, vintage FROM {{remittances_bilateral}}
                 WHERE sender_iso3 = 'CAN' AND year = ? AND receiver_iso3 IN ({_REGION_SQL[region]})
                 GROUP BY ALL""", [period.end[0]])
    return Measure(float(d.m.sum()) / 1000, source_of(d), str(period.end[0]),
                   f"{int(d.n.sum())} receiving countries")


@indicator(_end_population)
def population_share(r: Reader, period: Period, code: str = "LCN") -> Measure:
    """A World Bank aggregate's share (%) of world population (WDI SP.POP.TOTL)."""
    d = r.df("""SELECT code, value, dataset, vintage FROM {economy_aggregates}
                WHERE indicator = 'SP.POP.TOTL' AND year = ? AND code IN (?, 'WLD')""", [period.end[0], code])
    own, world = d.loc[d.code == code, "value"].sum(), d.loc[d.code == "WLD", "value"].sum()
    return Measure(100 * own / world, source_of(d), str(period.end[0]), f"{own / 1e6:,.0f}M of {world / 1e6:,.0f}M")


@indicator(_end_migrant_share)
def migrant_share(r: Reader, period: Period, grouping: str = "MERCOSUR") -> Measure:
    """International migrants as % of population in a grouping's full members (UN DESA IMS via WDI).

    Notes
    -----
    SM.POP.TOTL (IMS totals by destination) over SP.POP.TOTL, members in the period's last year.
    """
    y = period.end[0]
    d = r.df("""SELECT e.indicator, sum(e.value) AS v, e.dataset, e.vintage FROM {economy} e
                WHERE e.year = ? AND e.indicator IN ('SM.POP.TOTL', 'SP.POP.TOTL') AND e.iso3 IN (
                  SELECT iso3 FROM v_groupings WHERE grouping = ? AND role IN ('member', 'suspended')
                    AND coalesce(start_year, 0) <= ? AND coalesce(end_year, 9999) > ?)
                GROUP BY ALL""", [y, grouping, y, y])
    mig = d.loc[d.indicator == "SM.POP.TOTL", "v"].sum()
    pop = d.loc[d.indicator == "SP.POP.TOTL", "v"].sum()
    value = 100 * mig / pop if mig and pop else float("nan")
    return Measure(value, source_of(d), str(y), f"{mig / 1e6:,.2f}M migrants of {pop / 1e6:,.0f}M people")


# ---------------------------------------------------------------- reviewed reference data and events
@indicator(_end_fixed)
def grouping_size(r: Reader, period: Period, grouping: str = "LIMA_GROUP", role: str = "member",
                  kind: str | None = None) -> Measure:
    """Number of members of a grouping in the period's last year (reviewed groupings table).

    ``kind`` = 'country' or 'territory' counts only those (``v_countries.kind``).
    """
    y = period.end[0]
    d = r.df("""SELECT g.iso3, c.kind FROM v_groupings g LEFT JOIN v_countries c USING (iso3)
                WHERE g.grouping = ? AND g.role = ? AND coalesce(g.start_year, 0) <= ?
                  AND coalesce(g.end_year, 9999) > ?""", [grouping, role, y, y])
    if kind:
        d = d[d.kind == kind]
    from hemigov import __version__

    # Reviewed package data (groupings.csv): its release is the package's.
    return Measure(float(d.iso3.nunique()), f"hemigov.groupings@{__version__}", str(y),
                   ", ".join(sorted(d.iso3.unique())))


@indicator(_end_fixed)
def event_value(r: Reader, period: Period, event_id: str = "") -> Measure:
    """The value of one dated figure in the reviewed policy timeline (v_events)."""
    d = r.df("SELECT value, date, title, source_url, dataset, vintage FROM {events} WHERE event_id = ?", [event_id])
    if d.empty:
        return Measure(float("nan"), "", period.label(), f"event {event_id} not loaded")
    row = d.iloc[0]
    return Measure(float(row.value), source_of(d), str(row.date)[:10], f"{row.title} ({row.source_url})")

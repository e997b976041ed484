"""The quantities the paper's numbers are tested with, in ONE table: :data:`QUANTITIES`, from a name (the claims
ledger's ``test`` column) to how the quantity is computed for a period and where its source ends.

A quantity is either a public indicator read at one named column (``total_protection_rate_pct`` is
``indicator("recognition_rate", ...)``'s ``total_protection_rate`` in percent) or a plain measure of this module
over :mod:`hemigov.series` and :mod:`hemigov.indicators.formulas`. Each returns a :class:`Measure` (value,
suppression bounds, the period measured, its ``sources``, a note). The exhibits call the same entries, so a
printed number and the ledger claim about it are tested the same way. Each entry's ``end`` is the last complete
period its source holds in a vintage choice; the ledger's ``rolling`` claims move their window to it.

Every quantity reads the series in one vintage choice (``vintage``: ``paper`` for "as of the paper", ``latest``
for the newest data; docs/definitions.md). Names say the unit: a ``_pct`` quantity is in percent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from hemigov.core.errors import InputError
from hemigov.core.periods import Period
from hemigov.core.provenance import Provenance
from hemigov.geo import regions
from hemigov.indicators import formulas, indicator
from hemigov.indicators.selection import countries_in, place_sources, types_of
from hemigov.series import asylum, canada, displacement, economy, money, pathways, reference, resettlement

YM = tuple[int, int]
#: The regions of origin of Fig. 3: the paper's regions with Latin America and the Caribbean (UN M49) split out of
#: the Western hemisphere; what is left of it is the United States and Canada.
LAC = regions.LATIN_AMERICA_CARIBBEAN.label
US_AND_CANADA = "United States and Canada"
UNKNOWN_ORIGIN = "Unknown / stateless"
HIGH_INCOME = "High income"


@dataclass(frozen=True)
class Measure:
    value: float
    sources: str
    period: str
    note: str = field(default="", kw_only=True)
    low: float | None = field(default=None, kw_only=True)
    high: float | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Quantity:
    """One testable quantity: ``compute(period, vintage, **params) -> Measure``; ``end(vintage)`` = the last complete
    (year, month) its source holds; ``grain`` = the finest period the source holds (month | year)."""

    compute: Callable[..., Measure]
    end: Callable[[str], YM]
    grain: str = "year"


# ---------------------------------------------------------------- where each source ends
def _year_end(year) -> YM:
    return int(year), 12


def _end_ircc_pr(vintage: str) -> YM:
    return canada.last_month(resettlement.ircc_monthly(vintage=vintage))


def _end_ircc_claims(vintage: str) -> YM:
    c = canada.claims_annual(vintage=vintage)
    return _year_end(c[c.complete].year.max())


def _end_ircc_top25(vintage: str) -> YM:
    c = canada.top25_annual(vintage=vintage)
    return _year_end(c[c.complete].year.max())


def _end_applications(vintage: str) -> YM:
    return _year_end(asylum.applications(by=("year",), vintage=vintage).year.max())


def _end_decisions(vintage: str) -> YM:
    return _year_end(asylum.decisions(by=("year",), vintage=vintage).year.max())


def _end_population(vintage: str) -> YM:
    return _year_end(displacement.displaced(by=("year",), vintage=vintage).year.max())


def _end_solutions(vintage: str) -> YM:
    return _year_end(resettlement.resettlement("unhcr", vintage=vintage).year.max())


def _end_idps(vintage: str) -> YM:
    return _year_end(displacement.idps(vintage=vintage).year.max())


def _end_rcmp(vintage: str) -> YM:
    return canada.last_month(canada.rcmp_interceptions(vintage=vintage).dropna(subset=["persons"]))


def _end_remittances(vintage: str) -> YM:
    r = economy.remittances(vintage=vintage)
    return _year_end(r[r.sender_iso3 == "CAN"].year.max())


def _end_world_population(vintage: str) -> YM:
    a = economy.aggregates((economy.POPULATION,), vintage=vintage)
    return _year_end(a.dropna(subset=["value"]).year.max())


def _end_migrant_stock(vintage: str) -> YM:
    return _year_end(economy.economy((economy.MIGRANT_STOCK,), vintage=vintage).dropna(subset=["value"]).year.max())


def _end_funding(vintage: str) -> YM:
    return _year_end(money.funding(vintage=vintage).year.max())


def _end_pathways(vintage: str) -> YM:
    t = pathways.year_totals(vintage=vintage)
    return _year_end(t[t.months == 12].year.max())  # whole years only (2025 covers January-July)


def _end_fixed(vintage: str) -> YM:
    return 9999, 12  # facts that do not move with new data (groupings, dated events)


# ---------------------------------------------------------------- public indicators, read at one column
def _period_arg(when: str, period: Period) -> tuple[dict, str]:
    """How a quantity passes its period to the indicator: the whole period (``years``/``period``) or the last
    year only (``stock``: an end-year stock at the end of the period)."""
    if when == "stock":
        return {"years": str(period.last_year)}, str(period.last_year)
    return {when: period.label()}, period.label()


def _public(name: str, column: str, *, when: str = "years", percent: bool = False,
            bounds: tuple[str, str] | None = None, note: Callable[[pd.Series], str] = lambda r: "") -> Callable:
    """A quantity read from one row of ``indicator(name, ...)`` at ``column`` (× 100 when ``percent``)."""
    scale = 100.0 if percent else 1.0

    def compute(period: Period, vintage: str, **params) -> Measure:
        arg, label = _period_arg(when, period)
        out = indicator(name, **arg, vintage=vintage, **params)
        if len(out) != 1:
            raise InputError(None, f"indicator {name!r}", f"expected one row for {label}, got {len(out)}")
        row = out.iloc[0]
        low, high = (None, None) if bounds is None else (scale * row[bounds[0]], scale * row[bounds[1]])
        return Measure(scale * float(row[column]), row.sources, label, note=note(row), low=low, high=high)
    return compute


def _ircc_note(r: pd.Series) -> str:
    return (f"{r.persons:,.0f} of {r.total:,.0f} in rounded monthly cells; {r.suppressed_cells} of "
            f"{r.total_suppressed_cells} suppressed cells (1-4 each) are this group's")


def _displaced_note(r: pd.Series) -> str:
    parts = [f"{k} {v:,.0f}" for k, v in r.items() if k in regions.POPULATION_TYPES["forcibly_displaced"].types
             and pd.notna(v)]
    return f"end-{r.year}: " + ", ".join(parts)


def _rates_note(r: pd.Series) -> str:
    return f"recognised {r.recognized:,.0f}, complementary {r.other:,.0f}, rejected {r.rejected:,.0f}"


# ---------------------------------------------------------------- asylum claims in Canada
def asylum_claims_canada(period: Period, vintage: str) -> Measure:
    """Asylum claims made in Canada in the period (series.canada.claims_annual: IRCC from 2015, Statistics Canada
    before); NaN when a year of the period is missing or incomplete."""
    c = canada.claims_annual(vintage=vintage)
    d = c[c.year.isin(period.years)]
    missing = sorted(set(period.years) - set(d[d.complete].year))
    note = ", ".join(f"{int(y)} {p:,.0f}" for y, p in d[["year", "persons"]].itertuples(index=False))
    if missing:
        note += f"; no complete year for {missing}"
    return Measure(float(d.persons.sum()) if not missing else float("nan"), Provenance.of(d).text(),
                   period.label(), note=note)


def applications_in_canada(vintage: str, years: range) -> pd.DataFrame:
    """New asylum applications in Canada (series.asylum.applications, the one rule) by year and origin, with the
    Fig. 3 region of origin."""
    a = asylum.applications(asylum="CAN", new=True, vintage=vintage)
    a = a[a.year.isin(years)]
    return a.assign(region=fig3_region(a.origin_iso3))


def fig3_region(codes: pd.Series) -> pd.Series:
    """Fig. 3's region of origin: the paper's region, with Latin America and the Caribbean (UN M49) split out; the
    rest of the Western hemisphere is the United States and Canada; pseudo origins are unknown or stateless."""
    reg = regions.regions_of(codes, regions.WESTERN_HEMISPHERE.scheme)
    lac = regions.regions_of(codes, regions.LATIN_AMERICA_CARIBBEAN.scheme) == LAC
    return reg.where(~lac, LAC).replace({regions.WESTERN_HEMISPHERE.label: US_AND_CANADA,
                                         regions.UNCLASSIFIED: UNKNOWN_ORIGIN})


def asylum_region_share_pct(period: Period, vintage: str, region: str = LAC) -> Measure:
    """A Fig. 3 region's share (%) of new asylum applications in Canada (UNHCR, persons, calendar years)."""
    d = applications_in_canada(vintage, period.years)
    tot, own = d.applied.sum(), d.loc[d.region == region, "applied"].sum()
    return Measure(float(formulas.percent_of(own, tot)), Provenance.of(d).text(), period.label(),
                   note=f"{own:,.0f} of {tot:,.0f} new applications")


def asylum_region_rank(period: Period, vintage: str, region: str = LAC) -> Measure:
    """Rank of a Fig. 3 region of origin by new asylum applications in Canada over the period (UNHCR)."""
    d = applications_in_canada(vintage, period.years)
    t = d[d.region != UNKNOWN_ORIGIN].groupby("region").applied.sum().sort_values(ascending=False)
    rank = list(t.index).index(region) + 1
    return Measure(float(rank), Provenance.of(d).text(), period.label(),
                   note="; ".join(f"{k} {v:,.0f}" for k, v in t.head(4).items()))


def asylum_origin_rank_unhcr(period: Period, vintage: str, iso3: str = "MEX") -> Measure:
    """Rank of an origin among new asylum applicants in Canada (UNHCR, persons), worst year of the period."""
    d = applications_in_canada(vintage, period.years)
    d = d.assign(rank=d.groupby("year").applied.rank(ascending=False, method="min"))
    own = d[d.origin_iso3 == iso3].sort_values("year")
    ranks = ", ".join(f"{int(y)}: #{int(k)} ({p:,.0f})" for y, k, p in own[["year", "rank", "applied"]].itertuples(
        index=False))
    return Measure(float(own["rank"].max()), Provenance.of(d).text(), period.label(), note=ranks)


def _top25(vintage: str, period: Period) -> pd.DataFrame:
    t = canada.top25_annual(vintage=vintage)
    return t[t.year.isin(period.years)]


def asylum_claims_citizenship(period: Period, vintage: str, iso3: str = "NGA") -> Measure:
    """Asylum claimants of one citizenship in Canada over the period (IRCC top-25 workbook, all offices)."""
    d = _top25(vintage, period)
    d = d[d.citizenship_iso3 == iso3].sort_values("year")
    note = ", ".join(f"{int(y)} {p:,.0f}" for y, p in d[["year", "persons"]].itertuples(index=False))
    return Measure(float(d.persons.sum()), Provenance.of(d).text(), period.label(), note=note)


def asylum_citizenship_rank(period: Period, vintage: str, iso3: str = "MEX") -> Measure:
    """The worst (largest) yearly rank of a citizenship among asylum claimants in Canada over the period.

    Notes
    -----
    IRCC itemises only the top 25 citizenships of its latest ranking; the leaders of earlier years are among
    them in the releases loaded here (each year's first three are listed in the note).
    """
    d = _top25(vintage, period)
    d = d.assign(rank=d.groupby("year").persons.rank(ascending=False, method="min"))
    own = d[d.citizenship_iso3 == iso3].sort_values("year")
    ranks = ", ".join(f"{int(y)}: #{int(k)}" for y, k in own[["year", "rank"]].itertuples(index=False))
    lead = "; ".join(f"{int(y)} " + ", ".join(f"{i} {p:,.0f}" for i, p in g.nlargest(3, "persons")[
        ["citizenship_iso3", "persons"]].itertuples(index=False)) for y, g in d.groupby("year"))
    return Measure(float(own["rank"].max()), Provenance.of(d).text(), period.label(),
                   note=f"{iso3} {ranks} (leaders: {lead})")


def rcmp_interceptions(period: Period, vintage: str, province: str = "Quebec") -> Measure:
    """RCMP interceptions between ports of entry in a province (exact counts), over a period of months."""
    r = canada.rcmp_interceptions(vintage=vintage)
    lo, hi = period.ym_bounds()
    d = r[(r.province == province) & (r.year * 100 + r.month).between(lo, hi)]
    return Measure(float(d.persons.sum()), Provenance.of(d).text(), period.label(), note=f"{province}, {len(d)} months")


# ---------------------------------------------------------------- displacement (UNHCR)
def displaced_stock_change(period: Period, vintage: str, origin: str = "NIC",
                           types: str = "refugees_and_asylum_seekers") -> Measure:
    """Change in people displaced abroad from ``origin`` between the end of the year before the period and the end
    of its last year (the ``displaced_from`` indicator at both ends)."""
    before = QUANTITIES["displaced_from"].compute(
        Period((period.first_year - 1, 1), (period.first_year - 1, 12), "year"), vintage, origin=origin, types=types)
    after = QUANTITIES["displaced_from"].compute(period, vintage, origin=origin, types=types)
    return Measure(after.value - before.value, Provenance.of(before.sources, after.sources).text(), period.label(),
                   note=f"end-{period.first_year - 1} {before.value:,.0f} -> end-{period.last_year} {after.value:,.0f}")


def hosted_outside_high_income_pct(period: Period, vintage: str, types: str = "refugees_and_oip") -> Measure:
    """Share (%) of the population-type set hosted by countries that are not high-income (World Bank group in the
    reviewed country table, i.e. today's classification), at the end of the period's last year."""
    kinds = types_of(types, "quantity 'hosted_outside_high_income_pct'")
    y = period.last_year
    d = displacement.by_host(kinds, vintage=vintage)
    d = d[d.year == y]
    ctry = reference.countries()
    high = set(ctry.loc[ctry.wb_income_group == HIGH_INCOME, "iso3"])
    own, tot = d.loc[~d.asylum_iso3.isin(high), "persons"].sum(), d.persons.sum()
    return Measure(float(formulas.percent_of(own, tot)), Provenance.of(d, ctry).text(), str(y),
                   note=f"{own:,.0f} of {tot:,.0f} ({types})")


def idps_in(period: Period, vintage: str, group: str = "NTCA") -> Measure:
    """Conflict and violence IDPs (IDMC, as published by UNHCR) in a set of countries at the end of the year."""
    y = period.last_year
    codes = countries_in(group, regions.AMERICAS.scheme, y, where="quantity 'idps_in'")
    d = displacement.idps(vintage=vintage)
    d = d[(d.year == y) & d.iso3.isin(codes)]
    missing = sorted(set(codes) - set(d.iso3))
    note = ", ".join(f"{i} {p:,.0f}" for i, p in d[["iso3", "persons"]].itertuples(index=False))
    if missing:
        note += f"; no figure for {', '.join(missing)}"
    return Measure(float(d.persons.sum()), Provenance.of(d, *place_sources(group)).text(), str(y), note=note)


def _applications_from(vintage: str, codes: tuple[str, ...], years: range) -> pd.DataFrame:
    a = asylum.applications(origins=codes, new=True, by=("year", "origin_iso3"), vintage=vintage)
    return a[a.year.isin(years)]


def asylum_applications_from(period: Period, vintage: str, origin: str = "NTCA") -> Measure:
    """New asylum applications (persons) lodged worldwide by people from ``origin`` over the period (UNHCR).

    Notes
    -----
    Persons only: countries that report cases (e.g. part of the US data) are not converted, so this is a lower
    bound of all claims.
    """
    codes = countries_in(origin, regions.AMERICAS.scheme, period.last_year, where="quantity 'asylum_applications_from'")
    d = _applications_from(vintage, codes, period.years)
    return Measure(float(d.applied.sum()), Provenance.of(d, *place_sources(origin)).text(), period.label(),
                   note="new applications, persons")


def asylum_applications_increase_pct(period: Period, vintage: str, origin: str = "NTCA") -> Measure:
    """Increase (%) of new applications from ``origin`` over the period against the five years before it."""
    codes = countries_in(origin, regions.AMERICAS.scheme, period.last_year, where="quantity 'asylum_applications_from'")
    now = _applications_from(vintage, codes, period.years)
    before = _applications_from(vintage, codes, range(period.first_year - 5, period.first_year))
    a, b = before.applied.sum(), now.applied.sum()
    return Measure(float(formulas.percent_of(b - a, a)), Provenance.of(now, before).text(), period.label(),
                   note=f"{period.first_year - 5}-{period.first_year - 1}: {a:,.0f}; {period.label()}: {b:,.0f}")


# ---------------------------------------------------------------- economy, remittances, migrants
def remittances_from_canada(period: Period, vintage: str, region: str = LAC,
                            scheme: str = regions.LATIN_AMERICA_CARIBBEAN.scheme) -> Measure:
    """World Bank/KNOMAD bilateral estimate of remittances from Canada to a set of countries (US$ billion), in the
    matrix of the period's last year."""
    y = period.last_year
    codes = countries_in(region, scheme, y, where="quantity 'remittances_from_canada'")
    r = economy.remittances(vintage=vintage)
    d = r[(r.sender_iso3 == "CAN") & (r.year == y) & r.receiver_iso3.isin(codes)]
    return Measure(float(d.usd_millions.sum()) / 1000, Provenance.of(d, *place_sources(region)).text(), str(y),
                   note=f"{len(d)} receiving countries")


def population_share_pct(period: Period, vintage: str, code: str = "LCN") -> Measure:
    """A World Bank aggregate's share (%) of world population (WDI SP.POP.TOTL)."""
    y = period.last_year
    a = economy.aggregates((economy.POPULATION,), vintage=vintage)
    d = a[(a.year == y) & a.code.isin([code, "WLD"])]
    own, world = d.loc[d.code == code, "value"].sum(), d.loc[d.code == "WLD", "value"].sum()
    return Measure(float(formulas.percent_of(own, world)), Provenance.of(d).text(), str(y),
                   note=f"{own / 1e6:,.0f}M of {world / 1e6:,.0f}M")


def migrant_share_pct(period: Period, vintage: str, grouping: str = "MERCOSUR",
                      roles: str = "member") -> Measure:
    """International migrants as % of population in a grouping's countries of ``roles`` in the period's last year
    (UN DESA IMS totals by destination via WDI SM.POP.TOTL, over SP.POP.TOTL)."""
    y = period.last_year
    codes = regions.members(grouping, y, tuple(roles.split(",")))
    e = economy.economy((economy.MIGRANT_STOCK, economy.POPULATION), vintage=vintage)
    d = e[(e.year == y) & e.iso3.isin(codes)]
    mig = d.loc[d.indicator == economy.MIGRANT_STOCK, "value"].sum()
    pop = d.loc[d.indicator == economy.POPULATION, "value"].sum()
    value = float(formulas.percent_of(mig, pop)) if mig and pop else float("nan")
    return Measure(value, Provenance.of(d, reference.grouping(grouping)).text(), str(y),
                   note=f"{mig / 1e6:,.2f}M migrants of {pop / 1e6:,.0f}M people")


# ---------------------------------------------------------------- money and labour pathways
def unhcr_commitments_usd_m(period: Period, vintage: str, donor: str = "CAN",
                            region: str = regions.AMERICAS.label) -> Measure:
    """A donor's incoming commitments to UNHCR earmarked to a bureau (regional activity + country operations), US$
    million, summed over the period's years (``indicator("funding_share")``'s ``region_usd``)."""
    years = f"{period.first_year}-{period.last_year}" if period.first_year != period.last_year else str(
        period.first_year)
    df = indicator("funding_share", donor=donor, region=region, years=years, vintage=vintage)
    row = df[df.period == df.period.iloc[-1]].iloc[-1]  # the pooled row of a range, else the one year
    return Measure(float(row.region_usd) / 1e6, row.sources, str(row.period),
                   note=f"UNHCR IATI incoming commitments by {donor} to {region}: country operations "
                        f"US${row.region_country_usd / 1e6:,.2f}M, regional US${row.region_regional_usd / 1e6:,.2f}M, "
                        f"of US${row.total_usd / 1e6:,.2f}M to UNHCR in all (US${row.unallocated_usd / 1e6:,.2f}M "
                        "unearmarked or global)")


def pr_per_100_agricultural(period: Period, vintage: str, category: str = "Agri-Food Pilot") -> Measure:
    """New permanent residents of an IRCC category who held a TFWP permit, per 100 TFWP agricultural permit holders
    on 31 December of the year before, pooled over the period (``indicator("work_to_residence")``)."""
    df = indicator("work_to_residence", category=category, years=f"{period.first_year}-{period.last_year}",
                   vintage=vintage)
    per_year = "; ".join(f"{r.year}: {r.persons:,.0f} of {r.agri_stock:,.0f} (31 Dec {r.stock_year})"
                         for r in df.itertuples())
    value = formulas.percent_of(float(df.persons.sum()), float(df.agri_stock.sum()))
    return Measure(float(value), Provenance.of(df).text(), period.label(), note=f"{category} PR from TFWP permits per "
                   f"100 agricultural TFWP holders: {per_year}")


# ---------------------------------------------------------------- reviewed reference data and events
def grouping_size(period: Period, vintage: str, grouping: str = "LIMA_GROUP", role: str = "member",
                  kind: str | None = None) -> Measure:
    """Number of a grouping's countries with ``role`` in the period's last year (reviewed groupings table;
    ``kind`` = country or territory counts only those, from the country table)."""
    y = period.last_year
    codes = regions.members(grouping, y, (role,))
    ctry = reference.countries()
    if kind:
        of_kind = set(ctry.loc[ctry.kind == kind, "iso3"])
        codes = tuple(c for c in codes if c in of_kind)
    return Measure(float(len(codes)), Provenance.of(reference.grouping(grouping), ctry).text(), str(y),
                   note=", ".join(codes))


def event_value(period: Period, vintage: str, event_id: str = "") -> Measure:
    """The value of one dated figure in the reviewed policy timeline (the period measured is the figure's month)."""
    e = reference.event(event_id, vintage=vintage)
    return Measure(float(e.value), e.sources, e.date.strftime("%Y-%m"),
                   note=f"{e.title}, as of {e.date:%Y-%m-%d} ({e.source_url})")


# ---------------------------------------------------------------- the one table
QUANTITIES: dict[str, Quantity] = {
    # public indicators
    "ircc_resettled": Quantity(_public("ircc_resettlement", "persons", when="period",
                                       bounds=("persons_low", "persons_high"), note=_ircc_note), _end_ircc_pr, "month"),
    "ircc_resettled_share_pct": Quantity(_public("ircc_resettlement", "share", when="period", percent=True,
                                                 bounds=("share_low", "share_high"), note=_ircc_note),
                                         _end_ircc_pr, "month"),
    "resettlement_rank": Quantity(_public("resettlement_rank", "rank"), _end_solutions),
    "displaced_from": Quantity(_public("displaced_from", "persons", when="stock", note=_displaced_note),
                               _end_population),
    "hosted": Quantity(_public("hosted_share", "hosted", when="stock"), _end_population),
    "hosted_share_pct": Quantity(_public("hosted_share", "share", when="stock", percent=True), _end_population),
    "total_protection_rate_pct": Quantity(_public("recognition_rate", "total_protection_rate", percent=True,
                                                  note=_rates_note), _end_decisions),
    # measures over the series
    "asylum_claims_canada": Quantity(asylum_claims_canada, _end_ircc_claims),
    "asylum_region_share_pct": Quantity(asylum_region_share_pct, _end_applications),
    "asylum_region_rank": Quantity(asylum_region_rank, _end_applications),
    "asylum_origin_rank_unhcr": Quantity(asylum_origin_rank_unhcr, _end_applications),
    "asylum_claims_citizenship": Quantity(asylum_claims_citizenship, _end_ircc_top25),
    "asylum_citizenship_rank": Quantity(asylum_citizenship_rank, _end_ircc_top25),
    "rcmp_interceptions": Quantity(rcmp_interceptions, _end_rcmp, "month"),
    "displaced_stock_change": Quantity(displaced_stock_change, _end_population),
    "hosted_outside_high_income_pct": Quantity(hosted_outside_high_income_pct, _end_population),
    "idps_in": Quantity(idps_in, _end_idps),
    "asylum_applications_from": Quantity(asylum_applications_from, _end_applications),
    "asylum_applications_increase_pct": Quantity(asylum_applications_increase_pct, _end_applications),
    "remittances_from_canada": Quantity(remittances_from_canada, _end_remittances),
    "population_share_pct": Quantity(population_share_pct, _end_world_population),
    "migrant_share_pct": Quantity(migrant_share_pct, _end_migrant_stock),
    "unhcr_commitments_usd_m": Quantity(unhcr_commitments_usd_m, _end_funding),
    "pr_per_100_agricultural": Quantity(pr_per_100_agricultural, _end_pathways),
    "grouping_size": Quantity(grouping_size, _end_fixed),
    "event_value": Quantity(event_value, _end_fixed),
}


def measure(name: str, period: Period, vintage: str, **params) -> Measure:
    """Compute the quantity ``name`` for ``period`` in the vintage choice ``vintage``."""
    return QUANTITIES[name].compute(period, vintage, **params)

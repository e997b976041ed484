"""Resettlement scenarios: the places Canada would offer the Americas under a rule."""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import InputError
from hemigov.core.provenance import Provenance
from hemigov.geo import regions
from hemigov.indicators import indicator
from hemigov.indicators.fairshare import KEYS
from hemigov.scenarios import delivery, formulas
from hemigov.scenarios.registry import Computed, Param, register, years_of

VINTAGE = Param("vintage", "text", "latest", help="latest (each dataset's newest release), paper (as of the paper) "
                "or a release such as 2025-06")
SCHEMES = tuple(regions.SCHEMES)


@register(
    "resettlement_share_matching", group="resettlement", unit="places",
    title="Resettlement places for a region if Canada matched the region's share of cross-border displacement",
    summary="Σ_t T_t·d_t: each year's resettlement arrivals to the destination (UNHCR) times the region's share of "
            "the world's cross-border displaced that year (the resettlement_scenario indicator, summed).",
    assumptions=("The destination's total resettlement intake stays as it was; only its mix by origin changes.",
                 "Displacement is UNHCR's cross-border displaced (refugees, asylum-seekers, other people in need of "
                 "international protection) by origin, end-year stocks unless measure=flows.",
                 "A counterfactual allocation, not a forecast, and not UNHCR's projected resettlement needs (the "
                 "warehouse does not hold them: docs/scenarios.md)."),
    interval="A 95% t-interval for the places at the period's underlying share, treating the annual shares as "
             "independent draws around it (their year-to-year variation; a trend counts as variation).",
    params=(Param("destination", "country", "CAN", help="resettlement country"),
            Param("years", "period", "2015-2020", help="YYYY, YYYY-YYYY, YYYY-latest or latest"),
            Param("scheme", "choice", "paper", choices=SCHEMES, help="region scheme (docs/definitions.md)"),
            Param("measure", "choice", "stock", choices=("stock", "flows"),
                  help="displacement: end-year stocks or new displacement"),
            VINTAGE),
)
def share_matching(destination: str, years: str, scheme: str, measure: str, vintage: str) -> Computed:
    """Places under the share-matching rule; see :func:`hemigov.scenarios.formulas.share_matching`.

    Notes
    -----
    Reuses the ``resettlement_scenario`` indicator (T_t, d_t per year) so the point equals its summed
    ``scenario_places``; the interval comes from the spread of d_t over the period.

    References
    ----------
    UNHCR (2018). Global Compact on Refugees, A/73/12 (Part II), paras 90-93.
    """
    df = indicator("resettlement_scenario", destination=destination, years=years_of(years), scheme=scheme,
                   measure=measure, vintage=vintage)
    value, low, high = formulas.share_matching(df.total_resettled, df.d_r)
    notes = ("One year: no year-to-year variation, so the interval is the point.",) if len(df) < 2 else ()
    return Computed(value, low, high, df, notes)


@register(
    "resettlement_fixed_programme", group="resettlement", unit="places",
    title="A fixed resettlement programme for the Americas (e.g. 4,000 over 2022-2028) against what was delivered",
    summary="The programme's places (the target) with its straight-line pace per year beside the refugees from the "
            "Americas Canada resettled in each year of the programme (IRCC's GAR + PSR + BVOR admissions or "
            "UNHCR's resettlement arrivals).",
    assumptions=("The target is a fixed number of places over the programme years, spread evenly for the pace.",
                 "Delivered counts every refugee from the Americas resettled to Canada in the programme years, "
                 "additional to earlier levels or not: the pledge's 'additional' cannot be measured.",
                 "IRCC prints 1-4 as '--': delivered_low/high count each suppressed cell at 1 and at 4."),
    interval="A fixed programme has no uncertainty: low = high = the target.",
    params=(Param("target", "number", "4000", min=0, help="places in the programme"),
            Param("years", "period", "2022-2028", help="programme years, YYYY-YYYY"),
            Param("measure", "choice", "ircc_americas", choices=("ircc_americas", "unhcr_americas"),
                  help="series counting delivery"),
            VINTAGE),
)
def fixed_programme(target: str, years: str, measure: str, vintage: str) -> Computed:
    """A fixed programme of ``target`` places over ``years`` and its delivery so far.

    Notes
    -----
    pace_t = target / (number of programme years); delivered_t from :mod:`hemigov.scenarios.delivery`; the
    cumulative gap is Σ pace − Σ delivered over the years with data.

    References
    ----------
    Los Angeles Declaration on Migration and Protection (2022-06-10); IRCC, admissions of permanent residents by
    country of citizenship and immigration category (monthly).
    """
    t = float(target)
    first, last = years_of(years)
    if first is None or last is None:
        raise InputError(None, "scenario 'resettlement_fixed_programme', parameter 'years'",
                         "give the programme's first and last year, e.g. 2022-2028")
    n = last - first + 1
    got = delivery.delivered(measure, (first, 1), (last, 12), vintage=vintage).set_index("year")
    yrs = pd.Index(range(first, last + 1), name="year")
    detail = pd.DataFrame({"programme_pace": t / n}, index=yrs).join(got).reset_index()
    detail["cumulative_pace"] = detail.programme_pace.cumsum()
    detail["cumulative_delivered"] = detail.persons.cumsum().where(detail.persons.notna())
    src = Provenance.of(*got.sources.dropna()).text() if len(got) else ""
    detail = detail.rename(columns={"persons": "delivered", "persons_low": "delivered_low",
                                    "persons_high": "delivered_high"}).assign(measure=delivery.MEASURES[measure].label,
                                                                              sources=src)
    have = detail.delivered.notna()
    notes = (f"Delivered so far ({delivery.MEASURES[measure].label}): {detail.delivered.sum():,.0f} in "
             f"{', '.join(detail.months[have])}." if have.any() else "No delivery data in the programme years.",)
    return Computed(t, t, t, detail, notes)


@register(
    "resettlement_fair_share", group="resettlement", unit="places",
    title="Canada's fair share of the peers' resettlement from the Americas under a sharing key",
    summary="The fair_share indicator: the resettlement the sharing countries gave the region in the period, shared "
            "by a key (population, GDP, GNI, 50/50, the EU's 2015 key or Grech's); the point is the chosen key.",
    assumptions=("The total to share is what the sharing countries actually resettled from the region in the "
                 "period; only its division changes.",
                 "Weights are the newest year with population, GDP, GNI and unemployment for every sharing country."),
    interval="The range of the country's fair share over the six keys (not a statistical interval).",
    params=(Param("country", "country", "CAN", help="the country whose fair share is shown"),
            Param("countries", "text", "peers", help="sharing countries: ISO3 codes, 'peers' or 'americas'"),
            Param("key", "choice", "pop_gdp", choices=KEYS, help="the key of the point value"),
            Param("years", "period", "2015-2020", help="period of actual resettlement"),
            Param("scheme", "choice", "unhcr", choices=SCHEMES, help="region scheme"),
            VINTAGE),
)
def fair_share_key(country: str, countries: str, key: str, years: str, scheme: str, vintage: str) -> Computed:
    """Canada's fair share under one key, with the range over every key.

    Notes
    -----
    F_i,k = T·w_i,k (see :func:`hemigov.indicators.fairshare.key_weights`); value = F_country,key, low/high =
    min/max over k.

    References
    ----------
    Oxfam (2015); European Commission COM(2015) 240 Annex; Grech (2017), European Union Politics 18(2).
    """
    df = indicator("fair_share", countries=countries, key=",".join(KEYS), years=years_of(years), scheme=scheme,
                   vintage=vintage)
    mine = df[df.iso3 == country]
    if mine.empty:
        raise InputError(None, "scenario 'resettlement_fair_share', parameter 'country'",
                         f"{country} is not among the sharing countries ({', '.join(df.iso3.unique())})")
    point = float(mine.loc[mine.key == key, "fair_share"].iloc[0])
    value, low, high = formulas.spread(mine.fair_share, point)
    return Computed(value, low, high, mine.reset_index(drop=True))

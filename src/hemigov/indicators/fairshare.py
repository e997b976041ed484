"""Fair-share targets: how a total T would be shared by population, GDP, GNI or a composite key, and how far
each country's actual effort falls short of (or exceeds) its share."""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import HemigovError
from hemigov.core.meta import VERSION
from hemigov.core.paths import PACKAGE_DATA
from hemigov.indicators import data, formulas
from hemigov.indicators.burden import member_codes
from hemigov.indicators.registry import Param, register

POP, GDP, GNI, UNEMP = "SP.POP.TOTL", "NY.GDP.MKTP.CD", "NY.GNP.ATLS.CD", "SL.UEM.TOTL.ZS"
KEYS = ("population", "gdp", "gni", "pop_gdp", "eu2015", "grech")
#: Years of past asylum effort before the key year (the Commission used 2010-2014 for its 2015 key).
PAST_WINDOW = 5
OXFAM_URL = "https://www.oxfam.org/en/research/syria-crisis-fair-share-analysis-2015"


def key_weights(inputs: pd.DataFrame, keys: tuple[str, ...] = KEYS) -> pd.DataFrame:
    """Key shares per country for each sharing key.

    Parameters
    ----------
    inputs : indexed by iso3, columns population, gdp, gni, unemployment, past_asylum.
    keys : which keys.

    Returns
    -------
    DataFrame (iso3 × key) of shares; each column sums to 1.

    Notes
    -----
    population, gdp, gni: w_i/Σw; pop_gdp: the 50/50 key; eu2015: the Commission's 2015 relocation key;
    grech: Grech's corrected key (see :mod:`hemigov.indicators.formulas`).

    References
    ----------
    Oxfam (2015); European Commission COM(2015) 240 Annex; Grech (2017), European Union Politics 18(2).
    """
    f = {
        "population": lambda d: formulas.shares(d.population),
        "gdp": lambda d: formulas.shares(d.gdp),
        "gni": lambda d: formulas.shares(d.gni),
        "pop_gdp": lambda d: formulas.pop_gdp_key(d.population, d.gdp),
        "eu2015": lambda d: formulas.eu_relocation_key(d.population, d.gdp, d.unemployment, d.past_asylum),
        "grech": lambda d: formulas.grech_key(d.population, d.gdp, d.unemployment, d.past_asylum),
    }
    return pd.DataFrame({k: f[k](inputs) for k in keys}, index=inputs.index)


def _weight_year(eco: pd.DataFrame, codes: list[str], want: int | None) -> int:
    """Newest year (or ``want``) in which every sharing country has population, GDP, GNI and unemployment."""
    have = eco.groupby("year").apply(
        lambda g: all(set(codes) <= set(g.loc[g.indicator == i, "iso3"]) for i in (POP, GDP, GNI, UNEMP)),
        include_groups=False)
    ok = sorted(have[have].index)
    if want is not None:
        if want not in ok:
            missing = sorted({c for i in (POP, GDP, GNI, UNEMP) for c in codes
                              if c not in set(eco.loc[(eco.year == want) & (eco.indicator == i), "iso3"])})
            raise HemigovError(f"indicator 'fair_share': year {want} lacks population, GDP, GNI or unemployment for "
                               f"{', '.join(missing) or 'these countries'}")
        return want
    if not ok:
        raise HemigovError("indicator 'fair_share': no year has population, GDP, GNI and unemployment for all of "
                           + ", ".join(codes))
    return int(ok[-1])


def _past_asylum(codes: list[str], year: int, population: pd.Series) -> tuple[pd.Series, list[pd.DataFrame]]:
    """Applications (first instance, persons, new or unspecified) + resettlement arrivals per million
    inhabitants, averaged over the PAST_WINDOW years before ``year``."""
    win = (year - PAST_WINDOW, year - 1)
    marks = ", ".join("?" for _ in codes)
    app = data.q("SELECT year, asylum_iso3 AS iso3, sum(applied) AS n, dataset, vintage FROM v_asylum_applications "
                 "WHERE unit = 'persons' AND dec_level = 'FI' AND app_type IN ('N', 'V') "
                 f"AND asylum_iso3 IN ({marks}) AND year BETWEEN ? AND ? GROUP BY ALL", [*codes, *win])
    res = data.q("SELECT year, destination_iso3 AS iso3, sum(persons) AS n, dataset, vintage FROM v_resettlement "
                 f"WHERE source = 'unhcr' AND destination_iso3 IN ({marks}) AND year BETWEEN ? AND ? GROUP BY ALL",
                 [*codes, *win])
    pop = data.economy((POP,), win).pivot_table(index="iso3", columns="year", values="value")
    n = pd.concat([app, res]).pivot_table(index="iso3", columns="year", values="n", aggfunc="sum")
    per_m = (n.reindex(index=codes, columns=range(win[0], win[1] + 1)) / pop.reindex(
        index=codes, columns=range(win[0], win[1] + 1)) * 1e6)
    return per_m.mean(axis=1, skipna=True), [app, res]


@register(
    "fair_share", group="fair_share",
    title="Fair shares of a target by population, GDP, GNI, 50/50, EU 2015 key or Grech's key; performance",
    definition="A target T (default: the resettlement places the sharing countries actually gave people from the "
               "region in the period) is shared among the sharing countries by each key; performance = actual "
               "resettlement from the region / fair share. Inputs (population, GDP, GNI Atlas, unemployment, past "
               f"asylum effort per million over the {PAST_WINDOW} years before the weight year) are shown.",
    formula="F_i = T·w_i/Σw (w = population, GDP, GNI: Oxfam's method); pop_gdp = ½P+½G; eu2015 = "
            "0.4P+0.4G+min(0.1U,0.24B)+min(0.1A,0.24B), renormalised; grech = 0.8B+0.1U*+0.1A*; performance = "
            "actual/F_i",
    references=(f"Oxfam (2015). Syria Crisis Fair Share Analysis 2015. {OXFAM_URL}",
                "European Commission (2015). A European Agenda on Migration, COM(2015) 240, Annex; Council Decision "
                "(EU) 2015/1601.",
                "Grech, P. (2017). Undesired properties of the European Commission's refugee distribution key. "
                "European Union Politics 18(2), 212-238. doi:10.1177/1465116516649244",
                "World Bank WDI: SP.POP.TOTL, NY.GDP.MKTP.CD, NY.GNP.ATLS.CD, SL.UEM.TOTL.ZS."),
    params=(Param("countries", "str_list", "peers", "sharing countries: ISO3 codes, 'peers' or 'americas'"),
            Param("key", "str_list", ",".join(KEYS), "keys to compute", KEYS),
            Param("target", "float", None, "T; default = actual resettlement from the region by the sharing countries"),
            Param("year", "years", "latest", "year of the weights (population, GDP, GNI, unemployment)"),
            Param("years", "years", "2015-2020", "period of actual resettlement"),
            Param("scheme", "str", "unhcr", "region scheme", tuple(data.SCHEMES)),
            Param("region", "str", None, "origin region of the resettled (default: the Americas)")),
)
def fair_share(countries, key, target, year, years, scheme, region) -> pd.DataFrame:
    codes = member_codes(countries, "fair_share")
    if len(codes) < 2:
        raise HemigovError("indicator 'fair_share': give at least two sharing countries")
    if target is not None and target < 0:
        raise HemigovError("indicator 'fair_share': target must be >= 0")
    region = region or data.AMERICAS[scheme]
    reg = data.region_of(scheme)
    if region not in set(reg):
        raise HemigovError(f"indicator 'fair_share': unknown region {region!r} in scheme {scheme!r}")
    if year[0] != year[1]:
        raise HemigovError("indicator 'fair_share': give one weight year (or latest), not a range")
    lo, hi = data.year_bounds("v_economy", "indicator = ?", [GNI])
    eco = data.economy((POP, GDP, GNI, UNEMP), (lo, hi))
    eco = eco[eco.iso3.isin(codes)]
    if year[0] is not None and not lo <= year[0] <= hi:
        raise HemigovError(f"years {year[0]} outside the data: WDI GNI covers {lo}-{hi}")
    wy = _weight_year(eco, codes, year[0])
    cur = eco[eco.year == wy].pivot_table(index="iso3", columns="indicator", values="value").reindex(codes)
    past, past_frames = _past_asylum(codes, wy, cur[POP])
    inputs = pd.DataFrame({"population": cur[POP], "gdp": cur[GDP], "gni": cur[GNI], "unemployment": cur[UNEMP],
                           "past_asylum": past})
    y = data.resolve_years(years, data.year_bounds("v_resettlement", "source = 'unhcr'"), "v_resettlement (unhcr)")
    res = data.resettlement(y, "unhcr")
    res = res[res.destination_iso3.isin(codes) & (res.origin_iso3.map(reg) == region)]
    actual = res.groupby("destination_iso3")["persons"].sum().reindex(codes, fill_value=0).astype(float)
    t = float(actual.sum()) if target is None else target
    w = key_weights(inputs, tuple(key))
    long = w.rename_axis("iso3").reset_index().melt(id_vars="iso3", var_name="key", value_name="weight")
    long["target"] = t
    long["fair_share"] = long.weight * t
    long["actual"] = long.iso3.map(actual)
    long["performance"] = formulas.safe_ratio(long.actual, long.fair_share)
    long = long.merge(inputs.rename_axis("iso3").reset_index(), on="iso3", how="left")
    return long.assign(weight_year=wy, past_asylum_window=f"{wy - PAST_WINDOW}-{wy - 1}",
                       period=f"{y[0]}-{y[1]}", region=region, scheme=scheme,
                       **data.provenance(eco, res, *past_frames, extra=(data.COUNTRIES_PROV,)))


def oxfam_inputs() -> pd.DataFrame:
    """Oxfam's published 2015 Syria funding figures (package data, reviewed transcription)."""
    return pd.read_csv(PACKAGE_DATA / "oxfam_2015_syria.csv", comment="#", dtype={"iso3": str},
                       keep_default_na=False)


@register(
    "oxfam_syria_2015", group="fair_share",
    title="Oxfam's 2015 Syria funding fair-share analysis, recomputed from its published inputs",
    definition="Share of its fair share each donor had contributed to the 2015 Syria crisis appeals in Q1 2015 "
               "(contributions incl. CERF/ECHO share, US$ million, over Oxfam's GNI-based fair share), and each "
               "donor's implied weight within the transcribed rows.",
    formula="performance = contribution/fair_share; implied_weight = fair_share/Σ fair_share (listed rows)",
    references=(f"Oxfam (2015). Syria Crisis Fair Share Analysis 2015. Oxfam Briefing, 30 March 2015, Figure 1. "
                f"{OXFAM_URL}",),
)
def oxfam_syria_2015() -> pd.DataFrame:
    t = oxfam_inputs()
    out = t.assign(performance=formulas.safe_ratio(t.contribution_usd_m, t.fair_share_usd_m),
                   implied_weight=formulas.shares(t.fair_share_usd_m))
    return out.assign(sources=f"hemigov.oxfam_2015_syria@{VERSION}")

"""Fair-share targets: how a total T would be shared by population, GDP, GNI or a composite key, and how far
each country's actual effort falls short of (or exceeds) its share."""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import InputError
from hemigov.core.paths import PACKAGE_DATA
from hemigov.core.provenance import Provenance
from hemigov.geo import regions
from hemigov.indicators import formulas
from hemigov.indicators.registry import VINTAGE, Param, period_of, register, span
from hemigov.indicators.selection import in_region, place_sources, region_label
from hemigov.series import asylum, catalogue, economy, resettlement

POP, GDP, GNI, UNEMP = economy.POPULATION, economy.GDP, economy.GNI, economy.UNEMPLOYMENT
OXFAM = "hemigov.oxfam_2015_syria"
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
        "eu2015": lambda d: formulas.eu_relocation_key(**d[["population", "gdp", "unemployment", "past_asylum"]]),
        "grech": lambda d: formulas.grech_key(**d[["population", "gdp", "unemployment", "past_asylum"]]),
    }
    return pd.DataFrame({k: f[k](inputs) for k in keys}, index=inputs.index)


def _weight_year(eco: pd.DataFrame, codes: list[str], want: int | None) -> int:
    """Newest year (or ``want``) in which every sharing country has population, GDP, GNI and unemployment."""
    mine = eco[eco.iso3.isin(codes)]
    counts = mine.groupby(["year", "indicator"]).iso3.nunique().unstack().reindex(columns=[POP, GDP, GNI, UNEMP])
    have = counts.ge(len(set(codes))).all(axis=1)
    ok = sorted(have[have].index)
    if want is not None:
        if want not in ok:
            missing = sorted({c for i in (POP, GDP, GNI, UNEMP) for c in codes
                              if c not in set(eco.loc[(eco.year == want) & (eco.indicator == i), "iso3"])})
            raise InputError(None, "indicator 'fair_share', parameter 'year'",
                             f"{want} lacks population, GDP, GNI or unemployment for "
                             f"{', '.join(missing) or 'these countries'}")
        return want
    if not ok:
        raise InputError(None, "indicator 'fair_share'", "no year has population, GDP, GNI and unemployment "
                         "for all of " + ", ".join(codes))
    return int(ok[-1])


def _past_asylum(codes: list[str], year: int, *, population: pd.DataFrame,
                 vintage: str) -> tuple[pd.Series, list[pd.DataFrame]]:
    """New asylum applications (first instance, persons) + UNHCR resettlement arrivals per million inhabitants,
    averaged over the PAST_WINDOW years before ``year``."""
    win = range(year - PAST_WINDOW, year)
    app = asylum.applications(asylum=tuple(codes), new=True, level="first", by=("year", "asylum_iso3"),
                              vintage=vintage)
    app = app[app.year.isin(win)]
    res = resettlement.resettlement("unhcr", vintage=vintage)
    res = res[res.destination_iso3.isin(codes) & res.year.isin(win)]
    n = pd.concat([app.rename(columns={"asylum_iso3": "iso3", "applied": "n"}),
                   res.rename(columns={"destination_iso3": "iso3", "persons": "n"})])
    n = n.pivot_table(index="iso3", columns="year", values="n", aggfunc="sum").reindex(index=codes, columns=win)
    pop = population[population.year.isin(win)]
    pop = pop.pivot_table(index="iso3", columns="year", values="value").reindex(index=codes, columns=win)
    per_m = n / pop * 1e6
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
    params=(Param("countries", "str_list", "peers", help="sharing countries: ISO3 codes, 'peers' or 'americas'"),
            Param("key", "str_list", ",".join(KEYS), help="keys to compute", choices=KEYS),
            Param("target", "float", None,
                  help="T; default = actual resettlement from the region by the sharing countries"),
            Param("year", "years", "latest", help="year of the weights (population, GDP, GNI, unemployment)"),
            Param("years", "years", "2015-2020", help="period of actual resettlement"),
            Param("scheme", "str", "unhcr", help="region scheme", choices=tuple(regions.SCHEMES)),
            Param("region", "str", None, help="origin region of the resettled (default: the Americas)"), VINTAGE),
)
def fair_share(countries, key, target, year, years, scheme, region, vintage) -> pd.DataFrame:
    where = "indicator 'fair_share'"
    codes = regions.country_codes(countries, f"{where}, parameter 'countries'")
    if len(codes) < 2:
        raise InputError(None, f"{where}, parameter 'countries'", "give at least two sharing countries")
    if target is not None and target < 0:
        raise InputError(None, f"{where}, parameter 'target'", "must be >= 0")
    region = region_label(scheme, region, where)
    if year[0] != year[1]:
        raise InputError(None, f"{where}, parameter 'year'", "give one weight year (or latest), not a range")
    eco = economy.economy((POP, GDP, GNI, UNEMP), vintage=vintage)
    lo, hi = span(eco[eco.indicator == GNI], "WDI GNI")
    want = period_of(year, lo, hi, what="WDI GNI").first_year if year[0] is not None else None
    eco = eco[eco.iso3.isin(codes)]
    wy = _weight_year(eco, codes, want)
    cur = economy.wide(eco[eco.year == wy]).reindex(codes)
    past, past_frames = _past_asylum(codes, wy, population=eco[eco.indicator == POP], vintage=vintage)
    inputs = pd.DataFrame({"population": cur[POP], "gdp": cur[GDP], "gni": cur[GNI], "unemployment": cur[UNEMP],
                           "past_asylum": past})
    res = resettlement.resettlement("unhcr", vintage=vintage)
    p = period_of(years, *span(res, "resettlement (unhcr)"), what="resettlement (unhcr)")
    res = res[res.year.between(p.first_year, p.last_year) & res.destination_iso3.isin(codes)
              & in_region(res.origin_iso3, scheme, region)]
    actual = res.groupby("destination_iso3")["persons"].sum().reindex(codes, fill_value=0).astype(float)
    t = float(actual.sum()) if target is None else target
    w = key_weights(inputs, tuple(key))
    long = w.rename_axis("iso3").reset_index().melt(id_vars="iso3", var_name="key", value_name="weight")
    long["target"] = t
    long["fair_share"] = long.weight * t
    long["actual"] = long.iso3.map(actual)
    long["performance"] = formulas.safe_ratio(long.actual, long.fair_share)
    long = long.merge(inputs.rename_axis("iso3").reset_index(), on="iso3", how="left")
    prov = Provenance.of(eco, res, *past_frames, *place_sources(countries))
    return long.assign(weight_year=wy, past_asylum_window=f"{wy - PAST_WINDOW}-{wy - 1}",
                       period=p.label(), region=region, scheme=scheme, sources=prov.text())


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
    d = catalogue.dataset(OXFAM)
    return out.assign(sources=Provenance.one(OXFAM, str(d.vintage.iloc[0]), str(d.sha256.iloc[0])).text())

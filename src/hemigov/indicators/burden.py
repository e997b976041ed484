"""Host burden: displaced people hosted relative to population and economic capacity."""

from __future__ import annotations

import pandas as pd

from hemigov.core.provenance import Provenance
from hemigov.geo.regions import country_codes
from hemigov.indicators import formulas
from hemigov.indicators.registry import VINTAGE, Param, one_year, register, span
from hemigov.indicators.selection import place_sources
from hemigov.series import displacement, economy, reference

POP, GDP_PPP_PC = economy.POPULATION, economy.GDP_PPP_PC


def burden_table(hosted: pd.Series, population: pd.Series, gdp_ppp_pc: pd.Series) -> pd.DataFrame:
    """Host burden measures for a set of countries (indexed by iso3).

    Parameters
    ----------
    hosted : A_i, cross-border displaced hosted (refugees + asylum-seekers + others in need of international
        protection). population : P_i. gdp_ppp_pc : GDP per capita, PPP (current international $).

    Returns
    -------
    DataFrame with ``per_1000`` = 1000·A/P, ``per_usd_gdp_ppp_pc`` = A / GDP-PPP-per-capita,
    ``gdp_ppp`` = GDP-PPP-per-capita × P, ``rb_population`` = (A_i/P_i)/(ΣA/ΣP) and
    ``rb_gdp`` = (A_i/G_i)/(ΣA/ΣG) with G = GDP (PPP).

    Notes
    -----
    Relative burdens are computed within the selected set: 1 = a proportional share. Countries missing
    population or GDP are left out of the sums and get NaN.

    References
    ----------
    UNHCR (2024). Global Trends: Forced Displacement in 2023, "refugees per 1,000 inhabitants" and "per 1 US$
    GDP (PPP) per capita"; Czaika (2005), Migration Letters 2(2), 101–125.
    """
    gdp = gdp_ppp_pc * population
    return pd.DataFrame({
        "hosted": hosted, "population": population, "gdp_ppp_pc": gdp_ppp_pc, "gdp_ppp": gdp,
        "per_1000": 1000 * formulas.safe_ratio(hosted.astype(float), population),
        "per_usd_gdp_ppp_pc": formulas.safe_ratio(hosted.astype(float), gdp_ppp_pc),
        "rb_population": formulas.relative_burden(hosted, population),
        "rb_gdp": formulas.relative_burden(hosted, gdp),
    })


@register(
    "host_burden", group="burden",
    title="Displaced hosted per 1,000 inhabitants, per US$ GDP (PPP) per capita, and relative burden",
    definition="For each country of a set (default: the Americas, Canada included): cross-border displaced hosted "
               "at end-year (refugees + asylum-seekers + other people in need of international protection), per "
               "1,000 inhabitants, per US$1 of GDP (PPP) per capita, and the relative burdens against population "
               "and GDP (PPP) within the set.",
    formula="per_1000 = 1000·A_i/P_i; per_usd = A_i/(GDP_PPP_i/P_i); RB_P = (A_i/P_i)/(ΣA/ΣP); "
            "RB_G = (A_i/G_i)/(ΣA/ΣG)",
    references=("UNHCR (2024). Global Trends: Forced Displacement in 2023 (host-capacity measures).",
                "Czaika, M. (2005). A refugee burden index: methodology and its application. Migration Letters "
                "2(2), 101-125.",
                "World Bank, World Development Indicators: SP.POP.TOTL, NY.GDP.PCAP.PP.CD."),
    params=(Param("countries", "str_list", "americas", help="ISO3 codes, 'americas' (UNHCR's bureau), 'peers' or a "
                  "grouping"),
            Param("year", "years", "latest",
                  help="one year; latest = newest with displacement, population and GDP PPP"),
            VINTAGE),
)
def host_burden(countries: list[str], year, vintage: str) -> pd.DataFrame:
    where = "indicator 'host_burden'"
    codes = country_codes(countries, f"{where}, parameter 'countries'")
    hosted = displacement.by_host(vintage=vintage)
    eco = economy.economy((POP, GDP_PPP_PC), vintage=vintage)
    (d_lo, d_hi), (e_lo, e_hi) = span(hosted, "displacement"), span(eco[eco.indicator == GDP_PPP_PC], "GDP (PPP)")
    y = one_year(year, max(d_lo, e_lo), min(d_hi, e_hi), what="displacement and GDP (PPP) per capita",
                 where=f"{where}, parameter 'year'")
    hosted = hosted[(hosted.year == y) & hosted.asylum_iso3.isin(codes)]
    eco = eco[(eco.year == y) & eco.iso3.isin(codes)]
    h = hosted.set_index("asylum_iso3")["persons"].reindex(codes)
    wide = economy.wide(eco).reindex(codes)
    out = burden_table(h, wide.get(POP, pd.Series(index=codes, dtype=float)),
                       wide.get(GDP_PPP_PC, pd.Series(index=codes, dtype=float)))
    names = reference.countries().set_index("iso3")["name"]
    out = out.rename_axis("iso3").reset_index()
    out.insert(1, "name", out.iso3.map(names))
    prov = Provenance.of(hosted, eco, *place_sources(countries))
    return out.assign(year=y, sources=prov.text())

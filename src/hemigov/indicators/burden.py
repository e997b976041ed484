"""Host burden: displaced people hosted relative to population and economic capacity."""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import HemigovError
from hemigov.indicators import data, formulas
from hemigov.indicators.registry import Param, register

POP, GDP_PPP_PC = "SP.POP.TOTL", "NY.GDP.PCAP.PP.CD"


def member_codes(spec: list[str], name: str) -> list[str]:
    """'americas' -> every country and territory of UNHCR's The Americas; 'peers' -> the issue's peers;
    otherwise ISO3 codes (checked against the country table)."""
    c = data.countries()
    out: list[str] = []
    for s in spec:
        if s.lower() == "americas":
            add = sorted(c.loc[c.unhcr_region == "The Americas", "iso3"])
        elif s.lower() == "peers":
            add = list(data.PEERS)
        else:
            if s.upper() not in set(c.iso3):
                raise HemigovError(f"indicator {name!r}: unknown country {s!r} (ISO3, 'americas' or 'peers')")
            add = [s.upper()]
        out += [a for a in add if a not in out]
    return out


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
    params=(Param("countries", "str_list", "americas", "ISO3 codes, 'americas' (UNHCR region) or 'peers'"),
            Param("year", "years", "latest", "one year; latest = newest with displacement, population and GDP PPP")),
)
def host_burden(countries: list[str], year) -> pd.DataFrame:
    if year[0] != year[1]:
        raise HemigovError("indicator 'host_burden': give one year (or latest), not a range")
    codes = member_codes(countries, "host_burden")
    d_lo, d_hi = data.year_bounds("v_displacement")
    e_lo, e_hi = data.year_bounds("v_economy", "indicator = ?", [GDP_PPP_PC])
    y, _ = data.resolve_years(year, (max(d_lo, e_lo), min(d_hi, e_hi)), "displacement and GDP (PPP) per capita")
    hosted = data.hosted_by_asylum(y)
    eco = data.economy((POP, GDP_PPP_PC), (y, y))
    h = hosted.set_index("iso3")["hosted"].reindex(codes)
    wide = eco.pivot_table(index="iso3", columns="indicator", values="value").reindex(codes)
    out = burden_table(h, wide.get(POP, pd.Series(index=codes, dtype=float)),
                       wide.get(GDP_PPP_PC, pd.Series(index=codes, dtype=float)))
    names = data.countries().set_index("iso3")["name"]
    out = out.rename_axis("iso3").reset_index()
    out.insert(1, "name", out.iso3.map(names))
    return out.assign(year=y, **data.provenance(hosted, eco, extra=(data.COUNTRIES_PROV,)))

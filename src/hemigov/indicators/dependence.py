"""Dependence: what Canada draws from each country of the Americas versus what it offers in protection."""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import HemigovError
from hemigov.indicators import data, formulas
from hemigov.indicators.protection import rates_table
from hemigov.indicators.registry import Param, register

REMIT_USD, GDP_USD, REMIT_PCT = "BX.TRF.PWKR.CD.DT", "NY.GDP.MKTP.CD", "BX.TRF.PWKR.DT.GD.ZS"


def dependence_table(remit_usd: pd.Series, gdp_usd: pd.Series, emigrants: pd.Series,
                     in_host: pd.Series) -> pd.DataFrame:
    """Remittance dependence and the host's share of a country's emigrants.

    Parameters
    ----------
    remit_usd : personal remittances received, current US$. gdp_usd : GDP, current US$.
    emigrants : the origin's international migrants living abroad (all destinations).
    in_host : those living in the host (Canada).

    Returns
    -------
    DataFrame with ``remittances_pct_gdp`` = 100·remit/GDP and ``host_share_of_emigrants`` = in_host /
    emigrants (in [0, 1]).

    Notes
    -----
    The computed remittance ratio follows the World Bank's definition of BX.TRF.PWKR.DT.GD.ZS (personal
    remittances received, % of GDP) and matches it where both exist.

    References
    ----------
    World Bank, WDI BX.TRF.PWKR.DT.GD.ZS; UN DESA (2019), International Migrant Stock 2019.
    """
    return pd.DataFrame({
        "remittances_pct_gdp": 100 * formulas.safe_ratio(remit_usd.astype(float), gdp_usd),
        "host_share_of_emigrants": formulas.safe_ratio(in_host.astype(float), emigrants),
    })


@register(
    "dependence", group="dependence",
    title="What Canada draws from each country of the Americas vs what it offers (resettlement, asylum)",
    definition="Per country of the Americas: personal remittances as % of GDP (computed from WDI current-US$ series; "
               "the published WDI ratio beside it, at its newest year), remittances sent from Canada (newest KNOMAD "
               "bilateral matrix), "
               "Canada's share of the country's emigrants (UN DESA bilateral stock, newest year), against "
               "resettlement arrivals in Canada (UNHCR), asylum applications in Canada and Canada's recognition "
               "rates (UNHCR decisions, government procedure, first instance, persons) over the period. Temporary "
               "foreign workers: IRCC publishes TFWP holders by province and program only, not by citizenship, so "
               "no per-country figure is given.",
    formula="remit% = 100·BX.TRF.PWKR.CD.DT/NY.GDP.MKTP.CD; share = stock(origin→CAN)/Σ_d stock(origin→d); "
            "TPR = (rec+oth)/(rec+oth+rej)",
    references=("World Bank WDI: BX.TRF.PWKR.CD.DT, NY.GDP.MKTP.CD, BX.TRF.PWKR.DT.GD.ZS.",
                "World Bank/KNOMAD Bilateral Remittance Matrix, https://www.knomad.org/data/remittances",
                "UN DESA (2019). International Migrant Stock 2019 (bilateral).",
                "UNHCR Refugee Population Statistics Database (solutions, asylum applications and decisions)."),
    params=(Param("host", "iso3", "CAN", "the host country that draws and offers"),
            Param("year", "years", "latest", "year of the remittance ratio (latest = newest with both WDI series)"),
            Param("years", "years", "2015-latest", "period for resettlement, asylum applications and decisions")),
)
def dependence(host: str, year, years) -> pd.DataFrame:
    if year[0] != year[1]:
        raise HemigovError("indicator 'dependence': give one remittance year (or latest), not a range")
    c = data.countries()
    members = c[(c.unhcr_region == "The Americas") & (c.iso3 != host)].set_index("iso3")["name"]
    lo, hi = data.year_bounds("v_economy", "indicator = ?", [REMIT_USD])
    ry, _ = data.resolve_years(year, (lo, min(hi, data.year_bounds("v_economy", "indicator = ?", [GDP_USD])[1])),
                               "WDI remittances and GDP")
    eco = data.economy((REMIT_USD, GDP_USD), (ry, ry))
    wide = eco.pivot_table(index="iso3", columns="indicator", values="value").reindex(members.index)
    # The published ratio stops earlier (WDI 2023-05 release): its newest year up to ``ry``, per country.
    pub = data.economy((REMIT_PCT,), (lo, ry)).dropna(subset=["value"]).sort_values("year")
    pub = pub.groupby("iso3").last().reindex(members.index)
    remit_from = data.remittances_from(host)
    mig = data.emigrants(host)
    stock = mig.set_index("origin_iso3").reindex(members.index)

    y = data.resolve_years(years, data.year_bounds("v_asylum_decisions"), "v_asylum_decisions")
    res = data.resettlement(y, "unhcr")
    res = res[res.destination_iso3 == host]
    app = data.asylum_applications([host], y, "G", "FI", "persons")
    dec = data.asylum_decisions([host], y, "G", "FI", "persons")
    rates = rates_table(dec.assign(year=0), ["origin_iso3"]).set_index("origin_iso3").reindex(members.index)

    dep = dependence_table(wide.get(REMIT_USD), wide.get(GDP_USD), stock.emigrants, stock.in_destination)
    out = pd.DataFrame({
        "iso3": members.index, "name": members.to_numpy(),
        "remittances_pct_gdp": dep.remittances_pct_gdp.to_numpy(),
        "remittance_year": ry,
        "remittances_pct_gdp_published": pub.value.to_numpy(),
        "published_year": pub.year.astype("Int64").to_numpy(),
        "remittances_from_host_usd_m": remit_from.set_index("receiver_iso3")["usd_millions"]
        .reindex(members.index).to_numpy(),
        "remittance_matrix_year": int(remit_from.year.max()) if len(remit_from) else pd.NA,
        "emigrants": stock.emigrants.to_numpy(), "emigrants_in_host": stock.in_destination.to_numpy(),
        "host_share_of_emigrants": dep.host_share_of_emigrants.to_numpy(),
        "migrant_stock_year": int(mig.year.max()) if len(mig) else pd.NA,
        "resettled_to_host": res.groupby("origin_iso3")["persons"].sum().reindex(members.index, fill_value=0)
        .to_numpy(),
        "asylum_applications_in_host": app.groupby("origin_iso3")["applied"].sum()
        .reindex(members.index, fill_value=0).to_numpy(),
        "decisions_in_host": rates.total.to_numpy(),
        "refugee_recognition_rate": rates.refugee_recognition_rate.to_numpy(),
        "total_protection_rate": rates.total_protection_rate.to_numpy(),
    })
    prov = data.provenance(eco, pub.dropna(subset=["dataset"]), remit_from, mig, res, app, dec,
                           extra=(data.COUNTRIES_PROV,))
    return out.assign(host=host, period=f"{y[0]}-{y[1]}", **prov)

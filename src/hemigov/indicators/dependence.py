"""Dependence: what Canada draws from each country of the Americas versus what it offers in protection."""

from __future__ import annotations

import pandas as pd

from hemigov.core.provenance import Provenance
from hemigov.geo.regions import AMERICAS
from hemigov.indicators import formulas
from hemigov.indicators.protection import rates_table
from hemigov.indicators.registry import VINTAGE, Param, one_year, period_of, register, span
from hemigov.indicators.selection import countries_source
from hemigov.series import asylum, economy, reference, resettlement

REMIT_USD, GDP_USD, REMIT_PCT = economy.REMITTANCES_USD, economy.GDP, economy.REMITTANCES_PCT_GDP


def dependence_table(remit_usd: pd.Series, gdp_usd: pd.Series, *, emigrants: pd.Series,
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
        "remittances_pct_gdp": formulas.percent_of(remit_usd.astype(float), gdp_usd),
        "host_share_of_emigrants": formulas.safe_ratio(in_host.astype(float), emigrants),
    })


@register(
    "dependence", group="dependence",
    title="What Canada draws from each country of the Americas vs what it offers (resettlement, asylum)",
    definition="Per country of the Americas: personal remittances as % of GDP (computed from WDI current-US$ series; "
               "the published WDI ratio beside it, at its newest year), remittances sent from Canada (newest KNOMAD "
               "bilateral matrix), Canada's share of the country's emigrants (UN DESA bilateral stock, newest year), "
               "against resettlement arrivals in Canada (UNHCR), new asylum applications in Canada and Canada's "
               "recognition rates (UNHCR decisions, government procedure, first instance, persons) over the period. "
               "Temporary foreign workers: IRCC publishes TFWP holders by province and program only, not by "
               "citizenship, so no per-country figure is given.",
    formula="remit% = 100·BX.TRF.PWKR.CD.DT/NY.GDP.MKTP.CD; share = stock(origin→CAN)/Σ_d stock(origin→d); "
            "TPR = (rec+oth)/(rec+oth+rej)",
    references=("World Bank WDI: BX.TRF.PWKR.CD.DT, NY.GDP.MKTP.CD, BX.TRF.PWKR.DT.GD.ZS.",
                "World Bank/KNOMAD Bilateral Remittance Matrix, https://www.knomad.org/data/remittances",
                "UN DESA (2019). International Migrant Stock 2019 (bilateral).",
                "UNHCR Refugee Population Statistics Database (solutions, asylum applications and decisions)."),
    params=(Param("host", "iso3", "CAN", help="the host country that draws and offers"),
            Param("year", "years", "latest",
                  help="year of the remittance ratio (latest = newest with both WDI series)"),
            Param("years", "years", "2015-latest", help="period for resettlement, asylum applications and decisions"),
            VINTAGE),
)
def dependence(host: str, year, years, vintage: str) -> pd.DataFrame:
    where = "indicator 'dependence'"
    names = reference.countries().set_index("iso3")["name"]
    members = pd.Index([c for c in AMERICAS.members() if c != host], name="iso3")
    eco = economy.economy((REMIT_USD, GDP_USD, REMIT_PCT), vintage=vintage)
    (lo, hi), (_, gdp_hi) = span(eco[eco.indicator == REMIT_USD], "WDI remittances"), span(
        eco[eco.indicator == GDP_USD], "WDI GDP")
    ry = one_year(year, lo, min(hi, gdp_hi), what="WDI remittances and GDP", where=f"{where}, parameter 'year'")
    cur = eco[(eco.year == ry) & eco.indicator.isin([REMIT_USD, GDP_USD]) & eco.iso3.isin(members)]
    wide = economy.wide(cur).reindex(members)
    # The published ratio stops earlier (WDI 2023-05 release): its newest year up to ``ry``, per country.
    pub = eco[(eco.indicator == REMIT_PCT) & eco.year.between(lo, ry) & eco.iso3.isin(members)]
    pub = pub.dropna(subset=["value"]).sort_values("year").groupby("iso3").last().reindex(members)
    rem = economy.remittances(vintage=vintage)
    rem = rem[rem.sender_iso3 == host]
    rem = rem[rem.year == rem.year.max()]
    mig = economy.migrant_stock(publisher="undesa", vintage=vintage)
    mig = mig[mig.year == mig.year.max()]
    stock = pd.DataFrame({"emigrants": mig.groupby("origin_iso3")["persons"].sum(),
                          "in_destination": mig[mig.destination_iso3 == host].groupby("origin_iso3")["persons"]
                          .sum()}).reindex(members)

    dec = asylum.decisions(asylum=host, level="first", procedure="G", vintage=vintage)
    p = period_of(years, *span(dec, f"UNHCR decisions in {host}"), what=f"UNHCR decisions in {host}")
    dec = dec[dec.year.between(p.first_year, p.last_year)]
    res = resettlement.resettlement("unhcr", vintage=vintage)
    res = res[(res.destination_iso3 == host) & res.year.between(p.first_year, p.last_year)]
    app = asylum.applications(asylum=host, new=True, vintage=vintage)
    app = app[app.year.between(p.first_year, p.last_year)]
    rates = rates_table(dec.assign(year=0), ["origin_iso3"]).set_index("origin_iso3").reindex(members)

    dep = dependence_table(wide.get(REMIT_USD), wide.get(GDP_USD), emigrants=stock.emigrants,
                           in_host=stock.in_destination)
    out = pd.DataFrame({
        "iso3": members, "name": members.map(names),
        "remittances_pct_gdp": dep.remittances_pct_gdp.to_numpy(),
        "remittance_year": ry,
        "remittances_pct_gdp_published": pub.value.to_numpy(),
        "published_year": pub.year.astype("Int64").to_numpy(),
        "remittances_from_host_usd_m": rem.set_index("receiver_iso3")["usd_millions"].reindex(members).to_numpy(),
        "remittance_matrix_year": int(rem.year.max()) if len(rem) else pd.NA,
        "emigrants": stock.emigrants.to_numpy(), "emigrants_in_host": stock.in_destination.to_numpy(),
        "host_share_of_emigrants": dep.host_share_of_emigrants.to_numpy(),
        "migrant_stock_year": int(mig.year.max()) if len(mig) else pd.NA,
        "resettled_to_host": res.groupby("origin_iso3")["persons"].sum().reindex(members, fill_value=0).to_numpy(),
        "asylum_applications_in_host": app.groupby("origin_iso3")["applied"].sum()
        .reindex(members, fill_value=0).to_numpy(),
        "decisions_in_host": rates.total.to_numpy(),
        "refugee_recognition_rate": rates.refugee_recognition_rate.to_numpy(),
        "total_protection_rate": rates.total_protection_rate.to_numpy(),
    })
    prov = Provenance.of(cur, pub.dropna(subset=["sources"]).reset_index(), rem, mig, res, app, dec,
                         countries_source())
    return out.assign(host=host, period=p.label(), sources=prov.text())

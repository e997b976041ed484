"""Economy, remittances and migrants: World Bank WDI series, KNOMAD bilateral remittances, UN DESA migrant stock."""

from __future__ import annotations

import pandas as pd

from hemigov.series.base import LATEST, marks, memo, rows

POPULATION, GDP, GDP_PPP_PC, GNI = "SP.POP.TOTL", "NY.GDP.MKTP.CD", "NY.GDP.PCAP.PP.CD", "NY.GNP.ATLS.CD"
UNEMPLOYMENT, MIGRANT_STOCK = "SL.UEM.TOTL.ZS", "SM.POP.TOTL"
REMITTANCES_USD, REMITTANCES_PCT_GDP = "BX.TRF.PWKR.CD.DT", "BX.TRF.PWKR.DT.GD.ZS"


@memo
def economy(indicators: tuple[str, ...], *, vintage: str = LATEST) -> pd.DataFrame:
    """Country values of WDI (and KNOMAD flow) indicators: year, iso3, indicator, value, estimated, sources."""
    return rows("economy", "year, iso3, indicator, value, estimated", f"indicator IN ({marks(indicators)})",
                list(indicators), vintage=vintage, order="indicator, iso3, year")


def wide(eco: pd.DataFrame, index: str = "iso3") -> pd.DataFrame:
    """Indicators as columns (one year's values): index ``iso3`` by default."""
    out = eco.pivot_table(index=index, columns="indicator", values="value", aggfunc="first")
    out.columns.name = None
    return out


@memo
def aggregates(indicators: tuple[str, ...], *, vintage: str = LATEST) -> pd.DataFrame:
    """WDI regional, income-group and world aggregates (WLD, LCN, NAC, HIC …): year, code, name, indicator, value."""
    return rows("economy_aggregates", "year, code, name, indicator, value", f"indicator IN ({marks(indicators)})",
                list(indicators), vintage=vintage, order="indicator, code, year")


@memo
def remittances(*, vintage: str = LATEST) -> pd.DataFrame:
    """World Bank/KNOMAD bilateral remittance estimates (US$ million): year (of the matrix), sender_iso3,
    receiver_iso3, usd_millions, rounded_to, sources."""
    return rows("remittances_bilateral", "year, sender_iso3, receiver_iso3, usd_millions, rounded_to",
                vintage=vintage, order="year, sender_iso3, receiver_iso3")


@memo
def migrant_stock(*, publisher: str = "undesa", vintage: str = LATEST) -> pd.DataFrame:
    """Bilateral international migrant stock by country of birth: year, origin_iso3, destination_iso3, persons.

    ``publisher``: ``undesa`` (International Migrant Stock) or ``knomad`` (the World Bank's 2017 matrix)."""
    return rows("migrant_stock", "year, origin_iso3, destination_iso3, persons", "starts_with(dataset, ?)",
                [f"{publisher}."], vintage=vintage, order="year, origin_iso3, destination_iso3")


@memo
def migrant_stock_totals(*, vintage: str = LATEST) -> pd.DataFrame:
    """UN DESA IMS 2020 totals by destination (measure, sex)."""
    return rows("migrant_stock_totals", "year, iso3, measure, sex, value", vintage=vintage,
                order="measure, sex, iso3, year")

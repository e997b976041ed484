"""The indicators' data layer: thin, read-only queries over the public ``v_*`` views.

Each function returns a tidy DataFrame that keeps ``dataset`` and ``vintage`` so the indicator can name
its inputs. Aggregation that only sums rows is pushed into DuckDB (the full UNHCR population table has
more than a million rows); every formula lives in :mod:`hemigov.indicators.formulas`.
"""

from __future__ import annotations

import pandas as pd

from hemigov import api
from hemigov.core.errors import HemigovError
from hemigov.core.meta import VERSION
from hemigov.core.provenance import Provenance, Source

#: Region schemes -> column of v_countries.
SCHEMES = {"paper": "paper_region", "unhcr": "unhcr_region", "m49": "m49_region", "m49_subregion": "m49_subregion"}
#: The Americas under each scheme (default region of interest).
AMERICAS = {"paper": "Western hemisphere", "unhcr": "The Americas", "m49": "Americas",
            "m49_subregion": "Latin America and the Caribbean"}
#: Pseudo origins (stateless, unknown, Tibetan, Abyei) belong to no region.
UNCLASSIFIED = "(unclassified)"
#: The issue's peer resettlement countries (Canada first).
PEERS = ("CAN", "USA", "AUS", "GBR", "DEU", "SWE", "NOR", "NZL", "FRA")
#: Cross-border displacement: refugees, asylum-seekers and other people in need of international protection.
CROSS_BORDER = ("refugees", "asylum_seekers", "oip")
#: The reviewed country table, a package dataset whose release is hemigov's version.
COUNTRIES_PROV = ("hemigov.countries", VERSION)


def q(sql: str, params: list | None = None) -> pd.DataFrame:
    return api.query(sql, params or [])


def countries() -> pd.DataFrame:
    return q("SELECT * FROM v_countries")


def region_of(scheme: str) -> pd.Series:
    """iso3 -> region label under ``scheme``; pseudo codes map to '(unclassified)'."""
    if scheme not in SCHEMES:
        raise HemigovError(f"unknown region scheme {scheme!r}; known: {', '.join(SCHEMES)}")
    c = countries()
    return c.set_index("iso3")[SCHEMES[scheme]].fillna(UNCLASSIFIED)


def regions(scheme: str) -> list[str]:
    return sorted(set(region_of(scheme)))


def year_bounds(view: str, where: str = "TRUE", params: list | None = None, col: str = "year") -> tuple[int, int]:
    r = q(f"SELECT min({col}) AS a, max({col}) AS b FROM {view} WHERE {where}", params)
    if r.empty or pd.isna(r.a.iloc[0]):
        raise HemigovError(f"{view}: no rows for this selection")
    return int(r.a.iloc[0]), int(r.b.iloc[0])


def resolve_years(years: tuple[int | None, int | None], bounds: tuple[int, int], what: str) -> tuple[int, int]:
    """Fill 'latest' from the data and reject years outside it."""
    lo, hi = bounds
    a, b = years
    if a is None and b is None:
        return hi, hi
    b = hi if b is None else b
    if a < lo or b > hi:
        raise HemigovError(f"years {a}-{b} outside the data: {what} covers {lo}-{hi}")
    return a, b


def resettlement(years: tuple[int, int], source: str = "unhcr") -> pd.DataFrame:
    """Resettlement arrivals summed by (year, origin, destination)."""
    return q("SELECT year, origin_iso3, destination_iso3, sum(persons) AS persons, dataset, vintage "
             "FROM v_resettlement WHERE source = ? AND year BETWEEN ? AND ? GROUP BY ALL",
             [source, years[0], years[1]])


def displacement_by_origin(years: tuple[int, int], measure: str = "stock",
                           population_types: tuple[str, ...] = CROSS_BORDER) -> pd.DataFrame:
    """Cross-border displaced by (year, origin): end-year stocks (v_displacement) or new flows."""
    view = {"stock": "v_displacement", "flows": "v_displacement_flows"}[measure]
    marks = ", ".join("?" for _ in population_types)
    return q(f"SELECT year, origin_iso3, sum(persons) AS persons, dataset, vintage FROM {view} "
             f"WHERE population_type IN ({marks}) AND year BETWEEN ? AND ? GROUP BY ALL",
             [*population_types, years[0], years[1]])


def hosted_by_asylum(year: int, population_types: tuple[str, ...] = CROSS_BORDER) -> pd.DataFrame:
    marks = ", ".join("?" for _ in population_types)
    return q(f"SELECT asylum_iso3 AS iso3, sum(persons) AS hosted, dataset, vintage FROM v_displacement "
             f"WHERE population_type IN ({marks}) AND year = ? GROUP BY ALL", [*population_types, year])


def economy(indicators: tuple[str, ...], years: tuple[int, int]) -> pd.DataFrame:
    marks = ", ".join("?" for _ in indicators)
    return q(f"SELECT year, iso3, indicator, value, dataset, vintage FROM v_economy "
             f"WHERE indicator IN ({marks}) AND year BETWEEN ? AND ?", [*indicators, years[0], years[1]])


def _asylum_where(asylum: list[str] | None, years: tuple[int, int], procedure_type: str, dec_level: str,
                  unit: str) -> tuple[str, list]:
    where = "procedure_type = ? AND dec_level = ? AND unit = ? AND year BETWEEN ? AND ?"
    params: list = [procedure_type, dec_level, unit, years[0], years[1]]
    if asylum:
        where += f" AND asylum_iso3 IN ({', '.join('?' for _ in asylum)})"
        params += asylum
    return where, params


def asylum_decisions(asylum: list[str] | None, years: tuple[int, int], procedure_type: str, dec_level: str,
                     unit: str) -> pd.DataFrame:
    """Decisions summed by (year, asylum, origin) for one procedure type, decision level and unit."""
    where, params = _asylum_where(asylum, years, procedure_type, dec_level, unit)
    return q("SELECT year, asylum_iso3, origin_iso3, sum(recognized) AS recognized, sum(other) AS other, "
             "sum(rejected) AS rejected, sum(closed) AS closed, sum(total) AS total, dataset, vintage "
             f"FROM v_asylum_decisions WHERE {where} GROUP BY ALL", params)


def asylum_applications(asylum: list[str] | None, years: tuple[int, int], procedure_type: str, dec_level: str,
                        unit: str) -> pd.DataFrame:
    """Applications summed by (year, asylum, origin), same selection as :func:`asylum_decisions`."""
    where, params = _asylum_where(asylum, years, procedure_type, dec_level, unit)
    return q("SELECT year, asylum_iso3, origin_iso3, sum(applied) AS applied, dataset, vintage "
             f"FROM v_asylum_applications WHERE {where} GROUP BY ALL", params)


def irb_irregular(country: str) -> pd.DataFrame:
    """IRB irregular-crosser claims (cumulative from Feb 2017), wide by measure."""
    df = q("SELECT period_end, country_iso3, measure, persons, dataset, vintage FROM v_irb_irregular_claims "
           "WHERE country_iso3 = ?", [country])
    if df.empty:
        return df
    wide = df.pivot_table(index=["period_end", "country_iso3", "dataset", "vintage"], columns="measure",
                          values="persons", aggfunc="sum").reset_index()
    wide.columns.name = None
    return wide.sort_values("period_end", ignore_index=True)


def paper_table3() -> pd.DataFrame:
    """The paper's Table 3 (Mexican claims at the IRB), wide by measure."""
    df = q("SELECT row, period, measure, value, dataset, vintage FROM v_paper_tables WHERE exhibit = 'table3'")
    if df.empty:
        return df
    wide = df.pivot_table(index=["row", "period", "dataset", "vintage"], columns="measure", values="value",
                          aggfunc="sum").reset_index()
    wide.columns.name = None
    return wide.sort_values("row", ignore_index=True)


def remittances_from(sender: str) -> pd.DataFrame:
    """Bilateral remittances sent from ``sender``, newest matrix year."""
    return q("SELECT year, sender_iso3, receiver_iso3, usd_millions, dataset, vintage FROM v_remittances_bilateral "
             "WHERE sender_iso3 = ? AND year = (SELECT max(year) FROM v_remittances_bilateral WHERE sender_iso3 = ?)",
             [sender, sender])


def emigrants(destination: str) -> pd.DataFrame:
    """UN DESA bilateral stock, newest year: every origin's emigrants in total and in ``destination``."""
    return q("SELECT year, origin_iso3, sum(persons) AS emigrants, "
             "sum(persons) FILTER (WHERE destination_iso3 = ?) AS in_destination, dataset, vintage "
             "FROM v_migrant_stock WHERE dataset LIKE 'undesa.%' "
             "AND year = (SELECT max(year) FROM v_migrant_stock WHERE dataset LIKE 'undesa.%') GROUP BY ALL",
             [destination])


def provenance(*frames: pd.DataFrame, extra: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    """The files behind a result as its ``sources`` column (the one text form of Provenance)."""
    prov = Provenance.of(*(Source(d, v) for d, v in extra))
    for f in frames:
        if f is not None and len(f) and {"dataset", "vintage"} <= set(f.columns):
            prov = prov | Provenance.of(*(Source(str(d), str(v)) for d, v in
                                          f[["dataset", "vintage"]].drop_duplicates().itertuples(index=False)))
    return {"sources": prov.text()}

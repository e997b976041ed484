"""Displacement (UNHCR): people displaced across borders by origin and by host, new displacement, and IDPs.

UNHCR's end-year stocks (``displacement``) and new displacement during the year (``displacement_flows``) by
origin, country of asylum and population type. A cell UNHCR prints as "-" is NULL (not reported), not 0: sums
over cells that are all NULL stay NULL, so "not reported" never reads as "none".
"""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import unknown
from hemigov.geo import regions
from hemigov.geo.regions import CROSS_BORDER
from hemigov.series.base import LATEST, marks, memo, rows, summed_by

MEASURES = {"stock": "displacement", "flows": "displacement_flows"}
KEYS = ("year", "origin_iso3", "asylum_iso3", "population_type")


@memo
def displaced(*, measure: str = "stock", types: tuple[str, ...] = CROSS_BORDER,
              by: tuple[str, ...] = ("year", "origin_iso3"), origins: tuple[str, ...] | None = None,
              asylums: tuple[str, ...] | None = None, vintage: str = LATEST) -> pd.DataFrame:
    """People of the population ``types`` summed by the columns ``by``.

    Parameters
    ----------
    measure : ``stock`` (end-year stocks) or ``flows`` (newly displaced during the year).
    types : UNHCR population types (default: the cross-border displaced, :data:`hemigov.geo.regions.CROSS_BORDER`).
    by : any of year, origin_iso3, asylum_iso3, population_type.
    origins, asylums : ISO3 codes to keep (None: all).
    vintage : ``latest``, ``paper`` or a release.

    Returns
    -------
    DataFrame with the ``by`` columns, ``persons`` (NULL where every cell was "-") and ``sources``.
    """
    if measure not in MEASURES:
        raise unknown("displacement measure", measure, MEASURES)
    bad = [b for b in by if b not in KEYS]
    if bad:
        raise unknown("displacement column", bad[0], KEYS)
    where, params = [f"population_type IN ({marks(types)})"], list(types)
    if origins is not None:
        where.append(f"origin_iso3 IN ({marks(origins)})")
        params += list(origins)
    if asylums is not None:
        where.append(f"asylum_iso3 IN ({marks(asylums)})")
        params += list(asylums)
    cols = ", ".join(by)
    return rows(MEASURES[measure], f"{cols}, sum(persons)::BIGINT AS persons", " AND ".join(where), params,
                vintage=vintage, group=True, order=cols)


def by_origin(types: tuple[str, ...] = CROSS_BORDER, *, measure: str = "stock", vintage: str = LATEST) -> pd.DataFrame:
    """Cross-border displaced by year and origin (the world's displaced from each country)."""
    return displaced(measure=measure, types=types, by=("year", "origin_iso3"), vintage=vintage)


@memo
def by_origin_region(types: tuple[str, ...] = CROSS_BORDER, *, scheme: str, measure: str = "stock",
                     vintage: str = LATEST) -> pd.DataFrame:
    """:func:`by_origin` summed over the origins of each region of ``scheme`` (``(unclassified)`` for an origin
    outside the scheme's table; a region whose cells are all "-" sums to 0, as a pandas sum over the origins
    did before). Returns year, region, persons, sources (a row per distinct ``sources``)."""
    d = by_origin(types, measure=measure, vintage=vintage)
    return summed_by(d.assign(region=regions.regions_of(d.origin_iso3, scheme)), ["year", "region"], ["persons"])


def by_host(types: tuple[str, ...] = CROSS_BORDER, *, measure: str = "stock", vintage: str = LATEST) -> pd.DataFrame:
    """Displaced people hosted, by year and country of asylum."""
    return displaced(measure=measure, types=types, by=("year", "asylum_iso3"), vintage=vintage)


@memo
def idps(*, vintage: str = LATEST) -> pd.DataFrame:
    """People internally displaced by conflict and violence (IDMC, as UNHCR publishes them), by year and country."""
    return rows("idps", "year, iso3, persons", vintage=vintage, order="year, iso3")

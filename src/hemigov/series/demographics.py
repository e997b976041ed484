"""UNHCR demographics: displaced people by sex and age group, by origin and country of asylum.

UNHCR's end-2025 release holds 2025 only, so ``latest`` reads, for each year, the newest release that reports it
(the warehouse view ``v_demographics``). Sex ``unknown`` holds people without a breakdown, so the cells add up to
UNHCR's totals for the same population types.
"""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import unknown
from hemigov.geo.regions import CROSS_BORDER
from hemigov.series.base import LATEST, SOURCES, marks, memo, relation, sql

KEYS = ("year", "origin_iso3", "asylum_iso3", "population_type", "sex", "age_group")


@memo
def demographics(*, types: tuple[str, ...] = CROSS_BORDER, by: tuple[str, ...] = ("year", "sex", "age_group"),
                 origins: tuple[str, ...] | None = None, asylums: tuple[str, ...] | None = None,
                 vintage: str = LATEST) -> pd.DataFrame:
    """People of the population ``types`` summed by ``by`` (any of year, origin_iso3, asylum_iso3,
    population_type, sex, age_group)."""
    bad = [b for b in by if b not in KEYS]
    if bad:
        raise unknown("demographics column", bad[0], KEYS)
    rel, params = ("v_demographics", []) if vintage == LATEST else relation("demographics", vintage)
    where, wp = [f"population_type IN ({marks(types)})"], list(types)
    for col, vals in (("origin_iso3", origins), ("asylum_iso3", asylums)):
        if vals is not None:
            where.append(f"{col} IN ({marks(vals)})")
            wp += list(vals)
    cols = ", ".join(by)
    return sql(f"SELECT {cols}, sum(persons)::BIGINT AS persons, {SOURCES} FROM {rel} t "
               f"WHERE {' AND '.join(where)} GROUP BY ALL ORDER BY {cols}", [*params, *wp])

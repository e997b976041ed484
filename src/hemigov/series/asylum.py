"""Asylum applications and decisions (UNHCR), with the two definitions every surface shares.

New applications
    UNHCR's application type ``N`` (new). Before 2006 every country's applications carry type ``V`` (UNHCR did
    not split new from repeat applications then); hemigov counts them as new, so the series starts in 2000, and
    ``app_types`` says which years rest on ``V``. Repeat (``R``), appeal (``A``) and other types are left out.
First instance
    Decision level ``FI``, and ``FA`` where a country reports first instance and appeal together (Canada, 2007).
    A label that says "first instance" always applies this filter; ``level="all"`` pools every level (a person can
    then count at first instance and on appeal).

Persons and cases (``unit``) are never added together.
"""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import unknown
from hemigov.series.base import LATEST, marks, memo, rows

NEW_APP_TYPES = ("N", "V")
FIRST_INSTANCE = ("FI", "FA")
UNITS = ("persons", "cases")
LEVELS = ("first", "all")
APP_KEYS = ("year", "asylum_iso3", "origin_iso3", "app_type", "dec_level", "procedure_type")
DEC_KEYS = ("year", "asylum_iso3", "origin_iso3", "dec_level", "procedure_type")


def _filters(asylum, origins, unit, procedure) -> tuple[list[str], list]:
    if unit not in UNITS:
        raise unknown("unit", unit, UNITS)
    where, params = ["unit = ?"], [unit]
    for col, vals in (("asylum_iso3", asylum), ("origin_iso3", origins)):
        if vals is not None:
            vals = (vals,) if isinstance(vals, str) else tuple(vals)
            where.append(f"{col} IN ({marks(vals)})")
            params += list(vals)
    if procedure is not None:
        where.append("procedure_type = ?")
        params.append(procedure)
    return where, params


def _level(level: str) -> tuple[str, list]:
    if level == "first":
        return f"dec_level IN ({marks(FIRST_INSTANCE)})", list(FIRST_INSTANCE)
    if level == "all":
        return "TRUE", []
    if isinstance(level, str) and level.isalpha() and level.isupper() and len(level) == 2:
        return "dec_level = ?", [level]
    raise unknown("decision level", level, (*LEVELS, "FI", "AR", "RA", "JR", "FA"))


def _by(by: tuple[str, ...], keys: tuple[str, ...]) -> str:
    bad = [b for b in by if b not in keys]
    if bad:
        raise unknown("column", bad[0], keys)
    return ", ".join(by)


@memo
def applications(*, asylum: str | tuple[str, ...] | None = None, origins: tuple[str, ...] | None = None,
                 unit: str = "persons", new: bool = True, level: str = "all", procedure: str | None = None,
                 by: tuple[str, ...] = ("year", "asylum_iso3", "origin_iso3"), vintage: str = LATEST) -> pd.DataFrame:
    """Asylum applications summed by ``by``.

    Parameters
    ----------
    asylum, origins : ISO3 codes to keep (None: all).
    unit : persons | cases.
    new : new applications only (the definition above); False keeps every type.
    level : ``all`` (every level), ``first`` (first instance, the definition above) or a UNHCR level code.
    procedure : UNHCR procedure type (G government, U UNHCR, J joint); None: all.

    Returns
    -------
    DataFrame with the ``by`` columns, ``applied``, ``app_types`` (the application types summed, e.g. ``V`` before
    2006) and ``sources``.
    """
    where, params = _filters(asylum, origins, unit, procedure)
    if new:
        where.append(f"app_type IN ({marks(NEW_APP_TYPES)})")
        params += list(NEW_APP_TYPES)
    lv, lp = _level(level)
    where.append(lv)
    params += lp
    cols = _by(by, APP_KEYS)
    return rows("asylum_applications", f"{cols}, sum(applied)::BIGINT AS applied, "
                "string_agg(DISTINCT app_type, '+' ORDER BY app_type) AS app_types", " AND ".join(where), params,
                vintage=vintage, group=True, order=cols)


@memo
def decisions(*, asylum: str | tuple[str, ...] | None = None, origins: tuple[str, ...] | None = None,
              unit: str = "persons", level: str = "first", procedure: str | None = None,
              by: tuple[str, ...] = ("year", "asylum_iso3", "origin_iso3"), vintage: str = LATEST) -> pd.DataFrame:
    """Asylum decisions summed by ``by``: recognized (Convention status), other (complementary protection),
    rejected, closed (otherwise closed), total. ``level`` as in :func:`applications`, default first instance."""
    where, params = _filters(asylum, origins, unit, procedure)
    lv, lp = _level(level)
    where.append(lv)
    params += lp
    cols = _by(by, DEC_KEYS)
    return rows("asylum_decisions", f"{cols}, sum(recognized)::BIGINT AS recognized, sum(other)::BIGINT AS other, "
                "sum(rejected)::BIGINT AS rejected, sum(closed)::BIGINT AS closed, sum(total)::BIGINT AS total",
                " AND ".join(where), params, vintage=vintage, group=True, order=cols)

"""What the server computes, as plain functions of validated values -> DataFrames or dicts.

Every SQL statement here is a constant; request values only ever travel as DuckDB parameters. The optional
features (replication, effects) are imported when called; :func:`feature` says whether they are installed.
"""

from __future__ import annotations

import importlib
import importlib.util

import pandas as pd

from hemigov import api

#: Region schemes of the indicators -> column of v_countries.
SCHEMES = {"paper": "paper_region", "unhcr": "unhcr_region", "m49": "m49_region", "m49_subregion": "m49_subregion"}
FEATURES = {"replication": "hemigov.replication", "effects": "hemigov.effects"}


class NotInstalled(Exception):
    """An optional feature module is missing (HTTP 503)."""

    def __init__(self, feature: str):
        self.feature = feature
        super().__init__(f"feature not installed: {feature} ({FEATURES[feature]} is missing)")


class NotFound(Exception):
    """An unknown country, grouping, dataset or case (HTTP 404)."""


def feature(name: str) -> bool:
    try:
        return importlib.util.find_spec(FEATURES[name]) is not None
    except (ImportError, ValueError):
        return False


def _module(name: str):
    if not feature(name):
        raise NotInstalled(name)
    return importlib.import_module(FEATURES[name])


# -- datasets, countries, groupings --------------------------------------------------------------------------
DATASET_COLUMNS = ("dataset, vintage, is_current, publisher, title, file, sha256, bytes, rows, licence, citation, "
                   "source_url, adapter, notes, origin, loaded_at")


def datasets(dataset: str | None = None, current: bool | None = None) -> pd.DataFrame:
    df = api.query(f"SELECT {DATASET_COLUMNS} FROM v_datasets WHERE (CAST(? AS VARCHAR) IS NULL OR dataset = ?) "
                     "AND (CAST(? AS BOOLEAN) IS NULL OR is_current = ?) ORDER BY dataset, vintage DESC, file",
                     [dataset, dataset, current, current])
    if dataset is not None and df.empty:
        raise NotFound(f"unknown dataset {dataset!r} (see /api/datasets)")
    return df


def vintages() -> pd.DataFrame:
    """One row per dataset: its vintages (newest first) and the current one."""
    return api.query("SELECT dataset, string_agg(DISTINCT vintage, ', ' ORDER BY vintage DESC) AS vintages, "
                     "max(vintage) FILTER (WHERE is_current) AS current_vintage, "
                     "count(DISTINCT vintage) AS n_vintages, any_value(publisher) AS publisher, "
                     "any_value(title) AS title FROM v_datasets GROUP BY dataset ORDER BY dataset")


COUNTRY_FILTERS = ("kind", "paper_region", "unhcr_region", "m49_region", "m49_subregion", "wb_income_group")


def countries(**filters: str | None) -> pd.DataFrame:
    vals = [filters.get(k) for k in COUNTRY_FILTERS]
    where = " AND ".join(f"(CAST(? AS VARCHAR) IS NULL OR {k} = ?)" for k in COUNTRY_FILTERS)
    params = [v for v in vals for _ in (0, 1)]
    return api.query(f"SELECT * FROM v_countries WHERE {where} ORDER BY iso3", params)


def country(iso3: str) -> pd.DataFrame:
    df = api.query("SELECT * FROM v_countries WHERE iso3 = ?", [iso3])
    if df.empty:
        raise NotFound(f"unknown country {iso3!r} (see /api/countries)")
    return df


def regions(scheme: str) -> pd.DataFrame:
    col = SCHEMES[scheme]  # a fixed column name chosen by a validated key, never request text
    df = api.query(f"SELECT {col} AS region, count(*) AS countries FROM v_countries WHERE {col} IS NOT NULL "
                   "GROUP BY ALL ORDER BY region")
    return df.assign(scheme=scheme)


def groupings() -> pd.DataFrame:
    return api.query("SELECT grouping, any_value(grouping_name) AS grouping_name, any_value(grouping_kind) AS "
                     "grouping_kind, count(DISTINCT iso3) AS countries, min(start_year) AS first_year, "
                     "any_value(source_url) AS source_url FROM v_groupings GROUP BY grouping ORDER BY grouping")


def grouping(name: str) -> pd.DataFrame:
    df = api.query("SELECT * FROM v_groupings WHERE grouping = ? ORDER BY iso3, role, start_year", [name])
    if df.empty:
        raise NotFound(f"unknown grouping {name!r} (see /api/groupings)")
    return df


def memberships(iso3: str) -> pd.DataFrame:
    return api.query("SELECT grouping, grouping_name, grouping_kind, role, start_year, end_year, note, source_url "
                     "FROM v_groupings WHERE iso3 = ? ORDER BY grouping", [iso3])


def resettlement_destinations() -> pd.DataFrame:
    """Countries that resettled refugees (UNHCR), with their names, for the explorer."""
    return api.query("SELECT r.destination_iso3 AS iso3, c.name, sum(r.persons) AS persons FROM v_resettlement r "
                     "LEFT JOIN v_countries c ON c.iso3 = r.destination_iso3 WHERE r.source = 'unhcr' "
                     "GROUP BY ALL ORDER BY persons DESC")


def resettlement_years() -> tuple[int, int]:
    r = api.query("SELECT min(year) AS a, max(year) AS b FROM v_resettlement WHERE source = 'unhcr'")
    return int(r.a.iloc[0]), int(r.b.iloc[0])


def profile_series(iso3: str) -> pd.DataFrame:
    """A country's cross-border displaced by origin and hosted (UNHCR end-year stocks) and resettlement
    arrivals from it and to it, per year."""
    return api.query(
        "WITH o AS (SELECT year, sum(persons) AS v, 'displaced from' AS measure, dataset, vintage FROM v_displacement "
        "  WHERE origin_iso3 = ? AND population_type IN ('refugees', 'asylum_seekers', 'oip') GROUP BY ALL), "
        "h AS (SELECT year, sum(persons) AS v, 'hosted in' AS measure, dataset, vintage FROM v_displacement "
        "  WHERE asylum_iso3 = ? AND population_type IN ('refugees', 'asylum_seekers', 'oip') GROUP BY ALL), "
        "r AS (SELECT year, sum(persons) AS v, 'resettled from' AS measure, dataset, vintage FROM v_resettlement "
        "  WHERE origin_iso3 = ? AND source = 'unhcr' GROUP BY ALL), "
        "d AS (SELECT year, sum(persons) AS v, 'resettled to' AS measure, dataset, vintage FROM v_resettlement "
        "  WHERE destination_iso3 = ? AND source = 'unhcr' GROUP BY ALL) "
        "SELECT year, measure, v AS persons, dataset, vintage FROM (FROM o UNION ALL FROM h UNION ALL FROM r "
        "UNION ALL FROM d) ORDER BY measure, year", [iso3] * 4)


# -- events ------------------------------------------------------------------------------------------------------
EVENT_SQL = ("SELECT * FROM v_events WHERE (CAST(? AS VARCHAR[]) IS NULL OR list_contains(?, lower(topic))) "
             "AND (CAST(? AS VARCHAR) IS NULL OR list_contains(string_split(lower(actor), '/'), ?)) "
             "AND (CAST(? AS VARCHAR) IS NULL OR kind = ?) "
             "AND (CAST(? AS DATE) IS NULL OR date >= ?) AND (CAST(? AS DATE) IS NULL OR date <= ?) "
             "ORDER BY date, event_id")


def event_vocabulary() -> dict[str, list[str]]:
    df = api.query("SELECT DISTINCT lower(topic) AS topic, lower(actor) AS actor FROM v_events")
    actors = sorted({a for s in df.actor for a in s.split("/")})
    return {"topic": sorted(set(df.topic)), "actor": actors}


def events(topics: tuple[str, ...] | None, actor: str | None, kind: str | None, since, until) -> pd.DataFrame:
    t = list(topics) if topics else None
    return api.query(EVENT_SQL, [t, t, actor, actor, kind, kind, since, since, until, until])


# -- indicators ----------------------------------------------------------------------------------------------
def indicator(name: str, bound: dict) -> pd.DataFrame:
    from hemigov import indicators

    return indicators.indicator(name, **bound)


# -- optional features ---------------------------------------------------------------------------------------
def replication(exhibit: str | None) -> pd.DataFrame:
    return _module("replication").replicate(exhibit)


def exhibits() -> dict[str, str]:
    return dict(_module("replication").EXHIBITS)


def claims(as_of: str) -> pd.DataFrame:
    return _module("replication").claims(as_of=as_of)


def case_studies() -> pd.DataFrame:
    return _module("effects").case_studies()


def case_names() -> list[str]:
    return list(importlib.import_module("hemigov.effects.cases").CASES) if feature("effects") else []


def effect(case: str) -> dict:
    mod = _module("effects")
    if case not in case_names():
        raise NotFound(f"unknown case study {case!r} (see /api/effects/cases)")
    return mod.effect(case=case)

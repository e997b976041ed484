"""What changed between two vintages of a dataset: rows added and removed, cells revised, where.

Rows are matched on the table's key (without ``dataset``/``vintage``). A cell is revised when the same key
holds a different value (``IS DISTINCT FROM``: a value that became NULL, "not reported", counts too).
Revisions are ordered largest first by absolute change; ``rel_change`` is ``(new - old) / |old|`` (NULL when
the old value is NULL or zero). Years and countries affected are those of every added, removed or revised
row (countries: the table's ISO3 key columns). The work is SQL in DuckDB over the read-only warehouse.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from hemigov.core.errors import HemigovError, InputError
from hemigov.warehouse import store
from hemigov.warehouse.schema import TABLES, Table

NUMERIC = ("BIGINT", "INTEGER", "DOUBLE")


def _vintages(con: duckdb.DuckDBPyConnection, dataset: str) -> list[str]:
    return [r[0] for r in con.execute("SELECT vintage FROM datasets WHERE dataset = ? ORDER BY vintage",
                                      [dataset]).fetchall()]


def _tables(con: duckdb.DuckDBPyConnection, dataset: str, vintages: tuple[str, str]) -> list[Table]:
    out = []
    for t in TABLES.values():
        if t.versioned and con.execute(f'SELECT 1 FROM "{t.name}" WHERE dataset = ? AND vintage IN (?, ?) LIMIT 1',
                                       [dataset, *vintages]).fetchone():
            out.append(t)
    return out


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> duckdb.DuckDBPyConnection:
    """DuckDB refuses named parameters that the query does not use: pass only those it does."""
    return con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})


def _q(c: str) -> str:
    return '"' + c.replace('"', '""') + '"'


def _table_diff(con: duckdb.DuckDBPyConnection, t: Table, dataset: str, old: str, new: str,
                limit: int) -> dict:
    key = [c for c in t.key if c not in ("dataset", "vintage")]
    values = [c for c in t.columns if c not in t.key]
    on = " AND ".join(f"a.{_q(k)} IS NOT DISTINCT FROM b.{_q(k)}" for k in key)
    sel_key = ", ".join(f"b.{_q(k)}" for k in key)
    src = f'(SELECT * FROM "{t.name}" WHERE dataset = $ds AND vintage = $v)'
    a, b = src.replace("$v", "$old"), src.replace("$v", "$new")
    params = {"ds": dataset, "old": old, "new": new}
    added_sql = f"SELECT b.* EXCLUDE (dataset, vintage) FROM {b} b ANTI JOIN {a} a ON {on}"
    removed_sql = f"SELECT b.* EXCLUDE (dataset, vintage) FROM {a} b ANTI JOIN {b} a ON {on}"
    parts = []
    for v in values:
        num = t.columns[v].replace(" NOT NULL", "") in NUMERIC
        old_v, new_v = (f"CAST({s}.{_q(v)} AS {'DOUBLE' if num else 'VARCHAR'})" for s in ("a", "b"))
        parts.append(f"SELECT {sel_key}, '{v}' AS field, CAST({old_v} AS VARCHAR) AS old_text, "
                     f"CAST({new_v} AS VARCHAR) AS new_text, {old_v if num else 'NULL::DOUBLE'} AS old_num, "
                     f"{new_v if num else 'NULL::DOUBLE'} AS new_num, "
                     f"{f'({new_v} - {old_v})' if num else 'NULL::DOUBLE'} AS change "
                     f"FROM {a} a JOIN {b} b ON {on} WHERE a.{_q(v)} IS DISTINCT FROM b.{_q(v)}")
    keys = ", ".join(_q(k) for k in key)
    # Materialised once (temporary tables work on a read-only warehouse), then counted and summarised.
    _run(con, f"CREATE OR REPLACE TEMP TABLE _added AS {added_sql}", params)
    _run(con, f"CREATE OR REPLACE TEMP TABLE _removed AS {removed_sql}", params)
    _run(con, "CREATE OR REPLACE TEMP TABLE _revised AS "
         + (" UNION ALL ".join(parts) if parts else "SELECT NULL AS change WHERE false"), params)
    rows_a, rows_b = _run(con, f"SELECT (SELECT count(*) FROM {a}), (SELECT count(*) FROM {b})", params).fetchone()
    n_add, n_rem, n_rev = con.execute("SELECT (SELECT count(*) FROM _added), (SELECT count(*) FROM _removed), "
                                      "(SELECT count(*) FROM _revised)").fetchone()
    touched = f"SELECT {keys} FROM _added UNION SELECT {keys} FROM _removed" + (
        f" UNION SELECT {keys} FROM _revised" if parts else "")
    years: list[int] = []
    if "year" in key:
        years = [r[0] for r in con.execute(f"SELECT DISTINCT year FROM ({touched}) ORDER BY 1").fetchall()]
    iso = [c for c in key if c in t.iso3 or c.endswith("iso3")]  # '(all)', '(other)' are not countries
    countries: list[str] = sorted({r[0] for c in iso for r in con.execute(
        f"SELECT DISTINCT {_q(c)} FROM ({touched}) WHERE {_q(c)} IS NOT NULL AND {_q(c)} NOT LIKE '(%'").fetchall()})
    revisions = pd.DataFrame()
    if parts:
        revisions = con.execute(
            f"SELECT *, change / abs(old_num) AS rel_change FROM _revised "
            f"ORDER BY abs(change) DESC NULLS LAST, {keys}, field LIMIT {int(limit)}").df()
        revisions.insert(0, "table", t.name)
        revisions["old"] = revisions["old_num"].astype(object).where(revisions["old_num"].notna(),
                                                                     revisions["old_text"])
        revisions["new"] = revisions["new_num"].astype(object).where(revisions["new_num"].notna(),
                                                                     revisions["new_text"])
        revisions = revisions[["table", *key, "field", "old", "new", "change", "rel_change"]]
    added = con.execute(f"SELECT * FROM _added ORDER BY ALL LIMIT {int(limit)}").df().assign(table=t.name)
    removed = con.execute(f"SELECT * FROM _removed ORDER BY ALL LIMIT {int(limit)}").df().assign(table=t.name)
    summary = {"table": t.name, "rows_from": rows_a, "rows_to": rows_b, "rows_added": n_add,
               "rows_removed": n_rem, "cells_revised": n_rev, "years_affected": len(years),
               "first_year": years[0] if years else None, "last_year": years[-1] if years else None,
               "countries_affected": len(countries)}
    return {"summary": summary, "revisions": revisions, "added": added, "removed": removed, "years": years,
            "countries": countries}


def _pick(vintages: list[str], dataset: str, old: str | None, new: str | None) -> tuple[str, str]:
    for v, opt in ((old, "--from"), (new, "--to")):
        if v is not None and v not in vintages:
            raise InputError(None, opt, f"{dataset} has no vintage {v!r}; it has {', '.join(vintages)}")
    new = new or vintages[-1]
    if old is None:
        earlier = [v for v in vintages if v < new]
        if not earlier:
            raise HemigovError(f"{dataset}: no vintage older than {new} to compare with "
                               f"(vintages: {', '.join(vintages)}); pass --from")
        old = earlier[-1]
    if old == new:
        raise InputError(None, "--from/--to", f"both are {old!r}: nothing to compare")
    return old, new


def diff(dataset: str | None = None, from_vintage: str | None = None, to_vintage: str | None = None, *,
         limit: int = 100) -> pd.DataFrame | dict:
    """Compare two vintages of a dataset (default: the two newest).

    Parameters
    ----------
    dataset : a dataset id (``hemigov data status``). None: one summary row per table of every dataset that
        has two vintages or more (its two newest).
    from_vintage, to_vintage : the vintages; default the newest and the one before it.
    limit : how many revisions, added and removed rows to return (the counts are always complete).

    Returns
    -------
    dict or DataFrame
        For one dataset a dict: ``dataset``, ``from_vintage``, ``to_vintage``, ``summary`` (DataFrame, one row
        per table: rows_from, rows_to, rows_added, rows_removed, cells_revised, years and countries affected),
        ``revisions`` (DataFrame, largest absolute change first: table, key columns, field, old, new, change,
        rel_change), ``added`` / ``removed`` (DataFrames of rows), ``years`` and ``countries`` (lists).
        Without a dataset, a DataFrame of summaries with ``dataset``, ``from_vintage``, ``to_vintage``.
    """
    con = store.connect()
    try:
        if dataset is None:
            if from_vintage or to_vintage:
                raise InputError(None, "--from/--to", "name a dataset to compare given vintages")
            rows = []
            multi = [r[0] for r in con.execute("SELECT dataset FROM datasets GROUP BY dataset "
                                               "HAVING count(*) > 1 ORDER BY dataset").fetchall()]
            for ds in multi:
                old, new = _pick(_vintages(con, ds), ds, None, None)
                for t in _tables(con, ds, (old, new)):
                    s = _table_diff(con, t, ds, old, new, 0)["summary"]
                    rows.append({"dataset": ds, "from_vintage": old, "to_vintage": new, **s})
            return pd.DataFrame(rows)
        vintages = _vintages(con, dataset)
        if not vintages:
            known = [r[0] for r in con.execute("SELECT DISTINCT dataset FROM datasets ORDER BY 1").fetchall()]
            close = [k for k in known if dataset.lower() in k.lower()]
            raise InputError(None, "dataset", f"unknown dataset {dataset!r}"
                             + (f"; did you mean {', '.join(close[:6])}?" if close else
                                "; see `hemigov data status`"))
        old, new = _pick(vintages, dataset, from_vintage, to_vintage)
        parts = [_table_diff(con, t, dataset, old, new, limit) for t in _tables(con, dataset, (old, new))]
    finally:
        con.close()
    revisions = [p["revisions"] for p in parts if len(p["revisions"])]
    rev = pd.concat(revisions, ignore_index=True) if revisions else pd.DataFrame(
        columns=["table", "field", "old", "new", "change", "rel_change"])
    if len(rev):
        rev = rev.sort_values("change", key=lambda s: s.abs(), ascending=False, na_position="last",
                              kind="stable").head(limit).reset_index(drop=True)
    return {
        "dataset": dataset, "from_vintage": old, "to_vintage": new,
        "summary": pd.DataFrame([p["summary"] for p in parts]),
        "revisions": rev,
        "added": pd.concat([p["added"] for p in parts], ignore_index=True) if parts else pd.DataFrame(),
        "removed": pd.concat([p["removed"] for p in parts], ignore_index=True) if parts else pd.DataFrame(),
        "years": sorted({y for p in parts for y in p["years"]}),
        "countries": sorted({c for p in parts for c in p["countries"]}),
    }

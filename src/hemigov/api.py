"""The public Python API: what notebooks and the CLI call.

>>> import hemigov
>>> hemigov.table("v_resettlement").query("destination_iso3 == 'CAN'").head()
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import pandas as pd

from hemigov import geo
from hemigov.core.errors import HemigovError, InputError
from hemigov.warehouse import load, reader, snapshot, store
from hemigov.warehouse.schema import TABLES
from hemigov.warehouse.views import view_sql


def connect() -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection to the warehouse (created from the embedded snapshot on first use).

    It cannot read files outside the warehouse, and it is closed when an import swaps a new warehouse in.
    """
    return store.connect()


def query(sql: str, params: list | None = None, *, timeout: float | None = reader.QUERY_TIMEOUT) -> pd.DataFrame:
    """Run read-only SQL against the warehouse: no access to files outside it, memory and threads capped,
    stopped after ``timeout`` seconds (None: no limit). Errors are one line (exit 2)."""
    return reader.query(sql, params, timeout=timeout)


def table(name: str, vintage: str | None = None) -> pd.DataFrame:
    """A table or view as a DataFrame.

    ``table("displacement")`` is the newest vintage (the ``v_displacement`` view);
    ``table("displacement", vintage="2025-06")`` is that release only.
    """
    base = name[2:] if name.startswith("v_") else name
    if vintage is not None:
        if base not in TABLES or not TABLES[base].versioned:
            raise InputError(None, "table", f"{name!r} has no vintages")
        return query(f'SELECT * EXCLUDE (dataset, vintage), dataset, vintage FROM "{base}" WHERE vintage = ?',
                     [vintage])
    views = view_sql()
    if f"v_{base}" in views:
        return query(f'SELECT * FROM "v_{base}"')
    if name in TABLES:
        return query(f'SELECT * FROM "{name}"')
    raise InputError(None, "table", f"unknown table {name!r}; known: {', '.join(sorted(views))}")


def import_data(paths_in: Iterable[str | Path], *, vintage: str | None = None, force: bool = False,
                on_total: Callable[[int], None] | None = None,
                on_file: Callable[[str], None] | None = None) -> pd.DataFrame:
    """Import publisher files or folders (layouts auto-detected); returns one record per file."""
    rep = load.import_paths([Path(p) for p in paths_in], vintage=vintage, force=force,
                            on_total=on_total, on_file=on_file)
    return pd.DataFrame(rep.records())


def status() -> pd.DataFrame:
    """Every loaded file: dataset, vintage, sha256, rows, licence, citation, and whether it is current."""
    return query("SELECT * FROM v_datasets")


def countries(group: str | None = None) -> pd.DataFrame:
    """The country table, or the members of one grouping (any year) when ``group`` is given."""
    if group is None:
        return query("SELECT * FROM v_countries")
    df = query("SELECT * FROM v_groupings WHERE lower(grouping) = lower(?)", [group])
    if df.empty:
        known = ", ".join(sorted(geo.groupings().grouping.unique()))
        raise InputError(None, "--group", f"unknown grouping {group!r}; known: {known}")
    return df


def layouts() -> pd.DataFrame:
    """The file layouts hemigov can import."""
    from hemigov import sources

    return pd.DataFrame([{"dataset": lay.dataset, "adapter": lay.adapter, "publisher": lay.publisher,
                          "title": lay.title, "licence": lay.licence} for lay in sources.layouts()])


def build_snapshot() -> dict:
    """Write the embedded snapshot from the current warehouse (maintainers)."""
    if not store.exists():
        raise HemigovError("no warehouse to build from: import the official files first")
    return snapshot.build()

"""Opening the warehouse and changing it atomically.

Readers open the DuckDB file read-only. Writers copy it to a temporary file beside it, change the copy,
checkpoint, close and ``os.replace`` it over the original: a failure at any point leaves the previous
file untouched, and a reader that still holds the old file keeps a consistent view.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from hemigov import geo
from hemigov.core import paths
from hemigov.warehouse import package_data
from hemigov.warehouse.schema import TABLES
from hemigov.warehouse.views import create_views


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    for t in TABLES.values():
        con.execute(t.ddl())


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)load the package's reviewed reference tables: countries, aliases, groupings."""
    frames = {"countries": geo.countries(), "country_aliases": geo.aliases(),
              "groupings": geo.groupings(), "grouping_info": geo.grouping_info()}
    for name, df in frames.items():
        cols = list(TABLES[name].columns)
        df = df.reindex(columns=cols).replace({"": None})
        con.execute(f'DELETE FROM "{name}"')
        if len(df):
            con.register("_ref", df)
            con.execute(f'INSERT INTO "{name}" SELECT {", ".join(_cast(name, c) for c in cols)} FROM _ref')
            con.unregister("_ref")


def _cast(table: str, col: str) -> str:
    typ = TABLES[table].columns[col].replace(" NOT NULL", "")
    return f'CAST("{col}" AS {typ}) AS "{col}"'


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    if df.empty:
        return
    con.register("_frame", df)
    cols = list(TABLES[table].columns)
    con.execute(f'INSERT INTO "{table}" SELECT {", ".join(_cast(table, c) for c in cols)} FROM _frame')
    con.unregister("_frame")


def clear_dataset(con: duckdb.DuckDBPyConnection, dataset: str, vintage: str | None = None) -> None:
    """Remove one vintage of a dataset (every vintage when ``vintage`` is None): its rows in every domain
    table and its ``datasets`` row, so that loading it again replaces it."""
    where, params = ("dataset = ?", [dataset]) if vintage is None else ("dataset = ? AND vintage = ?",
                                                                           [dataset, vintage])
    for t in TABLES.values():
        if t.versioned or t.name == "datasets":
            con.execute(f'DELETE FROM "{t.name}" WHERE {where}', params)


def record_dataset(con: duckdb.DuckDBPyConnection, **row) -> None:
    """Add a ``datasets`` row; ``row`` names every column of the table (see schema.py)."""
    cols = list(TABLES["datasets"].columns)
    if set(row) != set(cols):
        raise ValueError(f"datasets row: columns {sorted(set(row) ^ set(cols))} missing or unknown")
    con.execute(f"INSERT INTO datasets ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [row[c] for c in cols])


@contextmanager
def _tmp_copy(live: Path, *, fresh: bool) -> Iterator[Path]:
    tmp = live.with_name(f".{live.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        if live.exists() and not fresh:
            shutil.copyfile(live, tmp)
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)


def write(change: Callable[[duckdb.DuckDBPyConnection], None], *, fresh: bool = False) -> None:
    """Apply ``change`` to a copy of the warehouse and swap it in atomically, or leave all as it was."""
    live = paths.warehouse_path()
    live.parent.mkdir(parents=True, exist_ok=True)
    with _tmp_copy(live, fresh=fresh) as tmp:
        con = duckdb.connect(str(tmp))
        try:
            create_schema(con)
            load_reference(con)
            change(con)
            package_data.load(con)
            create_views(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, live)


def exists() -> bool:
    return paths.warehouse_path().exists()


def connect() -> duckdb.DuckDBPyConnection:
    """A read-only cursor on the warehouse (created from the embedded snapshot on first use): the process's
    held connection (:mod:`hemigov.warehouse.reader`), closed when a writer swaps the file."""
    from hemigov.warehouse import reader

    return reader.connection()

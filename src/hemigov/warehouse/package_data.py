"""Facts committed inside the package (the paper's tables and text figures) load with every write.

They are reference data like the country table: no import needed, present on every machine. Their
``datasets`` rows have ``origin = 'package'`` and the sha256 of the committed file.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

from hemigov import sources
from hemigov.sources.base import Layout, RawFile, sha256_of


def load(con: duckdb.DuckDBPyConnection) -> None:
    from hemigov.sources import paper
    from hemigov.warehouse import store
    from hemigov.warehouse.load import parse

    now = datetime.now(UTC).replace(tzinfo=None)
    for path in paper.package_files():
        lay = sources.detect(path)
        if not isinstance(lay, Layout):
            raise RuntimeError(f"package file {path.name} is not a known layout")
        item = parse(RawFile(path=path, sha256=sha256_of(path), bytes=path.stat().st_size, layout=lay))
        ds, vin = lay.dataset, item.parsed.vintage
        for t, df in item.frames.items():
            con.execute(f'DELETE FROM "{t}" WHERE dataset = ?', [ds])
            store.insert_frame(con, t, df)
        con.execute("DELETE FROM datasets WHERE dataset = ?", [ds])
        con.execute("INSERT INTO datasets VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
            ds, vin, lay.publisher, lay.title, path.name, item.raw.sha256, item.raw.bytes, item.rows,
            lay.licence, lay.cite(vin), lay.source_url, lay.adapter, item.parsed.notes or None, "package", now])

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
        vin = item.parsed.vintage
        store.clear_dataset(con, lay.dataset)  # a package fact has one version: the committed file
        for t, df in item.frames.items():
            store.insert_frame(con, t, df)
        store.record_dataset(
            con, dataset=lay.dataset, vintage=vin, publisher=lay.publisher, title=lay.title, file=path.name,
            sha256=item.raw.sha256, bytes=item.raw.bytes, rows=item.rows, licence=lay.licence,
            citation=lay.cite(vin), source_url=lay.source_url, adapter=lay.adapter,
            notes=item.parsed.notes or None, origin="package", loaded_at=now)

"""Turning complete fetches into vintages: raw pages + lock record, then one atomic warehouse write.

Nothing here talks to the network. Every dataset's frames are validated (``conform``) before anything is
written; the raw pages are staged beside ``raw/`` (``store.Staging``) and moved in only after
``hemigov.warehouse.store.write`` swapped the new warehouse in, so a failure at any point leaves the warehouse
file and ``raw/`` as they were, and a kill after the swap is completed by the next writer. Call ``write``
with the writer lock held (``store.writer``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from hemigov.core.errors import HemigovError
from hemigov.live.base import Fetched
from hemigov.warehouse import store
from hemigov.warehouse.schema import TABLES
from hemigov.warehouse.validate import conform

LOCK = "lock.json"


@dataclass
class Ready:
    item: Fetched
    vintage: str
    frames: dict[str, pd.DataFrame]
    sha256: str
    bytes: int


def combined_sha256(item: Fetched) -> str:
    """One file: its own sha256 (as an import records it). Several pages: sha256 of their names and hashes."""
    if len(item.pages) == 1:
        return item.pages[0][1].sha256
    h = hashlib.sha256()
    for name, page in item.pages:
        h.update(f"{name} {page.sha256}\n".encode())
    return h.hexdigest()


def prepare(item: Fetched, vintage: str) -> Ready:
    vin = item.vintage or vintage
    frames = {t: conform(t, df, file=item.request, dataset=item.dataset, vintage=vin)
              for t, df in item.tables.items()}
    if not any(len(f) for f in frames.values()):
        raise HemigovError(f"{item.dataset}: the fetch parsed to no rows ({item.request}); nothing loaded")
    return Ready(item, vin, frames, combined_sha256(item), sum(len(p.body) for _, p in item.pages))


def known_shas(dataset_ids: list[str]) -> dict[str, set[str]]:
    if not store.exists():
        return {}
    con = store.connect()
    try:
        rows = con.execute("SELECT dataset, sha256 FROM datasets").fetchall()
    finally:
        con.close()
    out: dict[str, set[str]] = {}
    for ds, sha in rows:
        if ds in dataset_ids:
            out.setdefault(ds, set()).add(sha)
    return out


def lock_record(r: Ready, captured_at: str) -> dict:
    it = r.item
    return {
        "dataset": it.dataset, "vintage": r.vintage, "origin": "fetch", "publisher": it.layout.publisher,
        "licence": it.layout.licence, "citation": it.layout.cite(r.vintage), "source_url": it.layout.source_url,
        "request": it.request, "captured_at": captured_at, "sha256": r.sha256, "bytes": r.bytes,
        "rows": {t: len(f) for t, f in r.frames.items()}, "notes": it.notes,
        "years": list(it.years) if it.years else None,
        "files": [{"file": name, "url": p.final_url, **({"requested_url": p.url} if p.final_url != p.url else {}),
                   "sha256": p.sha256, "bytes": len(p.body), "status": p.status, "content_type": p.content_type,
                   "fetched_at": p.fetched_at} for name, p in it.pages],
    }


def _carry(c: duckdb.DuckDBPyConnection, r: Ready) -> tuple[int, str | None]:
    """For a partial fetch: copy the other years of the newest earlier vintage into this one."""
    if not r.item.years:
        return 0, None
    prev = c.execute("SELECT max(vintage) FROM datasets WHERE dataset = ? AND vintage <> ?",
                     [r.item.dataset, r.vintage]).fetchone()[0]
    if prev is None:
        return 0, None
    y0, y1 = r.item.years
    n = 0
    for t in r.frames:
        if "year" not in TABLES[t].columns:
            continue
        n += c.execute(f'INSERT INTO "{t}" SELECT * REPLACE (CAST(? AS VARCHAR) AS vintage) FROM "{t}" '
                       f"WHERE dataset = ? AND vintage = ? AND year NOT BETWEEN ? AND ?",
                       [r.vintage, r.item.dataset, prev, y0, y1]).fetchone()[0]
    return n, prev


def write(ready: list[Ready]) -> dict[str, int]:
    """Add every ready dataset as a vintage in one atomic change; returns rows per dataset (incl. carried)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    rows: dict[str, int] = {}

    def change(c: duckdb.DuckDBPyConnection) -> None:
        for r in ready:
            ds, vin, lay = r.item.dataset, r.vintage, r.item.layout
            store.clear_dataset(c, ds, vin)
            for t, df in r.frames.items():
                store.insert_frame(c, t, df)
            carried, prev = _carry(c, r)
            n = sum(len(f) for f in r.frames.values()) + carried
            rows[ds] = n
            notes = r.item.notes + (f"; {carried} rows of other years carried from vintage {prev}" if prev else "")
            files = r.item.pages[0][0] if len(r.item.pages) == 1 else f"{LOCK} ({len(r.item.pages)} pages)"
            store.record_dataset(
                c, dataset=ds, vintage=vin, publisher=lay.publisher, title=lay.title, file=files, sha256=r.sha256,
                bytes=r.bytes, rows=n, licence=lay.licence, citation=lay.cite(vin), source_url=r.item.request,
                adapter=f"fetch.{lay.adapter or 'api'}", notes=notes or None, origin="fetch", loaded_at=now)

    # Raw stage: the pages byte-identical, with the lock record; moved in by store.write after the swap.
    staging = store.Staging.create("fetch-")
    try:
        for r in ready:
            files: dict[str, Path | bytes] = {name: page.body for name, page in r.item.pages}
            files[LOCK] = (json.dumps(lock_record(r, stamp), indent=1, ensure_ascii=False) + "\n").encode()
            staging.add(r.item.dataset, r.vintage, r.sha256, files)
        store.write(change, staging=staging)
    except BaseException:
        staging.discard()
        raise
    return rows

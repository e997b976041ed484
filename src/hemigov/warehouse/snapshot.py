"""The embedded default data: a compact, derived snapshot of the warehouse shipped inside the package.

``build`` selects the newest vintage of each dataset (with the filters in ``FILTERS`` to keep it small)
from a warehouse that has imported the official files, and writes one Parquet file per table plus a
manifest carrying the ``datasets`` rows (publisher, licence, citation, sha256 of every source file).
``initialise`` creates a warehouse from it on a machine that has imported nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

from hemigov.core import paths
from hemigov.core.errors import HemigovError
from hemigov.warehouse import store
from hemigov.warehouse.schema import TABLES, domain_tables
from hemigov.warehouse.views import BY_YEAR, newest_join

MANIFEST = "manifest.json"

#: Extra row filters (SQL on the table's columns) that keep the snapshot small. Documented in
#: docs/data-dictionary.md; everything else of the newest vintage is kept.
FILTERS: dict[str, str] = {
    # Reported zeros and not-reported cells add nothing to sums; population types the report uses.
    "displacement": "persons > 0 AND year >= 2000",
    "displacement_flows": "persons > 0 AND year >= 2000",
    "solutions": "persons > 0 AND year >= 2000",
    "asylum_applications": "applied > 0",
    "asylum_decisions": "total > 0",
    "economy": "year >= 1990",
    "economy_aggregates": "year >= 1990 AND code IN ('WLD', 'LCN', 'NAC', 'HIC', 'LMY', 'EUU')",
    "migrant_stock": "persons > 0",
    "ircc_pr_admissions": "broad_category = 'Resettled Refugee & Protected Person in Canada' "
                          "OR level = 'country_total'",
}


# Newest vintage of every imported dataset; package facts (origin 'package') load with every write anyway.
_CURRENT = ("(SELECT dataset, max(vintage) AS vintage FROM datasets WHERE origin <> 'package' "
            "GROUP BY dataset)")


def _select(table: str) -> str:
    where = FILTERS.get(table)
    join = newest_join(table) if table in BY_YEAR else f"JOIN {_CURRENT} c USING (dataset, vintage)"
    base = f'SELECT t.* FROM "{table}" t {join}'
    order = ", ".join(f'"{k}"' for k in TABLES[table].key)
    return f"{base}{' WHERE ' + where if where else ''} ORDER BY {order}"


def build(out_dir: Path = paths.SNAPSHOT_DIR, con: duckdb.DuckDBPyConnection | None = None) -> dict:
    """Write the snapshot from the warehouse; returns the manifest."""
    own = con is None
    con = con or store.connect()
    try:
        imported = con.execute("SELECT count(*) FROM datasets WHERE origin = 'import'").fetchone()[0]
        if not imported:
            raise HemigovError("the warehouse holds no imported files: run `hemigov data import PATH` first")
        out_dir.mkdir(parents=True, exist_ok=True)
        for old in out_dir.glob("*.parquet"):
            old.unlink()
        tables = {}
        for t in domain_tables():
            df = con.execute(_select(t.name)).df()
            if df.empty:
                continue
            df.to_parquet(out_dir / f"{t.name}.parquet", index=False, compression="zstd")
            tables[t.name] = {"rows": len(df)}
        # The datasets rows of the current vintages, and of older ones a BY_YEAR table still holds rows of.
        held = "".join(f' UNION SELECT DISTINCT dataset, vintage FROM ({_select(t)})' for t in BY_YEAR
                       if t in tables)
        ds = con.execute(f"SELECT d.* FROM datasets d JOIN (SELECT * FROM {_CURRENT}{held}) USING (dataset, vintage) "
                         "ORDER BY dataset, vintage").df()
        ds["loaded_at"] = ds["loaded_at"].astype(str)
        manifest = {"format": 1, "tables": tables, "filters": FILTERS,
                    "datasets": json.loads(ds.to_json(orient="records"))}
        (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
        return manifest
    finally:
        if own:
            con.close()


def read_manifest(out_dir: Path = paths.SNAPSHOT_DIR) -> dict:
    """The snapshot's manifest: its tables (rows), filters and ``datasets`` rows."""
    mf = out_dir / MANIFEST
    if not mf.exists():
        raise HemigovError(f"{mf}: no embedded snapshot in this installation")
    return json.loads(mf.read_text())


def read(out_dir: Path = paths.SNAPSHOT_DIR) -> tuple[dict, dict[str, pd.DataFrame]]:
    """The manifest and every table as a frame."""
    manifest = read_manifest(out_dir)
    frames = {name: pd.read_parquet(out_dir / f"{name}.parquet") for name in manifest["tables"]}
    return manifest, frames


def initialise(out_dir: Path = paths.SNAPSHOT_DIR) -> None:
    """Create the warehouse from the embedded snapshot (atomic; replaces nothing if a warehouse exists).

    Holds the writer lock: two first readers starting at once initialise it once, and an import that started
    first is never replaced by the snapshot.
    """
    with store.writer("snapshot initialisation"):
        if store.exists():
            return
        _initialise(out_dir)


def _initialise(out_dir: Path) -> None:
    manifest = read_manifest(out_dir)

    def change(con: duckdb.DuckDBPyConnection) -> None:
        for name in manifest["tables"]:  # DuckDB reads the Parquet itself: no frame of 1.6 million rows
            store.insert_parquet(con, name, out_dir / f"{name}.parquet")
        ds = pd.DataFrame(manifest["datasets"]).assign(origin="snapshot")
        ds["loaded_at"] = pd.to_datetime(ds["loaded_at"])
        store.insert_frame(con, "datasets", ds.reindex(columns=list(TABLES["datasets"].columns)))

    store.write(change, fresh=True)

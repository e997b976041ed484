"""Benchmark: full import of ../shared/data, a no-change re-import, and snapshot initialisation.

    python bench/bench_import.py [SHARED_DATA]

Each step runs in its own Python process, so its wall time is not slowed by memory tracing and its peak
resident memory (max RSS) is its own. Steps that share a data home run in order. A plain-pandas baseline
(reading the UNHCR population file and writing it to Parquet) shows what the import costs beyond parsing.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _step(name: str, shared: str) -> dict:
    """Run one step in this process and return its figures (called in a child process)."""
    import hemigov
    from hemigov.warehouse import snapshot

    t0 = time.perf_counter()
    note = ""
    if name in ("import", "reimport"):
        rep = hemigov.import_data([Path(shared)])
        rows = int(hemigov.query("SELECT sum(rows) AS n FROM v_datasets WHERE origin = 'import'")["n"][0])
        if name == "import":
            dt = time.perf_counter() - t0
            note = f"{int((rep.status == 'loaded').sum())} files, {rows:,} rows, {rows / dt:,.0f} rows/s"
        else:
            note = f"{int((rep.status == 'unchanged').sum())} files unchanged"
    elif name == "snapshot":
        snapshot.initialise()
        rows = sum(t["rows"] for t in snapshot.read()[0]["tables"].values())
        note = f"{rows:,} rows, {rows / (time.perf_counter() - t0):,.0f} rows/s"
    elif name == "query":
        hemigov.query("SELECT count(*) FROM v_displacement")
    elif name == "baseline":
        import pyreadr

        df = pyreadr.read_r(str(Path(shared) / "unhcr-refugees/2026-06-end2025/population.rda"))["population"]
        df.to_parquet(Path(os.environ["HEMIGOV_HOME"]) / "pop.parquet")
        note = f"{len(df):,} wide rows"
    dt = time.perf_counter() - t0
    return {"wall": dt, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "note": note}


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--step":
        print(json.dumps(_step(sys.argv[2], sys.argv[3])))
        return
    shared = str(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
    steps = [("full import (cold)", "import", "full"), ("re-import (nothing changed)", "reimport", "full"),
             ("snapshot initialisation (fresh home)", "snapshot", "snap"),
             ("first query on the snapshot warehouse", "query", "snap"),
             ("baseline: pandas read population.rda + to_parquet", "baseline", "base")]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, name, home in steps:
            (Path(tmp) / home).mkdir(exist_ok=True)
            env = {**os.environ, "HEMIGOV_HOME": str(Path(tmp) / home)}
            res = subprocess.run([sys.executable, __file__, "--step", name, shared], env=env, check=True,
                                 capture_output=True, text=True)
            out.append((label, json.loads(res.stdout.strip().splitlines()[-1])))
        size = (Path(tmp) / "full" / "warehouse.duckdb").stat().st_size / 2**20

    print(f"{'step':52} {'wall s':>8} {'max RSS MiB':>12}  notes")
    for label, r in out:
        print(f"{label:52} {r['wall']:8.2f} {r['rss']:12.1f}  {r['note']}")
    snap = sum(p.stat().st_size for p in (ROOT / "src/hemigov/data/snapshot").glob("*")) / 2**20
    print(f"warehouse file after full import: {size:.1f} MiB; embedded snapshot: {snap:.1f} MiB")


if __name__ == "__main__":
    main()

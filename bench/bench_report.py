"""Benchmark: build the report cold (fresh home, empty folder) and warm (nothing changed), peak memory.

    python bench/bench_report.py

Each step runs in its own Python process, so its peak resident memory (max RSS) is its own; the steps share one
data home, initialised from the embedded snapshot first. Also timed: a forced rebuild into the existing folder
(charts whose spec did not change are copied, not drawn again), and a plain-pandas baseline (the sections'
tables written as CSV, no charts or pages): what the site costs beyond its data.
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


def _step(name: str, out: str) -> dict:
    t0 = time.perf_counter()
    note = ""
    if name == "init":
        import hemigov

        hemigov.query("SELECT count(*) FROM v_datasets")
    elif name in ("cold", "warm", "force"):
        from hemigov.report import build

        res = build(out, force=name == "force")
        size = sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file()) / 2**20
        note = (f"skipped={res.skipped}; {res.pages} pages, {res.exhibits} tables, {res.charts} charts; "
                f"site {size:.0f} MiB")
    elif name == "baseline":
        import hemigov
        from hemigov.report.context import Context
        from hemigov.report.sections import available

        ctx = Context(hemigov.__version__)
        n = 0
        Path(out).mkdir(parents=True, exist_ok=True)
        for s in available()[0]:
            if s.requires:
                continue
            for page in s.build(ctx):
                for ex in page.exhibits:
                    ex.data.to_csv(Path(out) / f"{ex.id}.csv", index=False)
                    n += 1
        note = f"{n} CSVs from the warehouse-only sections"
    return {"wall": time.perf_counter() - t0, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "note": note}


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--step":
        print(json.dumps(_step(sys.argv[2], sys.argv[3])))
        return
    steps = [("snapshot initialisation (fresh home)", "init", "site"), ("report build, cold", "cold", "site"),
             ("report build, warm (nothing changed)", "warm", "site"),
             ("report rebuild, forced (unchanged charts reused)", "force", "site"),
             ("baseline: section tables to CSV with pandas", "baseline", "csv")]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HEMIGOV_HOME": str(Path(tmp) / "home")}
        for label, name, folder in steps:
            res = subprocess.run([sys.executable, __file__, "--step", name, str(Path(tmp) / folder)], env=env,
                                 check=True, capture_output=True, text=True)
            out.append((label, json.loads(res.stdout.strip().splitlines()[-1])))
    print(f"{'step':50} {'wall s':>8} {'max RSS MiB':>12}  notes")
    for label, r in out:
        print(f"{label:50} {r['wall']:8.2f} {r['rss']:12.1f}  {r['note']}")
    print(f"CPUs: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

"""Time the replication (all six exhibits) and the claims ledger (both evaluations) on a data home.

    python bench/bench_replication.py [HEMIGOV_HOME] [--before SRC --before-home HOME]

Each measurement runs in a fresh process with the warehouse opened before timing: ``replicate()`` and
``claims('both')`` first (the derived layer's memo empty), then ``replicate()`` again (memo warm). Wall time and
rows are printed, and the process's peak resident memory (tracemalloc is not used: it slows pure-Python work
several-fold, which would penalise pandas code against SQL). ``--before SRC --before-home HOME`` runs the same with
another checkout's code (``SRC`` = its ``src`` folder, e.g. the code before the derived layer) on its home, beside.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Run in a fresh process with the code under test: prints the timings as JSON on the last line.
TIMING = """
import json, resource, time
import hemigov
hemigov.query("SELECT 1")  # open the warehouse outside the timings
out = {}
for label, fn in [("replicate()", hemigov.replicate), ("claims('both')", lambda: hemigov.claims("both")),
                  ("replicate() again", hemigov.replicate)]:
    t0 = time.perf_counter()
    rows = len(fn())
    out[label] = [time.perf_counter() - t0, rows]
out["peak RSS MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def timed(src: Path, home: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src), "HEMIGOV_HOME": home}
    out = subprocess.run([sys.executable, "-c", TIMING], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("home", nargs="?", default=os.environ.get("HEMIGOV_HOME"))
    ap.add_argument("--before", type=Path, help="src folder of the code to compare with")
    ap.add_argument("--before-home", help="an imported data home for that code")
    args = ap.parse_args()
    if not args.home:
        ap.error("give a data home (or set HEMIGOV_HOME)")
    runs = {"this code": timed(ROOT / "src", args.home)}
    if args.before:
        runs["before"] = timed(args.before, args.before_home or args.home)
    print(f"warehouse: {args.home}")
    print(f"{'':<20}" + "".join(f"{k:>22}" for k in runs))
    for what in [k for k in runs["this code"] if k != "peak RSS MiB"]:
        print(f"{what:<20}" + "".join(f"{r[what][0]:>9.2f} s  rows {r[what][1]:>4}" for r in runs.values()))
    print(f"{'peak RSS':<20}" + "".join(f"{r['peak RSS MiB']:>14.0f} MiB   " for r in runs.values()))


if __name__ == "__main__":
    main()

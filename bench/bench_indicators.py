"""Benchmark: the representation indicator, warm, against a plain-pandas baseline over the raw UNHCR files; then
every registered indicator with its defaults.

    python bench/bench_indicators.py [HEMIGOV_HOME] [--before SRC --before-home HOME]

Uses the given data home (or $HEMIGOV_HOME) if it holds imported files; otherwise imports ../shared/data into a
temporary home first (not timed).

- **Baseline** (same run): plain pandas over UNHCR's raw ``population.rda`` and ``solutions.rda`` of the newest
  release in ../shared/data (read with pyreadr, regions from the package's ``countries.csv``): the Americas' share
  of Canada's resettlement 2015-2020 (s_r) and of the world's cross-border displaced (d_r). It must reproduce the
  indicator's s_r and d_r.
- ``indicator('representation', destination='CAN', years='2015-2020')`` in a fresh process (the warehouse opened
  before timing): the first call, a **repeated** call (same parameters) and a **first call with new parameters**
  (other years, each set used once), medians of ``REPEAT`` calls. Goals: repeated ≥ 40× and new parameters ≥ 15×
  faster than the baseline.
- ``--before SRC --before-home HOME`` times the same calls with another checkout's code (``SRC`` = its ``src``
  folder, e.g. the code before the derived layer) on its own imported home, printed beside.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 7
GOALS = {"repeated": 40.0, "new parameters": 15.0}

#: Run in a fresh process with the code under test: prints the timings as JSON on the last line.
TIMING = f"""
import json, statistics, time
import hemigov
hemigov.query("SELECT 1")  # open the warehouse outside the timings

def call(years):
    t0 = time.perf_counter()
    df = hemigov.indicator("representation", destination="CAN", years=years)
    return time.perf_counter() - t0, df

first, df = call("2015-2020")
repeated = statistics.median(call("2015-2020")[0] for _ in range({REPEAT}))
new = statistics.median(call(f"{{a}}-{{a + 5}}")[0] for a in range(2000, 2000 + {REPEAT}))
row = df[df.region.isin(["The Americas", "Western hemisphere"])].iloc[0]
print(json.dumps({{"first": first, "repeated": repeated, "new parameters": new, "s_r": float(row.s_r),
                  "d_r": float(row.d_r)}}))
"""


def _home(arg: str | None) -> None:
    if arg:
        os.environ["HEMIGOV_HOME"] = arg
    import hemigov

    if os.environ.get("HEMIGOV_HOME"):
        n = hemigov.query("SELECT count(*) AS n FROM v_datasets WHERE origin = 'import'").n.iloc[0]
        if n:
            return
    home = tempfile.mkdtemp(prefix="hemigov-bench-")
    os.environ["HEMIGOV_HOME"] = home
    print(f"importing {ROOT.parent / 'shared' / 'data'} into {home} (not timed) ...", flush=True)
    hemigov.import_data([ROOT.parent / "shared" / "data"])


def _raw_release() -> Path:
    shared = Path(os.environ.get("HEMIGOV_SHARED_DATA", ROOT.parent / "shared" / "data"))
    releases = sorted(p for p in (shared / "unhcr-refugees").iterdir() if (p / "population.rda").is_file())
    return releases[-1]


def baseline() -> tuple[float, float, float]:
    """Plain pandas over the raw .rda files: (seconds, s_r, d_r) for the Americas, Canada, 2015-2020."""
    import pandas as pd
    import pyreadr

    t0 = time.perf_counter()
    release = _raw_release()
    pop = pyreadr.read_r(release / "population.rda")["population"]
    sol = pyreadr.read_r(release / "solutions.rda")["solutions"]
    ctry = pd.read_csv(ROOT / "src" / "hemigov" / "data" / "countries.csv", dtype=str, keep_default_na=False)
    americas = set(ctry.loc[ctry.unhcr_region == "The Americas", "iso3"])
    sol = sol[(sol.coa_iso == "CAN") & sol.year.between(2015, 2020)]
    pop = pop[pop.year.between(2015, 2020)]
    displaced = pop[["refugees", "asylum_seekers", "oip"]].sum(axis=1)
    s_r = sol.loc[sol.coo_iso.isin(americas), "resettlement"].sum() / sol.resettlement.sum()
    d_r = displaced[pop.coo_iso.isin(americas)].sum() / displaced.sum()
    return time.perf_counter() - t0, float(s_r), float(d_r)


def timed(src: Path, home: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src), "HEMIGOV_HOME": home}
    out = subprocess.run([sys.executable, "-c", TIMING], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def every_indicator() -> None:
    import hemigov
    from hemigov.indicators import REGISTRY

    print(f"\nevery indicator with its defaults ({REPEAT} runs each, this process, memo warm after the first):")
    print(f"{'indicator':<24}{'first s':>9}{'median s':>10}{'rows':>7}{'peak MiB':>10}")
    for name in sorted(REGISTRY):
        t0 = time.perf_counter()
        df = hemigov.indicator(name)
        first = time.perf_counter() - t0
        times = []
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            hemigov.indicator(name)
            times.append(time.perf_counter() - t0)
        tracemalloc.start()
        hemigov.indicator(name)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"{name:<24}{first:>9.3f}{statistics.median(times):>10.3f}{len(df):>7}{peak:>10.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("home", nargs="?")
    ap.add_argument("--before", type=Path, help="src folder of the code to compare with")
    ap.add_argument("--before-home", help="an imported data home for that code")
    args = ap.parse_args()
    _home(args.home)
    print(f"warehouse: {os.environ['HEMIGOV_HOME']}; raw files: {_raw_release()}\n")
    base = min((baseline() for _ in range(2)), key=lambda b: b[0])
    print(f"baseline: plain pandas over the raw .rda files: {base[0]:.3f} s (s_r {base[1]:.4%}, d_r {base[2]:.4%})")
    runs = {"this code": timed(ROOT / "src", os.environ["HEMIGOV_HOME"])}
    if args.before:
        runs["before"] = timed(args.before, args.before_home or os.environ["HEMIGOV_HOME"])
    print("\nindicator('representation', destination='CAN', years='2015-2020'), median of "
          f"{REPEAT} calls (x = times faster than the baseline):")
    print(f"{'':<16}" + "".join(f"{k:>24}" for k in runs))
    for what in ("first", "repeated", "new parameters"):
        print(f"{what:<16}" + "".join(f"{r[what]:>14.4f} s {base[0] / r[what]:>6.1f}x" for r in runs.values()))
    now = runs["this code"]
    same = abs(now["s_r"] - base[1]) < 1e-12 and abs(now["d_r"] - base[2]) < 1e-12
    print(f"\nindicator s_r {now['s_r']:.4%}, d_r {now['d_r']:.4%}: "
          f"{'the same as' if same else 'DIFFERENT FROM'} the baseline")
    for what, goal in GOALS.items():
        x = base[0] / now[what]
        print(f"goal {what} >= {goal:.0f}x: {x:.1f}x {'met' if x >= goal else 'NOT MET'}")
    every_indicator()


if __name__ == "__main__":
    main()

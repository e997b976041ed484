"""Benchmark: every registered indicator, with its defaults, on the full warehouse.

    python bench/bench_indicators.py [HEMIGOV_HOME]

Uses the given data home (or $HEMIGOV_HOME) if it holds imported files; otherwise imports ../shared/data into a
temporary home first (not timed). Each indicator runs REPEAT times; the best and median wall times, output rows
and peak Python memory (tracemalloc, one extra run) are printed. A plain-pandas baseline computes the
representation indicator's core (Canada 2015-2020, paper regions) by reading whole views into pandas.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 5


def _home() -> None:
    if len(sys.argv) > 1:
        os.environ["HEMIGOV_HOME"] = sys.argv[1]
    import hemigov

    if os.environ.get("HEMIGOV_HOME"):
        n = hemigov.query("SELECT count(*) AS n FROM v_datasets WHERE origin = 'import'").n.iloc[0]
        if n:
            return
    home = tempfile.mkdtemp(prefix="hemigov-bench-")
    os.environ["HEMIGOV_HOME"] = home
    print(f"importing {ROOT.parent / 'shared' / 'data'} into {home} (not timed) ...", flush=True)
    hemigov.import_data([ROOT.parent / "shared" / "data"])


def _baseline() -> tuple[float, float]:
    import hemigov

    t0 = time.perf_counter()
    res = hemigov.query("SELECT * FROM v_resettlement")
    disp = hemigov.query("SELECT * FROM v_displacement")
    ctry = hemigov.query("SELECT iso3, paper_region FROM v_countries").set_index("iso3").paper_region
    res = res[(res.source == "unhcr") & (res.destination_iso3 == "CAN") & res.year.between(2015, 2020)]
    disp = disp[disp.population_type.isin(["refugees", "asylum_seekers", "oip"]) & disp.year.between(2015, 2020)]
    s = res.groupby(res.origin_iso3.map(ctry).fillna("(unclassified)")).persons.sum()
    d = disp.groupby(disp.origin_iso3.map(ctry).fillna("(unclassified)")).persons.sum()
    share = (s / s.sum()).get("Western hemisphere"), (d / d.sum()).get("Western hemisphere")
    return time.perf_counter() - t0, share[0]


def main() -> None:
    _home()
    import hemigov
    from hemigov.indicators import REGISTRY

    hemigov.query("SELECT 1")  # open the warehouse once before timing
    print(f"warehouse: {os.environ['HEMIGOV_HOME']}; {REPEAT} runs per indicator, defaults\n")
    print(f"{'indicator':<24}{'best s':>9}{'median s':>10}{'rows':>7}{'peak MiB':>10}")
    total = 0.0
    for name in sorted(REGISTRY):
        times = []
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            df = hemigov.indicator(name)
            times.append(time.perf_counter() - t0)
        tracemalloc.start()
        hemigov.indicator(name)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        total += statistics.median(times)
        print(f"{name:<24}{min(times):>9.3f}{statistics.median(times):>10.3f}{len(df):>7}{peak:>10.1f}")
    print(f"{'all (sum of medians)':<24}{'':>9}{total:>10.3f}")
    dt, s = _baseline()
    rep = hemigov.indicator("representation").set_index("region").loc["Western hemisphere", "s_r"]
    print(f"\nbaseline: plain pandas over whole views (representation core): {dt:.3f} s "
          f"(s_r {s:.4%}; indicator {rep:.4%})")


if __name__ == "__main__":
    main()

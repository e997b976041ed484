"""Benchmark: ``case_studies()`` and the effect estimates, this checkout beside another one; and the count
regression against statsmodels.

    python bench/bench_effects.py [--before DIR] [--repeat N]

DIR is another checkout of hemigov (e.g. a worktree of the commit before the derived layer); both are timed in
fresh processes (``PYTHONPATH=<checkout>/src``) on the warehouse of HEMIGOV_HOME (the embedded snapshot when
unset), and printed side by side. Per checkout: the first ``case_studies()`` of a process (the warehouse is
opened first, outside the timing; with the US border cases it reads the OHSS table too), then the median of N
repeated calls; loading one US border series once OHSS's table is read; one ITS (``stca-2023-rcmp-quebec``),
first call and repeated; every case's median; the peak resident memory of the process. Last, the same
simulated negative-binomial ITS fitted by hemigov's fitter and by statsmodels (discrete NegativeBinomial, joint
ML) in this process, to show what the fitter costs per fit.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parents[1]
ITS_CASE = "stca-2023-rcmp-quebec"


def _timed(fn):
    t0 = time.perf_counter()
    try:
        out = fn()
    except Exception as e:  # a case that cannot be estimated: time it and say so
        out = e
    return time.perf_counter() - t0, out


def _median(fn, n: int):
    runs = [_timed(fn) for _ in range(n)]
    return statistics.median(t for t, _ in runs), runs[-1][1]


def _rate_ratio(r) -> float | None:
    if isinstance(r, Exception):
        return None
    return float(r["effect_rate_ratio"] if isinstance(r, dict) else r.rate_ratio.value)


def worker(repeat: int) -> None:
    """Run inside the checkout being timed; print one JSON object."""
    import hemigov

    hemigov.query("SELECT 1")  # open the warehouse outside the timings
    out = {}
    t, cs = _timed(hemigov.case_studies)
    out["case_studies() first call"] = t
    out["case_studies() repeated"], _ = _median(hemigov.case_studies, repeat)
    from hemigov.effects import series as effect_series

    if "us-border" in getattr(effect_series, "KEYS", {}):  # checkouts from before the US border series lack it
        out["us-border series load (memoised read)"], _ = _median(
            lambda: effect_series.load("us-border:region=Northern Land Border,citizenship=MEX"), repeat)
    t, r = _timed(lambda: hemigov.effect(case=ITS_CASE))
    out[f"ITS {ITS_CASE}, first call"] = t
    out[f"ITS {ITS_CASE}, repeated"], _ = _median(lambda: hemigov.effect(case=ITS_CASE), repeat)
    rr = {}
    for name in cs.case:
        out[f"case {name}"], r = _median(lambda name=name: hemigov.effect(case=name), repeat)
        rr[name] = _rate_ratio(r)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"times": out, "rate_ratios": rr, "peak_mb": peak, "code": str(Path(hemigov.__file__).parent)}))


def _run(checkout: Path, repeat: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(checkout / "src"))
    p = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", "--repeat", str(repeat)],
                       env=env, capture_output=True, text=True, check=False)
    if p.returncode:
        raise SystemExit(f"{checkout}: the worker failed:\n{p.stderr}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def side_by_side(before: Path | None, repeat: int) -> None:
    after = _run(HERE, repeat)
    old = _run(before, repeat) if before else None
    print(f"before: {old['code'] if old else '(no --before given)'}\nafter:  {after['code']}")
    print(f"{'':46} {'before ms':>10} {'after ms':>10} {'after/before':>13}")
    for k, t in after["times"].items():
        b = old["times"].get(k) if old else None
        ratio = f"{t / b:13.2f}" if b else f"{'':13}"
        print(f"{k:46} {b * 1000 if b else float('nan'):10.1f} {t * 1000:10.1f} {ratio}")
    print(f"{'peak resident memory (MB)':46} {old['peak_mb'] if old else float('nan'):10.0f} "
          f"{after['peak_mb']:10.0f}")
    print("rate ratios (before / after; – = not estimable):")
    for name, v in after["rate_ratios"].items():
        b = old["rate_ratios"].get(name) if old else None
        print(f"  {name:30} {'–' if b is None else f'{b:.4g}':>8} {'–' if v is None else f'{v:.4g}':>8}")


def fitter() -> None:
    from hemigov.effects import estimators, glm

    rng = np.random.default_rng(1)
    periods = pd.date_range("2015-01-01", periods=72, freq="MS")
    k = np.arange(72)
    mu = 150 * np.exp(0.005 * k + 0.2 * np.sin(2 * np.pi * periods.month.to_numpy() / 12)) * np.where(k >= 48, .6, 1)
    sims = [pd.DataFrame({"period": periods, "count": rng.negative_binomial(20, 1 / (1 + 0.05 * mu))})
            for _ in range(50)]
    t0 = time.perf_counter()
    for d in sims:
        estimators.its(d, periods[48], "M")
    t_its = (time.perf_counter() - t0) / len(sims)
    X = np.column_stack([np.ones(72), k - 48, k >= 48, (k >= 48) * (k - 48)]
                        + [periods.month == m for m in range(2, 13)]).astype(float)
    import statsmodels.api as sm

    t0 = time.perf_counter()
    for d in sims:
        sm.NegativeBinomial(d["count"].to_numpy(), X, loglike_method="nb2").fit(disp=0, maxiter=500)
    t_sm = (time.perf_counter() - t0) / len(sims)
    t0 = time.perf_counter()
    for d in sims:
        glm.fit(d["count"].to_numpy(), X, family="negbin", cov_type="HAC")
    t_glm = (time.perf_counter() - t0) / len(sims)
    print(f"monthly ITS, 72 points, 15 terms: estimators.its {t_its * 1000:.1f} ms/series "
          f"(glm.fit alone {t_glm * 1000:.1f} ms); statsmodels NegativeBinomial ML {t_sm * 1000:.1f} ms/fit")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, help="another hemigov checkout to time beside this one")
    ap.add_argument("--repeat", type=int, default=5, help="repeated calls per measure (median)")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        worker(a.repeat)
        return
    side_by_side(a.before.resolve() if a.before else None, a.repeat)
    fitter()


if __name__ == "__main__":
    main()

"""Benchmark: time per built-in case study, and the count regression against statsmodels.

    python bench/bench_effects.py

Uses the warehouse of HEMIGOV_HOME (the embedded snapshot when unset). Each case runs three times; the
median wall time is printed with the estimate and its interval. The baseline fits the same simulated
negative-binomial ITS model with statsmodels (discrete NegativeBinomial, joint ML) to show what the
hemigov fitter (profile ML + IRLS + HAC) costs per fit.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd


def _median_time(fn, n: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(n):
        t0 = time.perf_counter()
        try:
            out = fn()
        except Exception as e:  # a case that cannot be estimated: report why
            out = e
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    import hemigov
    from hemigov.effects import estimators, glm

    hemigov.query("SELECT 1")  # initialise the warehouse outside the timings
    t, cs = _median_time(hemigov.case_studies)
    print(f"case_studies(): {t * 1000:.0f} ms for {len(cs)} cases")
    print(f"{'case':30} {'method':12} {'ms':>7}  estimate (95% CI)")
    for name in cs.case:
        t, r = _median_time(lambda name=name: hemigov.effect(case=name))
        if isinstance(r, Exception):
            print(f"{name:30} {'':12} {t * 1000:7.0f}  not estimable: {str(r)[:70]}")
            continue
        print(f"{name:30} {r['method']:12} {t * 1000:7.0f}  RR {r['effect_rate_ratio']:.3g} "
              f"({r['ci_low']:.3g} to {r['ci_high']:.3g}), {len(r['warnings'])} warnings")

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


if __name__ == "__main__":
    main()

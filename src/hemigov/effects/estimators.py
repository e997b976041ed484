"""Effect estimators for a dated event and count series: interrupted time series, difference-in-differences and
event study, each a pure function of a tidy DataFrame returning a plain dict (estimate, interval, path, warnings);
:func:`hemigov.effects.effect` turns it into an :class:`hemigov.effects.result.EffectResult`.

Input frames have one row per period: ``period`` (Timestamp, first day of the month or year) and ``count``;
the comparative designs add ``unit`` (series name) and ``treated`` (bool). ``freq`` is ``"M"`` or ``"Y"``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hemigov.effects import glm

#: Below these many pre-event periods a design is flagged as weak (a seasonal model needs two years of months).
MIN_PRE = {"M": 24, "Y": 8}
#: Below these many post-event periods the effect rests on too few points; fewer than 3 drops the slope change.
MIN_POST = {"M": 6, "Y": 3}
PER = {"M": "month", "Y": "year"}
PERIODS_PER_YEAR = {"M": 12, "Y": 1}


def post_share(periods: pd.Series, freq: str, event_date: pd.Timestamp) -> np.ndarray:
    """Share of each period's days on or after ``event_date`` (0 = before, 1 = after, between = transition)."""
    start = pd.DatetimeIndex(periods)
    end = start + (pd.offsets.MonthBegin(1) if freq == "M" else pd.offsets.YearBegin(1))
    days = (end - start).days.to_numpy(dtype=float)
    after = (end - max_ts(start, event_date)).days.to_numpy(dtype=float)
    return np.clip(after / days, 0.0, 1.0)


def max_ts(idx: pd.DatetimeIndex, ts: pd.Timestamp) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(np.maximum(idx.to_numpy(), np.datetime64(ts)))


def classify(periods: pd.Series, freq: str, event_date: pd.Timestamp, transition: str) -> tuple[np.ndarray, list]:
    """Post indicator per period and the rows to keep, resolving the period that contains the event.

    ``transition`` = ``"drop"`` leaves that period out, ``"post"``/``"pre"`` counts it on that side.
    Returns (post: bool array, keep: bool array, warnings).
    """
    share = post_share(periods, freq, event_date)
    mid = (share > 0) & (share < 1)
    warnings = []
    if mid.any():
        p = pd.Timestamp(np.asarray(periods)[mid][0])
        label = p.strftime("%Y-%m" if freq == "M" else "%Y")
        pct = float(share[mid][0]) * 100
        if transition == "drop":
            warnings.append(f"the event falls inside {label} ({pct:.0f}% of it after the event): that period is "
                            "left out of the model")
        elif transition in ("post", "pre"):
            warnings.append(f"the event falls inside {label} ({pct:.0f}% of it after the event): counted as "
                            f"{transition}-event, which dilutes the estimate towards no effect")
        else:
            raise ValueError(f"transition must be drop, post or pre, not {transition!r}")
    post = (share >= 1) | (mid & (transition == "post"))
    keep = ~mid | (transition != "drop")
    return post, keep, warnings


def _days(periods: pd.Series, freq: str) -> np.ndarray:
    idx = pd.DatetimeIndex(periods)
    return (idx.days_in_month if freq == "M" else np.where(idx.is_leap_year, 366, 365)).to_numpy(dtype=float)


def _period_index(periods: pd.Series, freq: str) -> np.ndarray:
    idx = pd.DatetimeIndex(periods)
    return (idx.year * 12 + idx.month - 1 if freq == "M" else idx.year).to_numpy(dtype=int)


def _seasonal(periods: pd.Series, mode: str) -> tuple[np.ndarray, list[str]]:
    month = pd.DatetimeIndex(periods).month.to_numpy()
    if mode == "month":
        cols = [f"month_{m:02d}" for m in range(2, 13)]
        return np.column_stack([(month == m).astype(float) for m in range(2, 13)]), cols
    if mode == "harmonic":
        ang = 2 * np.pi * (month - 1) / 12
        return np.column_stack([np.sin(ang), np.cos(ang)]), ["sin12", "cos12"]
    return np.empty((len(month), 0)), []


def choose_seasonality(freq: str, n: int, requested: str) -> tuple[str, list[str]]:
    """``auto``: 11 month dummies from 48 monthly points, one annual harmonic from 24, none below (warned)."""
    if freq == "Y":
        return "none", []
    if requested != "auto":
        return requested, []
    if n >= 48:
        return "month", []
    if n >= 24:
        return "harmonic", [f"only {n} months in the model: seasonality is one annual sine/cosine pair, "
                            "not month dummies"]
    return "none", [f"only {n} months in the model: seasonality is not modelled (it may bias the estimate)"]


def _effect_summary(f: glm.Fit, X: np.ndarray, X0: np.ndarray, off: np.ndarray, rows: np.ndarray,
                    freq: str) -> dict:
    """Average rate ratio and people per period over ``rows`` (post-event rows of the treated series).

    RR = sum(mu1) / sum(mu0) where mu1 = fitted with the event terms and mu0 = the counterfactual without them;
    intervals by the delta method (log scale for RR, additive for people).
    """
    x1, x0, o = X[rows], X0[rows], off[rows]
    mu1, mu0 = np.exp(x1 @ f.params + o), np.exp(x0 @ f.params + o)
    s1, s0 = mu1.sum(), mu0.sum()
    g_log = (mu1 @ x1) / s1 - (mu0 @ x0) / s0
    se_log = float(np.sqrt(g_log @ f.cov @ g_log))
    n_post = int(rows.sum())
    g_pp = (mu1 @ x1 - mu0 @ x0) / n_post
    se_pp = float(np.sqrt(g_pp @ f.cov @ g_pp))
    rr, pp = float(s1 / s0), float((s1 - s0) / n_post)
    if not (np.isfinite(se_log) and np.isfinite(se_pp)):
        raise ValueError("the interval of the effect could not be computed")
    z = f.crit
    # The counterfactual's own mean over the post rows and its interval (log scale): the people effect carries
    # this uncertainty, the rate ratio mostly does not (the shared level cancels from the ratio).
    g_cf = (mu0 @ x0) / s0
    se_cf = float(np.sqrt(g_cf @ f.cov @ g_cf))
    return {
        "effect_rate_ratio": rr, "ci_low": float(np.exp(np.log(rr) - z * se_log)),
        "ci_high": float(np.exp(np.log(rr) + z * se_log)),
        "effect_people": pp, "effect_people_ci_low": pp - z * se_pp, "effect_people_ci_high": pp + z * se_pp,
        "people_unit": f"persons per {PER[freq]}",
        "effect_people_total": pp * n_post, "effect_people_total_ci_low": (pp - z * se_pp) * n_post,
        "effect_people_total_ci_high": (pp + z * se_pp) * n_post,
        "counterfactual_post_mean": float(s0 / n_post), "fitted_post_mean": float(s1 / n_post),
        "counterfactual_post_ci_low": float(s0 / n_post * np.exp(-z * se_cf)),
        "counterfactual_post_ci_high": float(s0 / n_post * np.exp(z * se_cf)),
    }


def _coef_rr(f: glm.Fit, j: int, scale: float = 1.0) -> tuple[float, float, float]:
    b, se = f.params[j] * scale, f.se[j] * scale
    return float(np.exp(b)), float(np.exp(b - f.crit * se)), float(np.exp(b + f.crit * se))


def _path(periods, y, X, X0, off, f: glm.Fit, post, keep=None) -> pd.DataFrame:
    eta0 = X0 @ f.params + off
    se0 = np.sqrt(np.clip(np.einsum("ij,jk,ik->i", X0, f.cov, X0), 0, None))
    fitted = np.exp(X @ f.params + off)
    return pd.DataFrame({
        "period": pd.DatetimeIndex(periods), "observed": y, "fitted": fitted,
        "counterfactual": np.exp(eta0), "cf_low": np.exp(eta0 - f.crit * se0), "cf_high": np.exp(eta0 + f.crit * se0),
        "post": post,
    })


def _base_checks(freq: str, n_pre: int, n_post: int, f: glm.Fit) -> list[str]:
    w = []
    if n_pre < MIN_PRE[freq]:
        w.append(f"few pre-event points ({n_pre} {PER[freq]}s; fewer than {MIN_PRE[freq]}): the baseline "
                 "trend is weakly identified")
    if n_post < MIN_POST[freq]:
        w.append(f"few post-event points ({n_post} {PER[freq]}s; fewer than {MIN_POST[freq]})")
    if not f.converged:
        w.append("the regression did not converge: do not rely on this estimate")
    return w


def its(data: pd.DataFrame, event_date, freq: str, *, family: str = "negbin", cov_type: str = "HAC",
        maxlags: int | None = None, seasonality: str = "auto", slope_change: bool = True,
        transition: str = "drop") -> dict:
    """Interrupted time series: segmented count regression with a level and a slope change at the event.

    Parameters
    ----------
    data : DataFrame
        ``period`` (Timestamp, first day of the period), ``count`` (>= 0), one row per period, no gaps other
        than dropped periods.
    event_date : date-like
        The day the policy took effect.
    freq : {"M", "Y"}
        Monthly or annual periods.
    family : {"negbin", "poisson"}
        NB2 with dispersion by ML, or Poisson (quasi-Poisson with the robust covariance).
    cov_type : {"HAC", "HC0", "nonrobust"}
        Newey–West (default), White, or model-based covariance.
    maxlags : int, optional
        HAC truncation lag; default floor(4 (n/100)^(2/9)).
    seasonality : {"auto", "month", "harmonic", "none"}
        Monthly series only (see :func:`choose_seasonality`).
    slope_change : bool
        Include a post-event change in trend (dropped with a warning when there are fewer than 3 post points).
    transition : {"drop", "post", "pre"}
        What to do with the period that contains the event date.

    Returns
    -------
    dict
        ``effect_rate_ratio``, ``ci_low``, ``ci_high`` (average over the post-event periods of
        fitted / counterfactual), ``effect_people`` (+ interval, per period), ``counterfactual_post_mean`` (+
        interval: the counterfactual's mean per period over the post periods), ``level_rate_ratio`` and
        ``slope_rate_ratio_per_year`` with intervals, ``pre_points``, ``post_points``, ``alpha``, ``path``
        (DataFrame: observed, fitted, counterfactual with 95% interval), ``warnings``.

    Notes
    -----
    Model: log E[y_t] = b0 + b1 t + b2 D_t + b3 D_t (t - t*) + seasonality + log(days_t), with t in periods,
    D_t = 1 after the event and t* the first post period; the day-count offset applies to monthly data.
    The counterfactual is the same fit with b2 = b3 = 0: it extrapolates the pre-event trend (log-linear),
    which is the design's central assumption — no other change at the same time. The headline rate ratio is
    sum(fitted) / sum(counterfactual) over the post periods, so it includes any slope change; with a long post
    window it leans on the extrapolated trend. Intervals are Wald intervals (delta method) with the chosen
    robust covariance; they are confidence intervals for expected counts, not prediction intervals.

    References
    ----------
    Bernal, J. L., Cummins, S. and Gasparrini, A. (2017). Interrupted time series regression for the evaluation
    of public health interventions: a tutorial. International Journal of Epidemiology 46(1), 348–355.
    Wagner, A. K. et al. (2002). Segmented regression analysis of interrupted time series studies in medication
    use research. Journal of Clinical Pharmacy and Therapeutics 27(4), 299–309.
    """
    d = data.sort_values("period").reset_index(drop=True)
    ev = pd.Timestamp(event_date)
    post, keep, warnings = classify(d["period"], freq, ev, transition)
    d, post = d[keep].reset_index(drop=True), post[keep]
    n_pre, n_post = int((~post).sum()), int(post.sum())
    if n_pre < 3 or n_post < 1:
        raise ValueError(f"cannot estimate: {n_pre} pre-event and {n_post} post-event periods in the window")
    t = _period_index(d["period"], freq).astype(float)
    t_star = t[post].min()
    season, sw = choose_seasonality(freq, len(d), seasonality)
    warnings += sw
    S, s_cols = _seasonal(d["period"], season)
    if slope_change and n_post < 3:
        warnings.append(f"{n_post} post-event point(s): level change only (no slope change)")
        slope_change = False
    t0 = t - t_star  # time 0 = first post period, so b0 + b2 is the level there
    cols = [np.ones(len(d)), t0, post.astype(float)] + ([post * t0] if slope_change else [])
    names = ["const", "trend", "level_change"] + (["slope_change"] if slope_change else []) + s_cols
    X = np.column_stack(cols + ([S] if S.size else []))
    treat = [2, 3] if slope_change else [2]
    X0 = X.copy()
    X0[:, treat] = 0.0
    off = np.log(_days(d["period"], freq)) if freq == "M" else np.zeros(len(d))
    y = d["count"].to_numpy(dtype=float)
    f = glm.fit(y, X, off, family=family, cov_type=cov_type, maxlags=maxlags)
    out = _effect_summary(f, X, X0, off, post, freq)
    lv = _coef_rr(f, 2)
    out |= {"level_rate_ratio": lv[0], "level_ci_low": lv[1], "level_ci_high": lv[2]}
    if slope_change:
        sl = _coef_rr(f, 3, PERIODS_PER_YEAR[freq])
        out |= {"slope_rate_ratio_per_year": sl[0], "slope_ci_low": sl[1], "slope_ci_high": sl[2]}
    warnings += _base_checks(freq, n_pre, n_post, f)
    return out | {
        "method": "its", "family": family, "alpha": f.alpha, "cov_type": f.cov_type, "maxlags": f.maxlags,
        "seasonality": season, "terms": names, "pre_points": n_pre, "post_points": n_post,
        "pre_period": _span(d["period"][~post], freq), "post_period": _span(d["period"][post], freq),
        "path": _path(d["period"], y, X, X0, off, f, post), "warnings": warnings,
    }


def _span(periods: pd.Series, freq: str) -> str:
    fmt = "%Y-%m" if freq == "M" else "%Y"
    p = pd.DatetimeIndex(periods)
    return f"{p.min().strftime(fmt)}..{p.max().strftime(fmt)}" if len(p) else ""


def _panel(data: pd.DataFrame, event_date, freq: str, transition: str):
    d = data.sort_values(["unit", "period"]).reset_index(drop=True)
    if d["treated"].sum() == 0 or (~d["treated"]).sum() == 0:
        raise ValueError("a comparative design needs a treated series and at least one control series")
    post, keep, warnings = classify(d["period"], freq, pd.Timestamp(event_date), transition)
    d = d[keep].reset_index(drop=True)
    d["post"] = post[keep]
    # A balanced panel: periods every series covers (time effects need all units).
    counts = d.groupby("period")["unit"].nunique()
    full = counts.index[counts == d["unit"].nunique()]
    dropped = len(counts) - len(full)
    if dropped:
        warnings.append(f"{dropped} period(s) not covered by every series left out")
    d = d[d["period"].isin(full)].reset_index(drop=True)
    pidx = _period_index(d["period"], freq)
    d["time"] = pidx - pidx.min()
    return d, warnings


def _fe_matrix(d: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    units = sorted(d["unit"].unique())
    times = sorted(d["time"].unique())
    U = np.column_stack([(d["unit"] == u).to_numpy(float) for u in units[1:]]) if len(units) > 1 else None
    T = np.column_stack([(d["time"] == t).to_numpy(float) for t in times[1:]])
    parts = [np.ones((len(d), 1))] + ([U] if U is not None else []) + [T]
    names = ["const"] + [f"unit[{u}]" for u in units[1:]] + [f"time[{t}]" for t in times[1:]]
    return np.hstack(parts), names


def _pretrend_slope(d: pd.DataFrame, family: str, cov_type: str, maxlags,
                    freq: str) -> tuple[float | None, str, float | None]:
    """(p-value, description, rate ratio per year of the treated-specific pre-event trend)."""
    pre = d[~d["post"]].reset_index(drop=True)
    if pre["time"].nunique() < 3:
        return None, "too few pre-event periods for a pre-trend test", None
    F, _ = _fe_matrix(pre)
    tt = pre["treated"].to_numpy(float) * pre["time"].to_numpy(float)
    X = np.column_stack([F, tt])
    off = np.log(_days(pre["period"], freq)) if freq == "M" else np.zeros(len(pre))
    f = glm.fit(pre["count"].to_numpy(float), X, off, family=family, cov_type=cov_type, maxlags=maxlags,
                time=pre["time"].to_numpy(), groups=pre["unit"].to_numpy())
    _, _, p = glm.wald(f, [X.shape[1] - 1])
    per_year = float(np.exp(f.params[-1] * PERIODS_PER_YEAR[freq]))
    return p, "Wald test of a treated-specific linear trend before the event (unit and period effects)", per_year


def did(data: pd.DataFrame, event_date, freq: str, *, family: str = "negbin", cov_type: str = "HAC-panel",
        maxlags: int | None = None, transition: str = "drop") -> dict:
    """Difference-in-differences for counts: two-way fixed-effects Poisson/NB regression with one effect term.

    Parameters
    ----------
    data : DataFrame
        ``unit``, ``treated`` (bool, constant within unit), ``period``, ``count``; one treated series and one or
        more controls chosen by the user (other nationalities, provinces, destinations).
    event_date, freq, family, maxlags, transition
        As in :func:`its`.
    cov_type : {"HAC-panel", "DK", "HC0", "nonrobust"}
        Newey–West within each series, summed (default: serial correlation within series); Driscoll–Kraay
        (also correlation across series, but needs more periods than coefficients).

    Returns
    -------
    dict
        As :func:`its`, plus ``pretrend_p``, ``pretrend_test`` and ``pretrend_rate_ratio_per_year`` (the
        treated series' pre-event trend relative to the controls: > 1 = it grew faster); ``path`` is the treated
        series.

    Notes
    -----
    Model: log E[y_it] = a_i + g_t + d (treated_i x post_t) + log(days_t). exp(d) is the ratio by which the
    treated series changed relative to the controls; the counterfactual for the treated series is the fit
    with d = 0. Assumption: without the event the treated and control series would have moved in parallel
    on the log scale (common proportional shocks, absorbed by g_t). The pre-trend test fits, on pre-event
    periods only, a treated-specific linear trend and tests it against zero; a small p-value (< 0.10) is
    warned about. Not rejecting is not proof of parallel trends. With one treated series the effect's
    uncertainty comes from that series' own noise over time: intervals from short annual panels are approximate.

    References
    ----------
    Angrist, J. D. and Pischke, J.-S. (2009). Mostly Harmless Econometrics, ch. 5. Princeton UP.
    Wooldridge, J. M. (2023). Simple approaches to nonlinear difference-in-differences with panel data.
    The Econometrics Journal 26(3), C31–C66.
    Driscoll, J. C. and Kraay, A. C. (1998). Review of Economics and Statistics 80(4), 549–560.
    """
    d, warnings = _panel(data, event_date, freq, transition)
    F, names = _fe_matrix(d)
    tp = (d["treated"] & d["post"]).to_numpy(float)
    X = np.column_stack([F, tp])
    X0 = X.copy()
    X0[:, -1] = 0.0
    off = np.log(_days(d["period"], freq)) if freq == "M" else np.zeros(len(d))
    y = d["count"].to_numpy(float)
    f = glm.fit(y, X, off, family=family, cov_type=cov_type, maxlags=maxlags, time=d["time"].to_numpy(),
                groups=d["unit"].to_numpy())
    tr = d["treated"].to_numpy(bool)
    n_pre, n_post = int((tr & ~d["post"]).sum()), int((tr & d["post"]).sum())
    if n_pre < 1 or n_post < 1:
        raise ValueError(f"cannot estimate: {n_pre} pre-event and {n_post} post-event periods in the window")
    out = _effect_summary(f, X, X0, off, tr & d["post"].to_numpy(bool), freq)
    p, test, trend = _pretrend_slope(d, family, cov_type, maxlags, freq)
    warnings += _comparative_checks(d, p, test)
    warnings += _base_checks(freq, n_pre, n_post, f)
    rows = tr
    return out | {
        "method": "did", "family": family, "alpha": f.alpha, "cov_type": f.cov_type, "maxlags": f.maxlags,
        "terms": names + ["treated_x_post"], "pre_points": n_pre, "post_points": n_post,
        "controls": sorted(d.loc[~tr, "unit"].unique()), "pretrend_p": p, "pretrend_test": test,
        "pretrend_rate_ratio_per_year": trend, "pre_period": _span(d["period"][tr & ~d["post"]], freq),
        "post_period": _span(d["period"][tr & d["post"]], freq),
        "path": _path(d["period"][rows], y[rows], X[rows], X0[rows], off[rows], f, d["post"][rows].to_numpy()),
        "warnings": warnings,
    }


def _comparative_checks(d: pd.DataFrame, p: float | None, test: str) -> list[str]:
    w = []
    if p is None:
        w.append(test)
    elif p < 0.10:
        w.append(f"pre-trend test rejects parallel trends (p = {p:.3g}): the comparative estimate is not "
                 "credible as it stands")
    n_ctrl = d.loc[~d["treated"], "unit"].nunique()
    w.append(f"one treated series and {n_ctrl} control series: the interval rests on the treated series' own "
             "variation over time and is approximate")
    return w


def event_study(data: pd.DataFrame, event_date, freq: str, *, family: str = "negbin", cov_type: str = "HAC-panel",
                maxlags: int | None = None, transition: str = "drop", bin: int | None = None,
                coef_cov_type: str = "nonrobust") -> dict:
    """Event study: the treated-minus-control contrast bin by bin, relative to the last pre-event bin.

    Parameters
    ----------
    data, event_date, freq, family, cov_type, maxlags, transition
        As in :func:`did` (``cov_type`` is for the pooled headline effect).
    bin : int, optional
        Periods per bin of relative time (default 1 for annual, 3 = quarters for monthly data).
    coef_cov_type : str
        Covariance for the bin coefficients and the lead test; model-based by default because a bin with a
        single treated period is fitted exactly and leaves no residual for a sandwich estimator.

    Returns
    -------
    dict
        As :func:`did` (the headline is the pooled difference-in-differences on the same panel), with
        ``coefficients`` (DataFrame: ``rel_bin``, ``rate_ratio``, ``ci_low``, ``ci_high``; the last pre-event
        bin, normally -1, is the reference) and ``pretrend_p`` from the joint Wald test that every earlier bin
        equals the reference.

    Notes
    -----
    Model: log E[y_it] = a_i + g_t + sum_k d_k treated_i 1[bin(t) = k] + log(days_t), k != -1. Bins k < -1 are
    leads: under parallel trends their rate ratios are 1, and their joint test is the pre-trend check. The
    bins show when the effect appears and whether it grows or fades; a single bin's counterfactual rests on the
    reference bin alone, which is why the headline effect is the pooled estimate.

    References
    ----------
    Freyaldenhoven, S., Hansen, C., Pérez, J. P. and Shapiro, J. M. (2021). Visualization, identification, and
    estimation in the linear panel event-study design. NBER Working Paper 29170.
    Roth, J. (2022). Pretest with caution: event-study estimates after testing for parallel trends.
    American Economic Review: Insights 4(3), 305–322.
    """
    out = did(data, event_date, freq, family=family, cov_type=cov_type, maxlags=maxlags, transition=transition)
    d, _ = _panel(data, event_date, freq, transition)
    width = bin or (3 if freq == "M" else 1)
    tr = d["treated"].to_numpy(bool)
    first_post = d.loc[tr & d["post"], "time"].min()
    rel = np.floor((d["time"].to_numpy() - first_post) / width).astype(int)
    ref = int(rel[tr & ~d["post"].to_numpy(bool)].max())  # the last pre-event bin held (-1 unless dropped)
    bins = sorted(k for k in np.unique(rel[tr]) if k != ref)
    F, _ = _fe_matrix(d)
    X = np.column_stack([F] + [(tr & (rel == k)).astype(float) for k in bins])
    k0 = F.shape[1]
    off = np.log(_days(d["period"], freq)) if freq == "M" else np.zeros(len(d))
    f = glm.fit(d["count"].to_numpy(float), X, off, family=family, cov_type=coef_cov_type, maxlags=maxlags,
                time=d["time"].to_numpy(), groups=d["unit"].to_numpy())
    coefs = pd.DataFrame([(k, *_coef_rr(f, k0 + i)) for i, k in enumerate(bins)],
                         columns=["rel_bin", "rate_ratio", "ci_low", "ci_high"])
    coefs = pd.concat([coefs, pd.DataFrame([{"rel_bin": ref, "rate_ratio": 1.0, "ci_low": 1.0, "ci_high": 1.0}])])
    lead_idx = [k0 + i for i, k in enumerate(bins) if k < ref]
    warnings = [w for w in out["warnings"] if not w.startswith(("pre-trend test", "too few pre-event"))]
    if lead_idx:
        _, _, p = glm.wald(f, lead_idx)
        test = f"joint Wald test that the {len(lead_idx)} earlier pre-event bins equal the reference bin"
        if p < 0.10:
            warnings.insert(0, f"pre-trend test rejects parallel trends (p = {p:.3g}): the comparative estimate "
                               "is not credible as it stands")
    else:
        p, test = None, "no pre-event bin besides the reference: no pre-trend test"
        warnings.insert(0, test)
    return out | {"method": "event-study", "bin_periods": width, "pretrend_p": p, "pretrend_test": test,
                  "coefficients": coefs.sort_values("rel_bin").reset_index(drop=True), "warnings": warnings}

"""Every scenario formula, pure: numbers or pandas in, numbers or pandas out, no IO."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: The nominal coverage of the statistical intervals.
LEVEL = 0.95


def share_matching(total: pd.Series, share: pd.Series, *, level: float = LEVEL) -> tuple[float, float, float]:
    """Places under a share-matching rule and an interval from the year-to-year variation of the share.

    Parameters
    ----------
    total : the country's resettlement arrivals per year, T_t (all origins).
    share : the region's share of global cross-border displacement per year, d_t (same index).
    level : nominal coverage of the interval.

    Returns
    -------
    (value, low, high)
        value = Σ_t T_t·d_t; low/high = ΣT·(d_w ∓ t_{n−1}·s·√Σw_t²), clipped to [0, ΣT].

    Notes
    -----
    With weights w_t = T_t/ΣT the value is ΣT·d_w, d_w = Σ w_t·d_t the intake-weighted mean share. The interval
    treats the annual shares as independent draws around one underlying share μ (d_t = μ + e_t, Var e_t = σ²):
    Var(d_w) = σ²·Σw_t², σ estimated by the sample standard deviation s of the d_t, and Student's t with n − 1
    degrees of freedom. It is an interval for the places at μ, not for any single year, and a trend in the shares
    (the Americas' rose from 3.5% to 24% of the world's cross-border displaced in 2015–2024) reads as variation.
    One year has no variation: the interval is the point.

    References
    ----------
    Student (1908). The probable error of a mean. Biometrika 6(1), 1-25. Kish, L. (1965). Survey Sampling,
    Wiley, §11.7 (the variance of a weighted mean, design effect Σw²·n).
    """
    from scipy import stats  # here, so listing the scenarios does not load scipy

    t = total.astype(float).to_numpy()
    d = share.astype(float).to_numpy()
    big_t = t.sum()
    value = float((t * d).sum())
    n = len(d)
    if n < 2 or big_t <= 0:
        return value, value, value
    w = t / big_t
    d_w = float((w * d).sum())
    s = float(np.std(d, ddof=1))
    half = stats.t.ppf(0.5 + level / 2, n - 1) * s * math.sqrt(float((w ** 2).sum()))
    low = big_t * max(d_w - half, 0.0)
    high = big_t * min(d_w + half, 1.0)
    return value, min(low, value), max(high, value)


def spread(values: pd.Series | list[float], point: float) -> tuple[float, float, float]:
    """A point and the range of alternatives around it: (point, min(values ∪ point), max(values ∪ point)).

    Notes
    -----
    A specification range, not a statistical interval: it shows how far a rule's answer moves when a documented
    choice (a key, a capacity measure, a donor set, a year's ratio) changes, and covers nothing by design.

    References
    ----------
    Saltelli, A. et al. (2008). Global Sensitivity Analysis: The Primer. Wiley, ch. 1 (one-at-a-time ranges).
    """
    v = [float(x) for x in values] + [float(point)]
    return float(point), min(v), max(v)


def gni_share_rule(pool: pd.Series, capacity: pd.DataFrame, country: str) -> pd.Series:
    """Money a country would give a region if its share of donors' money matched its capacity share.

    Parameters
    ----------
    pool : per year, the money all donors in the set committed to the region.
    capacity : per year (rows) and donor (columns), GNI (or GDP) of the donors in the set; NaN = not a donor.
    country : the donor whose fair amount is computed (a column of ``capacity``).

    Returns
    -------
    Series per year: pool_t · C_country,t / Σ_donors C_t.

    Notes
    -----
    The fair share of a pooled effort in proportion to capacity, as in Oxfam's fair-share analyses (GNI shares of
    the donors), applied to the money earmarked to one region.

    References
    ----------
    Oxfam (2015). Syria Crisis Fair Share Analysis 2015 (GNI-based shares of the donor total).
    """
    share = capacity[country] / capacity.sum(axis=1, min_count=1)
    return pool.astype(float) * share.reindex(pool.index)


def ratio_rule(reference_money: pd.Series, reference_need: pd.Series, need: pd.Series) -> pd.Series:
    """Money for a region at the money-per-need ratio the donor gives a reference region, per year.

    Parameters
    ----------
    reference_money : per year, the donor's money to the reference region (e.g. the Middle East and North Africa).
    reference_need, need : per year, the displaced hosted in the reference region and in the region.

    Returns
    -------
    Series per year: need_t · reference_money_t / reference_need_t.

    Notes
    -----
    "Earmarking at the MENA ratio": the same US$ per displaced person hosted as the donor gives the reference
    region's operations, so the two regions are treated alike per person in need.

    References
    ----------
    Thielemann, E. (2018). Why refugee burden-sharing initiatives fail. JCMS 56(1), 63-82 (relative effort).
    """
    return need.astype(float) * reference_money.astype(float) / reference_need.astype(float)


def leverage(grant: float, multipliers: list[float]) -> tuple[float, float, float]:
    """Financing a grant could leverage: (grant × median, grant × min, grant × max) of the documented multipliers.

    Notes
    -----
    A multiplier m is the financing enabled per US$1 of grant (loans on concessional terms whose interest the
    grant buys down). The bounds are the documented range, not a statistical interval.

    References
    ----------
    Smith (2020), Conclusions and Policy Options ("for every $1 in grants ... an additional $3-4"); Global
    Concessional Financing Facility, About us (US$953 million in grants, over US$7.3 billion in loans).
    """
    m = sorted(float(x) for x in multipliers)
    return grant * float(np.median(m)), grant * m[0], grant * m[-1]


def counterfactual_total(fitted: float, people: float, people_low: float, people_high: float,
                         n_post: int) -> tuple[float, float, float]:
    """Expected counts without the event over the post period, from an effect estimate.

    Parameters
    ----------
    fitted : Σ fitted counts over the post periods (with the event).
    people, people_low, people_high : the effect per period (fitted − counterfactual) and its 95% interval.
    n_post : the number of post periods.

    Returns
    -------
    (value, low, high) = fitted − n·people, fitted − n·people_high, fitted − n·people_low (low clipped at 0).

    Notes
    -----
    The people interval is the delta-method interval of Σ(μ₁ − μ₀)/n; as μ₁ is the model's fit, the interval of
    the counterfactual total carries the same uncertainty.

    References
    ----------
    Bernal, J. L., Cummins, S. & Gasparrini, A. (2017). Interrupted time series regression for the evaluation of
    public health interventions: a tutorial. Int. J. Epidemiology 46(1), 348-355.
    """
    value = fitted - n_post * people
    return value, max(fitted - n_post * people_high, 0.0), fitted - n_post * people_low


def pledge_progress(target: float, delivered: float, elapsed_years: float, total_years: float,
                    remaining_years: float) -> tuple[float, float, str]:
    """Share of the target delivered, the pace needed per year for the rest, and the status.

    Returns
    -------
    (share_of_target, pace_needed_per_year, status) with status ``met`` (delivered >= target), ``on track``
    (delivered at least the straight-line share elapsed/total of the target), else ``behind``.

    Notes
    -----
    Straight-line pace: a pledge of N by a deadline is on track when the delivered count is at least
    N·elapsed/total. After the deadline an unmet pledge is behind and its needed pace is NaN.

    References
    ----------
    UNHCR (2019). Global Compact on Refugees: indicator framework, indicator 3.1.1 (resettlement departures
    against pledges).
    """
    share = delivered / target if target > 0 else math.nan
    if delivered >= target:
        return share, 0.0, "met"
    pace = (target - delivered) / remaining_years if remaining_years > 0 else math.nan
    on_track = total_years > 0 and delivered >= target * min(elapsed_years / total_years, 1.0) and remaining_years > 0
    return share, pace, "on track" if on_track else "behind"

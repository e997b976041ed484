"""The design's checks in plain words, for readers of an effect estimate (the ``diagnostics`` of an
:class:`~hemigov.effects.result.EffectResult`).

One sentence group per check, always in this order: the pre-trend test (and what it means), the points before
and after the event (and the period that contains it), seasonality (monthly ITS), other events inside the
window, the series' rounding and suppression, the model, and — only when it happens — why the rate-ratio interval
and the people interval disagree about "no effect". Every short warning of the result is said here in words too,
so a reader needs only these. Pure: numbers in, sentences out.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd

from hemigov.effects import estimators, events
from hemigov.effects.result import Interval
from hemigov.style import numbers

PER = estimators.PER
FMT = {"M": "%Y-%m", "Y": "%Y"}


@dataclass(frozen=True, eq=False)
class Facts:
    """What the sentences are written from (all known after the estimate)."""

    method: str
    freq: str
    result: dict  # the estimator's output
    rate_ratio: Interval
    people: Interval
    periods: pd.Series  # the treated series' periods in the window, before the transition rule
    event_date: pd.Timestamp
    date_precision: str
    transition: str
    window: tuple[pd.Timestamp, pd.Timestamp]  # first day, last day
    others: pd.DataFrame  # events.in_window
    rounded_to: int | None
    publisher: str  # IRCC, RCMP, UNHCR
    mean: float
    n_suppressed: int
    suppressed: str
    notes: tuple[str, ...] = ()
    type_spans: str = ""
    controls_rounded: bool = False
    controls_suppressed: int = 0  # suppressed values of the control series in the window
    small: tuple[int, int] = (1, 4)  # the range a suppressed value lies in
    small_how: str = "printed as {band} ('--')"  # how the publisher marks a suppressed value
    confounders: tuple[str, ...] = events.CONFOUNDER_TOPICS  # timeline topics named one by one


def _count(x: float) -> str:
    return numbers.fmt(x, "count")


def _pct(x: float) -> str:
    return numbers.fmt(abs(x), "share")


def pretrend(f: Facts) -> str:
    r, per = f.result, PER[f.freq]
    n_pre = r["pre_points"]
    if f.method == "its":
        return (f"No pre-trend test: an interrupted time series has no comparison series. Its assumption, that "
                f"the trend of the {n_pre} {per}s before the event would have continued without it, cannot be "
                "tested from the data.")
    p = r.get("pretrend_p")
    if p is None:
        return f"No pre-trend test: {r.get('pretrend_test', 'too few pre-event periods')}."
    weak = n_pre < estimators.MIN_PRE[f.freq]
    power = f"; with {n_pre} pre-event {per}s the test has little power" if weak else ""
    if f.method == "event-study":
        what = r.get("pretrend_test", "the earlier pre-event bins tested jointly against the reference bin")
        if p < 0.10:
            return (f"Pre-trend test: p = {p:.2g} ({what}). The treated series already moved differently from "
                    "its controls before the event, so the parallel-trends assumption fails and the estimate is "
                    "not credible as it stands.")
        return (f"Pre-trend test: p = {p:.2g} ({what}): before the event the treated series and its controls "
                f"moved alike. Not rejecting is not proof of parallel trends{power}.")
    trend = r.get("pretrend_rate_ratio_per_year")
    rel = "" if trend is None else (f" the treated series rose {_pct(trend - 1)} a year "
                                    f"{'faster' if trend > 1 else 'more slowly'} than its controls")
    if p < 0.10:
        return (f"Pre-trend test: p = {p:.2g}. Before the event{rel} (a treated-specific trend, tested with series "
                "and period effects), so the parallel-trends assumption fails: the estimate mixes the event's "
                "effect with that diverging trend and is not credible as it stands.")
    return (f"Pre-trend test: p = {p:.2g}: before the event the treated series and its controls moved alike "
            f"(relative trend {numbers.fmt(trend, 'ratio')} a year, not distinguishable from 1). Not rejecting is "
            f"not proof of parallel trends{power}.")


def points(f: Facts) -> str:
    r, per = f.result, PER[f.freq]
    n_pre, n_post = r["pre_points"], r["post_points"]
    lo, hi = estimators.MIN_PRE[f.freq], estimators.MIN_POST[f.freq]
    out = (f"Points: {n_pre} {per}s before the event ({r['pre_period']}) and {n_post} after "
           f"({r['post_period']}).")
    if n_pre < lo:
        base = "trend" if f.method == "its" else "comparison"
        out += f" Fewer than {lo} before: the baseline {base} rests on little data."
    if n_post < hi:
        out += f" Fewer than {hi} after: the effect rests on few points."
        if f.method == "its" and n_post < 3:
            out += " The trend change was not estimated (level change only)."
    if n_pre >= lo and n_post >= hi:
        out += f" Enough for the design (at least {lo} before and {hi} after)."
    share = estimators.post_share(f.periods, f.freq, f.event_date)
    mid = (share > 0) & (share < 1)
    if mid.any():
        label = pd.Timestamp(f.periods[mid].iloc[0]).strftime(FMT[f.freq])
        part = f"{_pct(float(share[mid][0]))} of it after the event"
        rule = ("left out of the model" if f.transition == "drop" else
                f"counted as {f.transition}-event, which dilutes the estimate towards no effect")
        out += f" The event falls inside {label} ({part}): that {per} is {rule}."
    if f.date_precision != "day":
        out += (f" The event's date is known to the {f.date_precision} only, so the split into before and after "
                f"may be off by up to a {f.date_precision}.")
    return out


def seasonality(f: Facts) -> str | None:
    if f.method != "its" or f.freq != "M":
        return None
    n = f.result["pre_points"] + f.result["post_points"]
    mode = f.result.get("seasonality")
    if mode == "month":
        return "Seasonality: one term per calendar month (11 month effects)."
    if mode == "harmonic":
        return (f"Seasonality: one annual wave (sine and cosine) only, as the model has {n} months; month-by-month "
                "effects need 48.")
    if mode == "none":
        return (f"Seasonality is not modelled ({n} months in the model; at least 24 are needed): a seasonal swing "
                "can be mistaken for part of the effect.")
    return None


def short_title(title: str, least: int = 20, most: int = 80) -> str:
    """A timeline title without what follows its first colon or semicolon, or a closing parenthesis, when that
    leaves ``least`` characters or more; at most ``most`` characters. The window of a US border series holds a
    dozen events; `hemigov events` prints them whole."""
    cuts = [title.find(": "), title.find("; ")] + ([title.rfind(" (")] if title.endswith(")") else [])
    cut = min((i for i in cuts if i >= least), default=len(title))
    return textwrap.shorten(title[:cut], most, placeholder="…")


def window_events(f: Facts) -> str:
    a, b = (d.strftime("%Y-%m-%d") for d in f.window)
    conf = f.others[f.others.confounder]
    ctx = f.others[~f.others.confounder]
    if len(conf):
        named = "; ".join(f"{r.date:%Y-%m-%d} {short_title(r.title)}" for r in conf.itertuples())
        absorb = (" Events that touched the treated and the control series alike are absorbed by the period "
                  "effects; the others are not." if f.method != "its" else "")
        out = (f"Other events inside the window ({a} to {b}) that may also have moved the series: {named}. The "
               f"estimate cannot tell their effects from this event's.{absorb}")
    else:
        out = (f"No other {events.topic_words(f.confounders)} event in the timeline falls inside the window "
               f"({a} to {b}).")
    if len(ctx):
        out += (f" {len(ctx)} {events.topic_words(events.context_topics(f.confounders))} event(s) also fall "
                f"inside it (`hemigov events --since {a} --until {b}` lists them).")
    return out


def rounding(f: Facts) -> str:
    per = PER[f.freq]
    if f.rounded_to:
        size = "large" if f.mean < 20 * f.rounded_to else "small"
        out = (f"Rounding: {f.publisher} rounds every {per}'s count to the nearest {f.rounded_to} (each {per} "
               f"off by up to ±{f.rounded_to // 2}), {size} next to the mean of {_count(f.mean)} a {per}.")
        band = f"{f.small[0]}–{f.small[1]}"
        if f.n_suppressed:
            rule = ("left out, which biases the level upward" if f.suppressed == "drop"
                    else f"counted as {sum(f.small) / 2:g}, the middle of that range")
            out += f" {f.n_suppressed} {per}(s) were {f.small_how.format(band=band)} and {rule}."
        else:
            out += f" Every {per} in the window is printed (none suppressed as {band})."
    else:
        out = (f"Rounding: none; {f.publisher} counts are exact." if f.publisher == "RCMP" else
               f"Rounding: none flagged; {f.publisher}'s counts as published.")
    for note in f.notes:
        out += f" {note[0].upper()}{note[1:]}."
    if f.type_spans:
        out += (f" UNHCR's application-type codes change inside the window ({f.type_spans}): before 2006 UNHCR "
                "did not split new from repeat applications, so those years may include repeat applications.")
    if f.controls_rounded:
        out += " The control series are rounded and suppressed the same way"
        if f.controls_suppressed:
            rule = (f"counted as {sum(f.small) / 2:g}" if f.suppressed == "midpoint" else
                    "left out with their periods")
            out += f" ({f.controls_suppressed} of their values suppressed, {rule})"
        out += "."
    return out


FAMILY = {"negbin": "negative binomial", "poisson": "Poisson (quasi-Poisson with robust errors)"}
COVARIANCE = {"HAC": "Newey–West errors", "HAC-panel": "Newey–West errors within each series",
              "DK": "Driscoll–Kraay errors", "HC0": "White (HC0) errors", "nonrobust": "model-based errors"}


def model(f: Facts) -> str:
    r = f.result
    family = FAMILY.get(r.get("family"), str(r.get("family")))
    if r.get("family") == "negbin":
        family += f" (dispersion {numbers.fmt(r['alpha'], 'ratio')})"
    cov = COVARIANCE.get(r["cov_type"], r["cov_type"])
    lags = f" ({r['maxlags']} lag{'s' if r['maxlags'] != 1 else ''})" if r.get("maxlags") is not None else ""
    out = f"Model: {family} count regression with {cov}{lags}; 95% intervals for expected counts."
    if f.method != "its":
        n = len(r.get("controls", []))
        out += (f" One treated series against {n} control series: the interval rests on the treated series' "
                "own variation over time and is approximate.")
    for w in r.get("warnings", []):
        if "did not converge" in w or "not covered by every series" in w:
            out += f" {w[0].upper()}{w[1:]}."
    return out


def intervals(f: Facts) -> str | None:
    """Only when the rate ratio's interval and the people interval disagree about "no effect"."""
    rr, pp, r, per = f.rate_ratio, f.people, f.result, PER[f.freq]
    if rr.excludes(1.0) == pp.excludes(0.0):
        return None
    n_post = r["post_points"]
    cf = Interval(r["counterfactual_post_mean"], r["counterfactual_post_ci_low"], r["counterfactual_post_ci_high"])
    basis = "pre-event trend" if f.method == "its" else "pre-event level, moved by the controls,"
    if rr.excludes(1.0):
        return (f"Why the intervals disagree: the rate ratio's interval ({numbers.fmt(rr.low, 'ratio')} to "
                f"{numbers.fmt(rr.high, 'ratio')}) excludes 1, but the change in people ({_count(pp.low)} to "
                f"{_count(pp.high)} a {per}) includes 0. The ratio compares the fitted and the counterfactual counts, "
                "which share one baseline, so the baseline's uncertainty mostly cancels out of it. The change in "
                "people is the counterfactual times (ratio − 1), so it carries the counterfactual's own "
                f"uncertainty, which accumulates as the {basis} is extrapolated over the {n_post} post-event "
                f"{per}s: the counterfactual averages {_count(cf.value)} a {per} (95% CI {_count(cf.low)} to "
                f"{_count(cf.high)}). A clear relative change can come with an uncertain number of people.")
    return (f"Why the intervals disagree: the change in people ({_count(pp.low)} to {_count(pp.high)} a {per}) "
            f"excludes 0, but the rate ratio's interval ({numbers.fmt(rr.low, 'ratio')} to "
            f"{numbers.fmt(rr.high, 'ratio')}) includes 1. The two intervals are computed on different scales "
            "(the ratio on the log scale, people on the count scale), so near the edge of significance they can "
            "fall on different sides of 'no effect'; read both as weak evidence.")


def explain(f: Facts) -> list[str]:
    """Every check for one estimate, in plain words (the module docstring gives the order)."""
    items = [pretrend(f), points(f), seasonality(f), window_events(f), rounding(f), model(f), intervals(f)]
    return [s for s in items if s]

"""``effect()`` and ``case_studies()``: read the series and the event, run an estimator, add the honesty checks
(pre/post points, other events in the window, rounding and suppression) and the provenance of every input."""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import HemigovError
from hemigov.core.provenance import Provenance, Source
from hemigov.effects import estimators, events
from hemigov.effects import series as series_mod
from hemigov.effects.cases import CASES

METHODS = ("its", "did", "event-study")


def _case(name: str) -> dict:
    if name not in CASES:
        raise HemigovError(f"unknown case {name!r}; known: {', '.join(CASES)}")
    return CASES[name]


def _estimate(method: str, data: pd.DataFrame, date, freq: str, opts: dict) -> dict:
    common = {k: opts[k] for k in ("family", "maxlags", "transition") if opts.get(k) is not None}
    if opts.get("cov_type"):
        common["cov_type"] = opts["cov_type"]
    if method == "its":
        kw = {k: opts[k] for k in ("seasonality", "slope_change") if opts.get(k) is not None}
        return estimators.its(data, date, freq, **common, **kw)
    if method == "did":
        return estimators.did(data, date, freq, **common)
    return estimators.event_study(data, date, freq, **common, bin=opts.get("bin"))


def effect(series: str | None = None, event: str | None = None, method: str | None = None, *,
           case: str | None = None, controls: str | list[str] | None = None, start: str | None = None,
           end: str | None = None, family: str = "negbin", cov_type: str | None = None,
           maxlags: int | None = None, seasonality: str = "auto", slope_change: bool = True,
           transition: str | None = None, suppressed: str = "drop", bin: int | None = None) -> dict:
    """Estimate the effect of a dated event on a count series, with its 95% interval and the design's caveats.

    Parameters
    ----------
    series : str
        A series spec or alias (see :mod:`hemigov.effects.series`), e.g. ``"rcmp:province=Quebec"``.
    event : str
        An ``event_id`` from :func:`events` (or a unique prefix), or a date ``YYYY-MM-DD``.
    method : {"its", "did", "event-study"}
        Interrupted time series, difference-in-differences, or event study (default: the case's, else its).
    case : str, optional
        A built-in case study (:func:`case_studies`); its settings are defaults the other arguments override.
    controls : str or list of str
        Control series for did/event-study (same frequency), e.g. ``"unhcr-applications:origin=COL|HTI"``.
    start, end : str, optional
        Window: ``YYYY`` or ``YYYY-MM`` (inclusive).
    family, cov_type, maxlags, seasonality, slope_change, transition, bin
        Passed to the estimator (see :mod:`hemigov.effects.estimators`); ``transition`` defaults to "drop".
    suppressed : {"drop", "midpoint"}
        Suppressed IRCC cells (1–4): left out, or counted as 2.5.

    Returns
    -------
    dict
        ``case``, ``series``, ``series_label``, ``event``, ``event_date``, ``event_title``, ``method``, ``freq``,
        ``effect_rate_ratio``, ``ci_low``, ``ci_high``, ``effect_people`` with ``effect_people_ci_low/high`` and
        ``people_unit``, ``pre_points``, ``post_points``, ``warnings``, ``sources`` (dataset@vintage of every
        input), ``path`` (DataFrame: observed, fitted, counterfactual and its interval) and, per design, level
        and slope rate ratios, ``pretrend_p`` or event-study ``coefficients``.

    Notes
    -----
    Every estimate comes with its interval; when an interval cannot be computed the call fails rather than
    return a bare number. See ``docs/effects.md`` for the designs, assumptions and warnings.
    """
    cfg = _case(case) if case else {}
    series = series or cfg.get("series")
    event = event or cfg.get("event")
    method = method or cfg.get("method") or "its"
    if not series or not event:
        raise HemigovError("give --series and --event, or --case (see `hemigov effect --list`)")
    if method not in METHODS:
        raise HemigovError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if controls is None:
        controls = cfg.get("controls")
    if start is None and end is None and cfg:
        start, end = cfg.get("start"), cfg.get("end")
    transition = transition or cfg.get("transition") or "drop"

    ev = events.resolve(event)
    s = series_mod.load(series)
    d, warnings = _prepared(s, start, end, suppressed)
    prov = list(s.provenance)
    if ev["dataset"]:
        prov.append({"dataset": ev["dataset"], "vintage": ev["vintage"]})
    _coverage_check(s, d, ev["date"], transition)
    if method == "its":
        data = d[["period", "count"]]
    else:
        data, w_c, p_c = _panel(s, d, controls, start, end, suppressed)
        warnings += w_c
        prov += p_c
    opts = dict(family=family, cov_type=cov_type, maxlags=maxlags, seasonality=seasonality,
                slope_change=slope_change, transition=transition, bin=bin)
    try:
        res = _estimate(method, data, ev["date"], s.freq, opts)
    except ValueError as e:
        raise HemigovError(f"{series} around {ev['date']:%Y-%m-%d}: {e}") from e
    warnings = res.pop("warnings") + warnings
    warnings += events.in_window(d["period"].min(), _period_end(d["period"].max(), s.freq), ev["date"],
                                 ev["event_id"])
    if ev["date_precision"] != "day":
        warnings.append(f"the event date is known to the {ev['date_precision']} only")
    out = {"case": case, "series": s.name, "series_label": s.label, "event": ev["event_id"] or event,
           "event_date": ev["date"].strftime("%Y-%m-%d"), "event_title": ev["title"], "freq": s.freq} | res
    if cfg.get("expected"):
        sign = "+" if out["effect_rate_ratio"] > 1 else "-"
        out["expected_sign"] = cfg["expected"]
        out["sign_as_expected"] = sign == cfg["expected"]
    out["warnings"] = list(dict.fromkeys(warnings))
    out["sources"] = Provenance.of(*(Source(p["dataset"], p["vintage"]) for p in prov)).text()
    return out


def _prepared(s: series_mod.Series, start, end, suppressed) -> tuple[pd.DataFrame, list[str]]:
    d = series_mod.window(s, start, end)
    if d.empty:
        raise HemigovError(f"{s.name} has no data in the window {start or '…'} to {end or '…'}")
    return series_mod.flags(s, d, suppressed)


def _period_end(p: pd.Timestamp, freq: str) -> pd.Timestamp:
    return p + (pd.offsets.MonthEnd(0) if freq == "M" else pd.offsets.YearEnd(0))


def _coverage_check(s: series_mod.Series, d: pd.DataFrame, date: pd.Timestamp, transition: str) -> None:
    lo, hi = s.data["period"].min(), _period_end(s.data["period"].max(), s.freq)
    fmt = "%Y-%m" if s.freq == "M" else "%Y"
    last = d["period"].max()
    if last < date and not (transition == "post" and _period_end(last, s.freq) >= date):
        raise HemigovError(f"cannot estimate: {s.name} ends {hi:{fmt}} (data held: {lo:{fmt}}–{hi:{fmt}}), "
                           f"so there is no full period after the event on {date:%Y-%m-%d} in the window")
    if (d["period"] < date).sum() < 3:
        raise HemigovError(f"cannot estimate: {s.name} starts {lo:{fmt}} (data held: {lo:{fmt}}–{hi:{fmt}}), "
                           f"fewer than 3 periods before the event on {date:%Y-%m-%d}")


def _panel(s: series_mod.Series, d: pd.DataFrame, controls, start, end, suppressed):
    if not controls:
        raise HemigovError("did and event-study need --controls (series of the same kind, e.g. other "
                           "nationalities or provinces)")
    specs = [x for c in ([controls] if isinstance(controls, str) else controls) for x in series_mod.expand(c)]
    frames = [d.assign(unit=s.name, treated=True)]
    warnings, prov = [], []
    for spec in specs:
        c = series_mod.load(spec)
        if c.freq != s.freq:
            raise HemigovError(f"control {spec} is {'monthly' if c.freq == 'M' else 'annual'}, the series is not")
        if c.name == s.name:
            raise HemigovError(f"control {spec} is the treated series itself")
        cd, w = _prepared(c, start, end, suppressed)
        # One warning per kind of flag for all controls, not one per control series.
        warnings += [x.replace(f"{c.name}:", "control series:") for x in w
                     if "rounded" not in x and "suppressed" not in x]
        frames.append(cd.assign(unit=c.name, treated=False))
        prov += c.provenance
    data = pd.concat(frames, ignore_index=True)[["unit", "treated", "period", "count"]]
    return data, warnings, prov


def case_studies() -> pd.DataFrame:
    """The built-in case studies, with the data each one can use and whether it can be estimated.

    Returns
    -------
    DataFrame
        ``case``, ``title``, ``series``, ``event``, ``event_date``, ``method``, ``controls``, ``window``,
        ``expected``, ``data_from``, ``data_to``, ``estimable``, ``reason``, ``notes``, ``sources``.
    """
    rows = []
    for name, c in CASES.items():
        s = series_mod.load(c["series"])
        ev = events.resolve(c["event"])
        fmt = "%Y-%m" if s.freq == "M" else "%Y"
        reason = ""
        try:
            d, _ = _prepared(s, c.get("start"), c.get("end"), "drop")
            _coverage_check(s, d, ev["date"], c.get("transition", "drop"))
        except HemigovError as e:
            reason = str(e)
        prov = Provenance.of(*(Source(p["dataset"], p["vintage"]) for p in s.provenance))
        rows.append({"case": name, "title": c["title"], "series": c["series"], "event": c["event"],
                     "event_date": ev["date"].strftime("%Y-%m-%d"), "method": c["method"],
                     "controls": c.get("controls"), "window": f"{c.get('start') or '…'}..{c.get('end') or '…'}",
                     "expected": c.get("expected"), "data_from": s.data["period"].min().strftime(fmt),
                     "data_to": s.data["period"].max().strftime(fmt), "estimable": not reason, "reason": reason,
                     "notes": c.get("notes"), "sources": prov.text()})
    return pd.DataFrame(rows)

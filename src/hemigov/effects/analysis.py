"""``effect()`` and ``case_studies()``: read the series and the event, run an estimator, add the honesty checks
(pre/post points, other events in the window, rounding and suppression) and the provenance of every input.

Bad input (an unknown case, series, key, value, event, method, family …; a window or option that cannot work) is
an :class:`~hemigov.core.errors.InputError` (exit 2) with the closest valid choice. A valid request that the data
held cannot answer ("the data end 2024-02, before any month after the event") is a
:class:`~hemigov.core.errors.HemigovError` (exit 1): the user did nothing wrong.
"""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import HemigovError, InputError, bad_value, unknown
from hemigov.core.provenance import Provenance
from hemigov.effects import diagnostics, estimators, events
from hemigov.effects import series as series_mod
from hemigov.effects.cases import CASES
from hemigov.effects.result import EffectResult, Interval

METHODS = ("its", "did", "event-study")
FAMILIES = ("negbin", "poisson")
COV_TYPES = {"its": ("HAC", "HC0", "nonrobust"), "did": ("HAC-panel", "DK", "HC0", "nonrobust"),
             "event-study": ("HAC-panel", "DK", "HC0", "nonrobust")}
SEASONALITY = ("auto", "month", "harmonic", "none")
TRANSITIONS = ("drop", "post", "pre")
PUBLISHER = {"ircc-claims": "IRCC", "rcmp": "RCMP", "unhcr-applications": "UNHCR", "us-border": "OHSS"}
#: Timeline topics whose events inside the window are named one by one, by series kind: US policy acts directly
#: on US Border Patrol encounters, so its events are confounders there (elsewhere they are counted).
CONFOUNDERS = {"us-border": events.US_CONFOUNDER_TOPICS}
FMT = series_mod.FMT
PER = series_mod.PER


def _case(name: str) -> dict:
    if name not in CASES:
        raise unknown("case", name, CASES)
    return CASES[name]


def _choice(what: str, value, choices) -> str:
    if value not in choices:
        raise unknown(what, value, choices)
    return value


def _estimate(method: str, data: pd.DataFrame, date, freq: str, opts: dict) -> dict:
    common = {k: opts[k] for k in ("family", "maxlags", "transition", "cov_type") if opts.get(k) is not None}
    if method == "its":
        kw = {k: opts[k] for k in ("seasonality", "slope_change") if opts.get(k) is not None}
        return estimators.its(data, date, freq, **common, **kw)
    if method == "did":
        return estimators.did(data, date, freq, **common)
    return estimators.event_study(data, date, freq, **common, bin=opts.get("bin"))


def _period_end(p: pd.Timestamp, freq: str) -> pd.Timestamp:
    return p + (pd.offsets.MonthEnd(0) if freq == "M" else pd.offsets.YearEnd(0))


def _coverage_check(s: series_mod.Series, d: pd.DataFrame, date: pd.Timestamp, transition: str) -> None:
    """Enough periods on both sides of the event: when the data held are too short, the case cannot be estimated
    (HemigovError); when the window given cuts them off, the window is bad input (InputError)."""
    lo, hi = s.span()
    per = PER[s.freq]
    held = f"data held: {lo} to {hi}"
    day = f"{date:%Y-%m-%d}"
    last = d["period"].max()
    if last < date and not (transition == "post" and _period_end(last, s.freq) >= date):
        data_last = s.data["period"].max()
        if data_last < date and not (transition == "post" and _period_end(data_last, s.freq) >= date):
            raise HemigovError(f"cannot estimate: the data end {hi} ({held}), so no full {per} after the event "
                               f"on {day} is in the data")
        raise InputError(None, "end", f"the window ends {last.strftime(FMT[s.freq])}, before any full {per} "
                         f"after the event on {day} ({held})")
    if (d["period"] < date).sum() < 3:
        if (s.data["period"] < date).sum() < 3:
            raise HemigovError(f"cannot estimate: the data start {lo} ({held}), so fewer than 3 {per}s before the "
                               f"event on {day} are in the data")
        raise InputError(None, "start", f"the window starts {d['period'].min().strftime(FMT[s.freq])}, leaving "
                         f"fewer than 3 {per}s before the event on {day} ({held})")


def _controls(s: series_mod.Series, win: series_mod.Window, controls, start, end, suppressed):
    specs = [x for c in ([controls] if isinstance(controls, str) else controls) for x in series_mod.expand(c)]
    frames = [win.data.assign(unit=s.name, treated=True)]
    warnings, loaded, n_sup = [], [], 0
    for spec in specs:
        c = series_mod.load(spec)
        if c.freq != s.freq:
            raise InputError(None, "controls", f"{spec} is {'monthly' if c.freq == 'M' else 'annual'}, the series "
                             "is not")
        if c.name == s.name:
            raise InputError(None, "controls", f"{spec} is the treated series itself")
        cw = series_mod.prepared(c, start, end, suppressed)
        # One warning per kind of flag for all controls, not one per control series.
        warnings += ["control series: " + x.removeprefix(f"{c.name}: ") for x in cw.warnings
                     if "rounded" not in x and "suppressed" not in x]
        frames.append(cw.data.assign(unit=c.name, treated=False))
        loaded.append(c)
        n_sup += cw.n_suppressed
    if n_sup:
        band = f"{loaded[0].small[0]}–{loaded[0].small[1]}"
        rule = (f"counted as {loaded[0].midpoint:g}" if suppressed == "midpoint" else
                "left out (with their periods, to keep the panel balanced)")
        warnings.append(f"control series: {n_sup} suppressed value(s) ({band}) {rule}")
    data = pd.concat(frames, ignore_index=True)[["unit", "treated", "period", "count"]]
    return data, warnings, loaded, n_sup


def effect(series: str | None = None, event: str | None = None, method: str | None = None, *,
           case: str | None = None, controls: str | list[str] | None = None, start: str | None = None,
           end: str | None = None, family: str = "negbin", cov_type: str | None = None,
           maxlags: int | None = None, seasonality: str = "auto", slope_change: bool = True,
           transition: str | None = None, suppressed: str | None = None, bin: int | None = None) -> EffectResult:
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
        Window: ``YYYY`` or ``YYYY-MM`` (inclusive; :mod:`hemigov.core.periods`): ``end="2015"`` includes
        December 2015.
    family : {"negbin", "poisson"}
    cov_type : str, optional
        ``HAC``, ``HC0`` or ``nonrobust`` for its; ``HAC-panel``, ``DK``, ``HC0`` or ``nonrobust`` for the
        comparative designs (default: the estimator's).
    maxlags, seasonality, slope_change, transition, bin
        Passed to the estimator (see :mod:`hemigov.effects.estimators`); ``transition`` defaults to "drop".
    suppressed : {"drop", "midpoint"}
        Suppressed cells (IRCC's 1–4, OHSS's unprinted 0–4): left out, or counted as the middle of that range
        (2.5, 2). Default: the case's, else "drop".

    Returns
    -------
    EffectResult
        The estimate (:class:`hemigov.effects.result.EffectResult`): rate ratio and people per period with 95%
        intervals, the design's facts, warnings, diagnostics in plain words, the path and the sources.

    Raises
    ------
    InputError
        Bad input: an unknown case, series kind, key or value, event, method, family or option, a window outside
        the data or one that leaves no period on a side of the event (exit 2).
    HemigovError
        The data held cannot answer (they end before, or start just before, the event), or the model cannot be
        estimated on them (exit 1).

    Notes
    -----
    Every estimate comes with its interval; when an interval cannot be computed the call fails rather than
    return a bare number. See ``docs/effects.md`` for the designs, assumptions and diagnostics.
    """
    cfg = _case(case) if case else {}
    series = series or cfg.get("series")
    event = event or cfg.get("event")
    method = _choice("method", method or cfg.get("method") or "its", METHODS)
    if not series or not event:
        raise InputError(None, None, "give a series and an event, or a case (`hemigov effect --list` lists them)")
    _choice("family", family, FAMILIES)
    if cov_type is not None:
        _choice(f"covariance for {method}", cov_type, COV_TYPES[method])
    _choice("seasonality", seasonality, SEASONALITY)
    suppressed = _choice("rule for suppressed cells", suppressed or cfg.get("suppressed") or "drop",
                         series_mod.SUPPRESSED)
    transition = _choice("transition", transition or cfg.get("transition") or "drop", TRANSITIONS)
    for name, v, least in (("maxlags", maxlags, 0), ("bin", bin, 1)):
        if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < least):
            raise bad_value(name, v, f"a whole number of at least {least}")
    if method == "its" and controls:
        raise InputError(None, "controls", "used by did and event-study, not its (a single series)")
    if controls is None and method != "its":
        controls = cfg.get("controls")
    if method != "its" and not controls:
        raise InputError(None, "controls", f"{method} needs control series of the same kind (other nationalities "
                         "or provinces), e.g. unhcr-applications:origin=COL|HTI")
    if start is None and end is None and cfg:
        start, end = cfg.get("start"), cfg.get("end")

    ev = events.resolve(event)
    s = series_mod.load(series)
    win = series_mod.prepared(s, start, end, suppressed)
    _coverage_check(s, win.data, ev.date, transition)
    warnings = list(win.warnings)
    control_series: list[series_mod.Series] = []
    controls_suppressed = 0
    if method == "its":
        data = win.data[["period", "count"]]
    else:
        data, w_c, control_series, controls_suppressed = _controls(s, win, controls, start, end, suppressed)
        warnings += w_c
    opts = dict(family=family, cov_type=cov_type, maxlags=maxlags, seasonality=seasonality,
                slope_change=slope_change, transition=transition, bin=bin)
    try:
        res = _estimate(method, data, ev.date, s.freq, opts)
    except ValueError as e:
        raise HemigovError(f"cannot estimate {s.name} around {ev.date:%Y-%m-%d}: {e}") from None
    first, last = win.data["period"].min(), _period_end(win.data["period"].max(), s.freq)
    kind = series_mod.parse(s.name)[0]
    confounders = CONFOUNDERS.get(kind, events.CONFOUNDER_TOPICS)
    others = events.in_window(first, last, ev, confounders)
    warnings = res["warnings"] + warnings + events.window_warnings(others, confounders)
    if ev.date_precision != "day":
        warnings.append(f"the event date is known to the {ev.date_precision} only")

    rr = Interval(res["effect_rate_ratio"], res["ci_low"], res["ci_high"])
    people = Interval(res["effect_people"], res["effect_people_ci_low"], res["effect_people_ci_high"])
    facts = diagnostics.Facts(
        method=method, freq=s.freq, result=res, rate_ratio=rr, people=people, periods=win.data["period"],
        event_date=ev.date, date_precision=ev.date_precision, transition=transition, window=(first, last),
        others=others, rounded_to=s.rounded_to, publisher=PUBLISHER[kind], mean=win.mean,
        n_suppressed=win.n_suppressed, suppressed=suppressed, notes=s.notes, type_spans=win.type_spans,
        controls_rounded=any(c.rounded_to for c in control_series), controls_suppressed=controls_suppressed,
        small=s.small, small_how=s.small_how, confounders=confounders)
    # The events inside the window are inputs too: they make the diagnostics.
    sources = Provenance.of(s.sources, ev.sources, others, *(c.sources for c in control_series))
    return EffectResult(
        case=case, title=cfg.get("title") or f"{ev.title} ({ev.date:%Y-%m-%d}): {s.label}", series=s.name,
        series_label=s.label, event=ev.event_id or str(event).strip(), event_date=f"{ev.date:%Y-%m-%d}",
        event_title=ev.title, method=method, freq=s.freq, rate_ratio=rr, people=people,
        people_unit=res["people_unit"], level=_interval(res, "level_rate_ratio", "level_ci_low", "level_ci_high"),
        slope_per_year=_interval(res, "slope_rate_ratio_per_year", "slope_ci_low", "slope_ci_high"),
        pretrend_p=res.get("pretrend_p"), pre_points=res["pre_points"], post_points=res["post_points"],
        pre_period=res["pre_period"], post_period=res["post_period"], controls=list(res.get("controls", [])),
        family=family, alpha=float(res["alpha"]), cov_type=res["cov_type"],
        warnings=list(dict.fromkeys(warnings)), diagnostics=diagnostics.explain(facts), path=res["path"],
        sources=sources.text(), coefficients=res.get("coefficients"))


def _interval(res: dict, value: str, low: str, high: str) -> Interval | None:
    return Interval(res[value], res[low], res[high]) if value in res else None


def case_studies() -> pd.DataFrame:
    """The built-in case studies, with the data each one can use and whether it can be estimated.

    Returns
    -------
    DataFrame
        ``case``, ``title``, ``series``, ``event``, ``event_date``, ``method``, ``controls``, ``window``,
        ``expected`` (the sign the case expects, + or -), ``data_from``, ``data_to``, ``estimable``, ``reason``
        (why not, in plain words; empty when estimable), ``notes``, ``sources``.
    """
    rows = []
    for name, c in CASES.items():
        ev = events.resolve(c["event"])
        reason = ""
        try:
            s = series_mod.load(c["series"])
        except HemigovError as e:  # a warehouse without the series' dataset (e.g. initialised by an older hemigov)
            rows.append({"case": name, "title": c["title"], "series": c["series"], "event": c["event"],
                         "event_date": f"{ev.date:%Y-%m-%d}", "method": c["method"], "controls": c.get("controls"),
                         "window": f"{c.get('start') or '…'}..{c.get('end') or '…'}", "expected": c.get("expected"),
                         "data_from": None, "data_to": None, "estimable": False,
                         "reason": f"its series is not in this warehouse ({e}); import its source files",
                         "notes": c.get("notes"), "sources": ev.sources})
            continue
        try:
            win = series_mod.prepared(s, c.get("start"), c.get("end"), c.get("suppressed", "drop"))
            _coverage_check(s, win.data, ev.date, c.get("transition", "drop"))
        except HemigovError as e:
            reason = str(e)
        lo, hi = s.span()
        rows.append({"case": name, "title": c["title"], "series": c["series"], "event": c["event"],
                     "event_date": f"{ev.date:%Y-%m-%d}", "method": c["method"], "controls": c.get("controls"),
                     "window": f"{c.get('start') or '…'}..{c.get('end') or '…'}", "expected": c.get("expected"),
                     "data_from": lo, "data_to": hi, "estimable": not reason, "reason": reason,
                     "notes": c.get("notes"), "sources": Provenance.of(s.sources, ev.sources).text()})
    return pd.DataFrame(rows)

"""The typed result of :func:`hemigov.effects.effect`: what the report, the CLI, the API and the dashboard read.

:class:`EffectResult` holds one estimate with its 95% intervals (:class:`Interval`), the design's facts (points,
periods, model), the diagnostics in plain words, the observed/fitted/counterfactual path and the provenance of
every input. :meth:`EffectResult.to_dict` is its JSON form (intervals as ``{"value", "low", "high"}``, the path
as records with periods written ``YYYY-MM`` or ``YYYY``, NaN as null); :meth:`EffectResult.from_dict` reads it
back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from hemigov.style import numbers

#: Columns of :attr:`EffectResult.path`.
PATH_COLUMNS = ["period", "observed", "fitted", "counterfactual", "cf_low", "cf_high", "post"]
PERIOD_FORMAT = {"M": "%Y-%m", "Y": "%Y"}


@dataclass(frozen=True)
class Interval:
    """An estimate and its 95% interval: ``low <= value <= high``."""

    value: float
    low: float
    high: float

    def excludes(self, x: float) -> bool:
        """Whether ``x`` lies outside the interval (e.g. 1 for a rate ratio, 0 for a change in people)."""
        return x < self.low or x > self.high

    def to_dict(self) -> dict:
        return {"value": _num(self.value), "low": _num(self.low), "high": _num(self.high)}

    @classmethod
    def from_dict(cls, d: dict | None) -> Interval | None:
        if d is None:
            return None
        return cls(*(math.nan if d[k] is None else float(d[k]) for k in ("value", "low", "high")))

    def text(self, kind: str = "ratio") -> str:
        """``0.161 (95% CI 0.0958 to 0.27)``, each number written by :func:`hemigov.style.numbers.fmt`."""
        return (f"{numbers.fmt(self.value, kind)} (95% CI {numbers.fmt(self.low, kind)} to "
                f"{numbers.fmt(self.high, kind)})")


def _num(v):
    """A plain JSON number: numpy scalars become Python, NaN and infinities None."""
    if v is None:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


@dataclass(frozen=True, eq=False)
class EffectResult:
    """One effect estimate.

    Attributes
    ----------
    case : str or None
        The built-in case study, if one was run.
    title : str
        What was estimated, in words.
    series, series_label : str
        The series spec and its description.
    event, event_date, event_title : str
        The event id (or the date given), its date ``YYYY-MM-DD`` and its title.
    method : {"its", "did", "event-study"}
    freq : {"M", "Y"}
    rate_ratio : Interval
        Observed (fitted) over counterfactual, summed over the post-event periods.
    people : Interval
        Fitted minus counterfactual, per period (``people_unit``: "persons per month" or "persons per year").
    level, slope_per_year : Interval or None
        ITS only: the rate ratio of the level change at the event and of the trend change per year.
    pretrend_p : float or None
        DiD and event study: the pre-trend test's p-value (None for ITS, or when it cannot be computed).
    pre_points, post_points : int
        Periods of the treated series before and after the event in the model.
    pre_period, post_period : str
        Their spans, e.g. ``2022-01..2023-02``.
    controls : list of str
        The control series (DiD and event study).
    family, alpha, cov_type : str, float, str
        The count model (``negbin``, ``poisson``), its NB2 dispersion (0 for Poisson), the covariance.
    warnings : list of str
        Short flags about the design.
    diagnostics : list of str
        The design's checks in plain words (pre-trend test, other events in the window, rounding and
        suppression, points, and why the rate-ratio and people intervals disagree when they do).
    path : DataFrame
        ``period`` (Timestamp), ``observed``, ``fitted``, ``counterfactual``, ``cf_low``, ``cf_high`` (95%),
        ``post`` (bool), for the treated series.
    sources : str
        Provenance of every input (the text form of :class:`hemigov.core.provenance.Provenance`).
    coefficients : DataFrame or None
        Event study only: ``rel_bin``, ``rate_ratio``, ``ci_low``, ``ci_high`` (the reference bin is 1).
    """

    case: str | None
    title: str
    series: str
    series_label: str
    event: str
    event_date: str
    event_title: str
    method: str
    freq: str
    rate_ratio: Interval
    people: Interval
    people_unit: str
    level: Interval | None
    slope_per_year: Interval | None
    pretrend_p: float | None
    pre_points: int
    post_points: int
    pre_period: str
    post_period: str
    controls: list[str]
    family: str
    alpha: float
    cov_type: str
    warnings: list[str]
    diagnostics: list[str]
    path: pd.DataFrame = field(repr=False)
    sources: str
    coefficients: pd.DataFrame | None = field(default=None, repr=False)

    # -- reading ----------------------------------------------------------------------------------------------
    @property
    def summary(self) -> str:
        """The estimate in one sentence of plain words."""
        rr, pp = self.rate_ratio, self.people
        direction = "lower" if rr.value < 1 else "higher"
        against = "the pre-event trend predicts" if self.method == "its" else "the control series predict"
        return (f"{self.series_label}. After {self.event_date} — {self.event_title} — "
                f"{numbers.fmt(abs(rr.value - 1), 'share')} {direction} than {against}, rate ratio "
                f"{rr.text('ratio')}; a change of {numbers.fmt(pp.value, 'count')} {self.people_unit} (95% CI "
                f"{numbers.fmt(pp.low, 'count')} to {numbers.fmt(pp.high, 'count')}).")

    def path_records(self) -> list[dict]:
        """The path as JSON records, periods written ``YYYY-MM`` (monthly) or ``YYYY``."""
        p = self.path.assign(period=self.path["period"].dt.strftime(PERIOD_FORMAT[self.freq]))
        return [{k: (bool(v) if k == "post" else v if k == "period" else _num(float(v))) for k, v in r.items()}
                for r in p[PATH_COLUMNS].to_dict("records")]

    def to_dict(self) -> dict:
        """JSON-able: intervals as ``{"value", "low", "high"}``, the path and bins as records, NaN as None."""
        out = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, Interval):
                v = v.to_dict()
            elif f.name == "path":
                v = self.path_records()
            elif isinstance(v, pd.DataFrame):
                v = [{k: _num(x) for k, x in r.items()} for r in v.to_dict("records")]
            elif isinstance(v, list):
                v = [str(x) for x in v]
            else:
                v = _num(v)
            out[f.name] = v
        return out

    @classmethod
    def from_dict(cls, d: dict) -> EffectResult:
        """The inverse of :meth:`to_dict`."""
        kw = dict(d)
        for name in ("rate_ratio", "people", "level", "slope_per_year"):
            kw[name] = Interval.from_dict(d[name])
        path = pd.DataFrame(d["path"], columns=PATH_COLUMNS)
        fmt = PERIOD_FORMAT[d["freq"]]
        kw["path"] = path.assign(period=pd.to_datetime(path["period"], format=fmt),
                                 **{c: path[c].astype(float) for c in PATH_COLUMNS[1:-1]},
                                 post=path["post"].astype(bool))
        kw["coefficients"] = None if d.get("coefficients") is None else pd.DataFrame(d["coefficients"])
        kw["alpha"] = math.nan if d["alpha"] is None else d["alpha"]
        return cls(**kw)

    # -- transitional: the dict keys effect() returned before this type --------------------------------------
    def _legacy(self) -> dict:
        rr, pp = self.rate_ratio, self.people
        out = {"case": self.case, "title": self.title, "series": self.series, "series_label": self.series_label,
               "event": self.event, "event_date": self.event_date, "event_title": self.event_title,
               "method": self.method, "freq": self.freq, "effect_rate_ratio": rr.value, "ci_low": rr.low,
               "ci_high": rr.high, "effect_people": pp.value, "effect_people_ci_low": pp.low,
               "effect_people_ci_high": pp.high, "people_unit": self.people_unit}
        if self.level is not None:
            out |= {"level_rate_ratio": self.level.value, "level_ci_low": self.level.low,
                    "level_ci_high": self.level.high}
        if self.slope_per_year is not None:
            out |= {"slope_rate_ratio_per_year": self.slope_per_year.value,
                    "slope_ci_low": self.slope_per_year.low, "slope_ci_high": self.slope_per_year.high}
        return out | {"pretrend_p": self.pretrend_p, "pre_points": self.pre_points,
                      "post_points": self.post_points, "pre_period": self.pre_period,
                      "post_period": self.post_period, "controls": self.controls, "family": self.family,
                      "alpha": self.alpha, "cov_type": self.cov_type, "warnings": self.warnings,
                      "diagnostics": self.diagnostics, "path": self.path, "coefficients": self.coefficients,
                      "sources": self.sources}

    def keys(self):
        """Transitional (until the report and the dashboard read the fields): ``res["ci_low"]`` and ``{**res}``
        give the flat keys ``effect()`` returned as a dict before this type existed."""
        return self._legacy().keys()

    def __getitem__(self, key: str):
        return self._legacy()[key]

"""The typed result of :func:`hemigov.scenarios.scenario`: what the report, the CLI, the API and the dashboard read."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: Columns of :meth:`ScenarioResult.to_frame`.
FRAME_COLUMNS = ["name", "value", "low", "high", "unit", "params", "sources"]


@dataclass(frozen=True, eq=False)
class ScenarioResult:
    """One scenario computed: a point value and an interval (``low <= value <= high``).

    Attributes
    ----------
    name, title, group, unit : str
        The scenario and the unit of ``value``, ``low`` and ``high``.
    value, low, high : float
        The point value and the interval (what the interval means: ``interval``).
    params : dict
        The bound parameters, canonical text values (``{"years": "2015-2020", ...}``).
    assumptions : list of str
        What the number assumes, in plain words (printed with it on every surface).
    interval : str
        What ``low`` and ``high`` mean, one sentence.
    sources : str
        The one provenance text (``dataset@vintage; ...``) of every input.
    detail : DataFrame
        The computation's rows, with a ``sources`` column.
    """

    name: str
    title: str
    group: str
    unit: str
    value: float
    low: float
    high: float
    params: dict
    assumptions: list[str]
    interval: str
    sources: str
    detail: pd.DataFrame = field(repr=False)

    def params_text(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.params.items())

    def to_dict(self) -> dict:
        """JSON-able: numbers as Python floats (NaN as None), the detail as records."""
        detail = self.detail.astype(object).where(self.detail.notna(), None)
        return {"name": self.name, "title": self.title, "group": self.group, "unit": self.unit,
                "value": _num(self.value), "low": _num(self.low), "high": _num(self.high),
                "params": dict(self.params), "assumptions": list(self.assumptions), "interval": self.interval,
                "sources": self.sources,
                "detail": [{k: _num(v) for k, v in r.items()} for r in detail.to_dict(orient="records")]}

    def to_frame(self) -> pd.DataFrame:
        """One row: name, value, low, high, unit, params (text), sources."""
        return pd.DataFrame([{"name": self.name, "value": self.value, "low": self.low, "high": self.high,
                              "unit": self.unit, "params": self.params_text(), "sources": self.sources}],
                            columns=FRAME_COLUMNS)


def _num(v):
    """A plain JSON value: numpy scalars become Python, NaN and infinities None, timestamps ISO dates."""
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return v

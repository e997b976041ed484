"""The scenario registry: each scenario's name, group, unit, parameters and assumptions.

A scenario is registered with :func:`register` around a pure function ``f(**params) -> Computed``; the
registry binds raw parameter values (strings from the CLI, Python values from the API) once, before calling it,
so an unknown scenario or parameter and a bad value fail with one line naming the closest valid choice
(:class:`hemigov.core.errors.InputError`, exit 2). Parameter kinds are the five the dashboard draws controls for:
``period`` (the one period grammar, years only), ``choice``, ``number`` (with optional bounds), ``country`` (an
ISO3 code of the country table) and ``text``. Bound values are canonical text (``2015-2020``, ``CAN``, ``4000``),
so a result's ``params`` can be put straight into a URL or a command line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from hemigov.core import periods
from hemigov.core.errors import InputError, bad_value, suggest, unknown
from hemigov.indicators.registry import READERS

KINDS = ("period", "choice", "number", "country", "text")
GROUPS = ("resettlement", "money", "visa")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: str
    help: str = field(kw_only=True)
    choices: tuple[str, ...] | None = field(default=None, kw_only=True)
    min: float | None = field(default=None, kw_only=True)
    max: float | None = field(default=None, kw_only=True)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown parameter kind {self.kind!r}")
        if (self.kind == "choice") != (self.choices is not None):
            raise ValueError(f"parameter {self.name!r}: choices go with kind 'choice' only")

    def to_dict(self) -> dict:
        return {"name": self.name, "default": self.default, "kind": self.kind,
                "choices": list(self.choices) if self.choices else None, "min": self.min, "max": self.max,
                "help": self.help}


@dataclass(frozen=True)
class Computed:
    """What a scenario function returns: the point, the interval, the rows behind them and their provenance."""

    value: float
    low: float
    high: float
    detail: pd.DataFrame
    notes: tuple[str, ...] = ()  # assumptions that depend on the data (e.g. "one year: no variation")


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    group: str
    unit: str
    summary: str
    assumptions: tuple[str, ...]
    interval: str
    params: tuple[Param, ...]
    func: Callable[..., Computed] = field(repr=False)

    @property
    def where(self) -> str:
        return f"scenario {self.name!r}"

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise unknown("parameter", name, [p.name for p in self.params] or ["(none)"], where=self.where)

    def params_text(self) -> str:
        return ", ".join(f"{p.name}={p.default}" for p in self.params)


REGISTRY: dict[str, Scenario] = {}


def register(name: str, *, title: str, group: str, unit: str, summary: str, assumptions: tuple[str, ...],
             interval: str, params: tuple[Param, ...] = ()) -> Callable:
    """Decorator: add ``func`` to the registry under ``name``."""
    if group not in GROUPS:
        raise ValueError(f"unknown scenario group {group!r}")

    def deco(func: Callable[..., Computed]) -> Callable[..., Computed]:
        if name in REGISTRY:
            raise ValueError(f"scenario {name!r} registered twice")
        REGISTRY[name] = Scenario(name=name, title=title, group=group, unit=unit, summary=summary,
                                  assumptions=assumptions, interval=interval, params=params, func=func)
        return func
    return deco


def get(name: str) -> Scenario:
    if name not in REGISTRY:
        raise unknown("scenario", name, REGISTRY)
    return REGISTRY[name]


def _period(value: object, where: str) -> str:
    p = periods.parse(value, where)
    if p.grain != "year":
        raise bad_value(where, value, "a year or a range of years (YYYY, YYYY-YYYY, YYYY-latest or latest)")
    return p.label()


def _number(value: object, p: Param, where: str) -> str:
    x = READERS["float"](value, where)
    if (p.min is not None and x < p.min) or (p.max is not None and x > p.max):
        lo = "" if p.min is None else f" >= {p.min:g}"
        hi = "" if p.max is None else f" <= {p.max:g}"
        raise bad_value(where, value, f"a number{lo}{' and' if lo and hi else ''}{hi}")
    return f"{x:.15g}"


def _choice(value: object, p: Param, sc: Scenario, where: str) -> str:
    v = str(value).strip()
    if v in p.choices:
        return v
    if suggest(v, p.choices) is not None:
        raise unknown(p.name, v, p.choices, where=sc.where)
    ordered = sorted(p.choices, key=lambda c: c != p.default)
    raise bad_value(where, v, "one of " + ", ".join(ordered))


def convert(sc: Scenario, p: Param, value: object) -> str:
    """One raw value -> its canonical text; InputError naming the scenario, parameter and problem."""
    where = f"{sc.where}, parameter {p.name!r}"
    if p.kind == "period":
        return _period(value, where)
    if p.kind == "number":
        return _number(value, p, where)
    if p.kind == "country":
        return READERS["iso3"](value, where)
    if p.kind == "choice":
        return _choice(value, p, sc, where)
    text = str(value).strip()
    if not text:
        raise bad_value(where, value, "a non-empty text")
    return text


def bind(sc: Scenario, raw: dict[str, object]) -> dict[str, str]:
    """Validate ``raw`` against the scenario's parameters; fill defaults; return canonical text values."""
    for k in raw:
        sc.param(k)  # raises for an unknown parameter
    return {p.name: convert(sc, p, raw[p.name] if raw.get(p.name) is not None else p.default) for p in sc.params}


def years_of(label: str) -> tuple[int | None, int | None]:
    """A bound ``period`` value as the ``(first, last)`` pair the indicators take (None for ``latest``)."""
    p = periods.parse(label)
    return (p.start[0] if p.start else None, p.end[0] if p.end else None)


def check(sc: Scenario, c: Computed) -> Computed:
    """The invariant every surface relies on: finite low <= value <= high."""
    if not (c.low <= c.value <= c.high):
        raise InputError(None, sc.where, f"interval [{c.low:g}, {c.high:g}] does not hold the value {c.value:g}")
    return c


def table() -> pd.DataFrame:
    """One row per registered scenario: name, title, group, unit, summary, params (with defaults)."""
    rows = [{"name": s.name, "title": s.title, "group": s.group, "unit": s.unit, "summary": s.summary,
             "params": s.params_text()}
            for s in sorted(REGISTRY.values(), key=lambda s: (GROUPS.index(s.group), s.name))]
    return pd.DataFrame(rows, columns=["name", "title", "group", "unit", "summary", "params"])

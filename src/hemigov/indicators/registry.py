"""The indicator registry: each indicator's name, parameters (type, default, help) and definition.

An indicator is registered with :func:`register` around a function ``f(**params) -> DataFrame``; the
registry validates and converts raw parameter values (strings from the CLI, Python values from the API)
once, before calling it, so unknown parameters and bad values fail with one line naming the closest valid
choice (:class:`hemigov.core.errors.InputError`, exit 2), never an empty table.

Periods are read by the one grammar, :func:`hemigov.core.periods.parse`:

- ``years`` parameters take years only (``2019``, ``2015-2020``, ``2015-latest``, ``latest``) and are bound
  to the period's ``(first year, last year)`` pair, ``None`` for a ``latest`` end (the form the API shows);
  :func:`period_of` turns the pair back into a :class:`~hemigov.core.periods.Period` and resolves it against
  the years the data hold.
- ``period`` parameters also take months (``2015-01..2020-06``) and are bound to the period's canonical
  label (:meth:`~hemigov.core.periods.Period.label`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from hemigov.core import periods
from hemigov.core.errors import InputError, bad_value, suggest, unknown
from hemigov.core.periods import Period
from hemigov.geo import countries
from hemigov.geo.regions import country_codes

#: Parameter kinds: how a raw value is read.
KINDS = ("str", "int", "float", "bool", "iso3", "iso3_list", "years", "period", "str_list")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: object
    help: str = field(kw_only=True)
    choices: tuple[str, ...] | None = field(default=None, kw_only=True)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown parameter kind {self.kind!r}")


@dataclass(frozen=True)
class Indicator:
    name: str
    title: str
    group: str
    definition: str
    formula: str
    references: tuple[str, ...]
    params: tuple[Param, ...]
    func: Callable[..., pd.DataFrame] = field(repr=False)

    @property
    def where(self) -> str:
        return f"indicator {self.name!r}"

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise unknown("parameter", name, [p.name for p in self.params] or ["(none)"], where=self.where)


REGISTRY: dict[str, Indicator] = {}

#: The vintage choice every indicator over the warehouse takes (see docs/definitions.md, "Vintages").
VINTAGE = Param("vintage", "str", "latest", help="latest (each dataset's newest release), paper (as of the paper) or "
                "a release such as 2025-06")


def register(name: str, *, title: str, group: str, definition: str, formula: str,
             references: tuple[str, ...], params: tuple[Param, ...] = ()) -> Callable:
    """Decorator: add ``func`` to the registry under ``name``."""
    def deco(func: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
        if name in REGISTRY:
            raise ValueError(f"indicator {name!r} registered twice")
        REGISTRY[name] = Indicator(name=name, title=title, group=group, definition=definition, formula=formula,
                                   references=references, params=params, func=func)
        return func
    return deco


def get(name: str) -> Indicator:
    if name not in REGISTRY:
        raise unknown("indicator", name, REGISTRY)
    return REGISTRY[name]


def _to_list(value: object, where: str) -> list[str]:
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",")]
    elif isinstance(value, (list, tuple)):
        items = [str(v).strip() for v in value]
    else:
        raise bad_value(where, value, "a comma-separated list")
    items = [v for v in items if v]
    if not items:
        raise bad_value(where, value, "a non-empty list")
    return items


def _years(value: object, where: str) -> tuple[int | None, int | None]:
    p = periods.parse(value, where)
    if p.grain != "year":
        raise bad_value(where, value, "a year or a range of years (YYYY, YYYY-YYYY, YYYY-latest or latest)")
    return (p.start[0] if p.start else None, p.end[0] if p.end else None)


def _bool(value: object, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise bad_value(where, value, "true or false")


def _int(value: object, where: str) -> int:
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise bad_value(where, value, "a whole number")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_value(where, value, "a whole number") from None


def _float(value: object, where: str) -> float:
    if isinstance(value, bool):
        raise bad_value(where, value, "a number")
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise bad_value(where, value, "a number") from None
    if out != out:  # NaN
        raise bad_value(where, value, "a number")
    return out


def _iso3(value: object, where: str) -> str:
    code = str(value).strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise bad_value(where, value, "an ISO3 code such as CAN")
    known = set(countries().iso3)
    if code not in known:
        raise unknown("country code", code, known, where=where)
    return code


#: One reader per kind: raw value -> the parameter's type (InputError naming the parameter when it does not fit).
READERS: dict[str, Callable[[object, str], object]] = {
    "str": lambda v, w: str(v),
    "int": _int,
    "float": _float,
    "bool": _bool,
    "iso3": _iso3,
    "iso3_list": lambda v, w: country_codes(_to_list(v, w), w),
    "str_list": _to_list,
    "years": _years,
    "period": lambda v, w: periods.parse(v, w).label(),
}


def convert(ind: Indicator, p: Param, value: object) -> object:
    """One raw value -> the parameter's type; InputError naming the indicator, parameter and problem."""
    if value is None:
        return None
    where = f"{ind.where}, parameter {p.name!r}"
    out = READERS[p.kind](value, where)
    if p.choices is not None:
        for v in out if isinstance(out, list) else [out]:
            if v not in p.choices:
                if suggest(v, p.choices) is not None:  # a near miss: the closest valid choice
                    raise unknown(p.name, v, p.choices, where=ind.where)
                # otherwise every choice, the default first
                ordered = sorted(p.choices, key=lambda c: c != p.default)
                raise bad_value(where, v, "one of " + ", ".join(ordered))
    return out


def bind(ind: Indicator, raw: dict[str, object]) -> dict[str, object]:
    """Validate ``raw`` against the indicator's parameters; fill defaults; return converted values."""
    for k in raw:
        ind.param(k)  # raises for an unknown parameter
    return {p.name: convert(ind, p, raw.get(p.name, p.default)) for p in ind.params}


def period_of(years: object, first: int, last: int, *, what: str) -> Period:
    """A bound ``years`` value as a Period resolved against the data's years ``first``..``last`` (``latest``
    filled in; a period outside them is bad input naming ``what`` and the years it covers)."""
    return periods.parse(years).resolve(first, last, what)


def months_of(label: str, first: tuple[int, int], last: tuple[int, int], *, what: str) -> Period:
    """A bound ``period`` value resolved against monthly data from ``first`` to ``last`` ((year, month))."""
    return periods.parse(label).resolve(first, last, what)


def one_year(years: object, first: int, last: int, *, what: str, where: str) -> int:
    """A ``years`` value that must name one year (or ``latest``)."""
    a, b = years
    if a != b:
        raise InputError(None, where, "give one year (or latest), not a range")
    return period_of(years, first, last, what=what).first_year


def span(frame: pd.DataFrame, what: str, column: str = "year") -> tuple[int, int]:
    """The first and last year of a frame; an empty frame is a selection with no data."""
    if frame.empty or frame[column].isna().all():
        raise InputError(None, None, f"no data for {what}")
    return int(frame[column].min()), int(frame[column].max())


def table() -> pd.DataFrame:
    """One row per registered indicator."""
    rows = []
    for ind in sorted(REGISTRY.values(), key=lambda i: (i.group, i.name)):
        rows.append({
            "name": ind.name, "group": ind.group, "title": ind.title,
            "parameters": "; ".join(f"{p.name}={_show(p.default)}" for p in ind.params),
            "definition": ind.definition,
        })
    return pd.DataFrame(rows)


def params_table(ind: Indicator) -> pd.DataFrame:
    return pd.DataFrame([{"parameter": p.name, "type": p.kind, "default": _show(p.default),
                          "choices": ", ".join(p.choices) if p.choices else "", "help": p.help}
                         for p in ind.params])


def _show(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return ",".join(str(x) for x in v)
    return str(v)

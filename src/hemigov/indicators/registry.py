"""The indicator registry: each indicator's name, parameters (type, default, help) and definition.

An indicator is registered with :func:`register` around a function ``f(**params) -> DataFrame``; the
registry validates and converts raw parameter values (strings from the CLI, Python values from the API)
before calling it, so unknown parameters and bad values fail with one clear line, never an empty table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from hemigov.core.errors import HemigovError

#: Parameter kinds: how a raw value is read.
KINDS = ("str", "int", "float", "bool", "iso3", "iso3_list", "years", "str_list")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: object
    help: str
    choices: tuple[str, ...] | None = None

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

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise HemigovError(f"indicator {self.name!r}: unknown parameter {name!r}; known: {known}")


REGISTRY: dict[str, Indicator] = {}


def register(name: str, *, title: str, group: str, definition: str, formula: str,
             references: tuple[str, ...], params: tuple[Param, ...] = ()) -> Callable:
    """Decorator: add ``func`` to the registry under ``name``."""
    def deco(func: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
        if name in REGISTRY:
            raise ValueError(f"indicator {name!r} registered twice")
        REGISTRY[name] = Indicator(name, title, group, definition, formula, references, params, func)
        return func
    return deco


def get(name: str) -> Indicator:
    if name not in REGISTRY:
        raise HemigovError(f"unknown indicator {name!r}; known: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name]


_YEARS = re.compile(r"^(\d{4})(?:\s*[-:]\s*(\d{4}|latest))?$")


def parse_years(value: object) -> tuple[int | None, int | None]:
    """``2019`` -> (2019, 2019); ``"2015-2020"`` -> (2015, 2020); ``"latest"`` -> (None, None) (resolved
    against the data); ``"2015-latest"`` -> (2015, None); a (start, end) pair passes through."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        a, b = (int(v) if v is not None else None for v in value)
    elif isinstance(value, int) and not isinstance(value, bool):
        a = b = value
    elif isinstance(value, str) and value.strip().lower() == "latest":
        return None, None
    elif isinstance(value, str) and (m := _YEARS.match(value.strip())):
        a = int(m.group(1))
        b = a if m.group(2) is None else (None if m.group(2) == "latest" else int(m.group(2)))
    else:
        raise ValueError("expected YYYY, YYYY-YYYY, YYYY-latest or latest")
    if a is not None and b is not None and b < a:
        raise ValueError(f"end year {b} before start year {a}")
    return a, b


def _to_list(value: object) -> list[str]:
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",")]
    elif isinstance(value, (list, tuple)):
        items = [str(v).strip() for v in value]
    else:
        raise ValueError("expected a comma-separated list")
    items = [v for v in items if v]
    if not items:
        raise ValueError("empty list")
    return items


def convert(p: Param, value: object) -> object:
    """One raw value -> the parameter's type; ValueError with the reason if it does not fit."""
    if value is None:
        return None
    k = p.kind
    if k == "int":
        out = int(value) if not isinstance(value, float) or value.is_integer() else None
        if out is None or isinstance(value, bool):
            raise ValueError("expected a whole number")
    elif k == "float":
        if isinstance(value, bool):
            raise ValueError("expected a number")
        out = float(value)
        if out != out:  # NaN
            raise ValueError("expected a number")
    elif k == "bool":
        if isinstance(value, bool):
            out = value
        elif str(value).lower() in ("1", "true", "yes", "on"):
            out = True
        elif str(value).lower() in ("0", "false", "no", "off"):
            out = False
        else:
            raise ValueError("expected true or false")
    elif k == "iso3":
        out = str(value).strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", out):
            raise ValueError("expected an ISO3 code such as CAN")
    elif k == "iso3_list":
        out = [v.upper() for v in _to_list(value)]
    elif k == "str_list":
        out = _to_list(value)
    elif k == "years":
        out = parse_years(value)
    else:
        out = str(value)
    if p.choices is not None:
        vals = out if isinstance(out, list) else [out]
        bad = [v for v in vals if v not in p.choices]
        if bad:
            raise ValueError(f"{bad[0]!r} is not one of {', '.join(p.choices)}")
    return out


def bind(ind: Indicator, raw: dict[str, object]) -> dict[str, object]:
    """Validate ``raw`` against the indicator's parameters; fill defaults; return converted values."""
    names = {p.name for p in ind.params}
    for k in raw:
        if k not in names:
            ind.param(k)  # raises: unknown parameter
    out = {}
    for p in ind.params:
        value = raw.get(p.name, p.default)
        try:
            out[p.name] = convert(p, value)
        except (TypeError, ValueError) as e:
            raise HemigovError(f"indicator {ind.name!r}: bad value {value!r} for parameter {p.name!r}: {e}") from None
    return out


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

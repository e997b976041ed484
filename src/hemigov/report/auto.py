"""Exhibits from the results of feature modules whose shape the report does not fix in advance.

Feature functions (``hemigov.replicate``, ``hemigov.indicator`` ...) return DataFrames, records or objects
with ``to_frame()``. ``as_frame`` accepts all of those; ``exhibit`` turns one into a table, with a line chart
when it has a ``year`` column and one numeric value column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from hemigov.report import charts
from hemigov.report.fmt import tidy
from hemigov.report.model import Exhibit

VALUE_COLUMNS = ("value", "share", "rate", "persons", "estimate", "effect")
SERIES_COLUMNS = ("series", "measure", "iso3", "country", "destination_iso3", "origin_iso3", "group", "indicator")


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return s or "x"


def as_frame(obj) -> pd.DataFrame | None:
    if obj is None:
        return None
    if isinstance(obj, pd.DataFrame):
        return obj
    if isinstance(obj, pd.Series):
        return obj.reset_index()
    for attr in ("to_frame", "frame", "table", "data"):
        v = getattr(obj, attr, None)
        if callable(v):
            try:
                v = v()
            except TypeError:
                continue
        if isinstance(v, pd.DataFrame):
            return v
    if isinstance(obj, Mapping):
        return pd.DataFrame([obj]) if all(not isinstance(v, list | dict) for v in obj.values()) else None
    if isinstance(obj, list | tuple) and obj and all(isinstance(r, Mapping) for r in obj):
        return pd.DataFrame(list(obj))
    return None


def _flatten(df: pd.DataFrame) -> pd.DataFrame:
    """Exports need scalar cells: lists and dicts become text."""
    out = df.reset_index(drop=True).copy()
    for c in out.columns:
        if out[c].dtype == object and out[c].map(lambda v: isinstance(v, list | dict | tuple | set)).any():
            out[c] = out[c].map(lambda v: str(v) if isinstance(v, list | dict | tuple | set) else v)
    out.columns = [str(c) for c in out.columns]
    return out


def exhibit(ex_id: str, title: str, df: pd.DataFrame, *, units: str = "", source: str = "",
            note: str = "") -> Exhibit:
    df = tidy(_flatten(df))
    spec, alt = None, ""
    value = next((c for c in VALUE_COLUMNS if c in df.columns and pd.api.types.is_numeric_dtype(df[c])), None)
    if "year" in df.columns and value and pd.api.types.is_numeric_dtype(df["year"]) and len(df) > 1:
        series = next((c for c in SERIES_COLUMNS if c in df.columns and 1 < df[c].nunique() <= 9), None)
        plot = df.dropna(subset=[value])
        pct = value in ("share", "rate") or (len(plot) and plot[value].between(0, 1).all() and value != "persons")
        spec = charts.line(plot, y=value, y_title=value.replace("_", " "), color=series,
                           color_title=series or "", percent=bool(pct), description=title)
        alt = f"Line chart of {value.replace('_', ' ')} by year" + (f", one line per {series}" if series else "") \
            + f": {title}."
    return Exhibit(slug(ex_id), title, units or "as returned by hemigov", df, alt=alt, spec=spec, note=note,
                   source=source)

"""Number formatting for pages, and tidying of exported tables (whole numbers stay whole)."""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd


def tidy(df: pd.DataFrame) -> pd.DataFrame:
    """Counts that NULLs widened to float go back to nullable integers; shares keep 6 decimals."""
    out = df.copy()
    for c in out.columns:
        s = out[c]
        if pd.api.types.is_float_dtype(s):
            vals = s.dropna()
            if len(vals) and (vals == vals.round()).all() and not c.endswith(("share", "rate")):
                out[c] = s.round().astype("Int64")
            else:
                out[c] = s.round(6)
        elif pd.api.types.is_integer_dtype(s):
            out[c] = s.astype("Int64")
    return out.reset_index(drop=True)


def num(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return "–"
    v = float(v)
    if v.is_integer():
        return f"{int(v):,}"
    return f"{v:,.1f}"


def pct(v, digits: int = 1) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return f"{100 * float(v):.{digits}f}%"


RAW_COLUMNS = {"year", "month", "start_year", "end_year", "period", "rows_year"}


def cell(v, column: str = "") -> str:
    """A table cell as text: empty for missing; thousands separators except in year-like columns."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, numbers.Integral):
        return str(int(v)) if column in RAW_COLUMNS else f"{int(v):,}"
    if isinstance(v, numbers.Real):
        v = float(v)
        if v.is_integer():
            return cell(int(v), column)
        return f"{v:,.1f}" if abs(v) >= 1000 else f"{v:.4g}"
    return str(v)

"""The one number formatter: a value is written by its kind, the same way in the report, the dashboard and the CLI.

=========  ==========================================  ======================
kind       for                                         example
=========  ==========================================  ======================
count      people, claims, cells (whole numbers)       ``1,053``
share      a fraction of 1, shown in percent            ``0.8%`` (0.0083)
percent    a value already in percent                   ``37.1%``
usd        US dollars                                   ``US$2.3 trillion``
usd_m      US$ millions                                 ``US$3.9 million``
ratio      a ratio or rate ratio                        ``0.161``
year       a year                                       ``2024``
date       a date, to its precision                     ``2024-02-29``
number     anything else numeric                        ``12.35``
text       text as it is                                ``Canada``
=========  ==========================================  ======================

Missing values (None, NaN, NA) are written ``–``. :func:`kind_of` guesses a column's kind from its name and
values, so tables and terminal output format every column without a per-table list.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

MISSING = "–"


def missing(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    try:
        return isinstance(v, float | np.floating) and math.isnan(v)
    except TypeError:
        return False


def _num(v) -> float:
    return float(v)


def count(v) -> str:
    """People and other counts: whole numbers with thousands separators (a fractional count is rounded)."""
    return f"{round(_num(v)):,}"


def share(v, digits: int = 1) -> str:
    """A fraction of 1 in percent. Below the last digit, two significant digits (``0.079%``: Canada's share of its
    money that went to the Americas in 2019 must not read 0.0%), and ``<0.0001%`` below that."""
    x = 100 * _num(v)
    floor = 10 ** -digits
    if 0 < abs(x) < floor:
        if abs(x) < 1e-4:
            return "<0.0001%"
        decimals = 1 - math.floor(math.log10(abs(x)))
        return f"{x:.{decimals}f}%"
    return f"{x:.{digits}f}%"


def percent(v, digits: int = 1) -> str:
    return share(_num(v) / 100, digits)


def _scaled(x: float) -> str:
    a = abs(x)
    for div, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if a >= div:
            return f"{x / div:,.3g} {word}" if a / div < 1000 else f"{x / div:,.0f} {word}"
    return f"{x:,.0f}"


def usd(v) -> str:
    """US dollars, scaled: ``US$2.32 trillion``, ``US$15.3 billion``, ``US$840,000``."""
    return f"US${_scaled(_num(v))}"


def usd_m(v) -> str:
    """US$ millions (as KNOMAD and the IATI files give them): ``US$3.9 million``, ``US$1.2 billion``."""
    x = _num(v) * 1e6
    if abs(x) < 1e6:
        return f"US${_num(v):.2f} million"
    return usd(x)


def ratio(v) -> str:
    """Three significant digits (rate ratios, representation ratios)."""
    x = _num(v)
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"


def year(v) -> str:
    return str(int(_num(v))) if not isinstance(v, str) else v


def date(v, precision: str = "day") -> str:
    """A date without a time of day, to its precision (``2024-02-29``, ``2024-02``, ``2024``)."""
    return pd.Timestamp(v).strftime(DATE_FORMATS[precision])


DATE_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def number(v) -> str:
    """Integers with separators; other numbers with at most four significant decimals."""
    x = _num(v)
    if x.is_integer():
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.1f}"
    return f"{x:.4g}"


def text(v) -> str:
    if isinstance(v, bool | np.bool_):
        return "yes" if v else "no"
    return str(v)


#: kind -> writer (one dispatch table).
KINDS: dict[str, Callable] = {"count": count, "share": share, "percent": percent, "usd": usd, "usd_m": usd_m,
                              "ratio": ratio, "year": year, "date": date, "number": number, "text": text}


def fmt(v, kind: str = "number") -> str:
    """``v`` written as ``kind`` (see the module table); ``–`` when missing."""
    if missing(v):
        return MISSING
    if isinstance(v, bool | np.bool_) or (kind != "text" and not isinstance(v, numbers.Real | pd.Timestamp)
                                          and kind != "date"):
        return text(v)
    return KINDS[kind](v)


_YEAR = re.compile(r"(^|_)(year|start_year|end_year|weight_year|remittance_year|published_year|"
                   r"remittance_matrix_year|migrant_stock_year|year_latest|fiscal_year|month)$")
_SHARE = re.compile(r"(^|_)(share|rate|s_r|d_r|weight|dissimilarity)$|_share_|_rate$|^share_|^rate_")
_PERCENT = re.compile(r"(_pct|_pct_gdp|pct_as_printed|_percent)$|^pct_")
_USD_M = re.compile(r"(usd_m|usd_millions|_usd_m)$")
_USD = re.compile(r"(^|_)(usd|gdp|gni|gdp_ppp)$")
_RATIO = re.compile(r"(ratio|rate_ratio|performance|rr|ci_low|ci_high|per_usd_gdp_ppp_pc|rb_population|rb_gdp|"
                    r"p_value|pretrend_p)$")
_COUNT = re.compile(r"(persons|people|claims|applied|recognized|other|rejected|closed|total|resettled|displaced|"
                    r"hosted|emigrants|arrivals|admissions|cells|decisions|rows|n|count|places|encounters|"
                    r"numerator|denominator|intake|accepted|referred|abandoned|withdrawn|pending|backlog|finalised|"
                    r"population|suppressed_cells|actual|target|fair_share|gap|scenario_places|total_resettled|"
                    r"from_americas|migrants)(_|$)")


#: Names the patterns would misread.
EXACT = {"fair_share": "count", "fair_share_places": "count", "name": "text", "iso3": "text", "period": "text"}


def kind_of(column: str, values: pd.Series | None = None) -> str:
    """The kind of a column, from its name (and values): years stay plain, shares become percent, money gets
    its unit, people are whole numbers; anything else numeric is ``number``, non-numeric ``text`` or ``date``."""
    name = str(column).lower()
    if name in EXACT:
        return EXACT[name]
    if values is not None:
        if pd.api.types.is_datetime64_any_dtype(values):
            return "date"
        if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
            return "text"
    for pattern, kind in ((_YEAR, "year"), (_PERCENT, "percent"), (_USD_M, "usd_m"), (_SHARE, "share"),
                          (_RATIO, "ratio"), (_USD, "usd"), (_COUNT, "count")):
        if pattern.search(name):
            return kind
    return "number"


def column(values: pd.Series, kind: str | None = None) -> list[str]:
    """Every value of a column written by its kind (guessed from the column's name when not given)."""
    k = kind or kind_of(str(values.name), values)
    return [fmt(v, k) for v in values]

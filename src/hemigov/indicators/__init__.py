"""Responsibility-sharing, protection, host-burden, fair-share and dependence indicators.

>>> import hemigov
>>> hemigov.list_indicators()                                      # name, group, title, parameters, definition
>>> hemigov.indicator("representation", destination="peers", years="2015-2020", scheme="unhcr")

Every indicator is a registered function of validated parameters (see :mod:`hemigov.indicators.registry`);
its formulas are pure functions in :mod:`hemigov.indicators.formulas` and the modules beside it, its inputs
come from the public ``v_*`` views (:mod:`hemigov.indicators.data`), and every output row names its inputs
in its ``sources`` column (``dataset@vintage; …``, see :mod:`hemigov.core.provenance`). Definitions: docs/indicators.md.
"""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import HemigovError

# Importing the modules registers their indicators.
from hemigov.indicators import burden, dependence, fairshare, protection, representation  # noqa: F401
from hemigov.indicators.registry import REGISTRY, bind, get, params_table, table

__all__ = ["REGISTRY", "indicator", "list_indicators", "describe"]


def indicator(name: str, **params) -> pd.DataFrame:
    """Compute indicator ``name`` with ``params`` (see ``list_indicators()`` and ``describe(name)``).

    Unknown parameters, bad values, empty selections and years outside the data raise
    :class:`hemigov.core.errors.HemigovError` with one line saying which.
    """
    ind = get(name)
    out = ind.func(**bind(ind, params))
    if out.empty:
        raise HemigovError(f"indicator {name!r}: the selection is empty")
    return out.reset_index(drop=True)


def list_indicators() -> pd.DataFrame:
    """One row per registered indicator: name, group, title, parameters (with defaults) and definition."""
    return table()


def describe(name: str) -> pd.DataFrame:
    """The parameters of one indicator: name, type, default, choices, help."""
    return params_table(get(name))

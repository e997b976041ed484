"""Responsibility-sharing, displacement, protection, host-burden, fair-share and dependence indicators.

>>> from hemigov.indicators import indicator, list_indicators
>>> list_indicators()                                      # name, group, title, parameters, definition
>>> indicator("representation", destination="peers", years="2015-2020", scheme="unhcr")

Every indicator is a registered function of validated parameters (see :mod:`hemigov.indicators.registry`);
its formulas are pure functions in :mod:`hemigov.indicators.formulas` and the modules beside it, its inputs
come from the derived layer (:mod:`hemigov.series`, memoised per warehouse file) and the named definitions of
:mod:`hemigov.geo.regions`, and every output row names its inputs in its ``sources`` column (the one text form of
:class:`hemigov.core.provenance.Provenance`). Definitions: docs/indicators.md and docs/definitions.md.
"""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import no_data

# Importing the modules registers their indicators.
from hemigov.indicators import (  # noqa: F401
    burden,
    dependence,
    displaced,
    fairshare,
    labour,
    protection,
    representation,
    sharing,
)
from hemigov.indicators.registry import REGISTRY, bind, get, params_table, table

__all__ = ["REGISTRY", "describe", "get", "indicator", "list_indicators"]


def indicator(name: str, **params) -> pd.DataFrame:
    """Compute indicator ``name`` with ``params`` (see ``list_indicators()`` and ``describe(name)``).

    Unknown indicators and parameters, bad values, empty selections and years outside the data raise
    :class:`hemigov.core.errors.InputError` (exit status 2) with one line naming the closest valid choice.
    """
    ind = get(name)
    out = ind.func(**bind(ind, params))
    if out.empty:
        raise no_data(f"indicator {name!r} with these parameters")
    return out.reset_index(drop=True)


def list_indicators() -> pd.DataFrame:
    """One row per registered indicator: name, group, title, parameters (with defaults) and definition."""
    return table()


def describe(name: str) -> pd.DataFrame:
    """The parameters of one indicator: name, type, default, choices, help."""
    return params_table(get(name))

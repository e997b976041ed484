"""The paper as code: every exhibit of Smith (2020) rebuilt from official data, cell by cell, and every
quantitative claim of its text kept checked against the paper's period and the latest data.

>>> from hemigov.replication import annotations, claims, replicate, updated
>>> replicate("table3")            # cells: printed vs computed, status, reason, sources
>>> claims(as_of="paper")          # the ledger evaluated as of the paper (vintage="paper")
>>> updated("fig2")                # the exhibit extended to the latest data
>>> annotations("fig2")            # policy events to annotate it with

Everything reads :mod:`hemigov.series` (and the public indicators) in an explicit vintage choice: the exhibits and
``as_of="paper"`` with ``vintage="paper"`` (:data:`hemigov.series.base.PAPER_VINTAGES`), ``as_of="latest"`` and
the updated edition with ``vintage="latest"``. Every number names its inputs in ``sources``.
"""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import unknown
from hemigov.replication import exhibits, ledger
from hemigov.replication.exhibits import EXHIBITS, annotations, exhibit_id, updated

__all__ = ["EXHIBITS", "annotations", "claims", "replicate", "updated"]

AS_OF = ("paper", "latest", "both")


def replicate(exhibit: str | None = None) -> pd.DataFrame:
    """Rebuild the paper's exhibits (or one: fig1, fig2, fig3, table1, table2, table3) beside the printed values,
    as of the paper.

    Returns
    -------
    DataFrame
        One row per cell: id, exhibit, row, measure, period, paper_value, computed_value, unit, tolerance,
        status (reproduced | differs | not-reproducible), reason, sources (of the computed value), paper_sources,
        note.
    """
    ids = list(EXHIBITS) if exhibit is None else [exhibit_id(exhibit)]
    return pd.concat([exhibits.build(i) for i in ids], ignore_index=True)


def claims(as_of: str = "latest") -> pd.DataFrame:
    """The claims ledger evaluated ``as_of`` the paper (``paper``), the newest data (``latest``) or both
    (``both``: the two evaluations stacked). An unknown choice is bad input."""
    if as_of not in AS_OF:
        raise unknown("as_of", as_of, AS_OF)
    return ledger.evaluate(*(("paper", "latest") if as_of == "both" else (as_of,)))

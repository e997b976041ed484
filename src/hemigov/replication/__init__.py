"""The paper as code: every exhibit of Smith (2020) rebuilt from official data, cell by cell, and every
quantitative claim of its text kept checked against the paper's period and the latest data.

>>> import hemigov
>>> hemigov.replicate("table3")            # cells: printed vs computed, status, reason, dataset@vintage
>>> hemigov.claims(as_of="paper")          # the ledger evaluated for the paper's periods
>>> hemigov.replication.updated("fig2")    # the exhibit extended to the latest data
>>> hemigov.replication.annotations("fig2")  # policy events to annotate it with
"""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import HemigovError
from hemigov.replication import exhibits, ledger
from hemigov.replication.exhibits import EXHIBITS, annotations, exhibit_id, updated

__all__ = ["EXHIBITS", "annotations", "claims", "replicate", "updated"]


def replicate(exhibit: str | None = None) -> pd.DataFrame:
    """Rebuild the paper's exhibits (or one: fig1, fig2, fig3, table1, table2, table3) beside the printed values.

    Returns
    -------
    DataFrame
        One row per cell: id, exhibit, row, measure, period, paper_value, computed_value, unit, tolerance,
        status (reproduced | differs | not-reproducible), reason, sources (dataset@vintage of the computed value),
        paper_sources, note.
    """
    ids = list(EXHIBITS) if exhibit is None else [exhibit_id(exhibit)]
    return pd.concat([exhibits.build(i) for i in ids], ignore_index=True)


def claims(as_of: str = "latest") -> pd.DataFrame:
    """The claims ledger evaluated ``as_of`` the paper's periods (``paper``), the newest data (``latest``) or
    both (``both``: the two evaluations stacked)."""
    if as_of == "both":
        return pd.concat([ledger.evaluate("paper"), ledger.evaluate("latest")], ignore_index=True)
    if as_of not in ("paper", "latest"):
        raise HemigovError(f"--as-of must be paper, latest or both (got {as_of!r})")
    return ledger.evaluate(as_of)

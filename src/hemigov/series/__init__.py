"""The derived layer: every base series defined once, from the warehouse, with its provenance.

Each function returns a DataFrame whose ``sources`` column names the files every row comes from (the one text
form of :class:`hemigov.core.provenance.Provenance`); ``Provenance.of(frame)`` collects it and
:func:`catalogue.describe` adds sha256, licence and citation. Results are memoised per warehouse file and
parameters. This package and ``hemigov.warehouse`` are the only places that issue SQL; indicators, replication,
effects, the report, the dashboard and the CLI call these functions. Definitions: docs/definitions.md.

>>> from hemigov import series
>>> series.resettlement.resettlement("unhcr").query("destination_iso3 == 'CAN'").head()   # doctest: +SKIP
"""

from hemigov.series import (
    asylum,
    borders,
    canada,
    catalogue,
    demographics,
    displacement,
    economy,
    money,
    pathways,
    reference,
    resettlement,
)
from hemigov.series.base import LATEST, PAPER, PAPER_VINTAGES

__all__ = ["LATEST", "PAPER", "PAPER_VINTAGES", "asylum", "borders", "canada", "catalogue", "demographics",
           "displacement", "economy", "money", "pathways", "reference", "resettlement"]

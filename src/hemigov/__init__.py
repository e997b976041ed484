"""hemigov: Canada and the Western hemisphere's displacement crises, as checkable software.

The public Python API is :mod:`hemigov.api`, re-exported here (see its docstring and the README).
"""

from hemigov.api import (
    annotations,
    build_report,
    build_snapshot,
    case_studies,
    claims,
    connect,
    countries,
    describe_indicator,
    diff,
    effect,
    events,
    fetch,
    import_data,
    indicator,
    layouts,
    list_indicators,
    provenance,
    query,
    replicate,
    status,
    table,
    updated,
)
from hemigov.core.meta import VERSION as __version__

__all__ = ["__version__", "annotations", "build_report", "build_snapshot", "case_studies", "claims", "connect",
           "countries", "describe_indicator", "diff", "effect", "events", "fetch", "import_data", "indicator",
           "layouts", "list_indicators", "provenance", "query", "replicate", "status", "table", "updated"]

"""hemigov: Canada and the Western hemisphere's displacement crises, as checkable software."""

import importlib

from hemigov.api import build_snapshot, connect, countries, import_data, layouts, query, status, table
from hemigov.core.meta import VERSION as __version__

# Feature functions, imported on first use so that `import hemigov` stays light:
# name -> module that defines it.
_FEATURES = {
    "replicate": "hemigov.replication", "claims": "hemigov.replication",
    "indicator": "hemigov.indicators", "list_indicators": "hemigov.indicators",
    "effect": "hemigov.effects", "events": "hemigov.effects", "case_studies": "hemigov.effects",
    "fetch": "hemigov.live", "diff": "hemigov.live",
    "build_report": "hemigov.report",
}

__all__ = ["build_snapshot", "connect", "countries", "import_data", "layouts", "query", "status", "table",
           "__version__", *_FEATURES]


def __getattr__(name: str):
    if name in _FEATURES:
        return getattr(importlib.import_module(_FEATURES[name]), name)
    raise AttributeError(f"module 'hemigov' has no attribute {name!r}")

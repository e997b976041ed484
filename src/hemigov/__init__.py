"""hemigov: Canada and the Western hemisphere's displacement crises, as checkable software."""

from hemigov.api import build_snapshot, connect, countries, import_data, layouts, query, status, table

__version__ = "0.1.0"
__all__ = ["build_snapshot", "connect", "countries", "import_data", "layouts", "query", "status", "table",
           "__version__"]

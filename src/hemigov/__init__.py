"""hemigov: Canada and the Western hemisphere's displacement crises, as checkable software.

The public Python API is :mod:`hemigov.api` (see its docstring and the README); its names are available here.
``hemigov.api`` is imported when one of them is first used, not by ``import hemigov``: the command line imports
submodules (``hemigov.cli``), and the statistics stack (scipy and the rest) must not cost ``hemigov --version``
seconds. Every dependency is declared and imported by ``hemigov.api`` itself; ``tests/test_api.py`` checks it.
"""

from hemigov.core.meta import VERSION as __version__

__all__ = ["__version__", "annotations", "build_report", "build_snapshot", "case_studies", "claims", "connect",
           "countries", "describe_indicator", "diff", "effect", "events", "fetch", "import_data", "indicator",
           "layouts", "list_indicators", "list_scenarios", "pledges", "provenance", "query", "replicate", "scenario",
           "status", "table", "updated"]


def __getattr__(name: str):
    if name in __all__:
        from hemigov import api

        return getattr(api, name)
    raise AttributeError(f"module 'hemigov' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)

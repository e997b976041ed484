"""The public Python API: what notebooks and the CLI call.

>>> import hemigov
>>> hemigov.indicator("representation", destination="CAN", years="2015-2020")   # doctest: +SKIP
>>> hemigov.table("v_resettlement").query("destination_iso3 == 'CAN'").head()    # doctest: +SKIP

Every function here is thin over the package that defines it. The effects (scipy), the report (altair,
vl-convert) and the live fetchers (httpx) are imported when one of their functions is first called, so a command
that does not need them does not pay seconds to load them; they are ordinary dependencies of the one wheel, and
``tests/test_api.py`` imports every one of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import pandas as pd

from hemigov import sources
from hemigov.core.errors import HemigovError, InputError, unknown
from hemigov.core.provenance import Provenance
from hemigov.indicators import describe as describe_indicator
from hemigov.indicators import indicator, list_indicators
from hemigov.replication import annotations, claims, replicate, updated
from hemigov.series import base, catalogue, reference
from hemigov.warehouse import load, reader, snapshot, store
from hemigov.warehouse.schema import TABLES
from hemigov.warehouse.views import view_sql

__all__ = ["annotations", "build_report", "build_snapshot", "case_studies", "claims", "connect", "countries",
           "describe_indicator", "diff", "effect", "events", "fetch", "import_data", "indicator", "layouts",
           "list_indicators", "list_scenarios", "pledges", "provenance", "query", "replicate", "scenario", "status",
           "table", "updated"]


def connect() -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection to the warehouse (created from the embedded snapshot on first use).

    It cannot read files outside the warehouse, and it is closed when an import swaps a new warehouse in.
    """
    return store.connect()


def query(sql: str, params: list | None = None, *, timeout: float | None = reader.QUERY_TIMEOUT) -> pd.DataFrame:
    """Run read-only SQL against the warehouse: no access to files outside it, memory and threads capped,
    stopped after ``timeout`` seconds (None: no limit). Errors are one line (exit 2)."""
    return reader.query(sql, params, timeout=timeout)


def table(name: str, vintage: str | None = None) -> pd.DataFrame:
    """A table or view as a DataFrame.

    ``table("displacement")`` is the newest vintage (the ``v_displacement`` view); ``table("displacement",
    vintage="2025-06")`` is that release only — a release that is not loaded is an error naming the loaded ones.
    """
    base_name = name[2:] if name.startswith("v_") else name
    views = view_sql()
    if vintage is not None:
        if base_name not in TABLES or not TABLES[base_name].versioned:
            raise InputError(None, "table", f"{name!r} has no vintages")
        have = sorted(set(base.loaded(base_name).vintage), reverse=True)
        if vintage not in have:
            raise unknown(f"vintage of {base_name}", vintage, have)
        return query(f'SELECT * EXCLUDE (dataset, vintage), dataset, vintage FROM "{base_name}" WHERE vintage = ?',
                     [vintage], timeout=None)
    if f"v_{base_name}" in views:
        return query(f'SELECT * FROM "v_{base_name}"', timeout=None)
    if name in TABLES:
        return query(f'SELECT * FROM "{name}"', timeout=None)
    raise unknown("table", name, views, where="table", listed=len(views))


def import_data(paths_in: Iterable[str | Path], *, vintage: str | None = None, force: bool = False,
                on_total: Callable[[int], None] | None = None,
                on_file: Callable[[str], None] | None = None) -> pd.DataFrame:
    """Import publisher files or folders (layouts auto-detected); returns one record per file."""
    rep = load.import_paths([Path(p) for p in paths_in], vintage=vintage, force=force,
                            on_total=on_total, on_file=on_file)
    return pd.DataFrame(rep.records())


def status() -> pd.DataFrame:
    """Every loaded file: dataset, vintage, sha256, rows, licence, citation, and whether it is current."""
    return catalogue.datasets()


def countries(group: str | None = None) -> pd.DataFrame:
    """The country table, or the members of one grouping (any year) when ``group`` is given."""
    if group is None:
        return reference.countries()
    return reference.grouping(group.strip().upper())


def provenance(obj: pd.DataFrame | str | Provenance) -> pd.DataFrame:
    """The files behind a result (a frame with a ``sources`` column, its text, or a Provenance): dataset, vintage,
    sha256, publisher, title, licence, citation, address."""
    return catalogue.describe(Provenance.of(obj))


def layouts() -> pd.DataFrame:
    """The file layouts hemigov can import."""
    return pd.DataFrame([{"dataset": lay.dataset, "adapter": lay.adapter, "publisher": lay.publisher,
                          "title": lay.title, "licence": lay.licence} for lay in sources.layouts()])


def build_snapshot() -> dict:
    """Write the embedded snapshot from the current warehouse (maintainers)."""
    if not store.exists():
        raise HemigovError("no warehouse to build from: import the official files first")
    return snapshot.build()


def build_report(out_dir: str | Path | None = None, open_browser: bool = False, progress=None, *,
                 force: bool = False) -> Path:
    """Build the offline HTML report into ``out_dir`` (default ``./hemigov-report``); see
    :func:`hemigov.report.build_report`."""
    from hemigov.report import build_report as build

    return build(out_dir, open_browser, progress, force=force)


def fetch(*args, **kwargs):
    """New vintages from the publishers' APIs; see :func:`hemigov.live.fetch`."""
    from hemigov.live import fetch as run

    return run(*args, **kwargs)


def diff(*args, **kwargs):
    """What changed between two vintages; see :func:`hemigov.live.diff`."""
    from hemigov.live import diff as run

    return run(*args, **kwargs)


def effect(*args, **kwargs):
    """A policy event's effect on a count series, with 95% intervals; see :func:`hemigov.effects.effect`."""
    from hemigov.effects import effect as run

    return run(*args, **kwargs)


def events(*args, **kwargs):
    """The dated policy timeline; see :func:`hemigov.effects.events`."""
    from hemigov.effects import events as run

    return run(*args, **kwargs)


def case_studies():
    """The built-in effect case studies and whether each can be estimated; see
    :func:`hemigov.effects.case_studies`."""
    from hemigov.effects import case_studies as run

    return run()


def scenario(name: str, **params):
    """A policy option computed: a ScenarioResult with value, low, high, assumptions and sources; see
    :func:`hemigov.scenarios.scenario`."""
    from hemigov.scenarios import scenario as run

    return run(name, **params)


def list_scenarios() -> pd.DataFrame:
    """The registered scenarios: name, title, group, unit, summary, params; see
    :func:`hemigov.scenarios.list_scenarios`."""
    from hemigov.scenarios import list_scenarios as run

    return run()


def pledges(as_of: str = "latest") -> pd.DataFrame:
    """Each timeline pledge with a numeric target against the series measuring delivery; see
    :func:`hemigov.scenarios.pledges`."""
    from hemigov.scenarios import pledges as run

    return run(as_of)

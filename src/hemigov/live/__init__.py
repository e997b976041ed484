"""Live updates from the publishers' APIs: fetched, verified, added as new vintages atomically, and diffed.

>>> import hemigov
>>> hemigov.fetch(["unhcr"], datasets=["unhcr.solutions"])          # doctest: +SKIP
>>> hemigov.diff("unhcr.population", "2025-06", "2026-06")["revisions"].head()   # doctest: +SKIP

Sources: ``unhcr`` (population API), ``worldbank`` (Indicators API v2), ``ircc`` (open-data files by URL).
Base URLs come from ``HEMIGOV_UNHCR_API``, ``HEMIGOV_WORLDBANK_API`` and ``HEMIGOV_IRCC_BASE`` (tests and
mirrors point them elsewhere). A fetched dataset keeps the file adapter's dataset id, so the ``v_*`` views
show the newest vintage whichever way it arrived; ``datasets.origin`` says ``fetch``. See docs/fetch.md.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from datetime import date

import httpx
import pandas as pd

from hemigov.core import paths
from hemigov.core.errors import InputError
from hemigov.core.errors import unknown as unknown_choice
from hemigov.live import commit
from hemigov.live.diff import diff
from hemigov.live.http import Damaged, FetchError, Http, OfflineError, Policy
from hemigov.sources.base import check_vintage

SOURCES = ("unhcr", "worldbank", "ircc")

__all__ = ["SOURCES", "Damaged", "FetchError", "OfflineError", "Policy", "diff", "fetch"]


def _offline_env() -> bool:
    return os.environ.get("HEMIGOV_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def cache_dir():
    """Resume cache: complete pages and partial downloads of fetches that have not been loaded yet."""
    return paths.home() / "cache" / "fetch"


def fetch(sources: Iterable[str] | str | None = None, offline: bool | None = None, *,
          datasets: list[str] | None = None, indicators: list[str] | None = None, files: list[str] | None = None,
          years: tuple[int, int] | None = None, vintage: str | None = None, force: bool = False,
          limit: int | None = None, per_page: int | None = None, policy: Policy | None = None,
          sleep: Callable[[float], None] = time.sleep, transport: httpx.BaseTransport | None = None,
          progress: Callable[[str, int, int | None], None] | None = None,
          on_retry: Callable[[str, int, str, float], None] | None = None) -> pd.DataFrame:
    """Download the sources' current data and add each changed dataset as a new vintage (all or nothing).

    Parameters
    ----------
    sources : "unhcr", "worldbank", "ircc" or a list of them; default all three.
    offline : refuse the network (default: ``$HEMIGOV_OFFLINE``). Pages already in the resume cache are used;
        any other request raises ``OfflineError``.
    datasets : UNHCR endpoints or dataset ids (``population``, ``unhcr.solutions`` ...); default all five.
    indicators : WDI codes; default the series the World Bank adapter knows.
    files : IRCC file names (under ``$HEMIGOV_IRCC_BASE``) or full URLs; default the files hemigov reads.
    years : (first, last) to fetch only those years (UNHCR ``yearFrom``/``yearTo``, World Bank ``date``);
        the other years of the new vintage are carried over from the previous vintage (said in its notes).
    vintage : the vintage of API datasets, ``YYYY-MM`` or ``YYYY-MM-DD`` (anything else is an ``InputError``);
        default today's date ``YYYY-MM-DD``. IRCC files carry their release.
    force : load even when the data are byte-identical to a vintage already loaded.
    limit, per_page : page sizes (UNHCR ``limit``, World Bank ``per_page``).
    policy, sleep, transport, progress, on_retry : retries, deadlines (per request and per run) and the largest
        response taken (``Policy``); the sleep function (tests inject a fake); an httpx transport; callbacks
        ``progress(task, done, total)`` and ``on_retry(what, attempt, reason, wait_seconds)``.

    Returns
    -------
    DataFrame
        One row per dataset: dataset, vintage, status (loaded | unchanged), rows, pages, bytes, sha256, notes.

    Notes
    -----
    A dataset becomes a vintage only when every page arrived, parsed, passed the value rules of the file
    adapters and added up to the API's own totals. All datasets of one call are written in one atomic
    warehouse swap under the data home's writer lock, so a failure anywhere leaves the warehouse and ``raw/`` unchanged;
    pages already downloaded stay in the resume cache and the next call starts from where it failed.
    """
    chosen = [sources] if isinstance(sources, str) else list(sources or SOURCES)
    unknown = [s for s in chosen if s not in SOURCES]
    if unknown:
        raise unknown_choice("source", unknown[0], SOURCES, where="sources")
    offline = _offline_env() if offline is None else offline
    if years is not None and (len(years) != 2 or years[0] > years[1]):
        raise InputError(None, "years", f"must be (first, last) with first <= last, not {years!r}")
    if vintage is not None:
        check_vintage(vintage)
    from hemigov.warehouse import store

    store.connect().close()  # a first run starts from the embedded snapshot
    cache = cache_dir()
    fetched = []
    with Http(offline=offline, policy=policy, sleep=sleep, cache_dir=cache, transport=transport,
              on_retry=on_retry) as http:
        if "unhcr" in chosen:
            from hemigov.live import unhcr

            fetched += unhcr.fetch(http, datasets=datasets, years=years, limit=limit, progress=progress)
        if "worldbank" in chosen:
            from hemigov.live import worldbank

            fetched += worldbank.fetch(http, indicators=indicators, years=years, per_page=per_page,
                                       progress=progress)
        if "ircc" in chosen:
            from hemigov.live import ircc

            fetched += ircc.fetch(http, files=files, folder=cache / "files", progress=progress)
        ready = [commit.prepare(f, vintage or date.today().isoformat()) for f in fetched]
        # The writer lock covers what was loaded (the "unchanged" check) through the swap; the downloads
        # above ran without it, so an import is not kept waiting for the network.
        with store.writer("fetch"):
            known = {} if force else commit.known_shas([r.item.dataset for r in ready])
            todo = [r for r in ready if r.sha256 not in known.get(r.item.dataset, set())]
            rows = commit.write(todo) if todo else {}
        loaded = {id(r) for r in todo}
        for r in ready:  # loaded or unchanged: the resume cache has served its purpose
            for _, page in r.item.pages:
                http.forget(page.url)
            if "download" in r.item.extra:
                r.item.extra["download"].unlink(missing_ok=True)
    return pd.DataFrame([{
        "dataset": r.item.dataset, "vintage": r.vintage, "status": "loaded" if id(r) in loaded else "unchanged",
        "rows": rows.get(r.item.dataset, r.item.rows), "pages": len(r.item.pages), "bytes": r.bytes,
        "sha256": r.sha256, "notes": r.item.notes} for r in ready],
        columns=["dataset", "vintage", "status", "rows", "pages", "bytes", "sha256", "notes"])

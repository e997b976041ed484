"""The server's only door to the warehouse: bounded, cached computations.

Every request that needs the warehouse goes through :meth:`Backend.get`, which

- keys the result by the validated parameters *and* the warehouse fingerprint (a new import swaps the DuckDB
  file atomically, which changes the fingerprint, so stale results are never served);
- answers from an LRU cache when it can, without leaving the event loop;
- otherwise runs the computation on a small worker pool (the series read through the process's one held
  read-only connection and memoise their results, so most computations are pandas over memoised frames), with
  identical in-flight requests sharing one computation;
- bounds the queue (:class:`Busy`, HTTP 503) and the wait (:class:`Timeout`, HTTP 504). A timed-out
  computation still finishes and fills the cache for the next request.

Errors the user can act on (:class:`hemigov.core.errors.HemigovError`, and the server's own
:class:`hemigov.serve.service.NotFound` and :class:`hemigov.serve.validate.ApiError`) are cached like results
and raised again as the same kind (a fresh copy per request), so a cached unknown name is still a 404.
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor

from hemigov.core import paths
from hemigov.core.errors import HemigovError
from hemigov.serve.service import NotFound
from hemigov.serve.validate import ApiError

#: The warehouse fingerprint taken when the current request arrived (see Backend.pin).
_PINNED: contextvars.ContextVar[str | None] = contextvars.ContextVar("hemigov_serve_fingerprint", default=None)
#: Errors that are answers (the request's to change), cached like results.
ANSWERS = (HemigovError, NotFound, ApiError)


class Busy(Exception):
    """Too many computations queued."""


class Timeout(Exception):
    """A computation took longer than the request timeout."""


class Backend:
    def __init__(self, *, timeout: float = 30.0, max_pending: int = 64, cache_size: int = 1024, workers: int = 2):
        self.timeout = timeout
        self.max_pending = max_pending
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple, tuple[bool, object]] = OrderedDict()
        self._inflight: dict[tuple, Future] = {}
        self._guard = threading.Lock()      # cache and in-flight table
        self.workers = workers
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="hemigov-serve")
        self._closed = False
        self._fingerprints: dict[tuple, str] = {}
        self.hits = self.misses = 0

    # -- warehouse identity -------------------------------------------------------------------------------
    def fingerprint(self) -> str:
        """Identity of the current warehouse file (inode, size, mtime): changes when an import swaps it in.
        Within a request it is the one taken when the request arrived (:meth:`pin`): one ``stat`` per request,
        and every cache key and the ETag of one answer name the same file."""
        pinned = _PINNED.get()
        return pinned if pinned is not None else self._stat_fingerprint()

    def pin(self):
        """Take the fingerprint for the current request (a context-variable token for :meth:`unpin`)."""
        return _PINNED.set(self._stat_fingerprint())

    @staticmethod
    def unpin(token) -> None:
        _PINNED.reset(token)

    def _stat_fingerprint(self) -> str:
        path = str(paths.warehouse_path())
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return "none"
        key = (path, st.st_ino, st.st_size, st.st_mtime_ns)
        tag = self._fingerprints.get(key)
        if tag is None:  # one digest per warehouse file, not per request
            tag = hashlib.sha256("|".join(map(str, key)).encode()).hexdigest()[:16]
            if len(self._fingerprints) > 64:
                self._fingerprints.clear()
            self._fingerprints[key] = tag
        return tag

    # -- computations ---------------------------------------------------------------------------------------
    def run_sync(self, key: Hashable, fn: Callable[[], object]) -> object:
        """Compute (or fetch from the cache) in the calling thread; for startup and tests."""
        full = (self.fingerprint(), key)
        with self._guard:
            if full in self._cache:
                return self._unwrap(self._cache[full])
        return self._unwrap(self._compute(full, fn))

    def memo(self, key: Hashable, fn: Callable[[], object]) -> object:
        """A cheap derived value (e.g. a rendered response body), computed in the caller and cached like results."""
        full = (self.fingerprint(), key)
        with self._guard:
            hit = self._cache.get(full)
            if hit is not None:
                self._cache.move_to_end(full)
                return hit[1]
        value = fn()
        self._store(full, (True, value))
        return value

    def peek(self, key: Hashable) -> object | None:
        """A cached value for ``key`` under the current warehouse, or None."""
        full = (self.fingerprint(), key)
        with self._guard:
            hit = self._cache.get(full)
            if hit is None:
                return None
            self._cache.move_to_end(full)
            self.hits += 1
            return hit[1]

    def put(self, key: Hashable, value: object) -> None:
        self._store((self.fingerprint(), key), (True, value))

    def _store(self, full: tuple, outcome: tuple[bool, object]) -> None:
        with self._guard:
            self._cache[full] = outcome
            self._cache.move_to_end(full)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    async def get(self, key: Hashable, fn: Callable[[], object]) -> object:
        full = (self.fingerprint(), key)
        with self._guard:
            hit = self._cache.get(full)
            if hit is not None:
                self._cache.move_to_end(full)
                self.hits += 1
                return self._unwrap(hit)
            self.misses += 1
            fut = self._inflight.get(full)
            if fut is None:
                if len(self._inflight) >= self.max_pending:
                    raise Busy()
                fut = self._pool.submit(self._compute, full, fn)
                self._inflight[full] = fut
        try:
            outcome = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(fut)), self.timeout)
        except TimeoutError:
            raise Timeout() from None
        return self._unwrap(outcome)

    def _compute(self, full: tuple, fn: Callable[[], object]) -> tuple[bool, object]:
        try:
            try:
                outcome = (True, fn())
            except ANSWERS as e:
                outcome = (False, e.with_traceback(None))  # a fresh copy is raised per request
            self._store(full, outcome)
            return outcome
        finally:
            with self._guard:
                self._inflight.pop(full, None)

    @staticmethod
    def _unwrap(outcome: tuple[bool, object]) -> object:
        ok, value = outcome
        if not ok:
            raise _fresh(value)
        return value

    def open(self) -> None:
        """A fresh worker pool when the app is served again after :meth:`close` (one app, several servers)."""
        with self._guard:
            if self._closed:
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="hemigov-serve")
                self._closed = False

    def close(self) -> None:
        """Stop: queued computations are dropped, running ones finish, so no worker outlives the server and reads
        a data home that is gone."""
        with self._guard:
            self._closed = True
            pool = self._pool
        pool.shutdown(wait=True, cancel_futures=True)


def _fresh(e: BaseException) -> BaseException:
    """A copy of a cached exception (same class and attributes, no traceback), so concurrent requests never
    raise one object."""
    new = type(e).__new__(type(e))
    new.__dict__.update(e.__dict__)
    new.args = e.args
    return new

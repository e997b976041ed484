"""Reading the warehouse: one held, read-only, sandboxed DuckDB connection per process, reopened when a writer
swaps the file in.

Why one connection: opening DuckDB costs milliseconds a time and a replication or report runs hundreds of small
queries. Why the care on swaps: DuckDB keeps one database instance per file path while any connection to it is
open, so a new ``duckdb.connect`` after a swap would quietly return the *old* file. Every read therefore checks
the file's identity (:func:`fingerprint`: inode, size, mtime); when it changed, new readers wait for the reads in
flight, every cursor handed out is closed, and the file is opened again.

The connection cannot reach files outside the warehouse (``enable_external_access`` off), and its memory and
thread limits are locked, so SQL sent by users (``hemigov.query``) cannot raise them; :func:`query` stops a
statement at its timeout.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import pandas as pd

from hemigov.core import paths
from hemigov.core.errors import InputError

#: Limits of every read connection (``HEMIGOV_MEMORY_LIMIT`` / ``HEMIGOV_THREADS`` override them).
MEMORY_LIMIT = os.environ.get("HEMIGOV_MEMORY_LIMIT", "4GB")
THREADS = int(os.environ.get("HEMIGOV_THREADS", "2"))
#: Default statement timeout of ``hemigov.query`` (seconds).
QUERY_TIMEOUT = 30.0


def config() -> dict:
    return {"enable_external_access": False, "memory_limit": MEMORY_LIMIT, "threads": THREADS,
            "lock_configuration": True}


def fingerprint() -> str:
    """Identity of the warehouse file now (changes when a writer swaps a new file in); ``none`` if absent."""
    try:
        st = os.stat(paths.warehouse_path())
    except FileNotFoundError:
        return "none"
    return f"{st.st_ino}-{st.st_size}-{st.st_mtime_ns}"


class _Held:
    """The process's connection, the generation it belongs to, and the readers in flight."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.con: duckdb.DuckDBPyConnection | None = None
        self.fp: str | None = None
        self.path: str | None = None
        self.active = 0
        self.cursors: dict[int, duckdb.DuckDBPyConnection] = {}  # thread id -> cursor (this generation)
        self.handed: weakref.WeakSet = weakref.WeakSet()  # cursors given to callers (hemigov.connect)
        self.listeners: list = []

    def _close_all(self) -> None:
        for c in [*self.cursors.values(), *list(self.handed)]:
            try:
                c.close()
            except duckdb.Error:
                pass
        self.cursors.clear()
        self.handed.clear()
        if self.con is not None:
            self.con.close()
        self.con = None

    def _open(self, fp: str) -> None:
        self._close_all()
        path = str(paths.warehouse_path())
        self.con = duckdb.connect(path, read_only=True, config=config())
        if _refresh_package_data(self.con):  # a home written by an older hemigov: bring its facts up to date
            self.con.close()
            fp = fingerprint()
            self.con = duckdb.connect(path, read_only=True, config=config())
        self.fp, self.path = fp, path
        for fn in self.listeners:
            fn()

    def enter(self) -> duckdb.DuckDBPyConnection:
        _ensure_exists()
        fp = fingerprint()
        path = str(paths.warehouse_path())
        with self.cond:
            if fp != self.fp or path != self.path or self.con is None:
                while self.active:
                    self.cond.wait()
                # another thread may have reopened while this one waited
                if fp != self.fp or path != self.path or self.con is None:
                    self._open(fp)
            self.active += 1
            tid = threading.get_ident()
            cur = self.cursors.get(tid)
            if cur is None:
                cur = self.con.cursor()
                self.cursors[tid] = cur
            return cur

    def leave(self) -> None:
        with self.cond:
            self.active -= 1
            self.cond.notify_all()

    def hand_out(self) -> duckdb.DuckDBPyConnection:
        self.enter()
        try:
            with self.cond:
                cur = self.con.cursor()
                self.handed.add(cur)
                return cur
        finally:
            self.leave()

    def close(self) -> None:
        with self.cond:
            while self.active:
                self.cond.wait()
            self._close_all()
            self.fp = self.path = None


_HELD = _Held()


def _refresh_package_data(con: duckdb.DuckDBPyConnection) -> bool:
    """Rewrite the package's facts (paper tables, reference tables, pledges …) when the warehouse holds other
    versions than the installed package's; True when ``con`` was closed for that (the caller opens the new file).

    Skipped inside a write (the writer loads them itself) and in a home this process cannot write (its readers
    then see the facts of the hemigov that wrote it).
    """
    from hemigov.warehouse import package_data, store

    if not package_data.stale(con) or store.holds_lock() or not os.access(paths.home(), os.W_OK):
        return False
    con.close()
    store.write(lambda _con: None)
    return True


def _ensure_exists() -> None:
    if not paths.warehouse_path().exists():
        from hemigov.warehouse.snapshot import initialise

        initialise()


@contextmanager
def cursor() -> Iterator[duckdb.DuckDBPyConnection]:
    """This thread's cursor on the current warehouse file, for the statements of one block (do not nest)."""
    cur = _HELD.enter()
    try:
        yield cur
    finally:
        _HELD.leave()


def query(sql: str, params: list | None = None, *, timeout: float | None = None) -> pd.DataFrame:
    """Run one read-only statement; a DuckDB error is bad input (one line, exit 2); ``timeout`` in seconds."""
    with cursor() as cur:
        timer = threading.Timer(timeout, cur.interrupt) if timeout else None
        if timer is not None:
            timer.daemon = True
            timer.start()
        try:
            return cur.execute(sql, params or []).df()
        except duckdb.InterruptException:
            raise InputError(None, "query", f"stopped after the {timeout:g} s statement timeout") from None
        except duckdb.Error as e:
            raise InputError(None, "query", _first_line(e)) from None
        except MemoryError:
            raise InputError(None, "query", "the result does not fit in memory; select fewer rows or "
                                            "aggregate in SQL") from None
        finally:
            if timer is not None:
                timer.cancel()


def connection() -> duckdb.DuckDBPyConnection:
    """A read-only cursor for the caller to keep (``hemigov.connect``); closed when the file is swapped."""
    return _HELD.hand_out()


def on_reopen(fn) -> None:
    """Call ``fn()`` whenever the warehouse is (re)opened: caches keyed by the old file can drop."""
    _HELD.listeners.append(fn)


def close() -> None:
    """Close the held connection (tests, or before deleting the data home)."""
    _HELD.close()


def _first_line(e: Exception) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else "query failed"

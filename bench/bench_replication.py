"""Time the replication (all six exhibits) and the claims ledger (both evaluations) on the current data home.

Baseline in the same run: the same work with one ``hemigov.query`` call (one new connection) per query,
instead of one read-only connection per evaluation.

    HEMIGOV_HOME=... python bench/bench_replication.py
"""

from __future__ import annotations

import time
import tracemalloc

import hemigov
from hemigov.replication import exhibits, ledger, reader


class _PerQueryReader(reader.Reader):
    """Baseline: a fresh connection for every query (what calling ``hemigov.query`` in a loop does)."""

    def df(self, sql, params=None):
        key = (sql, repr(params))
        if key not in self._cache:
            self._cache[key] = hemigov.query(self._expand(sql), params)
        return self._cache[key].copy()


def _timed(label: str, fn) -> float:
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"{label:<48} {dt:7.2f} s  peak {peak:6.1f} MiB  rows {len(out):>5}")
    return dt


def main() -> None:
    hemigov.query("SELECT 1")  # initialise the warehouse outside the timings
    _timed("replicate() all exhibits", hemigov.replicate)
    _timed("claims(as_of='both')", lambda: hemigov.claims("both"))
    original = reader.Reader
    try:
        exhibits.Reader = ledger.Reader = _PerQueryReader
        _timed("baseline: replicate(), connection per query", hemigov.replicate)
        _timed("baseline: claims('both'), connection per query", lambda: hemigov.claims("both"))
    finally:
        exhibits.Reader = ledger.Reader = original


if __name__ == "__main__":
    main()

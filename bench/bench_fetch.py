"""Fetch throughput against the local mirror server (tests/fetch_server.py) built from ../shared/data.

Prints pages/s, rows/s and MB/s for hemigov.fetch (download + checks + parse + validate + atomic warehouse
write) and, as a baseline in the same run, plain httpx + json + pandas over the same pages (no checks, no
warehouse). Run: python bench/bench_fetch.py [--limit 10000] [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import pandas as pd  # noqa: E402

from tests import fetch_server  # noqa: E402


def baseline(base: str, endpoint: str, limit: int) -> tuple[int, int, int]:
    """Plain pandas: every page with httpx, json.loads, one DataFrame. Returns (pages, rows, bytes)."""
    params = {"limit": limit, "page": 1, "yearFrom": 1950, "yearTo": 2026, "coo_all": "true", "coa_all": "true",
              "cf_type": "ISO"}
    frames, nbytes, pages = [], 0, 1
    with httpx.Client(timeout=60) as c:
        k = 1
        while k <= pages:
            r = c.get(f"{base}/{endpoint}/", params={**params, "page": k})
            nbytes += len(r.content)
            doc = json.loads(r.content)
            pages = doc["maxPages"]
            frames.append(pd.DataFrame.from_records(doc["items"]))
            k += 1
    df = pd.concat(frames, ignore_index=True)
    return pages, len(df), nbytes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=10_000, help="UNHCR page size")
    ap.add_argument("--per-page", type=int, default=2_000, help="World Bank page size")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()

    server = fetch_server.start(args.shared)
    os.environ.update(server.env())
    os.environ["HEMIGOV_HOME"] = tempfile.mkdtemp(prefix="hemigov-bench-fetch-")
    import hemigov
    from hemigov.warehouse import store

    store.connect().close()  # snapshot initialisation is not part of the fetch
    for ep in ("population", "solutions"):  # build the server's responses before timing
        server.mirror.unhcr_items(ep, 1950, 2026, True)
    server.mirror.wb_records("SP.POP.TOTL", None)
    server.mirror.economies()

    print(f"local mirror at {server.base}; UNHCR limit {args.limit}, World Bank per_page {args.per_page}")
    print(f"{'run':<48} {'pages':>6} {'rows':>9} {'MB':>7} {'s':>6} {'pages/s':>8} {'rows/s':>10} {'MB/s':>6}")

    def line(name: str, pages: int, rows: int, nbytes: int, secs: float) -> None:
        print(f"{name:<48} {pages:>6} {rows:>9,} {nbytes / 1e6:>7.1f} {secs:>6.2f} {pages / secs:>8.1f} "
              f"{rows / secs:>10,.0f} {nbytes / 1e6 / secs:>6.1f}")

    for ep in ("population", "solutions"):
        t = time.perf_counter()
        pages, rows, nbytes = baseline(server.env()["HEMIGOV_UNHCR_API"], ep, args.limit)
        line(f"baseline httpx+json+pandas /{ep}/", pages, rows, nbytes, time.perf_counter() - t)
        t = time.perf_counter()
        rep = hemigov.fetch("unhcr", datasets=[ep], limit=args.limit, force=True, vintage="2099-01-01")
        secs = time.perf_counter() - t
        r = rep.iloc[0]
        line(f"hemigov.fetch unhcr.{ep} (items)", int(r.pages), rows, int(r.bytes), secs)
        line(f"hemigov.fetch unhcr.{ep} (warehouse rows)", int(r.pages), int(r.rows), int(r.bytes), secs)
    t = time.perf_counter()
    rep = hemigov.fetch("worldbank", indicators=["SP.POP.TOTL"], per_page=args.per_page, force=True,
                        vintage="2099-01-01")
    r = rep.iloc[0]
    line("hemigov.fetch worldbank SP.POP.TOTL (rows)", int(r.pages), int(r.rows), int(r.bytes),
         time.perf_counter() - t)
    server.shutdown()


if __name__ == "__main__":
    main()

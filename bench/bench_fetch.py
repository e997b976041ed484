"""Fetch throughput and peak memory against the local mirror server (tests/fetch_server.py), now and before.

Prints pages/s, rows/s, MB/s and max RSS for hemigov.fetch (download + checks + parse + validate + atomic
warehouse write), each run in its own process: with this checkout's ``src`` ("now") and with ``src`` of
``REV`` ("before", default the commit before the fetch checks of issue 15; extracted with ``git archive``),
side by side. As a baseline in the same run: plain httpx + json + pandas over the same pages (no checks, no
warehouse). The snapshot initialisation of each fresh data home runs in a process of its own beforehand, so
neither its time nor its memory is counted.

    python bench/bench_fetch.py [--limit 10000] [--per-page 2000] [--shared ../shared/data] [--against REV]
                                [--repeat N]

With ``--repeat N`` every fetch runs N times per code, interleaved (before, now, before, now …) so that a busy
spell hits both alike, each time into a fresh home; the fastest run is printed (with the highest peak memory).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

RUNS = [("unhcr", "population"), ("unhcr", "solutions"), ("worldbank", "SP.POP.TOTL")]


def child(kind: str, what: str, limit: int, per_page: int) -> dict:
    """One fetch (or the baseline) in this process; the server's URLs come from the environment."""
    t = time.perf_counter()
    if kind == "init":
        from hemigov.warehouse import store

        store.connect().close()
        return {}
    if kind == "baseline":
        import httpx
        import pandas as pd

        base = os.environ["HEMIGOV_UNHCR_API"]
        params = {"limit": limit, "page": 1, "yearFrom": 1950, "yearTo": 2026, "coo_all": "true",
                  "coa_all": "true", "cf_type": "ISO"}
        frames, nbytes, pages, k = [], 0, 1, 1
        with httpx.Client(timeout=60) as c:
            while k <= pages:
                r = c.get(f"{base}/{what}/", params={**params, "page": k})
                nbytes += len(r.content)
                doc = json.loads(r.content)
                pages = doc["maxPages"]
                frames.append(pd.DataFrame.from_records(doc["items"]))
                k += 1
        n = len(pd.concat(frames, ignore_index=True))
        out = {"pages": pages, "rows": n, "items": n, "bytes": nbytes}
    else:
        import hemigov

        kw = {"datasets": [what], "limit": limit} if kind == "unhcr" else {"indicators": [what], "per_page": per_page}
        r = hemigov.fetch(kind, force=True, vintage="2099-01-01", **kw).iloc[0]
        items = int(r.notes.split(" items in ")[0].rsplit(", ", 1)[1]) if kind == "unhcr" else int(r.rows)
        out = {"pages": int(r.pages), "rows": int(r.rows), "items": items, "bytes": int(r.bytes)}
    out["secs"] = time.perf_counter() - t
    from bench_import import peak_mib

    out["rss"] = peak_mib()
    return out


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=10_000, help="UNHCR page size")
    ap.add_argument("--per-page", type=int, default=2_000, help="World Bank page size")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--against", default=None, help="git revision whose figures are printed beside")
    ap.add_argument("--repeat", type=int, default=1, help="runs per code; the fastest is printed")
    args = ap.parse_args()

    from bench_import import BEFORE, fastest, source_of

    from tests import fetch_server

    server = fetch_server.start(args.shared)
    for ep in ("population", "solutions"):  # build the server's responses before timing
        server.mirror.unhcr_items(ep, 1950, 2026, True)
    server.mirror.wb_records("SP.POP.TOTL", None)
    server.mirror.economies()

    def run(src: Path, home: Path, kind: str, what: str) -> dict:
        env = {**os.environ, **server.env(), "HEMIGOV_HOME": str(home), "PYTHONPATH": str(src)}
        res = subprocess.run([sys.executable, __file__, "--child", kind, what, str(args.limit), str(args.per_page)],
                             env=env, check=True, capture_output=True, text=True)
        return json.loads(res.stdout.strip().splitlines()[-1])

    print(f"local mirror at {server.base}; UNHCR limit {args.limit}, World Bank per_page {args.per_page}; "
          f"before = {args.against or BEFORE}, now = this checkout; load {os.getloadavg()[0]:.2f}; "
          f"fastest of {args.repeat}")
    print(f"{'run':<48} {'code':>6} {'pages':>6} {'rows':>9} {'MB':>6} {'s':>6} {'pages/s':>8} {'rows/s':>10} "
          f"{'MB/s':>6} {'RSS MiB':>8}")

    def line(name: str, code: str, r: dict, rows: int) -> None:
        s = r["secs"]
        print(f"{name:<48} {code:>6} {r['pages']:>6} {rows:>9,} {r['bytes'] / 1e6:>6.1f} {s:>6.2f} "
              f"{r['pages'] / s:>8.1f} {rows / s:>10,.0f} {r['bytes'] / 1e6 / s:>6.1f} {r['rss']:>8.1f}")

    with tempfile.TemporaryDirectory() as tmp:
        codes = {"before": source_of(args.against or BEFORE, Path(tmp) / "before"), "now": ROOT / "src"}
        for kind, what in RUNS:
            if kind == "unhcr":
                r = run(codes["now"], Path(tmp) / "b", "baseline", what)
                line(f"baseline httpx+json+pandas /{what}/", "", r, r["rows"])
            best: dict[str, dict] = {}
            for k in range(args.repeat):
                for code, src in codes.items():
                    home = Path(tmp) / f"{code}-{what}-{k}"
                    run(src, home, "init", "")
                    r = run(src, home, kind, what)
                    best[code] = fastest(best[code], r, "secs") if code in best else r
            for code, r in best.items():
                if kind == "unhcr":
                    line(f"hemigov.fetch unhcr.{what} (items)", code, r, r["items"])
                    line(f"hemigov.fetch unhcr.{what} (warehouse rows)", code, r, r["rows"])
                else:
                    line(f"hemigov.fetch worldbank {what} (rows)", code, r, r["rows"])
    server.shutdown()


if __name__ == "__main__":
    main()

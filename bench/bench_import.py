"""Benchmark: full import of ../shared/data, a no-change re-import, and snapshot initialisation, now and before.

    python bench/bench_import.py [SHARED_DATA] [--against REV] [--repeat N]

Each step runs in its own Python process, so its wall time is not slowed by memory tracing and its peak
resident memory (max RSS) is its own. Steps that share a data home run in order. Every step runs twice: with
this checkout's ``src`` ("now") and with ``src`` of ``REV`` ("before", default the commit before the writer
lock and the streamed import; extracted with ``git archive``), side by side in one run. The two codes load
different files from the same folders (the new folders and UNHCR's demographics came later), so the "now" code
also imports exactly the files the "before" code loaded (matched by sha256 through each folder's SHA256SUMS):
that row is the like-for-like rows/s. A plain-pandas baseline (reading the UNHCR population file and writing it
to Parquet) shows what the import costs beyond parsing. With ``--repeat N`` each code's steps run N times: the
fastest wall time is kept, with the highest peak memory of the N runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: "Today's figures": the code before issue 15 (one writer, crash recovery, import streamed file by file).
BEFORE = "b53a3fb"


def _step(name: str, shared: str) -> dict:
    """Run one step in this process and return its figures (called in a child process)."""
    import hemigov
    import hemigov.api  # noqa: F401  (the before code imported it with ``hemigov``; the now code on first use)
    from hemigov.warehouse import snapshot

    # The clock starts once the modules are loaded, so that both codes time the step, not their imports.
    t0 = time.perf_counter()
    rows = 0
    note = ""
    if name in ("import", "same", "reimport"):
        files = json.loads(Path(os.environ["HEMIGOV_BENCH_FILES"]).read_text()) if name == "same" else [shared]
        rep = hemigov.import_data([Path(f) for f in files])
        rows = int(hemigov.query("SELECT sum(rows) AS n FROM v_datasets WHERE origin = 'import'")["n"][0])
        if name != "reimport":
            note = f"{int((rep.status == 'loaded').sum())} files, {rows:,} rows"
        else:
            note = f"{int((rep.status == 'unchanged').sum())} files unchanged"
            rows = 0
    elif name == "snapshot":
        snapshot.initialise()
        # Counted from the manifest: reading the tables back would time (and weigh) a second load.
        manifest = json.loads((snapshot.paths.SNAPSHOT_DIR / snapshot.MANIFEST).read_text())
        rows = sum(t["rows"] for t in manifest["tables"].values())
        note = f"{rows:,} rows"
    elif name == "query":
        hemigov.query("SELECT count(*) FROM v_displacement")
    elif name == "baseline":
        import pyreadr

        df = pyreadr.read_r(str(Path(shared) / "unhcr-refugees/2026-06-end2025/population.rda"))["population"]
        df.to_parquet(Path(os.environ["HEMIGOV_HOME"]) / "pop.parquet")
        note = f"{len(df):,} wide rows"
    dt = time.perf_counter() - t0
    return {"wall": dt, "rows": rows, "rss": peak_mib(), "note": note}


def fastest(best: dict, run: dict, clock: str) -> dict:
    """The faster of two runs' figures, with the higher of their peak memories (``rss``)."""
    return {**(run if run[clock] < best[clock] else best), "rss": max(best["rss"], run["rss"])}


def peak_mib() -> float:
    """This process's peak resident memory. VmHWM where there is /proc: ``ru_maxrss`` survives ``exec`` on
    Linux, so a child would report its parent's peak if that was higher."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def source_of(rev: str, into: Path) -> Path:
    """``src`` of ``rev`` (git archive), extracted under ``into``."""
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(tar)) as t:
        t.extractall(into, filter="data")
    return into / "src"


STEPS = [("full import (cold)", "import", "full"), ("re-import (nothing changed)", "reimport", "full"),
         ("snapshot initialisation (fresh home)", "snapshot", "snap"),
         ("first query on the snapshot warehouse", "query", "snap"),
         ("baseline: pandas read population.rda + to_parquet", "baseline", "base")]


SAME = "full import of the files both codes load"


def loaded_files(warehouse: Path, shared: str) -> list[str]:
    """The files under ``shared`` whose sha256 (SHA256SUMS) a warehouse lists as imported."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        sums = {r[0] for r in con.execute("SELECT sha256 FROM datasets WHERE origin = 'import'").fetchall()}
    out = []
    for listing in sorted(Path(shared).glob("*/SHA256SUMS")):
        for line in listing.read_text().splitlines():
            digest, _, rel = line.strip().partition("  ")
            if digest in sums:
                sums.discard(digest)  # once, though two folders list it
                out.append(str(listing.parent / rel))
    return out


def run_all(src: Path, shared: str, tmp: Path, same: Path | None = None) -> tuple[list[tuple[str, dict]], float]:
    out = []
    steps = [*STEPS[:1], (SAME, "same", "same"), *STEPS[1:]] if same else STEPS
    for label, name, home in steps:
        (tmp / home).mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "HEMIGOV_HOME": str(tmp / home), "PYTHONPATH": str(src),
               "HEMIGOV_BENCH_FILES": str(same or "")}
        res = subprocess.run([sys.executable, __file__, "--step", name, shared], env=env, check=True,
                             capture_output=True, text=True)
        out.append((label, json.loads(res.stdout.strip().splitlines()[-1])))
    return out, (tmp / "full" / "warehouse.duckdb").stat().st_size / 2**20


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--step":
        print(json.dumps(_step(sys.argv[2], sys.argv[3])))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("shared", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--against", default=BEFORE, help="git revision whose figures are printed beside")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    results: dict[str, list] = {}
    with tempfile.TemporaryDirectory() as tmp:
        codes = {"before": source_of(args.against, Path(tmp) / "before"), "now": ROOT / "src"}
        sizes = {}
        for k in range(args.repeat):  # interleaved, so that a busy spell hits both alike
            for code, src in codes.items():
                same = None
                if code == "now":  # the before code's files, which it ran first
                    same = Path(tmp) / "same-files.json"
                    files = loaded_files(Path(tmp) / "before-0" / "full" / "warehouse.duckdb", args.shared)
                    same.write_text(json.dumps(files))
                got, sizes[code] = run_all(src, args.shared, Path(tmp) / f"{code}-{k}", same)
                if code == "before":  # its full import is its like-for-like figure
                    got = [*got[:1], (SAME, got[0][1]), *got[1:]]
                for i, (label, r) in enumerate(got):
                    if k == 0:
                        results.setdefault(code, []).append((label, r))
                    else:
                        results[code][i] = (label, fastest(results[code][i][1], r, "wall"))

    print(f"before = {args.against}, now = this checkout; {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"{'step':52} {'code':>6} {'wall s':>8} {'rows/s':>10} {'max RSS MiB':>12}  notes")
    for i, (label, _, _) in enumerate([*STEPS[:1], (SAME, "", ""), *STEPS[1:]]):
        for code in ("before", "now"):
            r = results[code][i][1]
            rate = f"{r['rows'] / r['wall']:,.0f}" if r["rows"] else ""
            print(f"{label if code == 'before' else '':52} {code:>6} {r['wall']:8.2f} {rate:>10} {r['rss']:12.1f}  "
                  f"{r['note']}")
    snap = sum(p.stat().st_size for p in (ROOT / "src/hemigov/data/snapshot").glob("*")) / 2**20
    print(f"warehouse file after full import: {sizes['before']:.1f} MiB before, {sizes['now']:.1f} MiB now; "
          f"embedded snapshot: {snap:.1f} MiB")


if __name__ == "__main__":
    main()

"""Benchmark: the report built cold (fresh home, empty folder), warm (nothing changed) and forced (rebuilt into the
existing folder), with peak memory and the site's size — and, with ``--before SRC``, the same steps run on another
source tree (e.g. the code before a change) in the same run, printed beside.

    python bench/bench_report.py [--before OLD_CHECKOUT/src] [--cli]

Each step runs in its own Python process, so its wall time includes Python's start and hemigov's imports and its
peak resident memory (max RSS) is its own; the chart workers' peak is printed apart (``workers``). The steps share
one data home per source tree, initialised from the embedded snapshot first (step ``init``, what a fresh home
costs once). ``cold`` is a build into an empty folder after that; ``fresh home + cold`` adds the two. ``--cli``
also times ``hemigov report`` itself for the warm case. The load average before each tree's steps is printed:
on a shared machine other work inflates the wall times, not the CPU times.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEPS = [("init", "snapshot initialisation (fresh home)"), ("cold", "report build, cold (empty folder)"),
         ("warm", "report build, warm (nothing changed)"), ("force", "report rebuild, forced (charts reused)")]


def _step(name: str, out: str) -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    note = ""
    if name == "init":
        import hemigov

        hemigov.query("SELECT count(*) FROM v_datasets")
    elif name in ("cold", "warm", "force"):
        from hemigov.report import build

        res = build(out, force=name == "force")
        size = sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file()) / 2**20
        files = sum(1 for p in Path(out).rglob("*") if p.is_file())
        note = (f"skipped={res.skipped}; {res.pages} pages, {res.exhibits} tables, {res.charts} charts; "
                f"site {size:.1f} MiB in {files} files")
    self_ = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0, "rss": self_.ru_maxrss / 1024,
            "workers_rss": kids.ru_maxrss / 1024, "workers_cpu": kids.ru_utime + kids.ru_stime, "note": note}


def run_tree(src: str | None, tmp: Path, label: str, cli: bool) -> list[tuple[str, dict]]:
    env = {**os.environ, "HEMIGOV_HOME": str(tmp / f"home-{label}")}
    if src:
        env["PYTHONPATH"] = src
    out = []
    load = os.getloadavg()[0]
    for name, title in STEPS:
        res = subprocess.run([sys.executable, __file__, "--step", name, str(tmp / f"site-{label}")], env=env,
                             check=True, capture_output=True, text=True)
        out.append((title, json.loads(res.stdout.strip().splitlines()[-1])))
    if cli:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "hemigov", "report", "--out", str(tmp / f"site-{label}")], env=env,
                       check=True, capture_output=True, text=True)
        out.append(("hemigov report, warm (the command)", {"wall": time.perf_counter() - t0, "cpu": float("nan"),
                                                          "rss": float("nan"), "workers_rss": 0, "workers_cpu": 0,
                                                          "note": ""}))
    init, cold = out[0][1], out[1][1]
    out.insert(2, ("fresh home + cold build", {"wall": init["wall"] + cold["wall"], "cpu": init["cpu"] + cold["cpu"],
                                               "rss": max(init["rss"], cold["rss"]), "workers_rss": cold["workers_rss"],
                                               "workers_cpu": cold["workers_cpu"], "note": ""}))
    out.append(("(load average before)", {"wall": load, "cpu": float("nan"), "rss": float("nan"), "workers_rss": 0,
                                          "workers_cpu": 0, "note": "1-minute load on this machine"}))
    return out


def main() -> None:
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "--step":
        print(json.dumps(_step(args[1], args[2])))
        return
    before = args[args.index("--before") + 1] if "--before" in args else None
    cli = "--cli" in args
    with tempfile.TemporaryDirectory() as tmp:
        trees = [("before", before)] if before else []
        trees.append(("now", str(Path(__file__).resolve().parents[1] / "src")))
        results = {label: run_tree(src, Path(tmp), label, cli) for label, src in trees}
    print(f"{'step':44} {'tree':>6} {'wall s':>7} {'CPU s':>6} {'RSS MiB':>8} {'workers CPU s':>14} "
          f"{'workers RSS MiB':>16}  notes")
    for i in range(len(results["now"])):
        for label in results:
            t, r = results[label][i]
            print(f"{t:44} {label:>6} {r['wall']:7.2f} {r['cpu']:6.2f} {r['rss']:8.0f} {r['workers_cpu']:14.2f} "
                  f"{r['workers_rss']:16.0f}  {r['note']}")
    print(f"CPUs: {os.cpu_count()}")


if __name__ == "__main__":
    main()

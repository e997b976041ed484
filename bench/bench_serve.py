"""Benchmark: ``hemigov serve`` under load — requests/s, p50/p99 latency and the share of "503 busy" answers at
1, 10 and 50 concurrent clients, for cached routes (the same request repeated) and uncached routes (a parameter
varied per request, so every request is a new computation), plus the server's memory.

    python bench/bench_serve.py [HEMIGOV_HOME] [--seconds 4]

The server is the real command (``hemigov serve --port P``) in its own process, over the given data home (or
$HEMIGOV_HOME; else a fresh home initialised from the embedded snapshot). Run it with another checkout's
``PYTHONPATH`` to measure that code (old beside new). Clients are asyncio tasks, each a minimal keep-alive
HTTP/1.1 connection sending requests back to back for ``--seconds`` per level.

- **cached**: every endpoint is requested once before timing; goal p99 < 50 ms at 10 clients.
- **uncached**: each request takes the next parameters from a sequence no request has used before in this run
  (years, scheme and destination of the representation indicator; destination, scheme and years of the
  explorer page), so nothing is answered from the server's response cache; goal p99 < 300 ms at 10 clients
  and < 5% "503 busy" at 50 clients.

Baseline in the same run: the first request of each cached endpoint and the same indicator called in-process
with ``hemigov.indicator``. ``cpu ms``: the server's CPU time per request (/proc, its worker processes included), which
other work on a shared machine barely moves, unlike latency. Memory: the resident set (VmRSS) and its peak
(VmHWM), summed over the server's processes. ``--workers N`` passes ``hemigov serve --workers N`` (default: the
command's own default, one process per core up to 2).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter

import httpx

CACHED = [
    ("indicator representation", "/api/indicators/representation?destination=CAN&years=2015-2020&scheme=paper"),
    ("indicator fair_share", "/api/indicators/fair_share?countries=peers&key=gni&years=2015-2020"),
    ("page /explorer", "/explorer?destination=CAN&scheme=paper&start=2015&end=2020"),
]
LEVELS = (1, 10, 50)
SCHEMES = ("paper", "unhcr", "m49", "m49_subregion")
DESTINATIONS = ("CAN", "USA", "AUS", "GBR", "SWE", "NOR", "DEU", "FRA", "NZL", "FIN", "NLD", "DNK")
FIRST, LAST = 2000, 2025  # the years of UNHCR resettlement in the embedded snapshot


def _variants(backwards: bool = False):
    """(destination, scheme, first year, last year), each once. The page's sequence runs backwards, so that it
    never meets a computation the indicator's sequence has already cached (the page reads the same indicator)."""
    spans = [(a, b) for a in range(FIRST, LAST + 1) for b in range(a, LAST + 1)]
    combos = list(itertools.product(DESTINATIONS, spans, SCHEMES))
    for dest, (a, b), scheme in (reversed(combos) if backwards else combos):
        yield dest, scheme, a, b


UNCACHED = [
    ("indicator representation", False,
     lambda d, s, a, b: f"/api/indicators/representation?destination={d}&years={a}-{b}&scheme={s}"),
    ("page /explorer", True, lambda d, s, a, b: f"/explorer?destination={d}&scheme={s}&start={a}&end={b}"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def family(pid: int) -> list[int]:
    """The server's process and its worker processes (``hemigov serve`` runs one per core by default)."""
    out = [pid]
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(d))
            except (FileNotFoundError, ProcessLookupError):
                pass
    return out


def memory(pid: int) -> dict[str, float]:
    """Resident set (VmRSS) and its peak (VmHWM), in MiB, summed over the server's processes."""
    out = {"VmRSS": 0.0, "VmHWM": 0.0}
    for p in family(pid):
        with open(f"/proc/{p}/status") as f:
            for line in f:
                key, _, val = line.partition(":")
                if key in out:
                    out[key] += int(val.split()[0]) / 1024
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time (/proc) of the server's processes: a per-request cost that the machine's load
    barely moves."""
    total = 0.0
    for p in family(pid):
        with open(f"/proc/{p}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def start_server(port: int, workers: int | None = None) -> subprocess.Popen:
    extra = ["--workers", str(workers)] if workers else []
    proc = subprocess.Popen([sys.executable, "-m", "hemigov", "serve", "--port", str(port), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode()[-2000:]}")
    raise SystemExit("server did not start in 60 s")


async def load(port: int, paths, clients: int, seconds: float, pid: int | None = None) -> dict:
    """``clients`` keep-alive connections, each sending GETs back to back, the next path from ``paths`` (an
    iterator shared by the clients). A minimal HTTP/1.1 client (status line, Content-Length body) so that the
    load generator, which shares the machine's cores with the server, costs as little as possible."""
    lat: list[float] = []
    status: Counter = Counter()
    stop = time.perf_counter() + seconds

    async def worker():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < stop:
                request = f"GET {next(paths)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
                t = time.perf_counter()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(re.search(rb"(?i)\r\ncontent-length: *(\d+)", head).group(1))
                await reader.readexactly(length)
                lat.append(time.perf_counter() - t)
                status[int(head[9:12])] += 1
        finally:
            writer.close()

    t0, c0 = time.perf_counter(), cpu_seconds(pid) if pid else 0.0
    await asyncio.gather(*(worker() for _ in range(clients)))
    wall = time.perf_counter() - t0
    cpu = cpu_seconds(pid) - c0 if pid else float("nan")
    lat.sort()
    n = len(lat)
    return {"n": n, "rps": n / wall, "p50": 1000 * lat[n // 2], "p99": 1000 * lat[min(n - 1, int(0.99 * n))],
            "cpu": 1000 * cpu / n, "busy": 100 * status[503] / n,
            "other": " ".join(f"{k}x{v}" for k, v in sorted(status.items()) if k not in (200, 503)) or "0"}


HEADER = (f"{'endpoint':26s} {'clients':>7s} {'requests':>9s} {'req/s':>8s} {'p50 ms':>8s} {'p99 ms':>8s} "
          f"{'cpu ms':>7s} {'503 %':>6s} {'other':>6s}")


def row(label: str, clients: int, r: dict) -> str:
    return (f"{label:26s} {clients:7d} {r['n']:9d} {r['rps']:8.1f} {r['p50']:8.1f} {r['p99']:8.1f} "
            f"{r['cpu']:7.2f} {r['busy']:6.1f} {r['other']:>6s}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("home", nargs="?")
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    if args.home:
        os.environ["HEMIGOV_HOME"] = args.home
    elif not os.environ.get("HEMIGOV_HOME"):
        os.environ["HEMIGOV_HOME"] = tempfile.mkdtemp(prefix="hemigov-bench-serve-")
    import hemigov

    print(f"hemigov {hemigov.__file__}")
    print(f"data home: {os.environ['HEMIGOV_HOME']}; CPUs: {os.cpu_count()}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.seconds:g} s per level")
    port = free_port()
    proc = start_server(port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        print(f"server pid {proc.pid} ({len(family(proc.pid))} processes): memory after start "
              f"{memory(proc.pid)['VmRSS']:.0f} MiB")
        print("\nbaseline: first (uncached) request vs in-process hemigov.indicator (same parameters)")
        for label, path in CACHED:
            t = time.perf_counter()
            r = httpx.get(base + path, timeout=120)
            first = time.perf_counter() - t
            line = f"  {label:26s} first request {1000 * first:8.1f} ms (HTTP {r.status_code})"
            if path.startswith("/api/indicators/"):
                name = path.split("/")[3].split("?")[0]
                params = dict(httpx.URL(path).params)
                t = time.perf_counter()
                hemigov.indicator(name, **params)
                line += f"; in-process {1000 * (time.perf_counter() - t):8.1f} ms"
            print(line)
        httpx.get(base + "/static/vega.js", timeout=120)
        print("\ncached (the same request repeated)\n" + HEADER)
        for label, path in CACHED:
            for c in LEVELS:
                print(row(label, c, asyncio.run(load(port, itertools.repeat(path), c, args.seconds, proc.pid))),
                      flush=True)
        print("\nuncached (parameters never requested before in this run)\n" + HEADER)
        for label, backwards, make in UNCACHED:
            variants = _variants(backwards)
            for c in LEVELS:
                paths = (make(*v) for v in variants)
                print(row(label, c, asyncio.run(load(port, paths, c, args.seconds, proc.pid))), flush=True)
        m = memory(proc.pid)
        print(f"\nserver memory: resident {m['VmRSS']:.0f} MiB, peak {m['VmHWM']:.0f} MiB")
        h = httpx.get(base + "/api/health").json()
        print(f"cache: {h['cache']['hits']} hits, {h['cache']['misses']} misses; load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()

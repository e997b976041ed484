"""Benchmark: ``hemigov serve`` under load — requests/s and p50/p99 latency at 1, 10 and 50 concurrent clients
for two indicator endpoints (cached) and one dashboard page, plus the server's memory.

    python bench/bench_serve.py [HEMIGOV_HOME] [--seconds 4]

The server is the real command (``hemigov serve --port P``) in its own process, over the given data home (or
$HEMIGOV_HOME; else a fresh home initialised from the embedded snapshot). Clients are asyncio tasks, each a
minimal keep-alive HTTP/1.1 connection sending requests back to back for ``--seconds`` per level. Every
endpoint is requested once before timing, so the figures are for cached results (the issue's goal: p99 < 50 ms
at 10 clients, >= 300 requests/s for cached indicator queries on 2 cores). Baseline in the same run: the
uncached computation (first request) and the same indicator called in-process with ``hemigov.indicator``.
Memory: the server's resident set (VmRSS) and its peak (VmHWM) from /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

import httpx

ENDPOINTS = [
    ("indicator representation", "/api/indicators/representation?destination=CAN&years=2015-2020&scheme=paper"),
    ("indicator fair_share", "/api/indicators/fair_share?countries=peers&key=gni&years=2015-2020"),
    ("page /explorer", "/explorer?destination=CAN&scheme=paper&start=2015&end=2020"),
]
LEVELS = (1, 10, 50)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory(pid: int) -> dict[str, float]:
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, val = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(val.split()[0]) / 1024
    return out


def start_server(port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "hemigov", "serve", "--port", str(port)],
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


async def load(port: int, path: str, clients: int, seconds: float) -> dict:
    """``clients`` keep-alive connections, each sending GETs back to back. A minimal HTTP/1.1 client (status
    line, Content-Length body) so that the load generator, which shares the machine's cores with the server,
    costs as little as possible."""
    lat: list[float] = []
    errors = 0
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    stop = time.perf_counter() + seconds

    async def worker():
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < stop:
                t = time.perf_counter()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(re.search(rb"(?i)\r\ncontent-length: *(\d+)", head).group(1))
                await reader.readexactly(length)
                lat.append(time.perf_counter() - t)
                if not head.startswith(b"HTTP/1.1 200"):
                    errors += 1
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    wall = time.perf_counter() - t0
    lat.sort()
    return {"n": len(lat), "rps": len(lat) / wall, "p50": 1000 * lat[len(lat) // 2],
            "p99": 1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))], "errors": errors}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("home", nargs="?")
    ap.add_argument("--seconds", type=float, default=4.0)
    args = ap.parse_args()
    if args.home:
        os.environ["HEMIGOV_HOME"] = args.home
    elif not os.environ.get("HEMIGOV_HOME"):
        os.environ["HEMIGOV_HOME"] = tempfile.mkdtemp(prefix="hemigov-bench-serve-")
    print(f"data home: {os.environ['HEMIGOV_HOME']}; CPUs: {os.cpu_count()}; {args.seconds:g} s per level")
    port = free_port()
    proc = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        print(f"server pid {proc.pid}: memory after start {memory(proc.pid)['VmRSS']:.0f} MiB")
        print("\nbaseline: first (uncached) request vs in-process hemigov.indicator (same parameters)")
        import hemigov

        for label, path in ENDPOINTS:
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
        print(f"\n{'endpoint':26s} {'clients':>7s} {'requests':>9s} {'req/s':>8s} {'p50 ms':>8s} {'p99 ms':>8s} "
              f"{'errors':>6s}")
        for label, path in ENDPOINTS:
            for c in LEVELS:
                r = asyncio.run(load(port, path, c, args.seconds))
                print(f"{label:26s} {c:7d} {r['n']:9d} {r['rps']:8.0f} {r['p50']:8.1f} {r['p99']:8.1f} "
                      f"{r['errors']:6d}", flush=True)
        m = memory(proc.pid)
        print(f"\nserver memory: resident {m['VmRSS']:.0f} MiB, peak {m['VmHWM']:.0f} MiB")
        h = httpx.get(base + "/api/health").json()
        print(f"cache: {h['cache']['hits']} hits, {h['cache']['misses']} misses")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()

"""``hemigov serve``'s HTTP server (uvicorn as ``hemigov.serve.server.config`` sets it up), over real sockets on
the loopback interface: a client trickling its headers (slowloris) is cut off at the header deadline while
normal requests go on, connections past the bound are answered 503, ``HEAD`` and ``405 Allow`` hold end to end.
Every loop is bounded in count and time and talks only to 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    home = tmp_path_factory.mktemp("server_home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEMIGOV_HOME", str(home))
        from hemigov.serve import create_app

        yield create_app()


def _start(app, **kw):
    import uvicorn

    from hemigov.serve.server import config

    port = _free_port()
    srv = uvicorn.Server(config(app, port=port, **kw))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    for _ in range(400):
        if srv.started:
            break
        time.sleep(0.025)
    assert srv.started, "uvicorn did not start"
    return srv, t, f"http://127.0.0.1:{port}", port


@pytest.fixture
def server(app, request):
    srv, t, base, port = _start(app, **getattr(request, "param", {}))
    yield base, port
    srv.should_exit = True
    t.join(timeout=10)


def _closed_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed ``sock`` (recv returns b"" or the connection resets), or None."""
    sock.settimeout(0.2)
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        try:
            if sock.recv(1024) == b"":
                return time.monotonic() - t0
        except TimeoutError:
            continue
        except ConnectionError:
            return time.monotonic() - t0
    return None


@pytest.mark.parametrize("server", [{"header_timeout": 1.0}], indirect=True)
def test_slow_headers_are_cut_off(server):
    base, port = server
    slow = socket.create_connection(("127.0.0.1", port))
    try:
        slow.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        drip_stop = time.monotonic() + 5
        closed = None

        def drip():  # one header byte every 0.2 s: never a complete request
            try:
                while time.monotonic() < drip_stop:
                    slow.sendall(b"X")
                    time.sleep(0.2)
            except OSError:
                pass

        t = threading.Thread(target=drip, daemon=True)
        t.start()
        # meanwhile the server answers others
        assert httpx.get(base + "/api/health", timeout=5).status_code == 200
        closed = _closed_within(slow, 4.0)
        assert closed is not None and closed < 3.0, f"slow client still connected ({closed})"
        t.join(timeout=6)
    finally:
        slow.close()
    # a second request on a kept-alive connection has the same deadline
    keep = socket.create_connection(("127.0.0.1", port))
    try:
        keep.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        keep.settimeout(5)
        assert keep.recv(65536).startswith(b"HTTP/1.1 200")
        keep.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # headers never finished
        assert _closed_within(keep, 4.0) is not None
    finally:
        keep.close()


@pytest.mark.parametrize("server", [{"max_connections": 3, "header_timeout": 30.0}], indirect=True)
def test_connections_past_the_bound_get_503(server):
    base, port = server
    held = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
    try:
        time.sleep(0.3)
        r = httpx.get(base + "/api/health", timeout=5)
        assert r.status_code == 503
    finally:
        for s in held:
            s.close()
    for _ in range(40):  # the bound frees as connections close
        time.sleep(0.1)
        if httpx.get(base + "/api/health", timeout=5).status_code == 200:
            break
    else:
        pytest.fail("the server did not accept connections again")


def test_head_and_allow_end_to_end(server):
    base, _ = server
    with httpx.Client(base_url=base, timeout=60) as c:
        g = c.get("/api/countries?limit=3")
        h = c.head("/api/countries?limit=3")
        assert h.status_code == 200 and h.content == b""
        assert h.headers["content-length"] == g.headers["content-length"] and h.headers["etag"] == g.headers["etag"]
        assert c.get("/api/countries?limit=3", headers={"If-None-Match": g.headers["etag"]}).status_code == 304
        r = c.post("/api/countries")
        assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"
        r = c.request("OPTIONS", "/explorer")
        assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"


def test_worker_processes_share_the_port(app, tmp_path):
    """``hemigov serve --workers 2``: two processes answer on one port (the kernel spreads new connections over
    them, so a burst of keep-alive clients is not all served by one), a second server on the same port is one
    line and exit 2, and SIGTERM stops every process."""
    import os
    import signal
    import subprocess
    import sys

    port = _free_port()
    env = {**os.environ, "HEMIGOV_HOME": os.environ.get("HEMIGOV_HOME", "")}
    proc = subprocess.Popen([sys.executable, "-m", "hemigov", "serve", "--port", str(port), "--workers", "2"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        clients = [httpx.Client(base_url=base) for _ in range(16)]  # 16 connections: all on one of two is 1 in 2^15
        try:
            pids = {c.get("/api/health").json()["process"] for c in clients}
            # each connection stays with its worker
            assert all(c.get("/api/health").json()["process"] in pids for c in clients)
        finally:
            for c in clients:
                c.close()
        assert len(pids) == 2 and proc.pid not in pids
        again = subprocess.run([sys.executable, "-m", "hemigov", "serve", "--port", str(port), "--workers", "2"],
                               env=env, capture_output=True, text=True, timeout=120)
        lines = again.stderr.strip().splitlines()
        assert again.returncode == 2, again.stderr
        assert f"--port {port}" in lines[-1] and "cannot listen" in lines[-1] and "Traceback" not in again.stderr
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    for pid in pids:
        assert not os.path.exists(f"/proc/{pid}") or "zombie" in open(f"/proc/{pid}/status").read()

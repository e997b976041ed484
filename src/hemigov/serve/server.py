"""The HTTP server around the app: uvicorn with a bound on connections, a deadline for request headers and, by
default, one process per core (up to :data:`MAX_DEFAULT_WORKERS`).

A computation is Python (pandas over memoised series) and holds the GIL, so one process answers one new
computation at a time whatever its threads; ``workers`` processes answer that many at once. Each worker is a
spawned process with its own read-only connection, memo and response cache (results are keyed by the warehouse
fingerprint, so every worker serves the same numbers) and its own listening socket on the same port
(``SO_REUSEPORT``): the kernel spreads new connections over the workers. One shared socket would not: asyncio
accepts every pending connection in one go, so one worker took all ten of a burst of ten keep-alive clients.

uvicorn closes idle keep-alive connections (``timeout_keep_alive``) and answers 503 past ``limit_concurrency``
connections or tasks, but it waits for a request's headers forever, so a client that trickles them a byte at a
time (slowloris) holds a connection — and, repeated, every connection — indefinitely. :class:`GuardedH11Protocol`
gives every request ``header_timeout`` seconds from the moment the connection opens (or the previous response
ends) to finish its headers, then closes the connection.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import socket
import threading
from collections.abc import Callable

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

#: Seconds a client has to send a request's headers; connections served at once (more are answered 503).
HEADER_TIMEOUT = 10.0
MAX_CONNECTIONS = 256
KEEP_ALIVE = 5
#: Worker processes when none is asked for: one per core, at most this many (each holds ~400 MiB of series).
MAX_DEFAULT_WORKERS = 2


def default_workers() -> int:
    """One per core, at most :data:`MAX_DEFAULT_WORKERS`; one where the platform has no ``SO_REUSEPORT``."""
    if not hasattr(socket, "SO_REUSEPORT"):
        return 1
    return max(1, min(MAX_DEFAULT_WORKERS, os.cpu_count() or 1))


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request's headers."""

    header_timeout: float = HEADER_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._header_deadline: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._header_deadline = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _disarm(self) -> None:
        if getattr(self, "_header_deadline", None) is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # the headers are in: the request is being answered

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection has the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _headers_too_slow(self) -> None:
        self._header_deadline = None
        if (self.cycle is None or self.cycle.response_complete) and not self.transport.is_closing():
            self.transport.close()


def run(*, host: str = "127.0.0.1", port: int = 8000, timeout: float = 30.0, header_timeout: float = HEADER_TIMEOUT,
        max_connections: int = MAX_CONNECTIONS, allowed_hosts: list[str] | None = None, workers: int = 1,
        on_listen: Callable[[], None] | None = None) -> None:
    """Serve until stopped (SIGINT or SIGTERM): in this process (``workers=1``) or in ``workers`` spawned
    processes on the same port, together bounded to about ``max_connections`` connections. A worker that exits
    stops the others and raises :class:`hemigov.core.errors.HemigovError` (one line, exit 1) naming its exit code.
    A port that cannot be listened on is one line (:func:`check_port`) before ``on_listen`` is called."""
    settings = {"host": host, "port": port, "timeout": timeout, "header_timeout": header_timeout,
                "allowed_hosts": allowed_hosts, "max_connections": max_connections}
    check_port(host, port)
    if on_listen is not None:
        on_listen()
    if workers <= 1:
        _serve(settings, reuse_port=False)
        return
    from hemigov.warehouse import store

    if not store.exists():
        store.connect().close()  # initialise the home once, here, not in every worker at the same time
    settings["max_connections"] = max(1, max_connections // workers)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_serve, args=(settings, True), daemon=True, name=f"hemigov-serve-{i + 1}")
             for i in range(workers)]
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for p in procs:
            p.start()
        while not stop.wait(0.5) and all(p.is_alive() for p in procs):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for p in procs:
            if p.is_alive():
                p.terminate()  # uvicorn's own SIGTERM handling: finish the open responses, then exit
        for p in procs:
            p.join(15)
    dead = [p for p in procs if p.exitcode not in (0, -signal.SIGTERM)]
    if not stop.is_set() and dead:
        from hemigov.core.errors import HemigovError

        raise HemigovError(f"server process {dead[0].name} exited with code {dead[0].exitcode}; "
                           "the others were stopped")


def check_port(host: str, port: int) -> None:
    """A port that cannot be listened on is bad input, one line (not a log in every worker)."""
    _bind(host, port, reuse_port=False).close()


def warm() -> None:
    """Before listening: build what the explorer's first click in each region scheme would otherwise wait for
    (the representation arrays, ~0.1-0.3 s each), then exempt everything alive from the cyclic garbage
    collector (``gc.freeze``): a full collection then scans only what requests allocate, and its pauses, the
    uncached pages' slowest answers (up to ~200 ms over the whole heap), shrink to a third."""
    import gc

    from hemigov.core.errors import HemigovError
    from hemigov.geo import regions
    from hemigov.indicators import indicator
    from hemigov.series import resettlement

    try:
        resettlement.by_destination("unhcr")
        for scheme in regions.SCHEMES:
            indicator("representation", scheme=scheme)
    except HemigovError:
        pass  # a home without these data: its pages say so when asked
    gc.collect()
    gc.freeze()


def _bind(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, so that asyncio turns Nagle off on accepted connections (it checks the proto; a socket
    # bound with proto 0 waits ~40 ms per keep-alive response for a delayed ACK: Kludex/uvicorn#3149)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        from hemigov.core.errors import InputError

        raise InputError(None, f"--host {host} --port {port}", f"cannot listen: {e.strerror or e}") from None
    return sock


def _serve(settings: dict, reuse_port: bool) -> None:
    """One server process: the app over the data home, warmed, on the given port."""
    from hemigov.serve import create_app

    web = create_app(timeout=settings["timeout"], allowed_hosts=settings["allowed_hosts"])
    warm()
    cfg = config(web, host=settings["host"], port=settings["port"], header_timeout=settings["header_timeout"],
                 max_connections=settings["max_connections"])
    server = uvicorn.Server(cfg)
    if not reuse_port:
        server.run()
        return
    sock = _bind(settings["host"], settings["port"], reuse_port=True)
    sock.listen(cfg.backlog)
    server.run(sockets=[sock])


def config(app, *, host: str = "127.0.0.1", port: int = 8000, header_timeout: float = HEADER_TIMEOUT,
           max_connections: int = MAX_CONNECTIONS, log_level: str = "warning") -> uvicorn.Config:
    """The uvicorn configuration ``hemigov serve`` runs (and the tests start)."""
    protocol = type("HemigovH11Protocol", (GuardedH11Protocol,), {"header_timeout": float(header_timeout)})
    return uvicorn.Config(app, host=host, port=port, http=protocol, log_level=log_level,
                          timeout_keep_alive=KEEP_ALIVE, limit_concurrency=max_connections, server_header=False)

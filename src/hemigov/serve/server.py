"""The HTTP server around the app: uvicorn with a bound on connections and a deadline for request headers.

uvicorn closes idle keep-alive connections (``timeout_keep_alive``) and answers 503 past ``limit_concurrency``
connections or tasks, but it waits for a request's headers forever, so a client that trickles them a byte at a
time (slowloris) holds a connection — and, repeated, every connection — indefinitely. :class:`GuardedH11Protocol`
gives every request ``header_timeout`` seconds from the moment the connection opens (or the previous response
ends) to finish its headers, then closes the connection.
"""

from __future__ import annotations

import asyncio

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

#: Seconds a client has to send a request's headers; connections served at once (more are answered 503).
HEADER_TIMEOUT = 10.0
MAX_CONNECTIONS = 256
KEEP_ALIVE = 5


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


def config(app, *, host: str = "127.0.0.1", port: int = 8000, header_timeout: float = HEADER_TIMEOUT,
           max_connections: int = MAX_CONNECTIONS, log_level: str = "warning") -> uvicorn.Config:
    """The uvicorn configuration ``hemigov serve`` runs (and the tests start)."""
    protocol = type("HemigovH11Protocol", (GuardedH11Protocol,), {"header_timeout": float(header_timeout)})
    return uvicorn.Config(app, host=host, port=port, http=protocol, log_level=log_level,
                          timeout_keep_alive=KEEP_ALIVE, limit_concurrency=max_connections, server_header=False)

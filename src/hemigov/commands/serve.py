"""``hemigov serve``: the dashboard and JSON API on a local port (uvicorn, with a deadline for request headers
and a bound on connections: ``hemigov.serve.server``)."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from hemigov.clikit import err


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def register(app: typer.Typer, data_app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option(help="Interface to listen on (loopback by default).")] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
        timeout: Annotated[float, typer.Option(min=1, help="Seconds a request waits for a computation.")] = 30.0,
        header_timeout: Annotated[float, typer.Option(
            min=0.5, max=600, help="Seconds a client has to send a request's headers (then the connection is "
                                   "closed: no slowloris).")] = 10.0,
        max_connections: Annotated[int, typer.Option(
            min=1, max=100_000, help="Connections served at once; more are answered 503.")] = 256,
        workers: Annotated[int | None, typer.Option(
            min=1, max=64, help="Server processes, each answering one new computation at a time (default: one "
                                "per core, at most 2; each holds ~400 MiB).")] = None,
    ) -> None:
        """Serve the dashboard (explorer, map, fair shares, countries, claims, events) and the JSON API
        (/api/docs)."""
        from hemigov.serve import server

        hosts = None
        if not is_loopback(host):
            err.print(f"[yellow]warning:[/] listening on {host}: the server is reachable from other machines")
            hosts = ["*"]
        n = workers or server.default_workers()

        def banner() -> None:
            err.print(f"hemigov serve: http://{'localhost' if is_loopback(host) else host}:{port}/  "
                      f"(API: /api/docs; {n} process{'es' if n > 1 else ''})")

        server.run(host=host, port=port, timeout=timeout, header_timeout=header_timeout,
                   max_connections=max_connections, allowed_hosts=hosts, workers=n, on_listen=banner)

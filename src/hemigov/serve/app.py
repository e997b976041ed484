"""The FastAPI application: JSON API, dashboard pages, static assets, errors and security headers."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

import hemigov
from hemigov.core.errors import HemigovError
from hemigov.serve import routes_api, routes_pages
from hemigov.serve.backend import Backend, Busy, Timeout
from hemigov.serve.service import NotFound, NotInstalled
from hemigov.serve.validate import ApiError

log = logging.getLogger("hemigov.serve")

LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]", "testserver"]
# Vega compiles its expressions with Function(): 'unsafe-eval' is needed for charts; no inline scripts.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")


def create_app(*, timeout: float = 30.0, cache_size: int = 512, max_pending: int = 16,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """The hemigov server over the current data home's warehouse, read-only.

    Parameters
    ----------
    timeout : seconds a request waits for a computation before answering 504 (the computation finishes and
        fills the cache).
    cache_size : results kept (LRU, keyed by validated parameters and the warehouse fingerprint).
    max_pending : distinct computations allowed in the queue before answering 503.
    allowed_hosts : Host headers accepted (default: loopback names only, which also defeats DNS rebinding).

    Notes
    -----
    The warehouse is ``$HEMIGOV_HOME/warehouse.duckdb`` (initialised from the embedded snapshot if missing).
    Every read goes through ``hemigov.query`` (a read-only DuckDB connection with external access disabled);
    there is no write endpoint and no SQL is built from request text.
    """
    from hemigov.warehouse import store

    if not store.exists():
        store.connect().close()  # initialise from the embedded snapshot once, before serving
    backend = Backend(timeout=timeout, cache_size=cache_size, max_pending=max_pending)

    @asynccontextmanager
    async def lifespan(app):
        yield
        backend.close()

    app = FastAPI(title="hemigov", version=hemigov.__version__, lifespan=lifespan,
                  description="Canada and the Western hemisphere's displacement crises: indicators, replication, "
                              "claims, events and effects from the hemigov warehouse. Read-only. Every row names "
                              "its dataset and vintage; errors are JSON `{\"error\": {\"status\", \"message\"}}`.",
                  docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json", swagger_ui_parameters=None)
    app.state.backend = backend
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS)

    app.add_middleware(SecurityHeaders)

    _errors(app)
    app.include_router(routes_api.build(backend))
    app.include_router(routes_pages.build(backend))
    return app


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware): CSP, nosniff, no referrer, no framing."""

    HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.HEADERS]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _error(request: Request, status: int, message: str):
    if _is_api(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    return routes_pages.error_page(request, status, message)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, e: ApiError):
        return _error(request, e.status, e.message)

    @app.exception_handler(HemigovError)
    async def hemigov_error(request: Request, e: HemigovError):
        return _error(request, 400, str(e))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError):
        parts = []
        for err in e.errors()[:3]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return _error(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, e: StarletteHTTPException):
        msg = {404: f"no such page or endpoint: {request.url.path}", 405: "method not allowed (read-only API)"}
        return _error(request, e.status_code, msg.get(e.status_code, str(e.detail)))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, e: NotFound):
        return _error(request, 404, str(e))

    @app.exception_handler(NotInstalled)
    async def not_installed(request: Request, e: NotInstalled):
        return _error(request, 503, str(e))

    @app.exception_handler(Busy)
    async def busy(request: Request, e: Busy):
        return _error(request, 503, "server busy: too many computations queued; retry shortly")

    @app.exception_handler(Timeout)
    async def timeout(request: Request, e: Timeout):
        return _error(request, 504, "the computation took longer than the request timeout; it continues in the "
                                    "background, retry shortly")

    @app.exception_handler(Exception)
    async def crash(request: Request, e: Exception):
        log.exception("internal error on %s", request.url.path)
        return _error(request, 500, f"internal error ({type(e).__name__}); see the server log")

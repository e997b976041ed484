"""The FastAPI application: JSON API, dashboard pages and embeds, offline API docs, static assets, errors and
HTTP conventions (security headers, HEAD, ETag, 405 with Allow)."""

from __future__ import annotations

import hashlib
import logging
import re
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from hemigov.core.errors import HemigovError, InputError, unknown
from hemigov.core.meta import VERSION
from hemigov.serve import docs, routes_api, routes_money, routes_pages, routes_scenarios
from hemigov.serve.backend import Backend, Busy, Timeout
from hemigov.serve.service import NotFound
from hemigov.serve.validate import ApiError

log = logging.getLogger("hemigov.serve")

LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]", "testserver"]
#: Methods every route answers (the API and the dashboard are read-only).
ALLOW = "GET, HEAD"
# Vega compiles its expressions with Function(): 'unsafe-eval' is needed for charts; no inline scripts.
_CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors {frames}; "
        "form-action 'self'")
CSP = _CSP.format(frames="'none'")
#: ``/embed/...`` charts may be framed by any site; nothing else may be framed at all.
EMBED_CSP = _CSP.format(frames="*")
EMBED_PREFIX = "/embed/"


def create_app(*, timeout: float = 30.0, cache_size: int = 1024, max_pending: int = 64,
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
    Every number comes from ``hemigov.series`` and the indicators, replication and effects built on it (the
    process's one held read-only connection); there is no write endpoint and no SQL is built from request text.
    """
    from hemigov.warehouse import store

    if not store.exists():
        store.connect().close()  # initialise from the embedded snapshot once, before serving
    backend = Backend(timeout=timeout, cache_size=cache_size, max_pending=max_pending)

    @asynccontextmanager
    async def lifespan(app):
        backend.open()
        yield
        backend.close()

    app = FastAPI(title="hemigov", version=VERSION, lifespan=lifespan,
                  description="Canada and the Western hemisphere's displacement crises: indicators, replication, "
                              "claims, events and effects from the hemigov warehouse. Read-only (GET and HEAD). "
                              "Every list is a JSON envelope whose `sources` name each file behind its rows "
                              "(dataset, vintage, sha256, licence, citation), or CSV; `fields=` and `sort=` "
                              "choose and order columns; responses carry an `ETag` from the warehouse "
                              "fingerprint. Errors are JSON `{\"error\": {\"status\", \"message\"}}`.",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.backend = backend
    app.add_middleware(Conventions, backend=backend)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS)

    _errors(app)
    app.include_router(docs.build(app))
    app.include_router(routes_api.build(backend))
    app.include_router(routes_money.build_api(backend))
    app.include_router(routes_scenarios.build_api(backend))
    app.include_router(routes_pages.build(backend))
    app.include_router(routes_money.build_pages(backend))
    app.include_router(routes_scenarios.build_pages(backend))
    return app


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware): CSP, nosniff, no referrer; no framing except for
    the ``/embed/`` charts."""

    COMMON = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
    HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-frame-options", b"DENY"), *COMMON]
    EMBED = [(b"content-security-policy", EMBED_CSP.encode()), *COMMON]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = self.EMBED if scope["path"].startswith(EMBED_PREFIX) else self.HEADERS

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Conventions:
    """HTTP conventions for every route, as pure ASGI middleware.

    - ``HEAD`` is answered as ``GET`` without the body (same status and headers, Content-Length included).
    - ``ETag`` and ``Cache-Control`` on successful reads: the tag is derived from the warehouse fingerprint, the
      hemigov version and the request target (path and query), so it changes exactly when the answer can; a
      request whose ``If-None-Match`` holds it gets ``304 Not Modified`` before anything is computed. Clients
      revalidate every time (``no-cache``): an import may swap the warehouse at any moment.
    - ``/api/health`` is never cached; ``/static/...`` files carry their own content-hash tags.
    """

    UNCACHED = ("/api/health",)
    OWN_TAGS = ("/static/",)

    def __init__(self, app, backend: Backend):
        self.app = app
        self.backend = backend

    def etag(self, scope) -> str:
        target = scope["path"].encode() + b"?" + scope.get("query_string", b"")
        digest = hashlib.sha256(f"{VERSION}|{self.backend.fingerprint()}|".encode() + target).hexdigest()[:24]
        return f'"{digest}"'

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        token = self.backend.pin()  # one warehouse identity for the whole request
        try:
            await self._call(scope, receive, send)
        finally:
            self.backend.unpin(token)

    async def _call(self, scope, receive, send):
        method = scope["method"]
        head = method == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        path = scope["path"]
        tag = None
        if method in ("GET", "HEAD") and not path.startswith(self.OWN_TAGS):
            if path.startswith(self.UNCACHED):
                tag = ""
            else:
                tag = self.etag(scope)
                if _matches(_header(scope, b"if-none-match"), tag):
                    await send({"type": "http.response.start", "status": 304,
                                "headers": [(b"etag", tag.encode()), (b"cache-control", b"public, no-cache")]})
                    await send({"type": "http.response.body", "body": b""})
                    return

        async def send_conventions(message):
            if message["type"] == "http.response.start" and tag is not None:
                headers = [h for h in message.get("headers", []) if h[0].lower() not in (b"etag", b"cache-control")]
                if message["status"] == 200 and tag:
                    headers += [(b"etag", tag.encode()), (b"cache-control", b"public, no-cache")]
                else:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b"", "more_body": message.get("more_body", False)}
            await send(message)

        await self.app(scope, receive, send_conventions)


def _header(scope, name: bytes) -> str:
    for k, v in scope.get("headers", []):
        if k.lower() == name:
            return v.decode("latin-1")
    return ""


def _matches(if_none_match: str, tag: str) -> bool:
    if not if_none_match:
        return False
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or tag in tags


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _error(request: Request, status: int, message: str, headers: dict | None = None):
    message = " ".join(str(message).split())  # one line, always
    if _is_api(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)
    resp = routes_pages.error_page(request, status, message)
    if headers:
        resp.headers.update(headers)
    return resp


_QUOTED = re.compile(r"'([^']*)'")


def _validation_message(err: dict) -> str:
    """One pydantic error as the error catalogue writes it: the parameter, the value and what would do."""
    where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
    if err.get("type") == "literal_error":
        choices = _QUOTED.findall(str(err.get("ctx", {}).get("expected", "")))
        return str(unknown(where or "value", err.get("input"), choices))
    value = err.get("input")
    shown = f" {value!r}" if isinstance(value, (str, int, float)) else ""
    return f"{where}:{shown} {err.get('msg', 'invalid').lower()}"


def _errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, e: ApiError):
        return _error(request, e.status, e.message)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, e: NotFound):
        return _error(request, 404, str(e))

    @app.exception_handler(InputError)
    async def input_error(request: Request, e: InputError):
        return _error(request, 400, e.one_line())

    @app.exception_handler(HemigovError)
    async def hemigov_error(request: Request, e: HemigovError):
        # What the indicators, replication and effects refuse (a selection they cannot compute) is the
        # request's to change: 400 with their one line.
        return _error(request, 400, e.one_line())

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError):
        parts = [_validation_message(err) for err in e.errors()[:3]]
        return _error(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, e: StarletteHTTPException):
        if e.status_code == 405:
            return _error(request, 405, f"method {request.method} not allowed: the API and the dashboard are "
                                        f"read-only ({ALLOW})", headers={"Allow": ALLOW})
        if e.status_code == 404:
            return _error(request, 404, f"no such page or endpoint: {request.url.path} (pages: /; API: /api/docs)")
        return _error(request, e.status_code, str(e.detail), headers=getattr(e, "headers", None))

    @app.exception_handler(Busy)
    async def busy(request: Request, e: Busy):
        return _error(request, 503, "server busy: too many computations queued; retry shortly",
                      headers={"Retry-After": "1"})

    @app.exception_handler(Timeout)
    async def timeout(request: Request, e: Timeout):
        return _error(request, 504, "the computation took longer than the request timeout; it continues in the "
                                    "background, retry shortly")

    @app.exception_handler(Exception)
    async def crash(request: Request, e: Exception):
        log.exception("internal error on %s", request.url.path)
        return _error(request, 500, "internal error; see the server log")

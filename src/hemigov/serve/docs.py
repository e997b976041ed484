"""The API's documentation, offline: Swagger UI served by hemigov from the ``fastapi-offline`` package's copy of
``swagger-ui-dist`` (never a CDN), started by a static script so the page needs no inline script under the
server's Content-Security-Policy.

- ``/api/docs``: Swagger UI over ``/api/openapi.json`` (every operation, parameter and example).
- ``/static/docs/{swagger-ui-bundle.js, swagger-ui.css, favicon.png}``: the package's files, with content tags.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hemigov.serve import assets

#: The package's own folder of Swagger UI (and ReDoc) files.
STATIC = Path(fastapi_offline.__file__).parent / "static"
FILES = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8", "swagger-ui.css": "text/css; charset=utf-8",
         "favicon.png": "image/png"}

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} API · hemigov</title>
<link rel="icon" href="/static/docs/favicon.png">
<link rel="stylesheet" href="/static/docs/swagger-ui.css">
<link rel="stylesheet" href="/static/serve.css">
</head>
<body class="api-docs">
<header class="site"><nav aria-label="Pages"><ul><li><a href="/">hemigov dashboard</a></li>
<li><a href="/api/openapi.json">OpenAPI document</a></li></ul></nav></header>
<div id="swagger-ui" data-openapi="{openapi}"></div>
<script src="/static/docs/swagger-ui-bundle.js"></script>
<script src="/static/docs-init.js"></script>
</body>
</html>
"""


@cache
def _file(name: str) -> bytes:
    return (STATIC / name).read_bytes()


def swagger_version() -> str:
    """The Swagger UI version the package ships (from its bundle's build information)."""
    import re

    m = re.search(rb'PACKAGE_VERSION:"([0-9.]+)"', _file("swagger-ui-bundle.js"))
    return m.group(1).decode() if m else "unknown"


def build(app) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/api/docs", response_class=HTMLResponse)
    async def swagger_ui():
        return HTMLResponse(PAGE.format(title=app.title, openapi=app.openapi_url))

    @router.get("/static/docs/{name}")
    async def docs_file(request: Request, name: str):
        if name not in FILES:
            return Response(status_code=404)
        return assets.static(request, _file(name), FILES[name])

    return router

"""Static files of the dashboard: its CSS and JS, the Vega/Vega-Lite/Vega-Embed bundle and the map's TopoJSON
(never a CDN), each served with a content-hash ``ETag``.

The Vega bundle is the report's (``hemigov.style.vega.javascript_bundle``: offline, from vl-convert;
generated once per process, ~0.9 MB), so the dashboard and the report draw with the same library. The map is
Natural Earth's country boundaries from the npm package ``world-atlas`` (``hemigov/data/maps/PROVENANCE.md``).
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path

from fastapi import Request
from fastapi.responses import Response

from hemigov.core.paths import PACKAGE_DATA

HERE = Path(__file__).parent / "assets"
MAPS = Path(PACKAGE_DATA) / "maps"
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _bundle() -> bytes:
    from hemigov.style.vega import javascript_bundle

    return javascript_bundle().encode("utf-8")


def vega_bundle() -> bytes:
    with _lock:  # one generation even when several pages load at once
        return _bundle()


@lru_cache(maxsize=8)
def own(name: str) -> bytes:
    return (HERE / name).read_bytes()


@lru_cache(maxsize=2)
def topojson(name: str) -> bytes:
    return (MAPS / name).read_bytes()


def etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:20] + '"'


FILES = {"serve.css": "text/css; charset=utf-8", "serve.js": "text/javascript; charset=utf-8",
         "docs-init.js": "text/javascript; charset=utf-8"}
MAP_FILES = {"countries-50m.json": "application/json"}


def static(request: Request, data: bytes, media_type: str) -> Response:
    """A static file with its content tag; ``304`` when the client holds it."""
    tag = etag(data)
    headers = {"ETag": tag, "Cache-Control": "public, max-age=3600"}
    if tag in {t.strip().removeprefix("W/") for t in request.headers.get("if-none-match", "").split(",")}:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=media_type, headers=headers)

"""Static files of the dashboard: its CSS and JS, and the Vega/Vega-Lite/Vega-Embed bundle (never a CDN).

The Vega bundle is the report's (``hemigov.style.vega.javascript_bundle``: offline, from vl-convert;
generated once per process, ~0.9 MB), so the dashboard and the report draw with the same library."""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent / "assets"
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


def etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:20] + '"'


FILES = {"serve.css": "text/css; charset=utf-8", "serve.js": "text/javascript; charset=utf-8"}

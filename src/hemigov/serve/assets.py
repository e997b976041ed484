"""Static files of the dashboard: its CSS and JS, and the Vega/Vega-Lite/Vega-Embed bundle (never a CDN).

The Vega bundle is the report's vendored file when the report package ships one (``hemigov/report/assets/
vega.js``), else ``vl_convert.javascript_bundle()`` (offline; generated once per process, ~0.9 MB)."""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent / "assets"
_lock = threading.Lock()


def _report_vega() -> Path | None:
    spec = importlib.util.find_spec("hemigov.report")
    if spec is None or not spec.origin:
        return None
    p = Path(spec.origin).parent / "assets" / "vega.js"
    return p if p.is_file() else None


@lru_cache(maxsize=1)
def _bundle() -> bytes:
    p = _report_vega()
    if p is not None:
        return p.read_bytes()
    import vl_convert as vlc

    return vlc.javascript_bundle().encode("utf-8")


def vega_bundle() -> bytes:
    with _lock:  # one generation even when several pages load at once
        return _bundle()


@lru_cache(maxsize=8)
def own(name: str) -> bytes:
    return (HERE / name).read_bytes()


def etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:20] + '"'


FILES = {"serve.css": "text/css; charset=utf-8", "serve.js": "text/javascript; charset=utf-8"}

"""The Vega, Vega-Lite and Vega-Embed JavaScript (offline, from vl-convert) and the chart libraries' versions."""

from __future__ import annotations

from functools import cache

import vl_convert as vlc


@cache
def javascript_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed in one classic script (sets ``window.vegaEmbed``), ~0.9 MB, built once per
    process and shipped with every page that draws a chart (never a CDN)."""
    return vlc.javascript_bundle()


@cache
def library_versions() -> dict[str, str]:
    return {"vega": vlc.get_vega_version(), "vega-lite": vlc.get_vegalite_versions()[-1],
            "vega-embed": vlc.get_vega_embed_version(), "vl-convert": getattr(vlc, "__version__", "")}

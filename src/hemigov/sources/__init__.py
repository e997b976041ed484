"""Source adapters, one module per publisher, and the registry that recognises files."""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

from hemigov.sources.base import Ignored, Layout

ADAPTERS = ("unhcr", "unhcr_iati", "worldbank", "knomad", "undesa", "ircc", "canada_web", "irb", "ohss", "timeline",
            "webfigures", "paper")

# Files that accompany data in the shared folders and are not data themselves.
COMMON_IGNORED = (
    Ignored(lambda p: p.name in {"PROVENANCE.md", "SHA256SUMS", "README.md", "API-FORMATS.md"},
            "documentation / checksums"),
    Ignored(lambda p: p.name.startswith("."), "hidden file"),
)


@cache
def layouts() -> tuple[Layout, ...]:
    out = []
    for name in ADAPTERS:
        mod = importlib.import_module(f"hemigov.sources.{name}")
        for lay in mod.LAYOUTS:
            out.append(Layout(**{**lay.__dict__, "adapter": name}))
    return tuple(out)


@cache
def ignored() -> tuple[Ignored, ...]:
    out = list(COMMON_IGNORED)
    for name in ADAPTERS:
        out.extend(getattr(importlib.import_module(f"hemigov.sources.{name}"), "IGNORED", ()))
    return tuple(out)


def detect(path: Path) -> Layout | str | None:
    """The layout that reads ``path``, a reason string if it is a known non-data file, else None."""
    hits = [lay for lay in layouts() if lay.match(path)]
    if len(hits) > 1:
        raise RuntimeError(f"{path}: matched by several layouts: {[h.dataset for h in hits]}")
    if hits:
        return hits[0]
    for ig in ignored():
        if ig.match(path):
            return ig.reason
    return None

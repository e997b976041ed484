"""The report's sections, in reading order. One module per section defines ``SECTION``.

A section whose feature module (``requires``) cannot be imported yet is left out of the site and its
navigation, so no page links to it. A section that needs a feature module and fails while building is left
out too, with a note on the Data and methods page; the warehouse-only sections must not fail.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from hemigov.report.context import Context
from hemigov.report.model import Page

ORDER = ["overview", "replication", "updated", "indicators", "effects", "profiles", "peers", "methods"]


@dataclass(frozen=True)
class Section:
    slug: str
    title: str  # as shown in the navigation
    path: str  # its first page, relative to the site root
    build: Callable[[Context], list[Page]]
    requires: tuple[str, ...] = ()  # feature modules that must import for the section to exist


def all_sections() -> list[Section]:
    return [importlib.import_module(f"{__name__}.{name}").SECTION for name in ORDER]


def importable(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def available() -> tuple[list[Section], list[str]]:
    """Sections whose feature modules import, and a note for each one left out."""
    keep, notes = [], []
    for s in all_sections():
        missing = [m for m in s.requires if not importable(m)]
        if missing:
            notes.append(f"'{s.title}' not built: {', '.join(missing)} is not available in this installation.")
        else:
            keep.append(s)
    return keep, notes

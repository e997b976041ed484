"""The report's sections, in reading order. One module per section defines ``SECTION``.

Every section is built on every build: a section that fails fails the build, with one line naming it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from hemigov.report.context import Context
from hemigov.report.model import Page

ORDER = ["overview", "replication", "updated", "indicators", "effects", "money", "options", "profiles", "peers",
         "methods"]


@dataclass(frozen=True)
class Section:
    slug: str
    title: str  # as shown in the navigation
    path: str  # its first page, relative to the site root
    build: Callable[[Context], list[Page]]


def all_sections() -> list[Section]:
    return [importlib.import_module(f"{__name__}.{name}").SECTION for name in ORDER]

"""What every fetcher returns, and the small checks the JSON APIs share."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from hemigov import sources
from hemigov.core.errors import InputError
from hemigov.live.http import Damaged, Page
from hemigov.sources.base import Layout


@dataclass
class Fetched:
    """One dataset, every page of it arrived and parsed: ready to become a vintage."""

    layout: Layout  #: publisher, title, licence, citation of the dataset (shared with the file adapter)
    tables: dict[str, pd.DataFrame]
    pages: list[tuple[str, Page]]  #: (file name under raw/<dataset>/<vintage>/, page)
    request: str  #: the first request's URL (the lock record lists them all)
    notes: str = ""
    vintage: str | None = None  #: the source's own release, when it prints one (IRCC); else the fetch date
    years: tuple[int, int] | None = None  #: a partial fetch: other years are carried from the previous vintage
    extra: dict = field(default_factory=dict)

    @property
    def dataset(self) -> str:
        return self.layout.dataset

    @property
    def rows(self) -> int:
        return sum(len(t) for t in self.tables.values())


def layout(dataset: str) -> Layout:
    """The file adapter's layout of ``dataset``: the fetched vintage shares its id, title and licence."""
    for lay in sources.layouts():
        if lay.dataset == dataset:
            return lay
    raise KeyError(dataset)


def json_body(body: bytes, what: str) -> Any:
    """Parse a JSON body; a body that does not parse arrived damaged (retry)."""
    if not body:
        raise Damaged(f"{what}: empty body")
    try:
        return json.loads(body)  # NaN/Infinity parse to floats: the value checks refuse them with their place
    except UnicodeDecodeError as e:
        raise Damaged(f"{what}: body is not UTF-8 text at byte {e.start}") from None
    except json.JSONDecodeError as e:
        raise Damaged(f"{what}: malformed JSON at line {e.lineno} column {e.colno} ({e.msg}); "
                      f"{len(body)} bytes received") from None


def schema_error(url: str, where: str, problem: str) -> InputError:
    """The response parsed but is not shaped as documented: the API changed; retrying will not help."""
    return InputError(url, where, f"{problem} (the API's response format changed?)")


def require_keys(record: dict, keys: list[str] | tuple[str, ...], url: str, where: str) -> None:
    missing = [k for k in keys if k not in record]
    if missing:
        raise schema_error(url, where, f"missing field(s) {', '.join(repr(k) for k in missing)}; "
                                       f"found {', '.join(repr(k) for k in list(record)[:16])}")

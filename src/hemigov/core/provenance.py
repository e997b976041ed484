"""Provenance: which loaded files a number was computed from. One type, one text form, one decoder.

A :class:`Provenance` is a set of :class:`Source` entries, each naming one loaded file by ``(dataset,
vintage, sha256)`` — the key and checksum of its row in the warehouse's ``datasets`` table. Every derived frame
(a series, an indicator, a replication cell, a claim) carries its provenance in a ``sources`` column holding
the one text form, ``dataset@vintage`` entries sorted and joined by ``"; "``::

    unhcr.population@2026-06; worldbank.wdi.sp.pop.totl@2026-07

:meth:`Provenance.text` writes it, :meth:`Provenance.parse` reads it back and :meth:`Provenance.of` collects it
from frames. The sha256 (with publisher, licence and citation) is looked up from the ``datasets`` table by
``hemigov.series.catalogue.describe`` when a surface shows a source; the text form leaves it out to stay short,
as (dataset, vintage) is that table's key.

Pure: no IO, no warehouse access.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

#: The column of derived frames that holds the text form.
COLUMN = "sources"
SEPARATOR = "; "
_ENTRY = re.compile(r"^(?P<dataset>[^@;\s]+)@(?P<vintage>[^@;\s]+)$")


@dataclass(frozen=True, order=True)
class Source:
    """One loaded file: its dataset id, release (vintage) and, when known, the sha256 of the raw file."""

    dataset: str
    vintage: str
    sha256: str = field(default="", compare=False)

    def text(self) -> str:
        return f"{self.dataset}@{self.vintage}"


@dataclass(frozen=True)
class Provenance:
    """The set of files behind a number. ``a | b`` merges; ``str(p)`` is the text form."""

    sources: frozenset[Source] = frozenset()

    # -- construction ---------------------------------------------------------------------------------------
    @classmethod
    def of(cls, *items: Provenance | pd.DataFrame | str | Source | None) -> Provenance:
        """Merge provenances, text forms, sources and frames (a frame's ``sources`` column; an empty frame
        contributes nothing, a non-empty frame without the column is an error: provenance is never dropped)."""
        out: list[Source] = []  # a list: Sources equal by (dataset, vintage) may differ in a known sha256
        for it in items:
            if it is None:
                continue
            if isinstance(it, Provenance):
                out += it.sources
            elif isinstance(it, Source):
                out.append(it)
            elif isinstance(it, str):
                out += cls.parse(it).sources
            elif isinstance(it, pd.DataFrame):
                if it.empty:
                    continue
                if COLUMN not in it.columns:
                    raise ValueError(f"frame has no {COLUMN!r} column: its provenance would be lost "
                                     f"(columns: {', '.join(map(str, it.columns))})")
                for text in it[COLUMN].dropna().unique():
                    out += cls.parse(str(text)).sources
            else:
                raise TypeError(f"cannot take provenance from {type(it).__name__}")
        return cls(frozenset(_dedupe(out)))

    @classmethod
    def parse(cls, text: str) -> Provenance:
        """The one decoder of the text form (``dataset@vintage; dataset@vintage``)."""
        return cls(_parse(str(text)))

    @classmethod
    def one(cls, dataset: str, vintage: str, sha256: str = "") -> Provenance:
        return cls(frozenset({Source(dataset, vintage, sha256)}))

    # -- use ------------------------------------------------------------------------------------------------
    def __or__(self, other: Provenance) -> Provenance:
        return Provenance.of(self, other)

    def __bool__(self) -> bool:
        return bool(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

    def __iter__(self):
        return iter(sorted(self.sources))

    def text(self) -> str:
        """The one text form: entries sorted, joined by ``"; "``."""
        return SEPARATOR.join(s.text() for s in sorted(self.sources))

    __str__ = text

    def pairs(self) -> list[tuple[str, str]]:
        return [(s.dataset, s.vintage) for s in sorted(self.sources)]

    def datasets(self) -> list[str]:
        return sorted({s.dataset for s in self.sources})


@functools.lru_cache(maxsize=4096)  # a page decodes the same few texts many times over
def _parse(text: str) -> frozenset[Source]:
    out = set()
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        m = _ENTRY.match(part)
        if not m:
            raise ValueError(f"not a source {part!r}: expected dataset@vintage")
        out.add(Source(m["dataset"], m["vintage"]))
    return frozenset(out)


def _dedupe(sources: Iterable[Source]) -> list[Source]:
    """One entry per (dataset, vintage), keeping a known sha256 over an unknown one."""
    best: dict[tuple[str, str], Source] = {}
    for s in sources:
        k = (s.dataset, s.vintage)
        if k not in best or (s.sha256 and not best[k].sha256):
            best[k] = s
    return list(best.values())


def label_rows(dataset: pd.Series, vintage: pd.Series) -> pd.Series:
    """Per-row text form from a warehouse frame's ``dataset`` and ``vintage`` columns."""
    return dataset.astype(str) + "@" + vintage.astype(str)

"""What a report is made of: pages of blocks; an exhibit is a table with an optional chart.

Sections build these plain objects from the warehouse; ``site`` writes them out. Nothing here does IO.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup

from hemigov.core.provenance import Provenance

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class Exhibit:
    """One published table, and the chart drawn from it when ``spec`` is given.

    ``data`` is the table behind the chart, exactly as exported (CSV, XLSX sheet, data-package resource).
    It carries ``dataset`` and ``vintage`` columns whenever its numbers come from the warehouse; the source
    line is built from them. ``spec`` is a Vega-Lite specification (from Altair) whose data are ``data``.
    """

    id: str
    title: str
    units: str
    data: pd.DataFrame
    alt: str = ""
    spec: dict | None = None
    note: str = ""
    source: str = ""  # filled in from the data's (dataset, vintage) unless a section sets it
    extra_provenance: list[tuple[str, str]] = field(default_factory=list)  # (dataset, vintage) not in the table
    table_rows: int = 400  # rows shown in the HTML table; the CSV always has all of them

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"exhibit id {self.id!r}: use lower-case letters, digits and hyphens")
        if self.spec is not None and not self.alt:
            raise ValueError(f"exhibit {self.id!r}: a chart needs alt text")

    @property
    def is_chart(self) -> bool:
        return self.spec is not None

    def provenance(self) -> list[tuple[str, str]]:
        """The (dataset, vintage) pairs behind this exhibit's numbers."""
        pairs = set(self.extra_provenance)
        if {"dataset", "vintage"} <= set(self.data.columns):
            d = self.data[["dataset", "vintage"]].dropna().drop_duplicates()
            pairs |= {(str(a), str(b)) for a, b in d.itertuples(index=False)}
        if "sources" in self.data.columns:  # derived tables: the one text form of Provenance
            pairs |= set(Provenance.of(self.data).pairs())
        return sorted(pairs)


@dataclass
class Headline:
    """A headline number: label, formatted value, one line of context, and the exhibit it comes from."""

    label: str
    value: str
    detail: str
    exhibit: str = ""


@dataclass
class Prose:
    """Trusted markup written by a section (dynamic values escaped by the section)."""

    html: Markup


@dataclass
class Heading:
    text: str


@dataclass
class Headlines:
    items: list[Headline]


Block = Exhibit | Prose | Heading | Headlines


@dataclass
class Page:
    """One HTML page: ``path`` relative to the site root (``countries/mex.html``)."""

    path: str
    title: str
    section: str
    blocks: list[Block] = field(default_factory=list)
    description: str = ""
    files: dict[str, str] = field(default_factory=dict)  # extra files (path relative to the site root -> text)

    @property
    def exhibits(self) -> list[Exhibit]:
        return [b for b in self.blocks if isinstance(b, Exhibit)]

    @property
    def depth(self) -> int:
        return self.path.count("/")

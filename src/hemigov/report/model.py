"""What a report is made of: pages of blocks; an exhibit is a table for people with an optional chart.

Sections build these plain objects from the series and the public functions of indicators, replication and
effects; ``site`` writes them out. Nothing here does IO.

An exhibit's ``data`` is the frame it was computed from (machine column names, a ``sources`` column: provenance is
never dropped); its ``columns`` say which columns a reader sees, in which order, under which human header and
written as which kind of number (:mod:`hemigov.style.numbers`). The HTML table, the CSV, the XLSX sheet and the
data-package resource all show exactly those columns under those headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup

from hemigov.core.provenance import COLUMN, Provenance
from hemigov.style import numbers

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: Header of the per-row provenance column, shown only when an exhibit's rows come from different files.
SOURCES_HEADER = "Sources (dataset@release)"


@dataclass(frozen=True)
class Col:
    """One published column: the frame's ``key``, the ``header`` a reader sees (with its unit) and the ``kind``
    of number (:data:`hemigov.style.numbers.KINDS`; guessed from the key when empty)."""

    key: str
    header: str
    kind: str = ""


#: Kinds whose values are exported as written in percent (the header says so).
_PERCENT_KINDS = {"share", "percent"}


@dataclass
class Exhibit:
    """One published table, and the chart drawn from it when ``spec`` is given."""

    id: str
    title: str
    units: str
    data: pd.DataFrame
    columns: list[Col]
    alt: str = ""
    spec: dict | None = None
    note: str = ""
    source: str = ""  # the source line; filled in from the provenance by the builder
    extra: Provenance = field(default_factory=Provenance)  # sources of numbers not in the table (e.g. a chart's)
    table_rows: int = 400  # rows shown in the HTML table; the CSV always has all of them
    static: bool = True  # draw a static SVG and PNG at build time (country pages: only with images="all")
    open_table: bool | None = None  # show the table unfolded (default: when there is no chart)
    styles: dict[str, str] = field(default_factory=dict)  # column key -> data column whose value is the cell's class

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"exhibit {self.id!r}: use lower-case letters, digits and hyphens")
        if self.spec is not None and not self.alt:
            raise ValueError(f"exhibit {self.id!r}: a chart needs alt text")
        if len(self.data) and COLUMN not in self.data.columns:
            raise ValueError(f"exhibit {self.id!r}: the table has no {COLUMN!r} column (provenance is never dropped)")
        missing = [c.key for c in self.columns if c.key not in self.data.columns]
        if missing:
            raise ValueError(f"exhibit {self.id!r}: no column {missing[0]!r} in its data")
        headers = [c.header for c in self.columns]
        if len(set(headers)) != len(headers):
            raise ValueError(f"exhibit {self.id!r}: two columns share a header")
        self.columns = [c if c.kind else Col(c.key, c.header, numbers.kind_of(c.key, self.data[c.key]))
                        for c in self.columns]
        for c in self.columns:
            if c.kind not in numbers.KINDS:
                raise ValueError(f"exhibit {self.id!r}: unknown kind {c.kind!r} for {c.key!r}")
            if c.kind in _PERCENT_KINDS and "%" not in c.header:
                raise ValueError(f"exhibit {self.id!r}: the header of {c.key!r} must say % ({c.header!r})")

    @property
    def is_chart(self) -> bool:
        return self.spec is not None

    def provenance(self) -> Provenance:
        """The files behind this exhibit's numbers."""
        return Provenance.of(self.data, self.extra)

    @property
    def per_row_sources(self) -> bool:
        """Rows come from different files: the published table names each row's sources."""
        return COLUMN in self.data.columns and self.data[COLUMN].nunique(dropna=True) > 1

    def published_columns(self) -> list[Col]:
        cols = list(self.columns)
        if self.per_row_sources:
            cols.append(Col(COLUMN, SOURCES_HEADER, "text"))
        return cols

    def cells(self, limit: int | None = None) -> list[list[str]]:
        """The table's cells as people read them (one formatter: :func:`hemigov.style.numbers.fmt`)."""
        cols = self.published_columns()
        d = self.data if limit is None else self.data.head(limit)
        out = [[numbers.fmt(v, c.kind) for v in d[c.key]] for c in cols]
        return [list(r) for r in zip(*out, strict=True)] if out else []

    def classes(self, limit: int | None = None) -> list[list[str]]:
        """CSS classes per cell (from ``styles``: e.g. a status column colouring its value's cell)."""
        cols = self.published_columns()
        d = self.data if limit is None else self.data.head(limit)
        out = [[f"st-{v}" if isinstance(v, str) else "" for v in d[self.styles[c.key]]] if c.key in self.styles
               else [""] * len(d) for c in cols]
        return [list(r) for r in zip(*out, strict=True)] if out else []

    def export_frame(self) -> pd.DataFrame:
        """The table as exported (CSV, XLSX, data package): the same columns and headers as the page, values
        machine-readable (counts whole, years plain, shares in percent, dates without times)."""
        cols = self.published_columns()
        return pd.DataFrame({c.header: export_values(self.data[c.key], c.kind) for c in cols})


def export_values(s: pd.Series, kind: str) -> pd.Series:
    """One column's values for the exports, by kind."""
    s = s.reset_index(drop=True)
    if kind in ("count", "year"):
        return pd.to_numeric(s, errors="coerce").round().astype("Int64")
    if kind == "share":
        return (100 * pd.to_numeric(s, errors="coerce")).round(4)
    if kind in ("percent", "ratio"):
        return pd.to_numeric(s, errors="coerce").round(4)
    if kind == "usd_m":
        return pd.to_numeric(s, errors="coerce").round(2)
    if kind == "usd":
        return pd.to_numeric(s, errors="coerce").round(0)
    if kind == "number":
        return pd.to_numeric(s, errors="coerce").round(6)
    if kind == "date":
        return pd.Series([numbers.fmt(v, "date") if not numbers.missing(v) else None for v in s], dtype="string")
    return pd.Series([None if numbers.missing(v) else numbers.text(v) for v in s], dtype="string")


@dataclass
class Headline:
    """A headline number: label, formatted value, one line of context (naming the release), and its exhibit."""

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
    id: str = ""


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
    provenance: Provenance = field(default_factory=Provenance)  # sources named in prose, not in an exhibit

    @property
    def exhibits(self) -> list[Exhibit]:
        return [b for b in self.blocks if isinstance(b, Exhibit)]

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def sources(self) -> Provenance:
        return Provenance.of(self.provenance, *(e.provenance() for e in self.exhibits))

"""What every section reads besides the series: the loaded datasets, country names, and the one way to name a
source (:func:`hemigov.series.catalogue.describe`), memoised for the build."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from hemigov.core import meta
from hemigov.core.provenance import Provenance
from hemigov.series import catalogue, reference

#: Package datasets holding the paper's printed values: their source lines name the paper itself.
PAPER_PREFIX = "paper."


@dataclass
class Context:
    """Shared lookups for one build. ``notes`` collects remarks for the Data and methods page."""

    version: str = meta.VERSION
    notes: list[str] = field(default_factory=list)
    _described: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @cached_property
    def datasets(self) -> pd.DataFrame:
        """The loaded datasets in their current release (one row each)."""
        d = catalogue.datasets()
        return d[d.is_current].sort_values(["dataset", "vintage"]).reset_index(drop=True)

    @cached_property
    def countries(self) -> pd.DataFrame:
        return reference.countries()

    @cached_property
    def names(self) -> dict[str, str]:
        c = self.countries
        return dict(zip(c.iso3, c.name, strict=True))

    def name(self, iso3: str) -> str:
        return self.names.get(iso3, iso3)

    def describe(self, prov: Provenance) -> pd.DataFrame:
        """:func:`catalogue.describe`, once per distinct provenance in a build."""
        key = prov.text()
        if key not in self._described:
            self._described[key] = catalogue.describe(prov)
        return self._described[key]

    def source_line(self, prov: Provenance) -> str:
        """Every source of ``prov``, grouped by publisher: ``Publisher: Title (release V), Title (release V); …``
        (the page footer lists each with its sha256 and licence)."""
        groups: dict[str, list[str]] = {}
        for r in self.describe(prov).itertuples(index=False):
            if not isinstance(r.publisher, str) or not r.publisher:
                groups.setdefault(r.dataset, []).append(f"release {r.vintage}")
            elif str(r.dataset).startswith(PAPER_PREFIX):
                p = meta.paper()
                groups.setdefault(f"{p.author_text} ({p.year}), as printed (release {r.vintage})", []).append(
                    str(r.title))
            else:
                groups.setdefault(r.publisher, []).append(f"{r.title} (release {r.vintage})")
        return "; ".join(f"{k}: {', '.join(_years_collapsed(v))}" for k, v in groups.items())

    def source_items(self, prov: Provenance) -> list[dict]:
        """Each source with its label, dataset, release, sha256 and licence (page footers, methods page)."""
        return [{"label": source_label(r), "dataset": r.dataset, "vintage": r.vintage,
                 "sha256": r.sha256 if isinstance(r.sha256, str) else "",
                 "licence": r.licence if isinstance(r.licence, str) else ""}
                for r in self.describe(prov).itertuples(index=False)]


_PER_YEAR = re.compile(r"^(?P<title>.*), programme year (?P<year>\d{4}) \(release (?P<release>[^)]*)\)$")


def _years_collapsed(items: list[str]) -> list[str]:
    """One item for files that differ only by programme year (UNHCR's IATI files, one per year):
    ``Title, programme years 2016-2023 (release 2024-02)``; the footer still lists every file."""
    out: list[str] = []
    years: dict[tuple[str, str], list[int]] = {}
    for item in items:
        m = _PER_YEAR.match(item)
        if m is None:
            out.append(item)
            continue
        key = (m["title"], m["release"])
        if key not in years:
            years[key] = []
            out.append(key)  # placeholder, kept in reading order
        years[key].append(int(m["year"]))
    def text(k) -> str:
        ys = sorted(years[k])
        span = f"{ys[0]}–{ys[-1]}" if ys == list(range(ys[0], ys[-1] + 1)) else ", ".join(map(str, ys))
        return f"{k[0]}, programme year{'s' if len(ys) > 1 else ''} {span} (release {k[1]})"
    return [text(i) if isinstance(i, tuple) else i for i in out]


def source_label(r) -> str:
    """One source as a reader sees it: publisher, dataset title, release — the paper's transcriptions name the
    paper (author, year, title) rather than the warehouse's placeholder publisher."""
    if not isinstance(r.publisher, str) or not r.publisher:
        return f"{r.dataset} (release {r.vintage})"
    if str(r.dataset).startswith(PAPER_PREFIX):
        p = meta.paper()
        return f"{p.author_text} ({p.year}), {p.title}: {r.title} (as printed; hemigov transcription {r.vintage})"
    return f"{r.publisher}, {r.title} (release {r.vintage})"

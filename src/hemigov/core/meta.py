"""Who hemigov is and what it replicates, from one source each: the version from the installed package's
metadata, citation data (hemigov's and the paper's) from CITATION.cff, read once.

``src/hemigov/data/CITATION.cff`` is a link to the repository's CITATION.cff, so the wheel ships the same file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import metadata

import yaml

from hemigov.core.paths import PACKAGE_DATA

VERSION: str = metadata.version("hemigov")


@dataclass(frozen=True)
class Work:
    """A citable work: hemigov itself or the paper."""

    authors: tuple[str, ...]  # "Family, Given" or an organisation's name
    title: str
    year: str
    kind: str  # software | report
    version: str = ""
    date: str = ""
    series: str = ""
    number: str = ""
    institution: str = ""
    place: str = ""
    issn: str = ""
    url: str = ""
    licence: str = ""

    @property
    def author_text(self) -> str:
        """APA-style author list: 'Smith, C. D.' for people, the name for organisations."""
        out = []
        for a in self.authors:
            if ", " in a:
                family, given = a.split(", ", 1)
                out.append(f"{family}, " + " ".join(f"{g[0]}." for g in given.split()))
            else:
                out.append(a)
        return ", ".join(out)

    def apa(self) -> str:
        if self.kind == "software":
            return f"{self.author_text}. ({self.year}). {self.title} (Version {self.version}) [Computer software]."
        where = f" ({self.series} No. {self.number})" if self.number else ""
        inst = f" {self.institution}." if self.institution else ""
        url = f" {self.url}" if self.url else ""
        return f"{self.author_text} ({self.year}). {self.title}{where}.{inst}{url}"


@cache
def _cff() -> dict:
    return yaml.safe_load((PACKAGE_DATA / "CITATION.cff").read_text(encoding="utf-8"))


def _people(items: list[dict]) -> tuple[str, ...]:
    out = []
    for a in items:
        if "family-names" in a:
            out.append(f"{a['family-names']}, {a.get('given-names', '')}".strip(", "))
        else:
            out.append(str(a.get("name", "")))
    return tuple(out)


@cache
def hemigov() -> Work:
    c = _cff()
    date = str(c.get("date-released", ""))
    return Work(authors=_people(c.get("authors", [])), title=str(c["title"]), year=date[:4], kind="software",
                version=VERSION, date=date, licence=str(c.get("license", "")), url=str(c.get("repository-code", "")))


@cache
def paper() -> Work:
    """The paper hemigov replicates (the first reference of CITATION.cff)."""
    r = _cff()["references"][0]
    inst = r.get("institution", {})
    return Work(authors=_people(r.get("authors", [])), title=str(r["title"]), year=str(r.get("year", "")),
                kind="report", series=str(r.get("collection-title", "")), number=str(r.get("number", "")),
                institution=str(inst.get("name", "")), place=str(inst.get("city", "")), issn=str(r.get("issn", "")),
                url=str(r.get("url", "")), licence=str(r.get("license", "")),
                date=f"{r.get('year', '')}-{int(r.get('month', 1)):02d}")

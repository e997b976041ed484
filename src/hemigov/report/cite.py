"""'Cite this': APA and BibTeX for hemigov, for the paper it replicates, and for each dataset behind the report.

hemigov's and the paper's citation data come from CITATION.cff (:mod:`hemigov.core.meta`); each dataset's from
the warehouse catalogue (:func:`hemigov.series.catalogue.describe`).
"""

from __future__ import annotations

import re

from hemigov.core import meta
from hemigov.report.context import PAPER_PREFIX, source_label

PAPER_KEY = "smith2020extraction"


def _bib_escape(s: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", str(s)).replace("~", r"\textasciitilde{}")


def _year(vintage: str) -> str:
    m = re.match(r"(\d{4})", str(vintage))
    return m.group(1) if m else "n.d."


def _authors(work: meta.Work) -> str:
    """BibTeX author list: people as 'Family, Given', organisations braced."""
    return " and ".join(a if ", " in a else f"{{{a}}}" for a in work.authors)


def hemigov_apa(version: str) -> str:
    h = meta.hemigov()
    return f"{h.author_text}. ({h.year}). {h.title} (Version {version}) [Computer software]."


def hemigov_bibtex(version: str) -> str:
    h = meta.hemigov()
    return (f"@software{{hemigov,\n  author = {{{_authors(h)}}},\n  title = {{{_bib_escape(h.title)}}},\n"
            f"  version = {{{version}}},\n  year = {{{h.year}}},\n  date = {{{h.date}}},\n"
            f"  license = {{{h.licence}}}\n}}")


def paper_apa() -> str:
    return meta.paper().apa()


def paper_bibtex() -> str:
    p = meta.paper()
    month = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"][int(p.date[5:7]) - 1]
    fields = {"author": _authors(p), "title": _bib_escape(p.title), "institution": _bib_escape(p.institution),
              "address": _bib_escape(p.place), "type": "Working Paper", "number": _bib_escape(p.number),
              "series": _bib_escape(p.series), "year": p.year, "issn": p.issn, "url": p.url}
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    return f"@techreport{{{PAPER_KEY},\n{body},\n  month = {month}\n}}"


def dataset_key(dataset: str, vintage: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", f"{dataset}_{vintage}").strip("_").lower()


def dataset_apa(r) -> str:
    if str(r.dataset).startswith(PAPER_PREFIX):
        return f"{source_label(r)}. Licence: {r.licence}. See {meta.paper().apa()}"
    url = f" {r.source_url}" if isinstance(r.source_url, str) and r.source_url else ""
    return f"{r.publisher}. ({_year(r.vintage)}). {r.title} [Data set; release {r.vintage}; {r.licence}].{url}"


def dataset_bibtex(r) -> str:
    """A dataset as @misc; the paper's printed values (``paper.*``) are credited to the paper's author, with a
    cross-reference to the paper's own entry."""
    if str(r.dataset).startswith(PAPER_PREFIX):
        author, extra = _authors(meta.paper()), {"crossref": PAPER_KEY}
        title = f"{r.title} (as printed in {meta.paper().author_text} {meta.paper().year}; hemigov transcription)"
    else:
        author, extra, title = f"{{{r.publisher}}}", {}, r.title
    fields = {"author": author, "title": _bib_escape(title), "year": _year(r.vintage),
              "version": _bib_escape(r.vintage),
              "note": _bib_escape(f"Dataset {r.dataset}, file {r.file}, sha256 {r.sha256}; licence: {r.licence}"),
              **extra}
    if str(r.source_url or "").startswith(("http://", "https://")):
        fields["url"] = r.source_url
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@misc{{{dataset_key(r.dataset, r.vintage)},\n{body}\n}}"

"""'Cite this': APA and BibTeX for hemigov and for each official dataset behind the report."""

from __future__ import annotations

import re

TITLE = "hemigov: Canada and the Western hemisphere's displacement crises, as checkable software"
AUTHORS = "hemigov contributors"
RELEASED = "2026-11-25"  # as in CITATION.cff (a test checks that they agree)
REPOSITORY = ""  # no public URL yet


def _bib_escape(s: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", str(s)).replace("~", r"\textasciitilde{}")


def _year(vintage: str) -> str:
    m = re.match(r"(\d{4})", str(vintage))
    return m.group(1) if m else "n.d."


def hemigov_apa(version: str) -> str:
    return f"{AUTHORS}. ({RELEASED[:4]}). {TITLE} (Version {version}) [Computer software]."


def hemigov_bibtex(version: str) -> str:
    return (f"@software{{hemigov,\n  author = {{{{{AUTHORS}}}}},\n  title = {{{_bib_escape(TITLE)}}},\n"
            f"  version = {{{version}}},\n  year = {{{RELEASED[:4]}}},\n  date = {{{RELEASED}}},\n"
            f"  license = {{MIT}}\n}}")


def dataset_key(dataset: str, vintage: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", f"{dataset}_{vintage}").strip("_").lower()


def dataset_apa(row) -> str:
    url = f" {row.source_url}" if row.source_url else ""
    return (f"{row.publisher}. ({_year(row.vintage)}). {row.title} [Data set; release {row.vintage}; "
            f"{row.licence}].{url}")


def dataset_bibtex(row) -> str:
    fields = {"author": f"{{{_bib_escape(row.publisher)}}}", "title": _bib_escape(row.title),
              "year": _year(row.vintage), "version": _bib_escape(row.vintage),
              "note": _bib_escape(f"Dataset {row.dataset}, file {row.file}, sha256 {row.sha256}; "
                                  f"licence: {row.licence}")}
    if str(row.source_url or "").startswith(("http://", "https://")):
        fields["url"] = row.source_url
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@misc{{{dataset_key(row.dataset, row.vintage)},\n{body}\n}}"

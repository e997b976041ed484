"""Exports of every exhibit's table: CSV files, one XLSX workbook with a cover sheet, and a Frictionless data
package. All three carry the page's columns under the page's human headers (:meth:`Exhibit.export_frame`) and
name their sources through :func:`hemigov.series.catalogue.describe` (via :class:`Context`)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from hemigov.core import meta
from hemigov.core.provenance import Provenance
from hemigov.report import xlsx
from hemigov.report.context import Context, source_label
from hemigov.report.model import Exhibit

#: (pattern in the publisher's licence text, Frictionless licence record)
LICENCES = [
    (r"CC BY 4\.0", {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                     "path": "https://creativecommons.org/licenses/by/4.0/"}),
    (r"CC BY 3\.0 IGO", {"name": "CC-BY-3.0-IGO", "title": "Creative Commons Attribution 3.0 IGO",
                         "path": "https://creativecommons.org/licenses/by/3.0/igo/"}),
    (r"Open Government Licence", {"name": "OGL-Canada-2.0", "title": "Open Government Licence - Canada",
                                  "path": "https://open.canada.ca/en/open-government-licence-canada"}),
    (r"^MIT", {"name": "MIT", "title": "MIT License (hemigov reference data)",
               "path": "https://opensource.org/license/mit"}),
    (r"cite the paper", {"name": "CC-BY-NC-ND-2.5-CA",
                         "title": "The paper's licence: Creative Commons Attribution-NonCommercial-NoDerivs 2.5 "
                                  "Canada (facts quoted with attribution)",
                         "path": "https://creativecommons.org/licenses/by-nc-nd/2.5/ca/"}),
    (r"public (sources|pages)", {"name": "facts-with-attribution",
                                 "title": "Facts compiled from public pages; each row cites its source",
                                 "path": "methods.html#licences"}),
]


def csv_text(df: pd.DataFrame) -> str:
    return df.to_csv(index=False, lineterminator="\n")


def licence_record(text: str) -> dict:
    for pat, rec in LICENCES:
        if re.search(pat, str(text)):
            return dict(rec)
    return {"name": "see-source", "title": str(text), "path": "methods.html#licences"}


def _field_type(s: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(s):
        return "boolean"
    if pd.api.types.is_integer_dtype(s):
        return "integer"
    if pd.api.types.is_float_dtype(s):
        return "number"
    return "string"


def _name(ex_id: str) -> str:
    return ex_id  # exhibit ids are already lower-case letters, digits and hyphens


def source_record(r) -> dict:
    rec = {"title": source_label(r), "dataset": r.dataset, "version": r.vintage}
    if isinstance(r.sha256, str) and r.sha256:
        rec["sha256"] = r.sha256
    if isinstance(r.licence, str) and r.licence:
        rec["licence"] = r.licence
    if isinstance(r.source_url, str) and r.source_url.startswith(("http://", "https://")):
        rec["path"] = r.source_url
    return rec


def paper_record() -> dict:
    p = meta.paper()
    return {"authors": list(p.authors), "title": p.title, "year": p.year, "series": p.series, "number": p.number,
            "institution": p.institution, "issn": p.issn, "url": p.url, "licence": p.licence, "citation": p.apa()}


def datapackage(exhibits: list[Exhibit], frames: dict[str, pd.DataFrame], ctx: Context, fingerprint: str) -> dict:
    """A Frictionless Data Package descriptor: one tabular resource per exhibit (its CSV, schema, sources and
    licences), the paper it replicates, hemigov's version and every dataset of the build."""
    resources, used = [], {}
    for ex in exhibits:
        described = ctx.describe(ex.provenance())
        lic = []
        for r in described.itertuples(index=False):
            rec = licence_record(r.licence)
            used[rec["name"]] = rec
            if rec not in lic:
                lic.append(rec)
        df = frames[ex.id]
        res = {"name": _name(ex.id), "path": f"data/{ex.id}.csv", "profile": "tabular-data-resource",
               "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "title": ex.title,
               "description": ex.units + (f". Note: {ex.note}" if ex.note else ""),
               "schema": {"fields": [{"name": str(c), "type": _field_type(df[c])} for c in df.columns]},
               "sources": [source_record(r) for r in described.itertuples(index=False)],
               "licenses": lic}
        resources.append(res)
    hemi = meta.hemigov()
    every = ctx.describe(Provenance.of(*(f"{r.dataset}@{r.vintage}" for r in ctx.datasets.itertuples())))
    return {"profile": "tabular-data-package", "name": "hemigov-report",
            "title": f"hemigov report: the tables behind a replication of {meta.paper().author_text} "
                     f"({meta.paper().year})",
            "version": ctx.version,
            "description": f"Every table behind the hemigov report's charts and indicators. The report replicates "
                           f"and updates {meta.paper().apa()}",
            "keywords": ["refugees", "asylum", "resettlement", "Canada", "responsibility-sharing"],
            "contributors": [{"title": a, "role": "author"} for a in hemi.authors],
            "hemigov": {"version": ctx.version, "citation": hemi.apa(), "licence": hemi.licence,
                        "build_fingerprint": fingerprint},
            "paper": paper_record(),
            "licenses": sorted(used.values(), key=lambda r: r["name"]),
            "sources": [source_record(r) for r in every.itertuples(index=False)],
            "resources": resources}


def validate_package(path: Path) -> list[str]:
    """Validate a written ``datapackage.json`` with the Frictionless library (descriptor, every resource's schema
    against its CSV, licences): one line per error, none when valid."""
    from frictionless import validate

    report = validate(path)
    return [f"{t.name}: {e.message}" for t in report.tasks for e in t.errors] + \
        [e.message for e in getattr(report, "errors", [])]


def _sheet_names(exhibits: list[Exhibit]) -> list[str]:
    names, seen = [], {"about", "contents"}
    for i, ex in enumerate(exhibits, start=1):
        base = re.sub(r"[\[\]:*?/\\]", "-", ex.id)[:31]
        name = base if base not in seen else f"{base[:25]}-{i}"
        seen.add(name)
        names.append(name)
    return names


def _xl(v):
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item"):
        v = v.item()
    return v


def write_xlsx(exhibits: list[Exhibit], frames: dict[str, pd.DataFrame], ctx: Context, path: Path) -> None:
    """One workbook: a cover sheet ``about`` (the paper's citation, hemigov's version, every dataset and release), a
    contents sheet, then one sheet per exhibit (the page's headers, then the table)."""
    p = meta.paper()
    about = [["hemigov report: the tables"], [],
             ["Replicates", p.apa()], ["Paper's licence", p.licence],
             ["Built by", hemigov_citation(ctx.version)], ["hemigov version", ctx.version],
             ["Data", "Each sheet's sources are in the contents sheet; every dataset and release is listed below with "
                      "its checksum and licence. Data keep their publishers' licences."], [],
             ["Dataset", "Release", "Source", "sha256", "Licence"]]
    every = ctx.describe(Provenance.of(*(f"{r.dataset}@{r.vintage}" for r in ctx.datasets.itertuples())))
    about += [[r.dataset, r.vintage, source_label(r), r.sha256, r.licence] for r in every.itertuples(index=False)]
    names = _sheet_names(exhibits)
    toc = [["Sheet", "Exhibit", "Title", "Units", "Source", "CSV"]]
    toc += [[name, ex.id, ex.title, ex.units, ex.source, f"data/{ex.id}.csv"]
            for name, ex in zip(names, exhibits, strict=True)]
    sheets = [("about", about, {0, 8}), ("contents", toc, {0})]
    for name, ex in zip(names, exhibits, strict=True):
        df = frames[ex.id]
        cols = [df[c].tolist() for c in df.columns]
        rows = [[str(c) for c in df.columns], *([_xl(v) for v in r] for r in zip(*cols, strict=True))]
        sheets.append((name, rows, {0}))
    xlsx.write(path, sheets)


def hemigov_citation(version: str) -> str:
    h = meta.hemigov()
    return f"{h.author_text}. ({h.year}). {h.title} (Version {version}) [Computer software]."

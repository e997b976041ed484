"""Exports of every exhibit's table: CSV files, one XLSX workbook, and a Frictionless data package."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from hemigov.report.model import Exhibit

LICENCES = [  # (pattern in the publisher's licence text, Frictionless licence record)
    (r"CC BY 4\.0", {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                     "path": "https://creativecommons.org/licenses/by/4.0/"}),
    (r"CC BY 3\.0 IGO", {"name": "CC-BY-3.0-IGO", "title": "Creative Commons Attribution 3.0 IGO",
                         "path": "https://creativecommons.org/licenses/by/3.0/igo/"}),
    (r"Open Government Licence", {"name": "OGL-Canada-2.0", "title": "Open Government Licence - Canada",
                                  "path": "https://open.canada.ca/en/open-government-licence-canada"}),
]


def csv_text(df: pd.DataFrame) -> str:
    return df.to_csv(index=False, lineterminator="\n")


def licence_record(text: str) -> dict:
    for pat, rec in LICENCES:
        if re.search(pat, str(text)):
            return dict(rec)
    return {"title": str(text)}


def _field_type(s: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(s):
        return "boolean"
    if pd.api.types.is_integer_dtype(s):
        return "integer"
    if pd.api.types.is_float_dtype(s):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(s):
        return "datetime"
    if s.dropna().map(lambda v: hasattr(v, "isoformat") and not hasattr(v, "hour")).all() and s.notna().any():
        return "date"
    return "string"


def datapackage(exhibits: list[Exhibit], datasets: pd.DataFrame, version: str, fingerprint: str) -> dict:
    """A Frictionless Data Package descriptor: one tabular resource per exhibit, with sources and licences."""
    by_key = {(r.dataset, r.vintage): r for r in datasets.itertuples(index=False)}

    def source(d: str, v: str) -> dict:
        r = by_key.get((d, v))
        if r is None:
            return {"title": f"{d} (release {v})"}
        rec = {"title": f"{r.publisher}: {r.title} (release {v})", "version": v, "citation": r.citation,
               "sha256": r.sha256, "dataset": d}
        if r.source_url:
            rec["path"] = r.source_url
        return rec

    resources, used = [], {}
    for ex in exhibits:
        prov = ex.provenance()
        lic = []
        for d, v in prov:
            r = by_key.get((d, v))
            if r is not None:
                rec = licence_record(r.licence)
                used[rec.get("name", rec["title"])] = rec
                if rec not in lic:
                    lic.append(rec)
        res = {"name": ex.id, "path": f"data/{ex.id}.csv", "profile": "tabular-data-resource", "format": "csv",
               "mediatype": "text/csv", "encoding": "utf-8", "title": ex.title, "description": ex.units,
               "schema": {"fields": [{"name": str(c), "type": _field_type(ex.data[c])} for c in ex.data.columns]},
               "sources": [source(d, v) for d, v in prov] or [{"title": ex.source}]}
        if lic:
            res["licenses"] = lic
        resources.append(res)
    return {"profile": "tabular-data-package", "name": "hemigov-report", "title": "hemigov report: tables",
            "version": version, "description": "Every table behind the hemigov report's charts and indicators.",
            "homepage": "index.html", "keywords": ["refugees", "asylum", "resettlement", "Canada", "Americas"],
            "hemigov_fingerprint": fingerprint,
            "licenses": sorted(used.values(), key=lambda r: r.get("name", r["title"])),
            "sources": [source(r.dataset, r.vintage) for r in datasets.itertuples(index=False)],
            "resources": resources}


def _sheet_names(exhibits: list[Exhibit]) -> list[str]:
    names, seen = [], set()
    for i, ex in enumerate(exhibits, start=1):
        base = re.sub(r"[\[\]:*?/\\]", "-", ex.id)[:26]
        name = base if base not in seen else f"{base[:22]}-{i}"
        seen.add(name)
        names.append(name)
    return names


def _xl(v):
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    return v


def write_xlsx(exhibits: list[Exhibit], path: Path) -> None:
    """One workbook: a contents sheet, then one sheet per exhibit (header row, then the table)."""
    wb = Workbook(write_only=True)
    names = _sheet_names(exhibits)
    toc = wb.create_sheet("contents")
    toc.append(["sheet", "exhibit", "title", "units", "source", "csv"])
    for name, ex in zip(names, exhibits, strict=True):
        toc.append([name, ex.id, ex.title, ex.units, ex.source, f"data/{ex.id}.csv"])
    for name, ex in zip(names, exhibits, strict=True):
        ws = wb.create_sheet(name)
        ws.append([str(c) for c in ex.data.columns])
        for row in ex.data.itertuples(index=False):
            ws.append([_xl(v) for v in row])
    wb.save(path)

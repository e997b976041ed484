"""DataFrames to HTTP responses: a JSON envelope (rows, paging, provenance) or CSV, with field selection, sorting
and bounded pages.

Provenance has one door: :func:`sources` reads every ``sources`` column of a frame (``sources``,
``paper_sources`` …) with :meth:`Provenance.of` and names each file through
:func:`hemigov.series.catalogue.describe` (dataset, vintage, sha256, publisher, title, licence, citation, URL),
for the JSON envelopes and the page footers alike.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np
import pandas as pd
from fastapi.responses import Response

from hemigov.core.errors import unknown
from hemigov.core.provenance import COLUMN, Provenance
from hemigov.series import catalogue

#: Largest page a list endpoint returns (``limit``); the default page.
MAX_LIMIT = 10_000
DEFAULT_LIMIT = 1_000


class CsvResponse(Response):
    media_type = "text/csv"


ERROR_SCHEMA = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["status", "message"],
    "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}}}


def _err(description: str) -> dict:
    # Explicit content: errors are JSON even on the CSV routes.
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


ERROR_RESPONSES: dict = {
    400: _err("Bad parameter (unknown name, field or sort key, repeated, malformed, outside the data, empty "
              "selection); the message names the closest valid choice."),
    404: _err("Unknown country, grouping, dataset, indicator or case in the path."),
    414: _err("Query string longer than 4,000 characters."),
    422: _err("A parameter fails its declared type, choices or bounds."),
    503: _err("Too many computations queued: retry shortly."),
    504: _err("The computation took longer than the request timeout."),
}

SOURCE_SCHEMA = {"type": "object", "properties": {k: {"type": ["string", "null"]} for k in catalogue.DESCRIBED}}
ENVELOPE_SCHEMA = {"type": "object", "required": ["total", "offset", "limit", "count", "sources", "data"],
                   "properties": {"total": {"type": "integer"}, "offset": {"type": "integer"},
                                  "limit": {"type": "integer"}, "count": {"type": "integer"},
                                  "next": {"type": ["string", "null"]}, "previous": {"type": ["string", "null"]},
                                  "columns": {"type": "array", "items": {"type": "string"}},
                                  "sort": {"type": "array", "items": {"type": "string"}},
                                  "sources": {"type": "array", "items": SOURCE_SCHEMA},
                                  "warehouse": {"type": "string"}, "data": {"type": "array"}}}
#: A list endpoint's 200: the JSON envelope or, with ``format=csv`` / ``.csv``, CSV rows.
TABLE_RESPONSES: dict = {200: {"description": "The rows: a JSON envelope (total, offset, limit, count, next, previous, "
                                              "columns, sort, sources, warehouse, data) or CSV.",
                               "content": {"application/json": {"schema": ENVELOPE_SCHEMA},
                                           "text/csv": {"schema": {"type": "string"}}}}}


# -- provenance -----------------------------------------------------------------------------------------------
def provenance(df: pd.DataFrame) -> Provenance:
    """Every file behind a frame: the union of its ``sources`` and ``*_sources`` columns."""
    cols = [c for c in df.columns if c == COLUMN or str(c).endswith("_" + COLUMN)]
    if not cols:
        return Provenance.of(df)  # raises for a non-empty frame: provenance is never dropped
    return Provenance.of(*(str(t) for c in cols for t in df[c].dropna().unique()))


def describe(prov: Provenance) -> list[dict]:
    """Each source with its sha256, licence, citation and address (``hemigov.series.catalogue.describe``)."""
    if not prov:
        return []
    return [{k: _plain(v) for k, v in r.items()} for r in catalogue.described(prov)]


def sources(*frames: pd.DataFrame) -> list[dict]:
    """:func:`describe` of every file behind the frames."""
    return describe(Provenance.of(*map(provenance, frames)))


def _plain(v):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    return str(v) if not isinstance(v, (int, float, bool)) else v


# -- pages, fields, sorting -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    """The validated paging, field and sort choice of one list request."""

    offset: int = 0
    limit: int = DEFAULT_LIMIT
    fields: tuple[str, ...] = ()
    sort: tuple[str, ...] = ()

    @classmethod
    def parse(cls, offset: int, limit: int, fields: str | None, sort: str | None) -> Page:
        def items(text):
            return tuple(x.strip() for x in (text or "").split(",") if x.strip())
        return cls(offset, limit, items(fields), items(sort))

    def apply(self, df: pd.DataFrame, keep: tuple[str, ...] = ()) -> pd.DataFrame:
        """Sorted (stable; missing values last), fields chosen (and the ``keep`` columns the frame has);
        unknown names are bad input with the closest."""
        cols = [str(c) for c in df.columns]
        if self.sort:
            keys, asc = [], []
            for s in self.sort:
                name = s[1:] if s.startswith(("-", "+")) else s
                if name not in cols:
                    raise unknown("sort field", name, cols, where="sort")
                keys.append(name)
                asc.append(not s.startswith("-"))
            df = df.sort_values(keys, ascending=asc, kind="mergesort", na_position="last", ignore_index=True)
        if self.fields:
            for f in self.fields:
                if f not in cols:
                    raise unknown("field", f, cols, where="fields")
            df = df[list(dict.fromkeys([*self.fields, *(k for k in keep if k in cols)]))]
        return df

    def links(self, path: str, params: dict[str, str], total: int) -> tuple[str | None, str | None]:
        def at(offset: int) -> str:
            q = {k: v for k, v in params.items() if k != "offset"}
            if offset:
                q["offset"] = str(offset)
            return path + ("?" + urlencode(q) if q else "")
        nxt = at(self.offset + self.limit) if self.offset + self.limit < total else None
        prev = at(max(0, self.offset - self.limit)) if self.offset > 0 else None
        return nxt, prev


def records_json(df: pd.DataFrame) -> str:
    """Rows as a JSON list (NaN -> null, dates ISO)."""
    return df.to_json(orient="records", date_format="iso", force_ascii=False, double_precision=15)


def render_table(df: pd.DataFrame, *, fmt: str, page: Page = Page(), filename: str = "data", meta: dict | None = None,
                 fingerprint: str = "", path: str = "", params: dict[str, str] | None = None
                 ) -> tuple[bytes, str, dict]:
    """(body, media type, headers). ``fmt='json'``: ``{"total", "offset", "limit", "count", "next", "previous",
    "columns", "sort", "sources", "warehouse", ...meta, "data"}``; ``fmt='csv'``: the page as CSV, its
    ``sources`` column always kept. Rendered once per cached result and page (the server memoises it)."""
    prov = provenance(df)
    shown = page.apply(df, keep=(COLUMN,) if fmt == "csv" else ())  # a CSV row never loses its sources
    part = shown.iloc[page.offset: page.offset + page.limit]
    if fmt == "csv":
        buf = io.StringIO()
        part.to_csv(buf, index=False)
        return (buf.getvalue().encode("utf-8"), "text/csv; charset=utf-8",
                {"Content-Disposition": f'attachment; filename="{filename}.csv"'})
    nxt, prev = page.links(path, params or {}, len(shown))
    head = {"total": len(shown), "offset": page.offset, "limit": page.limit, "count": len(part), "next": nxt,
            "previous": prev, "columns": [str(c) for c in shown.columns], "sort": list(page.sort),
            "sources": describe(prov), "warehouse": fingerprint, **(meta or {})}
    body = json.dumps(head, ensure_ascii=False, default=str)[:-1] + ', "data": ' + records_json(part) + "}"
    return body.encode("utf-8"), "application/json", {}


def response(rendered: tuple[bytes, str, dict]) -> Response:
    body, media_type, headers = rendered
    return Response(body, media_type=media_type, headers=dict(headers))


def jsonable(v):
    """Plain JSON values from a result dict (DataFrames -> records, NaN/inf -> null, numpy -> Python)."""
    if isinstance(v, pd.DataFrame):
        return json.loads(records_json(v))
    if isinstance(v, pd.Series):
        return jsonable(v.to_dict())
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    if v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    elif hasattr(v, "to_dict") and not isinstance(v, (str, bytes)):
        return jsonable(v.to_dict())
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)

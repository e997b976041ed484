"""DataFrames to HTTP responses: a JSON envelope (rows, paging, provenance) or CSV, with bounded size."""

from __future__ import annotations

import io
import json
import math

import pandas as pd
from fastapi.responses import Response

from hemigov.core.provenance import Provenance

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
    400: _err("Bad parameter (unknown, repeated, wrong type, outside the data)."),
    404: _err("Unknown country, grouping, dataset, exhibit or case."),
    414: _err("Query string longer than 4,000 characters."),
    422: _err("A parameter fails its declared type or bounds."),
    503: _err("Feature not installed, or too many computations queued."),
    504: _err("The computation took longer than the request timeout."),
}

#: A list endpoint's 200: the JSON envelope or, with ``format=csv`` / ``.csv``, CSV rows.
TABLE_RESPONSES: dict = {200: {"description": "The rows: a JSON envelope (total, offset, limit, columns, sources, "
                                              "data) or CSV.",
                               "content": {"application/json": {"schema": {"type": "object"}},
                                           "text/csv": {"schema": {"type": "string"}}}}}


def sources(df: pd.DataFrame) -> list[dict[str, str]]:
    """The (dataset, vintage) pairs behind a frame: from ``dataset``/``vintage`` columns or the ``sources`` column
    (the one text form of Provenance)."""
    pairs: set[tuple[str, str]] = set()
    cols = set(df.columns)
    if {"dataset", "vintage"} <= cols:
        pairs.update((d, str(v)) for d, v in set(zip(df["dataset"], df["vintage"], strict=True)) if isinstance(d, str))
    if "sources" in cols:
        pairs.update(Provenance.of(df).pairs())
    return [{"dataset": d, "vintage": v} for d, v in sorted(pairs)]


def records_json(df: pd.DataFrame) -> str:
    """Rows as a JSON list (NaN -> null, dates ISO)."""
    return df.to_json(orient="records", date_format="iso", force_ascii=False, double_precision=15)


def page(df: pd.DataFrame, offset: int, limit: int) -> pd.DataFrame:
    return df.iloc[offset: offset + limit]


def render_table(df: pd.DataFrame, *, fmt: str, offset: int = 0, limit: int = DEFAULT_LIMIT,
                 filename: str = "data", meta: dict | None = None, fingerprint: str = "") -> tuple[bytes, str, dict]:
    """(body, media type, headers). ``fmt='json'``: ``{"total", "offset", "limit", "columns", "sources",
    "warehouse", ...meta, "data"}``; ``fmt='csv'``: the page as CSV (provenance stays in the ``dataset`` /
    ``vintage`` columns). Rendered once per cached result and page (the server memoises it)."""
    part = page(df, offset, limit)
    if fmt == "csv":
        buf = io.StringIO()
        part.to_csv(buf, index=False)
        return (buf.getvalue().encode("utf-8"), "text/csv; charset=utf-8",
                {"Content-Disposition": f'attachment; filename="{filename}.csv"'})
    head = {"total": len(df), "offset": offset, "limit": limit, "columns": [str(c) for c in df.columns],
            "sources": sources(df), "warehouse": fingerprint, **(meta or {})}
    body = json.dumps(head, ensure_ascii=False, default=str)[:-1] + ', "data": ' + records_json(part) + "}"
    return body.encode("utf-8"), "application/json", {}


def response(rendered: tuple[bytes, str, dict]) -> Response:
    body, media_type, headers = rendered
    return Response(body, media_type=media_type, headers=dict(headers))


def table_response(df: pd.DataFrame, **kw) -> Response:
    return response(render_table(df, **kw))


def jsonable(v):
    """Plain JSON values from a result dict (DataFrames -> records, NaN/inf -> null, numpy -> Python)."""
    if isinstance(v, pd.DataFrame):
        return json.loads(records_json(v))
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)

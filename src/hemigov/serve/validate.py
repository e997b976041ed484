"""Strict request validation shared by the API and the pages: unknown or repeated query parameters, oversized
values and bad formats are refused with one clear message (HTTP 400) before anything is computed."""

from __future__ import annotations

import types
import typing
from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Query, Request

from hemigov.serve.respond import DEFAULT_LIMIT, MAX_LIMIT, Page

MAX_VALUE = 400        # characters in one query value
MAX_QUERY = 4_000      # characters in the whole query string
NAME = r"^[A-Za-z0-9_.\-]{1,80}$"


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        self.status = status
        self.message = message
        super().__init__(message)


def _is_list(field) -> bool:
    ann = field.field_info.annotation
    options = typing.get_args(ann) if typing.get_origin(ann) in (typing.Union, types.UnionType) else (ann,)
    return any(a is list or typing.get_origin(a) is list for a in options)


def _query_fields(dependant) -> list:
    out = list(dependant.query_params)
    for sub in dependant.dependencies:
        out += _query_fields(sub)
    return out


def _allowed(route) -> tuple[set[str], set[str]]:
    cached = getattr(route, "_hemigov_query", None)
    if cached is None:
        fields = _query_fields(route.dependant)
        names = {f.alias for f in fields}
        multi = {f.alias for f in fields if _is_list(f)}
        extra = (route.openapi_extra or {}).get("parameters", [])
        names |= {p["name"] for p in extra if p.get("in") == "query"}
        cached = (names, multi)
        route._hemigov_query = cached
    return cached


async def strict_query(request: Request) -> None:
    """Dependency: reject unknown, repeated (unless a list) and oversized query parameters. The dependencies
    here are ``async``: they are cheap, and FastAPI runs a plain ``def`` dependency in a worker thread."""
    qs = request.scope.get("query_string", b"")
    if len(qs) > MAX_QUERY:
        raise ApiError(414, f"query string longer than {MAX_QUERY} characters")
    route = request.scope.get("route")
    if route is None:
        return
    names, multi = _allowed(route)
    keys = [k for k, _ in request.query_params.multi_items()]
    unknown = sorted(set(keys) - names)
    if unknown:
        known = ", ".join(sorted(names)) or "none"
        raise ApiError(400, f"unknown query parameter {unknown[0]!r}; known: {known}")
    for k in set(keys):
        if keys.count(k) > 1 and k not in multi:
            raise ApiError(400, f"query parameter {k!r} given more than once")
    for k, v in request.query_params.multi_items():
        if len(v) > MAX_VALUE:
            raise ApiError(400, f"query parameter {k!r} is longer than {MAX_VALUE} characters")


Fmt = Annotated[Literal["json", "csv"], Query(description="Response format: JSON envelope or CSV rows.",
                                              examples=["json"])]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip (paging).", examples=[0])]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page (at most {MAX_LIMIT:,}).",
                             examples=[DEFAULT_LIMIT])]
Fields = Annotated[str | None, Query(max_length=MAX_VALUE, description="Columns to return, comma-separated, in "
                                     "this order (default: all). CSV rows always keep their `sources`.",
                                     examples=["sources"])]
Sort = Annotated[str | None, Query(max_length=MAX_VALUE, description="Columns to sort by, comma-separated; `-` "
                                   "before a name sorts it descending (stable; missing values last).",
                                   examples=["-sources"])]


async def output(request: Request, format: Fmt = "json") -> str:
    """The response format: CSV for ``….csv`` routes, else the ``format`` query parameter."""
    return "csv" if request.url.path.endswith(".csv") else format


async def paging(offset: Offset = 0, limit: Limit = DEFAULT_LIMIT, fields: Fields = None, sort: Sort = None) -> Page:
    """Dependency of every list route: paging, field selection and sorting (checked against the columns when
    the rows are known)."""
    return Page.parse(offset, limit, fields, sort)


PageDep = Annotated[Page, Depends(paging)]


def parse_date(name: str, value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None

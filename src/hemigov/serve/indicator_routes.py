"""One documented API route per registered indicator: ``GET /api/indicators/<name>[.csv]``.

The route's query parameters are the indicator's registry parameters (type, default, choices and help go into
the OpenAPI description); values are validated by the registry itself (:func:`hemigov.indicators.registry.bind`)
plus bounds the registry leaves open (finite, non-negative numbers; at most ``MAX_ITEMS`` list items), so the
API accepts exactly what ``hemigov.indicator`` accepts.
"""

from __future__ import annotations

import math
import re

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from hemigov.core.errors import HemigovError, unknown
from hemigov.geo.regions import AMERICAS, SCHEMES
from hemigov.serve import service
from hemigov.serve.respond import (
    ERROR_RESPONSES,
    MAX_LIMIT,
    TABLE_RESPONSES,
    CsvResponse,
    render_table,
    response,
)
from hemigov.serve.service import NotFound
from hemigov.serve.validate import ApiError, PageDep, output, strict_query

MAX_ITEMS = 60
#: The period grammar (hemigov.core.periods): 2019, 2015-2020, 2015..2020, 2015-01..2020-06, 2020-03, latest.
PERIOD = r"^(\d{4}(-\d{2})?|latest)(\s*(-|\.\.)\s*(\d{4}(-\d{2})?|latest))?$"
RESERVED = {"format", "offset", "limit", "fields", "sort"}
#: An example value per parameter kind, for parameters without a default or choices.
KIND_EXAMPLES = {"int": 2020, "float": 1000, "bool": True, "iso3": "CAN", "iso3_list": "CAN,USA",
                 "years": "2015-2020", "str_list": "MEX", "str": "CAN"}


def _alternatives(choices: tuple[str, ...]) -> str:
    return "|".join(re.escape(c) for c in choices)


def schema(p) -> dict:
    """OpenAPI schema of one registry parameter (as a query string)."""
    k = p.kind
    if k == "int":
        return {"type": "integer"}
    if k == "float":
        return {"type": "number", "minimum": 0, "maximum": 1e12}
    if k == "bool":
        return {"type": "boolean"}
    if k == "iso3":
        return {"type": "string", "pattern": "^[A-Za-z]{3}$"}
    if k == "years":
        return {"type": "string", "pattern": PERIOD}
    if p.choices and k in ("str", "str_list"):
        if k == "str":
            return {"type": "string", "enum": list(p.choices)}
        alt = _alternatives(p.choices)
        return {"type": "string", "pattern": f"^({alt})(,({alt}))*$"}
    if k == "iso3_list":
        return {"type": "string", "pattern": "^[A-Za-z]{3}(,[A-Za-z]{3}){0,59}$"}
    return {"type": "string", "maxLength": 200}


def _default(p):
    d = p.default
    if d is None or d == "":
        return None
    return ",".join(map(str, d)) if isinstance(d, (list, tuple)) else d


def example(ind, p) -> object:
    """A valid example of one registry parameter: its default, its first choice, the Americas of the indicator's
    default scheme for a region, or a value of its kind."""
    if (d := _default(p)) is not None:
        return d
    if p.choices:
        return p.choices[0]
    if p.name == "region":
        scheme = next((q.default for q in ind.params if q.name == "scheme"), AMERICAS.scheme)
        return SCHEMES[scheme].americas
    return KIND_EXAMPLES[p.kind]


def openapi_params(ind) -> list[dict]:
    out = []
    for p in ind.params:
        sch = schema(p)
        if (d := _default(p)) is not None:
            sch["default"] = d
        desc = p.help + (f" Choices: {', '.join(p.choices)}." if p.choices else "")
        out.append({"name": p.name, "in": "query", "required": False, "schema": sch, "description": desc,
                    "example": example(ind, p)})
    return out


def hashable(bound: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in bound.items()))


def validate(ind, raw: dict[str, str]) -> dict:
    """Registry validation plus the bounds the registry leaves open; HTTP 400 with the registry's message."""
    from hemigov.indicators.registry import bind

    try:
        bound = bind(ind, raw)
    except HemigovError as e:
        raise ApiError(400, str(e)) from None
    for p in ind.params:
        v = bound[p.name]
        if isinstance(v, list) and len(v) > MAX_ITEMS:
            raise ApiError(400, f"parameter {p.name!r}: more than {MAX_ITEMS} items")
        if p.kind == "float" and v is not None and (not math.isfinite(v) or v < 0 or v > 1e12):
            raise ApiError(400, f"parameter {p.name!r}: expected a number between 0 and 1e12")
        if p.kind == "years" and any(y is not None and not 1900 <= y <= 2100 for y in v):
            raise ApiError(400, f"parameter {p.name!r}: years must be between 1900 and 2100")
    return bound


def add_routes(router: APIRouter, backend) -> None:
    from hemigov.indicators import REGISTRY

    for name, ind in sorted(REGISTRY.items()):
        if RESERVED & {p.name for p in ind.params}:
            raise RuntimeError(f"indicator {name!r} uses a reserved parameter name ({', '.join(RESERVED)})")
        _add(router, backend, ind)

    async def unknown_indicator(name: str):
        raise NotFound(str(unknown("indicator", name.removesuffix(".csv"), REGISTRY)))

    # After the registered routes: any other name is answered with the closest registered one.
    router.add_api_route("/api/indicators/{name}", unknown_indicator, methods=["GET"], include_in_schema=False)


def _add(router: APIRouter, backend, ind) -> None:
    params = openapi_params(ind)
    names = {p.name for p in ind.params}

    async def compute(request: Request, page: PageDep, fmt: str = Depends(output)):
        raw = {k: v for k, v in request.query_params.items() if k in names}
        bound = validate(ind, raw)
        key = ("indicator", ind.name, hashable(bound))
        df = await backend.get(key, lambda: service.indicator(ind.name, bound))
        shown = {k: (",".join(map(str, v)) if isinstance(v, (list, tuple)) else v) for k, v in bound.items()}
        params = dict(request.query_params)
        return response(backend.memo(("render", key, fmt, page, request.url.path), lambda: render_table(
            df, fmt=fmt, page=page, filename=ind.name, fingerprint=backend.fingerprint(), path=request.url.path,
            params=params, meta={"indicator": ind.name, "title": ind.title, "parameters": shown})))

    desc = (f"{ind.definition}\n\nFormula: `{ind.formula}`\n\nReferences: " + "; ".join(ind.references)
            + f"\n\nAt most {MAX_LIMIT:,} rows per page (`limit`, `offset`); `fields=` and `sort=` choose and "
              "order the columns.")
    for path, csv in ((f"/api/indicators/{ind.name}", False), (f"/api/indicators/{ind.name}.csv", True)):
        router.add_api_route(path, compute, methods=["GET"], summary=ind.title, description=desc,
                             tags=["indicators"], operation_id=f"indicator_{ind.name}{'_csv' if csv else ''}",
                             openapi_extra={"parameters": params}, dependencies=[Depends(strict_query)],
                             responses={**ERROR_RESPONSES, **TABLE_RESPONSES},
                             response_class=CsvResponse if csv else JSONResponse)

"""The paper's policy options, computed (issue 17): the scenario engine and the pledge tracker
(:mod:`hemigov.scenarios`) as API routes and dashboard pages.

- ``/api/scenarios``: every registered scenario (a list envelope; its ``sources`` are the files each scenario
  reads with its defaults). ``/api/scenarios/{name}?param=...``: one scenario computed —
  ``ScenarioResult.to_dict()`` (value, low, high, unit, params, assumptions, interval, detail) with its sources
  named (dataset, vintage, sha256, licence) and the list envelope over its detail rows; CSV: the detail rows.
  One route per scenario, so its parameters are documented and checked like the indicators'.
- ``/api/pledges``: each pledge with a numeric target, its delivery to date and status.
- ``/scenarios``, ``/scenarios/{name}`` (and ``/embed/scenarios/{name}``): a control per parameter, the value with
  its interval, a point-and-interval chart (this view beside the defaults), the assumptions and the rows behind
  it; the parameters live in the address. ``/pledges``: the pledge table.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal
from urllib.parse import urlencode

import pandas as pd
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from hemigov.core.errors import HemigovError, unknown
from hemigov.core.provenance import COLUMN, Provenance
from hemigov.serve import charts
from hemigov.serve.indicator_routes import PERIOD
from hemigov.serve.respond import (
    ERROR_RESPONSES,
    TABLE_RESPONSES,
    CsvResponse,
    Page,
    describe,
    jsonable,
    render_table,
    response,
    sources,
)
from hemigov.serve.routes_api import cached_table, lister
from hemigov.serve.routes_pages import _message, memoised, records, render
from hemigov.serve.service import NotFound
from hemigov.serve.validate import ApiError, PageDep, output, strict_query

RESERVED = {"format", "offset", "limit", "fields", "sort"}
AS_OF = ("latest", "paper")


# -- computations (cached by the backend) ---------------------------------------------------------------------
def catalogue() -> list[dict]:
    """Every registered scenario's description (``hemigov.scenarios.describe``), in the registry's order."""
    from hemigov.scenarios import describe as describe_scenario
    from hemigov.scenarios import list_scenarios

    return [describe_scenario(n) for n in list_scenarios().name]


def compute(name: str, params: dict[str, str]):
    from hemigov.scenarios import scenario

    return scenario(name, **params)


def scenario_table(results: dict) -> pd.DataFrame:
    """``list_scenarios()`` with each scenario's default value, interval and the files it reads (``sources``)."""
    from hemigov.scenarios import list_scenarios

    t = list_scenarios()
    get = {n: results.get(n) for n in t.name}
    return t.assign(value=[r.value if r else None for r in get.values()],
                    low=[r.low if r else None for r in get.values()],
                    high=[r.high if r else None for r in get.values()],
                    **{COLUMN: [r.sources if r else "" for r in get.values()]})


def defaults() -> dict:
    """Each scenario with its defaults (a scenario its defaults cannot compute is left out, with why)."""
    out, why = {}, {}
    for d in catalogue():
        try:
            out[d["name"]] = compute(d["name"], {})
        except HemigovError as e:
            why[d["name"]] = e.one_line()
    return {"results": out, "why": why}


def pledge_table(as_of: str) -> pd.DataFrame:
    from hemigov.scenarios import pledges

    if as_of not in AS_OF:
        raise unknown("as_of", as_of, AS_OF, where="as_of")
    return pledges(as_of=as_of)


def kind(unit: str) -> str:
    """The one formatter's kind for a scenario's unit."""
    u = unit.lower()
    if "us$" in u and "million" in u:
        return "usd_m"
    if "us$" in u or u == "usd":
        return "usd"
    if "share" in u or u in ("fraction", "%"):
        return "share"
    if "ratio" in u or "multiplier" in u:
        return "ratio"
    return "count"


def schema(p: dict) -> dict:
    """OpenAPI schema of one scenario parameter (as a query string)."""
    k = p["kind"]
    if k == "choice":
        return {"type": "string", "enum": list(p["choices"] or [])}
    if k == "number":
        s: dict = {"type": "number"}
        if p.get("min") is not None:
            s["minimum"] = p["min"]
        s["maximum"] = p["max"] if p.get("max") is not None else 1e15
        return s
    if k == "period":
        return {"type": "string", "pattern": PERIOD}
    if k == "country":
        return {"type": "string", "pattern": "^[A-Za-z]{3}$"}
    return {"type": "string", "maxLength": 200}


def openapi_params(d: dict) -> list[dict]:
    return [{"name": p["name"], "in": "query", "required": False, "schema": {**schema(p), "default": p["default"]},
             "description": p["help"] + (f" Choices: {', '.join(p['choices'])}." if p.get("choices") else ""),
             "example": p["default"]} for p in d["params"]]


def _detail(res) -> pd.DataFrame:
    """The rows behind a result (each with its sources); the one-row frame when it has none."""
    det = res.detail
    if det is None or det.empty:
        return res.to_frame()
    if COLUMN not in det.columns:
        det = det.assign(**{COLUMN: res.sources})
    return det


# -- API ---------------------------------------------------------------------------------------------------------
def build_api(backend) -> APIRouter:
    router = APIRouter(dependencies=[Depends(strict_query)], responses=ERROR_RESPONSES)
    listing = lister(router)
    described = backend.run_sync(("scenario-catalogue",), catalogue)

    async def table(request: Request, key, fn, fmt: str, page: Page, name: str, meta: dict | None = None):
        return await cached_table(backend, request, key, fn, fmt, page, name, meta)

    @listing("/api/scenarios", summary="Every registered scenario: name, title, group, unit, parameters, default "
             "value and interval.", tag="scenarios")
    async def list_scenarios(request: Request, page: PageDep, fmt: str = Depends(output)):
        """``value``, ``low`` and ``high`` are each scenario's result with its defaults; ``sources`` the files it
        reads."""
        d = await backend.get(("scenario-defaults",), defaults)
        return await table(request, ("scenarios",), lambda: scenario_table(d["results"]), fmt, page, "scenarios")

    @listing("/api/pledges", summary="Pledges with a numeric target: delivered to date, pace needed, status.",
             tag="scenarios")
    async def list_pledges(request: Request, page: PageDep, fmt: str = Depends(output),
                           as_of: Annotated[Literal[AS_OF], Query(  # type: ignore[valid-type]
                               examples=["latest"], description="Delivery measured on the latest data or as of the "
                               "paper's vintages.")] = "latest"):
        """Each pledge of the policy timeline with a measurable target (who, what, how many, by when), linked to
        the series that measures its delivery: ``delivered`` over ``delivered_period``, ``share_of_target``,
        ``pace_needed_per_year`` and ``status`` (met, on track, behind, unmeasurable) with ``why``."""
        return await table(request, ("pledges", as_of), lambda: pledge_table(as_of), fmt, page, f"pledges_{as_of}")

    for d in described:
        if RESERVED & {p["name"] for p in d["params"]}:
            raise RuntimeError(f"scenario {d['name']!r} uses a reserved parameter name ({', '.join(RESERVED)})")
        _add(router, backend, d)

    names = [d["name"] for d in described]

    async def unknown_scenario(name: str):
        raise NotFound(str(unknown("scenario", name.removesuffix(".csv"), names)))

    router.add_api_route("/api/scenarios/{name}", unknown_scenario, methods=["GET"], include_in_schema=False)
    return router


def bound_params(d: dict, request: Request) -> dict[str, str]:
    """The request's values of the scenario's parameters (text, as the registry takes them)."""
    names = {p["name"] for p in d["params"]}
    return {k: v for k, v in request.query_params.items() if k in names}


def _add(router: APIRouter, backend, d: dict) -> None:
    name = d["name"]

    async def one(request: Request, page: PageDep, fmt: str = Depends(output)):
        raw = bound_params(d, request)
        res = await backend.get(("scenario", name, tuple(sorted(raw.items()))), lambda: compute(name, raw))
        det = _detail(res)
        key = ("scenario-render", name, tuple(sorted(res.params.items())))
        if fmt == "csv":
            return response(backend.memo(("render", key, fmt, page, request.url.path), lambda: render_table(
                det, fmt="csv", page=page, filename=name)))
        body = jsonable(res.to_dict())
        prov = Provenance.parse(res.sources) | Provenance.of(det)
        params = dict(request.query_params)
        rendered = render_table(det, fmt="json", page=page, filename=name, fingerprint=backend.fingerprint(),
                                path=request.url.path, params=params)
        envelope = json.loads(rendered[0])
        envelope.pop("sources")
        return JSONResponse({**body, **envelope, "sources_text": res.sources, "sources": describe(prov)})

    desc = (f"{d['summary']}\n\nInterval: {d['interval']}\n\nAssumptions: " + " ".join(d["assumptions"])
            + "\n\nJSON: `ScenarioResult.to_dict()` (value, low, high, unit, params, assumptions, interval, detail) "
              "with `sources` named (dataset, vintage, sha256, licence), `sources_text`, and the list envelope "
              "over the detail rows (`data`); CSV: the detail rows.")
    for path, csv in ((f"/api/scenarios/{name}", False), (f"/api/scenarios/{name}.csv", True)):
        router.add_api_route(path, one, methods=["GET"], summary=d["title"], description=desc, tags=["scenarios"],
                             operation_id=f"scenario_{name}{'_csv' if csv else ''}",
                             openapi_extra={"parameters": openapi_params(d)}, dependencies=[Depends(strict_query)],
                             responses={**ERROR_RESPONSES, **TABLE_RESPONSES},
                             response_class=CsvResponse if csv else JSONResponse)


# -- pages -------------------------------------------------------------------------------------------------------
GROUP_TITLES = {"resettlement": "Resettlement", "money": "Money", "visa": "Visa counterfactuals"}


def build_pages(backend) -> APIRouter:
    router = APIRouter(dependencies=[Depends(strict_query)], include_in_schema=False)
    page = memoised(backend)
    described = backend.run_sync(("scenario-catalogue",), catalogue)
    by_name = {d["name"]: d for d in described}

    async def index(request: Request):
        d = await backend.get(("scenario-defaults",), defaults)
        rows = []
        for s in described:
            r = d["results"].get(s["name"])
            rows.append({**s, "value": r.value if r else None, "low": r.low if r else None,
                         "high": r.high if r else None, "kind": kind(s["unit"]), "why": d["why"].get(s["name"]),
                         "params_text": r.params_text() if r else ""})
        groups = [(GROUP_TITLES.get(g, g), [r for r in rows if r["group"] == g])
                  for g in dict.fromkeys(r["group"] for r in rows)]
        src = [r.to_frame()[[COLUMN]] for r in d["results"].values()]
        return render(request, "scenarios.html", title="Policy options: the paper's options, computed",
                      groups=groups, sources=sources(pd.concat(src)) if src else [], listing=True)

    router.add_api_route("/scenarios", page(index), methods=["GET"], response_class=HTMLResponse)

    for d in described:
        _add_page(router, backend, page, d)

    async def unknown_page(request: Request, name: str):
        raise NotFound(str(unknown("scenario", name, list(by_name))))

    router.add_api_route("/scenarios/{name}", unknown_page, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route("/embed/scenarios/{name}", unknown_page, methods=["GET"], response_class=HTMLResponse)

    async def pledges_page(request: Request, as_of: Literal[AS_OF] = "latest"):  # type: ignore[valid-type]
        try:
            df = await backend.get(("pledges", as_of), lambda: pledge_table(as_of))
        except (HemigovError, ApiError) as e:
            return render(request, "pledges.html", 400, title="Pledges and delivery", error=_message(e), rows=[],
                          as_of=as_of)
        counts = df.status.value_counts()
        shown = df.assign(target_text=[target_text(v, u) for v, u in zip(df.target, df.unit, strict=True)])
        return render(request, "pledges.html", title="Pledges and delivery", rows=records(shown),
                      counts=list(counts.items()), as_of=as_of, sources=sources(df),
                      api_url=f"/api/pledges?as_of={as_of}", csv_url=f"/api/pledges.csv?as_of={as_of}")

    router.add_api_route("/pledges", page(pledges_page), methods=["GET"], response_class=HTMLResponse)
    return router


def target_text(value, unit: str) -> str:
    """A pledge's target with its unit, by the one formatter: ``4,000 persons``, ``US$954 million``,
    ``CA$115 million``."""
    from hemigov.style import numbers

    u = str(unit or "")
    if u.upper() == "USD":
        return numbers.fmt(value, "usd")
    if u.upper() == "CAD":
        return numbers.fmt(value, "usd").replace("US$", "CA$", 1)
    return f"{numbers.fmt(value, 'count')} {u}".strip()


def controls(d: dict, chosen: dict[str, str]) -> list[dict]:
    """One form control per parameter: a select for choices, an input (number, text) otherwise."""
    out = []
    for p in d["params"]:
        value = chosen.get(p["name"], p["default"])
        ctl = {**p, "value": value, "id": f"p-{p['name']}",
               "control": "select" if p["kind"] == "choice" else "input",
               "type": "number" if p["kind"] == "number" else "text"}
        if p["kind"] == "period":
            ctl["placeholder"] = "e.g. 2015-2020"
        elif p["kind"] == "country":
            ctl["placeholder"] = "ISO3, e.g. CAN"
        out.append(ctl)
    return out


def _add_page(router: APIRouter, backend, page, d: dict) -> None:
    name = d["name"]

    async def one(request: Request):
        raw = bound_params(d, request)
        k = kind(d["unit"])
        ctx = {"title": d["title"], "scenario": d, "kind": k, "show_unit": k not in ("usd", "usd_m"),
               "can_embed": True, "active": "/scenarios",
               "controls": controls(d, raw), "action": f"/scenarios/{name}"}
        try:
            res = await backend.get(("scenario", name, tuple(sorted(raw.items()))), lambda: compute(name, raw))
            base = await backend.get(("scenario", name, ()), lambda: compute(name, {}))
        except (HemigovError, ApiError) as e:
            return render(request, "scenario.html", 400, **ctx, error=_message(e))
        ctx["controls"] = controls(d, res.params)
        changed = res.params != base.params
        rows = [{"label": "This view" if changed else "Defaults", "value": res.value, "low": res.low,
                 "high": res.high}]
        if changed:
            rows.append({"label": "Defaults", "value": base.value, "low": base.low, "high": base.high})
        det = _detail(res)
        q = urlencode(res.params)
        return render(request, "scenario.html", **ctx, result=res, changed=changed, base=base,
                      spec=charts.interval(rows, d["unit"], ctx["kind"]), charts=True,
                      detail=records(det.drop(columns=[COLUMN], errors="ignore")),
                      detail_columns=detail_columns(det), sources=sources(det.assign(
                          **{COLUMN: [Provenance.of(s, res.sources).text() for s in det[COLUMN]]})),
                      api_url=f"/api/scenarios/{name}?{q}", csv_url=f"/api/scenarios/{name}.csv?{q}",
                      cli=f"hemigov scenario {name} " + " ".join(f"-p {k}={v}" for k, v in res.params.items()))

    extra = {"parameters": [{"name": p["name"], "in": "query"} for p in d["params"]]}
    for path in (f"/scenarios/{name}", f"/embed/scenarios/{name}"):
        router.add_api_route(path, page(one), methods=["GET"], response_class=HTMLResponse, openapi_extra=extra)


def detail_columns(det: pd.DataFrame) -> list[tuple[str, str, str]]:
    from hemigov.style import numbers

    return [(str(c), heading(str(c)), numbers.kind_of(str(c), det[c])) for c in det.columns if c != COLUMN]


def heading(column: str) -> str:
    """A column name as a heading: ``grant_usd`` -> ``Grant (US$)``, ``url`` -> ``Reference``."""
    if column == "url":
        return "Reference"
    for suffix, unit in (("_usd_m", " (US$ millions)"), ("_usd", " (US$)")):
        if column.endswith(suffix):
            return column.removesuffix(suffix).replace("_", " ").capitalize() + unit
    return column.replace("_", " ").capitalize()

"""The JSON API (``/api/...``): datasets and vintages, countries, regions and groupings, indicators, the map's
values, the replication and claims ledger, policy events and effect case studies. Read-only (GET, HEAD); every
list also as CSV (``?format=csv`` or the ``.csv`` route), with ``fields=``, ``sort=``, ``offset`` and ``limit``.
Every answer names its sources (dataset, vintage, sha256, licence, citation)."""

from __future__ import annotations

import os
from typing import Annotated, Literal

import pandas as pd
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse

from hemigov.core.meta import VERSION
from hemigov.core.provenance import COLUMN, Provenance
from hemigov.geo.regions import SCHEMES
from hemigov.serve import indicator_routes, maps, relative, service
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
from hemigov.serve.service import found
from hemigov.serve.validate import ApiError, PageDep, output, strict_query

Text = Annotated[str | None, Query(max_length=120)]
Scheme = Literal[tuple(SCHEMES)]  # type: ignore[valid-type]


def _label(text: str, example: str) -> object:
    return Query(max_length=120, description=text, examples=[example])


def lister(router: APIRouter):
    """A decorator factory: register a list endpoint at ``path`` and ``path.csv`` (JSON envelope and CSV)."""
    def listing(path: str, *, summary: str, tag: str):
        def deco(fn):
            for p, csv in ((path, False), (path + ".csv", True)):
                op = fn.__name__ + ("_csv" if csv else "")
                router.add_api_route(p, fn, methods=["GET"], summary=summary, tags=[tag], operation_id=op,
                                     response_class=CsvResponse if csv else JSONResponse, responses=TABLE_RESPONSES,
                                     description=(fn.__doc__ or "").strip())
            return fn
        return deco
    return listing


async def cached_table(backend, request: Request, key, fn, fmt: str, page: Page, name: str,
                       meta: dict | None = None):
    """A cached computation's rows as a response page (rendered once per result, page, fields and sort)."""
    df = await backend.get(key, fn)
    params = dict(request.query_params)
    return response(backend.memo(("render", key, fmt, page, request.url.path), lambda: render_table(
        df, fmt=fmt, page=page, filename=name, fingerprint=backend.fingerprint(), meta=meta,
        path=request.url.path, params=params)))


def build(backend) -> APIRouter:
    router = APIRouter(dependencies=[Depends(strict_query)], responses=ERROR_RESPONSES)

    listing = lister(router)

    async def table(request: Request, key, fn, fmt: str, page: Page, name: str, meta: dict | None = None):
        return await cached_table(backend, request, key, fn, fmt, page, name, meta)

    # -- service --------------------------------------------------------------------------------------------
    @router.get("/api/health", tags=["service"], summary="Version, warehouse fingerprint, this process's cache.")
    async def health():
        # the process: ``hemigov serve`` runs one per core, each with its own cache
        return {"status": "ok", "version": VERSION, "warehouse": backend.fingerprint(), "process": os.getpid(),
                "cache": {"hits": backend.hits, "misses": backend.misses}}

    # -- datasets -------------------------------------------------------------------------------------------
    @listing("/api/datasets", summary="Every loaded file: dataset, vintage, sha256, licence, citation.", tag="datasets")
    async def list_datasets(request: Request, page: PageDep, fmt: str = Depends(output),
                            dataset: Annotated[str | None, Query(max_length=120, examples=["unhcr.solutions"],
                                                                 description="One dataset id.")] = None,
                            current: Annotated[bool | None, Query(examples=[True], description="Only the releases "
                                                                  "the series read (true) or the older ones.")] = None):
        """One row per loaded file and vintage (newest first); ``current`` keeps the vintages the series read."""
        return await table(request, ("datasets", dataset, current), lambda: service.datasets(dataset, current),
                           fmt, page, "datasets")

    @listing("/api/vintages", summary="One row per dataset: its vintages and the current one.", tag="datasets")
    async def list_vintages(request: Request, page: PageDep, fmt: str = Depends(output)):
        return await table(request, ("vintages",), service.vintages, fmt, page, "vintages")

    @router.get("/api/datasets/{dataset}", tags=["datasets"], responses=TABLE_RESPONSES,
                summary="The vintages (files) of one dataset.")
    async def one_dataset(request: Request, page: PageDep,
                          dataset: Annotated[str, Path(max_length=120, examples=["unhcr.solutions"],
                                                      description="A dataset id (see /api/vintages).")],
                          fmt: str = Depends(output)):
        return await table(request, ("dataset", dataset), lambda: found(service.datasets, dataset), fmt, page,
                           dataset)

    # -- countries, regions, groupings -----------------------------------------------------------------------
    @listing("/api/countries", summary="The reviewed country table (ISO3, names, region schemes), by name.",
             tag="countries")
    async def list_countries(request: Request, page: PageDep, fmt: str = Depends(output),
                             kind: Annotated[str | None, _label("country, territory or pseudo", "country")] = None,
                             paper_region: Annotated[str | None, _label("The paper's region (exact label).",
                                                                        "Europe")] = None,
                             unhcr_region: Annotated[str | None, _label("UNHCR regional bureau (exact label).",
                                                                        "Europe")] = None,
                             m49_region: Annotated[str | None, _label("UN M49 region (exact label).",
                                                                      "Europe")] = None,
                             m49_subregion: Annotated[str | None, _label("UN M49 sub-region (exact label).",
                                                                         "Northern Europe")] = None,
                             wb_income_group: Annotated[str | None, _label("World Bank income group.",
                                                                           "High income")] = None):
        """Filters are exact labels (e.g. ``unhcr_region=Europe``); an unknown label is answered with the
        closest one."""
        f = {"kind": kind, "paper_region": paper_region, "unhcr_region": unhcr_region, "m49_region": m49_region,
             "m49_subregion": m49_subregion, "wb_income_group": wb_income_group}
        return await table(request, ("countries", tuple(f.items())), lambda: service.countries(**f), fmt, page,
                           "countries")

    @router.get("/api/countries/{iso3}", tags=["countries"],
                summary="One country (ISO3, any case) and its grouping memberships.")
    async def one_country(iso3: Annotated[str, Path(max_length=40, examples=["CAN"],
                                                    description="ISO3 code, any case.")]):
        c = await backend.get(("country", iso3.upper()), lambda: found(service.country, iso3))
        code = str(c.iso3)
        m = await backend.get(("memberships", code), lambda: service.memberships(code))
        both = pd.concat([pd.DataFrame({COLUMN: [c[COLUMN]]}), m[[COLUMN]]], ignore_index=True)
        return JSONResponse(jsonable({"country": c.drop(COLUMN).to_dict(), "memberships": m.drop(columns=COLUMN),
                                      "sources": sources(both), "warehouse": backend.fingerprint()}))

    @listing("/api/regions", summary="The region labels of a region scheme, their member counts and definitions.",
             tag="countries")
    async def list_regions(request: Request, page: PageDep, scheme: Annotated[Scheme, Query(
                               examples=["unhcr"], description="Region scheme (hemigov.geo.regions).")]
                           = "paper", fmt: str = Depends(output)):
        return await table(request, ("regions", scheme), lambda: service.regions_table(scheme), fmt, page,
                           f"regions_{scheme}")

    @listing("/api/groupings", summary="Governance groupings (membership counts).", tag="countries")
    async def list_groupings(request: Request, page: PageDep, fmt: str = Depends(output)):
        return await table(request, ("groupings",), service.groupings, fmt, page, "groupings")

    @router.get("/api/groupings/{grouping}", tags=["countries"], responses=TABLE_RESPONSES,
                summary="Members of one grouping (any case), with years.")
    async def one_grouping(request: Request, page: PageDep,
                           grouping: Annotated[str, Path(max_length=80, examples=["NTCA"],
                                                          description="Grouping id, any case (see /api/groupings).")],
                           fmt: str = Depends(output)):
        return await table(request, ("grouping", grouping.lower()), lambda: found(service.grouping, grouping),
                           fmt, page, grouping)

    # -- indicators ---------------------------------------------------------------------------------------------
    async def indicator_sources():
        return await backend.get(("indicator-sources",), service.indicator_sources)

    @listing("/api/indicators", summary="Every registered indicator (name, group, title, parameters).",
             tag="indicators")
    async def list_indicators(request: Request, page: PageDep, fmt: str = Depends(output)):
        """``sources``: the files each indicator reads with its default parameters."""
        src = await indicator_sources()
        return await table(request, ("indicators",), lambda: service.indicators_table(src), fmt, page,
                           "indicators")

    @listing("/api/indicator-parameters", summary="Every indicator's parameters: type, default, choices, help.",
             tag="indicators")
    async def list_indicator_parameters(request: Request, page: PageDep, fmt: str = Depends(output)):
        src = await indicator_sources()
        return await table(request, ("indicator-parameters",), lambda: service.indicator_parameters(src), fmt,
                           page, "indicator_parameters")

    indicator_routes.add_routes(router, backend)

    # -- the map's values ---------------------------------------------------------------------------------------
    @listing("/api/map", summary="One value per country for a map measure, year, area and view.", tag="map")
    async def list_map(request: Request, page: PageDep, fmt: str = Depends(output),
                       measure: Annotated[Literal[tuple(maps.MEASURES)], Query(  # type: ignore[valid-type]
                           description="What the map shows.", examples=["displaced_origin"])] = "displaced_origin",
                       year: Annotated[int | None, Query(ge=1900, le=2100, examples=[2024],
                                                         description="Year (default: the latest).")] = None,
                       area: Annotated[Literal[tuple(maps.AREAS)], Query(  # type: ignore[valid-type]
                           examples=["americas"], description="The Americas (UNHCR's bureau) or the world.")]
                       = "americas",
                       view: Annotated[Literal[tuple(relative.MODES)], Query(  # type: ignore[valid-type]
                           examples=["per_1000"], description="absolute, per_1000 (inhabitants), per_gdp_ppp "
                           "(per US$1 of GDP (PPP) per capita) or share (of the world total).")] = "absolute",
                       destination: Annotated[str, Query(max_length=40, examples=["CAN"], description=(
                           "For the representation ratio: a resettlement country's ISO3 code, or all."))] = "CAN"):
        """Cross-border displaced by origin or by host, resettlement arrivals by resettlement country or by origin
        (UNHCR), or the representation ratio by origin; per-capita views name their denominator (``note``)."""
        dest = destination if destination.lower() == "all" else destination.upper()
        key = ("map", measure, year, area, view, dest)
        df, note = await backend.get(key, lambda: maps.values(measure, year, area, view, dest))
        return await table(request, ("map-rows", *key[1:]), lambda: df, fmt, page, f"map_{measure}",
                           meta={"note": jsonable(note)})

    # -- replication and claims -------------------------------------------------------------------------------
    @listing("/api/replication", summary="The paper's exhibits rebuilt cell by cell (printed vs computed).",
             tag="replication")
    async def list_replication(request: Request, page: PageDep, fmt: str = Depends(output),
                               exhibit: Annotated[str | None, Query(max_length=40, examples=["table3"], description=(
                                   "fig1, fig2, fig3, table1, table2 or table3 (default: all)"))] = None):
        """``sources``: the files of the computed values and the paper's printed facts (``paper_sources``)."""
        return await table(request, ("replication", exhibit), lambda: service.replication(exhibit),
                           fmt, page, f"replication_{exhibit or 'all'}")

    @listing("/api/claims", summary="The claims ledger, evaluated as of the paper, the latest data or both.",
             tag="replication")
    async def list_claims(request: Request, page: PageDep, fmt: str = Depends(output),
                          as_of: Annotated[Literal["latest", "paper", "both"], Query(
                              examples=["paper"], description="The paper's periods, the latest data, or both.")]
                          = "latest"):
        return await table(request, ("claims", as_of), lambda: service.claims(as_of), fmt, page, f"claims_{as_of}")

    # -- events and effects --------------------------------------------------------------------------------------
    @listing("/api/events", summary="Dated policy events and published figures (the policy timeline).", tag="events")
    async def list_events(request: Request, page: PageDep, fmt: str = Depends(output),
                          topic: Annotated[str | None, Query(max_length=200, description="Topics, comma-separated",
                                                             examples=["stca"])] = None,
                          actor: Annotated[str | None, Query(max_length=120, examples=["Canada"], description=(
                              "One actor (matches any part of 'Canada/USA'), any case."))] = None,
                          kind: Annotated[Literal["event", "figure"] | None, Query(
                              examples=["event"], description="A policy event or a published figure.")] = None,
                          since: Annotated[str | None, Query(max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD "
                                                             "(inclusive)", examples=["2017-01-01"])] = None,
                          until: Annotated[str | None, Query(max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD "
                                                             "(inclusive)", examples=["2020-12-31"])] = None):
        """``date`` is the first day of the period when ``date_precision`` is month or year; ``source_kind`` says
        what kind of source backs the row (official, news, research, weak)."""
        args = (topic, actor, kind, since, until)
        return await table(request, ("events", *args), lambda: events_frame(*args), fmt, page, "events")

    @listing("/api/effects/cases", summary="The built-in effect case studies and whether each is estimable.",
             tag="effects")
    async def list_cases(request: Request, page: PageDep, fmt: str = Depends(output)):
        return await table(request, ("cases",), service.case_studies, fmt, page, "case_studies")

    @router.get("/api/effects/cases/{case}", tags=["effects"], responses=TABLE_RESPONSES,
                summary="One case study's effect estimate: rate ratio, people, 95% intervals, path, warnings.")
    async def one_case(request: Request, case: Annotated[str, Path(
                           max_length=80, examples=["roxham-2017"], description="A case study (/api/effects/cases).")],
                       fmt: str = Depends(output)):
        """JSON: the full estimate with its sources; CSV (``?format=csv``): its observed/fitted/counterfactual
        path."""
        cases = await backend.get(("cases",), service.case_studies)
        name = found(service.case_name, case, list(cases.case))
        res = await backend.get(("effect", name), lambda: service.effect(name))
        src = str(res.get(COLUMN) or "")
        if fmt == "csv":
            path = pd.DataFrame(res["path"]).assign(**{COLUMN: src})
            return response(render_table(path, fmt="csv", filename=name))
        return JSONResponse(jsonable({**res, "sources_text": src, "sources": describe(Provenance.parse(src)),
                                      "warehouse": backend.fingerprint()}))

    return router


def _bound(text: str, end: bool) -> str:
    """A YYYY, YYYY-MM or YYYY-MM-DD bound as the day it stands for (for comparing two bounds only)."""
    t = text.strip()
    return t + ("-12-31" if end else "-01-01") if len(t) == 4 else t + ("-31" if end else "-01") if len(t) == 7 else t


def events_frame(topic: str | None = None, actor: str | None = None, kind: str | None = None,
                 since: str | None = None, until: str | None = None):
    """The timeline's rows; unknown topics and actors are answered with the closest valid one."""
    if since and until and _bound(until, True) < _bound(since, False):
        raise ApiError(400, f"until {until} is before since {since}")
    return service.events(topic, actor, kind, since, until)


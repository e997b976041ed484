"""The JSON API (``/api/...``): datasets and vintages, countries, regions and groupings, indicators, the
replication and claims ledger, policy events and effect case studies. Read-only (GET); every list also as CSV
(``?format=csv`` or the ``.csv`` route)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse

import hemigov
from hemigov.serve import indicator_routes, service
from hemigov.serve.respond import (
    DEFAULT_LIMIT,
    ERROR_RESPONSES,
    TABLE_RESPONSES,
    CsvResponse,
    jsonable,
    render_table,
    response,
    table_response,
)
from hemigov.serve.validate import ISO3, NAME, ApiError, Limit, Offset, output, parse_date, strict_query

Scheme = Literal["paper", "unhcr", "m49", "m49_subregion"]
Text = Annotated[str | None, Query(max_length=120)]
EXHIBIT = "^(fig[1-3]|table[1-3])$"


def build(backend) -> APIRouter:
    router = APIRouter(dependencies=[Depends(strict_query)], responses=ERROR_RESPONSES)

    def listing(path: str, *, summary: str, tag: str):
        """Register a list endpoint at ``path`` and ``path.csv``."""
        def deco(fn):
            for p, csv in ((path, False), (path + ".csv", True)):
                op = fn.__name__ + ("_csv" if csv else "")
                router.add_api_route(p, fn, methods=["GET"], summary=summary, tags=[tag], operation_id=op,
                                     response_class=CsvResponse if csv else JSONResponse, responses=TABLE_RESPONSES,
                                     description=(fn.__doc__ or "").strip())
            return fn
        return deco

    async def cached(key, fn):
        return await backend.get(key, fn)

    async def table(key, fn, fmt, offset, limit, name):
        """A cached computation's rows as a response page (rendered once per result and page)."""
        df = await backend.get(key, fn)
        return response(backend.memo(("render", key, fmt, offset, limit), lambda: render_table(
            df, fmt=fmt, offset=offset, limit=limit, filename=name, fingerprint=backend.fingerprint())))

    # -- service --------------------------------------------------------------------------------------------
    @router.get("/api/health", tags=["service"], summary="Version, warehouse fingerprint, features, cache.")
    async def health():
        return {"status": "ok", "version": hemigov.__version__, "warehouse": backend.fingerprint(),
                "features": {f: service.feature(f) for f in service.FEATURES},
                "cache": {"hits": backend.hits, "misses": backend.misses}}

    # -- datasets -------------------------------------------------------------------------------------------
    @listing("/api/datasets", summary="Every loaded file: dataset, vintage, sha256, licence, citation.", tag="datasets")
    async def list_datasets(fmt: str = Depends(output), offset: Offset = 0, limit: Limit = DEFAULT_LIMIT,
                            dataset: Annotated[str | None, Query(pattern=NAME)] = None,
                            current: bool | None = None):
        """One row per loaded file and vintage (newest first); ``current`` keeps the vintages the views read."""
        return await table(("datasets", dataset, current), lambda: service.datasets(dataset, current),
                           fmt, offset, limit, "datasets")

    @listing("/api/vintages", summary="One row per dataset: its vintages and the current one.", tag="datasets")
    async def list_vintages(fmt: str = Depends(output), offset: Offset = 0, limit: Limit = DEFAULT_LIMIT):
        return await table(("vintages",), service.vintages, fmt, offset, limit, "vintages")

    @router.get("/api/datasets/{dataset}", tags=["datasets"], responses=TABLE_RESPONSES,
                summary="The vintages (files) of one dataset.")
    async def one_dataset(dataset: Annotated[str, Path(pattern=NAME)], fmt: str = Depends(output),
                          offset: Offset = 0, limit: Limit = DEFAULT_LIMIT):
        return await table(("datasets", dataset, None), lambda: service.datasets(dataset, None),
                           fmt, offset, limit, dataset)

    # -- countries, regions, groupings -----------------------------------------------------------------------
    @listing("/api/countries", summary="The reviewed country table (ISO3, names, region schemes).", tag="countries")
    async def list_countries(fmt: str = Depends(output), offset: Offset = 0, limit: Limit = DEFAULT_LIMIT,
                             kind: Text = None, paper_region: Text = None, unhcr_region: Text = None,
                             m49_region: Text = None, m49_subregion: Text = None, wb_income_group: Text = None):
        """Filters are exact labels (e.g. ``unhcr_region=The Americas``)."""
        f = {"kind": kind, "paper_region": paper_region, "unhcr_region": unhcr_region, "m49_region": m49_region,
             "m49_subregion": m49_subregion, "wb_income_group": wb_income_group}
        return await table(("countries", tuple(f.items())), lambda: service.countries(**f).assign(
            dataset="countries.csv", vintage="package"), fmt, offset, limit, "countries")

    @router.get("/api/countries/{iso3}", tags=["countries"], summary="One country and its grouping memberships.")
    async def one_country(iso3: Annotated[str, Path(pattern=ISO3)]):
        c = await cached(("country", iso3), lambda: service.country(iso3))
        m = await cached(("memberships", iso3), lambda: service.memberships(iso3))
        return JSONResponse(jsonable({"country": c.iloc[0].to_dict(), "memberships": m,
                                      "sources": [{"dataset": "countries.csv", "vintage": "package"}]}))

    @listing("/api/regions", summary="The region labels of a region scheme and their country counts.",
             tag="countries")
    async def list_regions(scheme: Scheme = "paper", fmt: str = Depends(output), offset: Offset = 0,
                           limit: Limit = DEFAULT_LIMIT):
        return await table(("regions", scheme), lambda: service.regions(scheme),
                           fmt, offset, limit, f"regions_{scheme}")

    @listing("/api/groupings", summary="Governance groupings and region schemes (membership counts).",
             tag="countries")
    async def list_groupings(fmt: str = Depends(output), offset: Offset = 0, limit: Limit = DEFAULT_LIMIT):
        return await table(("groupings",), service.groupings, fmt, offset, limit, "groupings")

    @router.get("/api/groupings/{grouping}", tags=["countries"], responses=TABLE_RESPONSES,
                summary="Members of one grouping, with years.")
    async def one_grouping(grouping: Annotated[str, Path(pattern=NAME)], fmt: str = Depends(output),
                           offset: Offset = 0, limit: Limit = DEFAULT_LIMIT):
        return await table(("grouping", grouping), lambda: service.grouping(grouping), fmt, offset, limit, grouping)

    # -- indicators ---------------------------------------------------------------------------------------------
    @listing("/api/indicators", summary="Every registered indicator (name, group, title, parameters).",
             tag="indicators")
    async def list_indicators(fmt: str = Depends(output), offset: Offset = 0, limit: Limit = DEFAULT_LIMIT):
        return await table(("indicators",), hemigov.list_indicators, fmt, offset, limit, "indicators")

    @listing("/api/indicator-parameters", summary="Every indicator's parameters: type, default, choices, help.",
             tag="indicators")
    async def list_indicator_parameters(fmt: str = Depends(output), offset: Offset = 0,
                                        limit: Limit = DEFAULT_LIMIT):
        return await table(("indicator-parameters",), _parameters, fmt, offset, limit, "indicator_parameters")

    indicator_routes.add_routes(router, backend)

    # -- replication and claims -------------------------------------------------------------------------------
    @listing("/api/replication", summary="The paper's exhibits rebuilt cell by cell (printed vs computed).",
             tag="replication")
    async def list_replication(fmt: str = Depends(output), offset: Offset = 0, limit: Limit = DEFAULT_LIMIT,
                               exhibit: Annotated[str | None, Query(pattern=EXHIBIT)] = None):
        """``exhibit``: fig1, fig2, fig3, table1, table2 or table3 (default: all)."""
        return await table(("replication", exhibit), lambda: service.replication(exhibit),
                           fmt, offset, limit, f"replication_{exhibit or 'all'}")

    @listing("/api/claims", summary="The claims ledger, evaluated as of the paper, the latest data or both.",
             tag="replication")
    async def list_claims(fmt: str = Depends(output), offset: Offset = 0, limit: Limit = DEFAULT_LIMIT,
                          as_of: Literal["latest", "paper", "both"] = "latest"):
        return await table(("claims", as_of), lambda: service.claims(as_of), fmt, offset, limit, f"claims_{as_of}")

    # -- events and effects --------------------------------------------------------------------------------------
    @listing("/api/events", summary="Dated policy events and published figures (v_events).", tag="events")
    async def list_events(fmt: str = Depends(output), offset: Offset = 0, limit: Limit = DEFAULT_LIMIT,
                          topic: Annotated[str | None, Query(max_length=200, description="Topics, comma-separated")]
                          = None, actor: Text = None, kind: Literal["event", "figure"] | None = None,
                          since: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
                          until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None):
        args = (topic, actor, kind, since, until)
        return await table(("events", *args), lambda: events_frame(*args), fmt, offset, limit, "events")

    @listing("/api/effects/cases", summary="The built-in effect case studies and whether each is estimable.",
             tag="effects")
    async def list_cases(fmt: str = Depends(output), offset: Offset = 0, limit: Limit = DEFAULT_LIMIT):
        return await table(("cases",), service.case_studies, fmt, offset, limit, "case_studies")

    @router.get("/api/effects/cases/{case}", tags=["effects"], responses=TABLE_RESPONSES,
                summary="One case study's effect estimate: rate ratio, people, 95% intervals, path, warnings.")
    async def one_case(case: Annotated[str, Path(pattern=NAME)], fmt: str = Depends(output)):
        """JSON: the full estimate; CSV (``?format=csv``): its observed/fitted/counterfactual path."""
        res = await cached(("effect", case), lambda: service.effect(case))
        if fmt == "csv":
            return table_response(res["path"], fmt="csv", filename=case)
        return JSONResponse(jsonable({**res, "warehouse": backend.fingerprint()}))

    return router


def _parameters():
    import pandas as pd

    from hemigov import indicators

    return pd.concat([indicators.describe(n).assign(indicator=n) for n in sorted(indicators.REGISTRY)],
                     ignore_index=True)[["indicator", "parameter", "type", "default", "choices", "help"]]


def events_frame(topic: str | None, actor: str | None, kind: str | None, since: str | None, until: str | None):
    """Validate the event filters against the timeline's own vocabulary, then read v_events."""
    a, b = parse_date("since", since), parse_date("until", until)
    if a and b and b < a:
        raise ApiError(400, f"until {b} is before since {a}")
    vocab = service.event_vocabulary()
    topics = None
    if topic:
        topics = tuple(sorted({t.strip().lower() for t in topic.split(",") if t.strip()}))
        bad = [t for t in topics if t not in vocab["topic"]]
        if bad:
            raise ApiError(400, f"unknown topic {bad[0]!r}; known: {', '.join(vocab['topic'])}")
    act = actor.strip().lower() if actor else None
    if act and act not in vocab["actor"]:
        raise ApiError(400, f"unknown actor {actor!r}; known: {', '.join(vocab['actor'])}")
    return service.events(topics, act, kind, a, b)

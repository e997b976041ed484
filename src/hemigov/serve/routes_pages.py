"""Dashboard pages: server-rendered Jinja2 (autoescaped) with Vega-Lite charts drawn by the vendored Vega JS.

Pages read the same cached computations as the API (same keys), so a page and its API call show the same
numbers; every page's footer lists the datasets and vintages behind it with checksums, licences and citations.
"""

from __future__ import annotations

import functools
import math
from typing import Annotated, Literal
from urllib.parse import urlencode

import pandas as pd
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

import hemigov
from hemigov.core.errors import HemigovError
from hemigov.serve import assets, charts, service
from hemigov.serve.indicator_routes import hashable, validate
from hemigov.serve.respond import jsonable, sources
from hemigov.serve.routes_api import events_frame
from hemigov.serve.validate import ISO3, ApiError, strict_query

NAV = [("/explorer", "Explorer"), ("/fair-share", "Fair shares"), ("/countries", "Countries"),
       ("/claims", "Claims ledger"), ("/events", "Events")]
SCHEME_LABELS = [("paper", "The paper's regions (IRCC style)"), ("unhcr", "UNHCR regional bureaux"),
                 ("m49", "UN M49 regions"), ("m49_subregion", "UN M49 sub-regions")]
KEY_LABELS = [("population", "Population"), ("gdp", "GDP"), ("gni", "GNI (Oxfam's method)"),
              ("pop_gdp", "50% population, 50% GDP"), ("eu2015", "EU 2015 relocation key"),
              ("grech", "Grech's corrected key")]
PEERS = ("CAN", "USA", "AUS", "GBR", "DEU", "SWE", "NOR", "NZL", "FRA")
FAIR_CANDIDATES = PEERS + ("NLD", "FIN", "DNK", "IRL", "BEL", "CHE", "AUT", "ITA", "ESP", "PRT", "JPN", "KOR",
                           "MEX", "BRA", "ARG", "CHL", "COL", "URY", "CRI", "PER", "ECU", "PAN")
CITE = ("hemigov contributors (2026). hemigov: Canada and the Western hemisphere's displacement crises, as checkable "
        "software [Computer software].")


def fmt(v, kind: str = "text") -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if kind == "int":
        return f"{v:,.0f}"
    if kind == "pct":
        return f"{100 * v:.2f}%"
    if kind == "ratio":
        return f"{v:.3f}"
    if kind == "num":
        return f"{v:,.1f}"
    return str(v)


def _env() -> Environment:
    env = Environment(loader=PackageLoader("hemigov.serve", "templates"),
                      autoescape=select_autoescape(["html"], default=True), auto_reload=False)
    env.filters["fmt"] = fmt
    return env


ENV = _env()


def render(request: Request, template: str, status: int = 200, **ctx) -> HTMLResponse:
    backend = request.app.state.backend
    base = {"version": hemigov.__version__, "nav": NAV, "fingerprint": backend.fingerprint(), "cite": CITE,
            "sources": [], "charts": False, "error": None, "active": request.url.path}
    return HTMLResponse(ENV.get_template(template).render({**base, **ctx}), status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, title=f"Error {status}", error=message)


def records(df: pd.DataFrame) -> list[dict]:
    return jsonable(df)


def memoised(backend):
    """Decorator: keep each page's HTML (and status) per path and query string under the current warehouse."""
    def deco(handler):
        @functools.wraps(handler)
        async def wrapper(request: Request, **kw):
            key = ("page", request.url.path, request.url.query)
            hit = backend.peek(key)
            if hit is not None:
                return HTMLResponse(hit[0], status_code=hit[1])
            resp = await handler(request, **kw)
            if resp.status_code in (200, 400):
                backend.put(key, (resp.body, resp.status_code))
            return resp
        return wrapper
    return deco


def build(backend) -> APIRouter:
    router = APIRouter(dependencies=[Depends(strict_query)], include_in_schema=False)
    page = memoised(backend)

    async def provenance(df: pd.DataFrame) -> list[dict]:
        """The page's (dataset, vintage) pairs with sha256, licence, citation and URL from v_datasets."""
        pairs = sources(df)
        files = await backend.get(("datasets", None, None), lambda: service.datasets(None, None))
        out = []
        for p in pairs:
            m = files[(files.dataset == p["dataset"]) & (files.vintage == p["vintage"])]
            row = m.iloc[0].to_dict() if len(m) else {}
            url = row.get("source_url") or ""
            out.append({**p, "sha256": row.get("sha256"), "licence": row.get("licence"),
                        "citation": row.get("citation"),
                        "source_url": url if str(url).startswith(("https://", "http://")) else ""})
        return out

    async def indicator(name: str, raw: dict) -> pd.DataFrame:
        from hemigov.indicators import get

        bound = validate(get(name), raw)
        return await backend.get(("indicator", name, hashable(bound)), lambda: service.indicator(name, bound))

    # -- static ----------------------------------------------------------------------------------------------
    @router.get("/static/vega.js")
    async def vega_js(request: Request):
        data = await _in_thread(assets.vega_bundle)
        return _static(request, data, "text/javascript; charset=utf-8")

    @router.get("/static/{name}")
    async def static(request: Request, name: Annotated[str, Path(pattern=r"^serve\.(css|js)$")]):
        return _static(request, assets.own(name), assets.FILES[name])

    # -- pages -----------------------------------------------------------------------------------------------
    @router.get("/", response_class=HTMLResponse)
    @page
    async def index(request: Request):
        files = await backend.get(("datasets", None, None), lambda: service.datasets(None, None))
        inds = await backend.get(("indicators",), hemigov.list_indicators)
        return render(request, "index.html", title="hemigov dashboard", n_datasets=files.dataset.nunique(),
                      n_files=len(files), n_indicators=len(inds))

    @router.get("/explorer", response_class=HTMLResponse)
    @page
    async def explorer(request: Request,
                       destination: Annotated[str, Query(pattern=r"^([A-Za-z]{3}|all)$")] = "CAN",
                       scheme: Literal["paper", "unhcr", "m49", "m49_subregion"] = "paper",
                       start: Annotated[int, Query(ge=1900, le=2100)] = 2015,
                       end: Annotated[int, Query(ge=1900, le=2100)] = 2020):
        dests = await backend.get(("destinations",), service.resettlement_destinations)
        lo, hi = await backend.get(("resettlement-years",), service.resettlement_years)
        destination = destination if destination == "all" else destination.upper()
        form = {"destination": destination, "scheme": scheme, "start": start, "end": end}
        ctx = {"title": "Explorer: who gets resettled, against who is displaced", "form": form,
               "destinations": records(dests), "schemes": SCHEME_LABELS, "years": list(range(lo, hi + 1))}
        if destination != "all" and destination not in set(dests.iso3):
            return render(request, "explorer.html", 400, **ctx,
                          error=f"{destination!r} has no UNHCR resettlement arrivals; choose one from the list")
        if end < start:
            return render(request, "explorer.html", 400, **ctx, error=f"'To' year {end} is before 'From' year {start}")
        params = {"destination": destination, "years": f"{start}-{end}", "scheme": scheme}
        try:
            df = await indicator("representation", params)
        except (HemigovError, ApiError) as e:
            return render(request, "explorer.html", 400, **ctx, error=str(getattr(e, "message", e)))
        df = df.sort_values("d_r", ascending=False)
        names = dict(zip(dests.iso3, dests.name, strict=False))
        q = urlencode(params)
        return render(request, "explorer.html", **ctx, rows=records(df), columns=REP_COLUMNS,
                      dest_name=names.get(destination, "all resettlement countries"),
                      scheme_label=dict(SCHEME_LABELS)[scheme], period=df.period.iloc[0],
                      total=float(df.resettled_total.iloc[0]), dissimilarity=float(df.dissimilarity.iloc[0]),
                      spec=charts.representation(df), charts=True, sources=await provenance(df),
                      api_url=f"/api/indicators/representation?{q}", csv_url=f"/api/indicators/representation.csv?{q}")

    @router.get("/fair-share", response_class=HTMLResponse)
    @page
    async def fair_share(request: Request,
                         key: Literal["population", "gdp", "gni", "pop_gdp", "eu2015", "grech"] = "gni",
                         target: Annotated[str, Query(max_length=20)] = "",
                         years: Literal["2015-2020", "2010-2014", "2015-2019", "2020-2024"] = "2015-2020",
                         countries: Annotated[list[str] | None, Query(max_length=60)] = None):
        cands = await backend.get(("countries", ()), lambda: service.countries())
        names = dict(zip(cands.iso3, cands.name, strict=False))
        picked = [c.upper() for c in (countries or list(PEERS))]
        bad = [c for c in picked if c not in FAIR_CANDIDATES]
        form = {"key": key, "target": target or None, "years": years, "countries": picked}
        ctx = {"title": "Fair-share calculator", "form": form, "keys": KEY_LABELS,
               "periods": ["2015-2020", "2010-2014", "2015-2019", "2020-2024"],
               "candidates": [{"iso3": c, "name": names.get(c, c)} for c in FAIR_CANDIDATES]}
        if bad:
            return render(request, "fairshare.html", 400, **ctx, error=f"not a candidate country: {bad[0]!r}")
        params = {"countries": ",".join(picked), "key": key, "years": years}
        if target:
            params["target"] = target
        try:
            df = await indicator("fair_share", params)
        except (HemigovError, ApiError) as e:
            return render(request, "fairshare.html", 400, **ctx, error=str(getattr(e, "message", e)))
        df = df.assign(name=df.iso3.map(names))
        q = urlencode(params)
        return render(request, "fairshare.html", **ctx, rows=records(df), columns=FAIR_COLUMNS,
                      key_label=dict(KEY_LABELS)[key], target=float(df.target.iloc[0]), region=df.region.iloc[0],
                      period=df.period.iloc[0], weight_year=int(df.weight_year.iloc[0]), charts=True,
                      spec=charts.fair_share(df), sources=await provenance(df),
                      api_url=f"/api/indicators/fair_share?{q}", csv_url=f"/api/indicators/fair_share.csv?{q}")

    @router.get("/countries", response_class=HTMLResponse)
    @page
    async def countries_page(request: Request):
        df = await backend.get(("countries", ()), lambda: service.countries())
        return render(request, "countries.html", title="Countries", rows=records(df), columns=COUNTRY_COLUMNS,
                      sources=[{"dataset": "countries.csv", "vintage": "package",
                                "citation": "hemigov's reviewed country table"}])

    @router.get("/countries/{iso3}", response_class=HTMLResponse)
    @page
    async def country_page(request: Request, iso3: Annotated[str, Path(pattern=ISO3)]):
        c = await backend.get(("country", iso3), lambda: service.country(iso3))
        row = c.iloc[0]
        members = await backend.get(("memberships", iso3), lambda: service.memberships(iso3))
        series = await backend.get(("profile", iso3), lambda: service.profile_series(iso3))
        facts = [("ISO3", row.iso3), ("Kind", row.kind), ("Paper region", row.paper_region),
                 ("UNHCR region", row.unhcr_region), ("UN M49 region", row.m49_region),
                 ("UN M49 sub-region", row.m49_subregion), ("World Bank income group", row.wb_income_group)]
        latest = series.sort_values("year").groupby("measure", as_index=False).tail(1)
        return render(request, "country.html", title=f"{row['name']} ({iso3})", iso3=iso3, facts=facts,
                      spec=charts.profile(series) if len(series) else None, charts=len(series) > 0,
                      latest=records(latest), latest_columns=LATEST_COLUMNS, memberships=records(members),
                      membership_columns=MEMBER_COLUMNS, sources=await provenance(series))

    @router.get("/claims", response_class=HTMLResponse)
    @page
    async def claims_page(request: Request, as_of: Literal["latest", "paper", "both"] = "latest"):
        df = await backend.get(("claims", as_of), lambda: service.claims(as_of))
        counts = df.status.value_counts().sort_index()
        src = df[["sources"]]
        return render(request, "claims.html", title="Claims ledger", as_of=as_of, rows=records(df),
                      columns=CLAIM_COLUMNS, counts=list(counts.items()), sources=await provenance(src))

    @router.get("/events", response_class=HTMLResponse)
    @page
    async def events_page(request: Request, topic: Annotated[str, Query(max_length=40)] = "",
                          actor: Annotated[str, Query(max_length=40)] = "",
                          kind: Literal["", "event", "figure"] = ""):
        vocab = await backend.get(("event-vocabulary",), service.event_vocabulary)
        form = {"topic": topic, "actor": actor, "kind": kind}
        args = (topic or None, actor or None, kind or None, None, None)
        df = await backend.get(("events", *args), lambda: events_frame(*args))
        df = df.assign(date=pd.to_datetime(df["date"]).dt.strftime("%Y-%m-%d"))
        q = urlencode({k: v for k, v in form.items() if v})
        return render(request, "events.html", title="Events timeline", form=form, vocab=vocab, rows=records(df),
                      columns=EVENT_COLUMNS, spec=charts.events(df) if len(df) else None, charts=len(df) > 0,
                      sources=await provenance(df), api_url=f"/api/events?{q}", csv_url=f"/api/events.csv?{q}")

    return router


async def _in_thread(fn):
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn)


def _static(request: Request, data: bytes, media_type: str) -> Response:
    tag = assets.etag(data)
    headers = {"ETag": tag, "Cache-Control": "public, max-age=3600"}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=media_type, headers=headers)


REP_COLUMNS = [("region", "Origin region", "text"), ("resettled", "Resettled", "int"),
               ("s_r", "Share of resettled (s_r)", "pct"), ("displaced", "Cross-border displaced", "int"),
               ("d_r", "Share of displaced (d_r)", "pct"), ("ratio", "Ratio s_r/d_r", "ratio")]
FAIR_COLUMNS = [("iso3", "ISO3", "text"), ("name", "Country", "text"), ("weight", "Weight", "pct"),
                ("fair_share", "Fair share (places)", "num"), ("actual", "Actual (resettled)", "int"),
                ("performance", "Performance (actual ÷ fair share)", "ratio")]
COUNTRY_COLUMNS = [("iso3", "ISO3", "text"), ("name", "Name", "text"), ("kind", "Kind", "text"),
                   ("paper_region", "Paper region", "text"), ("unhcr_region", "UNHCR region", "text"),
                   ("m49_subregion", "UN M49 sub-region", "text"), ("wb_income_group", "Income group", "text")]
LATEST_COLUMNS = [("measure", "Measure", "text"), ("year", "Latest year", "text"), ("persons", "People", "int"),
                  ("dataset", "Dataset", "text"), ("vintage", "Vintage", "text")]
MEMBER_COLUMNS = [("grouping_name", "Grouping", "text"), ("role", "Role", "text"), ("start_year", "From", "text"),
                  ("end_year", "To", "text"), ("note", "Note", "text")]
CLAIM_COLUMNS = [("id", "Claim", "text"), ("as_of", "As of", "text"), ("status", "Status", "text"),
                 ("paper_value", "Paper", "text"), ("computed_value", "Computed", "text"), ("unit", "Unit", "text"),
                 ("period", "Period", "text"), ("quote", "Quote", "text"), ("sources", "Sources", "text")]
EVENT_COLUMNS = [("date", "Date", "text"), ("date_precision", "Precision", "text"), ("kind", "Kind", "text"),
                 ("actor", "Actor", "text"), ("topic", "Topic", "text"), ("title", "Title", "text"),
                 ("value", "Value", "text"), ("unit", "Unit", "text"), ("confidence", "Confidence", "text"),
                 ("source_kind", "Source kind", "text")]

"""Dashboard pages: server-rendered Jinja2 (autoescaped) with Vega-Lite charts drawn by the vendored Vega JS.

- Every view's controls are a GET form, so its query string is its state: a copied link reproduces the view.
- Every chart also exists under ``/embed/...`` (no navigation, the chart and its source line), the only pages
  other sites may frame.
- Pages read the same cached computations as the API (same keys), so a page and its API call show the same
  numbers, written by the one formatter (``hemigov.style.numbers``); every page's footer names each file behind
  it with sha256, licence and citation (``hemigov.series.catalogue.describe``).
"""

from __future__ import annotations

import functools
from typing import Annotated, Literal
from urllib.parse import urlencode

import pandas as pd
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from hemigov import series
from hemigov.core.errors import HemigovError, unknown
from hemigov.core.meta import VERSION, hemigov
from hemigov.core.periods import parse as parse_period
from hemigov.core.provenance import COLUMN, Provenance
from hemigov.geo import regions
from hemigov.serve import assets, charts, maps, relative, service
from hemigov.serve.indicator_routes import hashable, validate
from hemigov.serve.respond import jsonable, sources
from hemigov.serve.routes_api import events_frame
from hemigov.serve.service import NotFound, found
from hemigov.serve.validate import ApiError, strict_query
from hemigov.style import numbers

NAV = [("/explorer", "Explorer"), ("/money", "Money and pathways"), ("/map", "Map"), ("/fair-share", "Fair shares"),
       ("/scenarios", "Policy options"), ("/pledges", "Pledges"), ("/countries", "Countries"),
       ("/claims", "Claims ledger"), ("/events", "Events")]
SCHEME_LABELS = [(k, s.title) for k, s in regions.SCHEMES.items()]
KEY_LABELS = [("population", "Population"), ("gdp", "GDP"), ("gni", "GNI (Oxfam's method)"),
              ("pop_gdp", "50% population, 50% GDP"), ("eu2015", "EU 2015 relocation key"),
              ("grech", "Grech's corrected key")]
VIEW_LABELS = [(k, m.label) for k, m in relative.MODES.items()]
#: Kinds of the one formatter that are numbers (right-aligned cells).
NUMERIC = {"count", "share", "percent", "ratio", "number", "usd", "usd_m"}


def _env() -> Environment:
    env = Environment(loader=PackageLoader("hemigov.serve", "templates"),
                      autoescape=select_autoescape(["html"], default=True), auto_reload=False)
    env.filters["fmt"] = numbers.fmt
    env.filters["sentence"] = lambda t: (str(t)[:1].upper() + str(t)[1:]) if t else ""  # keeps "SP.POP.TOTL"
    env.globals["NUMERIC"] = NUMERIC
    return env


ENV = _env()


def _defaults(name: str) -> dict:
    """An indicator's registered defaults (the dashboard starts where ``hemigov.indicator`` does)."""
    from hemigov.indicators import get

    return {p.name: p.default for p in get(name).params}


def _years(text: str) -> tuple[int, int]:
    p = parse_period(text, "years")
    return p.first_year, p.last_year


def render(request: Request, template: str, status: int = 200, **ctx) -> HTMLResponse:
    backend = request.app.state.backend
    embed = request.url.path.startswith("/embed/")
    query = request.url.query
    page_path = request.url.path.removeprefix("/embed")
    base = {"version": VERSION, "nav": NAV, "fingerprint": backend.fingerprint(), "cite": hemigov().apa(),
            "sources": [], "charts": False, "error": None, "active": page_path, "embed": embed,
            "page_url": page_path + (f"?{query}" if query else ""),
            "embed_url": f"{str(request.base_url).rstrip('/')}/embed{page_path}" + (f"?{query}" if query else ""),
            "can_embed": False}
    return HTMLResponse(ENV.get_template(template).render({**base, **ctx}), status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, title=f"Error {status}", error=message)


def records(df: pd.DataFrame) -> list[dict]:
    return jsonable(df)


def memoised(backend):
    """Decorator: keep each page's HTML (and status) per host, path and query string under the current
    warehouse (a redirect or a server error is never kept)."""
    def deco(handler):
        @functools.wraps(handler)
        async def wrapper(request: Request, **kw):
            key = ("page", request.headers.get("host", ""), request.url.path, request.url.query)
            hit = backend.peek(key)
            if hit is not None:
                return HTMLResponse(hit[0], status_code=hit[1])
            resp = await handler(request, **kw)
            if resp.status_code in (200, 400, 404):
                backend.put(key, (resp.body, resp.status_code))
            return resp
        return wrapper
    return deco


def _message(e: Exception) -> str:
    return e.one_line() if isinstance(e, HemigovError) else str(getattr(e, "message", e))


def build(backend) -> APIRouter:
    router = APIRouter(dependencies=[Depends(strict_query)], include_in_schema=False)
    page = memoised(backend)

    def get(*paths: str):
        """Register one handler at each path (the page and its ``/embed/`` chart)."""
        def deco(fn):
            for p in paths:
                router.add_api_route(p, fn, methods=["GET"], response_class=HTMLResponse)
            return fn
        return deco

    async def indicator(name: str, raw: dict) -> pd.DataFrame:
        from hemigov.indicators import get as registered

        bound = validate(registered(name), raw)
        return await backend.get(("indicator", name, hashable(bound)), lambda: service.indicator(name, bound))

    async def destinations() -> pd.DataFrame:
        return await backend.get(("destinations",), service.resettlement_destinations)

    # -- static ----------------------------------------------------------------------------------------------
    @router.get("/static/vega.js")
    async def vega_js(request: Request):
        data = await _in_thread(assets.vega_bundle)
        return assets.static(request, data, "text/javascript; charset=utf-8")

    @router.get("/static/maps/{name}")
    async def map_file(request: Request, name: str):
        if name not in assets.MAP_FILES:
            raise NotFound(f"no such map file {name!r}; the map is {', '.join(assets.MAP_FILES)}")
        return assets.static(request, assets.topojson(name), assets.MAP_FILES[name])

    @router.get("/static/{name}")
    async def static(request: Request, name: str):
        if name not in assets.FILES:
            raise NotFound(f"no such file: /static/{name}")
        return assets.static(request, assets.own(name), assets.FILES[name])

    # -- pages -----------------------------------------------------------------------------------------------
    @router.get("/", response_class=HTMLResponse)
    @page
    async def index(request: Request):
        files = await backend.get(("datasets", None, None), lambda: service.datasets(None, None))
        src = await backend.get(("indicator-sources",), service.indicator_sources)
        current = files[files.is_current]
        return render(request, "index.html", title="hemigov dashboard", n_datasets=files.dataset.nunique(),
                      n_files=len(files), n_indicators=len(src), sources=sources(current))

    @get("/explorer", "/embed/explorer")
    @page
    async def explorer(request: Request,
                       destination: Annotated[str, Query(max_length=40)] = "",
                       scheme: Annotated[str, Query(max_length=40)] = "",
                       start: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                       end: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                       view: Annotated[str, Query(max_length=20)] = "absolute"):
        d = _defaults("representation")
        dests = await destinations()
        lo, hi = await backend.get(("resettlement-years",), service.resettlement_years)
        first, last = _years(d["years"])
        destination = (destination or d["destination"]).strip()
        destination = "all" if destination.lower() == "all" else destination.upper()
        form = {"destination": destination, "scheme": scheme or d["scheme"], "start": start or first,
                "end": end or last, "view": view}
        ctx = {"title": "Explorer: who gets resettled, against who is displaced", "form": form,
               "destinations": records(dests), "schemes": SCHEME_LABELS, "years": list(range(lo, hi + 1)),
               "views": VIEW_LABELS, "can_embed": True}
        problem = None
        if destination != "all" and destination not in set(dests.iso3):
            problem = str(unknown("resettlement country (UNHCR arrivals)", destination, ["all", *dests.iso3],
                                  where="destination"))
        elif form["end"] < form["start"]:
            problem = f"'To' year {form['end']} is before 'From' year {form['start']}"
        elif view not in relative.MODES:
            problem = str(unknown("view", view, relative.MODES, where="view"))
        if problem:
            return render(request, "explorer.html", 400, **ctx, error=problem)
        params = {"destination": destination, "years": f"{form['start']}-{form['end']}", "scheme": form["scheme"]}
        try:
            df = await indicator("representation", params)
            cmp_df, note = await backend.get(("compared", destination, form["start"], form["end"], view),
                                             lambda: compare_destinations(destination, form["start"], form["end"],
                                                                          view))
        except (HemigovError, ApiError) as e:
            return render(request, "explorer.html", 400, **ctx, error=_message(e))
        df = df.sort_values("d_r", ascending=False)
        names = dict(zip(dests.iso3, dests.name, strict=False))
        q = urlencode(params)
        return render(request, "explorer.html", **ctx, rows=records(df), columns=REP_COLUMNS,
                      dest_name=names.get(destination, "all resettlement countries"),
                      scheme_label=dict(SCHEME_LABELS)[form["scheme"]], period=df.period.iloc[0],
                      total=float(df.resettled_total.iloc[0]), dissimilarity=float(df.dissimilarity.iloc[0]),
                      spec=charts.representation(df), charts=True, sources=sources(df, cmp_df),
                      compare_spec=charts.compared(cmp_df, note["unit"], note["kind"], destination),
                      compare_rows=records(cmp_df), compare_columns=compare_columns(note), note=note,
                      api_url=f"/api/indicators/representation?{q}", csv_url=f"/api/indicators/representation.csv?{q}")

    @get("/map", "/embed/map")
    @page
    async def map_page(request: Request,
                       measure: Annotated[str, Query(max_length=40)] = "displaced_origin",
                       year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                       area: Annotated[str, Query(max_length=20)] = "americas",
                       view: Annotated[str, Query(max_length=20)] = "absolute",
                       destination: Annotated[str, Query(max_length=40)] = "CAN",
                       tab: Literal["map", "table"] = "map"):
        dests = await destinations()
        dest = "all" if destination.strip().lower() == "all" else destination.strip().upper()
        form = {"measure": measure, "year": year, "area": area, "view": view, "destination": dest, "tab": tab}
        ctx = {"title": "Map: displacement and resettlement by country", "form": form,
               "measures": [(k, m.title) for k, m in maps.MEASURES.items()], "areas": list(maps.AREAS.items()),
               "views": VIEW_LABELS, "destinations": records(dests), "can_embed": True}
        try:
            key = ("map", measure, year, area, view, dest)
            df, note = await backend.get(key, lambda: maps.values(measure, year, area, view, dest))
            lo, hi = await backend.get(("map-years", measure), lambda: maps.years(measure))
        except (HemigovError, ApiError) as e:
            return render(request, "map.html", 400, **ctx, error=_message(e), years=[])
        form["year"] = note["year"]
        q = urlencode({k: v for k, v in form.items() if k != "tab" and v is not None})
        links = {t: f"/map?{q}&tab={t}" for t in ("map", "table")}
        return render(request, "map.html", **ctx, note=note, rows=records(df), years=list(range(lo, hi + 1)),
                      columns=map_columns(note), spec=charts.choropleth(df, note), charts=True, links=links,
                      sources=sources(df), api_url=f"/api/map?{q}", csv_url=f"/api/map.csv?{q}")

    @get("/fair-share", "/embed/fair-share")
    @page
    async def fair_share(request: Request,
                         key: Literal["population", "gdp", "gni", "pop_gdp", "eu2015", "grech"] = "gni",
                         target: Annotated[str, Query(max_length=20)] = "",
                         start: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                         end: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                         countries: Annotated[list[str] | None, Query(max_length=80)] = None):
        d = _defaults("fair_share")
        first, last = _years(d["years"])
        lo, hi = await backend.get(("resettlement-years",), service.resettlement_years)
        cands = await backend.get(("fair-candidates",), fair_candidates)
        default_codes = regions.country_codes([d["countries"]], "countries")
        submitted = countries is not None
        picked = [c.strip().upper() for c in (countries or []) if c.strip()] if submitted else default_codes
        form = {"key": key, "target": target or None, "start": start or first, "end": end or last,
                "countries": picked}
        ctx = {"title": "Fair-share calculator", "form": form, "keys": KEY_LABELS, "years": list(range(lo, hi + 1)),
               "candidates": records(cands), "can_embed": True}
        known = set(cands.iso3)
        bad = [c for c in picked if c not in known]
        problem = None
        if submitted and len(picked) < 2:
            problem = ("no sharing countries selected: tick at least two countries" if not picked else
                       "only one sharing country selected: tick at least two countries")
        elif bad:
            problem = str(unknown("sharing country", bad[0], sorted(known), where="countries"))
        elif form["end"] < form["start"]:
            problem = f"'To' year {form['end']} is before 'From' year {form['start']}"
        if problem:
            return render(request, "fairshare.html", 400, **ctx, error=problem)
        params = {"countries": ",".join(picked), "key": key, "years": f"{form['start']}-{form['end']}"}
        if target:
            params["target"] = target
        try:
            df = await indicator("fair_share", params)
        except (HemigovError, ApiError) as e:
            return render(request, "fairshare.html", 400, **ctx, error=_message(e))
        names = dict(zip(cands.iso3, cands.name, strict=False))
        df = df.assign(name=df.iso3.map(names))
        q = urlencode(params)
        return render(request, "fairshare.html", **ctx, rows=records(df), columns=FAIR_COLUMNS,
                      key_label=dict(KEY_LABELS)[key], target=float(df.target.iloc[0]), region=df.region.iloc[0],
                      period=df.period.iloc[0], weight_year=int(df.weight_year.iloc[0]), charts=True,
                      spec=charts.fair_share(df), sources=sources(df),
                      api_url=f"/api/indicators/fair_share?{q}", csv_url=f"/api/indicators/fair_share.csv?{q}")

    @router.get("/countries", response_class=HTMLResponse)
    @page
    async def countries_page(request: Request, q: Annotated[str, Query(max_length=80)] = ""):
        df = await backend.get(("countries", tuple((k, None) for k in service.COUNTRY_FILTERS)),
                               lambda: service.countries())
        shown = _search(df, q)
        return render(request, "countries.html", title="Countries", rows=records(shown), columns=COUNTRY_COLUMNS,
                      total=len(df), q=q, sources=sources(df))

    @get("/countries/{code}", "/embed/countries/{code}")
    @page
    async def country_page(request: Request, code: Annotated[str, Path(max_length=40)],
                           view: Annotated[str, Query(max_length=20)] = "absolute"):
        row = await backend.get(("country", code.upper()), lambda: found(service.country, code))
        iso3 = str(row.iso3)
        if code != iso3:  # /countries/ven -> /countries/VEN: one address per country
            prefix = "/embed" if request.url.path.startswith("/embed/") else ""
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(f"{prefix}/countries/{iso3}{query}", status_code=308)
        members = await backend.get(("memberships", iso3), lambda: service.memberships(iso3))
        ctx = {"title": f"{row['name']} ({iso3})", "iso3": iso3, "views": VIEW_LABELS, "form": {"view": view},
               "can_embed": True}
        facts = [("ISO3", row.iso3), ("ISO numeric (M49)", row.m49), ("Kind", row.kind),
                 ("Paper region", row.paper_region), ("UNHCR region", row.unhcr_region),
                 ("UN M49 region", row.m49_region), ("UN M49 sub-region", row.m49_subregion),
                 ("World Bank income group", row.wb_income_group)]
        try:
            series_df, note = await backend.get(("profile", iso3, view), lambda: profile_view(iso3, view))
        except (HemigovError, ApiError) as e:
            return render(request, "country.html", 400, **ctx, facts=facts, memberships=records(members),
                          membership_columns=MEMBER_COLUMNS, error=_message(e), sources=[])
        latest = series_df.dropna(subset=["value"]).sort_values("year").groupby("measure", as_index=False).tail(1)
        own = pd.DataFrame({COLUMN: [row[COLUMN]]})
        return render(request, "country.html", **ctx, facts=facts, note=note,
                      spec=charts.profile(series_df, note["unit"], note["kind"]) if len(latest) else None,
                      charts=len(latest) > 0, latest=records(latest), latest_columns=latest_columns(note),
                      memberships=records(members), membership_columns=MEMBER_COLUMNS,
                      sources=sources(pd.concat([own, series_df[[COLUMN]], members[[COLUMN]]])))

    @router.get("/claims", response_class=HTMLResponse)
    @page
    async def claims_page(request: Request, as_of: Literal["latest", "paper", "both"] = "latest"):
        df = await backend.get(("claims", as_of), lambda: service.claims(as_of))
        counts = df.status.value_counts().sort_index()
        shown = df.assign(datasets=[", ".join(Provenance.of(s).datasets()) if isinstance(s, str) else ""
                                    for s in df[COLUMN]])
        return render(request, "claims.html", title="Claims ledger", as_of=as_of, rows=records(shown),
                      columns=CLAIM_COLUMNS, counts=list(counts.items()), sources=sources(df))

    @get("/events", "/embed/events")
    @page
    async def events_page(request: Request, topic: Annotated[str, Query(max_length=40)] = "",
                          actor: Annotated[str, Query(max_length=40)] = "",
                          kind: Literal["", "event", "figure"] = ""):
        vocab = await backend.get(("event-vocabulary",), service.event_vocabulary)
        form = {"topic": topic, "actor": actor, "kind": kind}
        args = (topic or None, actor or None, kind or None, None, None)
        ctx = {"title": "Events timeline", "form": form, "vocab": vocab, "can_embed": True}
        try:
            df = await backend.get(("events", *args), lambda: events_frame(*args))
        except (HemigovError, ApiError) as e:
            return render(request, "events.html", 400, **ctx, error=_message(e), rows=[], columns=EVENT_COLUMNS)
        shown = df.assign(when=[numbers.date(d, p) for d, p in zip(df["date"], df["date_precision"], strict=True)],
                          date=df["date"].dt.strftime("%Y-%m-%d"))
        q = urlencode({k: v for k, v in form.items() if v})
        if shown.empty:
            ctx["error"] = "no events match this selection; widen it (a topic, actor or kind of 'all')"
        return render(request, "events.html", **ctx, rows=records(shown), columns=EVENT_COLUMNS,
                      spec=charts.events(shown) if len(shown) else None, charts=len(shown) > 0,
                      sources=sources(df if len(df) else await backend.get(("events", *(None,) * 5), events_frame)),
                      api_url=f"/api/events?{q}", csv_url=f"/api/events.csv?{q}")

    return router


# -- what the pages compute beside the indicators ------------------------------------------------------------
def fair_candidates() -> pd.DataFrame:
    """The countries a fair share can be computed for: every resettlement country (UNHCR) and the peers, by name."""
    dest = service.resettlement_destinations()
    c = service.countries()
    codes = set(dest.iso3) | set(regions.PEERS)
    return c[c.iso3.isin(codes)][["iso3", "name", COLUMN]].sort_values("name", ignore_index=True)


def compare_destinations(destination: str, start: int, end: int, view: str) -> tuple[pd.DataFrame, dict]:
    """UNHCR resettlement arrivals over ``start``-``end`` by resettlement country — the peers and the chosen
    destination — in the chosen view (per-capita denominators of the period's last year)."""
    relative.mode(view)
    r = series.resettlement.by_destination("unhcr")  # memoised, a row per year and country: cheap to slice
    r = r[r.year.between(start, end)]
    total = float(r.persons.sum())
    codes = list(dict.fromkeys([*([destination] if destination != "all" else []), *regions.PEERS]))
    r = r[r.destination_iso3.isin(codes)]
    persons, files = {}, {}
    for iso3, n, text in zip(r.destination_iso3, r.persons, r[COLUMN], strict=True):  # a few dozen rows
        persons[iso3] = persons.get(iso3, 0) + int(n)
        files.setdefault(iso3, []).append(text)
    names = series.reference.country_names()
    by = pd.DataFrame({"iso3": list(persons), "persons": list(persons.values()),
                       COLUMN: [Provenance.of(*files[c]).text() for c in persons]}).assign(year=end)
    out, note = relative.relative(by, view, total=total)
    out = out.assign(name=[names.get(c) for c in out.iso3]).sort_values("value", ascending=False, ignore_index=True)
    if view == "share":
        note = {**note, "text": f"share of every UNHCR resettlement arrival worldwide in {start}-{end} "
                                f"({numbers.fmt(total, 'count')} people)"}
    return out, {**note, "period": f"{start}-{end}"}


def profile_view(iso3: str, view: str) -> tuple[pd.DataFrame, dict]:
    """A country's profile series in the chosen view (denominators of each value's own year)."""
    df = service.profile_series(iso3).assign(iso3=iso3)
    if view == "share":
        totals = service.world_totals().set_index(["measure", "year"])["persons"]
        tot = pd.Series([totals.get((m, y), float("nan")) for m, y in zip(df.measure, df.year, strict=True)],
                        index=df.index)
        out, note = relative.relative(df, view, total=tot)
        note = {**note, "text": "share of the world total of the same measure and year (UNHCR)"}
        return out, note
    return relative.relative(df, view)


def _search(df: pd.DataFrame, q: str) -> pd.DataFrame:
    """Countries whose name or ISO3 contains ``q`` (case-insensitive)."""
    t = q.strip().lower()
    if not t:
        return df
    hit = df.name.str.lower().str.contains(t, regex=False) | df.iso3.str.lower().str.contains(t, regex=False)
    return df[hit]


async def _in_thread(fn):
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn)


# -- tables: (column, heading, kind of the one formatter) ----------------------------------------------------
REP_COLUMNS = [("region", "Origin region", "text"), ("resettled", "Resettled", "count"),
               ("s_r", "Share of resettled (s_r)", "share"), ("displaced", "Cross-border displaced", "count"),
               ("d_r", "Share of displaced (d_r)", "share"), ("ratio", "Ratio s_r/d_r", "ratio")]
FAIR_COLUMNS = [("iso3", "ISO3", "text"), ("name", "Country", "text"), ("weight", "Weight", "share"),
                ("fair_share", "Fair share (places)", "count"), ("actual", "Actual (resettled)", "count"),
                ("performance", "Performance (actual ÷ fair share)", "ratio")]
COUNTRY_COLUMNS = [("iso3", "ISO3", "text"), ("name", "Name", "text"), ("kind", "Kind", "text"),
                   ("paper_region", "Paper region", "text"), ("unhcr_region", "UNHCR region", "text"),
                   ("m49_subregion", "UN M49 sub-region", "text"), ("wb_income_group", "Income group", "text")]
MEMBER_COLUMNS = [("grouping_name", "Grouping", "text"), ("role", "Role", "text"), ("start_year", "From", "year"),
                  ("end_year", "To", "year"), ("note", "Note", "text")]
CLAIM_COLUMNS = [("id", "Claim", "text"), ("as_of", "As of", "text"), ("status", "Status", "text"),
                 ("paper_value", "Paper", "number"), ("computed_value", "Computed", "number"),
                 ("unit", "Unit", "text"), ("period", "Period", "text"), ("quote", "Quote", "text"),
                 ("datasets", "Datasets", "text")]
EVENT_COLUMNS = [("when", "Date", "text"), ("kind", "Kind", "text"), ("actor", "Actor", "text"),
                 ("topic", "Topic", "text"), ("title", "Title", "text"), ("value", "Value", "number"),
                 ("unit", "Unit", "text"), ("confidence", "Confidence", "text"), ("source_kind", "Source kind", "text"),
                 ("source_url", "Source", "link")]


def relative_columns(note: dict) -> list[tuple[str, str, str]]:
    """The columns a per-capita or share view adds: the value and, for rates, its denominator and year."""
    cols = []
    if note["view"] != "absolute":
        cols.append(("value", note["unit"].capitalize(), note["kind"]))
    if note["view"] in ("per_1000", "per_gdp_ppp"):
        cols += [("denominator", "Denominator", "number"), ("denominator_year", "Its year", "year")]
    return cols


def compare_columns(note: dict) -> list[tuple[str, str, str]]:
    return [("name", "Resettlement country", "text"), ("persons", f"Arrivals {note['period']}", "count"),
            *relative_columns(note)]


def latest_columns(note: dict) -> list[tuple[str, str, str]]:
    return [("measure", "Measure", "text"), ("year", "Latest year", "year"), ("persons", "People", "count"),
            *relative_columns(note)]


def map_columns(note: dict) -> list[tuple[str, str, str]]:
    cols = [("name", "Country", "text"), ("iso3", "ISO3", "text"), ("m49", "M49", "text")]
    if note["measure"] == "representation":
        return cols + [("resettled", "Resettled", "count"), ("s_r", "Share of resettled", "share"),
                       ("displaced", "Cross-border displaced", "count"), ("d_r", "Share of displaced", "share"),
                       ("value", "Ratio", "ratio")]
    return [*cols, ("persons", "People", "count"), *relative_columns(note)]

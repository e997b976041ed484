"""hemigov serve: every API endpoint (TestClient), provenance on every list and page, errors with the closest
valid choice, fields/sort/paging, ETag/HEAD/405, embeds, the map and the per-capita views, escaping, caching,
bounds, and a schemathesis run against the app's own OpenAPI document with zero 5xx responses.

The app runs over a private warehouse initialised from the embedded snapshot, in which Mexico's name is
replaced by a string containing ``<script>`` (the escaping test)."""

from __future__ import annotations

import io
import os
import re

import duckdb
import pandas as pd
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

EVIL = 'Mexico <script>alert("x")</script> & Co'


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A private data home (snapshot) with Mexico's name replaced by EVIL."""
    h = tmp_path_factory.mktemp("serve_home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEMIGOV_HOME", str(h))
        from hemigov.warehouse import reader, store

        store.connect().close()
        reader.close()  # DuckDB allows one configuration per open file: release the held read connection
        con = duckdb.connect(str(h / "warehouse.duckdb"))
        con.execute("UPDATE countries SET name = ? WHERE iso3 = 'MEX'", [EVIL])
        con.close()
        yield h


@pytest.fixture(scope="module")
def app(home):
    from hemigov.serve import create_app

    return create_app()


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def sql(q: str, params: list | None = None) -> pd.DataFrame:
    import hemigov

    return hemigov.query(q, params)


def ok(client, url: str) -> dict:
    r = client.get(url)
    assert r.status_code == 200, (url, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def err(client, url: str, status: int) -> str:
    r = client.get(url, follow_redirects=False)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error"} and body["error"]["status"] == status and body["error"]["message"]
    msg = body["error"]["message"]
    assert "\n" not in msg and "Error" not in msg.split(":")[0], msg  # one line, no exception class names
    return msg


def csv(client, url: str) -> pd.DataFrame:
    r = client.get(url)
    assert r.status_code == 200, (url, r.text[:300])
    assert r.headers["content-type"].startswith("text/csv")
    return pd.read_csv(io.StringIO(r.text))


def assert_named(sources: list[dict], where: str) -> None:
    """Each route or page names at least one file with dataset, vintage, sha256 and licence — and every source
    it names is a loaded file with its checksum (no escape clause)."""
    assert sources, f"{where}: no sources"
    loaded = set(sql("SELECT dataset, vintage, sha256 FROM v_datasets").itertuples(index=False, name=None))
    for s in sources:
        assert (s["dataset"], s["vintage"], s["sha256"]) in loaded, (where, s)
        assert s["licence"], (where, s)


# -- provenance: every list route and every page names its files ----------------------------------------------
def list_routes(app) -> list[str]:
    """Every GET list route of the OpenAPI document (the JSON ones), with parameters that give rows."""
    fill = {"{dataset}": "unhcr.solutions", "{grouping}": "NTCA"}
    out = []
    for path, ops in app.openapi()["paths"].items():
        op = ops.get("get")
        if not op or path.endswith(".csv") or path == "/api/health":
            continue
        if "{iso3}" in path or "{case}" in path:
            continue  # single objects: tested below
        for k, v in fill.items():
            path = path.replace(k, v)
        out.append(path)
    return out


def test_every_list_route_names_its_sources(client, app):
    routes = list_routes(app)
    assert len(routes) >= 24 and "/api/replication" in routes and "/api/claims" in routes
    for url in routes:
        d = ok(client, url)
        assert d["total"] > 0, url
        assert_named(d["sources"], url)
        assert {"total", "offset", "limit", "count", "next", "previous", "columns", "sort", "data"} <= set(d), url
    # the single objects too
    assert_named(ok(client, "/api/countries/CAN")["sources"], "/api/countries/CAN")
    assert_named(ok(client, "/api/effects/cases/roxham-2017")["sources"], "/api/effects/cases/roxham-2017")
    # the package datasets name the country table and the groupings
    assert {s["dataset"] for s in ok(client, "/api/countries")["sources"]} == {"hemigov.countries"}
    assert {s["dataset"] for s in ok(client, "/api/groupings")["sources"]} == {"hemigov.groupings"}
    # the replication names the computed values' files and the paper's printed facts
    rep = {s["dataset"] for s in ok(client, "/api/replication?exhibit=table3")["sources"]}
    assert "paper.table3" in rep and any(d.startswith("irb.") or d.startswith("unhcr.") for d in rep), rep


PAGES = ("/", "/explorer", "/map", "/fair-share", "/countries", "/countries/CAN", "/claims", "/events",
         "/embed/explorer", "/embed/map", "/embed/fair-share", "/embed/countries/VEN", "/embed/events")


def footer_sources(html: str) -> list[dict]:
    """The (dataset, vintage, sha256, licence) a page's footer (or an embed's source line) names."""
    out = []
    for m in re.finditer(r"dataset <code>([^<]+)</code>,\s*release ([^,]+), sha256 <code title=\"([0-9a-f]{64})\">"
                         r"[0-9a-f]{12}</code>; licence: ([^;<]+)", html):
        out.append({"dataset": m[1], "vintage": m[2], "sha256": m[3], "licence": m[4]})
    for m in re.finditer(r"<code>([^<@]+)@([^<]+)</code>, sha256 ([0-9a-f]{12}), ([^)]+)\)", html):
        sha = sql("SELECT sha256 FROM v_datasets WHERE dataset = ? AND vintage = ?", [m[1], m[2]]).sha256
        out.append({"dataset": m[1], "vintage": m[2], "sha256": sha.iloc[0] if len(sha) and
                    sha.iloc[0].startswith(m[3]) else "", "licence": m[4]})
    return out


def test_every_page_names_its_sources(client):
    for url in PAGES:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")
        assert_named(footer_sources(r.text), url)
    assert "hemigov contributors" in client.get("/explorer").text
    assert "unhcr.solutions" in client.get("/explorer").text
    assert "timeline.events" in client.get("/events").text


def test_claims_footer_lists_every_dataset_of_a_multi_source_claim(client):
    import hemigov

    claims = hemigov.claims(as_of="latest")
    multi = claims[claims.sources.str.contains(";", na=False)]
    assert len(multi), "no claim with two sources"
    page = footer_sources(client.get("/claims").text)
    named = {(s["dataset"], s["vintage"]) for s in page}
    from hemigov.core.provenance import Provenance

    for text in multi.sources:
        for pair in Provenance.parse(text).pairs():
            assert pair in named, pair
    assert_named(page, "/claims")


# -- datasets and vintages --------------------------------------------------------------------------------------
def test_datasets_and_vintages(client):
    d = ok(client, "/api/datasets")
    truth = sql("SELECT dataset, vintage, sha256 FROM v_datasets")
    assert d["total"] == len(truth) == len(d["data"])
    assert {(r["dataset"], r["vintage"], r["sha256"]) for r in d["data"]} == set(truth.itertuples(index=False))
    assert {"licence", "citation", "is_current"} <= set(d["columns"])
    # paging is bounded and consistent
    p = ok(client, "/api/datasets?limit=5&offset=5")
    assert [r["sha256"] for r in p["data"]] == [r["sha256"] for r in d["data"][5:10]]
    assert p["count"] == 5 and p["next"] == "/api/datasets?limit=5&offset=10"
    assert p["previous"] == "/api/datasets?limit=5"
    last = ok(client, f"/api/datasets?limit=5&offset={d['total'] - 2}")
    assert last["count"] == 2 and last["next"] is None
    # filters and one dataset's vintages
    sol = ok(client, "/api/datasets/unhcr.solutions")["data"]
    assert sol and {r["dataset"] for r in sol} == {"unhcr.solutions"}
    assert len(ok(client, "/api/datasets?current=true")["data"]) == int(
        sql("SELECT count(*) n FROM v_datasets WHERE is_current").n.iloc[0])
    assert "did you mean unhcr.solutions?" in err(client, "/api/datasets/unhcr.solution", 404)
    assert "did you mean unhcr.solutions?" in err(client, "/api/datasets?dataset=unhcr.solution", 400)
    v = ok(client, "/api/vintages")
    assert v["total"] == truth.dataset.nunique()
    # CSV both ways, provenance kept
    a, b = csv(client, "/api/vintages.csv"), csv(client, "/api/vintages?format=csv")
    pd.testing.assert_frame_equal(a, b)
    assert list(a.dataset) == [r["dataset"] for r in v["data"]] and "sources" in a.columns


# -- fields, sorting, paging ------------------------------------------------------------------------------------
def test_fields_and_sort(client):
    d = ok(client, "/api/countries?fields=iso3,name&sort=-iso3&limit=3")
    assert d["columns"] == ["iso3", "name"] and set(d["data"][0]) == {"iso3", "name"}
    everything = sql("SELECT iso3 FROM v_countries ORDER BY iso3 DESC").iso3
    assert [r["iso3"] for r in d["data"]] == list(everything[:3])
    assert d["total"] == len(everything) and d["sort"] == ["-iso3"]
    assert_named(d["sources"], "fields without sources")  # the envelope keeps the provenance of the rows
    two = ok(client, "/api/datasets?sort=dataset,-vintage&fields=dataset,vintage")["data"]
    assert two == sorted(two, key=lambda r: (r["dataset"], [-ord(ch) for ch in r["vintage"]]))
    c = csv(client, "/api/countries.csv?fields=iso3&sort=iso3")
    assert list(c.columns) == ["iso3", "sources"] and list(c.iso3) == sorted(c.iso3)  # CSV keeps its sources
    assert "did you mean name?" in err(client, "/api/countries?fields=iso3,nmae", 400)
    assert "did you mean rows?" in err(client, "/api/datasets?sort=-rowz", 400)
    # indicators too: the largest share of resettled first
    rep = ok(client, "/api/indicators/representation?destination=CAN&years=2015-2020&sort=-s_r&fields=region,s_r")
    assert [r["s_r"] for r in rep["data"]] == sorted((r["s_r"] for r in rep["data"]), reverse=True)
    assert rep["data"][0]["region"] == "Middle East and North Africa"


# -- HTTP conventions: ETag, HEAD, 405 ------------------------------------------------------------------------------
def test_etag_head_and_allow(client, app):
    url = "/api/indicators/representation?destination=CAN&years=2015-2020"
    r = client.get(url)
    tag = r.headers["etag"]
    assert r.status_code == 200 and r.headers["cache-control"] == "public, no-cache"
    assert client.get(url).headers["etag"] == tag  # stable while the warehouse is the same
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(url.replace("2015", "2016")).headers["etag"] != tag  # another request, another tag
    assert client.get("/explorer", headers={"If-None-Match": client.get("/explorer").headers["etag"]}).status_code \
        == 304
    # errors are never cached
    bad = client.get("/api/countries/QQQ")
    assert bad.status_code == 404 and "etag" not in bad.headers and bad.headers["cache-control"] == "no-store"
    # HEAD on every GET route: same status and headers, no body
    for path in list_routes(app)[:12] + ["/explorer", "/map", "/api/docs", "/static/vega.js", "/api/health"]:
        g, h = client.get(path), client.head(path)
        assert h.status_code == g.status_code == 200, path
        assert h.content == b"" and h.headers["content-type"] == g.headers["content-type"], path
        assert h.headers.get("content-length") == g.headers.get("content-length"), path
    # 405 with Allow
    for method in ("post", "put", "delete", "patch"):
        r = getattr(client, method)("/api/countries")
        assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD", method
        assert "read-only" in r.json()["error"]["message"]
    assert client.post("/explorer").headers["allow"] == "GET, HEAD"


def test_etag_changes_with_the_warehouse(client, app, home):
    url = "/api/countries?limit=1"
    before = client.get(url).headers["etag"]
    st = os.stat(home / "warehouse.duckdb")
    os.utime(home / "warehouse.duckdb", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # a new warehouse
    after = client.get(url, headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["etag"] != before


# -- countries, regions, groupings --------------------------------------------------------------------------------
def test_countries_regions_groupings(client):
    c = ok(client, "/api/countries?unhcr_region=The Americas")
    iso = {r["iso3"] for r in c["data"]}
    from hemigov.geo.regions import AMERICAS

    assert iso == set(AMERICAS.members()) and "FRA" not in iso
    assert "did you mean The Americas?" in err(client, "/api/countries?unhcr_region=Americas", 400)
    names = [r["name"] for r in ok(client, "/api/countries")["data"]]
    assert names == sorted(names, key=str.lower) or names == sorted(names)  # by name
    one = ok(client, "/api/countries/CAN")
    assert one["country"]["name"] == "Canada" and one["country"]["paper_region"] == "Western hemisphere"
    assert "CUSMA" in {m["grouping"] for m in one["memberships"]}
    assert ok(client, "/api/countries/can")["country"]["iso3"] == "CAN"  # case-insensitive
    assert "did you mean CAN?" in err(client, "/api/countries/CNA", 404)
    # The Northern Triangle is El Salvador, Guatemala and Honduras (groupings.csv).
    ntca = ok(client, "/api/groupings/NTCA")["data"]
    assert {r["iso3"] for r in ntca} == {"SLV", "GTM", "HND"}
    assert {r["iso3"] for r in ok(client, "/api/groupings/ntca")["data"]} == {r["iso3"] for r in ntca}
    assert "did you mean NTCA?" in err(client, "/api/groupings/NTAC", 404)
    g = ok(client, "/api/groupings")["data"]
    assert {"NTCA", "MERCOSUR", "MIRPS", "CUSMA"} <= {r["grouping"] for r in g}
    regions = ok(client, "/api/regions?scheme=paper")["data"]
    from hemigov.geo.regions import PAPER_REGIONS

    assert {r["region"] for r in regions} == {r.label for r in PAPER_REGIONS}
    assert sum(r["countries"] for r in regions) == 239
    assert "unknown scheme 'galactic'" in err(client, "/api/regions?scheme=galactic", 422)
    assert len(csv(client, "/api/countries.csv")) == ok(client, "/api/countries")["total"]


# -- indicators ------------------------------------------------------------------------------------------------
def test_indicator_list_and_parameters_match_registry(client, app):
    import hemigov
    from hemigov.indicators import REGISTRY

    lst = ok(client, "/api/indicators")
    assert {r["name"] for r in lst["data"]} == set(REGISTRY) == set(hemigov.list_indicators().name)
    rep = next(r for r in lst["data"] if r["name"] == "representation")
    assert "unhcr.solutions" in rep["sources"]  # the files the indicator reads with its defaults
    params = ok(client, "/api/indicator-parameters")["data"]
    assert {(r["indicator"], r["parameter"]) for r in params} == {(n, p.name) for n, i in REGISTRY.items()
                                                                  for p in i.params}
    spec = app.openapi()
    for name, ind in REGISTRY.items():
        op = spec["paths"][f"/api/indicators/{name}"]["get"]
        declared = {p["name"]: p for p in op["parameters"]}
        for p in ind.params:
            assert p.name in declared, (name, p.name)
            if p.choices and p.kind == "str":
                assert declared[p.name]["schema"]["enum"] == list(p.choices)
        assert f"/api/indicators/{name}.csv" in spec["paths"]


def test_openapi_describes_every_parameter_with_an_example(app):
    spec = app.openapi()
    missing = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for p in op.get("parameters", []):
                if not (p.get("description") or p.get("schema", {}).get("description")) and p["name"] not in (
                        "format",):
                    missing.append(f"{method} {path} {p['name']}: no description")
                if "example" not in p and "examples" not in p and "examples" not in p.get("schema", {}):
                    missing.append(f"{method} {path} {p['name']}: no example")
    assert not missing, "\n".join(missing[:20])


def test_representation_reproduces_the_papers_one_percent(client):
    """Canada 2015-2020, UNHCR resettlement by the paper's regions: 1,341 of 160,645 came from the Western
    hemisphere (docs/indicators.md; the paper: "only one percent"). Checked against a direct SQL count."""
    d = ok(client, "/api/indicators/representation?destination=CAN&years=2015-2020&scheme=paper")
    row = next(r for r in d["data"] if r["region"] == "Western hemisphere")
    direct = sql("SELECT sum(r.persons) AS n FROM v_resettlement r JOIN v_countries c ON c.iso3 = r.origin_iso3 "
                 "WHERE r.destination_iso3 = 'CAN' AND r.source = 'unhcr' AND r.year BETWEEN 2015 AND 2020 "
                 "AND c.paper_region = 'Western hemisphere'").n.iloc[0]
    total = sql("SELECT sum(persons) AS n FROM v_resettlement WHERE destination_iso3 = 'CAN' AND source = 'unhcr' "
                "AND year BETWEEN 2015 AND 2020").n.iloc[0]
    assert row["resettled"] == direct == 1341 and row["resettled_total"] == total == 160645
    assert row["s_r"] == pytest.approx(1341 / 160645)
    assert d["indicator"] == "representation"
    assert "unhcr.solutions" in {s["dataset"] for s in d["sources"]}
    c = csv(client, "/api/indicators/representation.csv?destination=CAN&years=2015-2020&scheme=paper")
    assert c.set_index("region").loc["Western hemisphere", "resettled"] == 1341


def test_every_indicator_with_defaults_equals_the_python_api(client):
    import hemigov
    from hemigov.indicators import REGISTRY

    for name in REGISTRY:
        got = pd.DataFrame(ok(client, f"/api/indicators/{name}")["data"])
        want = hemigov.indicator(name)
        assert list(got.columns) == list(want.columns), name
        assert len(got) == len(want), name
        num = want.select_dtypes("number").columns
        assert (got[num].astype(float).fillna(-1).to_numpy() ==
                pytest.approx(want[num].astype(float).fillna(-1).to_numpy(), rel=1e-12)), name


def test_fair_share_shares_sum_to_target(client):
    d = ok(client, "/api/indicators/fair_share?countries=CAN,USA,AUS,MEX&key=gni&target=1000")
    df = pd.DataFrame(d["data"])
    assert set(df.iso3) == {"CAN", "USA", "AUS", "MEX"}
    assert df.fair_share.sum() == pytest.approx(1000)
    assert list(df.performance) == pytest.approx(list(df.actual / df.fair_share))
    # Oxfam's method: shares proportional to GNI (Atlas, WDI) in the weight year
    gni = sql("SELECT iso3, value FROM v_economy WHERE indicator = 'NY.GNP.ATLS.CD' AND year = ? "
              "AND iso3 IN ('CAN','USA','AUS','MEX')", [int(df.weight_year.iloc[0])]).set_index("iso3").value
    for r in df.itertuples():
        assert r.fair_share == pytest.approx(1000 * gni[r.iso3] / gni.sum(), rel=1e-9)


def test_indicator_parameters_are_strictly_validated(client):
    base = "/api/indicators/representation"
    assert "unknown query parameter 'colour'" in err(client, f"{base}?colour=red", 400)
    assert "not one of paper, unhcr" in err(client, f"{base}?scheme=galactic", 400)
    assert "outside the data" in err(client, f"{base}?years=1950-1960", 400)
    assert "more than once" in err(client, f"{base}?years=2015&years=2016", 400)
    assert "longer than" in err(client, f"{base}?destination={'A' * 500}", 400)
    assert "years" in err(client, f"{base}?years=soon", 400)
    err(client, "/api/indicators/fair_share?target=-5", 400)
    err(client, "/api/indicators/fair_share?target=nan", 400)
    err(client, "/api/indicators/fair_share?countries=CAN", 400)  # at least two sharing countries
    assert "did you mean representation?" in err(client, "/api/indicators/representaton", 404)
    err(client, f"{base}?limit=100000", 422)
    assert "unknown format 'xml'" in err(client, f"{base}?format=xml", 422)


# -- the map and the per-capita views ------------------------------------------------------------------------------
def test_map_values_equal_the_series(client):
    from hemigov import series
    from hemigov.geo.regions import AMERICAS

    d = ok(client, "/api/map?measure=displaced_origin&area=americas&limit=10000")
    year = d["note"]["year"]
    by = series.displacement.by_origin()
    want = by[(by.year == year) & by.origin_iso3.isin(AMERICAS.members())].set_index("origin_iso3").persons
    got = {r["iso3"]: r["persons"] for r in d["data"] if r["persons"] is not None}
    assert got == {k: v for k, v in want.items() if pd.notna(v)} and got["VEN"] > 1_000_000
    c = series.reference.countries()
    mapped = set(c[c.m49.notna() & (c.kind != "pseudo")].iso3)
    assert {r["iso3"] for r in d["data"]} == set(AMERICAS.members()) & mapped == set(AMERICAS.members())
    assert all(r["m49"] for r in d["data"])
    # per 1,000 inhabitants: persons / WDI population of that year (or the year before) × 1,000
    per = ok(client, f"/api/map?measure=displaced_origin&year={year}&view=per_1000&limit=10000")
    ven = next(r for r in per["data"] if r["iso3"] == "VEN")
    pop = series.economy.economy((series.economy.POPULATION,))
    den = pop[(pop.iso3 == "VEN") & (pop.year == ven["denominator_year"])].value.iloc[0]
    assert ven["value"] == pytest.approx(1000 * ven["persons"] / den) and ven["denominator"] == den
    assert "SP.POP.TOTL" in per["note"]["text"] and "worldbank.wdi.sp.pop.totl" in per["note"]["sources"]
    assert "worldbank.wdi.sp.pop.totl" in {s["dataset"] for s in per["sources"]}
    share = ok(client, f"/api/map?measure=resettled_to&area=world&view=share&year={year}&limit=10000")
    assert sum(r["value"] or 0 for r in share["data"]) == pytest.approx(1.0, abs=1e-6)
    rep = ok(client, "/api/map?measure=representation&destination=all&area=world&year=2024&limit=10000")
    assert all(r["value"] is None or r["value"] >= 0 for r in rep["data"])
    assert "already relative" in err(client, "/api/map?measure=representation&view=per_1000", 400)
    assert "outside the data" in err(client, "/api/map?year=1950", 400)
    assert "did you mean CAN?" in err(client, "/api/map?measure=representation&destination=CNA", 400)
    assert "unknown measure" in err(client, "/api/map?measure=happiness", 422)


def test_the_map_is_drawn_from_the_shipped_topojson(client):
    r = client.get("/static/maps/countries-50m.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    import hashlib

    from hemigov.core.paths import PACKAGE_DATA

    note = (PACKAGE_DATA / "maps" / "PROVENANCE.md").read_text()
    assert hashlib.sha256(r.content).hexdigest() in note and "world-atlas" in note and "2.0.2" in note
    ids = {g.get("id") for g in r.json()["objects"]["countries"]["geometries"]}
    from hemigov import series

    m49 = set(series.reference.countries().m49.dropna())
    assert {"124", "840", "484", "862", "076"} <= ids & m49  # Canada, USA, Mexico, Venezuela, Brazil
    page = client.get("/map").text
    assert '"url": "/static/maps/countries-50m.json"' in page and '"key": "m49"' in page


def test_country_views_per_capita_and_share(client):
    from hemigov import series

    absolute = client.get("/countries/VEN").text
    per = client.get("/countries/VEN?view=per_1000").text
    assert "Per 1,000 inhabitants" in per and "SP.POP.TOTL" in per and "worldbank.wdi.sp.pop.totl" in per
    assert absolute != per
    share = client.get("/countries/VEN?view=share").text
    assert "share of the world total" in share.lower()
    # the latest 'displaced from' in the table equals the series, in the one formatter's words
    by = series.displacement.by_origin()
    ven = by[by.origin_iso3 == "VEN"].sort_values("year").iloc[-1]
    from hemigov.style import numbers

    assert numbers.fmt(ven.persons, "count") in absolute
    assert client.get("/countries/VEN?view=galactic").status_code == 400


# -- errors, redirects, empty selections ---------------------------------------------------------------------------
def test_country_pages_are_case_insensitive(client):
    r = client.get("/countries/ven?view=per_1000", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == "/countries/VEN?view=per_1000"
    assert client.get("/embed/countries/can", follow_redirects=False).headers["location"] == "/embed/countries/CAN"
    bad = client.get("/countries/CNA")
    assert bad.status_code == 404 and "did you mean CAN?" in bad.text


def test_dashboard_answers_empty_and_bad_selections(client):
    r = client.get("/fair-share?key=gni&start=2015&end=2020&countries=")  # every country unticked
    assert r.status_code == 400 and "no sharing countries selected" in r.text
    r = client.get("/fair-share?countries=&countries=CAN")
    assert r.status_code == 400 and "only one sharing country" in r.text
    r = client.get("/explorer?destination=ZZZ")
    assert r.status_code == 400 and 'role="alert"' in r.text
    r = client.get("/explorer?destination=CNA")
    assert r.status_code == 400 and "did you mean CAN?" in r.text
    r = client.get("/countries?q=zzzz")
    assert r.status_code == 200 and "No country or territory matches" in r.text
    assert client.get("/events?topic=stca&actor=mexico&kind=figure").status_code == 200


def test_dashboard_numbers_use_the_shared_formatter(client):
    pages = [client.get(u).text for u in ("/explorer", "/fair-share", "/countries/CAN", "/claims", "/events",
                                          "/map?tab=table", "/explorer?view=per_1000")]
    cells = [c for p in pages for c in re.findall(r'<td data-col="[^"]+" class="num"[^>]*>([^<]*)</td>', p)]
    assert len(cells) > 100
    raw = [c for c in cells if re.fullmatch(r"-?\d+\.\d{5,}|-?\d{4,}\.0", c)]
    assert not raw, raw[:10]  # never 4000000.0 or 0.1234567
    ev = client.get("/events").text
    whens = re.findall(r'<td data-col="when">([^<]*)</td>', ev)
    from hemigov import series

    e = series.reference.events()
    assert whens == [d.strftime({"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[p])
                     for d, p in zip(e.date, e.date_precision, strict=True)]
    assert {"day", "month", "year"} <= set(e.date_precision)
    assert 'data-col="source_kind">official<' in ev and 'rel="noreferrer noopener" target="_blank">source</a>' in ev


def test_countries_sorted_by_name_with_a_search(client):
    page = client.get("/countries").text
    names = re.findall(r'<td data-col="name">([^<]*)</td>', page)
    import html

    from hemigov import series

    assert [html.unescape(n) for n in names] == list(series.reference.countries().name)
    assert 'id="country-search"' in page
    ven = client.get("/countries?q=venez").text
    assert re.findall(r'<td data-col="iso3"><a href="/countries/([A-Z]{3})"', ven) == ["VEN"]


# -- embeds and framing --------------------------------------------------------------------------------------------
def test_only_embeds_may_be_framed(client):
    for url in ("/explorer", "/map", "/countries/CAN", "/api/countries", "/api/docs"):
        r = client.get(url)
        assert r.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in \
            r.headers["content-security-policy"], url
    for url in ("/embed/explorer", "/embed/map?measure=resettled_to", "/embed/countries/CAN", "/embed/events",
                "/embed/fair-share"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "x-frame-options" not in r.headers and "frame-ancestors *" in r.headers["content-security-policy"]
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert 'class="embed-source"' in r.text and '<nav aria-label="Pages">' not in r.text, url
    full = client.get("/explorer?destination=USA&scheme=unhcr").text
    assert "/embed/explorer?destination=USA&amp;scheme=unhcr" in full  # the embed code keeps the view


# -- replication, claims, events, effects ------------------------------------------------------------------------
def test_replication_and_claims(client):
    import hemigov

    t3 = ok(client, "/api/replication?exhibit=table3")
    want = hemigov.replicate("table3")
    assert t3["total"] == len(want)
    assert sorted(r["id"] for r in t3["data"]) == sorted(want.id)
    assert "did you mean table1?" in err(client, "/api/replication?exhibit=table9", 400)
    claims = ok(client, "/api/claims?as_of=paper")
    assert claims["total"] == len(hemigov.claims(as_of="paper")) > 40
    assert {r["as_of"] for r in claims["data"]} == {"paper"}
    assert len(csv(client, "/api/claims.csv?as_of=both")) == 2 * claims["total"]


def test_events_from_the_timeline(client):
    from hemigov import series

    allv = ok(client, "/api/events?limit=10000")
    assert allv["total"] == len(series.reference.events()) == sql("SELECT count(*) n FROM v_events").n.iloc[0]
    assert "source_kind" in allv["columns"]
    stca = ok(client, "/api/events?topic=stca")["data"]
    assert stca and {r["topic"] for r in stca} == {"stca"}
    assert [r["date"] for r in stca] == sorted(r["date"] for r in stca)
    usa = ok(client, "/api/events?actor=USA&since=2017-01-01&until=2020-12-31")["data"]
    assert usa and all("usa" in r["actor"].lower().split("/") for r in usa)
    assert all("2017-01-01" <= r["date"][:10] <= "2020-12-31" for r in usa)
    assert "unknown topic" in err(client, "/api/events?topic=astrology", 400)
    assert "did you mean stca?" in err(client, "/api/events?topic=stcaa", 400)
    assert "since" in err(client, "/api/events?since=yesterday", 400)
    err(client, "/api/events?since=2020-01-01&until=2019-01-01", 400)
    # injection attempts are plain values
    err(client, "/api/events?actor=' OR 1=1 --", 400)
    assert "unknown kind" in err(client, "/api/countries?kind=' OR '1'='1", 400)


def test_effects_cases(client):
    from hemigov.effects import case_studies

    cases = ok(client, "/api/effects/cases")
    assert {r["case"] for r in cases["data"]} == set(case_studies().case)
    res = ok(client, "/api/effects/cases/stca-2023-rcmp-quebec")
    from hemigov.effects import effect

    want = effect(case="stca-2023-rcmp-quebec")  # the typed EffectResult; the API is its to_dict()
    rr = res["rate_ratio"]
    assert rr["low"] <= rr["value"] <= rr["high"]
    assert rr["value"] == pytest.approx(want.rate_ratio.value) and rr["low"] == pytest.approx(want.rate_ratio.low)
    assert res["people"]["value"] == pytest.approx(want.people.value)
    assert res["path"] and res["series"] == "rcmp:province=Quebec" and res["diagnostics"] == list(want.diagnostics)
    assert_named(res["sources"], "/api/effects/cases/stca-2023-rcmp-quebec")
    path = csv(client, "/api/effects/cases/stca-2023-rcmp-quebec?format=csv")
    assert len(path) == len(res["path"]) == len(want.path) and "sources" in path.columns
    assert list(path.period.astype(str)) == [r["period"] for r in res["path"]]
    assert "did you mean roxham-2017?" in err(client, "/api/effects/cases/roxam-2017", 404)


# -- docs, escaping, headers ----------------------------------------------------------------------------------------
def test_api_docs_are_served_offline(client):
    page = client.get("/api/docs").text
    assert "cdn" not in page.lower() and "<script>" not in page  # no CDN, no inline script
    srcs = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert srcs and all(s.startswith("/") for s in srcs), srcs
    for s in srcs:
        assert client.get(s).status_code == 200, s
    js = client.get("/static/docs/swagger-ui-bundle.js")
    assert js.headers["content-type"].startswith("text/javascript") and len(js.content) > 500_000
    assert client.get("/static/docs/../app.py").status_code == 404


def test_data_is_escaped_everywhere(client):
    for url in ("/countries", "/countries/MEX", "/fair-share?countries=MEX&countries=CAN", "/map?tab=table"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "<script>alert" not in r.text, url
        assert "&lt;script&gt;alert" in r.text or "\\u003cscript\\u003e" in r.text, url
    # the JSON API returns the value itself, as JSON (never as HTML)
    mex = client.get("/api/countries/MEX")
    assert mex.json()["country"]["name"] == EVIL and mex.headers["content-type"] == "application/json"


def test_security_headers_and_hosts(client):
    r = client.get("/explorer")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/health", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/static/vega.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/../app.py").status_code == 404


def test_cache_is_keyed_by_params_and_warehouse(client, app, home):
    b = app.state.backend
    url = "/api/indicators/displacement_share?years=2016-2018&scheme=unhcr"
    ok(client, url)
    hits = b.hits
    ok(client, url.replace("2016-2018&scheme=unhcr", "2016-2018&scheme=unhcr&limit=3"))  # same validated params
    assert b.hits == hits + 1
    st = os.stat(home / "warehouse.duckdb")
    os.utime(home / "warehouse.duckdb", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # a new warehouse
    misses = b.misses
    ok(client, url)
    assert b.misses == misses + 1


def test_cached_errors_keep_their_kind(client):
    """An unknown name is a 404 the first time and every time after (errors are cached as what they are)."""
    for _ in range(3):
        assert "did you mean CAN?" in err(client, "/api/countries/CNA", 404)


def test_timeouts_and_queue_bounds(home):
    from hemigov.serve import create_app

    with TestClient(create_app(timeout=0.001), raise_server_exceptions=False) as c:
        assert "timeout" in err(c, "/api/indicators/host_burden?countries=peers&year=2019", 504)
    with TestClient(create_app(max_pending=0), raise_server_exceptions=False) as c:
        r = c.get("/api/vintages")
        assert r.status_code == 503 and "busy" in r.json()["error"]["message"] and r.headers["retry-after"]


def test_cli_serve(monkeypatch):
    from typer.testing import CliRunner

    from hemigov.cli import app as cli
    from hemigov.commands.serve import is_loopback

    r = CliRunner().invoke(cli, ["serve", "--help"], env={"COLUMNS": "120"})
    assert r.exit_code == 0 and "--port" in r.output and "127.0.0.1" in r.output
    assert "--header-timeout" in r.output and "--max-connections" in r.output
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


# -- schemathesis: the OpenAPI document against the app, zero 5xx ----------------------------------------------
@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


def test_openapi_no_server_errors(api_schema):
    """Every documented operation, fuzzed from its own OpenAPI description (schemathesis strategies driven
    by hypothesis directly, without schemathesis' pytest plugin, which does not follow newer pytest)."""
    from hypothesis import given
    from schemathesis.checks import content_type_conformance, not_a_server_error, status_code_conformance

    operations = [r.ok() for r in api_schema.get_all_operations()]
    assert len(operations) >= 15
    for op in operations:
        @given(case=op.as_strategy())
        @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate(checks=[not_a_server_error, status_code_conformance, content_type_conformance])

        try:
            check()
        except Exception as e:  # name the operation: hypothesis' own report does not
            raise AssertionError(f"{op.method.upper()} {op.path}: {e}") from e

"""hemigov serve: every API endpoint (TestClient), strict validation, escaping, caching, bounds, and a
schemathesis run against the app's own OpenAPI document with zero 5xx responses.

The app runs over a private warehouse initialised from the embedded snapshot, in which Mexico's name is
replaced by a string containing ``<script>`` (the escaping test)."""

from __future__ import annotations

import io
import os

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
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error"} and body["error"]["status"] == status and body["error"]["message"]
    return body["error"]["message"]


def csv(client, url: str) -> pd.DataFrame:
    r = client.get(url)
    assert r.status_code == 200, (url, r.text[:300])
    assert r.headers["content-type"].startswith("text/csv")
    return pd.read_csv(io.StringIO(r.text))


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
    # filters and one dataset's vintages
    sol = ok(client, "/api/datasets/unhcr.solutions")["data"]
    assert sol and {r["dataset"] for r in sol} == {"unhcr.solutions"}
    assert len(ok(client, "/api/datasets?current=true")["data"]) == int(truth.shape[0] and
                                                                       sql("SELECT count(*) n FROM v_datasets "
                                                                           "WHERE is_current").n.iloc[0])
    err(client, "/api/datasets/no.such.dataset", 404)
    v = ok(client, "/api/vintages")
    assert v["total"] == truth.dataset.nunique()
    # CSV both ways
    a, b = csv(client, "/api/vintages.csv"), csv(client, "/api/vintages?format=csv")
    pd.testing.assert_frame_equal(a, b)
    assert list(a.dataset) == [r["dataset"] for r in v["data"]]


# -- countries, regions, groupings --------------------------------------------------------------------------------
def test_countries_regions_groupings(client):
    c = ok(client, "/api/countries?unhcr_region=The Americas")
    iso = {r["iso3"] for r in c["data"]}
    assert {"CAN", "USA", "MEX", "BRA", "VEN"} <= iso and "FRA" not in iso
    assert c["sources"] == [{"dataset": "countries.csv", "vintage": "package"}]
    one = ok(client, "/api/countries/CAN")
    assert one["country"]["name"] == "Canada" and one["country"]["paper_region"] == "Western hemisphere"
    assert "CUSMA" in {m["grouping"] for m in one["memberships"]}
    err(client, "/api/countries/QQQ", 404)
    err(client, "/api/countries/ca", 422)
    # The Northern Triangle is El Salvador, Guatemala and Honduras.
    ntca = ok(client, "/api/groupings/NTCA")["data"]
    assert {r["iso3"] for r in ntca} == {"SLV", "GTM", "HND"}
    err(client, "/api/groupings/NOPE", 404)
    g = ok(client, "/api/groupings")["data"]
    assert {"NTCA", "MERCOSUR", "MIRPS", "CUSMA"} <= {r["grouping"] for r in g}
    regions = ok(client, "/api/regions?scheme=paper")["data"]
    assert {r["region"] for r in regions} == {"Western hemisphere", "Middle East and North Africa",
                                              "Sub-Saharan Africa", "Asia-Pacific", "Europe"}
    err(client, "/api/regions?scheme=galactic", 422)
    assert len(csv(client, "/api/countries.csv")) == ok(client, "/api/countries")["total"]


# -- indicators ------------------------------------------------------------------------------------------------
def test_indicator_list_and_parameters_match_registry(client, app):
    import hemigov
    from hemigov.indicators import REGISTRY

    lst = ok(client, "/api/indicators")
    assert {r["name"] for r in lst["data"]} == set(REGISTRY) == set(hemigov.list_indicators().name)
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
    assert d["parameters"]["years"] == "2015,2020" and d["indicator"] == "representation"
    assert {"dataset": "unhcr.solutions", "vintage": "2026-06"} in d["sources"]
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
    assert "YYYY" in err(client, f"{base}?years=soon", 400)
    err(client, "/api/indicators/fair_share?target=-5", 400)
    err(client, "/api/indicators/fair_share?target=nan", 400)
    err(client, "/api/indicators/fair_share?countries=CAN", 400)  # at least two sharing countries
    err(client, "/api/indicators/nosuch", 404)
    err(client, f"{base}?limit=100000", 422)
    err(client, f"{base}?format=xml", 422)


# -- replication, claims, events, effects ------------------------------------------------------------------------
def test_replication_and_claims(client):
    import hemigov

    t3 = ok(client, "/api/replication?exhibit=table3")
    want = hemigov.replicate("table3")
    assert t3["total"] == len(want)
    assert sorted(r["id"] for r in t3["data"]) == sorted(want.id)
    err(client, "/api/replication?exhibit=table9", 422)
    claims = ok(client, "/api/claims?as_of=paper")
    assert claims["total"] == len(hemigov.claims(as_of="paper")) > 40
    assert {r["as_of"] for r in claims["data"]} == {"paper"}
    assert len(csv(client, "/api/claims.csv?as_of=both")) == 2 * claims["total"]


def test_events_from_v_events(client):
    allv = ok(client, "/api/events?limit=10000")
    assert allv["total"] == sql("SELECT count(*) n FROM v_events").n.iloc[0]
    stca = ok(client, "/api/events?topic=stca")["data"]
    assert stca and {r["topic"] for r in stca} == {"stca"}
    assert [r["date"] for r in stca] == sorted(r["date"] for r in stca)
    usa = ok(client, "/api/events?actor=USA&since=2017-01-01&until=2020-12-31")["data"]
    assert usa and all("usa" in r["actor"].lower().split("/") for r in usa)
    assert all("2017-01-01" <= r["date"][:10] <= "2020-12-31" for r in usa)
    assert "unknown topic" in err(client, "/api/events?topic=astrology", 400)
    assert "not a date" in err(client, "/api/events?since=yesterday", 400)
    err(client, "/api/events?since=2020-01-01&until=2019-01-01", 400)
    # injection attempts are plain values
    err(client, "/api/events?actor=' OR 1=1 --", 400)
    assert ok(client, "/api/countries?kind=' OR '1'='1")["total"] == 0


def test_effects_cases(client):
    from hemigov.effects.cases import CASES

    cases = ok(client, "/api/effects/cases")
    assert {r["case"] for r in cases["data"]} == set(CASES)
    res = ok(client, "/api/effects/cases/stca-2023-rcmp-quebec")
    assert res["ci_low"] <= res["effect_rate_ratio"] <= res["ci_high"]
    assert res["path"] and res["series"] == "rcmp:province=Quebec"
    path = csv(client, "/api/effects/cases/stca-2023-rcmp-quebec?format=csv")
    assert len(path) == len(res["path"])
    err(client, "/api/effects/cases/no-such-case", 404)


def test_missing_feature_is_503_json(home, monkeypatch):
    from hemigov.serve import create_app, service

    real = service.feature
    monkeypatch.setattr(service, "feature", lambda name: False if name in ("effects", "replication") else real(name))
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        for url in ("/api/effects/cases", "/api/effects/cases/roxham-2017", "/api/claims", "/api/replication"):
            assert "feature not installed" in err(c, url, 503)
        assert ok(c, "/api/health")["features"] == {"replication": False, "effects": False}
        assert c.get("/claims").status_code == 503


# -- pages ------------------------------------------------------------------------------------------------------
def test_pages_render_with_provenance(client):
    for url in ("/", "/explorer", "/fair-share", "/countries", "/countries/CAN", "/claims", "/events"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")
        assert "hemigov contributors" in r.text and 'class="provenance"' in r.text, url
    assert "unhcr.solutions" in client.get("/explorer").text  # the footer names the datasets used
    assert "timeline.events" in client.get("/events").text
    r = client.get("/explorer?destination=ZZZ")
    assert r.status_code == 400 and 'role="alert"' in r.text
    assert client.get("/countries/QQQ").status_code == 404


def test_data_is_escaped_everywhere(client):
    for url in ("/countries", "/countries/MEX", "/fair-share?countries=MEX&countries=CAN"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "<script>alert" not in r.text, url
        assert "&lt;script&gt;alert" in r.text or "\\u003cscript\\u003e" in r.text, url
    # the JSON API returns the value itself, as JSON (never as HTML)
    mex = client.get("/api/countries/MEX")
    assert mex.json()["country"]["name"] == EVIL and mex.headers["content-type"] == "application/json"


def test_security_headers_methods_and_hosts(client):
    r = client.get("/explorer")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.post("/api/countries").status_code == 405
    assert client.delete("/api/datasets").status_code == 405
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


def test_timeouts_and_queue_bounds(home):
    from hemigov.serve import create_app

    with TestClient(create_app(timeout=0.001), raise_server_exceptions=False) as c:
        assert "timeout" in err(c, "/api/indicators/host_burden?countries=peers", 504)
    with TestClient(create_app(max_pending=0), raise_server_exceptions=False) as c:
        assert "busy" in err(c, "/api/countries", 503)


def test_cli_serve(monkeypatch):
    from typer.testing import CliRunner

    from hemigov.cli import app as cli
    from hemigov.commands.serve import is_loopback

    r = CliRunner().invoke(cli, ["serve", "--help"])
    assert r.exit_code == 0 and "--port" in r.output and "127.0.0.1" in r.output
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


# -- schemathesis: the OpenAPI document against the app, zero 5xx ----------------------------------------------
@pytest.fixture(scope="module")
def api_schema(app):
    from hemigov.serve import service

    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    if not service.feature("effects"):  # the 503 'not installed' answer is tested above
        schema = schema.exclude(path_regex="^/api/effects")
    if not service.feature("replication"):
        schema = schema.exclude(path_regex="^/api/(replication|claims)")
    return schema


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

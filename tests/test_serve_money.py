"""hemigov serve, money and policy options (issues 16 and 17): the funding, pathway and border routes and the
scenario and pledge routes (TestClient) against the series and hemigov.scenarios they read — real values from
the real files, the two surfaces equal, every envelope naming its files with sha256, bad parameters answered
with the closest valid choice — and the pages /money, /scenarios, /scenarios/{name} and /pledges."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from hemigov.geo.regions import AMERICAS


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEMIGOV_HOME", str(tmp_path_factory.mktemp("money_home")))
        from hemigov.serve import create_app

        with TestClient(create_app(), raise_server_exceptions=False) as c:
            yield c


def ok(client, url: str, **params) -> dict:
    r = client.get(url, params=params)
    assert r.status_code == 200, (url, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def err(client, url: str, status: int, **params) -> str:
    r = client.get(url, params=params)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    msg = r.json()["error"]["message"]
    assert "\n" not in msg and "Error" not in msg.split(":")[0], msg
    return msg


def loaded() -> set[tuple[str, str, str]]:
    from hemigov.series import catalogue

    d = catalogue.datasets()
    return set(zip(d.dataset, d.vintage, d.sha256, strict=True))


def assert_named(sources: list[dict], where: str, datasets: set[str] | None = None) -> None:
    """Every source is a loaded file named with its sha256 and licence (and the expected datasets are there)."""
    assert sources, f"{where}: no sources"
    files = loaded()
    for s in sources:
        assert (s["dataset"], s["vintage"], s["sha256"]) in files, (where, s)
        assert re.fullmatch(r"[0-9a-f]{64}", s["sha256"]) and s["licence"], (where, s)
    if datasets:
        assert datasets <= {s["dataset"] for s in sources}, (where, datasets)


# -- funding --------------------------------------------------------------------------------------------------
def test_canada_to_the_americas_from_unhcr_iati(client):
    """Canada's commitments earmarked to UNHCR's operations in the Americas, US$ millions (PROVENANCE): 2.87 (2016),
    2.49, 1.57, 0.04 (2019), 2.95, 5.04, 9.53, 4.87 (2023); Canada's total 2019 = US$59.73M."""
    from hemigov.series import money

    d = ok(client, "/api/funding", donor="can", region=AMERICAS.label, by="region")
    got = pd.DataFrame(d["data"]).groupby("year").usd_m.sum().round(2)
    assert got.to_dict() == {2016: 2.87, 2017: 2.49, 2018: 1.57, 2019: 0.04, 2020: 2.95, 2021: 5.04, 2022: 9.53,
                             2023: 4.87}
    # the same as the series, to the dollar
    s = money.by_donor_and_region()
    py = s[(s.donor_iso3 == "CAN") & (s.region == AMERICAS.label)].groupby("year").usd.sum()
    api = pd.DataFrame(d["data"]).groupby("year").usd.sum()
    pd.testing.assert_series_equal(api, py, check_names=False, check_index_type=False)
    assert_named(d["sources"], "/api/funding", {"unhcr.iati_transactions_2019", "unhcr.iati_activities_2019"})
    total = ok(client, "/api/funding", donor="Canada", years="2019", by="region")
    assert round(sum(r["usd"] for r in total["data"]) / 1e6, 2) == 59.73
    # per donor and bureau: the MENA figure the issue quotes
    mena = ok(client, "/api/funding", donor="CAN", years="2019", region="Middle East and North Africa")
    assert round(sum(r["usd_m"] for r in mena["data"]), 2) == 30.15


def test_funding_filters_csv_and_donors(client):
    r = client.get("/api/funding.csv", params={"donor": "CAN", "years": "2019", "earmarking": "unearmarked"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    df = pd.read_csv(io.StringIO(r.text))
    assert set(df.earmarking) == {"unearmarked"} and df.region.isna().all() and df.sources.notna().all()
    none = ok(client, "/api/funding", donor="CAN", years="2019", region="none")
    assert {r["earmarking"] for r in none["data"]} == {"unearmarked", "global"}
    donors = ok(client, "/api/funding/donors", fields="donor,name", limit=5)
    assert donors["total"] > 100 and donors["columns"] == ["donor", "name"] and donors["data"][0]["donor"] == "USA"
    assert_named(donors["sources"], "/api/funding/donors")


# -- pathways ---------------------------------------------------------------------------------------------------
def test_agri_food_pilot_from_ircc(client):
    """Agri-Food Pilot (sum of the province rows, TFWP file): 90 in 2021, 370, 635, 630 in 2024."""
    from hemigov.series import pathways

    d = ok(client, "/api/pathways", program="TFWP", category="agri-food pilot", years="2021-2024")
    assert [(r["year"], r["persons"]) for r in d["data"]] == [(2021, 90), (2022, 370), (2023, 635), (2024, 630)]
    p = pathways.year_totals()
    py = p[(p.program == "TFWP") & (p.category == "Agri-Food Pilot") & p.year.between(2021, 2024)]
    assert py.groupby("year").persons.sum().tolist() == [r["persons"] for r in d["data"]]
    assert [r["suppressed_cells"] for r in d["data"]] == py.groupby("year").suppressed.sum().tolist()
    assert_named(d["sources"], "/api/pathways", {"ircc.pr_from_tfwp"})
    # Canada's all-category total is IRCC's printed one
    tot = ok(client, "/api/pathways", program="IMP", years="2015")
    printed = p[(p.program == "IMP") & (p.province == "(all)") & (p.level == "province_total") & (p.year == 2015)]
    assert tot["data"][0]["persons"] == int(printed.persons.iloc[0]) == 48370
    monthly = ok(client, "/api/pathways", category="Agri-Food Pilot", years="2024", freq="month")
    assert monthly["total"] == 12 and all(r["month"] for r in monthly["data"])
    cats = ok(client, "/api/pathways/categories")
    assert "Agri-Food Pilot" in {r["label"] for r in cats["data"]}


# -- the US border ----------------------------------------------------------------------------------------------
def test_border_encounters_by_fiscal_year(client):
    """Swanton sector 1,070 (FY2022), 6,930, 19,390 (FY2024); Northern Land Border FY2024 = 23,720."""
    from hemigov.series import borders

    d = ok(client, "/api/border-encounters", sector="Swanton", fiscal_years="2022-2024")
    assert [(r["fiscal_year"], r["encounters"]) for r in d["data"]] == [(2022, 1070), (2023, 6930), (2024, 19390)]
    assert {r["sheet"] for r in d["data"]} == {"Annual Rgn and Sector"} and d["year"].startswith("US fiscal year")
    e = borders.encounters()
    py = e[(e.sheet == "Annual Rgn and Sector") & (e.sector == "Swanton, VT") & (e.fiscal_year == 2024)]
    assert int(py.encounters.iloc[0]) == 19390
    assert_named(d["sources"], "/api/border-encounters", {"ohss.usbp_encounters"})
    nlb = ok(client, "/api/border-encounters", by="region", fiscal_years="2024")
    assert {r["region"]: r["encounters"] for r in nlb["data"]}["Northern Land Border"] == 23720
    # Mexicans at the northern border, monthly, before and after Canada's visa of 29 February 2024
    m = ok(client, "/api/border-encounters", region="northern land border", citizenship="MEX", freq="month",
           fiscal_years="2024")
    by_month = {r["calendar_month"][:7]: r["encounters"] for r in m["data"]}
    assert 300 <= by_month["2024-01"] <= 760 and 130 <= by_month["2024-04"] <= 230
    assert all(r["fiscal_year"] == 2024 for r in m["data"]) and min(by_month) == "2023-10"


def test_bad_parameters_name_the_closest_choice(client):
    assert "did you mean Canada?" in err(client, "/api/funding", 400, donor="Canda")
    assert f"did you mean {AMERICAS.label}?" in err(client, "/api/funding", 400, region=AMERICAS.label[:-1])
    assert "did you mean Agri-Food Pilot?" in err(client, "/api/pathways", 400, category="Agri Food Pilot")
    assert "did you mean Ontario?" in err(client, "/api/pathways", 400, province="Ontaro")
    assert "did you mean Mexico?" in err(client, "/api/border-encounters", 400, citizenship="Mexco")
    assert "did you mean Swanton?" in err(client, "/api/border-encounters", 400, sector="Swantn")
    assert "not both" in err(client, "/api/border-encounters", 400, sector="Swanton", citizenship="MEX")
    assert "outside the data" in err(client, "/api/pathways", 400, years="1990-2000")
    assert "did you mean region?" in err(client, "/api/border-encounters", 422, by="regoin")
    assert "unknown query parameter" in err(client, "/api/funding", 400, doner="CAN")


def test_etag_and_head_on_the_new_routes(client):
    url = "/api/border-encounters?sector=Swanton"
    r = client.get(url)
    tag = r.headers["etag"]
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
    h = client.head(url)
    assert h.status_code == 200 and h.content == b"" and h.headers["etag"] == tag


def test_money_indicators_appear_through_the_indicator_routes(client):
    """The money2 indicators are registered, so the indicator routes serve them (the same rows as Python)."""
    from hemigov.indicators import REGISTRY, indicator

    names = {r["name"] for r in ok(client, "/api/indicators")["data"]}
    for name in ("funding_share", "responsibility_effort", "work_to_residence"):
        assert name in REGISTRY and name in names, name
        d = ok(client, f"/api/indicators/{name}")
        py = indicator(name)
        assert d["total"] == len(py) and d["columns"] == [str(c) for c in py.columns], name
        assert_named(d["sources"], name)


# -- scenarios and pledges ----------------------------------------------------------------------------------------
def test_scenario_list_equals_the_registry(client):
    from hemigov.scenarios import list_scenarios, scenario

    d = ok(client, "/api/scenarios")
    t = list_scenarios()
    assert [r["name"] for r in d["data"]] == list(t.name) and d["total"] >= 5
    for r in d["data"]:
        py = scenario(r["name"])
        assert (r["value"], r["low"], r["high"]) == pytest.approx((py.value, py.low, py.high)), r["name"]
    assert_named(d["sources"], "/api/scenarios")


def test_every_scenario_route_equals_the_python_result(client):
    from hemigov.scenarios import list_scenarios, scenario

    for name in list_scenarios().name:
        d = ok(client, f"/api/scenarios/{name}")
        py = scenario(name).to_dict()
        for k in ("name", "title", "unit", "value", "low", "high", "params", "assumptions", "interval"):
            assert d[k] == (pytest.approx(py[k]) if isinstance(py[k], float) else py[k]), (name, k)
        assert d["low"] <= d["value"] <= d["high"]
        assert d["sources_text"] == py["sources"] and d["total"] == len(py["detail"]) >= 1
        assert_named(d["sources"], f"/api/scenarios/{name}")


def test_scenario_parameters_change_the_answer_and_bad_ones_are_named(client):
    from hemigov.scenarios import scenario

    d = ok(client, "/api/scenarios/money_leverage", grant="20000000")
    py = scenario("money_leverage", grant="20000000")
    assert (d["value"], d["low"], d["high"]) == pytest.approx((py.value, py.low, py.high))
    assert d["params"] == py.params
    default = ok(client, "/api/scenarios/money_leverage")
    assert d["value"] == pytest.approx(2 * default["value"])
    csv = pd.read_csv(io.StringIO(client.get("/api/scenarios/money_leverage.csv?grant=20000000").text))
    assert len(csv) == d["total"] and csv.sources.notna().all()
    assert "did you mean paper?" in err(client, "/api/scenarios/money_leverage", 400, basis="papr")
    assert "is not a number" in err(client, "/api/scenarios/resettlement_fixed_programme", 400, target="-1")
    assert "did you mean resettlement_fixed_programme?" in err(
        client, "/api/scenarios/resettlemnt_fixed_programme", 404)
    assert "unknown query parameter" in err(client, "/api/scenarios/money_leverage", 400, grnt="1")


def test_pledges_equal_the_tracker(client):
    from hemigov.scenarios import pledges

    d = ok(client, "/api/pledges")
    py = pledges()
    assert [r["pledge"] for r in d["data"]] == list(py.pledge)
    assert [r["delivered"] for r in d["data"]] == [None if pd.isna(v) else pytest.approx(v) for v in py.delivered]
    la = [r for r in d["data"] if "4-000" in r["pledge"] and r["target"] == 4000]
    assert la and all(r["delivered"] is not None and r["sources"] for r in la)
    assert_named(d["sources"], "/api/pledges", {"hemigov.pledges"})
    assert "did you mean paper?" in err(client, "/api/pledges", 422, as_of="papr")


# -- pages --------------------------------------------------------------------------------------------------------
PAGES = ("/money", "/embed/money", "/scenarios", "/scenarios/resettlement_fixed_programme",
         "/embed/scenarios/money_leverage", "/pledges")


def footer_datasets(html: str) -> set[str]:
    return set(re.findall(r"dataset <code>([^<]+)</code>,\s*release [^,]+, sha256 <code title=\"[0-9a-f]{64}\">",
                          html)) | set(re.findall(r"<code>([^<@]+)@[^<]+</code>, sha256 [0-9a-f]{12}", html))


def test_pages_render_and_name_their_sources(client):
    for url in PAGES:
        r = client.get(url)
        assert r.status_code == 200, (url, r.text[:300])
        assert footer_datasets(r.text), url
    money = client.get("/money").text
    assert {"ohss.usbp_encounters", "ircc.pr_from_tfwp", "unhcr.iati_activities_2019"} <= footer_datasets(money)
    assert 'href="/money" aria-current="page"' in money and 'href="/scenarios"' in money


def test_money_page_shows_the_api_numbers(client):
    from hemigov.style import numbers

    html = client.get("/money?donor=CAN&border_start=2022").text
    row = re.search(r"<tr><td data-col=\"year\">2019</td>(.*?)</tr>", html, re.S)[1]
    assert numbers.fmt(0.037993921, "usd_m") == "US$0.04 million" and "US$0.04 million" in row
    assert ">FY2024</td>" in html and 'data-col="Swanton, VT" class="num" data-value="19390"' in html
    assert "US fiscal years" in html
    bad = client.get("/money?donor=Canda")
    assert bad.status_code == 400 and "did you mean Canada?" in bad.text


def test_scenario_page_controls_follow_describe(client):
    from hemigov.scenarios import describe, scenario

    d = describe("resettlement_fixed_programme")
    html = client.get("/scenarios/resettlement_fixed_programme?target=5000").text
    for p in d["params"]:
        tag = "select" if p["kind"] == "choice" else "input"
        assert re.search(rf'<{tag}[^>]*name="{p["name"]}"', html), p["name"]
    py = scenario("resettlement_fixed_programme", target="5000")
    assert f'id="scenario-value" data-value="{py.value}"' in html
    for a in py.assumptions[:2]:
        assert a.replace("'", "&#39;") in html
    bad = client.get("/scenarios/money_leverage?basis=papr")
    assert bad.status_code == 400 and "did you mean paper?" in bad.text
    assert client.get("/scenarios/nope").status_code == 404

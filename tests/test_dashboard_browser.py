"""The dashboard in a real browser: Debian's Chromium (Playwright) against a real uvicorn server on a free local
port. Clicks through the explorer, the fair-share calculator, the map and its per-capita toggle, follows a shared
link, reads the offline API docs and frames an ``/embed/`` chart from a page served on another port — and checks
that the numbers shown equal the API's, written by the one formatter. Every request that does not go to the two
local servers is blocked (and recorded: there must be none). Full-page screenshots are kept in
``test-artifacts/`` (git-ignored). A missing Chromium fails the test, never skips it."""

from __future__ import annotations

import functools
import http.server
import re
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "dashboard"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """uvicorn serving create_app() over a private snapshot warehouse, in a thread."""
    import uvicorn

    from hemigov.serve.server import config

    home = tmp_path_factory.mktemp("browser_home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEMIGOV_HOME", str(home))
        from hemigov.serve import create_app

        port = _free_port()
        srv = uvicorn.Server(config(create_app(), port=port))
        t = threading.Thread(target=srv.run, daemon=True)
        t.start()
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            if srv.started:
                break
            time.sleep(0.05)
        assert srv.started, "uvicorn did not start"
        yield base
        srv.should_exit = True
        t.join(timeout=10)


@pytest.fixture(scope="module")
def other_site(server, tmp_path_factory):
    """Another origin (another port): a static page that frames an embed chart and a full page."""
    root = tmp_path_factory.mktemp("other_site")
    embed = f"{server}/embed/explorer?destination=USA&scheme=unhcr&start=2016&end=2019"
    (root / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>A news site</title></head><body>"
        "<h1>An article about resettlement</h1><p>Chart from hemigov:</p>"
        f"<iframe id='embed' src='{embed}' width='900' height='520' style='border:0'></iframe>"
        f"<p>A page that may not be framed:</p><iframe id='full' src='{server}/explorer' width='900' height='200'>"
        "</iframe></body></html>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(server, other_site):
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium); the browser test needs it")
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)

        def context():
            ctx = b.new_context(viewport={"width": 1280, "height": 900})

            def guard(route):
                url = route.request.url
                if url.startswith((server + "/", other_site + "/")):
                    route.continue_()
                else:
                    outside.append(url)
                    route.abort()

            ctx.route("**/*", guard)
            return ctx

        yield {"context": context, "errors": errors}
        assert outside == [], f"requests outside the local servers: {outside}"
        assert errors == [], f"JavaScript errors: {errors}"
        b.close()


@pytest.fixture(scope="module")
def page(browser):
    pg = browser["context"]().new_page()
    pg.on("pageerror", lambda e: browser["errors"].append(str(e)))
    return pg


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def api(server: str, path: str, **params) -> dict:
    r = httpx.get(server + path, params=params, timeout=120)
    assert r.status_code == 200, r.text
    return r.json()


def cells(page, table: str) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        f"table#{table} tbody tr",
        "rows => rows.map(r => Object.fromEntries([...r.querySelectorAll('td')].map(td => "
        "[td.dataset.col, td.innerText.trim()])))")


def fmt(v, kind: str) -> str:
    from hemigov.style import numbers

    return numbers.fmt(v, kind)


def test_explorer_shows_the_apis_numbers(server, page):
    page.goto(server + "/explorer")
    page.select_option("#destination", "USA")
    page.select_option("#scheme", "unhcr")
    page.select_option("#start", "2016")
    page.select_option("#end", "2019")
    with page.expect_navigation():
        page.click("#show")
    assert "destination=USA" in page.url and "scheme=unhcr" in page.url
    page.wait_for_selector(".chart.rendered svg", timeout=30_000)  # Vega drew the chart from the local bundle
    shown = {r["region"]: r for r in cells(page, "representation")}
    want = {r["region"]: r for r in api(server, "/api/indicators/representation", destination="USA",
                                        years="2016-2019", scheme="unhcr")["data"]}
    from hemigov.geo.regions import AMERICAS

    assert set(shown) == set(want) and AMERICAS.label in shown
    for region, w in want.items():
        s = shown[region]
        assert s["resettled"] == fmt(w["resettled"], "count") and s["displaced"] == fmt(w["displaced"], "count")
        assert s["s_r"] == fmt(w["s_r"], "share") and s["d_r"] == fmt(w["d_r"], "share")
        assert s["ratio"] == fmt(w["ratio"], "ratio")
    assert page.inner_text("#total") == fmt(next(iter(want.values()))["resettled_total"], "count")
    shot(page, "explorer-usa")
    # the same page for Canada and the paper's regions: the paper's one percent (1,341 of 160,645)
    page.select_option("#destination", "CAN")
    page.select_option("#scheme", "paper")
    page.select_option("#start", "2015")
    page.select_option("#end", "2020")
    with page.expect_navigation():
        page.click("#show")
    wh = next(r for r in cells(page, "representation") if r["region"] == "Western hemisphere")
    assert wh["resettled"] == "1,341" and wh["s_r"] == "0.8%"
    assert page.inner_text("#total") == "160,645"


def test_per_capita_toggle_and_a_shared_link(server, page, browser):
    """Tick 'per 1,000 inhabitants' on the explorer: the view redraws with rates whose denominator is named;
    its address, opened in a fresh browser context, shows the same numbers."""
    page.goto(server + "/explorer?destination=CAN&scheme=paper&start=2015&end=2020")
    absolute = cells(page, "compared")
    assert {"name", "persons"} <= set(absolute[0]) and "value" not in absolute[0]
    with page.expect_navigation():
        page.check("input[name=view][value=per_1000]")
    assert "view=per_1000" in page.url
    page.wait_for_selector(".chart.rendered svg", timeout=30_000)
    per = {r["name"]: r for r in cells(page, "compared")}
    assert "SP.POP.TOTL" in page.inner_text("#denominator") and "2020" in page.inner_text("#denominator")
    # Canada's rate from the series: arrivals 2015-2020 / population 2020 × 1,000
    from hemigov import series

    r = series.resettlement.resettlement("unhcr")
    can = r[(r.destination_iso3 == "CAN") & r.year.between(2015, 2020)].persons.sum()
    pop = series.economy.economy((series.economy.POPULATION,))
    den = pop[(pop.iso3 == "CAN") & (pop.year == 2020)].value.iloc[0]
    assert per["Canada"]["value"] == fmt(1000 * can / den, "number")
    assert per["Canada"]["persons"] == fmt(can, "count") and per["Canada"]["denominator_year"] == "2020"
    shot(page, "explorer-per-1000")
    # the shared link: a new browser context (no state), the copied address, the same numbers
    link = page.url
    other = browser["context"]().new_page()
    other.on("pageerror", lambda e: browser["errors"].append(str(e)))
    other.goto(link)
    assert other.is_checked("input[name=view][value=per_1000]")
    assert cells(other, "compared") == cells(page, "compared")
    assert cells(other, "representation") == cells(page, "representation")
    other.close()


def test_map_and_its_table(server, page):
    page.goto(server + "/map")
    page.wait_for_selector(".chart.rendered svg path", timeout=60_000)
    assert page.eval_on_selector_all(".chart svg path", "ps => ps.length") > 40  # the countries are drawn
    shot(page, "map-americas")
    page.select_option("#measure", "displaced_host")
    page.select_option("#area", "world")
    with page.expect_navigation():
        page.click("#show")
    assert "measure=displaced_host" in page.url and "area=world" in page.url
    page.wait_for_selector(".chart.rendered svg path", timeout=60_000)
    assert page.eval_on_selector_all(".chart svg path", "ps => ps.length") > 150
    shot(page, "map-world-hosted")
    # the per-capita toggle on the map, then the table tab: the API's numbers
    with page.expect_navigation():
        page.check("input[name=view][value=per_1000]")
    assert "view=per_1000" in page.url
    with page.expect_navigation():
        page.click("#tab-table")
    assert "tab=table" in page.url and "view=per_1000" in page.url
    shown = {r["iso3"]: r for r in cells(page, "map-table")}
    d = api(server, "/api/map", measure="displaced_host", area="world", view="per_1000", limit=10000)
    want = {r["iso3"]: r for r in d["data"]}
    assert set(shown) == set(want) and len(shown) > 200
    for iso, w in want.items():
        assert shown[iso]["value"] == fmt(w["value"], "number"), iso
        assert shown[iso]["persons"] == fmt(w["persons"], "count"), iso
    assert shown["LBN"]["value"] != "–" and float(shown["LBN"]["value"].replace(",", "")) > 50  # Lebanon
    shot(page, "map-world-hosted-per-1000-table")
    # the representation ratio: the toggle is disabled (already relative)
    page.goto(server + "/map?measure=representation&destination=CAN")
    page.wait_for_selector(".chart.rendered svg path", timeout=60_000)
    assert page.is_disabled("input[name=view][value=per_1000]")  # in a disabled fieldset
    shot(page, "map-representation-canada")


def test_fair_share_calculator_shows_the_apis_numbers(server, page):
    page.goto(server + "/fair-share")
    page.select_option("#key", "population")
    page.fill("#target", "1000")
    page.click("button[data-check=none]")
    for iso in ("CAN", "USA", "AUS", "MEX"):
        page.check(f"input[name=countries][value={iso}]")
    with page.expect_navigation():
        page.click("#compute")
    page.wait_for_selector(".chart.rendered svg", timeout=30_000)
    shown = {r["iso3"]: r for r in cells(page, "fairshare")}
    want = {r["iso3"]: r for r in api(server, "/api/indicators/fair_share", countries="CAN,USA,AUS,MEX",
                                      key="population", target="1000", years="2015-2020")["data"]}
    assert set(shown) == set(want) == {"CAN", "USA", "AUS", "MEX"}
    for iso, w in want.items():
        s = shown[iso]
        assert s["fair_share"] == fmt(w["fair_share"], "count")
        assert s["actual"] == fmt(w["actual"], "count")
        assert s["performance"] == fmt(w["performance"], "ratio")
        assert s["weight"] == fmt(w["weight"], "share")
    shot(page, "fair-share")
    # every country unticked: a clear message, not a silent reset
    page.click("button[data-check=none]")
    with page.expect_navigation():
        page.click("#compute")
    assert "no sharing countries selected" in page.inner_text("#error")
    # a bad target is refused on the page, with the form kept
    page.click("button[data-check=all]")
    page.fill("#target", "-5")
    page.evaluate("document.getElementById('target').removeAttribute('min')")
    with page.expect_navigation():
        page.click("#compute")
    assert "between 0 and 1e12" in page.inner_text("#error")


def test_country_search_and_redirect(server, page):
    page.goto(server + "/countries")
    page.fill("#country-search", "venez")
    assert page.inner_text("#shown-count") == "1" and "q=venez" in page.url
    visible = page.eval_on_selector_all("table#countries tbody tr:not([hidden]) td[data-col=iso3]",
                                        "tds => tds.map(t => t.innerText)")
    assert visible == ["VEN"]
    page.goto(server + "/countries/ven")
    assert page.url.endswith("/countries/VEN")
    page.wait_for_selector(".chart.rendered svg", timeout=30_000)
    shot(page, "country-venezuela")


def test_events_show_date_precision_and_sources(server, page):
    page.goto(server + "/events")
    page.wait_for_selector(".chart.rendered svg", timeout=30_000)
    rows = cells(page, "events")
    assert any(re.fullmatch(r"\d{4}", r["when"]) for r in rows)            # year precision: 2019
    assert any(re.fullmatch(r"\d{4}-\d{2}", r["when"]) for r in rows)      # month precision: 2019-03
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["when"]) for r in rows)
    assert {r["source_kind"] for r in rows} >= {"official", "news"}
    assert page.locator("table#events a[target=_blank]", has_text="source").count() > 100
    shot(page, "events")


def test_api_docs_list_the_operations(server, page):
    spec = httpx.get(server + "/api/openapi.json", timeout=60).json()
    n_ops = sum(len(ops) for ops in spec["paths"].values())
    page.goto(server + "/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=60_000)
    shown = page.eval_on_selector_all(".swagger-ui .opblock .opblock-summary-path",
                                      "els => els.map(e => e.getAttribute('data-path') || e.innerText)")
    assert len(shown) == n_ops
    assert "/api/indicators/representation" in {s.replace("\u200b", "") for s in shown}
    shot(page, "api-docs")


def test_an_embed_chart_in_another_sites_iframe(server, other_site, page):
    page.goto(other_site + "/")
    frame = page.frame_locator("#embed")
    frame.locator(".chart.rendered svg").wait_for(timeout=60_000)
    source = frame.locator("#embed-source").inner_text()
    assert "unhcr.solutions@" in source and "sha256" in source and "CC BY" in source
    embedded = page.frame(url=re.compile(r".*/embed/explorer.*"))
    assert embedded is not None and embedded.locator("nav").count() == 0  # no chrome
    # a full page may not be framed: Chromium refuses it (X-Frame-Options DENY, frame-ancestors 'none')
    time.sleep(1)
    full = [f for f in page.frames if "/explorer" in f.url and "/embed/" not in f.url]
    assert not full or full[0].locator(".chart").count() == 0
    shot(page, "embed-in-another-site")

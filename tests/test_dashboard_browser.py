"""The dashboard in a real browser: Debian's Chromium (Playwright) against a real uvicorn server on a free local
port. Clicks through the explorer and the fair-share calculator and checks that the numbers shown equal the
API's. Every request that does not go to the local server is blocked (and recorded: there must be none).
A missing Chromium fails the test, never skips it."""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """uvicorn serving create_app() over a private snapshot warehouse, in a thread."""
    import uvicorn

    home = tmp_path_factory.mktemp("browser_home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEMIGOV_HOME", str(home))
        from hemigov.serve import create_app

        port = _free_port()
        srv = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
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
def page(server):
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium); the browser test needs it")
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        ctx = browser.new_context()

        def guard(route):
            url = route.request.url
            if url.startswith(server + "/"):
                route.continue_()
            else:
                outside.append(url)
                route.abort()

        ctx.route("**/*", guard)
        pg = ctx.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        yield pg
        assert outside == [], f"requests outside the local server: {outside}"
        assert errors == [], f"JavaScript errors: {errors}"
        browser.close()


def api(server: str, path: str, **params) -> list[dict]:
    r = httpx.get(server + path, params=params, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def cells(page, table: str) -> list[dict[str, str]]:
    rows = page.locator(f"table#{table} tbody tr")
    out = []
    for i in range(rows.count()):
        tds = rows.nth(i).locator("td")
        out.append({tds.nth(j).get_attribute("data-col"): tds.nth(j).inner_text().strip() for j in range(tds.count())})
    return out


def num(text: str) -> float:
    return float(re.sub(r"[,%\s]", "", text))


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
                                        years="2016-2019", scheme="unhcr")}
    assert set(shown) == set(want) and "The Americas" in shown
    for region, w in want.items():
        s = shown[region]
        assert num(s["resettled"]) == w["resettled"]
        assert num(s["displaced"]) == w["displaced"]
        assert num(s["s_r"]) == pytest.approx(round(100 * w["s_r"], 2), abs=1e-9)
        assert num(s["d_r"]) == pytest.approx(round(100 * w["d_r"], 2), abs=1e-9)
    assert num(page.inner_text("#total")) == next(iter(want.values()))["resettled_total"]
    # the same page for Canada and the paper's regions: the paper's one percent (1,341 of 160,645)
    page.select_option("#destination", "CAN")
    page.select_option("#scheme", "paper")
    page.select_option("#start", "2015")
    page.select_option("#end", "2020")
    with page.expect_navigation():
        page.click("#show")
    wh = next(r for r in cells(page, "representation") if r["region"] == "Western hemisphere")
    assert wh["resettled"] == "1,341" and wh["s_r"] == "0.83%"
    assert page.inner_text("#total") == "160,645"


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
                                      key="population", target="1000", years="2015-2020")}
    assert set(shown) == set(want) == {"CAN", "USA", "AUS", "MEX"}
    for iso, w in want.items():
        s = shown[iso]
        assert num(s["fair_share"]) == pytest.approx(round(w["fair_share"], 1), abs=1e-9)
        assert num(s["actual"]) == w["actual"]
        assert num(s["performance"]) == pytest.approx(round(w["performance"], 3), abs=1e-9)
        assert num(s["weight"]) == pytest.approx(round(100 * w["weight"], 2), abs=1e-9)
    assert sum(num(s["fair_share"]) for s in shown.values()) == pytest.approx(1000, abs=0.2)
    # a bad target is refused on the page, with the form kept
    page.fill("#target", "-5")
    page.evaluate("document.getElementById('target').removeAttribute('min')")
    with page.expect_navigation():
        page.click("#compute")
    assert "between 0 and 1e12" in page.inner_text("#error")

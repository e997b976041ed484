"""The policy-option and money pages in a real browser: Debian's Chromium (Playwright) against a real uvicorn
server on a free local port (the fixtures of tests/test_dashboard_browser.py). Drives a scenario page — changing a
parameter changes the number and the address, and the address opened in a fresh browser context shows the same
number — and checks the numbers shown equal the API's, written by the one formatter; reads the money page and the
pledge table. Every request that leaves the local server is blocked and recorded (there must be none). Full-page
screenshots go to ``test-artifacts/dashboard/`` (git-ignored). A missing Chromium fails the test, never skips."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "dashboard"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import socket

    import uvicorn

    from hemigov.serve.server import config

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEMIGOV_HOME", str(tmp_path_factory.mktemp("scenarios_browser_home")))
        from hemigov.serve import create_app

        srv = uvicorn.Server(config(create_app(), port=port))
        t = threading.Thread(target=srv.run, daemon=True)
        t.start()
        for _ in range(400):
            if srv.started:
                break
            time.sleep(0.05)
        assert srv.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
        srv.should_exit = True
        t.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium); the browser test needs it")
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)

        def new_page():
            ctx = b.new_context(viewport={"width": 1280, "height": 900})

            def guard(route):
                if route.request.url.startswith(server + "/"):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            ctx.route("**/*", guard)
            pg = ctx.new_page()
            pg.on("pageerror", lambda e: errors.append(str(e)))
            return pg

        yield new_page
        assert outside == [], f"requests outside the local server: {outside}"
        assert errors == [], f"JavaScript errors: {errors}"
        b.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def shot_chart(page, spec: str, name: str) -> None:
    """One chart at full resolution (a full page is scaled down when looked at)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(f".chart[data-spec='{spec}']").screenshot(path=str(ARTIFACTS / f"{name}.png"))


def api(server: str, path: str, **params) -> dict:
    r = httpx.get(server + path, params=params, timeout=120)
    assert r.status_code == 200, r.text
    return r.json()


def fmt(v, kind: str) -> str:
    from hemigov.style import numbers

    return numbers.fmt(v, kind)


def test_a_scenario_parameter_changes_the_number_and_the_address(server, browser):
    page = browser()
    page.goto(server + "/scenarios/money_leverage")
    page.wait_for_selector(".chart.rendered svg", timeout=30_000)
    first = page.inner_text("#scenario-value")
    want = api(server, "/api/scenarios/money_leverage")
    assert first == fmt(want["value"], "usd")
    assert page.inner_text("#scenario-low") == fmt(want["low"], "usd")
    assert page.inner_text("#scenario-high") == fmt(want["high"], "usd")
    assert page.locator("#assumptions li").count() == len(want["assumptions"])
    shot(page, "scenario-money-leverage-defaults")
    # change the grant: the form submits itself, the number and the address change
    with page.expect_navigation():
        page.fill("#p-grant", "25000000")
        page.press("#p-grant", "Enter")
    assert "grant=25000000" in page.url
    page.wait_for_selector(".chart.rendered svg", timeout=30_000)
    changed = page.inner_text("#scenario-value")
    want2 = api(server, "/api/scenarios/money_leverage", grant="25000000")
    assert changed != first and changed == fmt(want2["value"], "usd")
    assert page.is_visible("#scenario-default")  # the defaults are shown beside the changed view
    # a choice: a select that recomputes on change
    choices = page.eval_on_selector_all("#p-basis option", "os => os.map(o => o.value)")
    other = next(c for c in choices if c != want2["params"]["basis"])
    with page.expect_navigation():
        page.select_option("#p-basis", other)
    assert urlencode({"basis": other}) in page.url and "grant=25000000" in page.url
    third = page.inner_text("#scenario-value")
    assert third == fmt(api(server, "/api/scenarios/money_leverage", grant="25000000", basis=other)["value"], "usd")
    shot(page, "scenario-money-leverage-changed")
    # the shared link: a fresh context opening the address shows the same number and controls
    link = page.url
    fresh = browser()
    fresh.goto(link)
    assert fresh.inner_text("#scenario-value") == third
    assert fresh.input_value("#p-grant") == page.input_value("#p-grant")
    assert fresh.eval_on_selector("#p-basis", "s => s.value") == other
    fresh.context.close()


def test_a_resettlement_scenario_and_the_list(server, browser):
    page = browser()
    page.goto(server + "/scenarios")
    listed = api(server, "/api/scenarios")
    assert page.locator("table.scenarios tbody tr").count() == listed["total"]
    shot(page, "scenarios-list")
    page.click("text=A fixed resettlement programme")
    page.wait_for_selector(".chart.rendered svg", timeout=30_000)
    with page.expect_navigation():
        page.fill("#p-target", "6000")
        page.press("#p-target", "Enter")
    assert "target=6000" in page.url
    want = api(server, "/api/scenarios/resettlement_fixed_programme", target="6000")
    assert page.inner_text("#scenario-value") == fmt(want["value"], "count")
    shot(page, "scenario-fixed-programme")


def test_money_page_and_pledges(server, browser):
    page = browser()
    page.goto(server + "/money")
    page.wait_for_selector("#chart-funding ~ *, .chart.rendered svg", timeout=60_000)
    page.wait_for_function("document.querySelectorAll('.chart.rendered').length === 3", timeout=60_000)
    row = page.eval_on_selector("#funding-table tbody tr:nth-child(4)", "r => r.innerText")
    assert row.startswith("2019") and "US$0.04 million" in row
    swanton = page.eval_on_selector("#border-table td[data-col='Swanton, VT'][data-value='19390']",
                                    "td => td.innerText")
    assert swanton == "19,390"
    shot(page, "money-default")
    for spec in ("chart-funding", "chart-pathways", "chart-border"):
        shot_chart(page, spec, f"money-{spec}")
    with page.expect_navigation():
        page.select_option("#border_citizenship", "Mexico")
        page.select_option("#border_by", "total")
        page.select_option("#border_freq", "month")
        page.select_option("#border_start", "2023")
        page.click("#show")
    assert "border_citizenship=Mexico" in page.url and "border_freq=month" in page.url
    page.wait_for_function("document.querySelectorAll('.chart.rendered').length === 3", timeout=60_000)
    shot(page, "money-mexicans-monthly")
    shot_chart(page, "chart-border", "money-chart-border-mexicans-monthly")
    page.goto(server + "/pledges")
    want = api(server, "/api/pledges")
    assert page.locator("table#pledges tbody tr").count() == want["total"]
    shot(page, "pledges")

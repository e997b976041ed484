"""The policy-option and money pages in a real browser: Debian's Chromium (Playwright) against a real uvicorn
server on a free local port (the fixtures of tests/test_dashboard_browser.py). Drives a scenario page — changing a
parameter changes the number and the address, and the address opened in a fresh browser context shows the same
number — and checks the numbers shown equal the API's, written by the one formatter; reads the money page and the
pledge table. Every request that leaves the local servers is blocked and recorded (there must be none). Full-page
screenshots go to ``test-artifacts/dashboard/`` (git-ignored). A missing Chromium fails the test, never skips."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

# The same real server, browser (network blocked outside the local servers, JavaScript errors recorded) and helpers
# as the dashboard's own browser test.
from tests.test_dashboard_browser import ARTIFACTS, api, browser, fmt, other_site, server, shot  # noqa: F401


@pytest.fixture(scope="module")
def new_page(browser):  # noqa: F811
    """A page in a fresh browser context (no cookies, no history): what opening a shared link gives."""
    def make():
        pg = browser["context"]().new_page()
        pg.on("pageerror", lambda e: browser["errors"].append(str(e)))
        return pg
    return make


def shot_chart(page, spec: str, name: str) -> None:
    """One chart at full resolution (a full page is scaled down when looked at)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(f".chart[data-spec='{spec}']").screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_a_scenario_parameter_changes_the_number_and_the_address(server, new_page):  # noqa: F811 (the imported fixture)
    page = new_page()
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
    fresh = new_page()
    fresh.goto(link)
    assert fresh.inner_text("#scenario-value") == third
    assert fresh.input_value("#p-grant") == page.input_value("#p-grant")
    assert fresh.eval_on_selector("#p-basis", "s => s.value") == other
    fresh.context.close()


def test_a_resettlement_scenario_and_the_list(server, new_page):  # noqa: F811 (the imported fixture)
    page = new_page()
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


def test_money_page_and_pledges(server, new_page):  # noqa: F811 (the imported fixture)
    page = new_page()
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

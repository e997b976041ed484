"""The report's "Money and pathways" and "Policy options" sections (issues 16 item 6, 17 item 3) and Canada's
destination page: real values from real data (each folder's PROVENANCE key figures), the page against the series,
indicator and scenario APIs (two surfaces that must agree), every exhibit naming its sources with sha256, and a
headless-browser pass that screenshots the pages.

The sections are built alone (``builder.build_section``) for the value tests; the browser test builds the site once.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "report"  # ignored by git
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """An empty private data home: the warehouse starts from the embedded snapshot."""
    h = tmp_path_factory.mktemp("money_options_home") / "home"
    old = os.environ.get("HEMIGOV_HOME")
    os.environ["HEMIGOV_HOME"] = str(h)
    yield h
    if old is None:
        os.environ.pop("HEMIGOV_HOME", None)
    else:
        os.environ["HEMIGOV_HOME"] = old


@pytest.fixture(scope="module")
def ctx(home):
    from hemigov.report.context import Context

    return Context()


def _section(ctx, slug):
    from hemigov.report.builder import build_section, finish_exhibits
    from hemigov.report.sections import all_sections

    s = next(s for s in all_sections() if s.slug == slug)
    pages = build_section(s, ctx)
    return pages, {e.id: e for e in finish_exhibits(pages, ctx, {})}


@pytest.fixture(scope="module")
def money_page(ctx):
    return _section(ctx, "money")


@pytest.fixture(scope="module")
def options_page(ctx):
    return _section(ctx, "options")


def _table(ex) -> pd.DataFrame:
    """The exhibit's table as published (headers and machine values: what the CSV holds)."""
    return ex.export_frame()


# ---------------------------------------------------------------- money and pathways: values from real data

def test_canada_money_by_region_equals_provenance_figures(money_page):
    _, ex = money_page
    t = _table(ex["money-canada-by-region"])
    am = t[t["UNHCR region (bureau)"] == "The Americas"].set_index("Year").Committed
    # unhcr-iati-funding PROVENANCE: Canada under -AME, US$ millions 2016-2023
    expected = {2016: 2.87, 2017: 2.49, 2018: 1.57, 2019: 0.04, 2020: 2.95, 2021: 5.04, 2022: 9.53, 2023: 4.87}
    for y, v in expected.items():
        assert am[y] / 1e6 == pytest.approx(v, abs=0.006), y
    total = t[t.Year == 2019].Committed.sum() / 1e6
    assert total == pytest.approx(59.73, abs=0.006)
    html = ex["money-canada-by-region"].cells()
    assert ["2019", "The Americas", "US$37,994"] in [r[:3] for r in html]
    mena = t[t["UNHCR region (bureau)"] == "Middle East and North Africa"].set_index("Year").Committed
    assert mena[2019] / 1e6 == pytest.approx(30.15, abs=0.006)


def test_money_page_equals_the_series_and_says_unearmarked_is_unallocated(money_page):
    from hemigov.series import money

    pages, ex = money_page
    m = money.by_donor_and_region()
    can = m[m.donor_iso3 == "CAN"]
    t = _table(ex["money-canada-earmarking"])
    for (y, lvl), v in can.groupby(["year", "earmarking"]).usd.sum().items():
        row = t[(t.Year == y) & t.Earmarking.str.lower().str.startswith(lvl)]
        assert len(row) == 1 and row.Committed.iloc[0] == pytest.approx(round(v), abs=1), (y, lvl)
    # shares exported in percent to 4 decimals: each year's sum is 100 within that rounding
    assert t.groupby("Year")["Share of the year's commitments (%)"].sum().sub(100).abs().max() < 1e-3
    peers = _table(ex["money-peers-to-americas"]).set_index("Donor")
    am = can[can.region == "The Americas"].usd.sum()
    assert peers.loc["Canada", "Earmarked to the Americas"] == pytest.approx(am, abs=1)
    html = "".join(str(b.html) for b in pages[0].blocks if hasattr(b, "html"))
    assert "Unearmarked money is not allocated to any region" in html
    for e in ("money-canada-by-region", "money-canada-earmarking", "money-peers-to-americas"):
        assert "not allocated to any region" in ex[e].note, e


def test_money_indicators_equal_the_indicator_api(money_page):
    from hemigov.indicators import indicator

    _, ex = money_page
    f = indicator("funding_share", donor="CAN", region="The Americas")
    f = f[f.year.notna()].set_index("year")
    t = _table(ex["money-funding-share"]).set_index("Year")
    for y in f.index:
        assert t.loc[int(y), "Share of earmarked money to the Americas (%)"] == pytest.approx(
            100 * f.loc[y, "funding_share"], abs=1e-3)
    r = indicator("responsibility_effort").set_index("iso3")
    e = _table(ex["money-responsibility-effort"]).set_index("Country")
    assert e.loc["Canada", "Rank"] == r.loc["CAN", "rank"]
    assert e.loc["Canada", "Combined index"] == pytest.approx(r.loc["CAN", "index"], abs=1e-4)
    assert e.Rank.tolist() == sorted(e.Rank)


def test_pathways_agri_food_and_category_totals(money_page):
    from hemigov.indicators import indicator
    from hemigov.series import pathways

    _, ex = money_page
    a = _table(ex["pathways-agri-food"]).set_index("Year")
    col = "Permanent residents through the Agri-Food Pilot, from a TFWP permit"
    # ircc-tr-to-pr PROVENANCE: Agri-Food Pilot (TFWP file) 2021-2024
    assert [a.loc[y, col] for y in (2021, 2022, 2023, 2024)] == [90, 370, 635, 630]
    w = indicator("work_to_residence", category="Agri-Food Pilot").set_index("year")
    assert a.loc[2024, "Per 100 agricultural TFWP holders"] == pytest.approx(w.loc[2024, "per_100_agri"], abs=1e-4)
    assert a.loc[2024, "Agricultural TFWP permit holders, 31 December of the year before"] == \
        w.loc[2024, "agri_stock"]
    # the printed Canada totals (PROVENANCE: TFWP -> PR 2015 8,265 ... 2024 12,800)
    tot = _table(ex["pathways-program-totals"])
    tf = tot[tot["Work permit"] == "TFWP"].set_index("Year").Persons
    assert tf[2015] == 8265 and tf[2021] == 10980 and tf[2024] == 12800
    y = pathways.year_totals()
    assert tf[2024] == y[(y.province == "(all)") & (y.program == "TFWP") & (y.year == 2024)].persons.sum()
    # the category chart sums the category groups: within rounding of the printed total
    g = _table(ex["pathways-tfwp-by-category"])
    s = g[(g["Work permit"] == "TFWP") & (g.Year == 2024)].Persons.sum()
    assert abs(s - 12800) <= 200


def test_borders_swanton_and_mexicans_and_fiscal_labels(money_page):
    from hemigov.series import borders

    _, ex = money_page
    s = _table(ex["borders-swanton"])
    sw = s[s.Sector == "Swanton, VT"].set_index("Fiscal year").Encounters
    # us-ohss-border-patrol-encounters PROVENANCE: Swanton FY2022 1,070; FY2023 6,930; FY2024 19,390
    assert (sw["FY2022"], sw["FY2023"], sw["FY2024"]) == (1070, 6930, 19390)
    assert "FY2025 (Oct–Nov 2024 only)" in set(s["Fiscal year"])
    r = _table(ex["borders-regions"]).set_index(["Fiscal year", "Border"]).Encounters
    assert r[("FY2024", "Northern Land Border")] == 23720 and r[("FY2024", "Southwest Land Border")] == 1530520
    m = _table(ex["borders-mexicans-northern"]).set_index("Month").Encounters
    assert (m["2023-10"], m["2024-02"], m["2024-03"], m["2024-11"]) == (760, 380, 230, 130)
    b = borders.encounters()
    ser = b[(b.sheet == "Monthly Rgn and Citp") & (b.region == "Northern Land Border") & (b.citizenship_iso3 == "MEX")]
    assert m["2024-06"] == ser[ser.calendar_month == "2024-06-01"].encounters.iloc[0]
    # fiscal years labelled as such on the charts; the partial FY2025 out of the annual charts
    spec = ex["borders-swanton"].spec
    ax = next(lay["encoding"]["x"]["axis"] for lay in spec["layer"] if lay["encoding"]["x"].get("axis"))
    assert "'FY'" in ax["labelExpr"] and "fiscal year" in ax["title"]
    reg = ex["borders-regions"].spec
    assert max(r["fiscal_year"] for lay in reg["layer"] for r in lay.get("data", {}).get("values", [])
               if "fiscal_year" in r) == 2024


def test_no_chart_misleads_and_no_line_across_a_gap(money_page, options_page):
    from tests.test_report import chart_problems

    for _, ex in (money_page, options_page):
        for e in ex.values():
            if e.spec is not None:
                assert chart_problems(e.spec) == [], e.id
    # a missing month is a gap: drop one month and the line breaks there
    from hemigov.report import charts
    from hemigov.report.sections.money import mexicans_north

    m = mexicans_north()
    holed = m[m.period != "2023-06"]
    spec = charts.monthly(holed, y="encounters", y_title="Encounters", description="t")
    line = spec["layer"][0]["data"]["values"]
    assert "2023-06-01" not in {r["month"] for r in line} and len({r["segment"] for r in line}) == 2
    assert chart_problems(spec) == []


def test_every_exhibit_names_its_sources_with_sha256(ctx, money_page, options_page):
    from hemigov.series import catalogue

    for _, ex in (money_page, options_page):
        for e in ex.values():
            d = catalogue.describe(e.provenance())
            assert len(d) and d.sha256.str.fullmatch(r"[0-9a-f]{64}").all(), e.id
            assert e.source and "release" in e.source, e.id
            items = ctx.source_items(e.provenance())
            assert all(len(i["sha256"]) == 64 and i["licence"] for i in items), e.id


# ---------------------------------------------------------------- policy options

def test_options_page_equals_the_scenario_api(options_page):
    from hemigov.scenarios import list_scenarios, scenario

    pages, ex = options_page
    sc = list_scenarios()
    assert len(sc) >= 5
    for name in sc.name:
        e = ex[f"scenario-{name.replace('_', '-')}"]
        r = scenario(name)
        t = e.data.iloc[0]
        assert (t.value, t.low, t.high) == (r.value, r.low, r.high), name
        assert t.variant.endswith("(default)") or t.variant == "default parameters"
        assert t.params == r.params_text()
        assert r.unit in e.units and e.spec is not None
        assert all(a in e.note for a in r.assumptions), name
        assert (e.data.low <= e.data.value).all() and (e.data.value <= e.data.high).all(), name
        layers = e.spec["layer"]
        assert [lay["mark"]["type"] for lay in layers][:1] == ["bar"] and any(
            lay["mark"]["type"] == "point" for lay in layers)
    rf = scenario("resettlement_fixed_programme")
    assert rf.value == 4000


def test_pledge_table_equals_pledges(options_page):
    from hemigov.scenarios import pledges

    _, ex = options_page
    p = pledges()
    t = _table(ex["pledges"])
    assert len(t) == len(p)
    la = t[t.Pledge.str.contains("4,000 refugees from the Americas")]
    got = la.set_index("Measured with").Delivered
    want = p[p.title.str.contains("4,000 refugees from the Americas")].set_index("measure").delivered
    assert len(got) == 2 and {k: int(v) for k, v in got.items()} == {k: int(v) for k, v in want.items()}
    assert set(t.Status) <= {"met", "on track", "behind", "unmeasurable"}
    html_rows = ex["pledges"].cells()
    assert any(r[2] == "4,000" for r in html_rows)
    assert any(r[2].startswith("US$") for r in html_rows) and not any(re.fullmatch(r"\d{10}", r[2])
                                                                       for r in html_rows)


# ---------------------------------------------------------------- the built site in a browser

@pytest.fixture(scope="module")
def site(home, tmp_path_factory):
    from hemigov.report import build

    res = build(tmp_path_factory.mktemp("money_options_site") / "site")
    return res.path


@pytest.mark.slow
def test_canada_page_shows_pathways_and_the_us_border(site):
    html = (site / "countries/can.html").read_text(encoding="utf-8")
    for ex_id in ("country-can-money-to-unhcr", "country-can-pathways", "country-can-agri-food",
                  "country-can-us-swanton", "country-can-us-mexicans-northern"):
        assert f'id="{ex_id}"' in html, ex_id
    sw = pd.read_csv(site / "data" / "country-can-us-swanton.csv")
    assert sw[(sw.Sector == "Swanton, VT") & (sw["Fiscal year"] == "FY2024")].Encounters.iloc[0] == 19390
    for page in ("money.html", "options.html"):
        assert (site / page).is_file()
        assert page in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_browser_screenshots_money_options_and_canada(site):
    """The new pages and Canada's, network blocked: no console errors, every chart drawn; full-page screenshots
    in test-artifacts/report/."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Debian chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for rel in ("money.html", "options.html", "countries/can.html"):
                ctx = browser.new_context(viewport={"width": 1200, "height": 900})
                page = ctx.new_page()
                errors, foreign = [], []
                page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))

                def route(r, foreign=foreign):
                    if r.request.url.startswith("file://"):
                        r.continue_()
                    else:
                        foreign.append(r.request.url)
                        r.abort()

                page.route("**/*", route)
                page.goto((site / rel).as_uri())
                n = page.eval_on_selector_all(".chart", "els => els.length")
                assert n >= 5, rel
                page.wait_for_function("document.querySelectorAll('.chart.rendered').length === "
                                       "document.querySelectorAll('.chart').length", timeout=90_000)
                marks = page.eval_on_selector_all(
                    ".chart", "els => els.map(e => { const s = e.querySelector('.vega-embed svg'); return s ? "
                              "[s.getBoundingClientRect().width, s.querySelectorAll('path, rect, line').length] "
                              ": [0, 0]; })")
                assert all(w > 100 and k > 3 for w, k in marks), (rel, marks)
                page.screenshot(path=str(ARTIFACTS / f"{rel.replace('/', '-')}.png"), full_page=True)
                assert (errors, foreign) == ([], []), rel
                ctx.close()
        finally:
            browser.close()

"""The report (issue 6): built once per session from the embedded snapshot in an empty data home.

Golden files (tests/golden/report/) hold the data artefacts of key exhibits; refresh them deliberately with
``HEMIGOV_UPDATE_GOLDEN=1 python -m pytest tests/test_report.py`` and review the diff. Values that independent
sources print are asserted separately, with the source named.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest

from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "report"
ARTIFACTS = ROOT / "test-artifacts"  # ignored by git
CHROMIUM = "/usr/bin/chromium"
GOLDEN_CSV = ["overview-headlines", "overview-canada-resettlement-by-region", "overview-americas-shares",
              "overview-canada-asylum-claims", "peers-region-share-2015-2020", "peers-americas-share-by-year",
              "countries-summary", "country-mex-resettled-to-canada", "country-mex-claims-in-canada",
              "country-mex-recognition-in-canada", "country-mex-remittances-from-canada",
              "country-hti-migrant-stock-in-canada", "country-ven-displaced-out", "country-col-hosted"]


@pytest.fixture(scope="session")
def snapshot_home(tmp_path_factory):
    """An empty private data home (a fresh machine): the warehouse starts from the embedded snapshot."""
    home = tmp_path_factory.mktemp("report_home") / "home"
    old = os.environ.get("HEMIGOV_HOME")
    os.environ["HEMIGOV_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("HEMIGOV_HOME", None)
    else:
        os.environ["HEMIGOV_HOME"] = old


@pytest.fixture(scope="session")
def built(snapshot_home, tmp_path_factory):
    from hemigov.report import build

    assert not snapshot_home.exists()
    out = tmp_path_factory.mktemp("report") / "site"
    res = build(out)
    assert not res.skipped
    return res


@pytest.fixture(scope="session")
def site(built) -> Path:
    return built.path


@pytest.fixture
def in_snapshot_home(snapshot_home, monkeypatch):
    monkeypatch.setenv("HEMIGOV_HOME", str(snapshot_home))
    return snapshot_home


def _csv(site: Path, ex_id: str) -> pd.DataFrame:
    return pd.read_csv(site / "data" / f"{ex_id}.csv")


# ---------------------------------------------------------------- golden files and independent reference values

@pytest.mark.parametrize("ex_id", GOLDEN_CSV)
def test_golden_csv(site, ex_id):
    got = (site / "data" / f"{ex_id}.csv").read_text(encoding="utf-8")
    gold = GOLDEN / f"{ex_id}.csv"
    if os.environ.get("HEMIGOV_UPDATE_GOLDEN"):
        gold.parent.mkdir(parents=True, exist_ok=True)
        gold.write_text(got, encoding="utf-8")
    assert gold.is_file(), f"golden file missing: {gold} (HEMIGOV_UPDATE_GOLDEN=1 writes it)"
    assert got == gold.read_text(encoding="utf-8")


def test_golden_datapackage_resources(site):
    """The data package's descriptors of the key exhibits: fields, sources, licences."""
    pkg = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    got = {r["name"]: r for r in pkg["resources"] if r["name"] in GOLDEN_CSV}
    text = json.dumps(got, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    gold = GOLDEN / "datapackage-resources.json"
    if os.environ.get("HEMIGOV_UPDATE_GOLDEN"):
        gold.write_text(text, encoding="utf-8")
    assert gold.is_file(), f"golden file missing: {gold}"
    assert text == gold.read_text(encoding="utf-8")


def test_headlines_against_published_figures(site):
    h = _csv(site, "overview-headlines").set_index(["measure", "source", "period"])
    # UNHCR solutions, resettlement to Canada 2015-2020 (unhcr-refugees PROVENANCE.md): 160,645; the Americas 1,341.
    r = h.loc[("canada_resettlement_share_from_americas", "unhcr", "2015-2020")]
    assert (r.numerator, r.denominator) == (1_341, 160_645)
    # The paper: "just under 1% of resettlement" (IRCC, Jan 2015-Jun 2020: 1,215 of 154,820 = 0.78%).
    r = h.loc[("canada_resettlement_share_from_americas", "ircc", "2015-2020")]
    assert 0.005 < r.value < 0.01
    # README: the Americas produce about a quarter of the world's cross-border displaced (latest year).
    xb = h.xs("americas_share_of_cross_border_displaced", level="measure")
    assert 0.2 < xb.value.iloc[-1] < 0.3
    # canada.ca / IRCC: asylum claimants in 2024 (all citizenships, office type and province totals).
    assert h.loc[("asylum_claimants_in_canada", "ircc", "2024")].value == 171_835


def test_profiles_against_published_figures(site):
    res = _csv(site, "country-col-resettled-to-canada")
    unhcr = res[(res.source == "UNHCR") & res.year.between(2015, 2020)]
    assert unhcr.persons.sum() == 957  # unhcr-refugees PROVENANCE.md: Colombia 957
    # knomad-remittances PROVENANCE.md: remittances from Canada, US$ million (2017 matrix; 2021 matrix).
    rem = _csv(site, "country-mex-remittances-from-canada").set_index("year").usd_millions
    assert rem[2017] == pytest.approx(155.8, abs=0.05) and rem[2021] == pytest.approx(399.8, abs=0.05)
    assert _csv(site, "country-jam-remittances-from-canada").set_index("year").usd_millions[2017] == \
        pytest.approx(314.6, abs=0.05)
    # undesa-migrant-stock PROVENANCE.md: Mexico-born in Canada 85,825, Haiti-born 99,564 (2019).
    assert _csv(site, "country-mex-migrant-stock-in-canada").set_index("year").persons[2019] == 85_825
    assert _csv(site, "country-hti-migrant-stock-in-canada").set_index("year").persons[2019] == 99_564
    # UNHCR total recognition rate = (recognized + other) / (recognized + other + rejected).
    d = _csv(site, "country-mex-recognition-in-canada").dropna(subset=["total_recognition_rate"])
    rate = (d.recognized.fillna(0) + d.other.fillna(0)) / (d.recognized.fillna(0) + d.other.fillna(0)
                                                           + d.rejected.fillna(0))
    assert (rate.round(6) - d.total_recognition_rate).abs().max() < 1e-6
    assert d.total_recognition_rate.between(0, 1).all()


def test_every_country_of_the_americas_has_a_profile(site, in_snapshot_home):
    import hemigov

    iso3 = set(hemigov.query("SELECT iso3 FROM v_countries WHERE unhcr_region = 'The Americas' "
                             "OR m49_region = 'Americas'").iso3)
    assert len(iso3) >= 50
    pages = {p.stem.upper() for p in (site / "countries").glob("*.html") if p.stem != "index"}
    assert pages == iso3
    index = (site / "countries" / "index.html").read_text(encoding="utf-8")
    assert all(f"href='{c.lower()}.html'" in index for c in iso3)


def test_peers_cover_the_nine_resettlement_countries(site):
    t = _csv(site, "peers-region-share-2015-2020")
    assert set(t.destination_iso3) == {"CAN", "USA", "AUS", "GBR", "DEU", "SWE", "NOR", "NZL", "FRA"}
    shares = t.groupby("destination_iso3").share.sum()
    assert ((shares - 1).abs() < 1e-5).all()


# ---------------------------------------------------------------- structure of the HTML

class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def _parse(path: Path) -> tuple[_Page, str]:
    html = path.read_text(encoding="utf-8")
    p = _Page()
    p.feed(html)
    return p, html


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _exhibits(html: str) -> list[str]:
    return re.findall(r'<figure class="exhibit[^"]*" id="([^"]+)".*?</figure>', html, flags=re.S)


def test_every_page_is_accessible_and_has_the_provenance_footer(site, built):
    pages = _pages(site)
    assert len(pages) == built.pages >= 60
    for path in pages:
        p, html = _parse(path)
        assert re.search(r'<html lang="en">', html), path
        assert '<meta name="viewport"' in html, path
        assert '<a class="skip-link" href="#main">' in html and "main" in p.ids, path
        assert p.headings.count(1) == 1 and p.headings[0] == 1, path
        for a, b in zip(p.headings, p.headings[1:], strict=False):
            assert b <= a + 1, f"{path}: heading h{a} followed by h{b}"
        foot = re.search(r'<footer class="provenance".*?</footer>', html, flags=re.S)
        assert foot, f"{path}: no provenance footer"
        assert "hemigov 0.1.0" in foot.group(0) and "methods.html" in foot.group(0), path
        if _exhibits(html):  # pages with data name each dataset, its sha256 and licence (or say they are derived)
            assert re.search(r"sha256 <code>[0-9a-f]{12}</code>|derived by hemigov", foot.group(0)), path
        for tag, a in p.tags:
            for attr in ("src", "href"):
                v = a.get(attr, "")
                if tag in ("script", "link", "img") and v:
                    assert not urlparse(v).scheme, f"{path}: external asset {v}"
            if tag == "img":
                assert a.get("alt"), f"{path}: image without alt text"


def test_every_chart_has_its_data_table_source_line_and_files(site, built):
    n_charts = n_ex = 0
    for path in _pages(site):
        html = path.read_text(encoding="utf-8")
        for block in re.findall(r'<figure class="exhibit.*?</figure>', html, flags=re.S):
            ex_id = re.search(r'id="([^"]+)"', block).group(1)
            n_ex += 1
            assert re.search(r'<p class="source">Source: \S.+</p>', block), f"{path}#{ex_id}: no source line"
            assert '<details class="data-table"' in block and "<table>" in block and "<th scope=\"col\">" in block
            assert (site / "data" / f"{ex_id}.csv").is_file()
            assert '<p class="units">' in block
            if 'class="chart"' in block:
                n_charts += 1
                src = re.search(r'<p class="source">Source: (.+?)</p>', block).group(1)
                assert "release" in src or "hemigov" in src, f"{ex_id}: source line without a vintage"
                assert re.search(r'<img class="chart-static" src="[^"]+" alt="[^"]{20,}"', block), ex_id
                for ext in (".svg", ".png", ".vl.json"):
                    f = site / "charts" / f"{ex_id}{ext}"
                    assert f.is_file() and f.stat().st_size > 500, f
                spec = json.loads((site / "charts" / f"{ex_id}.vl.json").read_text(encoding="utf-8"))
                assert spec["title"]["text"] and any(s.startswith("Source: ") for s in spec["title"]["subtitle"])
                assert spec["description"]
    assert (n_charts, n_ex) == (built.charts, built.exhibits)
    assert n_charts >= 250


def test_every_internal_link_resolves(site):
    ids = {p: _parse(p)[0].ids for p in _pages(site)}
    for path in _pages(site):
        p, _ = _parse(path)
        for tag, a in p.tags:
            v = a.get("href") if tag in ("a", "link") else a.get("src") if tag in ("img", "script") else None
            if not v or urlparse(v).scheme in ("http", "https", "mailto"):
                continue
            u = urlparse(v)
            target = (path.parent / unquote(u.path)).resolve() if u.path else path
            assert target.is_file(), f"{path.relative_to(site)}: broken link {v}"
            if u.fragment and target.suffix == ".html":
                assert u.fragment in ids[target], f"{path.relative_to(site)}: no #{u.fragment} in {v}"


def test_exports_csv_xlsx_datapackage(site, built):
    from openpyxl import load_workbook

    pkg = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["profile"] == "tabular-data-package" and len(pkg["resources"]) == built.exhibits
    assert {"CC-BY-4.0", "OGL-Canada-2.0", "CC-BY-3.0-IGO"} <= {lic.get("name") for lic in pkg["licenses"]}
    assert len(pkg["sources"]) >= 40 and all(s.get("sha256") for s in pkg["sources"])
    for r in pkg["resources"]:
        header = (site / r["path"]).read_text(encoding="utf-8").split("\n", 1)[0]
        assert header.split(",") == [f["name"] for f in r["schema"]["fields"]], r["name"]
        assert r["sources"]
    unhcr = next(r for r in pkg["resources"] if r["name"] == "overview-canada-resettlement-by-region")
    assert unhcr["licenses"][0]["name"] == "CC-BY-4.0"
    wb = load_workbook(site / "hemigov-report.xlsx", read_only=True)
    assert len(wb.sheetnames) == built.exhibits + 1 and wb.sheetnames[0] == "contents"
    ws = wb[wb.sheetnames[1]]
    rows = list(ws.iter_rows(values_only=True))
    first = pd.read_csv(site / "data" / f"{next(iter(wb['contents'].iter_rows(min_row=2, values_only=True)))[1]}.csv")
    assert list(rows[0]) == list(first.columns) and len(rows) == len(first) + 1
    wb.close()


def test_cite_this(site, in_snapshot_home):
    import hemigov
    from hemigov.report import cite

    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'date-released: "{cite.RELEASED}"' in cff and f"version: {hemigov.__version__}" in cff
    bib = (site / "references.bib").read_text(encoding="utf-8")
    n = len(hemigov.query("SELECT * FROM v_datasets WHERE is_current"))
    assert bib.count("@misc{") == n and bib.count("@software{hemigov") == 1
    methods = (site / "methods.html").read_text(encoding="utf-8")
    assert "[Computer software]" in methods and "@software{hemigov" in methods
    assert "unhcr.population" in methods and "CC BY 4.0" in methods


# ---------------------------------------------------------------- incremental build, CLI, optional sections

def test_unchanged_inputs_skip_the_rebuild(site, built, in_snapshot_home):
    from hemigov.report import build

    before = (site / "index.html").stat().st_mtime_ns
    res = build(site)
    assert res.skipped and res.fingerprint == built.fingerprint
    assert (site / "index.html").stat().st_mtime_ns == before


def test_cli_report_on_a_fresh_home(site, home, tmp_path, capsys):
    """Quick start on a fresh machine: a new home starts from the same snapshot, so a copy of the site built
    from it is up to date; a non-report folder is refused."""
    out = tmp_path / "copy"
    shutil.copytree(site, out)
    code, stdout, stderr = run_cli(["report", "--out", str(out)], capsys)
    assert code == 0, stderr
    assert "up to date" in stdout and str(out / "index.html") in stdout.replace("\n", "")
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep me")
    code, _, stderr = run_cli(["report", "--out", str(other)], capsys)
    assert code == 1 and "not empty" in stderr and (other / "mine.txt").read_text() == "keep me"


def test_sections_without_their_feature_module_are_left_out(monkeypatch):
    from hemigov.report import sections

    real = sections.importable
    monkeypatch.setattr(sections, "importable", lambda m: False if m == "hemigov.replication" else real(m))
    keep, notes = sections.available()
    slugs = [s.slug for s in keep]
    assert "replication" not in slugs and "updated" not in slugs
    assert {"overview", "profiles", "peers", "methods"} <= set(slugs)
    assert any("hemigov.replication" in n for n in notes)


# ---------------------------------------------------------------- headless browser, network blocked

def test_browser_offline_renders_charts_without_errors(site):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Debian chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for rel, width in (("index.html", 1200), ("countries/mex.html", 390)):
                ctx = browser.new_context(viewport={"width": width, "height": 900})
                page = ctx.new_page()
                errors, failed, foreign = [], [], []
                page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                page.on("requestfailed", lambda r, failed=failed: failed.append(r.url))

                def route(r, foreign=foreign):
                    if r.request.url.startswith("file://"):
                        r.continue_()
                    else:
                        foreign.append(r.request.url)
                        r.abort()

                page.route("**/*", route)
                page.goto((site / rel).as_uri())
                n = page.eval_on_selector_all(".chart", "els => els.length")
                assert n >= 3, rel
                page.wait_for_function("document.querySelectorAll('.chart.rendered').length === "
                                       "document.querySelectorAll('.chart').length", timeout=30_000)
                marks = page.eval_on_selector_all(
                    ".chart", "els => els.map(e => { const s = e.querySelector('.vega-embed svg, .vega-embed "
                              "canvas'); return s ? [s.getBoundingClientRect().width, "
                              "s.querySelectorAll('path, rect, line').length] : [0, 0]; })")
                assert all(w > 100 and k > 5 for w, k in marks), (rel, marks)
                page.screenshot(path=str(ARTIFACTS / f"report-{rel.replace('/', '-')}.png"), full_page=False)
                assert (errors, failed, foreign) == ([], [], []), rel
                ctx.close()
        finally:
            browser.close()

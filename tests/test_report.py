"""The report (issues 6, 12, 13): built once per session from the embedded snapshot in an empty data home.

Golden files (tests/golden/report/) hold the data artefacts of key exhibits; refresh them deliberately with
``HEMIGOV_UPDATE_GOLDEN=1 python -m pytest tests/test_report.py`` and review the diff. Values that independent
sources print are asserted separately, with the source named; numbers that two surfaces show are compared with
each other (the report against the indicators, the series, the replication and the effects).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from html import unescape
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
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
GOLDEN_CSV = ["overview-headlines", "overview-canada-resettlement-by-region", "overview-americas-shares",
              "overview-canada-asylum-claims", "overview-ircc-comparison", "overview-scenario",
              "peers-region-share-2015-2020", "peers-americas-share-by-year", "countries-summary",
              "country-mex-resettled-to-canada", "country-mex-claims-in-canada", "country-mex-recognition-in-canada",
              "country-mex-remittances-from-canada", "country-hti-migrant-stock-in-canada", "country-ven-displaced-out",
              "country-col-hosted", "paper-scorecard", "paper-claims-summary"]
SECTION_PAGES = ["index.html", "paper.html", "updated.html", "indicators.html", "effects.html", "money.html",
                 "options.html", "countries/index.html", "peers.html", "methods.html"]
COUNTRY_SAMPLE = ["countries/can.html", "countries/usa.html", "countries/mex.html", "countries/hti.html",
                  "countries/ven.html", "countries/gbr.html"]


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
    lines: list[str] = []
    res = build(out, log=lines.append)
    assert not res.skipped
    res.lines = lines
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


def _headline(site: Path, measure: str, period: str) -> pd.Series:
    h = _csv(site, "overview-headlines")
    hit = h[h.Measure.str.startswith(measure) & (h.Period == period)]
    assert len(hit) == 1, (measure, period, h.Measure.tolist())
    return hit.iloc[0]


def test_headlines_against_published_figures(site):
    # UNHCR solutions, resettlement to Canada 2015-2020 (unhcr-refugees PROVENANCE.md): 160,645; the Americas 1,341.
    r = _headline(site, "Share of refugees resettled to Canada who came from the Americas (UNHCR)", "2015–2020")
    assert (r.Persons, r["Out of (persons)"]) == (1_341, 160_645)
    # The paper: "just under 1% of resettlement" (IRCC subtotal rows 2015-2020: 1,090 of 157,855 = 0.69%).
    r = _headline(site, "Share of refugees resettled to Canada who came from the Americas (IRCC)", "2015–2020")
    assert (r.Persons, r["Out of (persons)"]) == (1_090, 157_855) and 0.5 < r["Share (%)"] < 1
    # README: the Americas produce about a quarter of the world's cross-border displaced (latest year).
    h = _csv(site, "overview-headlines")
    xb = h[h.Measure.str.startswith("The Americas' share of the world's cross-border displaced")]
    assert 20 < xb["Share (%)"].iloc[-1] < 30
    # canada.ca / IRCC: asylum claimants in 2024 (all citizenships, office type and province totals).
    assert _headline(site, "Asylum claimants in Canada", "2024").Persons == 171_835


def test_profiles_against_published_figures(site):
    res = _csv(site, "country-col-resettled-to-canada")
    unhcr = res[(res["Counted by"] == "UNHCR") & res.Year.between(2015, 2020)]
    assert unhcr.Persons.sum() == 957  # unhcr-refugees PROVENANCE.md: Colombia 957
    # knomad-remittances PROVENANCE.md: remittances from Canada, US$ million (2017 matrix; 2021 matrix).
    rem = _csv(site, "country-mex-remittances-from-canada").set_index("Matrix year")["Remittances from Canada"]
    assert rem[2017] == pytest.approx(155.8, abs=0.05) and rem[2021] == pytest.approx(399.8, abs=0.05)
    assert _csv(site, "country-jam-remittances-from-canada").set_index("Matrix year")[
        "Remittances from Canada"][2017] == pytest.approx(314.6, abs=0.05)
    # undesa-migrant-stock PROVENANCE.md: Mexico-born in Canada 85,825, Haiti-born 99,564 (2019).
    assert _csv(site, "country-mex-migrant-stock-in-canada").set_index("Year").Persons[2019] == 85_825
    assert _csv(site, "country-hti-migrant-stock-in-canada").set_index("Year").Persons[2019] == 99_564


# ---------------------------------------------------------------- one number, one meaning (issue 12)

@pytest.mark.parametrize("iso3,rate", [("MEX", 59.67), ("COL", 77.83), ("PER", 67.14)])
def test_profile_recognition_rate_equals_the_indicator(site, in_snapshot_home, iso3, rate):
    """A profile's recognition rate is the indicator's (first instance): Mexico 2025 = 59.67%, not the 46.4% that
    pooling first instance, appeal and review gave."""
    from hemigov.indicators import indicator

    ind = indicator("recognition_rate", origin=iso3, years="2025").iloc[0]
    page = _csv(site, f"country-{iso3.lower()}-recognition-in-canada").set_index("Year").loc[2025]
    assert page["Total protection rate (%)"] == pytest.approx(100 * ind.total_protection_rate, abs=1e-4)
    assert page["Total protection rate (%)"] == pytest.approx(rate, abs=0.01)
    assert page.Decisions == ind.total
    html = (site / f"countries/{iso3.lower()}.html").read_text(encoding="utf-8")
    assert f"{100 * ind.total_protection_rate:.1f}%" in html


def test_canada_application_series_agrees_with_series_and_replication(site, in_snapshot_home):
    """The overview's new applications in Canada = series.asylum.applications(new=True) from 2000 = the replication's
    (Fig. 1's UNHCR series as of the paper, and the updated Fig. 3), year by year."""
    from hemigov.replication import replicate, updated
    from hemigov.series import asylum

    page = _csv(site, "overview-canada-new-applications").set_index("Year")["New applications, all nationalities"]
    ser = asylum.applications(asylum="CAN", new=True, by=("year",)).set_index("year").applied
    assert int(page.index.min()) == 2000 and int(ser.index.min()) == 2000
    assert (page.sort_index() == ser.sort_index()).all()
    fig1 = replicate("fig1")
    fig1 = fig1[fig1.measure == "total_claims_unhcr"].set_index("row").computed_value
    fig1.index = fig1.index.astype(int)
    assert len(fig1) >= 19 and (page.reindex(fig1.index) == fig1).all()
    f3 = updated("fig3")
    f3 = f3[f3.series.str.startswith("UNHCR new applications")].assign(year=lambda d: d.period.astype(int))
    f3 = f3.groupby("year").value.sum()
    assert len(f3) >= 10 and (page.reindex(f3.index) == f3).all()


def test_ircc_resettlement_one_count_everywhere(site, in_snapshot_home):
    """IRCC resettled refugees are counted with the printed subtotal rows on every surface: overview = indicator
    (2015-2020: 157,855); the replication and the claims ledger (Jan 2015-Jun 2020) = the same rows; the category
    cells appear only in the labelled comparison."""
    from hemigov.indicators import indicator
    from hemigov.replication import claims, replicate
    from hemigov.series import resettlement

    r = _headline(site, "Share of refugees resettled to Canada who came from the Americas (IRCC)", "2015–2020")
    ind = indicator("representation", source="ircc", years="2015-2020")
    assert r["Out of (persons)"] == ind.resettled_total.iloc[0] == 157_855
    ir = _csv(site, "overview-ircc-resettlement-by-region")
    assert ir[ir.Year.between(2015, 2020)].Persons.sum() == 157_855
    m = resettlement.ircc_monthly()
    jan15_jun20 = m[(m.year * 100 + m.month).between(201501, 202006)].persons.sum()
    cells = replicate("fig2")
    rep = cells[(cells.row == "All origins") & (cells.measure == "resettled")].computed_value.iloc[0]
    led = claims("paper").set_index("id").loc["res-total-2015-2020", "computed_value"]
    assert jan15_jun20 == rep == led == 153_110
    cmp = _csv(site, "overview-ircc-comparison").set_index("Count").Persons
    assert cmp["subtotal rows (used)"] == 157_855 and cmp["category cells GAR+PSR+BVOR"] == 156_695
    html = (site / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<figure class="exhibit" id="overview-ircc-comparison".*?</figure>', html, re.S).group(0)
    assert "a comparison" in block and "1,160" in block  # the labelled comparison explains the difference
    assert html.count("156,695") == block.count("156,695") >= 1  # the category sum appears only there


def test_the_americas_one_list_and_no_empty_pages(site, in_snapshot_home):
    """Profiles for UNHCR's bureau "The Americas" (54) with data, plus Canada's peers as destinations; no page for
    Greenland, Bouvet Island or South Georgia (M49 only); territories without data are listed as such."""
    from hemigov.geo.regions import AMERICAS, M49_AMERICAS, PEERS

    pages = {p.stem.upper() for p in (site / "countries").glob("*.html") if p.stem != "index"}
    assert len(AMERICAS.members()) == 54
    assert pages - set(PEERS) <= set(AMERICAS.members())
    assert set(PEERS) <= pages
    assert not pages & (set(M49_AMERICAS.members()) - set(AMERICAS.members()))
    assert {"GRL", "BVT", "SGS"}.isdisjoint(pages)
    index = (site / "countries" / "index.html").read_text(encoding="utf-8")
    missing = set(AMERICAS.members()) - pages
    for code in pages:
        assert f"href='{code.lower()}.html'" in index
    if missing:
        assert "No data" in index
    for p in pages:
        html = (site / "countries" / f"{p.lower()}.html").read_text(encoding="utf-8")
        assert "not in the warehouse" not in html


def _footer(html: str) -> str:
    m = re.search(r'<footer class="provenance".*?</footer>', html, flags=re.S)
    assert m, "no provenance footer"
    return m.group(0)


def test_every_page_names_its_datasets_with_checksum_and_licence(site, in_snapshot_home):
    """No escape clause: every page's footer lists at least one (dataset, release, sha256) with its licence, each
    one a loaded file (checked against the catalogue); paper.html names its datasets."""
    from hemigov.series import catalogue

    d = catalogue.datasets().set_index(["dataset", "vintage"])
    for path in _pages(site):
        foot = _footer(path.read_text(encoding="utf-8"))
        items = re.findall(r'\[([a-z0-9_.]+)@([^\]]+)\]</span> — sha256 <code>([0-9a-f]{12})</code>, licence: ([^<]+)'
                           r'</li>', foot)
        assert items, f"{path.relative_to(site)}: names no dataset with sha256 and licence"
        for ds, v, sha, lic in items:
            assert d.loc[(ds, v), "sha256"].startswith(sha) and lic.strip(), (path, ds, v)
    paper = _footer((site / "paper.html").read_text(encoding="utf-8"))
    assert "paper.table3@2020-12" in paper and "unhcr.asylum_decisions@" in paper


def test_events_show_their_kind_of_source(site):
    n = 0
    for f in (site / "data").glob("*events*.csv"):
        t = pd.read_csv(f)
        assert "Kind of source" in t.columns, f.name
        assert t["Kind of source"].notna().all() and set(t["Kind of source"]) <= {"official", "news", "research",
                                                                                  "weak"}, f.name
        n += 1
    assert n >= 6


def test_no_sql_and_no_feature_machinery_in_the_report():
    src = ROOT / "src" / "hemigov" / "report"
    text = "\n".join(p.read_text(encoding="utf-8") for p in src.rglob("*.py"))
    for banned in ("AMERICAS_WHERE", "REGION_SQL", "ctx.q(", "requires=", "importable", "FEATURES",
                   "except Exception as e:  # a feature"):
        assert banned not in text, banned


def test_a_failing_section_fails_the_build_with_one_line(in_snapshot_home, tmp_path, monkeypatch):
    from hemigov.core.errors import HemigovError
    from hemigov.report import builder, sections

    def boom(ctx):
        raise HemigovError("no rows for the test")

    real = sections.all_sections

    def patched():
        out = real()
        return [sections.Section(s.slug, s.title, s.path, boom) if s.slug == "overview" else s for s in out]

    monkeypatch.setattr(builder, "all_sections", patched)
    with pytest.raises(HemigovError) as e:
        builder.build(tmp_path / "site")
    assert str(e.value) == "report section 'Overview' failed: no rows for the test"
    assert "\n" not in str(e.value) and not (tmp_path / "site").exists()


# ---------------------------------------------------------------- the paper, replicated; effects (issue 13)

def test_scorecard_counts_equal_replicate_and_claims(site, in_snapshot_home):
    from hemigov.replication import claims, replicate

    cells = replicate()
    sc = _csv(site, "paper-scorecard").set_index("Exhibit")
    total = sc.loc["All six exhibits"]
    n = cells.status.value_counts()
    assert (total.Reproduced, total.Differs, total["Cannot be checked"], total.Cells) == \
        (n["reproduced"], n["differs"], n["not-reproducible"], len(cells))
    from hemigov.replication import EXHIBITS

    for x, title in EXHIBITS.items():
        c = cells[cells.exhibit == x].status.value_counts()
        row = sc.loc[title]
        assert (row.Reproduced, row.Differs, row["Cannot be checked"]) == \
            (c.get("reproduced", 0), c.get("differs", 0), c.get("not-reproducible", 0)), x
    led = claims("both")
    cs = _csv(site, "paper-claims-summary").set_index("Verdict")
    for status, label in (("holds", "Holds"), ("contradicted", "Contradicted"), ("untestable", "Untestable"),
                          ("no-longer-holds", "No longer holds"), ("holds-approximately", "Holds approximately")):
        for as_of, col in (("paper", "As of the paper"), ("latest", "Latest data")):
            assert cs.loc[label, col] == ((led.as_of == as_of) & (led.status == status)).sum(), (status, as_of)
    html = (site / "paper.html").read_text(encoding="utf-8")
    assert f"<td class='num'>{n['reproduced']}</td>" in html
    assert html.count("class='claim'") == (led.as_of == "paper").sum()
    for x in EXHIBITS:
        assert f'id="paper-{x}"' in html  # each exhibit laid out as printed
    for fig in ("fig1", "fig2", "fig3"):
        assert (site / "charts" / f"paper-{fig}-figure.svg").is_file()  # the paper's figures drawn


def test_effects_page_draws_every_estimable_case(site, in_snapshot_home):
    from hemigov.effects import case_studies, effect
    from hemigov.report.sections.effects import case_labels

    cases = case_studies()
    html = (site / "effects.html").read_text(encoding="utf-8")
    summ = _csv(site, "effects-summary").set_index("Case")
    est = cases[cases.estimable.astype(bool)]
    assert len(est) >= 5
    labels = dict(zip(est.case, case_labels(list(est.title)), strict=True))
    assert summ.index.is_unique and set(summ.index) == set(labels.values())
    for r in est.itertuples(index=False):
        e = effect(case=r.case)
        assert f'id="effect-{r.case}"' in html and 'class="chart' in html
        assert (site / "charts" / f"effect-{r.case}.svg").is_file()
        row = summ.loc[labels[r.case]]
        assert row["Rate ratio"] == pytest.approx(e.rate_ratio.value, abs=1e-4)
        assert (row["95% low"], row["95% high"]) == (pytest.approx(e.rate_ratio.low, abs=1e-4),
                                                     pytest.approx(e.rate_ratio.high, abs=1e-4))
        assert row["Change in people"] == round(e.people.value)
        assert (row["People, 95% low"], row["People, 95% high"]) == (round(e.people.low), round(e.people.high))
    for r in cases[~cases.estimable.astype(bool)].itertuples(index=False):
        assert str(r.reason).split(":")[0] in html, r.case
    assert "HemigovError" not in html


# ---------------------------------------------------------------- tables and pages for people

class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[int] = []
        self.ids: set[str] = set()

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


def _tables(html: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(exhibit id, headers, rows of cell texts) of every exhibit's data table."""
    out = []
    for ex_id, block in re.findall(r'<figure class="exhibit[^"]*" id="([^"]+)".*?(<table>.*?</table>)', html, re.S):
        heads = [unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', block)]
        rows = []
        for tr in re.findall(r"<tr>(.*?)</tr>", block.split("<tbody>", 1)[1], re.S):
            rows.append([unescape(re.sub(r"<[^>]+>", "", c))
                         for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)])
        out.append((ex_id, heads, rows))
    return out


def test_tables_for_people(site):
    """No year with a thousands separator, no fractional person count, no time of day on a date; human headers
    (no snake_case); the CSV has the table's headers."""
    n = 0
    for path in _pages(site):
        for ex_id, heads, rows in _tables(path.read_text(encoding="utf-8")):
            n += 1
            assert not any(re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", h) for h in heads), (ex_id, heads)
            csv_head = (site / "data" / f"{ex_id}.csv").read_text(encoding="utf-8").split("\n", 1)[0]
            assert pd.read_csv(site / "data" / f"{ex_id}.csv", nrows=0).columns.tolist() == heads, (ex_id, csv_head)
            for i, h in enumerate(heads):
                cells = [r[i] for r in rows if len(r) == len(heads)]
                for v in cells:
                    assert "00:00:00" not in v, (ex_id, h, v)  # a date dumped with its time
                    if re.search(r"Date|Period|Month", h):
                        assert not re.search(r"\d{2}:\d{2}", v), (ex_id, h, v)
                    if re.fullmatch(r"(Year|Matrix year)", h):
                        assert re.fullmatch(r"\d{4}|–", v), (ex_id, h, v)
                    if re.fullmatch(r"(Persons|Decisions|Asylum claimants|New applications.*|Places given|"
                                    r"From the Americas|All resettled|Resettled.*|Rejected|Recognised.*)", h):
                        assert re.fullmatch(r"-?\d{1,3}(,\d{3})*|–", v), (ex_id, h, v)
    assert n >= 300


def test_every_page_is_accessible_and_has_the_provenance_footer(site, built):
    pages = _pages(site)
    assert len(pages) == built.pages >= 55
    for path in pages:
        p, html = _parse(path)
        assert re.search(r'<html lang="en">', html), path
        assert '<meta name="viewport"' in html, path
        assert '<a class="skip-link" href="#main">' in html and "main" in p.ids, path
        assert p.headings.count(1) == 1 and p.headings[0] == 1, path
        for a, b in zip(p.headings, p.headings[1:], strict=False):
            assert b <= a + 1, f"{path}: heading h{a} followed by h{b}"
        foot = _footer(html)
        assert "hemigov 0.1.0" in foot and "methods.html" in foot, path
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
            src = re.search(r'<p class="source">Source: (\S.+?)</p>', block)
            assert src and "release" in src.group(1), f"{path}#{ex_id}: no source line naming a release"
            assert '<details class="data-table"' in block and "<table>" in block
            assert (site / "data" / f"{ex_id}.csv").is_file()
            if 'class="chart' in block:
                n_charts += 1
                assert re.search(r'aria-label="[^"]{20,}"', block), ex_id
                spec = json.loads((site / "charts" / f"{ex_id}.vl.json").read_text(encoding="utf-8"))
                assert spec["title"]["text"] and any(s.startswith("Source: ") for s in spec["title"]["subtitle"])
                assert spec["description"]
                if "chart-static" in block:
                    for ext in (".svg", ".png"):
                        f = site / "charts" / f"{ex_id}{ext}"
                        assert f.is_file() and f.stat().st_size > 500, f
    assert (n_charts, n_ex) == (built.charts, built.exhibits)
    assert n_charts >= 250


def test_section_pages_have_static_images_country_pages_draw_in_the_browser(site):
    for rel in SECTION_PAGES:
        html = (site / rel).read_text(encoding="utf-8")
        assert html.count('<div class="chart has-static"') == html.count('<div class="chart'), rel
    mex = (site / "countries/mex.html").read_text(encoding="utf-8")
    assert 'class="chart"' in mex and "chart-static" not in mex


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


def test_canada_is_a_destination_not_an_origin_of_itself(site):
    html = (site / "countries/can.html").read_text(encoding="utf-8")
    assert "from Canada to Canada" not in html and "to Canada to Canada" not in html
    assert "Canada as a destination" in html
    for ex in ("country-can-resettled-by-region", "country-can-applications-by-origin",
               "country-can-recognition-by-origin", "country-can-remittances-sent",
               "country-can-migrants-by-birthplace"):
        assert f'id="{ex}"' in html, ex
    # UNHCR's IATI publication (unhcr-iati-funding PROVENANCE): Canada's commitments earmarked to the Americas,
    # US$2.87M in 2016 and 0.04M in 2019
    mo = _csv(site, "country-can-money-to-unhcr")
    am = mo[mo["UNHCR region (bureau)"] == "The Americas"].set_index("Year").Committed
    assert am[2016] == pytest.approx(2.87e6, rel=0.01) and am[2019] == pytest.approx(0.04e6, rel=0.1)
    usa = (site / "countries/usa.html").read_text(encoding="utf-8")
    assert "United States of America as a destination" in usa or "as a destination" in usa


def test_the_paper_is_identified_everywhere(site, in_snapshot_home):
    from openpyxl import load_workbook

    from hemigov.core import meta

    p = meta.paper()
    assert p.authors == ("Smith, Craig Damian",) and p.number == "2020/16"
    for rel in ("index.html", "paper.html", "methods.html"):
        html = (site / rel).read_text(encoding="utf-8")
        assert "Smith" in html and p.title.replace("'", "&#39;") in html, rel
    bib = (site / "references.bib").read_text(encoding="utf-8")
    assert "@techreport{smith2020extraction," in bib and "author = {Smith, Craig Damian}" in bib
    assert "The paper (working paper" not in bib and "number = {2020/16}" in bib
    pkg = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["paper"]["authors"] == ["Smith, Craig Damian"] and pkg["paper"]["title"] == p.title
    wb = load_workbook(site / "hemigov-report.xlsx", read_only=True)
    about = [r for r in wb["about"].iter_rows(values_only=True)]
    assert any(r and r[0] == "Replicates" and "Smith, C. D. (2020)" in r[1] for r in about)
    wb.close()


def test_overview_states_what_changed_and_the_quotable_result(site, in_snapshot_home):
    from hemigov.indicators import indicator

    html = (site / "index.html").read_text(encoding="utf-8")
    s = indicator("resettlement_scenario", destination="CAN", years="2015-2020")
    places = s.scenario_places.sum()
    assert f"{round(places, -2):,.0f} places" in html and "What changed since the paper" in html
    assert "0.8%" in html and "3.1%" in html and "because" in html
    sc = _csv(site, "overview-scenario")
    assert sc[sc.Year.between(2015, 2020)]["Places had Canada matched the region's share"].sum() == \
        pytest.approx(places, abs=6)
    for tile in re.findall(r'<p class="headline-detail">(.*?)</p>', html, re.S):
        assert "release" in tile, tile  # every tile names its release


def test_fair_shares_explain_the_target(site):
    html = (site / "indicators.html").read_text(encoding="utf-8")
    assert "Redistributing the places actually given" in html and "A stated target" in html
    t = _csv(site, "indicator-fair-share")
    assert set(t["Weights from"]) == {2020}  # the period's own year, not the newest data


# ---------------------------------------------------------------- charts that never mislead

def _layers(spec: dict) -> list[dict]:
    out = []
    for layer in spec.get("layer", [spec]):
        out += _layers(layer) if "layer" in layer else [layer]
    return out


def _field(enc: dict, ch: str) -> str | None:
    e = enc.get(ch)
    return e.get("field") if isinstance(e, dict) else None


def _step(values: list, temporal: bool) -> list[int]:
    if temporal:
        idx = [pd.Timestamp(v).year * 12 + pd.Timestamp(v).month for v in values]
    else:
        idx = [int(round(float(v))) for v in values]
    return sorted(idx)


def chart_problems(spec: dict) -> list[str]:
    """Independent checks of one Vega-Lite specification: lines only through consecutive years (or months) and
    through three points or more; one line per colour/detail group; several series coloured with a legend;
    categorical year axes list every year of their span; event rules few and labelled."""
    bad = []
    layers = _layers(spec)
    for i, layer in enumerate(layers):
        mark = layer.get("mark", {})
        mark = mark if isinstance(mark, dict) else {"type": mark}
        enc = layer.get("encoding", {})
        data = layer.get("data", {}).get("values", [])
        x = _field(enc, "x")
        if mark.get("type") == "line" and data:
            temporal = enc["x"].get("type") == "temporal"
            groups: dict = {}
            for r in data:
                key = tuple(r.get(_field(enc, ch)) for ch in ("color", "detail") if _field(enc, ch))
                groups.setdefault(key, []).append(r[x])
            for key, xs in groups.items():
                idx = _step(xs, temporal)
                if len(idx) < 3:
                    bad.append(f"layer {i}: a line from {len(idx)} points {key}")
                if len(set(idx)) != len(idx):
                    bad.append(f"layer {i}: one line joins several series at the same x {key}")
                if any(b - a != 1 for a, b in zip(idx, idx[1:], strict=False)):
                    bad.append(f"layer {i}: a line across a missing period {key}")
        col = enc.get("color", {})
        if isinstance(col, dict) and col.get("field") and data:
            n = len({r.get(col["field"]) for r in data})
            if n > 1 and col.get("legend", {}) is None:
                bad.append(f"layer {i}: {n} series coloured without a legend")
        if isinstance(col, dict) and not col.get("field") and x and mark.get("type") in ("line", "point") and data:
            keys = [r[x] for r in data]
            if len(set(keys)) != len(keys) and not _field(enc, "detail"):
                bad.append(f"layer {i}: several series in one colour")
        xe = enc.get("x", {})
        if isinstance(xe, dict) and xe.get("type") == "ordinal" and x and "year" in x and data:
            dom = xe.get("scale", {}).get("domain")
            ys = sorted({int(r[x]) for r in data})
            if not dom or any(y not in dom for y in range(ys[0], ys[-1] + 1)):
                bad.append(f"layer {i}: a categorical year axis hides missing years")
        if mark.get("type") == "rule" and data:
            if len(data) > 5:
                bad.append(f"layer {i}: {len(data)} event rules")
            labelled = any(lay.get("mark", {}).get("type") == "text" and lay.get("data", {}).get("values") == data
                           for lay in layers if isinstance(lay.get("mark"), dict))
            if not labelled:
                bad.append(f"layer {i}: event rules without labels")
    return bad


def test_no_chart_misleads(site):
    """Every chart specification in the built site (static and interactive: the same spec)."""
    specs = sorted((site / "charts").glob("*.vl.json"))
    assert len(specs) >= 250
    problems = {}
    for f in specs:
        got = chart_problems(json.loads(f.read_text(encoding="utf-8")))
        if got:
            problems[f.name] = got
    assert not problems, json.dumps(dict(list(problems.items())[:10]), indent=1)
    # the cases the issue names: Haiti's resettlement to Canada has its zero years; Mexico's is not a line of two
    # points; the indicators' displacement chart is one line per region
    hti = json.loads((site / "charts" / "country-hti-resettled-to-canada.vl.json").read_text(encoding="utf-8"))
    pts = {r["year"]: r["persons"] for r in _layers(hti)[-1]["data"]["values"] if r.get("source") == "UNHCR"}
    assert pts.get(2016) == 0 and pts.get(2019) == 0
    ds = json.loads((site / "charts" / "indicator-displacement-share.vl.json").read_text(encoding="utf-8"))
    assert _layers(ds)[0]["encoding"]["color"]["field"] == "region"
    f1 = json.loads((site / "charts" / "updated-fig1-persons.vl.json").read_text(encoding="utf-8"))
    rules = [lay for lay in _layers(f1) if lay.get("mark", {}).get("type") == "rule"]
    assert rules and 1 <= len(rules[0]["data"]["values"]) <= 5


def test_chart_checks_catch_misleading_specs():
    """The checker itself: a line across a gap, a two-point line, a joined sawtooth and unlabelled rules fail."""
    line = {"mark": {"type": "line"}, "encoding": {"x": {"field": "year", "type": "quantitative"},
                                                   "y": {"field": "v"}}}
    gap = {"layer": [{**line, "data": {"values": [{"year": 2013, "v": 1}, {"year": 2014, "v": 1},
                                                  {"year": 2021, "v": 5}]}}]}
    two = {"layer": [{**line, "data": {"values": [{"year": 2021, "v": 1}, {"year": 2022, "v": 1}]}}]}
    saw = {"layer": [{**line, "data": {"values": [{"year": y, "v": 1} for y in (2000, 2000, 2001, 2001, 2002)]}}]}
    rules = {"layer": [{"mark": {"type": "rule"}, "encoding": {"x": {"field": "year"}},
                        "data": {"values": [{"year": 2000 + i} for i in range(7)]}}]}
    assert any("missing period" in p for p in chart_problems(gap))
    assert any("2 points" in p for p in chart_problems(two))
    assert any("several series" in p for p in chart_problems(saw))
    assert any("7 event rules" in p for p in chart_problems(rules)) and \
        any("without labels" in p for p in chart_problems(rules))


# ---------------------------------------------------------------- exports

def test_exports_csv_xlsx_datapackage(site, built):
    from openpyxl import load_workbook

    pkg = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["profile"] == "tabular-data-package" and len(pkg["resources"]) == built.exhibits
    assert {"CC-BY-4.0", "OGL-Canada-2.0", "CC-BY-3.0-IGO"} <= {lic.get("name") for lic in pkg["licenses"]}
    assert len(pkg["sources"]) >= 40 and all(s.get("sha256") for s in pkg["sources"])
    assert pkg["hemigov"]["version"] == "0.1.0"
    for r in pkg["resources"]:
        header = pd.read_csv(site / r["path"], nrows=0).columns.tolist()
        assert header == [f["name"] for f in r["schema"]["fields"]], r["name"]
        assert r["sources"] and all(s.get("sha256") for s in r["sources"]), r["name"]
        assert r["licenses"], r["name"]
    wb = load_workbook(site / "hemigov-report.xlsx", read_only=True)
    assert wb.sheetnames[:2] == ["about", "contents"] and len(wb.sheetnames) == built.exhibits + 2
    about = list(wb["about"].iter_rows(values_only=True))
    assert any(r and r[0] == "hemigov version" and r[1] == "0.1.0" for r in about)
    assert sum(1 for r in about if r and r[0] and "@" not in str(r[0]) and len(r) >= 4 and r[3] and
               re.fullmatch(r"[0-9a-f]{64}", str(r[3]))) == len(pkg["sources"])
    toc = list(wb["contents"].iter_rows(min_row=2, values_only=True))
    name, ex_id = toc[0][0], toc[0][1]
    rows = list(wb[name].iter_rows(values_only=True))
    first = pd.read_csv(site / "data" / f"{ex_id}.csv")
    assert list(rows[0]) == list(first.columns) and len(rows) == len(first) + 1
    wb.close()


def test_datapackage_validates_with_frictionless(site):
    """Frictionless reads the descriptor and checks every resource's CSV against its schema: no errors."""
    from frictionless import validate

    from hemigov.report.exports import validate_package

    assert validate_package(site / "datapackage.json") == []
    report = validate(site / "datapackage.json")
    assert report.valid and len(report.tasks) >= 300


def test_cite_this(site, in_snapshot_home):
    from hemigov.core.meta import VERSION
    from hemigov.series import catalogue

    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f"version: {VERSION}" in cff
    bib = (site / "references.bib").read_text(encoding="utf-8")
    n = int(catalogue.datasets().is_current.sum())
    assert bib.count("@misc{") == n and bib.count("@software{hemigov") == 1 and bib.count("@techreport{") == 1
    methods = (site / "methods.html").read_text(encoding="utf-8")
    assert "[Computer software]" in methods and "@software{hemigov" in methods
    assert "unhcr.population" in methods and "CC BY 4.0" in methods


def test_site_size_and_byte_stable_charts(site, in_snapshot_home, tmp_path):
    """Under 20 MB; a chart drawn again from its specification gives the same bytes."""
    from hemigov.report import site as site_mod

    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    assert size < 20 * 2**20, f"site is {size / 2**20:.1f} MiB"
    specs = sorted((site / "charts").glob("*.svg"))[:8]
    assert specs
    out = tmp_path / "again"
    (out / "charts").mkdir(parents=True)
    with site_mod.ChartWriter(out, None) as w:
        for svg in specs:
            text = svg.with_suffix("").with_suffix(".vl.json").read_text(encoding="utf-8")
            w._start()
            with w.lock:
                w.pending += 1
            w.jobs.put((svg.stem, {"spec": text, "svg": str(out / "charts" / svg.name), "png": None, "scale": 1}))
        w.wait(lambda _: None)
    for svg in specs:
        assert (out / "charts" / svg.name).read_bytes() == svg.read_bytes(), svg.name


# ---------------------------------------------------------------- incremental build, CLI

def test_build_prints_one_line_per_section(built):
    from hemigov.report.sections import all_sections

    titles = [s.title for s in all_sections()]
    for t in titles:
        assert sum(line.startswith(f"{t}: ") for line in built.lines) == 1, t
    assert not any("error" in line.lower() or "fail" in line.lower() for line in built.lines)


def test_unchanged_inputs_skip_the_rebuild(site, built, in_snapshot_home):
    from hemigov.report import build

    before = (site / "index.html").stat().st_mtime_ns
    res = build(site)
    assert res.skipped and res.fingerprint == built.fingerprint
    assert (site / "index.html").stat().st_mtime_ns == before


def test_fingerprint_follows_the_code_the_report_depends_on(monkeypatch):
    from hemigov.report import fingerprint

    assert {"series", "indicators", "replication", "effects", "report", "geo"} <= set(fingerprint.DEPENDS_ON)
    a = fingerprint.code_hash()
    real = fingerprint._tree

    def one_more(folder, patterns):
        files = real(folder, patterns)
        return files if folder.name != "series" else files[:-1]

    monkeypatch.setattr(fingerprint, "_tree", one_more)
    assert fingerprint.code_hash() != a


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


# ---------------------------------------------------------------- headless browser, network blocked

def test_browser_offline_every_section_and_sample_of_countries(site):
    """Every section page and a sample of country pages, network blocked: no console errors, every chart drawn;
    full-page screenshots kept in test-artifacts/; the print stylesheet hides the navigation and prints a PDF."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Debian chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for rel in SECTION_PAGES + COUNTRY_SAMPLE:
                width = 390 if rel == "countries/mex.html" else 1200
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
                if n:
                    page.wait_for_function("document.querySelectorAll('.chart.rendered').length === "
                                           "document.querySelectorAll('.chart').length", timeout=60_000)
                    marks = page.eval_on_selector_all(
                        ".chart", "els => els.map(e => { const s = e.querySelector('.vega-embed svg'); return s ? "
                                  "[s.getBoundingClientRect().width, s.querySelectorAll('path, rect, line').length] "
                                  ": [0, 0]; })")
                    assert all(w > 100 and k > 3 for w, k in marks), (rel, marks)
                page.screenshot(path=str(ARTIFACTS / f"report-{rel.replace('/', '-')}.png"), full_page=True)
                assert (errors, failed, foreign) == ([], [], []), rel
                if rel == "paper.html":
                    page.emulate_media(media="print")
                    assert page.eval_on_selector(".site-header", "e => getComputedStyle(e).display") == "none"
                    pdf = page.pdf(path=str(ARTIFACTS / "report-paper.pdf"))
                    assert pdf[:4] == b"%PDF" and len(pdf) > 50_000
                ctx.close()
        finally:
            browser.close()

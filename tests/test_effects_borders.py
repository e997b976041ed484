"""Effects on US Border Patrol encounters (DHS OHSS, ../shared/data/us-ohss-border-patrol-encounters): the
``us-border`` series against the workbook's annual sheets and PROVENANCE.md's key figures, the two new case
studies (the STCA Additional Protocol at the northern border; Canada's 2024 visa on Mexicans), the US-policy
events their diagnostics name, bad input, and the command line as a user reads it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from hemigov.core.errors import InputError
from hemigov.core.provenance import Provenance
from tests.helpers import run_cli
from tests.test_effects import real  # noqa: F401  (the fully imported home, set for the whole module)

pytestmark = pytest.mark.usefixtures("real")

NLB = "Northern Land Border"
VISA = "mexico-visa-2024-us-northern"
SWANTON = "stca-2023-us-swanton"
NORTHERN = "stca-2023-us-northern-border"
NEW = (VISA, SWANTON, NORTHERN)


@pytest.fixture(scope="module")
def new():
    import hemigov

    return {name: hemigov.effect(case=name) for name in NEW}


def _load(spec):
    from hemigov.effects import series

    return series.load(spec)


def _annual(sheet: str, **dims) -> pd.Series:
    from hemigov.series import borders

    a = borders.encounters()
    a = a[a.sheet == sheet]
    for k, v in dims.items():
        a = a[a[k] == v]
    return a.set_index("fiscal_year").encounters


def _by_fiscal_year(spec: str) -> pd.DataFrame:
    d = _load(spec).data
    return d.groupby("fiscal_year").agg(monthly=("count", "sum"), months=("count", "size"),
                                        withheld=("suppressed", "sum"))


# --- the series against the published annual figures ----------------------------------------------------------


@pytest.mark.parametrize("spec, sheet, dims", [
    ("us-border:sector=Swanton", "Annual Rgn and Sector", {"region": NLB, "sector": "Swanton, VT"}),
    (f"us-border:region={NLB}", "Annual Region", {"region": NLB}),
    (f"us-border:region={NLB},citizenship=MEX", "Annual Rgn and Citp", {"region": NLB, "citizenship_iso3": "MEX"}),
    ("us-border:region=Southwest Land Border", "Annual Region", {"region": "Southwest Land Border"}),
], ids=["swanton", "northern", "mexicans-northern", "southwest"])
def test_monthly_series_equal_the_annual_sheet_where_no_month_is_withheld(spec, sheet, dims):
    g = _by_fiscal_year(spec)
    annual = _annual(sheet, **dims)
    full = g[(g.months == 12) & (g.withheld == 0)]
    assert list(full.index) == list(range(2000, 2025))  # FY2000-FY2024: no month of these series is withheld
    # Each month and the year are rounded to 10 on their own: 12 months may differ from the year by 13 x 5.
    diff = (full.monthly - annual.loc[full.index]).abs()
    assert diff.max() <= 65 and diff.max() <= 30  # seen: at most 30
    # FY2025 holds October and November 2024 only (PROVENANCE: "mark FY2025 as two months, never as a year").
    assert g.loc[2025, "months"] == 2


def test_published_key_figures_through_the_effect_series():
    # PROVENANCE: Swanton FY2022 1,070, FY2023 6,930, FY2024 19,390 on the annual sheet; Northern Land Border
    # FY2024 23,720. The twelve rounded months add up to 1,060, 6,940, 19,410 and 23,730.
    swanton, northern = _by_fiscal_year("swanton"), _by_fiscal_year("us-northern-border")
    assert list(swanton.loc[[2022, 2023, 2024], "monthly"]) == [1_060, 6_940, 19_410]
    assert list(_annual("Annual Rgn and Sector", sector="Swanton, VT").loc[[2022, 2023, 2024]]) == [1_070, 6_930,
                                                                                                    19_390]
    assert northern.loc[2024, "monthly"] == 23_730 and _annual("Annual Region", region=NLB)[2024] == 23_720
    # Fiscal months are calendar months: FY2024 month 1 is October 2023. PROVENANCE's Mexicans at the northern
    # border, before and after Canada's visa of 2024-02-29.
    mex = _load("mexicans-us-northern-border").data.set_index("period")["count"]
    before = [mex[f"{m}-01"] for m in ("2023-10", "2023-11", "2024-01", "2024-02")]
    after = [mex[f"{m}-01"] for m in ("2024-03", "2024-04", "2024-05", "2024-06", "2024-11")]
    assert before == [760, 550, 300, 380] and after == [230, 210, 170, 140, 130]
    assert mex.index.max() == pd.Timestamp("2024-11-01") and mex.index.min() == pd.Timestamp("1999-10-01")
    s = _load("swanton")
    assert s.label == "US Border Patrol encounters per month: Swanton, VT sector (Northern Land Border)"
    assert s.sources == "ohss.usbp_encounters@2024-11" and s.rounded_to == 10


def test_withheld_months_are_marked_and_say_where_they_are():
    # A cell OHSS does not print is a count that rounds to 0 (0–4): such months are marked suppressed, and the
    # annual sheet, which counts them, is then larger than the printed months by up to 4 a month (and rounding).
    gtm = _by_fiscal_year(f"us-border:region={NLB},citizenship=GTM")
    withheld = gtm[gtm.withheld > 0]
    assert dict(withheld.withheld) == {2020: 3, 2021: 2, 2022: 1}
    annual = _annual("Annual Rgn and Citp", region=NLB, citizenship_iso3="GTM")
    assert (gtm.loc[2021, "monthly"], annual[2021]) == (100, 110)
    for fy, row in withheld.iterrows():
        assert annual[fy] - row.monthly <= 4 * row.withheld + 65
    # The Roxham Road nationalities at the northern border, 2022-01..2023-02 (the STCA cases' pre-event months):
    # withheld in half or more of the 14 months (the northern-border case's notes say so).
    for iso3, n in {"HTI": 8, "TUR": 13, "COL": 7, "VEN": 10}.items():
        d = _load(f"us-border:region={NLB},citizenship={iso3}").data
        pre = d[(d.period >= "2022-01-01") & (d.period <= "2023-02-01")]
        assert (len(pre), int(pre.suppressed.sum())) == (14, n), iso3
        assert pre.loc[pre.suppressed, "count"].isna().all()
    from hemigov.effects import case_studies

    notes = case_studies().set_index("case").loc[NORTHERN, "notes"]
    assert "Haitians 8, Turks 13, Colombians 7, Venezuelans 10" in notes


def test_midpoint_counts_withheld_months_as_two():
    from hemigov.effects import series

    s = _load("us-border:sector=Houlton")
    assert s.small == (0, 4) and s.midpoint == 2
    w = series.prepared(s, "2022-01", "2024-01", "midpoint")
    # Houlton, ME prints every month of the window but January 2022.
    assert w.n_suppressed == 1 and list(w.data.loc[w.data.suppressed, "period"]) == [pd.Timestamp("2022-01-01")]
    assert (w.data.loc[w.data.suppressed, "count"] == 2).all()
    assert "1 suppressed value(s) (0–4) counted as 2" in w.warnings
    dropped = series.prepared(s, "2022-01", "2024-01", "drop")
    assert len(dropped.data) == len(w.data) - 1 and dropped.data.period.min() == pd.Timestamp("2022-02-01")


# --- the case studies ----------------------------------------------------------------------------------------------


def test_mexicans_at_the_northern_border_fall_after_the_2024_visa(new):
    import hemigov

    r = new[VISA]
    assert r.rate_ratio.low <= r.rate_ratio.value <= r.rate_ratio.high < 1  # a fall, its interval below 1
    assert round(r.rate_ratio.value, 2) == 0.49  # docs/effects.md's case table
    assert r.people.low <= r.people.value <= r.people.high < 0
    assert r.method == "did" and r.controls == [f"us-border:region={NLB},citizenship=GTM",
                                                f"us-border:region={NLB},citizenship=ROU"]
    assert (r.pre_period, r.post_period) == ("2022-10..2024-01", "2024-03..2024-11")
    assert r.pretrend_p > 0.10 and not any("pre-trend test rejects" in w for w in r.warnings)
    p = r.path.set_index("period")
    assert p.loc["2024-03-01", "observed"] == 230 and p.loc["2024-11-01", "observed"] == 130
    assert Provenance.parse(r.sources).pairs() == [("ohss.usbp_encounters", "2024-11"), ("timeline.events", "2026-12")]
    # The interrupted time series on the Mexican series alone falls too.
    its = hemigov.effect(case=VISA, method="its")
    assert its.rate_ratio.high < 1 and its.controls == []


def test_stca_cases_estimate_with_intervals_and_say_their_pre_trends_fail(new):
    import hemigov

    for name in (SWANTON, NORTHERN):
        r = new[name]
        for iv in (r.rate_ratio, r.people):
            assert iv.low <= iv.value <= iv.high, name
        assert r.rate_ratio.value > 1 and r.method == "did"
        assert (r.pre_period, r.post_period) == ("2022-01..2023-02", "2023-04..2024-01")
        # The rise began before the protocol: the pre-trend test rejects, and the diagnostics say so.
        assert r.pretrend_p < 0.10 and "not credible as it stands" in r.diagnostics[0]
    assert len(new[SWANTON].controls) == 6 and new[NORTHERN].controls == ["us-border:region=Southwest Land Border"]
    assert "control series: 16 suppressed value(s) (0–4) counted as 2" in new[SWANTON].warnings
    assert "(16 of their values suppressed, counted as 2)" in " ".join(new[SWANTON].diagnostics)
    # The notes' reading of --method its: it extrapolates the 2022 rise and finds fewer encounters than predicted.
    assert hemigov.effect(case=SWANTON, method="its").rate_ratio.value < 1


def test_case_studies_list_the_border_cases():
    import hemigov

    cs = hemigov.case_studies().set_index("case")
    docs = (Path(__file__).resolve().parents[1] / "docs" / "effects.md").read_text(encoding="utf-8")
    assert all(f"| `{name}` |" in docs for name in cs.index)  # the docs' case table lists every case
    for name in NEW:
        row = cs.loc[name]
        assert row.estimable and row.reason == "" and row.notes and row.title
        assert (row.data_from, row.data_to) == ("1999-10", "2024-11")
        assert "ohss.usbp_encounters@2024-11" in row.sources
    assert cs.loc[VISA, "window"] == "2022-10..2024-11" and cs.loc[VISA, "expected"] == "-"
    assert cs.loc[SWANTON, "window"] == cs.loc[NORTHERN, "window"] == "2022-01..2024-01"


def test_us_policy_events_are_named_for_us_border_series(new):
    import hemigov

    swanton = " ".join(new[SWANTON].diagnostics)
    for named in ("2023-05-11 Title 42 expulsions end", "2023-01-05 CHNV parole announced",
                  "2023-09-25 RCMP dismantles Roxham Road facilities"):
        assert named in swanton
    assert "Canada re-imposes" not in swanton  # the STCA windows end 2024-01, before the visa
    visa = " ".join(new[VISA].diagnostics)
    assert "2023-03-25 STCA Additional Protocol in force" in visa and "2024-06-04 Proclamation 10773" in visa
    assert "1 asylum event(s) also fall inside it" in visa
    longer = hemigov.effect(series="swanton", event="2023-03-25-stca", start="2022-01", end="2024-11")
    assert any("2024-02-29 Canada re-imposes visa requirement on most Mexican nationals" in d
               for d in longer.diagnostics)
    # Elsewhere US-policy events are counted, not named.
    rcmp = hemigov.effect(case="stca-2023-rcmp-quebec")
    assert not any("Title 42" in d for d in rcmp.diagnostics)
    assert any("US-policy or asylum event(s) also fall inside it" in d for d in rcmp.diagnostics)


# --- bad input and the command line -----------------------------------------------------------------------------


@pytest.mark.parametrize("spec, message", [
    ("us-border:sector=Swantn", "unknown US Border Patrol sector 'Swantn'; did you mean Swanton?"),
    ("us-border:region=Northen Land Border", "unknown US border region 'Northen Land Border'; did you mean "
                                             "Northern Land Border?"),
    ("us-border:region=Northern Land Border,citizenship=MXE",
     "OHSS encounters at the Northern Land Border: unknown citizenship 'MXE'; did you mean MEX?"),
    ("us-border:regon=Northern Land Border", "unknown us-border key 'regon'; did you mean region?"),
    ("us-border:sector=Swanton,citizenship=MEX", "OHSS publishes encounters by sector or by citizenship, not both"),
    ("us-border:region=Southwest Land Border,sector=Swanton",
     "the Swanton, VT sector is on the Northern Land Border, not the Southwest Land Border: drop region="),
    ("us-border:sector=Swanton, VT", "'VT' is not KEY=VALUE: name a sector by its city alone, e.g. sector=Swanton"),
    ("us-bordr:sector=Swanton", "unknown series 'us-bordr'; did you mean us-border?"),
], ids=["sector", "region", "citizenship", "key", "sector-and-citizenship", "sector-region", "comma", "kind"])
def test_bad_us_border_series_exit_2_with_one_line(capsys, spec, message):
    code, out, err = run_cli(["effect", "--series", spec, "--event", "2023-03-25"], capsys)
    line = err.strip()
    assert code == 2 and out == "" and "\n" not in line and line.startswith("error: ") and message in line, line
    assert "Error" not in line
    from hemigov.effects import series

    with pytest.raises(InputError, match=message.split(";")[0].replace("(", r"\(").replace(")", r"\)")):
        series.load(spec)


def test_cli_visa_case_reads_at_100_columns(new, monkeypatch):
    from hemigov.cli import app

    monkeypatch.setenv("COLUMNS", "100")
    res = CliRunner().invoke(app, ["effect", "--case", VISA])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert max(len(x.rstrip()) for x in lines) <= 100
    text = " ".join(res.stdout.split())
    r = new[VISA]
    assert f"rate ratio │ {r.rate_ratio.text('ratio')}" in text and r.summary in text
    assert "controls │ us-border:region=Northern Land Border,citizenship=GTM|ROU" in text
    assert "U.S. Department of Homeland Security" in text and "(release 2024-11)" in text
    assert "Every month in the window is printed (none suppressed as 0–4)" in text
    assert r.summary.startswith("US Border Patrol encounters per month: Northern Land Border, citizenship MEX. "
                                "After 2024-02-29")

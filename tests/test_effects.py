"""Policy events and effect estimation: estimators against statsmodels, interval coverage on simulated series
with a known effect, the built-in case studies on the real data, the typed result, diagnostics, bad input, CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from typer.testing import CliRunner

from hemigov.core.errors import HemigovError, InputError
from hemigov.core.provenance import Provenance
from hemigov.effects import EffectResult, Interval, estimators, glm
from tests.helpers import run_cli


@pytest.fixture(scope="module")
def real(full_home):
    """Every official file imported (session-wide), for the whole module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEMIGOV_HOME", str(full_home))
        yield full_home


@pytest.fixture(scope="module")
def cases(real):
    """Every estimable built-in case, estimated once."""
    import hemigov

    cs = hemigov.case_studies()
    return {name: hemigov.effect(case=name) for name in cs.loc[cs.estimable, "case"]}


# --- the count regression against statsmodels ------------------------------------------------------------


def _nb_data(seed=1, n=80):
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    X = np.column_stack([np.ones(n), t / 12, (t >= 50).astype(float), np.sin(2 * np.pi * t / 12),
                         np.cos(2 * np.pi * t / 12)])
    mu = np.exp(X @ [5, 0.1, -0.5, 0.2, 0.1])
    return rng.negative_binomial(1 / 0.05, 1 / (1 + 0.05 * mu)), X


def test_nb_fit_matches_statsmodels_ml_and_hac():
    y, X = _nb_data()
    f = glm.fit(y, X, family="negbin", cov_type="HAC", maxlags=3, leverage=False)
    ml = sm.NegativeBinomial(y, X, loglike_method="nb2").fit(disp=0)
    assert f.alpha == pytest.approx(ml.params[-1], rel=1e-4)
    np.testing.assert_allclose(f.params, ml.params[:-1], rtol=1e-6, atol=1e-7)
    g = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=f.alpha)).fit(
        cov_type="HAC", cov_kwds={"maxlags": 3, "use_correction": True})
    np.testing.assert_allclose(f.se, g.bse, rtol=1e-6)
    # The leverage adjustment only widens the intervals.
    assert np.all(glm.fit(y, X, family="negbin", cov_type="HAC", maxlags=3).se > f.se)


def test_poisson_hc0_and_panel_covariances_match_statsmodels():
    rng = np.random.default_rng(5)
    units, T = 4, 30
    g = np.repeat(np.arange(units), T)
    t = np.tile(np.arange(T), units)
    X = np.column_stack([np.ones(units * T), t / 10, (g == 1), (g == 2), (g == 3), (g == 0) & (t >= 20)]).astype(float)
    y = rng.poisson(np.exp(X @ [4, 0.2, 0.3, -0.2, 0.5, -0.4]))
    fam = sm.families.Poisson()
    f = glm.fit(y, X, family="poisson", cov_type="HC0", leverage=False)
    np.testing.assert_allclose(f.se, sm.GLM(y, X, family=fam).fit(cov_type="HC0").bse, rtol=1e-6)
    f = glm.fit(y, X, family="poisson", cov_type="HAC-panel", maxlags=2, groups=g, leverage=False)
    s = sm.GLM(y, X, family=fam).fit(cov_type="hac-panel", cov_kwds={"groups": g, "maxlags": 2})
    np.testing.assert_allclose(f.se, s.bse, rtol=1e-6)
    order = np.lexsort((g, t))  # Driscoll–Kraay: any row order, codes say the period
    f = glm.fit(y[order], X[order], family="poisson", cov_type="DK", maxlags=2, time=t[order], leverage=False)
    s = sm.GLM(y[order], X[order], family=fam).fit(cov_type="hac-groupsum",
                                                   cov_kwds={"time": t[order], "maxlags": 2, "use_correction": "hac"})
    np.testing.assert_allclose(f.se, s.bse, rtol=1e-6)


# --- coverage on simulated series with a known effect -------------------------------------------------------


def _sim_monthly(rng, rr=0.6, n_pre=48, n_post=24, alpha=0.05, base=150):
    periods = pd.date_range("2015-01-01", periods=n_pre + n_post, freq="MS")
    t = np.arange(len(periods))
    mu = (base * np.exp(0.005 * t + 0.2 * np.sin(2 * np.pi * periods.month.to_numpy() / 12))
          * np.where(t >= n_pre, rr, 1.0) * periods.days_in_month.to_numpy() / 30)
    return pd.DataFrame({"period": periods, "count": rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mu))}), \
        periods[n_pre]


def _sim_panel(rng, rr=0.7, n_pre=10, n_post=6, alpha=0.02):
    periods = pd.date_range("2000-01-01", periods=n_pre + n_post, freq="YS")
    k = np.arange(len(periods))
    shock = rng.normal(0, 0.2, len(periods))  # common year shocks: what the controls are for
    rows = []
    for unit, base in [("T", 800), ("A", 500), ("B", 1200), ("C", 300), ("D", 700)]:
        mu = base * np.exp(shock + 0.03 * k) * np.where((unit == "T") & (k >= n_pre), rr, 1.0)
        rows.append(pd.DataFrame({"unit": unit, "treated": unit == "T", "period": periods,
                                  "count": rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mu))}))
    return pd.concat(rows), periods[n_pre]


@pytest.mark.parametrize("simulate, estimate, truth, runs, seed", [
    (_sim_monthly, lambda d, ev: estimators.its(d, ev, "M"), 0.6, 200, 20261125),
    (_sim_panel, lambda d, ev: estimators.did(d, ev, "Y"), 0.7, 100, 7),
], ids=["its-monthly", "did-annual"])
def test_estimate_recovers_known_effect_and_interval_covers_it(simulate, estimate, truth, runs, seed):
    rng = np.random.default_rng(seed)
    est, hits = [], 0
    for _ in range(runs):
        r = estimate(*simulate(rng))
        est.append(r["effect_rate_ratio"])
        hits += r["ci_low"] <= truth <= r["ci_high"]
    assert np.median(est) == pytest.approx(truth, rel=0.03)
    assert hits / runs >= 0.89  # nominal 95%; "at least about 90%" in a seeded batch


def test_no_effect_gives_rate_ratio_near_one_and_event_study_leads_flat():
    rng = np.random.default_rng(3)
    data, ev = _sim_panel(rng, rr=1.0)
    r = estimators.event_study(data, ev, "Y")
    assert r["ci_low"] < 1 < r["ci_high"]
    leads = r["coefficients"][r["coefficients"].rel_bin < -1]
    assert len(leads) == 9 and r["pretrend_p"] > 0.01


# --- each estimator against statsmodels on real data ---------------------------------------------------------




def test_its_on_rcmp_quebec_matches_statsmodels(real, cases):
    import hemigov

    raw = hemigov.query("SELECT year, month, persons FROM v_rcmp_interceptions WHERE province = 'Quebec' "
                        "AND year * 100 + month BETWEEN 202201 AND 202312 AND year * 100 + month <> 202303 "
                        "ORDER BY year, month")
    n = len(raw)
    k = (raw.year * 12 + raw.month).to_numpy() - (2023 * 12 + 4)  # months since April 2023
    post = (k >= 0).astype(float)
    X = np.column_stack([np.ones(n), k, post, post * k])
    days = pd.to_datetime(dict(year=raw.year, month=raw.month, day=1)).dt.days_in_month.to_numpy()
    ml = sm.NegativeBinomial(raw.persons.to_numpy(), X, loglike_method="nb2", offset=np.log(days)).fit(
        disp=0, maxiter=500)
    r = cases["stca-2023-rcmp-quebec"]
    assert r.pre_points == 14 and r.post_points == 9 and n == 23
    assert r.level.value == pytest.approx(np.exp(ml.params[2]), rel=1e-4)
    assert r.alpha == pytest.approx(ml.params[-1], rel=1e-3)
    b = ml.params[:-1]
    X0 = X.copy()
    X0[:, 2:] = 0
    rows = post == 1
    rr = np.exp(X[rows] @ b + np.log(days[rows])).sum() / np.exp(X0[rows] @ b + np.log(days[rows])).sum()
    assert r.rate_ratio.value == pytest.approx(rr, rel=1e-4)
    np.testing.assert_array_equal(r.path["observed"].to_numpy(), raw.persons.to_numpy())


def _unhcr_panel(hemigov, origins, y0, y1, drop):
    df = hemigov.query("SELECT origin_iso3, year, sum(applied) AS n FROM v_asylum_applications WHERE asylum_iso3 = "
                       "'CAN' AND unit = 'persons' AND dec_level IN ('FI', 'FA') AND app_type IN ('N', 'V') AND "
                       f"origin_iso3 IN ({', '.join('?' * len(origins))}) AND year BETWEEN ? AND ? AND year <> ? "
                       "GROUP BY ALL ORDER BY origin_iso3, year", [*origins, y0, y1, drop])
    return df.assign(treated=df.origin_iso3 == "MEX")


def test_did_and_event_study_on_mexico_2009_match_statsmodels(real, cases):
    import hemigov

    df = _unhcr_panel(hemigov, ["MEX", "CHN", "COL", "IND", "LKA", "NGA", "PAK"], 2000, 2015, 2009)
    units = pd.get_dummies(df.origin_iso3, drop_first=True, dtype=float)
    years = pd.get_dummies(df.year, drop_first=True, dtype=float)
    tp = (df.treated & (df.year > 2009)).astype(float).rename("tp")
    X = pd.concat([pd.Series(1.0, index=df.index, name="c"), units, years, tp], axis=1).to_numpy()
    ml = sm.NegativeBinomial(df.n.to_numpy(), X, loglike_method="nb2").fit(disp=0, maxiter=2000, method="bfgs")
    r = cases["mexico-visa-2009"]
    assert r.rate_ratio.value == pytest.approx(np.exp(ml.params[-2]), rel=1e-3)
    # Event study: one dummy per treated year except 2008 (the last pre-event year held).
    rel = [y for y in range(2000, 2016) if y not in (2008, 2009)]
    D = np.column_stack([(df.treated & (df.year == y)).to_numpy(float) for y in rel])
    Xe = np.column_stack([X[:, :-1], D])
    mle = sm.NegativeBinomial(df.n.to_numpy(), Xe, loglike_method="nb2").fit(disp=0, maxiter=5000, method="bfgs")
    es = hemigov.effect(case="mexico-visa-2009", method="event-study")
    coef = es.coefficients.set_index("rel_bin")["rate_ratio"]
    assert coef.loc[0] == pytest.approx(np.exp(mle.params[-7]), rel=1e-3)  # 2010 (last param is alpha)
    assert coef.loc[-10] == pytest.approx(np.exp(mle.params[X.shape[1] - 1]), rel=1e-3)  # 2000


# --- the real case studies -------------------------------------------------------------------------------


def test_mexican_claims_fall_after_the_2009_visa(cases):
    r = cases["mexico-visa-2009"]
    assert r.rate_ratio.value < 1 and r.rate_ratio.low < r.rate_ratio.value < r.rate_ratio.high < 1
    assert r.people.low < r.people.value < r.people.high
    assert r.pre_points == 9 and r.post_points == 6
    # Mexico's claims rose through 2008 while the controls' did not: the pre-trend test says so.
    assert r.pretrend_p < 0.10 and any("pre-trend test rejects" in w for w in r.warnings)
    # UNHCR's 2009 figure for Mexicans in Canada: 9,296 (the 2026-06 release); the year is the transition.
    assert 2009 not in r.path["period"].dt.year.tolist()


def test_mexican_claims_fall_after_the_2024_visa(real, cases):
    import hemigov

    r = cases["mexico-visa-2024"]
    assert r.rate_ratio.value < 1 and r.rate_ratio.low < r.rate_ratio.value < r.rate_ratio.high
    assert any("counted as post-event" in w for w in r.warnings)
    its = hemigov.effect(case="mexico-visa-2024", method="its")
    assert its.rate_ratio.value < 1 and its.rate_ratio.high < 1 and its.controls == []


def test_rcmp_quebec_interceptions_fall_after_the_stca_protocol(cases):
    r = cases["stca-2023-rcmp-quebec"]
    assert r.rate_ratio.low < r.rate_ratio.value < r.rate_ratio.high < 0.1
    assert r.people.high < -5000  # thousands a month before, a few dozen after
    assert Provenance.parse(r.sources).pairs() == [("canada_web.rcmp_interceptions", "2024-04"),
                                                   ("timeline.events", "2026-12")]


def test_mexican_claims_rise_after_the_2016_visa_lifting(cases):
    r = cases["mexico-visa-lift-2016"]
    assert r.rate_ratio.low > 1
    # PROVENANCE (IRCC 2024-02 vintage): Mexican claimants 1,515 in 2017; the monthly cells are rounded to 5.
    p = r.path
    assert abs(p.loc[p.period.dt.year == 2017, "observed"].sum() - 1515) <= 30
    assert any("rounded to the nearest 5" in w for w in r.warnings)


def test_every_case_goes_the_way_it_expects(real, cases):
    import hemigov

    expected = hemigov.case_studies().set_index("case")["expected"]
    for name, r in cases.items():
        assert ("+" if r.rate_ratio.value > 1 else "-") == expected[name], name


def test_cases_that_cannot_be_estimated_say_why(real, capsys):
    import hemigov

    cs = hemigov.case_studies().set_index("case")
    assert list(cs.index[~cs.estimable]) == ["mexico-visa-2024-monthly", "roxham-2017-rcmp"]
    assert cs.loc["mexico-visa-2024-monthly", "reason"] == (
        "cannot estimate: the data end 2024-02 (data held: 2015-01 to 2024-02), so no full month after the event "
        "on 2024-02-29 is in the data")
    assert cs.loc["roxham-2017-rcmp", "data_from"] == "2017-01" and cs.loc["roxham-2017-rcmp", "data_to"] == "2023-12"
    assert (cs.loc[cs.estimable, "reason"] == "").all()
    assert cs.sources.map(bool).all() and "timeline.events@2026-12" in cs.loc["mexico-visa-2024-monthly", "sources"]
    # Not the user's fault: exit 1, one line, no exception names.
    with pytest.raises(HemigovError, match="the data start 2017-01") as e:
        hemigov.effect(case="roxham-2017-rcmp")
    assert not isinstance(e.value, InputError)
    code, _, err = run_cli(["effect", "--case", "mexico-visa-2024-monthly"], capsys)
    assert code == 1 and err.strip() == f"error: {cs.loc['mexico-visa-2024-monthly', 'reason']}"


def test_covid_closure_and_few_points_are_warned(real):
    import hemigov

    r = hemigov.effect(series="rcmp:province=Quebec", event="2023-03-25", start="2019-01")
    assert any("2020-03-21" in w and "pandemic" in w for w in r.warnings)
    assert any("2020-03-21 Canada-US pandemic border closure" in d for d in r.diagnostics)
    short = hemigov.effect(series="rcmp-quebec", event="2023-03-25", start="2022-10", end="2023-12")
    assert any("few pre-event points (5 months" in w for w in short.warnings)
    assert any("seasonality is not modelled" in w for w in short.warnings)


# --- the typed result ----------------------------------------------------------------------------------------


def test_every_estimable_case_returns_ordered_intervals(cases):
    assert len(cases) == 9
    for name, r in cases.items():
        assert isinstance(r, EffectResult) and r.case == name
        for iv in (r.rate_ratio, r.people, r.level, r.slope_per_year):
            if iv is not None:
                assert isinstance(iv, Interval) and iv.low <= iv.value <= iv.high, (name, iv)
        assert (r.level is not None) == (r.method == "its") == (r.pretrend_p is None)
        assert r.rate_ratio.low > 0 and r.people_unit == f"persons per {'month' if r.freq == 'M' else 'year'}"
        assert list(r.path.columns) == ["period", "observed", "fitted", "counterfactual", "cf_low", "cf_high",
                                        "post"]
        assert (r.path.cf_low <= r.path.counterfactual).all() and (r.path.counterfactual <= r.path.cf_high).all()
        assert int(r.path.post.sum()) == r.post_points and int((~r.path.post).sum()) == r.pre_points
        assert Provenance.parse(r.sources) and r.diagnostics and all(isinstance(d, str) for d in r.diagnostics)
        assert (len(r.controls) > 0) == (r.method != "its")


def test_to_dict_round_trips_through_json(cases):
    for name, r in cases.items():
        d = r.to_dict()
        text = json.dumps(d, allow_nan=False)  # NaN would fail here: it must be None
        assert json.loads(text) == d, name
        back = EffectResult.from_dict(json.loads(text))
        assert back.to_dict() == d, name
        pd.testing.assert_frame_equal(back.path, r.path[back.path.columns], check_dtype=False)
        assert d["rate_ratio"] == {"value": r.rate_ratio.value, "low": r.rate_ratio.low, "high": r.rate_ratio.high}
        assert d["path"][0]["period"] == r.path.period.iloc[0].strftime("%Y-%m" if r.freq == "M" else "%Y")
        assert list(d) == [f for f in EffectResult.__dataclass_fields__]
    es = EffectResult.from_dict(json.loads(json.dumps(cases["mexico-visa-2009"].to_dict())))
    assert es.coefficients is None and es.pretrend_p == cases["mexico-visa-2009"].pretrend_p


def test_the_old_dict_keys_still_read_until_report_and_dashboard_move(cases):
    r = cases["stca-2023-rcmp-quebec"]
    flat = {**r}
    assert flat["effect_rate_ratio"] == r.rate_ratio.value and flat["ci_low"] == r.rate_ratio.low
    assert flat["effect_people_ci_high"] == r.people.high and flat["path"] is r.path


def test_unhcr_series_is_the_one_definition_of_new_first_instance_applications(real, cases):
    from hemigov import series
    from hemigov.effects import series as effect_series

    # UNHCR asylum_applications 2026-06: Mexicans' new first-instance applications in Canada in 2023: 24,132
    # (24,137 with every decision level, the number the effect and Table 3 disagreed on).
    one = series.asylum.applications(asylum="CAN", origins=("MEX",), new=True, level="first", by=("year",))
    assert int(one.loc[one.year == 2023, "applied"].iloc[0]) == 24132
    s = effect_series.load("unhcr-applications:origin=MEX")
    assert s.data.loc[s.data.period.dt.year == 2023, "count"].iloc[0] == 24132
    p = cases["mexico-visa-2024"].path
    assert p.loc[p.period.dt.year == 2023, "observed"].iloc[0] == 24132
    every = effect_series.load("unhcr-applications:origin=MEX,level=all").data
    assert every.loc[every.period.dt.year == 2023, "count"].iloc[0] == 24137
    assert "unhcr.asylum_applications@2026-06" in s.sources


def test_windows_use_the_one_period_grammar(real, cases):
    import hemigov

    # end="2023" reaches December 2023 on a monthly series; start="2022" is January 2022.
    r = hemigov.effect(series="rcmp-quebec", event="2023-03-25-stca", start="2022", end="2023")
    case = cases["stca-2023-rcmp-quebec"]
    assert (r.pre_period, r.post_period) == (case.pre_period, case.post_period) == ("2022-01..2023-02",
                                                                                     "2023-04..2023-12")
    assert r.rate_ratio == case.rate_ratio


# --- diagnostics in plain words --------------------------------------------------------------------------------


def test_diagnostics_say_the_checks_in_plain_words(cases):
    r = cases["stca-2023-rcmp-quebec"]
    text = " ".join(r.diagnostics)
    assert r.diagnostics[0].startswith("No pre-trend test: an interrupted time series has no comparison series")
    assert "14 months before the event (2022-01..2023-02) and 9 after (2023-04..2023-12)" in text
    assert "Fewer than 24 before" in text and "The event falls inside 2023-03" in text
    assert "Seasonality is not modelled (23 months" in text
    assert "2023-09-25 RCMP dismantles Roxham Road facilities" in text
    assert "Rounding: none; RCMP counts are exact." in r.diagnostics
    assert not any("Why the intervals disagree" in d for d in r.diagnostics)  # both intervals exclude no effect
    border = " ".join(cases["stca-2023-ircc-border-quebec"].diagnostics)
    assert "IRCC rounds every month's count to the nearest 5" in border
    roxham = " ".join(cases["roxham-2017"].diagnostics)
    assert "adds the office-type cells" in roxham and "Pre-trend test: p = 0.00025" in roxham
    assert "One treated series against 3 control series" in roxham
    for res in cases.values():
        for d in res.diagnostics:
            assert "Error" not in d and "\n" not in d and d.endswith((".", ")"))


def test_diagnostics_explain_a_rate_ratio_that_excludes_one_with_people_that_include_zero(cases):
    from hemigov.style import numbers

    r = cases["mexico-visa-2009"]
    assert r.rate_ratio.excludes(1) and not r.people.excludes(0)
    why = [d for d in r.diagnostics if d.startswith("Why the intervals disagree")]
    assert len(why) == 1
    for x in (r.rate_ratio.low, r.rate_ratio.high):
        assert numbers.fmt(x, "ratio") in why[0]
    for x in (r.people.low, r.people.high):
        assert numbers.fmt(x, "count") in why[0]
    # The counterfactual's own mean over the 6 post years and its interval, the uncertainty people carry.
    assert "over the 6 post-event years: the counterfactual averages" in why[0]
    cf = r.path[r.path.post].counterfactual.mean()
    assert numbers.fmt(cf, "count") in why[0]
    assert "rose 38.2% a year faster than its controls" in r.diagnostics[0]


# --- bad input ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args, message", [
    (["--case", "stca-2023-rcmp-quebek"], "unknown case 'stca-2023-rcmp-quebek'; did you mean stca-2023-rcmp-quebec?"),
    (["--series", "rcmpp", "--event", "2023-03-25"], "unknown series 'rcmpp'; did you mean rcmp?"),
    (["--series", "ircc-claim:office=Border", "--event", "2023-03-25"],
     "unknown series 'ircc-claim'; did you mean ircc-claims?"),
    (["--series", "rcmp:provnce=Quebec", "--event", "2023-03-25"], "unknown rcmp key 'provnce'; did you mean "
                                                                     "province?"),
    (["--series", "rcmp:province=Quebek", "--event", "2023-03-25"], "unknown RCMP province 'Quebek'; did you mean "
                                                                      "Quebec?"),
    (["--series", "ircc-claims:office=Bordr", "--event", "2023-03-25"], "unknown IRCC office type 'Bordr'; did you "
                                                                          "mean Border?"),
    (["--series", "ircc-claims:citizenship=MXE", "--event", "2016-12-01"],
     "IRCC's top-25 files: unknown citizenship 'MXE'; did you mean MEX?"),
    (["--series", "unhcr-applications:origin=MEX,level=frist", "--event", "2016-12-01"],
     "unknown decision level 'frist'; did you mean first?"),
    (["--series", "rcmp-quebec", "--event", "2023-03-25-stca-additional-protocol-in-force-applies-along-entire-lnd"],
     "unknown event '2023-03-25-stca-additional-protocol-in-force-applies-along-entire-lnd'; did you mean "
     "2023-03-25-stca-additional-protocol-in-force-applies-along-entire-land?"),
    (["--series", "rcmp-quebec", "--event", "2023-02-30"], "event: '2023-02-30' is not an event id"),
    (["--series", "rcmp-quebec", "--event", "2023-03-25", "--method", "itss"], "unknown method 'itss'; did you mean "
                                                                                "its?"),
    (["--series", "rcmp-quebec", "--event", "2023-03-25", "--family", "negbinn"],
     "unknown family 'negbinn'; did you mean negbin?"),
    (["--series", "rcmp-quebec", "--event", "2023-03-25", "--start", "2022-13"], "start: '2022-13' is not a period"),
    (["--series", "rcmp-quebec", "--event", "2023-03-25", "--end", "2023-01"],
     "end: the window ends 2023-01, before any full month after the event on 2023-03-25"),
    (["--series", "rcmp-quebec", "--event", "2023-03-25", "--start", "2030"],
     "window: 2030 to … outside the data: rcmp:province=Quebec covers 2017-01 to 2023-12"),
    (["--series", "rcmp-quebec", "--event", "2023-03-25", "--method", "did"], "controls: did needs control series"),
    (["--series", "rcmp-quebec", "--event", "2023-03-25", "--method", "did", "--controls",
      "unhcr-applications:origin=MEX"], "controls: unhcr-applications:origin=MEX is annual, the series is not"),
    (["--series", "rcmp-quebec", "--event", "2023-03-25", "--transition", "mid"], "unknown transition 'mid'"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None)
def test_bad_input_exits_2_with_one_line_and_the_closest_choice(real, capsys, args, message):
    code, out, err = run_cli(["effect", *args], capsys)
    assert code == 2 and out == ""
    line = err.strip()
    assert "\n" not in line and line.startswith("error: ") and message in line, line
    assert "Error" not in line and "Exception" not in line


def test_bad_input_from_python_is_an_input_error(real):
    import hemigov

    with pytest.raises(InputError, match="unknown case 'nope'"):
        hemigov.effect(case="nope")
    with pytest.raises(InputError, match="unknown covariance for its 'DK'; known: HAC, HC0, nonrobust"):
        hemigov.effect(case="stca-2023-rcmp-quebec", cov_type="DK")
    with pytest.raises(InputError, match="bin: 0 is not a whole number of at least 1"):
        hemigov.effect(case="mexico-visa-2009", method="event-study", bin=0)
    with pytest.raises(InputError, match="matches 21 events"):
        hemigov.effect(series="rcmp-quebec", event="2023")


# --- events and the CLI ----------------------------------------------------------------------------------------


def test_events_typed_and_filtered(real):
    import hemigov

    ev = hemigov.events(topic="stca", actor="canada")
    assert pd.api.types.is_datetime64_any_dtype(ev["date"])
    assert {"2004-12-29-stca-enters-into-force",
            "2023-03-25-stca-additional-protocol-in-force-applies-along-entire-land"} <= set(ev.event_id)
    assert set(ev.actor) == {"Canada", "Canada/USA"} and set(ev.topic) == {"stca"}
    assert set(ev.sources) == {"timeline.events@2026-12"}
    month = hemigov.events(topic="visa")
    assert month.set_index("event_id").loc["2017-10-reported-threshold-canada-could-reinstate-mexico-visa-if-claims",
                                           "date_precision"] == "month"
    with pytest.raises(InputError, match="unknown topic 'nope'"):
        hemigov.events(topic="nope")


def test_cli_effect_json_equals_the_result(real, cases):
    from hemigov.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["effect", "--case", "stca-2023-rcmp-quebec", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out == json.loads(json.dumps(cases["stca-2023-rcmp-quebec"].to_dict()))
    assert out["rate_ratio"]["low"] < out["rate_ratio"]["value"] < out["rate_ratio"]["high"] and out["method"] == "its"
    res = runner.invoke(app, ["events", "--topic", "visa", "--json"])
    assert res.exit_code == 0 and len(json.loads(res.stdout)) == 7


def test_cli_effect_reads_as_a_summary_with_diagnostics(real, cases):
    from hemigov.cli import app

    res = CliRunner().invoke(app, ["effect", "--case", "stca-2023-rcmp-quebec"])
    assert res.exit_code == 0, res.output
    r = cases["stca-2023-rcmp-quebec"]
    text = " ".join(res.stdout.split())
    assert f"rate ratio │ {r.rate_ratio.text('ratio')}" in text
    assert "0.00756 (95% CI 0.00591 to 0.00968)" in text and "-7,041 (95% CI -7,640 to -6,442)" in text
    assert "Diagnostics" in text and " ".join(r.diagnostics[0].split()) in text
    assert r.summary in text and r.summary.startswith("RCMP interceptions between ports of entry per month, "
                                                      "Quebec. After 2023-03-25 — STCA Additional Protocol")
    assert "99.2% lower than the pre-event trend predicts, rate ratio 0.00756 (95% CI 0.00591 to 0.00968)" in r.summary
    assert "(release 2024-04)" in text and "(release 2026-12)" in text  # sources named by publisher and release
    listing = CliRunner().invoke(app, ["effect", "--list"])
    assert "roxham-2017-rcmp: cannot estimate: the data start 2017-01" in " ".join(listing.stdout.split())

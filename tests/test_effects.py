"""Policy events and effect estimation: estimators against statsmodels, interval coverage on simulated series
with a known effect, the built-in case studies on the real data, honesty warnings, CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from typer.testing import CliRunner

from hemigov.core.errors import HemigovError
from hemigov.core.provenance import Provenance
from hemigov.effects import estimators, glm


@pytest.fixture(scope="module")
def real(full_home):
    """Every official file imported (session-wide), for the whole module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEMIGOV_HOME", str(full_home))
        yield full_home


@pytest.fixture(scope="module")
def cases(real):
    import hemigov

    return {name: hemigov.effect(case=name) for name in
            ("mexico-visa-2009", "mexico-visa-2024", "stca-2023-rcmp-quebec", "mexico-visa-lift-2016")}


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
    assert r["pre_points"] == 14 and r["post_points"] == 9 and n == 23
    assert r["level_rate_ratio"] == pytest.approx(np.exp(ml.params[2]), rel=1e-4)
    assert r["alpha"] == pytest.approx(ml.params[-1], rel=1e-3)
    b = ml.params[:-1]
    X0 = X.copy()
    X0[:, 2:] = 0
    rows = post == 1
    rr = np.exp(X[rows] @ b + np.log(days[rows])).sum() / np.exp(X0[rows] @ b + np.log(days[rows])).sum()
    assert r["effect_rate_ratio"] == pytest.approx(rr, rel=1e-4)
    np.testing.assert_array_equal(r["path"]["observed"].to_numpy(), raw.persons.to_numpy())


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
    assert r["effect_rate_ratio"] == pytest.approx(np.exp(ml.params[-2]), rel=1e-3)
    # Event study: one dummy per treated year except 2008 (the last pre-event year held).
    rel = [y for y in range(2000, 2016) if y not in (2008, 2009)]
    D = np.column_stack([(df.treated & (df.year == y)).to_numpy(float) for y in rel])
    Xe = np.column_stack([X[:, :-1], D])
    mle = sm.NegativeBinomial(df.n.to_numpy(), Xe, loglike_method="nb2").fit(disp=0, maxiter=5000, method="bfgs")
    es = hemigov.effect(case="mexico-visa-2009", method="event-study")
    coef = es["coefficients"].set_index("rel_bin")["rate_ratio"]
    assert coef.loc[0] == pytest.approx(np.exp(mle.params[-7]), rel=1e-3)  # 2010 (last param is alpha)
    assert coef.loc[-10] == pytest.approx(np.exp(mle.params[X.shape[1] - 1]), rel=1e-3)  # 2000


# --- the real case studies -------------------------------------------------------------------------------


def test_mexican_claims_fall_after_the_2009_visa(cases):
    r = cases["mexico-visa-2009"]
    assert r["effect_rate_ratio"] < 1 and r["ci_low"] < r["effect_rate_ratio"] < r["ci_high"] < 1
    assert r["effect_people_ci_low"] < r["effect_people"] < r["effect_people_ci_high"]
    assert r["sign_as_expected"] and r["pre_points"] == 9 and r["post_points"] == 6
    # Mexico's claims rose through 2008 while the controls' did not: the pre-trend test says so.
    assert r["pretrend_p"] < 0.10 and any("pre-trend test rejects" in w for w in r["warnings"])
    # UNHCR's 2009 figure for Mexicans in Canada: 9,296 (the 2026-06 release); the year is the transition.
    assert 2009 not in r["path"]["period"].dt.year.tolist()


def test_mexican_claims_fall_after_the_2024_visa(real, cases):
    import hemigov

    r = cases["mexico-visa-2024"]
    assert r["effect_rate_ratio"] < 1 and r["ci_low"] < r["effect_rate_ratio"] < r["ci_high"]
    assert any("counted as post-event" in w for w in r["warnings"])
    its = hemigov.effect(case="mexico-visa-2024", method="its")
    assert its["effect_rate_ratio"] < 1 and its["ci_high"] < 1


def test_rcmp_quebec_interceptions_fall_after_the_stca_protocol(cases):
    r = cases["stca-2023-rcmp-quebec"]
    assert r["ci_low"] < r["effect_rate_ratio"] < r["ci_high"] < 0.1
    assert r["effect_people_ci_high"] < -5000  # thousands a month before, a few dozen after
    assert Provenance.parse(r["sources"]).pairs() == [("canada_web.rcmp_interceptions", "2024-04"),
                                                      ("timeline.events", "2026-12")]


def test_mexican_claims_rise_after_the_2016_visa_lifting(cases):
    r = cases["mexico-visa-lift-2016"]
    assert r["ci_low"] > 1 and r["sign_as_expected"]
    # PROVENANCE (IRCC 2024-02 vintage): Mexican claimants 1,515 in 2017; the monthly cells are rounded to 5.
    p = r["path"]
    assert abs(p.loc[p.period.dt.year == 2017, "observed"].sum() - 1515) <= 30
    assert any("rounded to the nearest 5" in w for w in r["warnings"])


def test_cases_that_cannot_be_estimated_say_why(real):
    import hemigov

    cs = hemigov.case_studies().set_index("case")
    assert not cs.loc["mexico-visa-2024-monthly", "estimable"]
    assert "ends 2024-02" in cs.loc["mexico-visa-2024-monthly", "reason"]
    assert cs.loc["roxham-2017-rcmp", "data_from"] == "2017-01" and cs.loc["roxham-2017-rcmp", "data_to"] == "2023-12"
    assert cs.estimable.sum() == 6
    with pytest.raises(HemigovError, match="starts 2017-01"):
        hemigov.effect(case="roxham-2017-rcmp")


def test_covid_closure_and_few_points_are_warned(real):
    import hemigov

    r = hemigov.effect(series="rcmp:province=Quebec", event="2023-03-25", start="2019-01")
    assert any("2020-03-21" in w and "pandemic" in w for w in r["warnings"])
    short = hemigov.effect(series="rcmp-quebec", event="2023-03-25", start="2022-10", end="2023-12")
    assert any("few pre-event points (5 months" in w for w in short["warnings"])
    assert any("seasonality is not modelled" in w for w in short["warnings"])


# --- events and the CLI ----------------------------------------------------------------------------------------


def test_events_typed_and_filtered(real):
    import hemigov

    ev = hemigov.events(topic="stca", actor="canada")
    assert pd.api.types.is_datetime64_any_dtype(ev["date"])
    assert {"2004-12-29-stca-enters-into-force",
            "2023-03-25-stca-additional-protocol-in-force-applies-along-entire-land"} <= set(ev.event_id)
    assert set(ev.actor) == {"Canada", "Canada/USA"} and set(ev.topic) == {"stca"}
    month = hemigov.events(topic="visa")
    assert month.set_index("event_id").loc["2017-10-reported-threshold-canada-could-reinstate-mexico-visa-if-claims",
                                           "date_precision"] == "month"
    with pytest.raises(HemigovError, match="unknown topic"):
        hemigov.events(topic="nope")


def test_cli_effect_json_and_errors(real):
    from hemigov.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["effect", "--case", "stca-2023-rcmp-quebec", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    for key in ("case", "method", "effect_rate_ratio", "ci_low", "ci_high", "effect_people", "pre_points",
                "post_points", "warnings"):
        assert key in out
    assert out["ci_low"] < out["effect_rate_ratio"] < out["ci_high"] and out["method"] == "its"
    res = runner.invoke(app, ["events", "--topic", "visa", "--json"])
    assert res.exit_code == 0 and len(json.loads(res.stdout)) == 7
    res = runner.invoke(app, ["effect", "--case", "mexico-visa-2024-monthly"])
    assert isinstance(res.exception, HemigovError) and "no full period after the event" in str(res.exception)

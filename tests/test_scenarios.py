"""Scenarios and the pledge tracker (issue 17): hand computations on real data from a fresh data home (the
embedded snapshot), interval invariants, coverage of the statistical interval on simulated shares, the docs
against the registry, and the command line's exit codes."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import hemigov
from hemigov.core.errors import InputError
from hemigov.scenarios import REGISTRY, describe, formulas, list_scenarios, pledges, scenario
from hemigov.scenarios import tracker as pledges_mod
from hemigov.scenarios.money import MENA

ROOT = Path(__file__).resolve().parents[1]
LA = "2022-06-10-canada-commitment-under-la-declaration-resettle-up-to-4-000"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """One fresh data home for the module (initialised from the embedded snapshot on first use)."""
    mp = pytest.MonkeyPatch()
    h = tmp_path_factory.mktemp("scen_home")
    mp.setenv("HEMIGOV_HOME", str(h))
    yield h
    mp.undo()


# -- the registry and its contract ----------------------------------------------------------------------------------
def test_registry_contract(fresh):
    t = list_scenarios()
    assert list(t.columns) == ["name", "title", "group", "unit", "summary", "params"]
    assert len(t) >= 5 and set(t.group) == {"resettlement", "money", "visa"}
    d = describe("resettlement_share_matching")
    assert set(d) == {"name", "title", "group", "unit", "summary", "assumptions", "interval", "params"}
    assert {p["kind"] for s in REGISTRY for p in describe(s)["params"]} <= {"period", "choice", "number", "country",
                                                                            "text"}
    assert t.set_index("name").loc["resettlement_share_matching", "params"].startswith(
        "destination=CAN, years=2015-2020, scheme=paper")


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_defaults_hold_their_interval(fresh, name):
    r = scenario(name)
    assert math.isfinite(r.value) and r.low <= r.value <= r.high
    assert r.sources and "@" in r.sources and "sources" in r.detail.columns
    assert r.assumptions and r.interval
    d = r.to_dict()
    json.dumps(d)  # JSON-able
    assert d["params"] == r.params and len(d["detail"]) == len(r.detail)
    f = r.to_frame()
    assert list(f.columns) == ["name", "value", "low", "high", "unit", "params", "sources"] and len(f) == 1


def test_api_surface(fresh):
    from hemigov import api

    for n in ("scenario", "list_scenarios", "pledges"):
        assert n in hemigov.__all__ and n in api.__all__
    assert hemigov.scenario("money_leverage").value == scenario("money_leverage").value


def test_bad_parameters_name_the_closest_choice(fresh):
    with pytest.raises(InputError, match="did you mean resettlement_share_matching"):
        scenario("resettlement_share_matchin")
    with pytest.raises(InputError, match="did you mean grant"):
        scenario("money_leverage", grnt=5)
    with pytest.raises(InputError, match="did you mean paper\\+gcff"):
        scenario("money_leverage", basis="paper+gcf")
    with pytest.raises(InputError, match="not a number >= 0"):
        scenario("money_leverage", grant=-1)
    with pytest.raises(InputError, match="did you mean CAN"):
        scenario("resettlement_share_matching", destination="CNA")


# -- one hand computation per scenario --------------------------------------------------------------------------------
def test_share_matching_reproduces_resettlement_scenario(fresh):
    ind = hemigov.indicator("resettlement_scenario", destination="CAN", years="2015-2020")
    r = scenario("resettlement_share_matching", destination="CAN", years="2015-2020")
    assert r.value == pytest.approx(ind.scenario_places.sum(), rel=1e-12)
    # the interval by hand: ΣT·(d_w ± t₅·s·√Σw²), clipped to [0, ΣT]
    t, d = ind.total_resettled.astype(float), ind.d_r.astype(float)
    w = t / t.sum()
    half = 2.5705818366147395 * d.std(ddof=1) * math.sqrt((w ** 2).sum())
    assert r.high == pytest.approx(t.sum() * min((w * d).sum() + half, 1))
    assert r.low == pytest.approx(t.sum() * max((w * d).sum() - half, 0))
    one = scenario("resettlement_share_matching", years="2019")
    assert one.low == one.value == one.high and "no year-to-year variation" in one.assumptions[-1]


def test_fair_share_key_range(fresh):
    fs = hemigov.indicator("fair_share", countries="peers", years="2015-2020", scheme="unhcr")
    can = fs[fs.iso3 == "CAN"].set_index("key").fair_share
    r = scenario("resettlement_fair_share", key="gni")
    assert (r.value, r.low, r.high) == pytest.approx((can["gni"], can.min(), can.max()))


def test_fixed_programme_delivered_by_hand(fresh):
    from hemigov.geo import regions
    from hemigov.series import resettlement

    r = scenario("resettlement_fixed_programme")
    assert r.value == r.low == r.high == 4000
    cells = resettlement.ircc_by_category()
    cells = cells[cells.citizenship_iso3.isin(regions.AMERICAS.members()) & cells.year.between(2022, 2028)]
    got = r.detail.set_index("year")
    assert got.delivered.sum() == cells.persons.sum()
    assert got.programme_pace.tolist() == [4000 / 7] * 7
    # delivered = the printed cells; the bounds add each suppressed cell at 1 and at 4
    have = got.delivered.notna()
    assert (got.delivered[have] <= got.delivered_low[have]).all()
    assert (got.delivered_low[have] <= got.delivered_high[have]).all()


def _state_money(region):
    from hemigov.series import money

    f = money.by_donor_and_region()
    return f[(f.donor_type == "government") & f.donor_iso3.notna() & f.earmarking.isin(("regional", "country"))
             & (f.region == region)]


def test_gni_share_by_hand(fresh):
    from hemigov.geo import regions
    from hemigov.series import economy

    r = scenario("money_gni_share", years="2019")
    to_am = _state_money(regions.AMERICAS.label)
    y = to_am[to_am.year == 2019]
    gni = economy.economy((economy.GNI,))
    gni = gni[(gni.year == 2019) & gni.iso3.isin(set(y.donor_iso3))].set_index("iso3").value
    assert r.value == pytest.approx(y.usd.sum() * gni["CAN"] / gni.sum(), rel=1e-9)
    assert r.detail.canada_usd.iloc[0] == pytest.approx(y[y.donor_iso3 == "CAN"].usd.sum())


def test_mena_ratio_by_hand(fresh):
    from hemigov.geo import regions
    from hemigov.series import displacement, money

    r = scenario("money_mena_ratio", years="2019")
    f = money.by_donor_and_region()
    can = f[(f.donor_iso3 == "CAN") & (f.year == 2019) & f.earmarking.isin(("regional", "country"))]
    host = displacement.by_host()
    host = host[host.year == 2019].assign(region=lambda h: regions.regions_of(h.asylum_iso3, "unhcr"))
    d = host.groupby("region").persons.sum()
    expect = can[can.region == MENA].usd.sum() / d[MENA] * d[regions.AMERICAS.label]
    assert r.value == pytest.approx(expect, rel=1e-9)
    assert r.low == pytest.approx(expect) and r.high == pytest.approx(expect)  # one year: one ratio


def test_leverage_bounds_are_grant_times_documented_multipliers(fresh):
    from hemigov.series import reference

    lo, hi = (float(reference.paper_figure(f).value) for f in ("con-cff-leverage-low", "con-cff-leverage-high"))
    assert (lo, hi) == (3.0, 4.0)  # Smith (2020): "an additional $3-4 in financing"
    r = scenario("money_leverage", grant=2_000_000)
    assert (r.low, r.value, r.high) == (2e6 * 3, 2e6 * 3.5, 2e6 * 4)
    g = scenario("money_leverage", grant=2_000_000, basis="paper+gcff")
    assert g.high == pytest.approx(2e6 * 7.3e9 / 953e6) and g.low == 2e6 * 3  # GCFF: US$953M grants, US$7.3bn loans
    assert "hemigov.leverage_multipliers@" in g.sources and "paper.figures@" in g.sources


def test_visa_counterfactual_from_the_effect_path(fresh):
    from hemigov.effects import effect

    e = effect(case="mexico-visa-lift-2016")
    post = e.path[e.path.post]
    r = scenario("visa_counterfactual", case="2016")
    assert r.value == pytest.approx(post.counterfactual.sum(), rel=1e-6)
    n = len(post)
    assert r.high == pytest.approx(post.fitted.sum() - n * e.people.low)
    assert r.value < post.observed.sum()  # lifting the visa raised claims: fewer expected without it


# -- coverage of the statistical interval ------------------------------------------------------------------------------
@pytest.mark.parametrize("intake", [[1000] * 6, [400, 900, 1500, 2500, 800, 3000]])
def test_share_interval_coverage(intake):
    """Annual shares drawn iid N(μ, σ²): the interval holds ΣT·μ in ~95% of draws (nominal within ±2 points;
    4,000 draws: the Monte Carlo standard error is 0.34 points)."""
    rng = np.random.default_rng(17)
    mu, sigma = 0.12, 0.03
    t = pd.Series(intake, dtype=float)
    hits = 0
    n_sim = 4000
    for _ in range(n_sim):
        d = pd.Series(rng.normal(mu, sigma, len(t)))
        _, low, high = formulas.share_matching(t, d)
        hits += low <= t.sum() * mu <= high
    assert abs(hits / n_sim - 0.95) < 0.02


def test_spread_and_leverage_formulas():
    assert formulas.spread([3, 9], 5) == (5, 3, 9)
    assert formulas.spread([6, 9], 5) == (5, 5, 9)  # the point is always inside
    assert formulas.leverage(10, [4, 3]) == (35, 30, 40)
    assert formulas.counterfactual_total(100, 10, 5, 30, 2) == (80, 40, 90)
    assert formulas.pledge_progress(100, 120, 1, 5, 4)[2] == "met"
    assert formulas.pledge_progress(100, 30, 1, 5, 4) == (0.3, 17.5, "on track")
    assert formulas.pledge_progress(100, 10, 1, 5, 4)[2] == "behind"


# -- docs against the registry ---------------------------------------------------------------------------------------
def test_docs_list_exactly_the_registry():
    text = (ROOT / "docs" / "scenarios.md").read_text()
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    documented = {s.split("\n", 1)[0].strip(): s for s in sections}
    documented.pop("The pledge tracker")
    assert set(documented) == set(REGISTRY)
    for name, body in documented.items():
        params = re.findall(r"^\| `(\w+)` \| (\w+) \| `([^`]*)` \|", body, flags=re.M)
        assert params == [(p.name, p.kind, p.default) for p in REGISTRY[name].params], name
        assert REGISTRY[name].interval in body


# -- the pledge tracker -----------------------------------------------------------------------------------------------
def test_every_timeline_pledge_is_tracked(fresh):
    t = pledges_mod.table()
    covered = set(t.pledge) | {e for also in t.also for e in also}
    tl = pledges_mod.timeline_pledges()
    assert len(tl) >= 10
    assert set(tl.event_id) <= covered
    p = pledges()
    assert list(p.columns) == pledges_mod.COLUMNS
    assert set(t.pledge) == set(p.pledge) and p.target.notna().all()
    assert set(p.status) <= {"on track", "behind", "met", "unmeasurable"}
    un = p[p.status == "unmeasurable"]
    assert (un.why.str.len() > 20).all() and (un.measure == "").all()


def test_los_angeles_pledge_two_measures(fresh):
    from hemigov.geo import regions
    from hemigov.series import resettlement

    p = pledges()
    la = p[p.pledge == LA].set_index("measure")
    assert len(la) == 2 and (la.target == 4000).all() and (la.deadline == "2028").all()
    ircc = la.loc[[m for m in la.index if m.startswith("IRCC")][0]]
    unhcr = la.loc[[m for m in la.index if m.startswith("UNHCR")][0]]
    cells = resettlement.ircc_by_category()
    ym = cells.year * 100 + cells.month
    cells = cells[cells.citizenship_iso3.isin(regions.AMERICAS.members()) & (ym >= 202206) & (ym <= 202812)]
    assert ircc.delivered == cells.persons.sum() > 0
    assert ircc.delivered_period.startswith("2022-06..")
    vintage = cells.sources.iloc[0]  # dataset@vintage of the IRCC file used
    assert vintage in ircc.sources and re.search(r"ircc\.pr_admissions@\d{4}-\d{2}", ircc.sources)
    res = resettlement.resettlement("unhcr")
    res = res[(res.destination_iso3 == "CAN") & res.origin_iso3.isin(regions.AMERICAS.members()) & (res.year >= 2022)]
    assert unhcr.delivered == res.persons.sum() > 0
    assert re.search(r"unhcr\.solutions@\d{4}-\d{2}", unhcr.sources)
    for r in (ircc, unhcr):
        assert r.share_of_target == pytest.approx(r.delivered / 4000) and r.status in ("on track", "behind", "met")


# -- the command line ------------------------------------------------------------------------------------------------
def _cli(*args, env_home):
    import os

    env = {**os.environ, "HEMIGOV_HOME": str(env_home), "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "hemigov", *args], capture_output=True, text=True, env=env)


def test_cli(fresh):
    r = _cli("scenario", "--list", env_home=fresh)
    assert r.returncode == 0 and all(n in r.stdout for n in REGISTRY)
    r = _cli("scenario", "money_leverage", "-p", "grant=1000000", env_home=fresh)
    assert r.returncode == 0 and "Assumptions:" in r.stdout and "US$3.5 million" in r.stdout, r.stdout
    r = _cli("scenario", "money_leverage", "-p", "grant=1000000", "--json", env_home=fresh)
    assert json.loads(r.stdout)["high"] == 4e6
    r = _cli("scenario", "money_leverage", "--csv", env_home=fresh)
    assert r.stdout.splitlines()[0] == "name,value,low,high,unit,params,sources"
    r = _cli("pledges", "--json", env_home=fresh)
    assert r.returncode == 0 and LA in {x["pledge"] for x in json.loads(r.stdout)}


@pytest.mark.parametrize("args, message", [
    (("scenario", "money_levrage"), "did you mean money_leverage?"),
    (("scenario", "money_leverage", "-p", "basis=papr"), "did you mean paper?"),
    (("scenario", "money_leverage", "-p", "grant=lots"), "'lots' is not a number"),
    (("scenario", "money_leverage", "-p", "grant"), "is not key=value"),
    (("pledges", "--as-of", "1999-01"), "vintage"),
])
def test_cli_bad_input_one_line_exit_2(fresh, args, message):
    r = _cli(*args, env_home=fresh)
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip().count("\n") == 0 and message in r.stderr, r.stderr

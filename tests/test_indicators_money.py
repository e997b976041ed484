"""Money, responsibility-effort and labour-pathway indicators (issue 16, item 3): real values against the
PROVENANCE.md key figures of ../shared/data (unhcr-iati-funding, ircc-tr-to-pr, ircc-tfwp-year-end), invariants as
properties, bad input.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hemigov
from hemigov.core.errors import InputError
from hemigov.core.provenance import Provenance
from hemigov.geo import regions
from hemigov.indicators import formulas
from tests.helpers import run_cli

AMERICAS = regions.AMERICAS.label


# ---------------------------------------------------------------- properties of the pure formulas
amounts = st.floats(min_value=0, max_value=1e9, allow_nan=False)
positive = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False)


@settings(deadline=None)
@given(st.lists(st.tuples(amounts, amounts, amounts, amounts), min_size=1, max_size=12))
def test_funding_shares_lie_in_0_1(rows):
    # region money is part of the allocated money; the region's displaced are part of the world's
    a = pd.DataFrame(rows, columns=["f", "extra_f", "d", "extra_d"])
    out = formulas.funding_representation(a.f, a.f + a.extra_f, a.d, a.d + a.extra_d)
    for col in ("funding_share", "displacement_share"):
        s = out[col].dropna()
        assert ((s >= 0) & (s <= 1 + 1e-12)).all()
    assert out.ratio.dropna().ge(0).all()


def _effort_inputs(draw_rows):
    df = pd.DataFrame(draw_rows, columns=["hosting", "resettlement", "money", "pop", "gdp"])
    df.index = [f"C{i}" for i in range(len(df))]
    return df


def _efforts(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({k: formulas.relative_effort(df[k], df["pop"], df["gdp"])
                         for k in ("hosting", "resettlement", "money")})


effort_rows = st.lists(st.tuples(positive, positive, positive, positive, positive), min_size=2, max_size=9)
weights = st.tuples(st.floats(0, 10), st.floats(0, 10), st.floats(0, 10)).filter(lambda w: sum(w) > 0.01)


@settings(max_examples=150, deadline=None)  # timing on a shared machine is not a property
@given(effort_rows, weights, st.sampled_from(["hosting", "resettlement", "money"]), st.floats(1.0, 100.0))
def test_the_index_is_monotone_in_each_component(rows, w, component, factor):
    df = _effort_inputs(rows)
    wd = dict(zip(("hosting", "resettlement", "money"), w, strict=True))
    before = formulas.effort_index(_efforts(df), wd)
    more = df.copy()
    more.loc["C0", component] *= factor  # C0 gives more of one thing, nothing else changes
    after = formulas.effort_index(_efforts(more), wd)
    assert after["C0"] >= before["C0"] - 1e-9 * max(1.0, abs(before["C0"]))


@settings(max_examples=100, deadline=None)
@given(effort_rows, weights, st.floats(1e-3, 1e3), st.floats(1e-3, 1e3), st.floats(1e-3, 1e3))
def test_the_index_does_not_depend_on_units(rows, w, usd_rate, people, capacity):
    # money in another currency, people counted in thousands, population and GDP rescaled: same index
    df = _effort_inputs(rows)
    wd = dict(zip(("hosting", "resettlement", "money"), w, strict=True))
    base = formulas.effort_index(_efforts(df), wd)
    scaled = df.assign(money=df.money * usd_rate, hosting=df.hosting * people, pop=df["pop"] * capacity,
                       gdp=df.gdp * capacity)
    np.testing.assert_allclose(formulas.effort_index(_efforts(scaled), wd), base, rtol=1e-9)


@settings(deadline=None)
@given(effort_rows)
def test_equal_contributions_by_capacity_give_one(rows):
    # a country that gives in proportion to both its population and its GDP has effort 1 in every component
    df = _effort_inputs(rows)
    df = df.assign(gdp=df["pop"] * 3.0)
    same = df.assign(hosting=df["pop"] * 2, resettlement=df["pop"] * 0.1, money=df["pop"] * 7)
    np.testing.assert_allclose(_efforts(same).to_numpy(), 1.0, rtol=1e-9)


def test_weight_grid_and_bad_weights():
    g = formulas.weight_grid(("a", "b", "c"), 0.25)
    assert len(g) == 15 and all(abs(sum(w.values()) - 1) < 1e-12 for w in g)
    assert g[0] == {"a": 1.0, "b": 0.0, "c": 0.0} and g[-1] == {"a": 0.0, "b": 0.0, "c": 1.0}
    assert len(formulas.weight_grid(("a", "b", "c"), 0.5)) == 6
    with pytest.raises(ValueError):
        formulas.weight_grid(("a", "b"), 0.3)
    with pytest.raises(ValueError):
        formulas.effort_index(pd.DataFrame({"a": [1.0]}), {"a": 0})


def test_a_missing_component_is_not_zero_effort():
    e = pd.DataFrame({"a": [1.0, np.nan], "b": [2.0, 2.0]}, index=["X", "Y"])
    out = formulas.effort_index(e, {"a": 1, "b": 1})
    assert out["X"] == 1.5 and np.isnan(out["Y"])
    assert formulas.effort_index(e, {"a": 0, "b": 1})["Y"] == 2.0  # a weight of 0 ignores it


# ---------------------------------------------------------------- funding_share: real values
def test_canada_to_the_americas_matches_provenance(home):
    df = hemigov.indicator("funding_share").set_index("period")
    # PROVENANCE: Canada earmarked to -AME, US$ millions 2016-2023
    expected = {2016: 2.87, 2017: 2.49, 2018: 1.57, 2019: 0.04, 2020: 2.95, 2021: 5.04, 2022: 9.53, 2023: 4.87}
    for y, m in expected.items():
        assert df.loc[str(y), "region_usd"] / 1e6 == pytest.approx(m, abs=0.005), y
    totals = {2016: 116.26, 2017: 81.88, 2018: 72.89, 2019: 59.73, 2020: 69.52, 2021: 80.42, 2022: 96.28,
              2023: 78.19}
    for y, m in totals.items():
        assert df.loc[str(y), "total_usd"] / 1e6 == pytest.approx(m, abs=0.005), y
    # 2019: the denominator is Canada's money earmarked to a region or a country (regional 6.08 + country 42.27 =
    # 48.35), not the 59.73 total, of which 11.23 unearmarked and 0.16 global money reaches no region here
    r = df.loc["2019"]
    assert r.allocated_usd / 1e6 == pytest.approx(48.35, abs=0.005)
    assert r.unallocated_usd / 1e6 == pytest.approx(11.23 + 0.16, abs=0.01)
    assert r.funding_share == pytest.approx(37_993.92 / 48_348_812, rel=1e-3)  # 0.079%
    assert r.share_of_total == pytest.approx(37_993.92 / 59_732_510, rel=1e-3)  # 0.064%
    assert r.displacement_share == pytest.approx(0.2198, abs=5e-4)  # hosted in the Americas, end-2019
    assert r.ratio == pytest.approx(r.funding_share / r.displacement_share)
    assert "allocated to no region" in r.notes
    pooled = df.loc["2016-2023"]
    assert pooled.region_usd / 1e6 == pytest.approx(sum(expected.values()), abs=0.05)
    assert pooled.funding_share == pytest.approx(pooled.region_usd / pooled.allocated_usd)
    assert df.funding_share.between(0, 1).all() and df.displacement_share.between(0, 1).all()
    prov = {d for d, _ in Provenance.of(df.reset_index()).pairs()}
    assert {"unhcr.iati_transactions_2019", "unhcr.iati_activities_2019", "unhcr.population"} <= prov


def test_canada_to_mena_and_displaced_by_origin(home):
    mena = hemigov.indicator("funding_share", region="Middle East and North Africa", years="2019").iloc[0]
    assert mena.region_usd / 1e6 == pytest.approx(30.15, abs=0.005)
    assert len(hemigov.indicator("funding_share", years="2019")) == 1  # one year: no pooled row
    o = hemigov.indicator("funding_share", years="2016", displaced="origin").iloc[0]
    assert o.displacement_share == pytest.approx(0.037, abs=1e-3)  # the Americas' share by origin, end-2016


def test_funding_share_bad_input(home):
    with pytest.raises(InputError, match="name no bureau 'West and Central Africa'.*Africa"):
        hemigov.indicator("funding_share", region="West and Central Africa", years="2016-2020")
    assert len(hemigov.indicator("funding_share", region="West and Central Africa", years="2020-latest"))
    with pytest.raises(InputError, match="did you mean CAN"):
        hemigov.indicator("funding_share", donor="CNA")
    with pytest.raises(InputError, match="2016-2023|2016"):
        hemigov.indicator("funding_share", years="2010")


# ---------------------------------------------------------------- responsibility_effort: real values
def test_responsibility_effort_peers_2023(home):
    df = hemigov.indicator("responsibility_effort").set_index("iso3")
    assert set(df.index) == set(regions.PEERS) and (df.period == "2023").all()
    can = df.loc["CAN"]
    assert can.resettled == 51_098 and can.hosted == 367_409
    assert can.usd / 1e6 == pytest.approx(78.19, abs=0.005)  # PROVENANCE: Canada's 2023 total
    assert can["rank"] == 2 and df["index"].idxmax() == "SWE"
    assert can.effort_resettlement == pytest.approx(5.787, abs=1e-3)
    assert can["index"] == pytest.approx((can.effort_hosting + can.effort_resettlement + can.effort_money) / 3)
    only_money = hemigov.indicator("responsibility_effort", weights="0,0,1").set_index("iso3")
    assert only_money.loc["CAN", "rank"] == 7
    assert only_money["index"].to_dict() == pytest.approx(df.effort_money.to_dict())


def test_sensitivity_table(home):
    s = hemigov.indicator("responsibility_effort_sensitivity")
    assert len(s) == 15 and (s.iso3 == "CAN").all() and (s.of == 9).all()
    assert s["rank"].min() == 1 and s["rank"].max() == 7
    eq = hemigov.indicator("responsibility_effort", weights="1,1,1").set_index("iso3").loc["CAN"]
    row = s[(s.w_hosting == 0.5) & (s.w_resettlement == 0.25)].iloc[0]  # 0.5/0.25/0.25 = weights 2,1,1
    two = hemigov.indicator("responsibility_effort", weights="2,1,1").set_index("iso3").loc["CAN"]
    assert row["index"] == pytest.approx(two["index"]) and row["rank"] == two["rank"]
    assert eq["rank"] == 2
    assert len(hemigov.indicator("responsibility_effort_sensitivity", step=0.5)) == 6


@pytest.mark.parametrize("params, match", [
    ({"weights": "1,1"}, "three weights"),
    ({"weights": "1,-1,1"}, "not all 0"),
    ({"weights": "a,b,c"}, "three numbers"),
    ({"countries": "CAN"}, "at least two"),
])
def test_responsibility_effort_bad_input(home, params, match):
    with pytest.raises(InputError, match=match):
        hemigov.indicator("responsibility_effort", **params)


def test_sensitivity_bad_input(home):
    with pytest.raises(InputError, match="divides 1"):
        hemigov.indicator("responsibility_effort_sensitivity", step=0.3)
    with pytest.raises(InputError, match="not among"):
        hemigov.indicator("responsibility_effort_sensitivity", countries="USA,AUS")


# ---------------------------------------------------------------- work_to_residence: real values
def test_agri_food_pilot_against_the_agricultural_stock(home):
    df = hemigov.indicator("work_to_residence", category="Agri-Food Pilot", years="2015-2024").set_index("year")
    # PROVENANCE (ircc-tr-to-pr): 90, 370, 635, 630 in 2021-2024; 0 before 2021
    assert df.loc[2021:2024, "persons"].tolist() == [90, 370, 635, 630]
    assert df.loc[2015:2020, "persons"].eq(0).all()
    # stock on 31 December of the year before, program group Agricultural Workers summed over provinces
    assert (df.stock_year == df.index - 1).all()
    assert df.loc[2021, "agri_stock"] == 22_505 and df.loc[2024, "agri_stock"] == 40_960
    assert df.loc[2024, "per_100_agri"] == pytest.approx(100 * 630 / 40_960)
    assert df.loc[2021, "per_100_agri"] == pytest.approx(100 * 90 / 22_505)
    assert "31 December" in df.notes.iloc[0]


def test_all_tfwp_to_pr_totals_match_provenance(home):
    df = hemigov.indicator("work_to_residence", category="(all)").set_index("year")
    expected = {2015: 8_265, 2016: 6_880, 2017: 5_830, 2018: 4_640, 2019: 5_660, 2020: 3_295, 2021: 10_980,
                2022: 7_555, 2023: 10_360, 2024: 12_800, 2025: 9_090}
    assert df.persons.to_dict() == expected
    assert df.loc[2025, "partial_year"] and df.loc[2025, "months"] == 7
    # every TFWP holder on 31 December 2023 (ircc-tfwp-year-end PROVENANCE: 187,455)
    assert df.loc[2024, "tfwp_stock"] == 187_455
    assert df.loc[2024, "per_100_tfwp"] == pytest.approx(100 * 12_800 / 187_455)


def test_work_to_residence_categories_and_bad_input(home):
    df = hemigov.indicator("work_to_residence", years="2024")
    assert {"Provincial Nominee Program", "Canadian Experience", "Agri-Food Pilot", "(all)"} <= set(df.category)
    with pytest.raises(InputError, match="did you mean Agri-Food Pilot"):
        hemigov.indicator("work_to_residence", category="Agri-Food Pilt")


def test_cli_at_100_columns(home, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, out, err = run_cli(["indicator", "funding_share", "-p", "years=2018-2019"], capsys)
    assert code == 0, err
    flat = "".join(out.split())  # the caption folds at 100 columns
    assert "allocatedtonoregion" in flat and "".join(AMERICAS.split()) in flat
    code, out, err = run_cli(["indicator", "responsibility_effort", "-p", "weights=1,1"], capsys)
    assert code == 2 and err.strip().count("\n") == 0 and "three weights" in err

"""Indicators (issue 4): published figures reproduced, invariants as properties, clear errors, docs coverage.

Reference values come from outside this package: UNHCR resettlement totals checked in
../shared/data/unhcr-refugees/PROVENANCE.md (1,341 of 160,645), Oxfam's published 2015 Syria table,
the paper's Table 3 rates, UN DESA and KNOMAD cells listed in their PROVENANCE.md files, and the WDI
published remittance ratio.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hemigov
from hemigov.core.errors import InputError
from hemigov.core.provenance import Provenance
from hemigov.indicators import REGISTRY, formulas
from hemigov.indicators.fairshare import key_weights

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- representation (paper's ~1% claim)

def test_canada_resettlement_share_from_the_americas_is_about_one_percent(full):
    df = hemigov.indicator("representation", destination="CAN", years="2015-2020", scheme="paper")
    wh = df.set_index("region").loc["Western hemisphere"]
    # UNHCR solutions, resettlement to Canada 2015-2020: total 160,645, The Americas 1,341 (PROVENANCE.md).
    assert wh.resettled == 1341 and wh.resettled_total == 160645
    assert round(wh.s_r * 100) == 1
    # Same figure under the UNHCR and M49 schemes (the Americas are the same countries).
    for scheme, label in (("unhcr", "The Americas"), ("m49", "Americas")):
        other = hemigov.indicator("representation", years="2015-2020", scheme=scheme).set_index("region")
        assert other.loc[label, "resettled"] == 1341


def _americas_share_sql(a: int, b: int) -> float:
    # Independent of the indicator code: one SQL statement over the views.
    r = hemigov.query(
        "SELECT sum(d.persons) FILTER (WHERE c.unhcr_region = 'The Americas') / sum(d.persons) AS s "
        "FROM v_displacement d LEFT JOIN v_countries c ON c.iso3 = d.origin_iso3 "
        "WHERE d.population_type IN ('refugees', 'asylum_seekers', 'oip') AND d.year BETWEEN ? AND ?", [a, b])
    return float(r.s.iloc[0])


def test_americas_share_of_global_displacement_2015_2020_and_latest(full):
    rep = hemigov.indicator("representation", years="2015-2020", scheme="unhcr").set_index("region")
    pooled = hemigov.indicator("displacement_share", years="2015-2020", scheme="unhcr", region="The Americas")
    period_row = pooled[pooled.period == "2015-2020"].iloc[0]
    assert period_row.share == pytest.approx(_americas_share_sql(2015, 2020), rel=1e-12)
    assert rep.loc["The Americas", "d_r"] == pytest.approx(period_row.share, rel=1e-12)
    latest = hemigov.indicator("displacement_share", years="latest", scheme="unhcr", region="The Americas")
    assert len(latest) == 1 and latest.year.iloc[0] == 2025
    assert latest.share.iloc[0] == pytest.approx(_americas_share_sql(2025, 2025), rel=1e-12)
    # Venezuela's exodus: the Americas' share rose from ~3% (2015) to over a fifth of the world's displaced.
    annual = pooled.dropna(subset=["year"]).set_index("year").share
    assert annual[2015] < 0.05 < 0.2 < latest.share.iloc[0]
    # Canada's intake from the region is far below the region's share of displacement.
    assert rep.loc["The Americas", "ratio"] < 0.1


def test_representation_peers_and_all_pool(full):
    df = hemigov.indicator("representation", destination="peers", years="2015-2020", scheme="unhcr")
    assert list(df.destination.unique()) == ["CAN", "USA", "AUS", "GBR", "DEU", "SWE", "NOR", "NZL", "FRA", "(all)"]
    assert not df.duplicated(["destination", "region"]).any()
    sums = df.groupby("destination")[["s_r", "d_r"]].sum()
    assert np.allclose(sums, 1.0)
    assert df.dissimilarity.between(0, 1).all()
    total = hemigov.query("SELECT sum(persons) AS n FROM v_resettlement WHERE source = 'unhcr' "
                          "AND year BETWEEN 2015 AND 2020").n.iloc[0]
    assert df[df.destination == "(all)"].resettled.sum() == total


@pytest.mark.parametrize("params", [
    {"destination": "CAN", "years": "2015-2020", "scheme": "paper"},
    {"destination": "peers", "years": "2000-2025", "scheme": "m49_subregion", "measure": "flows"},
    {"destination": "USA,all", "years": "2019", "scheme": "unhcr"},
    {"destination": "CAN", "years": "2015-2020", "scheme": "unhcr", "source": "ircc"},
])
def test_representation_array_equals_the_table_over_origins(full, params):
    """The indicator slices a memoised array by destination, year and region; the same numbers and files come
    from :func:`representation_table` over the origin-level series filtered the plain way."""
    from hemigov.geo import regions
    from hemigov.indicators.representation import ALL, destinations, representation_table
    from hemigov.indicators.selection import region_labels
    from hemigov.series import displacement, reference, resettlement

    got = hemigov.indicator("representation", **params)
    a, b = map(int, got.period.iloc[0].split("-")) if "-" in got.period.iloc[0] else [int(got.period.iloc[0])] * 2
    res = resettlement.resettlement(params.get("source", "unhcr"))
    disp = displacement.by_origin(measure=params.get("measure", "stock"))
    res, disp = res[res.year.between(a, b)], disp[disp.year.between(a, b)]
    used = pd.concat([res.assign(destination=d) if d == ALL else res[res.destination_iso3 == d].assign(destination=d)
                      for d in destinations(params["destination"].split(","), "test")], ignore_index=True)
    want = representation_table(used, disp, region=regions.region_of(params["scheme"]),
                                all_regions=sorted(region_labels(params["scheme"])))
    pd.testing.assert_frame_equal(got[want.columns], want)
    assert Provenance.parse(got.sources.iloc[0]) == Provenance.of(used, disp, reference.countries())


def test_scenario_places(full):
    df = hemigov.indicator("resettlement_scenario", years="2015-2020", scheme="unhcr")
    assert df.actual.sum() == 1341 and df.total_resettled.sum() == 160645
    assert np.allclose(df.scenario_places, df.total_resettled * df.d_r)


def test_ircc_resettlement_is_one_count_on_every_surface(full):
    """Issue 12: IRCC resettlement is counted with IRCC's printed 'Resettled Refugee' subtotal rows everywhere:
    2015-2020 = 157,855 (ircc-permanent-residents PROVENANCE); the category cells (156,695) appear only in the
    labelled comparison of the derived layer."""
    from hemigov.series import resettlement

    rep = hemigov.indicator("representation", source="ircc", destination="CAN", years="2015-2020", scheme="paper")
    ircc = hemigov.indicator("ircc_resettlement", period="2015-2020")
    cmp = resettlement.ircc_comparison(2015, 2020).set_index("count").persons
    assert rep.resettled_total.iloc[0] == ircc.persons.iloc[0] == cmp["subtotal rows (used)"] == 157_855
    assert cmp["category cells GAR+PSR+BVOR"] == 156_695
    # the Western hemisphere over the resettlement section's months: 1,070 counted, 131 suppressed cells
    wh = hemigov.indicator("ircc_resettlement", origin="Western hemisphere", scheme="paper",
                           period="2015-01..2020-06").iloc[0]
    assert (wh.persons, wh.suppressed_cells, wh.total) == (1_070, 131, 153_110)
    assert (wh.persons_low, wh.persons_high) == (1_201, 1_594)
    # the true share: 1-4 people behind each '--' cell of the region and of everyone else
    assert wh.share == pytest.approx(1_070 / 153_110) and wh.share < wh.share_low < 0.01 < wh.share_high


def test_displaced_from_and_hosted_share_against_sql(full):
    """Venezuelans displaced across borders at end-2019 (UNHCR: 4,469,932 refugees, asylum-seekers and others in
    need of international protection); Syrians in the 3RP host countries, a grouping that starts in 2015."""
    ven = hemigov.indicator("displaced_from", origin="VEN", years="2019").iloc[0]
    sql = hemigov.query("SELECT sum(persons) AS n FROM v_displacement WHERE origin_iso3 = 'VEN' AND year = 2019 "
                        "AND population_type IN ('refugees', 'asylum_seekers', 'oip')").n.iloc[0]
    assert ven.persons == sql == 4_469_932
    syr = hemigov.indicator("displaced_from", origin="SYR", host="SYRIA_3RP", types="refugees_and_asylum_seekers",
                            years="2014-2019").set_index("year").persons
    assert pd.isna(syr[2014]) and syr[2019] == hemigov.query(
        "SELECT sum(persons) AS n FROM v_displacement WHERE origin_iso3 = 'SYR' AND year = 2019 AND population_type "
        "IN ('refugees', 'asylum_seekers') AND asylum_iso3 IN ('TUR', 'LBN', 'JOR', 'IRQ', 'EGY')").n.iloc[0]
    wh = hemigov.indicator("hosted_share", host="Western hemisphere", scheme="paper", types="forcibly_displaced",
                           years="2019").iloc[0]
    assert wh.share == pytest.approx(wh.hosted / wh.world) and 0.19 < wh.share < 0.21


def test_resettlement_rank(full):
    """'In 2018 Canada became the world's top country of resettlement' (UNHCR: CAN 28,058 > USA 22,912)."""
    df = hemigov.indicator("resettlement_rank", years="2018").set_index("destination_iso3")
    assert (df.loc["CAN", "rank"], df.loc["CAN", "persons"], df.loc["USA", "persons"]) == (1, 28_058, 22_912)
    assert df.share.sum() == pytest.approx(1.0)
    only = hemigov.indicator("resettlement_rank", years="2018", destination="USA")
    assert list(only.destination_iso3) == ["USA"] and only["rank"].iloc[0] == 2


def test_vintage_is_an_explicit_choice(full):
    """vintage=paper reads UNHCR's end-2024 release (series.base.PAPER_VINTAGES), latest the end-2025 one; the
    numbers differ by the revision and each result names the release it read."""
    paper = hemigov.indicator("representation", vintage="paper")
    latest = hemigov.indicator("representation")
    assert "unhcr.solutions@2025-06" in paper.sources.iloc[0] and "unhcr.solutions@2026-06" in latest.sources.iloc[0]
    explicit = hemigov.indicator("representation", vintage="2025-06")
    assert explicit.sources.iloc[0] == paper.sources.iloc[0]
    assert np.allclose(explicit.d_r, paper.d_r)


def test_paper_vintage_on_the_snapshot_reads_the_newest_release(home):
    df = hemigov.indicator("representation", vintage="paper")
    assert "unhcr.solutions@2026-06" in df.sources.iloc[0]
    with pytest.raises(InputError, match="unknown vintage of unhcr.solutions '2025-06'; did you mean 2026-06"):
        hemigov.indicator("representation", vintage="2025-06")


# ---------------------------------------------------------------- protection

def test_irb_acceptance_reproduces_paper_table3(full):
    df = hemigov.indicator("irb_acceptance", source="paper")
    assert len(df) == 8
    # Printed rates are rounded to the half point (2015: 40/79 = 50.6% printed 50%): within one point.
    assert (df.acceptance_rate * 100 - df.acceptance_rate_pct_as_printed).abs().max() < 1.0
    row = df.set_index("period").loc["2019"]
    assert row.acceptance_rate == pytest.approx(602 / (602 + 1045))


def test_irb_irregular_periods(full):
    df = hemigov.indicator("irb_acceptance", source="irregular", country="(all)")
    ok = df[~df.revised]
    assert ok.acceptance_rate.between(0, 1).all() and ok.abandonment_share.between(0, 1).all()
    assert df[df.revised].acceptance_rate.isna().all()
    # Sum of period flows = the last cumulative snapshot (IRB to Mar 2024: 43,071 accepted, 23,244 rejected).
    assert df.accepted.sum() == 43071 and df.rejected.sum() == 23244


def test_recognition_rate_mexico_in_canada(full):
    df = hemigov.indicator("recognition_rate", asylum="CAN", origin="MEX", years="2019")
    # UNHCR decisions 2019, Mexico -> Canada, G/FI persons: recognized 601, rejected 1,013 (PROVENANCE.md).
    assert df.recognized.iloc[0] == 601 and df.rejected.iloc[0] == 1013
    assert df.total_protection_rate.iloc[0] == pytest.approx(601 / 1614)


@pytest.mark.parametrize("origin, rate, total", [("MEX", 0.5967, 7_658), ("COL", 0.778, None), ("PER", 0.671, None)])
def test_recognition_rate_2025_is_first_instance_by_default(full, origin, rate, total):
    """Issue 12: the default is first instance (FI, plus FA), persons, government procedure — 7,658 first-instance
    decisions on Mexicans in Canada in 2025 (otherwise closed included; the rates leave them out)."""
    df = hemigov.indicator("recognition_rate", origin=origin, years="2025")
    assert len(df) == 1 and (df.dec_level == "first").all()
    assert df.total_protection_rate.iloc[0] == pytest.approx(rate, abs=5e-4)
    if total is not None:
        assert df.total.iloc[0] == total
    # the same decisions as the derived layer's first-instance series
    from hemigov.series import asylum
    d = asylum.decisions(asylum="CAN", origins=(origin,), level="first", procedure="G")
    d = d[d.year == 2025]
    assert (df.recognized.iloc[0], df.rejected.iloc[0], df.total.iloc[0]) == (d.recognized.iloc[0],
                                                                               d.rejected.iloc[0], d.total.iloc[0])


def test_rates_within_unit_interval_and_keys_unique(full):
    df = hemigov.indicator("recognition_rate", asylum="CAN,USA,DEU", by_origin=True, years="2015-latest")
    assert not df.duplicated(["year", "asylum_iso3", "origin_iso3"]).any()
    for c in ("refugee_recognition_rate", "total_protection_rate", "closed_share"):
        assert df[c].dropna().between(0, 1).all()
    cases = hemigov.indicator("recognition_rate", asylum="USA", dec_level="IN", unit="cases", years="2015-latest")
    assert (cases.unit == "cases").all()


def test_backlog_balance(full):
    df = hemigov.indicator("backlog_balance", years="2017")
    assert df.flow_balance.iloc[0] == df.applied.iloc[0] - df.decided.iloc[0]


# ---------------------------------------------------------------- burden, fair shares, dependence

def test_host_burden_relative_burden_is_population_weighted_one(full):
    df = hemigov.indicator("host_burden")
    assert not df.iso3.duplicated().any() and "CAN" in set(df.iso3)
    p, g = df.dropna(subset=["rb_population"]), df.dropna(subset=["rb_gdp"])
    assert (p.population * p.rb_population).sum() / p.population.sum() == pytest.approx(1.0)
    assert (g.gdp_ppp * g.rb_gdp).sum() / g.gdp_ppp.sum() == pytest.approx(1.0)
    col = df.set_index("iso3")
    assert col.loc["COL", "per_1000"] > col.loc["CAN", "per_1000"]  # Colombia hosts Venezuelans


def test_fair_share_sums_to_target_and_unique(full):
    df = hemigov.indicator("fair_share", target=1000)
    assert not df.duplicated(["iso3", "key"]).any()
    sums = df.groupby("key").fair_share.sum()
    assert np.allclose(sums, 1000.0) and set(sums.index) == {"population", "gdp", "gni", "pop_gdp", "eu2015", "grech"}
    assert (df.past_asylum_window == f"{df.weight_year.iloc[0] - 5}-{df.weight_year.iloc[0] - 1}").all()


def test_dependence_against_published_cells(full):
    df = hemigov.indicator("dependence", year="2021").set_index("iso3")
    # KNOMAD 2021 matrix, Canada -> country, US$ million (knomad PROVENANCE.md).
    for iso, v in {"MEX": 399.8, "JAM": 474.4, "HND": 58.3, "GTM": 198.6}.items():
        assert df.loc[iso, "remittances_from_host_usd_m"] == pytest.approx(v, abs=0.05)
    # UN DESA 2019: emigrants in Canada (undesa PROVENANCE.md).
    assert df.loc["MEX", "emigrants_in_host"] == 85825 and df.loc["HTI", "emigrants_in_host"] == 99564
    assert df.loc["MEX", "host_share_of_emigrants"] < 0.01
    # The computed ratio agrees with WDI's published one for the same year (2021).
    for iso in ("GTM", "HND", "SLV"):
        assert df.loc[iso, "published_year"] == 2021
        assert df.loc[iso, "remittances_pct_gdp"] == pytest.approx(df.loc[iso, "remittances_pct_gdp_published"],
                                                                   abs=1.0)
    assert "CAN" not in df.index and df.total_protection_rate.dropna().between(0, 1).all()


# ---------------------------------------------------------------- Oxfam 2015 (published inputs)

def test_oxfam_2015_syria_fair_share_arithmetic():
    df = hemigov.indicator("oxfam_syria_2015").set_index("iso3")
    # Oxfam (2015), Figure 1: Canada 47.5 of 178.4 = 26.6%; Australia 2.1/116.9; Austria 6.7/45.9.
    assert round(df.loc["CAN", "performance"] * 100, 1) == 26.6
    assert round(df.loc["AUS", "performance"] * 100, 1) == 1.8
    assert round(df.loc["AUT", "performance"] * 100, 1) == 14.6
    # Every percentage as printed (whole points) lies within the rounding of the printed inputs
    # (Finland 5.3/25.9 = 20.5% is printed 21%: Oxfam divided unrounded figures).
    c, f = df.contribution_usd_m, df.fair_share_usd_m
    half = np.where(f % 1 == 0, 0.5, 0.05)
    lo, hi = 100 * (c - 0.05) / (f + half), 100 * (c + 0.05) / (f - half)
    assert ((df.pct_published >= np.floor(lo + 0.5)) & (df.pct_published <= np.floor(hi + 0.5))).all()
    assert df.implied_weight.sum() == pytest.approx(1.0)


# ---------------------------------------------------------------- properties (hypothesis)

weights = st.lists(st.floats(min_value=0, max_value=1e12, allow_nan=False), min_size=2, max_size=12)
positive = st.floats(min_value=0.5, max_value=40, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(weights)
def test_shares_sum_to_one(ws):
    s = formulas.shares(pd.Series(ws))
    if sum(ws) > 0:
        assert s.sum() == pytest.approx(1.0) and s.between(0, 1 + 1e-12).all()
    else:
        assert s.isna().all()


@settings(max_examples=60, deadline=None)
@given(weights, weights)
def test_dissimilarity_in_unit_interval(a, b):
    if sum(a) == 0 or sum(b) == 0:
        return
    n = min(len(a), len(b))
    d = formulas.dissimilarity(formulas.shares(pd.Series(a[:n])), formulas.shares(pd.Series(b[:n])))
    assert -1e-12 <= d <= 1 + 1e-12


counts = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=20)


@settings(max_examples=60, deadline=None)
@given(counts, counts, counts)
def test_rates_within_unit_interval(rec, oth, rej):
    n = min(len(rec), len(oth), len(rej))
    r = formulas.recognition_rates(pd.Series(rec[:n]), pd.Series(oth[:n]), pd.Series(rej[:n]))
    for c in r.columns:
        assert r[c].dropna().between(0, 1).all()
    assert (r.refugee_recognition_rate.dropna() <= r.total_protection_rate.dropna() + 1e-12).all()
    acc = formulas.acceptance_rate(pd.Series(rec[:n]), pd.Series(rej[:n]))
    assert acc.dropna().between(0, 1).all()


def _inputs(draw_list):
    pop, gdp, u, a = draw_list
    n = min(map(len, draw_list))
    return pd.DataFrame({"population": pop[:n], "gdp": gdp[:n], "gni": gdp[:n], "unemployment": u[:n],
                         "past_asylum": a[:n]}, index=[f"C{i}" for i in range(n)])


sizes = st.lists(st.floats(min_value=1.0, max_value=1e9, allow_nan=False), min_size=2, max_size=10)
rates = st.lists(positive, min_size=2, max_size=10)


@settings(max_examples=60, deadline=None)
@given(sizes, sizes, rates, rates)
def test_every_key_sums_to_one_with_unique_keys(pop, gdp, u, a):
    w = key_weights(_inputs([pop, gdp, u, a]))
    assert w.index.is_unique
    assert np.allclose(w.sum(), 1.0) and (w.to_numpy() >= -1e-15).all()


@settings(max_examples=60, deadline=None)
@given(sizes, sizes, rates, rates, positive, positive, st.floats(min_value=1, max_value=1e6))
def test_zero_weight_country_changes_no_other_fair_share(pop, gdp, u, a, u0, a0, target):
    base = _inputs([pop, gdp, u, a])
    zero = pd.DataFrame({"population": [0.0], "gdp": [0.0], "gni": [0.0], "unemployment": [u0],
                         "past_asylum": [a0]}, index=["ZERO"])
    keys = ("population", "gdp", "gni", "pop_gdp", "grech")
    before = key_weights(base, keys) * target
    after = key_weights(pd.concat([base, zero]), keys) * target
    assert np.allclose(after.loc["ZERO"], 0.0)
    assert np.allclose(after.drop(index="ZERO"), before, rtol=1e-9, atol=1e-9)
    for k in keys[:3]:
        f = formulas.fair_share(pd.concat([base, zero])[k], target)
        assert np.allclose(f.drop(index="ZERO"), formulas.fair_share(base[k], target))


def test_eu2015_key_is_not_zero_weight_invariant():
    # The Commission key's inverse shares ignore size: a zero-size country still dilutes the corrective parts.
    base = pd.DataFrame({"population": [80e6, 10e6, 0.5e6], "gdp": [3.5e12, 0.5e12, 0.05e12],
                         "unemployment": [5.0, 8.0, 6.0], "past_asylum": [2000.0, 3000.0, 500.0]})
    withzero = pd.concat([base, pd.DataFrame({"population": [0.0], "gdp": [0.0], "unemployment": [2.0],
                                              "past_asylum": [100.0]})], ignore_index=True)
    k0 = formulas.eu_relocation_key(**base)
    k1 = formulas.eu_relocation_key(**withzero)
    assert k1.iloc[3] == 0.0 and k1.sum() == pytest.approx(1.0)
    assert not np.allclose(k1.iloc[:3], k0)
    # Grech's key is invariant on the same data.
    g0, g1 = formulas.grech_key(**base), formulas.grech_key(**withzero)
    assert np.allclose(g1.iloc[:3], g0)


def test_grech_key_is_monotone_in_unemployment():
    # Lower unemployment than the size-weighted harmonic mean -> more than the pure size share; higher -> less.
    pop = pd.Series([80e6, 10e6, 0.5e6])
    gdp = pd.Series([3.5e12, 0.5e12, 0.05e12])
    asy = pd.Series([1.0, 1.0, 1.0])
    size = formulas.pop_gdp_key(pop, gdp)
    g = formulas.grech_key(pop, gdp, pd.Series([3.0, 10.0, 10.0]), asy)
    assert g.iloc[0] > size.iloc[0] and g.iloc[1] < size.iloc[1]


# ---------------------------------------------------------------- errors, interface, provenance, docs

@pytest.mark.parametrize("name, params, message", [
    ("nope", {}, "unknown indicator 'nope'"),
    ("recognition_rat", {}, "did you mean recognition_rate?"),
    ("representation", {"foo": 1}, "unknown parameter 'foo'"),
    ("representation", {"years": "abc"}, "parameter 'years': 'abc' is not a period"),
    ("representation", {"years": "2015-20"}, "'2015-20' is not a period"),
    ("representation", {"years": "2020-03"}, "is not a year or a range of years"),
    ("representation", {"scheme": "unhrc"}, "unknown scheme 'unhrc'; did you mean unhcr?"),
    ("representation", {"scheme": "galactic"}, "'galactic' is not one of paper, unhcr, m49, m49_subregion"),
    ("representation", {"years": "1800-1805"}, "outside the data"),
    ("representation", {"destination": "CNA"}, "unknown country code 'CNA'; did you mean CAN?"),
    ("representation", {"destination": "HTI"}, "no data for resettlement to HTI"),
    ("representation", {"source": "ircc", "destination": "USA"}, "source=ircc covers Canada only"),
    ("representation", {"vintage": "1999-01"}, "unknown vintage of unhcr.solutions '1999-01'"),
    ("representation", {"vintage": "soon"}, "'soon' is not latest, paper or a release"),
    ("recognition_rate", {"dec_level": "ZZ"}, "no data for UNHCR decisions"),
    ("recognition_rate", {"by_origin": "maybe"}, "'maybe' is not true or false"),
    ("recognition_rate", {"origin": "NTAC"}, "did you mean NTCA?"),
    ("displacement_share", {"region": "Atlantis"}, "unknown region 'Atlantis'"),
    ("displacement_share", {"region": "The Americs", "scheme": "unhcr"}, "did you mean The Americas?"),
    ("displaced_from", {"host": "SYRIA_3R"}, "did you mean SYRIA_3RP?"),
    ("displaced_from", {"types": "refugee"}, "unknown population-type set 'refugee'; did you mean refugees?"),
    ("host_burden", {"countries": "XYZ"}, "unknown country code 'XYZ'"),
    ("host_burden", {"year": "2015-2020"}, "give one year"),
    ("fair_share", {"year": "1900"}, "outside the data"),
    ("ircc_resettlement", {"period": "2030"}, "outside the data"),
    ("irb_acceptance", {"source": "irregular", "country": "MXE"}, "unknown country of alleged persecution 'MXE'"),
])
def test_bad_parameters_give_one_clear_line(full, name, params, message):
    with pytest.raises(InputError) as e:
        hemigov.indicator(name, **params)
    text = str(e.value)
    assert message in text and "\n" not in text and "Error" not in text and e.value.exit_code == 2


def test_every_row_names_its_inputs(full):
    known = set(hemigov.query("SELECT dataset || '@' || vintage AS k FROM v_datasets").k)
    for name in REGISTRY:
        df = hemigov.indicator(name)
        assert "sources" in df.columns and df.sources.str.len().gt(0).all(), name
        # every source is a loaded file (package data included), so it has a sha256 and a licence
        pairs = Provenance.of(df).pairs()
        assert pairs and all(f"{d}@{v}" in known for d, v in pairs), (name, pairs)


def test_every_indicator_runs_on_the_snapshot(home):
    for name in REGISTRY:
        assert len(hemigov.indicator(name)), name
    rep = hemigov.indicator("representation").set_index("region")
    assert rep.loc["Western hemisphere", "resettled"] == 1341


def test_every_registered_indicator_is_documented():
    doc = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### `([a-z0-9_]+)`\n(.*?)(?=^##|\Z)", doc, flags=re.M | re.S))
    assert set(sections) == set(REGISTRY)
    for name, ind in REGISTRY.items():
        body = sections[name]
        assert f"**Definition.** {ind.definition}\n" in body, name  # the page says what the code registers
        assert f"**Formula.** `{ind.formula}`" in body and "**References.**" in body, name
        for p in ind.params:
            assert f"`{p.name}`" in body, (name, p.name)
        for ref in ind.references:
            assert ref in body, (name, ref)


def test_list_indicators_and_lazy_names():
    lst = hemigov.list_indicators()
    assert set(lst.name) == set(REGISTRY) and lst.name.is_unique
    from hemigov import indicators
    assert hemigov.indicator is indicators.indicator


def test_cli(full):
    from typer.testing import CliRunner

    from hemigov.cli import app
    r = CliRunner().invoke(app, ["indicator", "representation", "--param", "years=2015-2020", "-p", "scheme=unhcr",
                                 "--json"])
    assert r.exit_code == 0, r.output
    recs = pd.read_json(__import__("io").StringIO(r.stdout))
    assert recs.set_index("region").loc["The Americas", "resettled"] == 1341
    r = CliRunner().invoke(app, ["indicator", "--list", "--csv"])
    assert r.exit_code == 0 and "fair_share" in r.stdout
    r = CliRunner().invoke(app, ["indicator", "representation", "--param", "years"])
    assert "is not key=value" in str(r.exception)


def test_cli_error_exit_code(full):
    p = subprocess.run([sys.executable, "-m", "hemigov", "indicator", "representation", "-p", "bogus=1"],
                       capture_output=True, text=True)
    assert p.returncode == 2  # bad input
    assert p.stderr.strip().count("\n") == 0 and "unknown parameter 'bogus'" in p.stderr

"""The paper's money and labour claims in the ledger (issue 16, item 5), evaluated on the embedded snapshot.

Printed values are the paper's (Smith 2020: Introduction; Regional Displacement Crises, footnote 10); expected
computed values are PROVENANCE.md's key figures (unhcr-iati-funding: Canada to -AME 2020 = 2.95; ircc-tr-to-pr:
Agri-Food Pilot 2024 = 630; ircc-tfwp-year-end) and the arithmetic written here.
"""

from __future__ import annotations

import pandas as pd
import pytest

import hemigov
from hemigov.core.periods import parse
from hemigov.replication import ledger, quantities


@pytest.fixture(scope="module")
def claims(tmp_path_factory) -> pd.DataFrame:
    mp = pytest.MonkeyPatch()
    mp.setenv("HEMIGOV_HOME", str(tmp_path_factory.mktemp("claims_home")))
    try:
        yield hemigov.claims(as_of="both")
    finally:
        mp.undo()


def _claim(claims: pd.DataFrame, cid: str, as_of: str) -> pd.Series:
    row = claims[(claims.id == cid) & (claims.as_of == as_of)]
    assert len(row) == 1, cid
    return row.iloc[0]


def test_the_quotes_are_the_papers():
    led = ledger.load().set_index("id")
    money = led.loc["rdc-canada-unhcr-ntca-contribution-2020-07"]
    assert money.section == "Regional Displacement Crises" and money.period == "2020-07"
    assert money.quote.startswith("As of July 2020, Canada had contributed $3.9 million USD")
    assert led.loc["intro-agri-workers-slim-pr-chances"].section == "Introduction"
    assert "slim chances of permanent residency" in led.loc["intro-agri-workers-slim-pr-chances"].quote
    assert "largely through short-term contributions" in led.loc["intro-canada-short-term-contributions"].quote


def test_unhcr_contribution_is_a_different_cut(claims):
    for as_of in ("paper", "latest"):
        c = _claim(claims, "rdc-canada-unhcr-ntca-contribution-2020-07", as_of)
        # IATI 2020, Canada to the whole Americas bureau: 2.95 (country operations 1.50 + regional 1.45) < 3.9
        assert c.computed_value == pytest.approx(2.95, abs=0.005)
        assert c.period == "2020" and c.status == "contradicted"
        assert "different cut" in c.note and "country operations US$1.50M, regional US$1.45M" in c.note
        assert "unhcr.iati_transactions_2020@" in c.sources and "unhcr.iati_activities_2020@" in c.sources


def test_the_quantity_equals_the_indicator(tmp_path, monkeypatch):
    monkeypatch.setenv("HEMIGOV_HOME", str(tmp_path / "home"))
    m = quantities.measure("unhcr_commitments_usd_m", parse("2016..2019"), "latest", donor="CAN")
    # PROVENANCE: 2.87 + 2.49 + 1.57 + 0.04
    assert m.value == pytest.approx(2.87 + 2.49 + 1.57 + 0.04, abs=0.02) and m.period == "2016-2019"
    ind = hemigov.indicator("funding_share", years="2016-2019").set_index("period")
    assert m.value == pytest.approx(ind.loc["2016-2019", "region_usd"] / 1e6)
    p = quantities.measure("pr_per_100_agricultural", parse("2021..2024"), "latest")
    # pooled: (90 + 370 + 635 + 630) / (22,505 + 28,250 + 35,460 + 40,960) agricultural holders
    assert p.value == pytest.approx(100 * 1_725 / 127_175)
    assert "2021: 90 of 22,505 (31 Dec 2020)" in p.note


def test_slim_chances_of_permanent_residency(claims):
    paper = _claim(claims, "intro-agri-workers-slim-pr-chances", "paper")
    assert paper.period == "2020" and paper.computed_value == 0 and paper.status == "holds"  # pilot opened May 2020
    latest = _claim(claims, "intro-agri-workers-slim-pr-chances", "latest")
    assert latest.period == "2024" and latest.status == "holds"
    assert latest.computed_value == pytest.approx(100 * 630 / 40_960, abs=1e-4)  # 1.54 per 100
    assert "630 of 40,960 (31 Dec 2023)" in latest.note and "not the paper's" in latest.note
    assert "ircc.pr_from_tfwp@" in latest.sources and "ircc.tfwp_holders@" in latest.sources


def test_short_term_contributions_are_untestable(claims):
    for as_of in ("paper", "latest"):
        c = _claim(claims, "intro-canada-short-term-contributions", as_of)
        assert c.status == "untestable" and c.note.startswith("untestable:") and "duration" in c.note

"""The derived layer's foundations: named definitions (checked against docs/definitions.md), the one provenance
type, the one period grammar, the error catalogue, vintage choices, and the held connection and memo."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from hemigov.core import periods
from hemigov.core.errors import CATALOGUE, InputError, unknown
from hemigov.core.provenance import Provenance, Source
from hemigov.geo import regions

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "definitions.md").read_text(encoding="utf-8")


# -- regions and groupings ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "count"), [("AMERICAS", 54), ("M49_AMERICAS", 57), ("LATIN_AMERICA_CARIBBEAN", 52),
                                             ("WESTERN_HEMISPHERE", 54), ("MENA", 20)])
def test_region_member_counts_match_the_docs(name, count):
    region = getattr(regions, name)
    assert len(region.members()) == count
    row = next(line for line in DOC.splitlines() if line.startswith(f"| `{name}` |"))
    assert row.rstrip().endswith(f"| {count} |"), row


def test_the_three_m49_extras_are_the_only_difference():
    extra = set(regions.M49_AMERICAS.members()) - set(regions.AMERICAS.members())
    assert extra == {"GRL", "BVT", "SGS"}
    assert set(regions.AMERICAS.members()) == set(regions.WESTERN_HEMISPHERE.members())


def test_paper_regions_partition_the_classified_countries():
    counts = {r.label: len(r.members()) for r in regions.PAPER_REGIONS}
    assert counts == {"Middle East and North Africa": 20, "Sub-Saharan Africa": 51, "Asia-Pacific": 56,
                      "Western hemisphere": 54, "Europe": 58}
    assert f"Europe 58 | {sum(counts.values())} |" in DOC


def test_groupings_by_year_one_status_a_year():
    # Paraguay: member 1991-2012, suspended 2012-2013, member again from 2013 (groupings.csv)
    assert "PRY" not in regions.members("MERCOSUR", 2012)
    assert "PRY" in regions.members("MERCOSUR", 2012, ("suspended",))
    assert "PRY" in regions.members("MERCOSUR", 2013)
    assert regions.members("NTCA") == ("GTM", "HND", "SLV")
    assert regions.members("SYRIA_3RP", 2019, ("host",)) == ("EGY", "IRQ", "JOR", "LBN", "TUR")
    with pytest.raises(InputError, match="unknown grouping 'MERCOSURR'; did you mean MERCOSUR"):
        regions.members("MERCOSURR")


def test_country_codes_expand_named_sets_and_suggest():
    assert regions.country_codes(["peers"], "countries")[:3] == ["CAN", "USA", "AUS"]
    assert len(regions.country_codes(["americas", "CAN"], "countries")) == 54
    with pytest.raises(InputError, match=r"unknown country code 'CNA'; did you mean CAN\?"):
        regions.country_codes(["CNA"], "countries")


# -- provenance -------------------------------------------------------------------------------------------------
def test_provenance_one_text_form_round_trips():
    p = Provenance.of("worldbank.wdi.sp.pop.totl@2026-07; unhcr.population@2026-06", Source("unhcr.population",
                                                                                           "2026-06", "ab" * 32))
    assert p.text() == "unhcr.population@2026-06; worldbank.wdi.sp.pop.totl@2026-07"
    assert Provenance.parse(p.text()) == Provenance.parse(str(p))
    assert next(iter(p)).sha256 == "ab" * 32  # a known checksum is kept over an unknown one
    frame = pd.DataFrame({"x": [1, 2], "sources": ["a.b@2020", "c.d@2021; a.b@2020"]})
    assert Provenance.of(frame).pairs() == [("a.b", "2020"), ("c.d", "2021")]
    with pytest.raises(ValueError, match="provenance would be lost"):
        Provenance.of(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="expected dataset@vintage"):
        Provenance.parse("worldbank.wdi.sm.pop.totl (2026-07")


# -- periods --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "label", "grain"), [
    ("2019", "2019", "year"), ("2015-2020", "2015-2020", "year"), ("2015..2020", "2015-2020", "year"),
    ("2015-01..2020-06", "2015-01..2020-06", "month"), ("2020-03", "2020-03", "month"), ("latest", "latest", "year"),
    ("2015-latest", "2015-latest", "year"), (2019, "2019", "year"), ((2015, 2020), "2015-2020", "year")])
def test_one_period_grammar(text, label, grain):
    p = periods.parse(text)
    assert (p.label(), p.grain) == (label, grain)


@pytest.mark.parametrize("bad", ["2015-20", "20155", "2020..2019", "2020-13", "soon", "2015..2016..2017"])
def test_bad_periods_are_one_line_input_errors(bad):
    with pytest.raises(InputError) as e:
        periods.parse(bad, "years")
    assert str(e.value).startswith("years: ") and "\n" not in str(e.value)


def test_latest_and_bounds_resolve_against_the_data():
    assert periods.parse("latest").resolve(2000, 2025, "x").label() == "2025"
    assert periods.parse("2015-latest").resolve(2000, 2025, "x").label() == "2015-2025"
    with pytest.raises(InputError, match=r"years 1990-2020 outside the data: resettlement covers 2000-2025"):
        periods.parse("1990-2020").resolve(2000, 2025, "resettlement")
    with pytest.raises(InputError, match=r"years 2100-2025 outside the data"):  # starts after the newest year
        periods.parse("2100-latest").resolve(2000, 2025, "resettlement")


# -- errors -----------------------------------------------------------------------------------------------------
def test_unknown_names_suggest_the_closest_choice():
    assert str(unknown("indicator", "represntation", ["representation", "fair_share"])) == \
        "unknown indicator 'represntation'; did you mean representation?"
    far = str(unknown("exhibit", "zzz", ["fig1", "table1"]))
    assert far == "unknown exhibit 'zzz'; known: fig1, table1"


def test_catalogue_matches_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for kind in CATALOGUE:
        assert re.search(rf"\| `{kind.code}` \| {kind.exit} \|", readme), kind.code


# -- vintages, memo and the held connection ------------------------------------------------------------------------
def test_explicit_vintage_must_be_loaded(home):
    from hemigov.series import displacement

    assert len(displacement.by_origin()) > 1000
    with pytest.raises(InputError, match=r"unknown vintage of unhcr.population '2019-06'"):
        displacement.by_origin(vintage="2019-06")
    # as of the paper on the snapshot: the end-2024 release is not held, so the newest is read and named
    paper = displacement.by_origin(vintage="paper")
    assert set(paper.sources) == {"unhcr.population@2026-06"}


def test_memo_is_keyed_by_the_warehouse_file(home, tmp_path, monkeypatch):
    from hemigov.series import reference
    from hemigov.warehouse import reader

    first = reference.countries()
    assert reference.countries() is not first  # a copy of the kept frame, never the frame itself
    fp = reader.fingerprint()
    from hemigov.warehouse import snapshot

    other = tmp_path / "other"
    monkeypatch.setenv("HEMIGOV_HOME", str(other))
    snapshot.initialise()
    assert reader.fingerprint() != fp
    assert len(reference.countries()) == len(first)

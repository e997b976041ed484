"""Reference data: countries, exact code/name lookups and the reviewed groupings with years.

The groupings are checked against facts read from their sources (see ``note``/``source_url`` of each row)
and against ``countries.csv``; the paper's region scheme must agree with the ``paper_region`` column.
"""

from __future__ import annotations

import csv
import json
import runpy
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from hemigov import geo
from hemigov.core import paths
from hemigov.core.errors import InputError
from hemigov.core.paths import PACKAGE_DATA
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ["grouping", "iso3", "role", "start_year", "end_year", "note", "source_url"]
INFO_COLUMNS = ["grouping", "name", "kind", "description", "source_url"]
ROLES = {"member", "associate", "observer", "suspended", "host", "signatory", "participant"}
KINDS = {"subregion", "trade", "migration-process", "protection-framework", "political", "host-countries",
         "region-scheme"}
# The paper's regions as spelled in countries.csv (the spec; tools/build_paper_regions.py must agree).
PAPER = {
    "PAPER_WESTERN_HEMISPHERE": "Western hemisphere",
    "PAPER_MENA": "Middle East and North Africa",
    "PAPER_SSA": "Sub-Saharan Africa",
    "PAPER_ASIA_PACIFIC": "Asia-Pacific",
    "PAPER_EUROPE": "Europe",
}
# Groupings whose rows carry no years by nature (informal term, region scheme).
YEARLESS = {"NTCA", *PAPER}


@pytest.fixture(scope="module")
def g() -> pd.DataFrame:
    return geo.groupings()


def members(g: pd.DataFrame, grouping: str, role: str = "member", *, current: bool = False) -> set[str]:
    sub = g[(g.grouping == grouping) & (g.role == role)]
    if current:
        sub = sub[sub.end_year == ""]
    return set(sub.iso3)


def row(g: pd.DataFrame, grouping: str, iso3: str, role: str) -> pd.Series:
    sub = g[(g.grouping == grouping) & (g.iso3 == iso3) & (g.role == role)]
    assert len(sub) == 1, f"{grouping} {iso3} {role}: {len(sub)} rows"
    return sub.iloc[0]


# --- file shape -----------------------------------------------------------------------------------
def test_groupings_files_have_the_documented_columns():
    with open(PACKAGE_DATA / "groupings.csv", encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == COLUMNS
    with open(PACKAGE_DATA / "grouping_info.csv", encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == INFO_COLUMNS


def test_groupings_key_is_unique(g):
    dup = g[g.duplicated(["grouping", "iso3", "role", "start_year"], keep=False)]
    assert dup.empty, dup


def test_groupings_iso3_exist_in_countries(g):
    bad = set(g.iso3) - set(geo.countries().iso3)
    assert not bad


def test_every_grouping_has_info_and_every_info_is_used(g):
    info = geo.grouping_info()
    assert not info.grouping.duplicated().any()
    assert set(g.grouping) == set(info.grouping)
    assert set(info.kind) <= KINDS
    assert (info.name != "").all() and (info.description != "").all()
    assert info.source_url.str.startswith("http").all()


def test_roles_years_and_sources_are_well_formed(g):
    assert set(g.role) <= ROLES
    for col in ("start_year", "end_year"):
        assert g[col].str.fullmatch(r"(19|20)\d\d|").all(), col
    both = g[(g.start_year != "") & (g.end_year != "")]
    assert (both.start_year.astype(int) <= both.end_year.astype(int)).all()
    assert g.source_url.str.startswith("http").all()


def test_a_missing_start_year_is_flagged_unverified(g):
    # Never an invented year: a row of a dated grouping without a start year must say so.
    sub = g[~g.grouping.isin(YEARLESS) & (g.start_year == "")]
    assert not sub.empty  # R4V hosts, observers ... exist: the rule is exercised
    assert sub.note.str.contains("unverified").all(), sub[~sub.note.str.contains("unverified")]


def test_pandas_does_not_turn_codes_into_missing_values():
    c = geo.countries()
    assert c.loc[c.iso3 == "NAM", "iso2"].item() == "NA"


# --- facts ----------------------------------------------------------------------------------------
def test_ntca(g):
    assert members(g, "NTCA") == {"SLV", "GTM", "HND"}


def test_cusma_and_nafta(g):
    assert members(g, "CUSMA", current=True) == {"CAN", "MEX", "USA"}
    assert set(g[g.grouping == "CUSMA"].start_year) == {"2020"}
    nafta = g[g.grouping == "NAFTA"]
    assert set(nafta.iso3) == {"CAN", "MEX", "USA"}
    assert set(zip(nafta.start_year, nafta.end_year, strict=True)) == {("1994", "2020")}


def test_mercosur_venezuela_suspended_and_current_members(g):
    susp = row(g, "MERCOSUR", "VEN", "suspended")
    assert (susp.start_year, susp.end_year) == ("2016", "")
    assert row(g, "MERCOSUR", "VEN", "member").end_year == "2016"
    # Bolivia's accession protocol entered into force in 2024; Paraguay's 2012-13 suspension has ended.
    assert members(g, "MERCOSUR", current=True) == {"ARG", "BRA", "PRY", "URY", "BOL"}
    assert members(g, "MERCOSUR", "suspended", current=True) == {"VEN"}
    pry = g[(g.grouping == "MERCOSUR") & (g.iso3 == "PRY") & (g.role == "suspended")]
    assert list(zip(pry.start_year, pry.end_year, strict=True)) == [("2012", "2013")]
    assert {"CHL", "COL", "ECU", "PER", "GUY", "SUR", "PAN"} <= members(g, "MERCOSUR", "associate", current=True)
    assert row(g, "MERCOSUR", "BOL", "member").start_year == "2024"


def test_puebla_process(g):
    assert members(g, "PUEBLA_PROCESS") == {"BLZ", "CAN", "CRI", "SLV", "GTM", "HND", "MEX", "NIC", "PAN",
                                            "DOM", "USA"}
    founders = g[(g.grouping == "PUEBLA_PROCESS") & (g.start_year == "1996")]
    assert set(founders.iso3) == members(g, "PUEBLA_PROCESS") - {"DOM"}
    assert members(g, "PUEBLA_PROCESS", "observer") == {"ARG", "COL", "ECU", "JAM", "PER"}


def test_mirps(g):
    assert members(g, "MIRPS") == {"BLZ", "CRI", "GTM", "HND", "MEX", "PAN", "SLV"}
    assert row(g, "MIRPS", "SLV", "member").start_year == "2019"
    assert set(g[(g.grouping == "MIRPS") & (g.iso3 != "SLV")].start_year) == {"2017"}


def test_lima_group(g):
    founders = g[(g.grouping == "LIMA_GROUP") & (g.start_year == "2017")]
    assert set(founders.iso3) == {"ARG", "BRA", "CAN", "CHL", "COL", "CRI", "GTM", "HND", "MEX", "PAN", "PRY", "PER"}
    left = g[(g.grouping == "LIMA_GROUP") & (g.end_year != "")]
    ended = dict(zip(left.iso3, left.end_year, strict=True))
    assert ended == {"MEX": "2018", "ARG": "2021", "PER": "2021", "LCA": "2021"}


def test_r4v_hosts_are_the_17_countries(g):
    hosts = members(g, "R4V_HOSTS", "host")
    assert len(hosts) == 17
    assert {"COL", "PER", "BRA", "ECU", "CHL", "ABW", "CUW", "TTO", "GUY", "DOM", "CRI", "MEX", "PAN",
            "ARG", "BOL", "PRY", "URY"} == hosts


def test_brazil_plan_of_action_28_countries_and_3_territories(g):
    # countries.csv does not mark these three as territories, so the split is checked by name
    iso = members(g, "BRAZIL_PLAN_OF_ACTION", "signatory")
    assert len(iso) == 31
    assert {"CYM", "CUW", "TCA"} <= iso
    terr = g[(g.grouping == "BRAZIL_PLAN_OF_ACTION") & g.note.str.startswith("territory")]
    assert set(terr.iso3) == {"CYM", "CUW", "TCA"}
    assert {"USA", "CAN", "DOM"}.isdisjoint(iso)


# --- the paper's region scheme ----------------------------------------------------------------------
def test_paper_regions_agree_with_countries_csv(g):
    c = geo.countries()
    expected = {(grp, iso) for grp, region in PAPER.items() for iso in c.iso3[c.paper_region == region]}
    got = {(r.grouping, r.iso3) for r in g[g.grouping.isin(PAPER)].itertuples()}
    assert got == expected
    assert set(g[g.grouping.isin(PAPER)].role) == {"member"}
    # every country with a paper region sits in exactly one PAPER_* grouping
    assert len(got) == (c.paper_region != "").sum()
    assert len(g[g.grouping == "PAPER_WESTERN_HEMISPHERE"]) == (c.paper_region == "Western hemisphere").sum()


def test_build_paper_regions_tool_reproduces_the_committed_file(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for f in ("groupings.csv", "countries.csv"):
        shutil.copy(PACKAGE_DATA / f, data / f)
    tool = runpy.run_path(str(ROOT / "tools" / "build_paper_regions.py"))
    assert tool["PAPER_GROUPINGS"] == PAPER
    tool["main"].__globals__["DATA"] = data
    tool["main"]()
    assert (data / "groupings.csv").read_bytes() == (PACKAGE_DATA / "groupings.csv").read_bytes()


# --- exact lookups ----------------------------------------------------------------------------------
def test_names_to_iso3_lists_unmapped_names_with_counts():
    names = pd.Series(["Austria", "Atlantis", " Atlantis ", "Australia", "Lemuria"])
    with pytest.raises(InputError) as exc:
        geo.names_to_iso3(names, "unhcr", file="x.csv", column="origin")
    msg = str(exc.value)
    assert msg.startswith("x.csv: column 'origin': 2 unmapped country names")
    assert "'Atlantis' (2 rows)" in msg and "'Lemuria' (1 rows)" in msg
    assert "Austria" not in msg


def test_names_to_iso3_maps_exact_spellings():
    out = geo.names_to_iso3(pd.Series(["Austria", " Australia", None]), "unhcr", file="x.csv", column="c")
    assert out.tolist()[:2] == ["AUT", "AUS"] and pd.isna(out.iloc[2])


def test_unhcr_code_aus_is_austria():
    out = geo.codes_to_iso3(pd.Series(["AUS", "AUL", "ANG"]), "unhcr", file="f", column="c")
    assert out.tolist() == ["AUT", "AUS", "AGO"]
    with pytest.raises(InputError, match=r"'ZZZ' \(1 rows\)"):
        geo.codes_to_iso3(pd.Series(["ZZZ"]), "unhcr", file="f", column="c")


# --- through the CLI ------------------------------------------------------------------------------
@pytest.fixture
def ref_home(home) -> Path:
    """A private warehouse holding only the schema, the reference tables and the views."""
    from hemigov.warehouse.store import create_schema, load_reference
    from hemigov.warehouse.views import create_views

    p = paths.warehouse_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(p))
    try:
        create_schema(con)
        load_reference(con)
        create_views(con)
    finally:
        con.close()
    return home


def test_cli_countries_group_ntca(ref_home, capsys):
    code, out, _ = run_cli(["countries", "--group", "NTCA", "--json"], capsys)
    assert code == 0
    recs = json.loads(out)
    assert {r["iso3"] for r in recs} == {"SLV", "GTM", "HND"}
    assert {r["grouping_name"] for r in recs} == {"Northern Triangle of Central America"}


def test_cli_countries_group_mercosur_keeps_years(ref_home, capsys):
    code, out, _ = run_cli(["countries", "--group", "mercosur", "--json"], capsys)
    assert code == 0
    ven = {(r["role"], r["start_year"], r["end_year"]) for r in json.loads(out) if r["iso3"] == "VEN"}
    assert ven == {("associate", 2004, 2012), ("member", 2012, 2016), ("suspended", 2016, None)}


def test_cli_unknown_group_is_bad_input(ref_home, capsys):
    code, _, err = run_cli(["countries", "--group", "NOPE", "--json"], capsys)
    assert code == 2
    assert "unknown grouping 'NOPE'" in err and "NTCA" in err

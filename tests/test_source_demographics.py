"""UNHCR demographics (``demographics.rda`` of both releases in ../shared/data/unhcr-refugees) and
``v_demographics``.

UNHCR's PROVENANCE.md gives no demographic figure, so the check is the one it implies: summed over sex and age, the
cells are UNHCR's totals, which must equal the population statistics (``population.rda``, ``v_displacement``) of
the same release for the same year, origin, asylum country and population type.
"""

from __future__ import annotations

import pandas as pd
import pytest

import hemigov
from tests.helpers import parse_file

FOLDER = "unhcr-refugees"
EQUAL_TYPES = ("refugees", "asylum_seekers", "idps", "returned_idps", "oip", "ooc", "hst")


@pytest.fixture(scope="module")
def end2025(shared_data):
    return parse_file(shared_data / FOLDER / "2026-06-end2025" / "demographics.rda")


def test_cells_add_up_to_unhcr_totals(end2025):
    df = end2025.frames["demographics"]
    assert end2025.parsed.vintage == "2026-06" and set(df.year) == {2025}  # this release holds 2025 only
    assert set(df.sex) == {"female", "male", "unknown"}
    assert set(df[df.sex == "unknown"].age_group) == {"unknown"}
    assert (df.persons > 0).all()
    world = df[df.population_type == "refugees"].persons.sum()
    assert world == 28_461_306  # = population.rda end-2025, refugees 2025 (checked in the view test below)


def _cut(sql_table: str, where: str) -> pd.DataFrame:
    return hemigov.query(f"""SELECT year, origin_iso3, asylum_iso3, population_type, sum(persons) AS persons
                             FROM {sql_table} WHERE {where} GROUP BY ALL""")


@pytest.mark.parametrize("vintage,year", [("2025-06", 2024), ("2026-06", 2025)])
def test_totals_equal_displacement_of_the_same_release(full, vintage, year):
    types = ", ".join(f"'{t}'" for t in EQUAL_TYPES)
    where = f"vintage = '{vintage}' AND year = {year} AND population_type IN ({types})"
    demo = _cut("demographics", where)
    disp = _cut("displacement", where + " AND persons > 0")
    m = demo.merge(disp, on=["year", "origin_iso3", "asylum_iso3", "population_type"], how="outer",
                   suffixes=("_demo", "_pop"))
    assert len(m) > 5_000
    assert (m.persons_demo.fillna(0) == m.persons_pop.fillna(0)).all(), m[m.persons_demo != m.persons_pop].head()
    # Stateless people are not all broken down by sex and age: fewer here than in population.rda
    stateless = [_cut(t, f"vintage = '{vintage}' AND year = {year} AND population_type = 'stateless'").persons.sum()
                 for t in ("demographics", "displacement")]
    assert stateless[0] < stateless[1]


def test_view_keeps_each_years_newest_release(full):
    v = hemigov.query("SELECT year, min(vintage) AS lo, max(vintage) AS hi FROM v_demographics GROUP BY year")
    by = v.set_index("year")
    assert by.loc[2025, "lo"] == by.loc[2025, "hi"] == "2026-06"
    assert (by.loc[2001:2024, "lo"] == "2025-06").all() and (by.loc[2001:2024, "hi"] == "2025-06").all()
    # both releases side by side in the base table: 2024 only in the end-2024 one, 2025 only in the end-2025 one
    rel = hemigov.query("SELECT vintage, min(year) AS y0, max(year) AS y1 FROM demographics GROUP BY vintage")
    assert sorted(rel.itertuples(index=False, name=None)) == [("2025-06", 2001, 2024), ("2026-06", 2025, 2025)]
    # Canada 2025, refugees and asylum seekers: the view's totals equal v_displacement's for the same cut
    can = hemigov.query("""SELECT population_type, sum(persons) AS n FROM v_demographics WHERE year = 2025
                           AND asylum_iso3 = 'CAN' AND population_type IN ('refugees', 'asylum_seekers') GROUP BY 1""")
    disp = hemigov.query("""SELECT population_type, sum(persons) AS n FROM v_displacement WHERE year = 2025
                            AND asylum_iso3 = 'CAN' AND population_type IN ('refugees', 'asylum_seekers') GROUP BY 1""")
    assert dict(can.itertuples(index=False, name=None)) == dict(disp.itertuples(index=False, name=None)) == {
        "refugees": 416_028, "asylum_seekers": 314_475}

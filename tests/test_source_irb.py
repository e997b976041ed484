"""IRB: claims by irregular border crossers (cumulative snapshots) and RAD appeals by country.

Reference values come from PROVENANCE.md or from the raw CSV lines (grep), independently of the adapter.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from hemigov import geo, sources
from hemigov.core.errors import InputError
from hemigov.sources.base import Layout
from tests.helpers import parse_file

FOLDER = "irb-irregular-crossers-and-rad-appeals"


@pytest.fixture(scope="module")
def folder(shared_data) -> Path:
    return shared_data / FOLDER


@pytest.fixture(scope="module")
def irregular(folder) -> pd.DataFrame:
    return parse_file(folder / "irregular_claims.csv").frames["irb_irregular_claims"]


@pytest.fixture(scope="module")
def rad(folder) -> pd.DataFrame:
    return parse_file(folder / "rad_appeals.csv").frames["irb_rad_appeals"]


def test_every_file_is_detected(folder):
    expected = {"irregular_claims.csv": "irb.irregular_claims", "rad_appeals.csv": "irb.rad_appeals"}
    for f in sorted(folder.iterdir()):
        what = sources.detect(f)
        if f.name in expected:
            assert isinstance(what, Layout) and what.dataset == expected[f.name]
        elif f.name.endswith("_metadata.csv"):
            assert isinstance(what, str) and "metadata" in what
        else:
            assert f.name in {"PROVENANCE.md", "SHA256SUMS"} and isinstance(what, str)


def test_vintages(folder):
    # PROVENANCE.md: captures up to May 2024; RAD pages captured 2024-05-22.
    assert parse_file(folder / "irregular_claims.csv").parsed.vintage == "2024-05"
    assert parse_file(folder / "rad_appeals.csv").parsed.vintage == "2024-05"


def _value(df, period, iso3, measure):
    hit = df[(df.period_end == pd.Timestamp(period)) & (df.country_iso3 == iso3) & (df.measure == measure)]
    assert len(hit) == 1
    return hit.persons.iloc[0]


def test_irregular_cumulative_figures(irregular):
    # PROVENANCE.md: to Dec 2019, 54,736 referred; 12,255 accepted, 10,627 rejected, 865 abandoned,
    # 1,144 withdrawn/other; 29,845 pending. To Mar 2024: 113,368 referred; 43,071 accepted; 23,244 rejected.
    assert _value(irregular, "2019-12-31", "(all)", "intake") == 54736
    assert _value(irregular, "2019-12-31", "(all)", "accepted") == 12255
    assert _value(irregular, "2019-12-31", "(all)", "rejected") == 10627
    assert _value(irregular, "2019-12-31", "(all)", "abandoned") == 865
    assert _value(irregular, "2019-12-31", "(all)", "withdrawn_other") == 1144
    assert _value(irregular, "2019-12-31", "(all)", "pending") == 29845
    assert _value(irregular, "2024-03-31", "(all)", "intake") == 113368
    assert _value(irregular, "2024-03-31", "(all)", "accepted") == 43071
    # raw: "222,2024 March,2024,29,Nigeria,17751,6097,8088,214,2443,16842,909"
    assert _value(irregular, "2024-03-31", "NGA", "intake") == 17751
    assert _value(irregular, "2024-03-31", "NGA", "total_finalized") == 16842
    # raw: "67,2019 December ,2019,12,Other Countries,16980,..."
    assert _value(irregular, "2019-12-31", "(other)", "intake") == 16980
    assert irregular.period_end.nunique() == 19
    # raw: "97,2020 September,2020,15,Angola,1455,NA,..." -> NULL, not 0
    assert pd.isna(_value(irregular, "2020-09-30", "AGO", "accepted"))


def test_irregular_names_mapped(irregular):
    codes = set(irregular.country_iso3)
    assert {"COD", "TUR", "USA", "HTI", "COL", "(all)", "(other)"} <= codes
    assert codes - {"(all)", "(other)"} <= set(geo.countries().iso3)


def test_rad_totals_and_countries(rad):
    def cell(year, iso3, outcome):
        hit = rad[(rad.year == year) & (rad.country_iso3 == iso3) & (rad.outcome == outcome)]
        assert len(hit) == 1
        return hit.iloc[0]

    # PROVENANCE.md: 2019 Total filed 11,817, finalized 8,684, pending 9,700 (= IRB page RADStat2019).
    assert cell(2019, "(all)", "filed").persons == 11817
    assert cell(2019, "(all)", "total_finalized").persons == 8684
    assert cell(2019, "(all)", "pending").persons == 9700
    # raw: "2019,Nigeria,TRUE,merit_allow_substitute,288"
    assert cell(2019, "NGA", "merit_allow_substitute").persons == 288
    # raw: "2017,Afghanistan,FALSE,nonmerit_dismiss_jurisdiction,NA" -> suppressed (1-4)
    sup = cell(2017, "AFG", "nonmerit_dismiss_jurisdiction")
    assert pd.isna(sup.persons) and bool(sup.suppressed)
    assert not bool(cell(2019, "(all)", "filed").suppressed)
    # "Macedonia" (2018) and "North Macedonia" (2019+), "Denmark" + zero-width space (2020)
    assert len(rad[(rad.country_iso3 == "MKD") & (rad.outcome == "filed")]) == 5
    assert len(rad[(rad.year == 2020) & (rad.country_iso3 == "DNK")]) == 9
    assert {"XXA", "XXX"} <= set(rad.country_iso3)  # Stateless, Unknown


def test_rad_dropped_rows(rad, folder):
    raw = (folder / "rad_appeals.csv").read_text(encoding="utf-8").splitlines()
    gone = [ln for ln in raw if ln.split(",")[1] == "(Blank)"]
    assert gone and all(ln.endswith(",NA") for ln in gone)
    assert len(rad) == len(raw) - 1 - len(gone)


def test_rad_count_on_unmapped_row_is_refused(folder, tmp_path):
    text = (folder / "rad_appeals.csv").read_text(encoding="utf-8")
    line = "2019,(Blank),NA,filed,NA"  # line 4052 of the file
    assert line in text
    bad = tmp_path / "rad_appeals.csv"
    bad.write_text(text.replace(line, "2019,(Blank),NA,filed,7"), encoding="utf-8")
    with pytest.raises(InputError) as e:
        parse_file(bad)
    assert "rad_appeals.csv" in str(e.value) and "(Blank)" in str(e.value) and "row 4052" in str(e.value)


def test_irregular_period_mismatch_is_refused(folder, tmp_path):
    text = (folder / "irregular_claims.csv").read_text(encoding="utf-8")
    line = "222,2024 March,2024,29,Nigeria,"
    assert line in text
    bad = tmp_path / "irregular_claims.csv"
    bad.write_text(text.replace(line, "222,2024 March,2024,28,Nigeria,"), encoding="utf-8")
    with pytest.raises(InputError) as e:
        parse_file(bad)
    assert "irregular_claims.csv" in str(e.value) and "row 223" in str(e.value)

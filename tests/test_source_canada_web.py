"""canada.ca asylum-claims tables (RCMP interceptions, CBSA/IRCC claims by office, printed totals).

Reference values come from PROVENANCE.md ("Checks" section) or from the raw CSVs read here with the csv
module / grep, independently of the adapter.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from hemigov import sources
from hemigov.core.errors import InputError
from hemigov.sources.base import Layout
from tests.helpers import parse_file

FOLDER = "asylum-claims-rcmp-interceptions"
DATA = {
    "cbsa_air_entry.csv": "canada_claims_by_office", "cbsa_land_entry.csv": "canada_claims_by_office",
    "cbsa_marine_entry.csv": "canada_claims_by_office", "cbsa_all_entry.csv": "canada_claims_by_office",
    "cbsa_inland_office.csv": "canada_claims_by_office", "cbsa_total.csv": "canada_claims_by_office",
    "ircc_processed.csv": "canada_claims_by_office", "cbsa_plus_ircc.csv": "canada_claims_by_office",
    "rcmp_interceptions.csv": "rcmp_interceptions",
    "official_monthly_totals_2017_2023.csv": "canada_claims_official_totals",
}
OFFICE_FILES = [f for f, t in DATA.items() if t == "canada_claims_by_office"]


@pytest.fixture(scope="module")
def folder(shared_data) -> Path:
    return shared_data / FOLDER


@pytest.fixture(scope="module")
def office(folder) -> pd.DataFrame:
    return pd.concat([parse_file(folder / f).frames["canada_claims_by_office"] for f in OFFICE_FILES],
                     ignore_index=True)


@pytest.fixture(scope="module")
def rcmp(folder) -> pd.DataFrame:
    return parse_file(folder / "rcmp_interceptions.csv").frames["rcmp_interceptions"]


@pytest.fixture(scope="module")
def official(folder) -> pd.DataFrame:
    return parse_file(folder / "official_monthly_totals_2017_2023.csv").frames["canada_claims_official_totals"]


def _raw_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_every_file_is_detected(folder):
    for f in sorted(folder.iterdir()):
        what = sources.detect(f)
        if f.name in DATA:
            assert isinstance(what, Layout) and what.adapter == "canada_web", f.name
        elif f.name.endswith("_metadata.csv"):
            assert isinstance(what, str) and "metadata" in what, f.name
        else:
            assert f.name in {"PROVENANCE.md", "SHA256SUMS"}, f.name
            assert isinstance(what, str)


@pytest.mark.parametrize("name", list(DATA))
def test_tables_and_vintage(folder, name):
    loaded = parse_file(folder / name)
    # PROVENANCE.md: page "Date modified: 2024-04-22".
    assert loaded.parsed.vintage == "2024-04"
    assert list(loaded.frames) == [DATA[name]]
    assert len(loaded.frames[DATA[name]]) > 0


def test_rcmp_interceptions(rcmp):
    qc = rcmp[(rcmp.province == "Quebec")].groupby("year").persons.sum()
    # PROVENANCE.md: Quebec 2017 18,836; 2022 39,171; 2023 13,962.
    assert qc[2017] == 18836 and qc[2022] == 39171 and qc[2023] == 13962
    national = rcmp.groupby("year").persons.sum()
    assert national[2017] == 20593
    assert national[2018] == 19423  # the province rows; the page prints 19,419 (PROVENANCE.md)
    aug = rcmp[(rcmp.year == 2017) & (rcmp.month == 8)]
    assert aug.persons.sum() == 5712  # monthly peak, PROVENANCE.md
    assert len(rcmp) == 50 * 12  # 50 year x province rows in the file, 12 months each


def test_official_totals_acceptance(official):
    rcmp_annual = official[official.month.isna() & official.series.str.contains("rcmp", case=False)]
    got = dict(zip(rcmp_annual.year, rcmp_annual.persons, strict=True))
    assert got[2017] == 20593 and got[2018] == 19419 and got[2019] == 16503
    both = official[official.month.isna() & (official.series == "cbsa_and_ircc_processed_total")]
    # PROVENANCE.md: published CBSA & IRCC annual totals.
    assert dict(zip(both.year, both.persons, strict=True)) == {
        2017: 50375, 2018: 55035, 2019: 64030, 2020: 23690, 2021: 24900, 2022: 91725, 2023: 143770}
    assert official[official.month.isna()].groupby("year").size().eq(4).all()
    aug = official[(official.year == 2017) & (official.month == 8) & official.series.str.contains("rcmp")]
    assert aug.persons.tolist() == [5712]


def test_office_cells_and_suppression(office):
    def cell(year, month, off, province):
        hit = office[(office.year == year) & (office.month == month) & (office.office == off)
                     & (office.province == province)]
        assert len(hit) == 1
        return hit.iloc[0]

    # raw: "2017,Quebec,40,55,..." in cbsa_air_entry.csv
    assert cell(2017, 1, "air", "Quebec").persons == 40
    # raw: "2017,Manitoba,0,0,0,0,0,0,0,0,0,0,NA,0,NA" -> November suppressed, not zero
    nov = cell(2017, 11, "air", "Manitoba")
    assert pd.isna(nov.persons) and bool(nov.suppressed)
    assert cell(2017, 10, "air", "Manitoba").persons == 0 and not cell(2017, 10, "air", "Manitoba").suppressed
    # raw: "2022,Quebec,410,..." in ircc_processed.csv
    assert cell(2022, 1, "ircc", "Quebec").persons == 410
    assert cell(2017, 1, "total", "(all)").persons == 1285  # cbsa_total.csv CBSA total row
    air_2023 = office[(office.year == 2023) & (office.office == "air") & (office.province == "(all)")]
    assert air_2023.persons.sum() == 41355  # printed total row; its months add up to the printed annual total


def test_no_double_counting(office):
    keys = ["year", "month", "agency", "office", "province"]
    assert not office.duplicated(keys).any()
    assert set(office.office) == {"air", "land", "marine", "inland", "all_entry", "total", "ircc", "cbsa_plus_ircc"}
    assert set(office[office.office == "total"].province) == {"(all)"}
    # cbsa_total.csv contributes only its CBSA total row
    assert set(office[office.dataset == "canada_web.cbsa_total"].office) == {"total"}


def test_cbsa_total_rows_repeat_the_office_files(folder):
    """Why cbsa_total.csv's office rows are not loaded: they equal the printed total rows (raw files)."""
    total = {(r[0], r[1]): r[2:] for r in _raw_rows(folder / "cbsa_total.csv")[1:]}
    pairs = {"Air Ports of Entry": "cbsa_air_entry.csv", "Land Ports of Entry": "cbsa_land_entry.csv",
             "Marine Ports of Entry": "cbsa_marine_entry.csv", "Inland Offices": "cbsa_inland_office.csv",
             "All Ports of Entry (Air, Land and Marine)": "cbsa_all_entry.csv"}
    for label, name in pairs.items():
        rows = [r for r in _raw_rows(folder / name)[1:] if r[1].startswith("Total - ")]
        assert len(rows) == 7
        for r in rows:
            assert total[(r[0], label)] == r[2:], (name, r[0])


def test_bad_count_names_file_row_and_value(folder, tmp_path):
    text = (folder / "rcmp_interceptions.csv").read_text(encoding="utf-8")
    line = "2019,Quebec,871,800,967,"
    assert line in text
    bad = tmp_path / "rcmp_interceptions.csv"
    bad.write_text(text.replace(line, "2019,Quebec,871,lots,967,"), encoding="utf-8")
    with pytest.raises(InputError) as e:
        parse_file(bad)
    msg = str(e.value)
    assert "rcmp_interceptions.csv" in msg and "lots" in msg and "row 17" in msg and "february" in msg


def test_unknown_row_label_is_refused(folder, tmp_path):
    text = (folder / "cbsa_air_entry.csv").read_text(encoding="utf-8")
    bad = tmp_path / "cbsa_air_entry.csv"
    bad.write_text(text.replace("2019,Total - Air Ports of Entry,", "2019,Total - Air and Sea,"), encoding="utf-8")
    with pytest.raises(InputError) as e:
        parse_file(bad)
    assert "Total - Air and Sea" in str(e.value) and "prov_territory" in str(e.value)

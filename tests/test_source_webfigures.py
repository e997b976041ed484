"""Figures transcribed from web pages (web-page-figures/figures.csv) -> web_figures."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from hemigov import sources
from hemigov.core.errors import InputError
from hemigov.sources.base import Layout
from tests.helpers import parse_file


@pytest.fixture(scope="module")
def folder(shared_data) -> Path:
    return shared_data / "web-page-figures"


@pytest.fixture(scope="module")
def raw_rows(folder) -> list[dict]:
    with open(folder / "figures.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def figs(folder) -> pd.DataFrame:
    return parse_file(folder / "figures.csv").frames["web_figures"]


def _value(figs: pd.DataFrame, figure: str, period: str) -> float:
    hit = figs[(figs.figure == figure) & (figs.period == period)]
    assert len(hit) == 1, (figure, period, len(hit))
    return float(hit.value.iloc[0])


def test_detection_and_vintage(folder):
    lay = sources.detect(folder / "figures.csv")
    assert isinstance(lay, Layout) and lay.dataset == "webfigures.figures" and lay.adapter == "webfigures"
    for other in ("PROVENANCE.md", "SHA256SUMS"):
        assert isinstance(sources.detect(folder / other), str)
    # No compilation date in PROVENANCE.md; the newest page cited was published January 2026.
    assert "published January 2026" in (folder / "figures.csv").read_text(encoding="utf-8")
    assert parse_file(folder / "figures.csv").parsed.vintage == "2026"


def test_one_row_per_figure_and_series_split(figs, raw_rows):
    n_values = sum(len(r["value"].split(";")) for r in raw_rows)
    assert len(raw_rows) == 28 and len(figs) == n_values == 47
    assert figs.figure_id.is_unique


def test_asylum_intake_series_by_year(figs):
    series = figs[figs.figure == "Asylum intake by year 2002-2021"].set_index("period").value
    assert series.index.tolist() == [str(y) for y in range(2002, 2022)]
    # The row's own note: "Sum 2013–2020 = 257,099; 2015–2020 = 233,292".
    assert series.loc["2013":"2020"].sum() == 257_099
    assert series.loc["2015":"2020"].sum() == 233_292
    assert series["2019"] == _value(figs, "Asylum claims - total", "2019") == 64_177
    assert figs[figs.figure == "Asylum intake by year 2002-2021"].note.str.startswith("Value ").all()


def test_key_figures(figs):
    # Same as canada.ca "Asylum claims by year – 2018" (see also the RCMP official totals).
    assert _value(figs, "RCMP interceptions between ports of entry - Canada total", "2018") == 19_419
    assert _value(figs, "IRB RPD claims - referred", "Jan–Sep 2024") == 146_828
    assert _value(figs, "CMA - total", "2024") == 352.6
    cma = figs[figs.topic == "mining"]
    assert set(cma.unit) == {"CAD billion"} and len(cma) == 8
    assert _value(figs, "Share of agricultural TFWs from Mexico", "2021") == 43.8


def test_source_types_kept(figs, raw_rows):
    series = figs.figure == "Asylum intake by year 2002-2021"
    one_per_file_row = pd.concat([figs[~series], figs[series].head(1)])
    assert (one_per_file_row.source_type.value_counts().to_dict()
            == pd.Series([r["source_type"] for r in raw_rows]).value_counts().to_dict())
    secondary = figs[figs.source_type == "secondary"]
    assert "Global News (citing IRCC)" in set(secondary.publisher)


def _copy(folder: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = (folder / "figures.csv").read_text(encoding="utf-8")
    assert old in text
    f = tmp_path / "figures.csv"
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    return f


def test_series_that_does_not_fit_its_period(folder, tmp_path):
    f = _copy(folder, tmp_path, "2002-2021 (in order)", "2003-2021 (in order)")
    with pytest.raises(InputError, match=r"figures.csv: row 9, column 'value': 20 values"):
        parse_file(f)


def test_bad_number_and_source_type(folder, tmp_path):
    f = _copy(folder, tmp_path, ",233.9,CAD billion,", ",233,9,CAD billion,")
    with pytest.raises(InputError, match="figures.csv: row 14: has 11 fields"):
        parse_file(f)
    f = _copy(folder, tmp_path, ",233.9,CAD billion,", ",n/a,CAD billion,")
    with pytest.raises(InputError, match=r"row 14, column 'value': not a number: 'n/a'"):
        parse_file(f)
    f = _copy(folder, tmp_path, ",secondary,", ",blog,")
    with pytest.raises(InputError, match=r"column 'source_type'.*'blog'"):
        parse_file(f)

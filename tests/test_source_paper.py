"""The paper as a source: committed tables and text figures -> paper_tables, paper_figures.

Independent references: the project's seed tables (byte-identical copies) and the paper's text itself
(tables as printed, every quote, sums the text states).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import hemigov
from hemigov import sources
from hemigov.core.errors import InputError
from hemigov.sources import paper
from hemigov.sources.base import Layout
from tests.helpers import parse_file

TABLE_FILES = ["table1_remittances_2019.csv", "table2_roxham_road_top25.csv", "table2_roxham_road_totals.csv",
               "table3_mexico_irb_claims.csv"]


@pytest.fixture(scope="module")
def seed(shared_data) -> Path:
    d = shared_data.parent / "seed"
    assert (d / "tables").is_dir(), d
    return d


@pytest.fixture(scope="module")
def text_lines(seed) -> list[str]:
    return [" ".join(x.split()) for x in (seed / "000_b4b23e879a50a1ec.txt").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def text(text_lines) -> str:
    return " ".join(" ".join(text_lines).split())


@pytest.fixture(scope="module")
def tables() -> pd.DataFrame:
    frames = [parse_file(p).frames["paper_tables"] for p in paper.package_files() if p.name in TABLE_FILES]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return parse_file(paper.package_files()[-1]).frames["paper_figures"]


def _cell(tables: pd.DataFrame, exhibit: str, label: str, period: str, measure: str) -> float:
    hit = tables[(tables.exhibit == exhibit) & (tables.label == label) & (tables.period == period)
                 & (tables.measure == measure)]
    assert len(hit) == 1, (exhibit, label, period, measure, len(hit))
    return float(hit.value.iloc[0])


def test_package_files_and_detection(seed):
    files = paper.package_files()
    assert [p.name for p in files] == [*TABLE_FILES, "paper_figures.csv"]
    datasets = []
    for p in files:
        assert p.is_file(), p
        lay = sources.detect(p)
        assert isinstance(lay, Layout) and lay.adapter == "paper", p
        datasets.append(lay.dataset)
    assert datasets == ["paper.table1", "paper.table2", "paper.table2_totals", "paper.table3", "paper.figures"]
    # Only the package copies are layouts: the seed copies must not load a second time.
    for name in TABLE_FILES:
        assert sources.detect(seed / "tables" / name) is None


@pytest.mark.parametrize("name", TABLE_FILES)
def test_committed_tables_are_byte_identical_to_seed(seed, name):
    committed = next(p for p in paper.package_files() if p.name == name)
    assert committed.read_bytes() == (seed / "tables" / name).read_bytes()


def test_vintage():
    for p in paper.package_files():
        assert parse_file(p).parsed.vintage == "2020-12"


def test_table1_as_printed(tables, text_lines):
    t1 = tables[tables.exhibit == "table1"]
    assert len(t1) == 12 * 3
    assert _cell(tables, "table1", "Haiti", "2019", "remittances_pct_gdp") == 37.1
    assert t1[t1.label == "Haiti"].iso3.unique().tolist() == ["HTI"]
    wide = t1.pivot(index=["row", "label"], columns="measure", values="value").reset_index()
    for r in wide.itertuples():
        printed = f"{r.label} {r.remittances_pct_gdp:g} {r.remittances_total:g} {r.remittances_from_canada:g}"
        assert printed in text_lines, printed


def test_table2_as_printed(tables, text_lines):
    t2 = tables[tables.exhibit == "table2"]
    claims = t2[t2.measure == "claims"]
    rank = t2[t2.measure == "rank"].set_index("row").value
    assert len(claims) == 100 and set(rank) == set(range(1, 26))
    periods = ["2017-04..2017-12", "2018", "2019", "2020-01..2020-03"]
    for k in range(1, 26):
        cells = claims[claims.row.map(rank) == k].set_index("period").loc[periods]
        printed = f"{k} " + " ".join(f"{c.label} {int(c.value):,}" for c in cells.itertuples())
        assert printed in text_lines, printed
    assert _cell(tables, "table2", "Haiti", "2017-04..2017-12", "claims") == 5_845
    assert set(claims[claims.label == "Stateless"].iso3) == {"XXA"}
    assert set(claims[claims.label == "U.S.A."].iso3) == {"USA"}
    totals = tables[tables.exhibit == "table2_totals"].set_index("period").value
    assert totals.isna().sum() == 0 and tables[tables.exhibit == "table2_totals"].iso3.isna().all()
    printed = ("Totals (Apr-Dec) {:,} (Jan-Dec) {:,} (Jan-Dec) {:,} (Jan-Mar) {:,}"
               .format(*(int(totals[p]) for p in periods)))
    assert printed in text_lines, printed
    # The top 25 are part of each period's total.
    assert (claims.groupby("period").value.sum() <= totals).all()


def test_table3_as_printed(tables, text_lines):
    t3 = tables[tables.exhibit == "table3"]
    assert set(t3.iso3) == {"MEX"} and len(t3) == 8 * 6
    order = ["referred", "accepted", "rejected", "acceptance_rate_pct_as_printed", "abandoned_withdrawn", "backlog"]
    wide = t3.pivot(index="period", columns="measure", values="value")[order]
    for period, row in wide.iterrows():
        head = "2020 (March)" if period == "2020-Q1" else period
        # The printed row: the period, then six numbers (the rate with a % sign).
        line = next(x for x in text_lines if re.fullmatch(re.escape(head) + r"( [\d.]+%?){6}", x))
        printed = [float(v.rstrip("%")) for v in line.removeprefix(head).split()]
        assert printed == row.tolist(), (period, line)
    assert _cell(tables, "table3", "Mexico", "2019", "acceptance_rate_pct_as_printed") == 36.5


def test_every_figure_is_quoted_from_the_text(figures, text):
    assert len(figures) >= 90 and figures.figure_id.is_unique
    missing = [r.figure_id for r in figures.itertuples() if " ".join(r.quote.split()) not in text]
    assert not missing
    for section in figures.section.unique():
        assert section in text, section


_WORDS = {"zero": 0, "one": 1, "two": 2, "twice": 2, "four": 4, "five": 5, "six": 6, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "thirty": 30, "seventy": 70}
# Ranks the text states in words without a number ("top country", "highest number", "top thee").
_IMPLIED = {"norm-canada-top-resettlement-country-2018", "asy-mexico-top-claims-2020", "asy-mexico-top3-since-2016"}


def test_every_value_is_a_number_in_its_quote(figures):
    wrong = []
    for r in figures.itertuples():
        if r.figure_id in _IMPLIED:
            continue
        nums = [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", r.quote)]
        nums += [v for w, v in _WORDS.items() if re.search(rf"\b{w}\b", r.quote, re.IGNORECASE)]
        scale = 1e6 if "million" in r.quote and r.unit == "persons" else 1
        if not any(abs(n * scale - r.value) < 1e-9 for n in nums):
            wrong.append((r.figure_id, r.value, r.quote))
    assert not wrong


def test_key_text_figures(figures):
    v = figures.set_index("figure_id").value
    assert v["stca-ineligible-2005-2019"] == 9_836
    assert v["stca-ineligible-avg-2005-2015"] == 730
    assert (v["stca-ineligible-2017"], v["stca-ineligible-2019"]) == (1_800, 700)
    assert v["asy-claims-2013-2020"] == 230_000
    assert v["intro-resettled-from-hemisphere-share"] == 1
    assert v["res-total-2015-2020"] == 154_820 and v["res-colombia-2015-2020"] == 945
    assert figures.set_index("figure_id").loc["res-colombia-2015-2020", "iso3"] == "COL"


def test_text_agrees_with_tables(figures, tables):
    v = figures.set_index("figure_id").value
    # "$1.24 billion USD ... from Canada to the region" = Table 1's From Canada column (USD million).
    from_canada = tables[(tables.exhibit == "table1") & (tables.measure == "remittances_from_canada")].value.sum()
    assert from_canada == v["sawp-remittances-canada-to-lac-2017"] * 1000 == 1_240
    # "Roughly 53,000 ... from the Spring of 2017 to March, 2020" vs Table 2's totals (53,270).
    roxham = tables[tables.exhibit == "table2_totals"].value.sum()
    assert roxham == 53_270 and abs(roxham - v["stca-roxham-claims-2017-2020"]) < 0.01 * roxham
    regions = v[["res-mena-2015-2020", "res-ssa-2015-2020", "res-asia-pacific-2015-2020",
                 "res-western-hemisphere-2015-2020"]].sum()
    assert regions <= v["res-total-2015-2020"]


def test_loads_into_the_warehouse_with_every_write(home, shared_data):
    hemigov.import_data([shared_data / "policy-timeline" / "timeline.csv"])
    got = hemigov.query("""SELECT value, iso3 FROM paper_tables WHERE dataset = 'paper.table1'
                           AND label = 'Haiti' AND measure = 'remittances_pct_gdp'""")
    assert got.values.tolist() == [[37.1, "HTI"]]
    ds = hemigov.query("SELECT dataset, origin, rows FROM datasets WHERE dataset LIKE 'paper.%' ORDER BY dataset")
    assert set(ds.origin) == {"package"} and len(ds) == 5
    assert dict(zip(ds.dataset, ds.rows, strict=True))["paper.table2"] == 200


def _package_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    d = tmp_path / "paper"
    d.mkdir(exist_ok=True)
    src = next(p for p in paper.package_files() if p.name == name)
    text = src.read_text(encoding="utf-8")
    assert old in text
    f = d / name
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    return f


def test_bad_input(tmp_path):
    f = _package_copy(tmp_path, "table1_remittances_2019.csv", "Haiti,", "Hayti,")
    with pytest.raises(InputError, match=r"table1_remittances_2019.csv: column 'country': .*'Hayti'"):
        parse_file(f)
    f = _package_copy(tmp_path, "paper_figures.csv", ",COL,", ",CO,")
    with pytest.raises(InputError, match=r"paper_figures.csv: column 'iso3': .*'CO'"):
        parse_file(f)
    f = _package_copy(tmp_path, "table3_mexico_irb_claims.csv", "2019,5634,", "2019,5 634,")
    with pytest.raises(InputError, match=r"row 8, column 'referred': not a number"):
        parse_file(f)
    # Outside a folder named 'paper' the same file is not a layout.
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(f, other / f.name)
    assert sources.detect(other / f.name) is None

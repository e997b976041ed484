"""Policy timeline (policy-timeline/timeline.csv) -> events."""

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
    return shared_data / "policy-timeline"


@pytest.fixture(scope="module")
def raw_rows(folder) -> list[dict]:
    with open(folder / "timeline.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def events(folder) -> pd.DataFrame:
    return parse_file(folder / "timeline.csv").frames["events"]


def _one(events: pd.DataFrame, title_part: str) -> pd.Series:
    hit = events[events.title.str.contains(title_part, regex=False)]
    assert len(hit) == 1, (title_part, hit.title.tolist())
    return hit.iloc[0]


def test_detection(folder):
    lay = sources.detect(folder / "timeline.csv")
    assert isinstance(lay, Layout) and lay.dataset == "timeline.events" and lay.adapter == "timeline"
    for other in ("PROVENANCE.md", "SHA256SUMS"):
        assert isinstance(sources.detect(folder / other), str)


def test_vintage_from_provenance(folder):
    # PROVENANCE.md: "Compiled 2026-11-24 ... Revised 2026-12-01": the revised file is the 2026-12 release.
    text = (folder / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "Compiled 2026-11-24" in text and "Revised 2026-12-01" in text
    assert parse_file(folder / "timeline.csv").parsed.vintage == "2026-12"


def test_one_event_per_data_row(events, raw_rows):
    # PROVENANCE.md (revised 2026-12-01): 247 rows.
    assert len(events) == len(raw_rows) == 247
    assert events.event_id.is_unique
    assert (events.kind.value_counts().to_dict()
            == pd.Series([r["kind"] for r in raw_rows]).value_counts().to_dict())


def test_date_precision_follows_the_written_date(events, raw_rows):
    by_len = pd.Series([len(r["date"]) for r in raw_rows]).map({10: "day", 7: "month", 4: "year"})
    assert events.date_precision.tolist() == by_len.tolist()
    assert events.date_precision.value_counts().to_dict() == {"day": 125, "year": 85, "month": 37}


def test_source_kind_kept_with_its_counts(events, raw_rows):
    # PROVENANCE.md: "161 official, 50 news, 9 research, 27 weak (all of them confidence=low)".
    assert events.source_kind.tolist() == [r["source_kind"] for r in raw_rows]
    assert events.source_kind.value_counts().to_dict() == {"official": 161, "news": 50, "weak": 27, "research": 9}
    assert (events.loc[events.source_kind == "weak", "confidence"] == "low").all()


def test_bad_source_kind_names_row_and_column(folder, tmp_path):
    f = _copy(folder, tmp_path, "00013-eng.htm,high,official", "00013-eng.htm,high,blog")
    with pytest.raises(InputError, match=r"row 4, column 'source_kind'.*'blog'"):
        parse_file(f)


def test_stca_additional_protocol_and_mexico_visa(events, raw_rows):
    written = {r["title"]: r["date"] for r in raw_rows}
    stca = _one(events, "STCA Additional Protocol in force")
    assert written[stca.title] == "2023-03-25"
    assert (stca.date, stca.date_precision, stca.topic, stca.kind) == (
        pd.Timestamp("2023-03-25"), "day", "stca", "event")
    visa = _one(events, "Mexico visa requirement takes effect")
    assert written[visa.title] == "2009-07-14"
    assert (visa.date, visa.date_precision, visa.topic) == (pd.Timestamp("2009-07-14"), "day", "visa")


def test_year_and_month_dates_are_first_day_of_period(events):
    sawp = _one(events, "Canada-Mexico SAWP MoU signed")
    assert (sawp.date, sawp.date_precision) == (pd.Timestamp("1974-01-01"), "year")
    threshold = _one(events, "Canada could reinstate Mexico visa if claims reach 3,500/yr")
    assert (threshold.date, threshold.date_precision) == (pd.Timestamp("2017-10-01"), "month")


def test_figures_keep_value_unit_and_source(events):
    claims = _one(events, "Asylum claimants in Canada, 2000 (StatCan/IRCC)")
    assert (claims.value, claims.unit, claims.confidence) == (37748, "claims", "high")
    assert claims.source_url.startswith("https://www150.statcan.gc.ca/")
    # Events carry no value; figures all do.
    assert events[events.kind == "event"].value.isna().all()
    assert events[events.kind == "figure"].value.notna().all()
    # Percentage changes are negative figures and stay negative.
    assert (events.value < 0).sum() == 2


def test_event_ids_are_stable_across_reads(folder, events):
    again = parse_file(folder / "timeline.csv").frames["events"]
    assert again.event_id.tolist() == events.event_id.tolist()
    assert all(i.startswith(d) for i, d in zip(events.event_id, events.date.dt.strftime("%Y"), strict=True))


def _copy(folder: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = (folder / "timeline.csv").read_text(encoding="utf-8")
    assert old in text
    f = tmp_path / "timeline.csv"
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    return f


def test_bad_date_names_row_and_column(folder, tmp_path):
    f = _copy(folder, tmp_path, "\n2023-03-25,event,", "\n2023-02-30,event,")
    with pytest.raises(InputError) as e:
        parse_file(f)
    msg = str(e.value)
    assert "timeline.csv" in msg and "column 'date'" in msg and "'2023-02-30'" in msg and "row " in msg


def test_bad_value_and_confidence(folder, tmp_path):
    f = _copy(folder, tmp_path, ",37748,claims,", ",about 37748,claims,")
    with pytest.raises(InputError, match=r"row 4, column 'value'.*about 37748"):
        parse_file(f)
    f = _copy(folder, tmp_path, "(StatCan/IRCC)\",37748,claims,https://www150.statcan.gc.ca/n1/pub/89-28-0001/"
              "2018001/article/00013-eng.htm,high", "(StatCan/IRCC)\",37748,claims,https://www150.statcan.gc.ca/"
              "n1/pub/89-28-0001/2018001/article/00013-eng.htm,certain")
    with pytest.raises(InputError, match="confidence.*'certain'"):
        parse_file(f)


def test_file_event_ids_are_kept_and_duplicates_rejected(folder, tmp_path):
    lines = (folder / "timeline.csv").read_text(encoding="utf-8").splitlines()
    f = tmp_path / "timeline.csv"
    f.write_text("\n".join(["event_id," + lines[0]] + [f"e{i}," + x for i, x in enumerate(lines[1:])]) + "\n")
    assert parse_file(f).frames["events"].event_id.iloc[:2].tolist() == ["e0", "e1"]
    f.write_text("\n".join(["event_id," + lines[0]] + ["same," + x for x in lines[1:3]]) + "\n")
    with pytest.raises(InputError, match="duplicate key.*event_id='same'"):
        parse_file(f)

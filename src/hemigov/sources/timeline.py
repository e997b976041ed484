"""Policy timeline: dated policy events and published figures on Canada and hemispheric migration, 1974–2026.

A curated CSV (``policy-timeline/timeline.csv``) compiled by hand from stored copies of public web pages;
each row carries the URL it was read from. Caveats (PROVENANCE.md):

* Dates are as precise as the source allowed: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``. They are stored as
  the first day of the period with ``date_precision`` = day | month | year: never read a year-precision
  row as 1 January.
* ``value``/``unit`` are filled for figures only. Counts from different sources measure different things
  (IRCC/CBSA claims received, IRB claims referred, UNHCR new applications, RCMP interceptions; R4V stocks
  vs UNHCR series); keep the source_url with the value. US fiscal years carry the bare year and say "FY"
  in the title. Some values are changes in percent and are negative.
* ``confidence``: high = official or mainstream page; medium = secondary, derived or disputed; low = weak.
* ``source_kind`` (since the 2026-12 revision, which re-sourced 84 rows): official, news, research or weak;
  readers see it beside every event.

The file has no identifier column, so ``event_id`` is a slug of the date and the start of the title,
stable as long as those are; a file that brings its own ``event_id`` column keeps it. Colliding ids are
rejected (duplicate key), never renumbered.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from hemigov.core.errors import InputError
from hemigov.sources.base import (
    Layout,
    Parsed,
    check_allowed,
    name_is,
    read_csv_strict,
    require_columns,
    slug,
    to_values,
    vintage_from_folders,
)

PUBLISHER = "hemigov policy timeline (compiled from public web pages)"
LICENCE = "Facts compiled from public sources; cite the source_url of each row"
CITATION = "hemigov policy timeline, compiled {vintage}; cite each row's source_url."
URL = "(each row's source_url)"  # compiled from many pages; no single address

# PROVENANCE.md: "Compiled 2026-11-24 ... Revised 2026-12-01". The folder name carries no date, so the
# release is fixed here: the revised file is the 2026-12 release.
VINTAGE = "2026-12"

COLUMNS = ["date", "kind", "actor", "topic", "title", "value", "unit", "source_url", "confidence", "source_kind"]
CONFIDENCE = ("high", "medium", "low")
SOURCE_KINDS = ("official", "news", "research", "weak")
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
#: how many characters of the title go into a generated event_id
SLUG_TITLE_CHARS = 64


def parse_dates(values: pd.Series, file: Path, column: str = "date") -> tuple[pd.Series, pd.Series]:
    """'2017' / '2017-02' / '2017-02-23' -> (first day of the period, precision year | month | day)."""
    days, precision = [], []
    for i, raw in enumerate(values.astype(str).str.strip()):
        m = _DATE.fullmatch(raw)
        try:
            if not m:
                raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
            y, mo, d = m.groups()
            days.append(date(int(y), int(mo or 1), int(d or 1)))
        except ValueError as e:
            raise InputError(file, f"row {i + 2}, column {column!r}", f"not a date: {raw!r} ({e})") from e
        precision.append("day" if d else "month" if mo else "year")
    return pd.Series(pd.to_datetime(days), index=values.index), pd.Series(precision, index=values.index)


def read_timeline(path: Path) -> Parsed:
    df = read_csv_strict(path, encoding="utf-8-sig")
    require_columns(df, COLUMNS, path)
    df = df.apply(lambda c: c.str.strip())
    day, precision = parse_dates(df["date"], path)
    check_allowed(df["confidence"], path, "confidence", CONFIDENCE)
    check_allowed(df["source_kind"], path, "source_kind", SOURCE_KINDS)
    if "event_id" in df.columns:
        event_id = df["event_id"]
    else:
        event_id = df["date"] + "-" + df["title"].map(lambda t: slug(t, SLUG_TITLE_CHARS))
    out = pd.DataFrame({
        "event_id": event_id, "date": day, "date_precision": precision, "kind": df["kind"],
        "actor": df["actor"], "topic": df["topic"], "title": df["title"],
        "value": to_values(df["value"], path, "value"), "unit": df["unit"], "source_url": df["source_url"],
        "confidence": df["confidence"], "source_kind": df["source_kind"],
    })
    # Empty text cells are "not given", not empty strings; NOT NULL columns then fail loudly in conform().
    out = out.replace({"": None})
    vintage = vintage_from_folders(path) or VINTAGE
    return Parsed(vintage, {"events": out}, "dates as precise as the source allowed (date_precision)")


LAYOUTS = [
    Layout(dataset="timeline.events", publisher=PUBLISHER, title="Policy timeline: events and figures",
           licence=LICENCE, citation=CITATION, source_url=URL, match=name_is("timeline.csv"), read=read_timeline),
]

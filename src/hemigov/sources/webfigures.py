"""Figures transcribed by hand from stored (crawled) copies of public web pages (``web-page-figures``).

Used as cited facts where no data file was found: asylum totals (IRCC, IRB), Canadian mining assets
(NRCan) and farm workers (Mexican government, Statistics Canada). Caveats (PROVENANCE.md):

* The crawl date of each page copy is unknown; IRCC and IRB pages are revised as data are revised.
* ``source_type``: ``official`` (the publishing body's own page), ``official (Mexico)``, ``official (mirror)``
  (a government text found only on another server), ``secondary`` (news or third-party summary): prefer
  the official figure where both exist. Notes hold qualifiers (persons vs jobs, preliminary vs revised).
* NRCan mining assets are in Canadian dollars (billions), preliminary for the latest year.
* One row holds a whole series: ``value`` "33426;31872;...", ``period`` "2002-2021 (in order)" (IRCC
  asylum intake by year, CIMM 29 Nov 2022). It is split into one row per year, each noting its position.

``figure_id`` is a slug of topic, figure and period (plus the year for a split series).
"""

from __future__ import annotations

import re
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

PUBLISHER = "hemigov web-page figures (transcribed from public web pages)"
LICENCE = "Facts transcribed from public pages; cite the url of each row"
CITATION = "hemigov web-page figures ({vintage}); cite each row's url and publisher."
URL = "(each row's url)"  # transcribed from many pages; no single address

# PROVENANCE.md gives no compilation date and says the crawl dates are unknown. The newest page it cites
# is NRCan's bulletin "published January 2026", so only the year of transcription is known.
VINTAGE = "2026"

COLUMNS = ["topic", "figure", "value", "unit", "period", "source_title", "publisher", "url", "source_type", "note"]
SOURCE_TYPES = ("official", "official (Mexico)", "official (mirror)", "secondary")
_SERIES_PERIOD = re.compile(r"(\d{4})-(\d{4}) \(in order\)")


def _split_series(row: pd.Series, pos: int, path: Path) -> list[dict]:
    """A row whose value is 'a;b;c' with period 'YYYY-YYYY (in order)' -> one row per year."""
    m = _SERIES_PERIOD.fullmatch(row["period"])
    parts = [v.strip() for v in row["value"].split(";")]
    if not m or int(m.group(2)) - int(m.group(1)) + 1 != len(parts):
        raise InputError(path, f"row {pos + 2}, column 'value'",
                         f"{len(parts)} values separated by ';' need a period 'YYYY-YYYY (in order)' spanning "
                         f"as many years; period is {row['period']!r}")
    first = int(m.group(1))
    out = []
    for k, v in enumerate(parts):
        note = f"Value {k + 1} of {len(parts)} of a series printed for {row['period']}. {row['note']}".strip()
        out.append({**row.to_dict(), "value": v, "period": str(first + k), "note": note, "_row": pos})
    return out


def _rows(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    rows: list[dict] = []
    for pos, (_, row) in enumerate(df.iterrows()):
        if ";" in row["value"]:
            rows.extend(_split_series(row, pos, path))
        else:
            rows.append({**row.to_dict(), "_row": pos})
    return pd.DataFrame(rows, columns=[*df.columns, "_row"])


def read_figures(path: Path) -> Parsed:
    df = read_csv_strict(path, encoding="utf-8-sig")
    require_columns(df, COLUMNS, path)
    df = df[COLUMNS].apply(lambda c: c.str.strip())
    check_allowed(df["source_type"], path, "source_type", SOURCE_TYPES)
    long = _rows(df, path)
    long["value"] = to_values(long["value"], path, "value", rows=[int(r) + 2 for r in long["_row"]])
    long["figure_id"] = [slug(f"{t} {f} {p}") for t, f, p in zip(long.topic, long.figure, long.period, strict=True)]
    out = long[["figure_id", *COLUMNS]].replace({"": None})
    return Parsed(vintage_from_folders(path) or VINTAGE, {"web_figures": out},
                  "crawl dates of the page copies unknown; pages may since have been revised")


LAYOUTS = [
    Layout(dataset="webfigures.figures", publisher=PUBLISHER, title="Figures transcribed from public web pages",
           licence=LICENCE, citation=CITATION, source_url=URL, match=name_is("figures.csv"), read=read_figures),
]

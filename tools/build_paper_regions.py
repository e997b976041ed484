"""Regenerate the paper's region-scheme rows (``PAPER_*``) of ``groupings.csv`` from ``countries.csv``.

Run by a maintainer after ``countries.csv`` changes:  python tools/build_paper_regions.py

The paper groups countries IRCC-style into five regions; ``countries.csv`` carries them in its
``paper_region`` column (see ``tools/build_countries.py``). This script writes one ``member`` row per
country and region, replacing any previous ``PAPER_*`` rows, keeps every hand-reviewed row of the other
groupings exactly as it is, and sorts the file so that changes show up as a readable git diff.
``tests/test_geo.py`` checks that the two files agree.

Conventions of ``groupings.csv`` (all groupings): ``start_year`` is the year a status began and
``end_year`` the year it ended (inclusive; empty = still in force). A country's successive statuses
(e.g. member, then suspended) are separate rows. An empty year whose note says "unverified" means the
year could not be checked against a source; it is not a claim that the status has no start or end.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "src" / "hemigov" / "data"
COLUMNS = ["grouping", "iso3", "role", "start_year", "end_year", "note", "source_url"]

# grouping code -> value of countries.csv paper_region
PAPER_GROUPINGS = {
    "PAPER_WESTERN_HEMISPHERE": "Western hemisphere",
    "PAPER_MENA": "Middle East and North Africa",
    "PAPER_SSA": "Sub-Saharan Africa",
    "PAPER_ASIA_PACIFIC": "Asia-Pacific",
    "PAPER_EUROPE": "Europe",
}
NOTE = "derived from countries.csv paper_region (UNHCR regional bureaux; the paper's own lists are not published)"
SOURCE = "https://www.unhcr.org/refugee-statistics/"


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def paper_rows(countries: pd.DataFrame) -> pd.DataFrame:
    unknown = set(countries.paper_region) - set(PAPER_GROUPINGS.values()) - {""}
    if unknown:
        raise SystemExit(f"countries.csv has paper_region values with no grouping: {sorted(unknown)}")
    code = {region: g for g, region in PAPER_GROUPINGS.items()}
    sub = countries[countries.paper_region != ""]
    return pd.DataFrame({"grouping": sub.paper_region.map(code), "iso3": sub.iso3, "role": "member",
                         "start_year": "", "end_year": "", "note": NOTE, "source_url": SOURCE})


def sort_rows(df: pd.DataFrame) -> pd.DataFrame:
    start = pd.to_numeric(df.start_year.replace("", None)).fillna(-1)
    return (df.assign(_start=start).sort_values(["grouping", "iso3", "_start", "role"], kind="stable")
            .drop(columns="_start").reset_index(drop=True))


def main() -> None:
    path = DATA / "groupings.csv"
    kept = _read(path)[COLUMNS]
    kept = kept[~kept.grouping.isin(PAPER_GROUPINGS)]
    out = sort_rows(pd.concat([kept, paper_rows(_read(DATA / "countries.csv"))], ignore_index=True))
    out.to_csv(path, index=False, lineterminator="\n")
    print(f"{len(out)} grouping rows ({len(out) - len(kept)} from the paper's regions)")


if __name__ == "__main__":
    main()

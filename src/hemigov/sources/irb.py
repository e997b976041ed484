"""Immigration and Refugee Board of Canada (IRB): claims by irregular border crossers and RAD appeals.

Both files are the HAVEN Asylum Lab's cleaned tables (``lifers/STCA-dataset``), built from Internet Archive
captures of IRB pages:

- ``irregular_claims.csv``: "Refugee Protection Claims Made by Irregular Border Crossers, Top 10 Countries of
  Alleged Persecution", 19 snapshots (Sep 2018 - Mar 2024, some quarters missing). Figures are CUMULATIVE
  from February 2017 to the end of the period, not per quarter: never add snapshots. The top-10 list changes
  between snapshots; "Other Countries" is kept as '(other)' and "Total (all countries)" as '(all)'. ``NA``
  cells (blank or "--" on the page) load as NULL; the table has no suppression flag.
- ``rad_appeals.csv``: Refugee Appeal Division appeals by country of alleged persecution and outcome, 2017-2023.
  ``NA`` = "--" on the page (1-4, suppressed). "Total" is '(all)'. The ``merit`` column only restates the
  outcome's group (merit_* / nonmerit_*) and is not loaded. PROVENANCE.md warns that a few 2023 country rows
  look truncated (e.g. Mexico 2023 total_finalized = 2).

Country names map through the reviewed alias table ``aliases/irb.csv`` (exact spellings). Rows for
"(Blank)" (no country recorded) are dropped, and only while every one of their cells is suppressed, so no
published number is lost silently.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from hemigov import geo
from hemigov.core.errors import InputError
from hemigov.sources.base import (
    Ignored,
    Layout,
    Parsed,
    name_is,
    read_csv_strict,
    require_columns,
    to_count,
    vintage_from_folders,
)

PUBLISHER = "Immigration and Refugee Board of Canada (IRB)"
LICENCE = "Open Government Licence - Canada (canada.ca terms and conditions)"
CITATION = ("Immigration and Refugee Board of Canada, statistics pages (irb-cisr.gc.ca), captured {vintage}; "
            "tables as cleaned by HAVEN: the Asylum Lab, STCA-dataset (doi:10.5683/SP3/WBSFPE).")
URL = "https://irb-cisr.gc.ca/en/statistics/Pages/index.aspx"

# PROVENANCE.md: irregular_claims.csv is built from "19 captures Jan 2019 – May 2024" and the RAD pages were
# "captured 2024-05-22". The files carry no date of their own, so May 2024 is the release for these layouts.
VINTAGE = "2024-05"

PLACEHOLDERS = {"Total (all countries)": "(all)", "Total": "(all)", "Other Countries": "(other)"}
# Reviewed non-mappable rows: dropped only when all their cells are suppressed (see module docstring).
DROPPED = ("(Blank)",)

MEASURES = {"intake": "intake", "accepted": "accepted", "rejected": "rejected", "abandoned": "abandoned",
            "withdrawn other": "withdrawn_other", "total": "total_finalized",
            "pending at the end of period": "pending"}
OUTCOMES = ("filed", "nonmerit_dismiss_jurisdiction", "nonmerit_dismiss_imperfect", "nonmerit_dismiss_other",
            "merit_dismiss_confirm", "merit_allow_referback", "merit_allow_substitute", "total_finalized",
            "pending")
FIRST_QUARTER = (2017, 1)  # counting starts in February 2017, the first quarter of 2017 is number 1


def _vintage(path: Path) -> str:
    return vintage_from_folders(path) or VINTAGE


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    df = read_csv_strict(path)
    require_columns(df, columns, path)
    if df.empty:
        raise InputError(path, None, "no data rows")
    return df


def _unmappable(df: pd.DataFrame, counts: list[str], path: Path) -> pd.Series:
    """Mask of the reviewed rows without a country code, refusing if any of them holds a number."""
    drop = df["country"].str.strip().isin(DROPPED)
    held = drop & df[counts].ne("NA").any(axis=1)
    if held.any():
        i = int(held.to_numpy().argmax())
        raise InputError(path, f"row {i + 2}", f"{df['country'].iloc[i]!r} has a published count but no code in "
                         "the country table; add it there and to aliases/irb.csv")
    return drop


def _countries(names: pd.Series, path: Path, skip: pd.Series) -> pd.Series:
    """ISO3 or placeholder per row; NULL for the ``skip`` rows, which the caller drops."""
    # The scrape left a zero-width space after one name ("Denmark\u200b"); it is not part of the spelling.
    clean = names.str.replace("\u200b", "", regex=False).str.strip()
    out = clean.map(PLACEHOLDERS).astype("string")
    todo = out.isna() & ~skip
    out[todo] = geo.names_to_iso3(clean[todo], "irb", file=path, column="country")
    geo.check_codes(out[~skip], file=str(path), column="country")
    return out


def _period_end(df: pd.DataFrame, path: Path) -> pd.Series:
    """End date of each snapshot ('2018 September ' -> 2018-09-30), checked against year and quarter count."""
    when = pd.to_datetime(df["quarter_name"].str.strip(), format="%Y %B", errors="coerce")
    if when.isna().any():
        i = int(when.isna().to_numpy().argmax())
        raise InputError(path, f"row {i + 2}, column 'quarter_name'",
                         f"not 'YYYY Month': {df['quarter_name'].iloc[i]!r}")
    year, _ = to_count(df["year"], path, "year")
    quarters, _ = to_count(df["number of quarters represented"], path, "number of quarters represented")
    expected = (when.dt.year - FIRST_QUARTER[0]) * 4 + (when.dt.month - 1) // 3 + FIRST_QUARTER[1]
    bad = (year != when.dt.year) | (quarters != expected) | (when.dt.month % 3 != 0)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise InputError(path, f"row {i + 2}", f"period {df['quarter_name'].iloc[i]!r} does not match year "
                         f"{df['year'].iloc[i]!r} and quarter count {df['number of quarters represented'].iloc[i]!r}")
    return (when + pd.offsets.MonthEnd(0)).dt.normalize()


def read_irregular(path: Path) -> Parsed:
    df = _read(path, ["quarter_name", "year", "number of quarters represented", "country", *MEASURES])
    skip = _unmappable(df, list(MEASURES), path)
    ids = {"period_end": _period_end(df, path), "country_iso3": _countries(df["country"], path, skip)}
    parts = []
    for col, measure in MEASURES.items():
        # NA: blank or "--" on the IRB page; the table has no suppression flag, so it loads as NULL.
        persons, _ = to_count(df[col], path, col, suppressed_marks=("NA",))
        parts.append(pd.DataFrame({**ids, "measure": measure, "persons": persons})[~skip])
    out = pd.concat(parts, ignore_index=True)
    note = ("CUMULATIVE from February 2017 to period_end; top-10 countries vary by snapshot; "
            f"'(other)' = Other Countries, '(all)' = Total (all countries); NA -> NULL; {int(skip.sum())} rows dropped")
    return Parsed(_vintage(path), {"irb_irregular_claims": out}, note)


def read_rad(path: Path) -> Parsed:
    df = _read(path, ["year", "country", "outcome", "count"])
    skip = _unmappable(df, ["count"], path)
    bad = ~df["outcome"].isin(OUTCOMES)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise InputError(path, f"row {i + 2}, column 'outcome'", f"unexpected outcome {df['outcome'].iloc[i]!r}")
    year, _ = to_count(df["year"], path, "year")
    persons, suppressed = to_count(df["count"], path, "count", suppressed_marks=("NA",))
    out = pd.DataFrame({"year": year, "country_iso3": _countries(df["country"], path, skip), "outcome": df["outcome"],
                        "persons": persons, "suppressed": suppressed})[~skip]
    note = (f"'(all)' = Total; NA = '--' on the page (1-4), suppressed; {int(skip.sum())} rows dropped "
            "((Blank): all suppressed); some 2023 country rows look truncated")
    return Parsed(_vintage(path), {"irb_rad_appeals": out.reset_index(drop=True)}, note)


def _layout(dataset: str, title: str, file: str, reader) -> Layout:
    return Layout(dataset=f"irb.{dataset}", publisher=PUBLISHER, title=title, licence=LICENCE, citation=CITATION,
                  source_url=URL, match=name_is(file), read=reader)


LAYOUTS = [
    _layout("irregular_claims", "IRB claims by irregular border crossers, top 10 countries (cumulative)",
            "irregular_claims.csv", read_irregular),
    _layout("rad_appeals", "IRB Refugee Appeal Division appeals by country of alleged persecution",
            "rad_appeals.csv", read_rad),
]

IGNORED = [
    Ignored(name_is("irregular_claims_metadata.csv"), "metadata of irregular_claims.csv (column descriptions by the "
            "STCA-dataset authors; caveats folded into the irb adapter)"),
    Ignored(name_is("rad_appeals_metadata.csv"), "metadata of rad_appeals.csv (column descriptions by the "
            "STCA-dataset authors; caveats folded into the irb adapter)"),
]

"""canada.ca "Asylum claims by year – 2017 … 2023" tables: RCMP interceptions, CBSA and IRCC claims by office.

The IRCC web pages publish, per year and month, the RCMP's interceptions of asylum seekers between ports of
entry (exact counts) and the claims processed by the CBSA (air / land / marine ports of entry, inland
offices) and by IRCC inland offices, by province. The files are the cleaned tables of the HAVEN Asylum Lab's
``lifers/STCA-dataset`` (saved from the Internet Archive; page "Date modified: 2024-04-22"), plus
``official_monthly_totals_2017_2023.csv``, the four printed total rows extracted by this project.

Caveats kept in the data:

- CBSA and IRCC counts are rounded to multiples of 5; ``NA`` in the cleaned files is "--" on the page
  (1-4, suppressed): ``persons`` NULL with ``suppressed`` TRUE. Rounded cells need not add up to totals.
- RCMP interceptions are also counted in the CBSA or IRCC figures once a claim is made: never add them.
- The archived 2018 page prints Saskatchewan 2018 = 0,0,0,0,0,0,1,2,0,1,0,0 (identical to its 2019 row) yet
  a national total of 19,419, so the province rows sum to 19,423 (PROVENANCE.md). Both are kept as printed:
  the rows in ``rcmp_interceptions``, the total in ``canada_claims_official_totals``.

``canada_claims_by_office`` holds every printed monthly cell of the office tables; ``office`` says which
table it comes from and ``province`` is '(all)' for the table's printed "Total - ..." row:

=========  =================  =====================================================================
agency     office             meaning
=========  =================  =====================================================================
CBSA       air, land, marine  claims at CBSA ports of entry of that kind (leaves)
CBSA       inland             claims at CBSA inland offices (leaf)
CBSA       all_entry          printed sum air + land + marine (a total: do not add to the leaves)
CBSA       total              printed CBSA total, all_entry + inland (national only, cbsa_total.csv)
IRCC       ircc               claims at IRCC inland offices (leaf)
CBSA+IRCC  cbsa_plus_ircc     printed CBSA + IRCC total
=========  =================  =====================================================================

So the leaves are office in (air, land, marine, inland, ircc) with a province other than '(all)'.
``cbsa_total.csv`` repeats the national rows of the air/land/marine/all-ports/inland tables (identical,
checked in the tests); only its CBSA total row is new, so only that row is loaded from it.
The tables' annual ``total`` column does not fit ``canada_claims_by_office`` (month is required) and is not
loaded; the annual totals of the four headline series are in ``canada_claims_official_totals``
(month NULL = annual total as published).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

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

PUBLISHER = "Immigration, Refugees and Citizenship Canada (IRCC), with CBSA and RCMP figures"
LICENCE = "Open Government Licence - Canada (canada.ca terms and conditions)"
CITATION = ("IRCC, 'Asylum claims by year - 2017 ... 2023' (canada.ca), release {vintage}; tables as cleaned by "
            "HAVEN: the Asylum Lab, STCA-dataset (doi:10.5683/SP3/WBSFPE).")
URL = "https://www.canada.ca/en/immigration-refugees-citizenship/services/refugees/asylum-claims.html"

# PROVENANCE.md: the pages were saved from the Internet Archive on 2024-05-22, 'page "Date modified:
# 2024-04-22"'. The files carry no date of their own, so the page date is the release, fixed for these layouts.
VINTAGE = "2024-04"

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
SHORT_MONTHS = tuple(m[:3] for m in MONTHS)

PROVINCES = ("Newfoundland and Labrador", "Prince Edward Island", "Nova Scotia", "New Brunswick", "Quebec",
             "Ontario", "Manitoba", "Saskatchewan", "Alberta", "British Columbia", "Yukon", "Northwest Territories",
             "Nunavut")
OUTSIDE = "Outside Canada"  # a row of the IRCC and CBSA + IRCC tables, kept as printed
ALL = "(all)"

# One entry per province-by-month office table: file -> (agency, office, printed total row label).
OFFICE_FILES = {
    "cbsa_air_entry.csv": ("CBSA", "air", "Total - Air Ports of Entry"),
    "cbsa_land_entry.csv": ("CBSA", "land", "Total - Land Ports of Entry"),
    "cbsa_marine_entry.csv": ("CBSA", "marine", "Total - Marine Ports of Entry"),
    "cbsa_all_entry.csv": ("CBSA", "all_entry", "Total - Ports of Entry"),
    "cbsa_inland_office.csv": ("CBSA", "inland", "Total - Inland Offices"),
    "ircc_processed.csv": ("IRCC", "ircc", "Total - IRCC"),
    "cbsa_plus_ircc.csv": ("CBSA+IRCC", "cbsa_plus_ircc", "Total - CBSA & IRCC"),
}

# cbsa_total.csv rows (national, by office type). All but the last repeat the printed total rows of the
# per-office files above and are not loaded again.
CBSA_TOTAL_ROWS = {
    "Air Ports of Entry": None,
    "Land Ports of Entry": None,
    "Marine Ports of Entry": None,
    "All Ports of Entry (Air, Land and Marine)": None,
    "Inland Offices": None,
    "Total - CBSA Land, Air and Marine port of entry and Inland Offices": "total",
}

OFFICIAL_SERIES = ("rcmp_interceptions_total", "cbsa_processed_total", "ircc_processed_total",
                   "cbsa_and_ircc_processed_total")

SUPPRESSED = ("NA",)  # the cleaned files' spelling of the page's "--"


def _vintage(path: Path) -> str:
    return vintage_from_folders(path) or VINTAGE


def _read(path: Path, columns: list[str] | tuple[str, ...]) -> pd.DataFrame:
    df = read_csv_strict(path)
    require_columns(df, columns, path)
    if df.empty:
        raise InputError(path, None, "no data rows")
    return df


def _years(df: pd.DataFrame, path: Path) -> pd.Series:
    years, _ = to_count(df["year"], path, "year")
    if years.isna().any():
        raise InputError(path, f"row {int(years.isna().to_numpy().argmax()) + 2}, column 'year'", "empty year")
    return years


def _labels(values: pd.Series, allowed: dict[str, str], path: Path, column: str) -> pd.Series:
    """Map printed row labels through a reviewed table; anything else is an error, never a guess."""
    out = values.str.strip().map(allowed)
    if out.isna().any():
        i = int(out.isna().to_numpy().argmax())
        raise InputError(path, f"row {i + 2}, column {column!r}", f"unexpected label {values.iloc[i]!r} "
                         f"(expected one of: {', '.join(repr(k) for k in allowed)})")
    return out


def _monthly(df: pd.DataFrame, path: Path, month_cols: tuple[str, ...], ids: dict[str, pd.Series],
             marks: tuple[str, ...] = ()) -> pd.DataFrame:
    """Wide month columns -> one record per row and month. Counts are parsed on the wide frame so an
    error names the file's own row and column."""
    parts = []
    for m, col in enumerate(month_cols, start=1):
        persons, suppressed = to_count(df[col], path, col, suppressed_marks=marks)
        parts.append(pd.DataFrame({**ids, "month": m, "persons": persons, "suppressed": suppressed}))
    return pd.concat(parts, ignore_index=True)


def read_office(path: Path) -> Parsed:
    agency, office, total_label = OFFICE_FILES[path.name.lower()]
    df = _read(path, ["year", "prov_territory", *MONTHS, "total"])
    labels = {p: p for p in (*PROVINCES, OUTSIDE)} | {total_label: ALL}
    ids = {"year": _years(df, path), "agency": agency, "office": office,
           "province": _labels(df["prov_territory"], labels, path, "prov_territory")}
    out = _monthly(df, path, MONTHS, ids, SUPPRESSED)
    to_count(df["total"], path, "total", suppressed_marks=SUPPRESSED)  # checked though not loaded
    cols = ["year", "month", "agency", "office", "province", "persons", "suppressed"]
    note = (f"office {office!r} ({agency}); province '(all)' = printed row {total_label!r}; rounded to 5, "
            f"suppressed = '--' (1-4); annual 'total' column not loaded")
    return Parsed(_vintage(path), {"canada_claims_by_office": out[cols]}, note)


def read_cbsa_total(path: Path) -> Parsed:
    df = _read(path, ["year", "cbsa_office", *MONTHS, "total"])
    office = _labels(df["cbsa_office"], {k: (v or "") for k, v in CBSA_TOTAL_ROWS.items()}, path, "cbsa_office")
    ids = {"year": _years(df, path), "agency": "CBSA", "office": office, "province": ALL}
    # Parse every row (so errors name the file's rows), then keep only the rows not loaded elsewhere.
    out = _monthly(df, path, MONTHS, ids, SUPPRESSED)
    to_count(df["total"], path, "total", suppressed_marks=SUPPRESSED)  # checked though not loaded
    out = out[out.office != ""]
    cols = ["year", "month", "agency", "office", "province", "persons", "suppressed"]
    note = ("only the CBSA total row is loaded (office 'total'); the air/land/marine/all-ports/inland rows "
            "repeat the printed total rows of cbsa_*_entry.csv and cbsa_inland_office.csv")
    return Parsed(_vintage(path), {"canada_claims_by_office": out[cols]}, note)


def read_rcmp(path: Path) -> Parsed:
    df = _read(path, ["year", "province", *MONTHS])
    ids = {"year": _years(df, path),
           "province": _labels(df["province"], {p: p for p in PROVINCES}, path, "province")}
    # Exact counts: no suppression mark is legitimate here, so "NA" or "--" is an error.
    out = _monthly(df, path, MONTHS, ids)
    note = ("RCMP interceptions between ports of entry, exact counts; also counted in CBSA/IRCC claims. "
            "Provinces with no row had no interception printed that year.")
    return Parsed(_vintage(path), {"rcmp_interceptions": out[["year", "month", "province", "persons"]]}, note)


def read_official_totals(path: Path) -> Parsed:
    df = _read(path, ["year", "series", *SHORT_MONTHS, "annual_total_as_published"])
    series = _labels(df["series"], {s: s for s in OFFICIAL_SERIES}, path, "series")
    years = _years(df, path)
    monthly = _monthly(df, path, SHORT_MONTHS, {"year": years, "series": series})
    annual, _ = to_count(df["annual_total_as_published"], path, "annual_total_as_published")
    yearly = pd.DataFrame({"year": years, "series": series, "month": pd.NA, "persons": annual})
    out = pd.concat([monthly.drop(columns="suppressed"), yearly], ignore_index=True)
    out["month"] = out["month"].astype("Int64")
    note = ("the four printed total rows of the canada.ca pages, monthly and annual (month NULL) as published; "
            "RCMP 2018 annual 19,419 as printed (province rows sum to 19,423)")
    return Parsed(_vintage(path), {"canada_claims_official_totals": out[["year", "month", "series", "persons"]]},
                  note)


def _layout(dataset: str, title: str, files: tuple[str, ...], reader) -> Layout:
    return Layout(dataset=f"canada_web.{dataset}", publisher=PUBLISHER, title=title, licence=LICENCE,
                  citation=CITATION, source_url=URL, match=name_is(*files), read=reader)


LAYOUTS = [
    *(_layout(Path(f).stem, f"canada.ca asylum claims processed by {agency} ({office}), by province and month",
              (f,), read_office) for f, (agency, office, _) in OFFICE_FILES.items()),
    _layout("cbsa_total", "canada.ca asylum claims processed by CBSA, by office type and month",
            ("cbsa_total.csv",), read_cbsa_total),
    _layout("rcmp_interceptions", "canada.ca RCMP interceptions between ports of entry, by province and month",
            ("rcmp_interceptions.csv",), read_rcmp),
    _layout("official_totals", "canada.ca asylum claims: printed total rows (RCMP, CBSA, IRCC, CBSA & IRCC)",
            ("official_monthly_totals_2017_2023.csv",), read_official_totals),
]

_DATA_STEMS = [Path(f).stem for f in (*OFFICE_FILES, "cbsa_total.csv", "rcmp_interceptions.csv")]

IGNORED = [
    *(Ignored(name_is(f"{stem}_metadata.csv"), f"metadata of {stem}.csv (column descriptions by the "
              "STCA-dataset authors; caveats folded into the canada_web adapter)") for stem in _DATA_STEMS),
    Ignored(name_is("ircc_metadata.csv"), "metadata of the canada.ca asylum-claims tables (descriptions by the "
            "STCA-dataset authors; caveats folded into the canada_web adapter)"),
]

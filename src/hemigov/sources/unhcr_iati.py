"""UNHCR's IATI publication (publisher ``XM-DAC-41121``): who gave UNHCR how much, earmarked to what, by programme
year. The yearly IATI activity files, flattened by UNHCR's Americas bureau (R package ``iati``) into one workbook per
IATI element; each year folder ``YYYY/`` holds two of them:

* ``iati_activity.xlsx`` -> ``funding_activities``: one row per activity, with a header row of IATI element names.
  ``iati_identifier`` is hierarchical: ``XM-DAC-41121-2019`` (UNHCR as a whole), ``...-2019-AME`` (UNHCR's bureau for
  the Americas), ``...-2019-AME-COL`` (the Colombia operation), ``...-2019-AME-RB`` (the bureau itself; also ``RA``
  regional activities, ``OO`` other operations, ``XAM``-style regional codes), ``...-2019-HQ`` / ``GLOBALPROG`` /
  ``JPO`` (UNHCR-wide programmes). The bureau codes change in 2020: ``AFR`` (Africa) splits into ``EHGL``, ``SA``
  (``SAO`` for the bureau itself) and ``WCA``. ``earmarking`` is read from the identifier (``unearmarked``: the
  UNHCR-wide activity; ``global``: UNHCR-wide programmes, which are neither unearmarked nor any region's;
  ``regional``; ``country``: an activity with an IATI recipient country); ``region`` is UNHCR's own bureau name for
  the code. Codes outside the reviewed lists below are an error, not a guess.
* ``iati_transaction.xlsx`` -> ``funding_transactions``: one row per transaction, stored with its sheet row. Only
  transaction type 11 (Incoming Commitment: a donor's contribution as UNHCR records it) is stored. Types 3
  (Disbursement) and 4 (Expenditure) are UNHCR's own outgoing money to partners: they name no donor and leave
  ``transaction_value_USD`` empty (the amount, in USD, is in ``transaction_value``); they are counted in the notes,
  not stored. Every activity a transaction names must be in the activity workbook beside it.

No cell is rounded or suppressed: amounts are as UNHCR recorded them (``value`` in the original ``currency``,
``usd`` as UNHCR converted it). Donors keep UNHCR's spelling in ``provider_org`` (it changes over time: Canada is
"Government of Canada" and "Canada - Global Affairs Canada | Affaires mondiales Canada"). States and territories
map to ISO3 through the reviewed ``aliases/unhcr_iati.csv`` (ministries and agencies included: JICA -> JPN);
every other donor is classified in the reviewed ``donors_unhcr_iati.csv`` (EU institutions, UN bodies, pooled funds,
development banks, intergovernmental bodies, private donors; Jersey and Guernsey are governments without a code in
the country table). A name in neither table is an error listing every unmapped name with its count. The
transaction's IATI earmarking category (aid type vocabulary 2) is kept as ``earmarking_category``; it need not
agree with the activity's level (the UNHCR-wide activity also receives softly earmarked money).

The programme year is the folder's year and must match every identifier in the file; the vintage is the date the
workbook was written (its ``docProps/core.xml`` creation date), since the files carry no release date of their own.
"""

from __future__ import annotations

import re
import zipfile
from functools import cache
from pathlib import Path

import pandas as pd

from hemigov import geo
from hemigov.core.errors import InputError
from hemigov.core.paths import PACKAGE_DATA
from hemigov.sources.base import Layout, Parsed, original, require_columns
from hemigov.sources.ircc import _sheet as _rows  # one calamine sheet reader; a candidate for base.py

PUBLISHER = "UNHCR, the UN Refugee Agency (IATI publisher XM-DAC-41121)"
LICENCE = "CC BY 4.0"
CITATION = "UNHCR ({year}), IATI activity file, via unhcr-americas/iati (workbook of {vintage})."
URL = ("https://github.com/unhcr-americas/iati/blob/a7c41dbe169644602364eabff38f8a837e306930/data-raw/unhcr_{year}/"
       "{file}")
PREFIX = "XM-DAC-41121"
#: Programme years published in the shared folder (one dataset per year and file).
YEARS = tuple(range(2016, 2024))
SCHEME = "unhcr_iati"

#: UNHCR bureau codes in the identifiers -> UNHCR's bureau names (reviewed against the activity titles).
REGIONS = {
    "AFR": "Africa", "AME": "The Americas", "ASO": "Asia and the Pacific", "EUR": "Europe",
    "MENA": "Middle East and North Africa", "EHGL": "East and Horn of Africa and the Great Lakes",
    "SA": "Southern Africa", "SAO": "Southern Africa", "WCA": "West and Central Africa",
}
#: UNHCR-wide programmes: earmarked, but to no region.
GLOBAL = {"GLOBALPROG": "Global Programmes", "HQ": "Headquarters", "JPO": "Junior Professional Officers Scheme"}
TRANSACTION_TYPES = {"11": "incoming_commitment", "3": "disbursement", "4": "expenditure"}
#: IATI aid type vocabulary 2 (earmarking category).
EARMARKING_CATEGORY = {"1": "unearmarked", "2": "softly_earmarked", "3": "earmarked", "4": "tightly_earmarked"}

ACTIVITY_COLUMNS = ["iati_identifier", "title_eng", "activity_scope_code", "recipient_country_code"]
TRANSACTION_COLUMNS = ["iati_identifier", "transaction_ref", "transaction_type_code", "transaction_date",
                       "transaction_value_currency", "transaction_value", "transaction_description",
                       "transaction_provider_org_type", "transaction_provider_org_ref", "transaction_provider_org",
                       "transaction_aid_type_code_1", "transaction_aid_type_code_2", "transaction_value_USD"]


def _sheet(path: Path, columns: list[str]) -> pd.DataFrame:
    """The workbook's only sheet as text, its first row the header."""
    rows = _rows(path)
    if len(rows) < 2:
        raise InputError(path, None, "no data rows")
    df = pd.DataFrame(rows[1:], columns=rows[0])
    require_columns(df, columns, path, "row 1")
    return df


def _year(path: Path) -> int:
    folder = original(path).parent.name  # the folder the user's file is in, not the staged copy's
    if not re.fullmatch(r"\d{4}", folder):
        raise InputError(path, None, "not in a programme-year folder (YYYY/)")
    return int(folder)


def _vintage(path: Path) -> str:
    """The workbook's creation date (docProps/core.xml), YYYY-MM."""
    try:
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError) as e:
        raise InputError(path, "docProps/core.xml", f"cannot read the workbook's creation date ({e})") from e
    m = re.search(r"<dcterms:created[^>]*>(\d{4}-\d{2})", core)
    if not m:
        raise InputError(path, "docProps/core.xml", "no creation date to tell the release")
    return m.group(1)


def _first(mask: pd.Series) -> int:
    """Sheet row (header = row 1) of the first True."""
    return int(mask.to_numpy().nonzero()[0][0]) + 2


def _levels(ids: pd.Series, year: int, has_country: pd.Series, path: Path) -> pd.DataFrame:
    """Earmarking level, bureau code and name of each identifier."""
    root = f"{PREFIX}-{year}"
    wrong = ~(ids.eq(root) | ids.str.startswith(root + "-"))
    if wrong.any():
        raise InputError(path, f"row {_first(wrong)}, column 'iati_identifier'",
                         f"{ids[wrong].iloc[0]!r} is not an activity of {root}")
    parts = ids.str.removeprefix(root).str.removeprefix("-").str.split("-")
    recs = []
    for i, (p, country) in enumerate(zip(parts, has_country, strict=True)):
        where = f"row {i + 2}, column 'iati_identifier'"
        if p == [""]:
            recs.append(("unearmarked", None, None))
        elif len(p) == 1 and p[0] in GLOBAL:
            recs.append(("global", None, None))
        elif len(p) in (1, 2) and p[0] in REGIONS:
            recs.append(("country" if len(p) == 2 and country else "regional", p[0], REGIONS[p[0]]))
        else:
            raise InputError(path, where, f"{ids.iloc[i]!r}: unknown UNHCR bureau or programme code {p[0]!r} "
                                          f"(known: {', '.join([*REGIONS, *GLOBAL])})")
    return pd.DataFrame(recs, columns=["earmarking", "region_code", "region"], index=ids.index)


def read_activities(path: Path) -> Parsed:
    year = _year(path)
    df = _sheet(path, ACTIVITY_COLUMNS)
    dup = df.iati_identifier.duplicated()
    if dup.any():
        raise InputError(path, f"row {_first(dup)}", f"activity {df.iati_identifier[dup].iloc[0]!r} listed twice")
    iso2 = df.recipient_country_code.replace("", None)
    out = pd.concat([pd.DataFrame({"year": year, "activity": df.iati_identifier, "title": df.title_eng}),
                     _levels(df.iati_identifier, year, iso2.notna(), path)], axis=1)
    out["recipient_iso3"] = geo.codes_to_iso3(iso2, "iso2", file=path, column="recipient_country_code")
    out["activity_scope"] = pd.to_numeric(df.activity_scope_code.replace("", None), errors="raise").astype("Int64")
    return Parsed(_vintage(path), {"funding_activities": out}, f"programme year {year}")


@cache
def _donor_table() -> pd.DataFrame:
    return pd.read_csv(PACKAGE_DATA / f"donors_{SCHEME}.csv", dtype=str, keep_default_na=False)


def _donors(names: pd.Series, path: Path) -> pd.DataFrame:
    """donor, donor_type, donor_iso3 for UNHCR's provider names, from the two reviewed tables only."""
    a = geo.aliases()
    states = a[a.scheme == SCHEME]
    state_iso3 = dict(zip(states.name.str.strip(), states.iso3, strict=True))
    other = _donor_table().set_index("name")
    stripped = names.str.strip()
    unmapped = stripped[~stripped.isin(state_iso3) & ~stripped.isin(other.index)]
    if len(unmapped):
        counts = unmapped.value_counts()
        listed = ", ".join(f"{k!r} ({v} rows)" for k, v in counts.head(8).items())
        raise InputError(path, "column 'transaction_provider_org'",
                         f"{len(counts)} unmapped donor names (add to aliases/{SCHEME}.csv or donors_{SCHEME}.csv "
                         f"after review): {listed}")
    iso3 = stripped.map(state_iso3)
    country_name = geo.countries().set_index("iso3").name
    return pd.DataFrame({
        "donor": iso3.map(country_name).fillna(stripped.map(other.donor)),
        "donor_type": iso3.notna().map({True: "government"}).fillna(stripped.map(other.donor_type)),
        "donor_iso3": iso3,
    }, index=names.index)


def _money(s: pd.Series, path: Path, column: str, rows: pd.Series) -> pd.Series:
    v = pd.to_numeric(s.str.replace(",", "", regex=False).replace("", None), errors="coerce")
    bad = v.isna() & s.ne("")
    if bad.any():
        raise InputError(path, f"row {rows[bad].iloc[0]}, column {column!r}", f"not an amount: {s[bad].iloc[0]!r}")
    return v.astype("Float64")


def read_transactions(path: Path) -> Parsed:
    year = _year(path)
    activities_file = original(path).with_name("iati_activity.xlsx")
    if not activities_file.is_file():
        raise InputError(path, None, f"no {activities_file.name} beside it (each transaction names an activity)")
    known = set(_sheet(activities_file, ["iati_identifier"]).iati_identifier)
    df = _sheet(path, TRANSACTION_COLUMNS)
    df["row"] = range(2, len(df) + 2)
    kind = df.transaction_type_code.map(TRANSACTION_TYPES)
    if kind.isna().any():
        raise InputError(path, f"row {_first(kind.isna())}, column 'transaction_type_code'",
                         f"unexpected transaction type {df.transaction_type_code[kind.isna()].iloc[0]!r} "
                         f"(expected {', '.join(TRANSACTION_TYPES)})")
    stray = ~df.iati_identifier.isin(known)
    if stray.any():
        raise InputError(path, f"row {_first(stray)}, column 'iati_identifier'",
                         f"activity {df.iati_identifier[stray].iloc[0]!r} is not in {activities_file.name}")
    _levels(df.iati_identifier, year, pd.Series(False, index=df.index), path)  # the programme year, checked
    skipped = kind[kind != "incoming_commitment"].value_counts().to_dict()
    t = df[kind == "incoming_commitment"].reset_index(drop=True)
    nameless = t.transaction_provider_org.eq("")
    if nameless.any():
        raise InputError(path, f"row {t.row[nameless].iloc[0]}, column 'transaction_provider_org'",
                         "an incoming commitment without a donor")
    usd = _money(t.transaction_value_USD, path, "transaction_value_USD", t.row)
    if usd.isna().any():
        raise InputError(path, f"row {t.row[usd.isna()].iloc[0]}, column 'transaction_value_USD'",
                         "an incoming commitment without a US$ amount")
    dates = pd.to_datetime(t.transaction_date.replace("", None), format="%Y-%m-%d", errors="coerce")
    bad_date = dates.isna() & t.transaction_date.ne("")
    if bad_date.any():
        raise InputError(path, f"row {t.row[bad_date].iloc[0]}, column 'transaction_date'",
                         f"not a date (YYYY-MM-DD): {t.transaction_date[bad_date].iloc[0]!r}")
    category = t.transaction_aid_type_code_2.map(EARMARKING_CATEGORY)
    odd = category.isna() & t.transaction_aid_type_code_2.ne("")
    if odd.any():
        raise InputError(path, f"row {t.row[odd].iloc[0]}, column 'transaction_aid_type_code_2'",
                         f"unexpected earmarking category {t.transaction_aid_type_code_2[odd].iloc[0]!r}")
    blank = lambda s: s.replace("", None)  # noqa: E731
    out = pd.concat([pd.DataFrame({
        "year": year, "row": t.row, "activity": t.iati_identifier, "transaction_type": "incoming_commitment",
        "date": dates.dt.date, "provider_org": t.transaction_provider_org.str.strip(),
        "provider_org_ref": blank(t.transaction_provider_org_ref),
        "provider_org_type": pd.to_numeric(blank(t.transaction_provider_org_type), errors="raise").astype("Int64"),
    }), _donors(t.transaction_provider_org, path), pd.DataFrame({
        "currency": blank(t.transaction_value_currency),
        "value": _money(t.transaction_value, path, "transaction_value", t.row), "usd": usd,
        "aid_type": blank(t.transaction_aid_type_code_1), "earmarking_category": category,
        "description": blank(t.transaction_description), "transaction_ref": blank(t.transaction_ref),
    })], axis=1)
    notes = (f"programme year {year}; {len(out)} incoming commitments (type 11) stored; not stored: "
             + (", ".join(f"{n} {k} rows" for k, n in sorted(skipped.items())) or "none"))
    return Parsed(_vintage(path), {"funding_transactions": out}, notes)


def _in_year(file: str, year: int):
    return lambda p: p.name == file and p.parent.name == str(year)


def _layout(year: int, file: str, kind: str, title: str, reader) -> Layout:
    return Layout(dataset=f"unhcr.iati_{kind}_{year}", publisher=PUBLISHER,
                  title=f"UNHCR IATI {title}, programme year {year}", licence=LICENCE,
                  citation=CITATION.format(year=year, vintage="{vintage}"), source_url=URL.format(year=year, file=file),
                  match=_in_year(file, year), read=reader)


LAYOUTS = [lay for y in YEARS for lay in (
    _layout(y, "iati_activity.xlsx", "activities", "activities (regional and country operations)", read_activities),
    _layout(y, "iati_transaction.xlsx", "transactions", "incoming contributions by donor", read_transactions),
)]

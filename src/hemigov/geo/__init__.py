"""Countries, aliases and groupings: reviewed reference data, exact lookups only.

Nothing here guesses. A source name or code maps to ISO3 only through ``countries.csv`` (codes) or
``aliases/<scheme>.csv`` (names as the source spells them, surrounding whitespace ignored). Names that
do not map are reported with their counts in an ``InputError``; add them to the alias table after review.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from hemigov.core.errors import InputError
from hemigov.core.paths import PACKAGE_DATA


def _read_csv(path: Path) -> pd.DataFrame:
    # keep_default_na=False: Namibia's ISO2 "NA" is a code, not a missing value.
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@cache
def countries() -> pd.DataFrame:
    return _read_csv(PACKAGE_DATA / "countries.csv")


@cache
def aliases() -> pd.DataFrame:
    frames = [_read_csv(p).assign(scheme=p.stem) for p in sorted((PACKAGE_DATA / "aliases").glob("*.csv"))]
    df = pd.concat(frames, ignore_index=True)[["scheme", "name", "iso3"]]
    return df


@cache
def groupings() -> pd.DataFrame:
    path = PACKAGE_DATA / "groupings.csv"
    if not path.exists():
        return pd.DataFrame(columns=["grouping", "iso3", "role", "start_year", "end_year", "note", "source_url"])
    return _read_csv(path)


@cache
def grouping_info() -> pd.DataFrame:
    path = PACKAGE_DATA / "grouping_info.csv"
    if not path.exists():
        return pd.DataFrame(columns=["grouping", "name", "kind", "description", "source_url"])
    return _read_csv(path)


@cache
def _alias_map(scheme: str) -> dict[str, str]:
    a = aliases()
    sub = a[a.scheme == scheme]
    if sub.empty:
        raise KeyError(f"no alias table for scheme {scheme!r}")
    return dict(zip(sub.name.str.strip(), sub.iso3, strict=True))


@cache
def _code_map(scheme: str) -> dict[str, str]:
    c = countries()
    col = {"unhcr": "unhcr_code", "iso3": "iso3", "iso2": "iso2", "m49": "m49"}[scheme]
    sub = c[c[col] != ""]
    return dict(zip(sub[col], sub.iso3, strict=True))


def _report(unmapped: pd.Series, file: Path | str, column: str, kind: str) -> InputError:
    counts = unmapped.value_counts()
    listed = ", ".join(f"{k!r} ({v} rows)" for k, v in counts.head(8).items())
    more = f" and {len(counts) - 8} more" if len(counts) > 8 else ""
    return InputError(file, f"column {column!r}", f"{len(counts)} unmapped country {kind}: {listed}{more}")


def names_to_iso3(names: pd.Series, scheme: str, *, file: Path | str, column: str) -> pd.Series:
    """Map source spellings to ISO3 exactly through ``aliases/<scheme>.csv``; unmapped names raise."""
    stripped = names.astype("string").str.strip()
    out = stripped.map(_alias_map(scheme))
    missing = out.isna() & stripped.notna()
    if missing.any():
        raise _report(stripped[missing], file, column, "names")
    return out.astype("string")


def codes_to_iso3(codes: pd.Series, scheme: str, *, file: Path | str, column: str) -> pd.Series:
    """Map source codes (``unhcr``, ``iso3``, ``iso2``, ``m49``) to ISO3 through ``countries.csv``."""
    stripped = codes.astype("string").str.strip()
    out = stripped.map(_code_map(scheme))
    missing = out.isna() & stripped.notna()
    if missing.any():
        raise _report(stripped[missing], file, column, "codes")
    return out.astype("string")


def lookup(name: str, scheme: str = "common") -> str | None:
    """ISO3 for one exact name (any scheme's spelling, or an ISO3 code), or None."""
    s = name.strip()
    if s.upper() in _code_map("iso3"):
        return s.upper()
    a = aliases()
    hit = a[(a.name.str.strip() == s) & ((a.scheme == scheme) | (scheme == "common"))]
    codes = set(hit.iso3)
    return codes.pop() if len(codes) == 1 else None


#: Codes some Canadian tables print beside ISO3: a printed total over the dimension, or "Other Countries".
PLACEHOLDERS = ("(all)", "(other)")


def check_codes(codes: pd.Series, *, file: str, column: str, placeholders: tuple[str, ...] = PLACEHOLDERS) -> None:
    """Every non-null value must be an ISO3 code of the country table or one of ``placeholders``."""
    known = set(countries().iso3) | set(placeholders)
    bad = ~codes.isin(known) & codes.notna()
    if bad.any():
        raise InputError(file, f"column {column!r}", f"code {codes[bad].iloc[0]!r} is not in the country table")

"""Checks a parsed frame against its table before anything is written."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hemigov import geo
from hemigov.core.errors import InputError
from hemigov.sources.base import MAX_COUNT
from hemigov.warehouse.schema import TABLES


def conform(table: str, df: pd.DataFrame, *, file: str, dataset: str, vintage: str) -> pd.DataFrame:
    """Return ``df`` with the table's columns in order (dataset/vintage filled in), or raise InputError."""
    t = TABLES[table]
    if t.versioned:  # a new frame sharing the parsed columns (copy-on-write): no copy of a million-row file
        df = df.assign(dataset=dataset, vintage=vintage)
    missing = [c for c in t.columns if c not in df.columns]
    extra = [c for c in df.columns if c not in t.columns]
    if missing or extra:
        # An adapter bug rather than bad input, but still reported against the file being read.
        raise InputError(file, f"table {table}", f"parsed columns differ from schema: missing {missing}, extra {extra}")
    df = df[list(t.columns)]
    for col, typ in t.columns.items():
        if "NOT NULL" in typ and df[col].isna().any():
            i = df[col].isna().to_numpy().nonzero()[0][0]
            raise InputError(file, f"table {table}, record {i + 1}", f"{col} is empty")
    # The adapters check values where they know the file's rows; this is the last guard before writing,
    # so it names the record by its key. NULLs ("not given") pass: a comparison with NA is NA, not True.
    for col, typ in t.columns.items():
        if not typ.startswith(("DOUBLE", "BIGINT", "INTEGER")) or df[col].dtype == object:
            continue
        vals = pd.to_numeric(df[col], errors="coerce").astype("float64").to_numpy()
        checks = [(np.isinf(vals), "not a finite number")]
        if col in t.counts:
            checks += [(vals < 0, "negative count"), (np.abs(vals) >= MAX_COUNT, "count too large")]
        for bad, problem in checks:
            if bad.any():
                i = int(bad.nonzero()[0][0])
                raise InputError(file, f"table {table}, {_record(df, t, i)}, column {col!r}",
                                 f"{problem} {_plain(df[col].iloc[i])!r}")
    for col, allowed in t.enums.items():
        bad = ~df[col].isin(allowed) & df[col].notna()
        if bad.any():
            raise InputError(file, f"table {table}, column {col!r}",
                             f"unexpected value {df[col][bad].iloc[0]!r} (allowed: {', '.join(allowed)})")
    known = set(geo.countries().iso3)
    for col in t.iso3:
        bad = ~df[col].isin(known) & df[col].notna()
        if bad.any():
            raise InputError(file, f"table {table}, column {col!r}",
                             f"code {df[col][bad].iloc[0]!r} is not in the country table")
    own = _own_key(t)  # dataset and vintage are the same on every row of one file: not hashed again
    dup = duplicated(df, own if t.versioned else list(t.key))
    if dup.any():
        first = df[dup].iloc[0]
        key = ", ".join(f"{k}={first[k]!r}" for k in own)
        raise InputError(file, f"table {table}", f"duplicate key ({key}): {int(dup.sum())} records share keys")
    return df


def duplicated(df: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Rows whose values in ``columns`` another row shares (``df.duplicated(columns, keep=False)``; missing values
    equal each other), in a fraction of its memory: one int64 code per row and column, folded into one key per row
    and sorted, where pandas hashes every column and the combined key (+87 MiB for UNHCR's 1.25 million
    population rows; dataset and vintage, the same on every row of a parsed file, are left to the caller)."""
    key, span = np.zeros(len(df), dtype=np.int64), 1
    for c in columns:
        codes, uniques = pd.factorize(df[c], use_na_sentinel=False)
        if span * (len(uniques) + 1) >= 2**62:  # the key would overflow: pandas' own way
            return df.duplicated(columns, keep=False)
        key += codes.astype(np.int64, copy=False) * span
        span *= len(uniques) + 1
    ordered = np.sort(key)
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return pd.Series(False, index=df.index)
    return pd.Series(np.isin(key, ordered[1:][same]), index=df.index)


def _own_key(t) -> list[str]:
    """The table's key without dataset and vintage: what tells one file's rows apart."""
    return [k for k in t.key if k not in ("dataset", "vintage")]


def _record(df: pd.DataFrame, t, i: int) -> str:
    """Record ``i`` by number and key, e.g. ``record 52 (year=2019, iso3='MEX')``."""
    key = ", ".join(f"{k}={_plain(df[k].iloc[i])!r}" for k in _own_key(t))
    return f"record {i + 1} ({key})"


def _plain(v):
    """A numpy scalar as the Python value it holds, so that messages read ``2000``, not ``np.int64(2000)``."""
    return v.item() if hasattr(v, "item") else v


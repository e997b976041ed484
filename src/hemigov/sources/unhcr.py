"""UNHCR Refugee Population Statistics Database, as the R data files of UNHCR's ``refugees`` package.

Each ``.rda`` holds one data frame named like the file. Countries are mapped by UNHCR code (``coo``,
``coa``) through the reviewed country table, never by name: UNHCR codes differ from ISO3 (UNHCR "AUS" is
Austria). ``NA`` cells are kept as NULL ("-", not reported) and zeros as 0. Asylum rows in cases (``C``)
and persons (``P``) are kept apart in ``unit``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadr

from hemigov import geo
from hemigov.core.errors import InputError
from hemigov.sources.base import (
    Ignored,
    Layout,
    Parsed,
    check_counts,
    name_is,
    require_columns,
    vintage_from_folders,
)

PUBLISHER = "UNHCR, the UN Refugee Agency"
LICENCE = "CC BY 4.0"
CITATION = "UNHCR Refugee Population Statistics Database, {vintage} release (R package 'refugees')."
URL = "https://www.unhcr.org/refugee-statistics/"

KEYS = ["year", "coo", "coa"]
POP_COLS = ["refugees", "asylum_seekers", "returned_refugees", "idps", "returned_idps", "stateless", "ooc",
            "oip", "hst"]
SOL_COLS = ["returned_refugees", "resettlement", "naturalisation", "returned_idps"]
FLOW_COLS = ["refugees", "asylum_seekers", "refugee_like", "oip"]
UNIT = {"P": "persons", "C": "cases"}


def _frame(path: Path) -> pd.DataFrame:
    name = path.stem
    result = pyreadr.read_r(str(path))
    if name not in result:
        raise InputError(path, None, f"R data file holds {list(result)} but not a data frame named {name!r}")
    return result[name]


def _common(df: pd.DataFrame, path: Path, cols: list[str]) -> pd.DataFrame:
    require_columns(df, KEYS + cols, path)
    if df["year"].isna().any():
        raise InputError(path, f"row {int(df['year'].isna().to_numpy().argmax()) + 1}, column 'year'", "empty year")
    out = pd.DataFrame({
        "year": df["year"].astype("int64"),
        "origin_iso3": geo.codes_to_iso3(df["coo"], "unhcr", file=path, column="coo"),
        "asylum_iso3": geo.codes_to_iso3(df["coa"], "unhcr", file=path, column="coa"),
    })
    for c in cols:
        out[c] = df[c]
    return out


def _long(df: pd.DataFrame, value_cols: list[str], var: str, path: Path) -> pd.DataFrame:
    ids = [c for c in df.columns if c not in value_cols]
    df = df.assign(**{c: _counts(df[c], path, c) for c in value_cols})  # checked before the melt: row, column
    return df.melt(id_vars=ids, value_vars=value_cols, var_name=var, value_name="persons")


def _counts(s: pd.Series, path: Path, column: str) -> pd.Series:
    return check_counts(s, path, column, row_offset=1)  # data frame rows from 1


def _vintage(path: Path, df: pd.DataFrame) -> tuple[str | None, str]:
    ref = f"data to end-{int(df['year'].max())}"
    return vintage_from_folders(path), ref


def read_population(path: Path) -> Parsed:
    df = _frame(path)
    base = _common(df, path, POP_COLS)
    vintage, ref = _vintage(path, base)
    return Parsed(vintage, {"displacement": _long(base, POP_COLS, "population_type", path)}, ref)


def read_flows(path: Path) -> Parsed:
    df = _frame(path)
    base = _common(df, path, FLOW_COLS)
    vintage, ref = _vintage(path, base)
    return Parsed(vintage, {"displacement_flows": _long(base, FLOW_COLS, "population_type", path)}, ref)


def read_solutions(path: Path) -> Parsed:
    df = _frame(path)
    base = _common(df, path, SOL_COLS)
    vintage, ref = _vintage(path, base)
    return Parsed(vintage, {"solutions": _long(base, SOL_COLS, "solution_type", path)}, ref)


def read_idmc(path: Path) -> Parsed:
    df = _frame(path)
    require_columns(df, ["year", "coo", "total"], path)
    out = pd.DataFrame({"year": df["year"].astype("int64"),
                        "iso3": geo.codes_to_iso3(df["coo"], "unhcr", file=path, column="coo"),
                        "persons": _counts(df["total"], path, "total")})
    # The "Unknown" row is UNHCR's global total before country data exist, not a country.
    out = out[out.iso3 != "XXX"]
    vintage, ref = _vintage(path, out)
    return Parsed(vintage, {"idps": out}, ref)


def _unit(s: pd.Series, path: Path, column: str) -> pd.Series:
    out = s.map(UNIT)
    if out.isna().any():
        raise InputError(path, f"column {column!r}", f"unexpected value {s[out.isna()].iloc[0]!r} (expected P or C)")
    return out


def read_applications(path: Path) -> Parsed:
    df = _frame(path)
    cols = ["procedure_type", "app_type", "dec_level", "app_pc", "applied"]
    base = _common(df, path, cols)
    base["unit"] = _unit(base.pop("app_pc"), path, "app_pc")
    base["applied"] = _counts(base["applied"], path, "applied")
    vintage, ref = _vintage(path, base)
    return Parsed(vintage, {"asylum_applications": base}, ref)


def read_decisions(path: Path) -> Parsed:
    df = _frame(path)
    vals = ["dec_recognized", "dec_other", "dec_rejected", "dec_closed", "dec_total"]
    base = _common(df, path, ["procedure_type", "dec_level", "dec_pc", *vals])
    base["unit"] = _unit(base.pop("dec_pc"), path, "dec_pc")
    for v in vals:
        base[v.removeprefix("dec_")] = _counts(base.pop(v), path, v)
    vintage, ref = _vintage(path, base)
    return Parsed(vintage, {"asylum_decisions": base}, ref)


def read_countries(path: Path) -> Parsed:
    df = _frame(path)
    require_columns(df, ["iso_code", "unhcr_code", "name", "unhcr_region", "unsd_region", "unsd_subregion",
                         "unsd_imregion"], path)
    out = pd.DataFrame({"unhcr_code": df["unhcr_code"], "iso3": df["iso_code"], "name": df["name"].str.strip(),
                        "unhcr_region": df["unhcr_region"], "m49_region": df["unsd_region"],
                        "m49_subregion": df["unsd_subregion"], "m49_intermediate": df["unsd_imregion"]})
    return Parsed(vintage_from_folders(path), {"unhcr_countries": out.replace({"": None})})


def _layout(file: str, dataset: str, title: str, reader) -> Layout:
    return Layout(dataset=f"unhcr.{dataset}", publisher=PUBLISHER, title=f"UNHCR {title}", licence=LICENCE,
                  citation=CITATION, source_url=URL, match=name_is(f"{file}.rda"), read=reader)


LAYOUTS = [
    _layout("population", "population", "population statistics (stocks)", read_population),
    _layout("flows", "flows", "newly displaced across borders (flows)", read_flows),
    _layout("solutions", "solutions", "durable solutions incl. resettlement", read_solutions),
    _layout("idmc", "idmc", "internally displaced persons (IDMC)", read_idmc),
    _layout("asylum_applications", "asylum_applications", "asylum applications", read_applications),
    _layout("asylum_decisions", "asylum_decisions", "asylum decisions", read_decisions),
    _layout("countries", "countries", "country list", read_countries),
]

IGNORED = [
    Ignored(name_is("demographics.rda", "unrwa.rda"), "UNHCR table not used by hemigov"),
]

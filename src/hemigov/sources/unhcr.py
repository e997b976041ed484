"""UNHCR Refugee Population Statistics Database, as the R data files of UNHCR's ``refugees`` package.

Each ``.rda`` holds one data frame named like the file. Countries are mapped by UNHCR code (``coo``,
``coa``) through the reviewed country table, never by name: UNHCR codes differ from ISO3 (UNHCR "AUS" is
Austria). ``NA`` cells are kept as NULL ("-", not reported) and zeros as 0. Asylum rows in cases (``C``)
and persons (``P``) are kept apart in ``unit``.

``demographics.rda`` -> ``demographics``: one row per year x origin x asylum x population type (``pop_type`` codes
REF, ASY, RET, IDP, RDP, STA, OOC, OIP, HST) x location inside the country of asylum (``location``, ``loc_type``,
``acc_type``), with columns ``f_0_4`` ... ``f_60``, ``f_other`` (age unknown), ``f_total``, the same for ``m_``, and
``total``. ``total`` includes people without a sex breakdown, so it can exceed ``f_total + m_total``. Stored: the
sums over locations of the twelve sex x age cells plus sex ``unknown`` = ``total - f_total - m_total``, so the
stored cells add up to UNHCR's total (``f_total`` and ``m_total`` are checked to equal their age cells and are not
stored; ``total`` below ``f_total + m_total`` is an error). Not stored: the location, location type and
accommodation type breakdown (sub-national; hemigov works by country), and cells that are 0 (UNHCR prints 0 both for
a reported zero and for no breakdown; nothing is suppressed or rounded further in this file, which has no NA). The
totals equal ``population.rda`` of the same release for refugees, asylum seekers, IDPs, returned IDPs, OIP, OOC and
host communities; stateless people are fewer here (not all are broken down), and ``population.rda`` leaves returned
refugees at 0 where this file counts them. The end-2025 release holds 2025 only (v_demographics keeps each year's
newest release).
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
#: demographics.rda population-type codes -> the population_type names of ``displacement``.
DEMO_TYPES = {"REF": "refugees", "ASY": "asylum_seekers", "RET": "returned_refugees", "IDP": "idps",
              "RDP": "returned_idps", "STA": "stateless", "OOC": "ooc", "OIP": "oip", "HST": "hst"}
#: demographics.rda age columns (after "f_"/"m_") -> age_group.
AGES = {"0_4": "0-4", "5_11": "5-11", "12_17": "12-17", "18_59": "18-59", "60": "60+", "other": "unknown"}
SEXES = {"f": "female", "m": "male"}


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


def read_demographics(path: Path) -> Parsed:
    df = _frame(path)
    cells = [f"{x}_{a}" for x in SEXES for a in AGES]
    require_columns(df, ["pop_type", *cells, "f_total", "m_total", "total"], path)
    types = df["pop_type"].map(DEMO_TYPES)
    if types.isna().any():
        i = int(types.isna().to_numpy().argmax())
        raise InputError(path, f"row {i + 1}, column 'pop_type'", f"unexpected population type {df['pop_type'][i]!r} "
                                                                   f"(expected {', '.join(DEMO_TYPES)})")
    base = _common(df, path, [*cells, "f_total", "m_total", "total"])
    for c in [*cells, "f_total", "m_total", "total"]:
        base[c] = _counts(base[c], path, c)
        if base[c].isna().any():  # every cell is printed; an empty one would silently drop out of the sums
            raise InputError(path, f"row {int(base[c].isna().to_numpy().argmax()) + 1}, column {c!r}", "empty count")
    for x in SEXES:
        off = base[[f"{x}_{a}" for a in AGES]].sum(axis=1) != base[f"{x}_total"]
        if off.any():
            raise InputError(path, f"row {int(off.to_numpy().argmax()) + 1}, column '{x}_total'",
                             "is not the sum of its age columns")
    unknown = base["total"] - base["f_total"] - base["m_total"]
    if (unknown < 0).any():
        raise InputError(path, f"row {int((unknown < 0).to_numpy().argmax()) + 1}, column 'total'",
                         "is less than f_total + m_total")
    base = base.assign(population_type=types, u_other=unknown)  # sex and age unknown
    vintage, ref = _vintage(path, base)
    n_rows = len(df)
    keys = ["year", "origin_iso3", "asylum_iso3", "population_type"]
    summed = base.groupby(keys, as_index=False)[[*cells, "u_other"]].sum()
    del base, df  # this file sets the peak of a whole import (the end-2024 release: 380,000 long rows)
    # Long form cell by cell, zeros dropped first: melting every cell at once and splitting the cell names row by
    # row held the keys eleven times over; importing the end-2024 file peaked at 592 MiB that way, 472 MiB this way.
    sex_of = {**SEXES, "u": "unknown"}
    parts = []
    for c in [*cells, "u_other"]:
        keep = summed[c] > 0
        x, age = c.split("_", 1)
        parts.append(summed.loc[keep, keys].assign(sex=sex_of[x], age_group=AGES[age], persons=summed.loc[keep, c]))
    long = pd.concat(parts, ignore_index=True)
    notes = f"{ref}; {n_rows} location rows summed to {len(summed)} year x origin x asylum x type cells"
    return Parsed(vintage, {"demographics": long[[*keys, "sex", "age_group", "persons"]]}, notes)


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
    _layout("demographics", "demographics", "population statistics by sex and age", read_demographics),
]

IGNORED = [
    Ignored(name_is("unrwa.rda"), "UNHCR table not used by hemigov"),
]

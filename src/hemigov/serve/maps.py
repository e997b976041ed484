"""The map's numbers: one value per country for a measure, a year and a view, keyed by the ISO 3166-1 numeric
(UN M49) codes of ``countries.csv``, which are the ids of the Natural Earth TopoJSON shipped in
``hemigov/data/maps/`` (see its PROVENANCE.md).

Measures (UNHCR, via :mod:`hemigov.series`): cross-border displaced by origin and hosted by country of asylum
(end-year stocks of refugees, asylum-seekers and other people in need of international protection),
resettlement arrivals by resettlement country and by origin, and the representation ratio of each origin
country — its share of a destination's resettlement arrivals over its share of the world's cross-border
displaced, computed by the representation indicator's own table (:func:`representation_table`) with each
country as its own region.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from hemigov import series
from hemigov.core.errors import InputError, unknown
from hemigov.core.paths import PACKAGE_DATA
from hemigov.core.provenance import COLUMN, Provenance
from hemigov.geo import regions
from hemigov.indicators.representation import representation_table
from hemigov.serve import relative

TOPOJSON = Path(PACKAGE_DATA) / "maps" / "countries-50m.json"
PROVENANCE_NOTE = Path(PACKAGE_DATA) / "maps" / "PROVENANCE.md"


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    of: str          # what the country is for this measure
    relative: bool   # the per-capita / share toggle applies


MEASURES: dict[str, Measure] = {m.key: m for m in (
    Measure("displaced_origin", "Cross-border displaced, by country of origin", "origin", True),
    Measure("displaced_host", "Cross-border displaced hosted, by country of asylum", "host", True),
    Measure("resettled_to", "Resettlement arrivals, by resettlement country", "destination", True),
    Measure("resettled_from", "Resettled refugees, by country of origin", "origin", True),
    Measure("representation", "Representation ratio (share of resettled ÷ share of displaced), by origin",
            "origin", False),
)}
#: The map's areas: hemigov's default "the Americas" (UNHCR's bureau) or the world.
AREAS = {"americas": f"the Americas ({regions.SCHEMES[regions.AMERICAS.scheme].title}: {regions.AMERICAS.label}, "
                     f"{len(regions.AMERICAS.members())} countries and territories)",
         "world": "the world"}


def measure(key: str) -> Measure:
    if key not in MEASURES:
        raise unknown("map measure", key, MEASURES)
    return MEASURES[key]


def _frame(key: str) -> tuple[pd.DataFrame, str]:
    """(year, iso3, persons, sources) of a measure, and the ISO3 column it came from."""
    if key == "displaced_origin":
        return series.displacement.by_origin().rename(columns={"origin_iso3": "iso3"}), "origin_iso3"
    if key == "displaced_host":
        return series.displacement.by_host().rename(columns={"asylum_iso3": "iso3"}), "asylum_iso3"
    r = series.resettlement.resettlement("unhcr")
    if key == "resettled_to":
        return r.groupby(["year", "destination_iso3", COLUMN], as_index=False)["persons"].sum().rename(
            columns={"destination_iso3": "iso3"}), "destination_iso3"
    return r.groupby(["year", "origin_iso3", COLUMN], as_index=False)["persons"].sum().rename(
        columns={"origin_iso3": "iso3"}), "origin_iso3"


def years(key: str) -> tuple[int, int]:
    if key == "representation":
        a, b = years("displaced_origin"), years("resettled_to")
        return max(a[0], b[0]), min(a[1], b[1])
    y = _frame(key)[0].year
    return int(y.min()), int(y.max())


def values(key: str, year: int | None, area: str, view: str, destination: str = "CAN") -> tuple[pd.DataFrame, dict]:
    """One row per country of ``area`` with a value for ``key`` in ``year`` (default: the latest).

    Returns (frame, note): frame columns iso3, name, m49, year, persons (or the ratio's inputs), value, sources;
    note = the view's note (:func:`hemigov.serve.relative.relative`) plus measure, year, area and title.
    """
    m = measure(key)
    if area not in AREAS:
        raise unknown("map area", area, AREAS)
    lo, hi = years(key)
    y = hi if year is None else int(year)
    if not lo <= y <= hi:
        raise InputError(None, "year", f"{y} outside the data: {m.title.lower()} covers {lo}-{hi}")
    c = series.reference.countries()
    keep = c[c.m49.notna() & (c.kind != "pseudo")]
    if area == "americas":
        keep = keep[keep.iso3.isin(regions.AMERICAS.members())]
    if key == "representation":
        if view != "absolute":
            raise InputError(None, "view", "the representation ratio is already relative: use view=absolute")
        df = _representation(y, destination)
        note = {"view": "absolute", "unit": "ratio s/d", "kind": "ratio", "text": "", "sources": ""}
    else:
        f, _ = _frame(key)
        f = f[f.year == y]
        total = float(f.persons.sum())
        df, note = relative.relative(f, view, total=total)
        if view == "share":
            note = {**note, "text": f"share of the world total in {y} ({total:,.0f} people)"}
    names = keep.set_index("iso3")
    df = df[df.iso3.isin(names.index)]
    absent = sorted(set(names.index) - set(df.iso3))  # listed as missing, never dropped
    df = pd.concat([df, pd.DataFrame({"iso3": absent, "year": y, COLUMN: Provenance.of(df).text() or None})],
                   ignore_index=True)
    df["name"] = df.iso3.map(names["name"])
    df["m49"] = df.iso3.map(names["m49"])
    df = df.sort_values("value", ascending=False, na_position="last", ignore_index=True)
    note = {**note, "measure": key, "title": m.title, "year": y, "area": area, "area_label": AREAS[area],
            "countries": len(keep), "with_value": int(df.value.notna().sum())}
    if key == "representation":
        note["destination"] = destination
    table = c[COLUMN].iloc[0]  # the country table names, codes and areas
    df[COLUMN] = [Provenance.of(s if isinstance(s, str) else None, table).text() for s in df[COLUMN]]
    return df, note


def _representation(year: int, destination: str) -> pd.DataFrame:
    res = series.resettlement.resettlement("unhcr")
    res = res[res.year == year]
    if destination != "all":
        res = res[res.destination_iso3 == destination]
        if res.empty:
            every = series.resettlement.resettlement("unhcr")
            known = sorted(set(every[every.year == year].destination_iso3))
            raise unknown(f"resettlement country in {year}", destination, ["all", *known], where="destination")
    disp = series.displacement.by_origin()
    disp = disp[disp.year == year]
    codes = sorted(set(disp.origin_iso3) | set(res.origin_iso3))
    identity = pd.Series(codes, index=codes)
    t = representation_table(res.assign(destination=destination), disp, region=identity, all_regions=codes)
    out = t.rename(columns={"region": "iso3", "ratio": "value"})[["iso3", "resettled", "s_r", "displaced", "d_r",
                                                                  "value"]]
    out = out[out.displaced > 0]
    return out.assign(year=year, persons=out.resettled, **{COLUMN: Provenance.of(res, disp).text()})

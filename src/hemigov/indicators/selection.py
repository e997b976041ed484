"""How indicator parameters name places and populations, read through the named definitions of
:mod:`hemigov.geo.regions` (nothing here lists a country, a region or a population type).

- a **population-type set** by its name in ``POPULATION_TYPES`` (``cross_border``, ``refugees_and_oip`` …) or one
  UNHCR population type of those sets (``asylum_seekers``);
- a **set of countries** (origins, hosts): ``world`` (no restriction), a region label of the chosen scheme
  (``Western hemisphere`` under ``paper``, ``(unclassified)`` for pseudo origins such as stateless), a grouping of
  ``groupings.csv`` (members — or host countries — in force at the end of the year, the rule of
  :func:`hemigov.geo.regions.members`), ``americas``, ``peers`` or ISO3 codes.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from hemigov.core.errors import unknown
from hemigov.geo import countries, regions
from hemigov.series import reference

WORLD = "world"
#: The roles that make a country part of a grouping read as a set of places (NTCA members, 3RP host countries).
GROUPING_ROLES = ("member", "host")


def types_of(name: str, where: str) -> tuple[str, ...]:
    """The UNHCR population types of a named set, or of one population type that the named sets use."""
    if name in regions.POPULATION_TYPES:
        return regions.POPULATION_TYPES[name].types
    single = {t for p in regions.POPULATION_TYPES.values() for t in p.types}
    if name in single:
        return (name,)
    raise unknown("population-type set", name, [*regions.POPULATION_TYPES, *sorted(single)], where=where)


def region_labels(scheme: str) -> tuple[str, ...]:
    """The labels of a scheme's regions, with ``(unclassified)`` for the pseudo origins."""
    return (*regions.labels(scheme), regions.UNCLASSIFIED)


def region_label(scheme: str, label: str | None, where: str) -> str:
    """A region label of ``scheme`` (default: the scheme's Americas); unknown labels are bad input."""
    regions.scheme(scheme)
    if label is None:
        return regions.region(scheme).label
    if label not in region_labels(scheme):
        raise unknown("region", label, region_labels(scheme), where=f"{where}, scheme {scheme!r}")
    return label


def in_region(codes: pd.Series, scheme: str, label: str) -> pd.Series:
    """Whether each ISO3 code belongs to the region ``label`` of ``scheme``."""
    return regions.regions_of(codes, scheme) == label


@cache
def _known() -> frozenset[str]:
    return frozenset(countries().iso3)


@cache
def _grouping_names() -> frozenset[str]:
    return frozenset(regions.grouping_names())


@cache
def _grouping(name: str, year: int | None) -> tuple[str, ...]:
    # groupings.csv is package data: its members in a year never change within a process
    return regions.members(name, year, GROUPING_ROLES)


def countries_in(spec: list[str] | str | None, scheme: str, year: int | None, *,
                 where: str) -> tuple[str, ...] | None:
    """ISO3 codes of a set of places (see the module docstring); None for ``world`` or no restriction."""
    if spec is None:
        return None
    items = [spec] if isinstance(spec, str) else list(spec)
    if len(items) == 1 and items[0].strip().lower() == WORLD:
        return None
    if len(items) == 1 and items[0] in region_labels(scheme):
        label = items[0]
        if label == regions.UNCLASSIFIED:
            reg = regions.region_of(scheme)
            return tuple(sorted(reg[reg == label].index))
        return regions.Region(scheme, label).members()
    known = _known()
    out: list[str] = []
    for item in items:
        name = item.strip().upper()
        if name in _grouping_names():
            add = _grouping(name, year)
        elif name in known or item.strip().lower() in ("americas", "peers"):
            add = regions.country_codes([item], where)
        else:
            raise unknown("country code, grouping or region", item.strip(),
                          [*known, *_grouping_names(), *region_labels(scheme), "americas", "peers", WORLD],
                          where=where)
        out += [a for a in add if a not in out]
    return tuple(out)


def countries_source() -> pd.DataFrame:
    """The reviewed country table (a package dataset): the provenance of every region and name lookup."""
    return reference.countries()


def place_sources(*specs: list[str] | str | None) -> list[pd.DataFrame]:
    """The reference tables a set of places was read from: the country table, and the groupings table's rows
    of each grouping named."""
    out = [countries_source()]
    for spec in specs:
        for item in [spec] if isinstance(spec, str) else list(spec or []):
            if item.strip().upper() in _grouping_names():
                out.append(reference.grouping(item.strip().upper()))
    return out

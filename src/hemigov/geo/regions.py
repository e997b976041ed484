"""Named definitions, once: regions by their definition, peers, population-type sets and groupings by year.

Every region is named by the scheme that defines it, because "the Americas" means different lists:

============================  =========================================================  ==========
definition                    rule (``countries.csv``)                                   members
============================  =========================================================  ==========
UNHCR bureau "The Americas"   ``unhcr_region == 'The Americas'``                         54
UN M49 "Americas"             ``m49_region == 'Americas'`` (adds Greenland, Bouvet        57
                              Island, South Georgia)
UN M49 "Latin America and     ``m49_subregion == 'Latin America and the Caribbean'``     52
the Caribbean"
The paper's "Western          ``paper_region == 'Western hemisphere'`` (IRCC-style,       54
hemisphere"                   mapped from UNHCR's bureaux)
============================  =========================================================  ==========

hemigov's default "the Americas" is UNHCR's bureau (:data:`AMERICAS`), the scheme of the displacement data; a
caller picks another scheme explicitly. Member counts are checked by ``tests/test_definitions.py`` and listed
in docs/definitions.md. Governance groupings (NTCA, MIRPS, MERCOSUR …) come from the reviewed
``groupings.csv`` with their years, never from literals (:func:`members`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from hemigov.core.errors import InputError, unknown
from hemigov.geo import countries, grouping_info, groupings


@dataclass(frozen=True)
class Scheme:
    """A way of dividing the world into regions: one column of ``countries.csv``."""

    name: str
    column: str
    title: str
    americas: str  # the scheme's label for (its nearest thing to) the Americas


SCHEMES: dict[str, Scheme] = {s.name: s for s in (
    Scheme("unhcr", "unhcr_region", "UNHCR regional bureaux", "The Americas"),
    Scheme("paper", "paper_region", "The paper's regions (IRCC style, from UNHCR's bureaux)", "Western hemisphere"),
    Scheme("m49", "m49_region", "UN M49 regions", "Americas"),
    Scheme("m49_subregion", "m49_subregion", "UN M49 sub-regions", "Latin America and the Caribbean"),
)}

#: Pseudo origins (stateless, unknown, Tibetan, Abyei) belong to no region.
UNCLASSIFIED = "(unclassified)"


@dataclass(frozen=True)
class Region:
    """One region of one scheme: ``members()`` are the ISO3 codes of ``countries.csv`` it holds."""

    scheme: str
    label: str

    @property
    def key(self) -> str:
        return f"{self.scheme}:{self.label}"

    @property
    def definition(self) -> str:
        return f"{SCHEMES[self.scheme].column} == {self.label!r} in countries.csv ({SCHEMES[self.scheme].title})"

    def members(self) -> tuple[str, ...]:
        return _members(self.scheme, self.label)


#: hemigov's "the Americas": UNHCR's regional bureau (the scheme of UNHCR's displacement statistics).
AMERICAS = Region("unhcr", "The Americas")
#: UNHCR's regional bureau for the Middle East and North Africa (the paper's comparison for money and resettlement).
MENA = Region("unhcr", "Middle East and North Africa")
#: UN M49's region "Americas" (Northern America plus Latin America and the Caribbean).
M49_AMERICAS = Region("m49", "Americas")
#: UN M49's "Latin America and the Caribbean" (the paper's "LAC").
LATIN_AMERICA_CARIBBEAN = Region("m49_subregion", "Latin America and the Caribbean")
#: The paper's "Western hemisphere" (IRCC's regions as the paper uses them).
WESTERN_HEMISPHERE = Region("paper", "Western hemisphere")
#: The paper's five regions, in the order its Fig. 2 lists them.
PAPER_REGIONS = tuple(Region("paper", r) for r in ("Middle East and North Africa", "Sub-Saharan Africa",
                                                    "Asia-Pacific", "Western hemisphere", "Europe"))

#: The resettlement countries hemigov compares Canada with (Canada first): the largest resettlement countries
#: of the Global North.
PEERS: tuple[str, ...] = ("CAN", "USA", "AUS", "GBR", "DEU", "SWE", "NOR", "NZL", "FRA")


# -- UNHCR population types ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class PopulationTypes:
    name: str
    types: tuple[str, ...]
    title: str


#: Named sets of UNHCR population types (``displacement.population_type``).
POPULATION_TYPES: dict[str, PopulationTypes] = {p.name: p for p in (
    PopulationTypes("cross_border", ("refugees", "asylum_seekers", "oip"),
                    "people displaced across borders: refugees, asylum-seekers and other people in need of "
                    "international protection"),
    PopulationTypes("refugees", ("refugees",), "refugees under UNHCR's mandate (refugee-like included)"),
    PopulationTypes("refugees_and_oip", ("refugees", "oip"),
                    "refugees and other people in need of international protection"),
    PopulationTypes("refugees_and_asylum_seekers", ("refugees", "asylum_seekers"), "refugees and asylum-seekers"),
    PopulationTypes("forcibly_displaced", ("refugees", "asylum_seekers", "oip", "idps"),
                    "refugees, asylum-seekers, other people in need of international protection and people "
                    "internally displaced by conflict (IDMC, via UNHCR)"),
)}
#: The default: UNHCR's people in need of international protection, counted by origin.
CROSS_BORDER = POPULATION_TYPES["cross_border"].types


def population_types(name: str) -> tuple[str, ...]:
    if name not in POPULATION_TYPES:
        raise unknown("population-type set", name, POPULATION_TYPES)
    return POPULATION_TYPES[name].types


# -- lookups -------------------------------------------------------------------------------------------------
def scheme(name: str) -> Scheme:
    if name not in SCHEMES:
        raise unknown("region scheme", name, SCHEMES)
    return SCHEMES[name]


@cache
def _members(scheme_name: str, label: str) -> tuple[str, ...]:
    col = scheme(scheme_name).column
    c = countries()
    return tuple(sorted(c.loc[c[col] == label, "iso3"]))


def region(scheme_name: str, label: str | None = None) -> Region:
    """A region of a scheme by its label (default: the scheme's Americas); unknown labels are bad input."""
    s = scheme(scheme_name)
    label = s.americas if label is None else label
    known = labels(scheme_name)
    if label not in known:
        raise unknown(f"region of scheme {scheme_name!r}", label, known)
    return Region(scheme_name, label)


@cache
def labels(scheme_name: str) -> tuple[str, ...]:
    """The region labels of a scheme (pseudo codes excluded)."""
    col = scheme(scheme_name).column
    c = countries()
    return tuple(sorted(v for v in c[col].unique() if v))


@cache
def _region_map(scheme_name: str) -> pd.Series:
    c = countries()
    return c.set_index("iso3")[scheme(scheme_name).column].replace("", UNCLASSIFIED)


def region_of(scheme_name: str) -> pd.Series:
    """ISO3 -> region label under the scheme; pseudo codes map to ``(unclassified)``."""
    return _region_map(scheme_name).copy()


def regions_of(codes: pd.Series, scheme_name: str) -> pd.Series:
    """The region label of each ISO3 code in ``codes`` (``(unclassified)`` for pseudo or unknown codes)."""
    return codes.map(_region_map(scheme_name)).fillna(UNCLASSIFIED)


# -- groupings with years ------------------------------------------------------------------------------------
@cache
def grouping_names() -> tuple[str, ...]:
    return tuple(sorted(set(groupings().grouping)))


@cache
def _iso3_codes() -> frozenset[str]:
    return frozenset(countries().iso3)


def members(grouping: str, year: int | None = None, roles: tuple[str, ...] = ("member",)) -> tuple[str, ...]:
    """ISO3 codes of a grouping (``groupings.csv``) with one of ``roles``, in force at the end of ``year``.

    A row counts in year y when start_year ≤ y (or no start year) and y < end_year (or no end year): a status
    that ended during y is over by its end, so a change of status (member → suspended) gives one status a year.
    ``year=None``: every country that ever held one of the roles.
    """
    g = groupings()
    if grouping not in set(g.grouping):
        raise unknown("grouping", grouping, grouping_names())
    sub = g[(g.grouping == grouping) & g.role.isin(roles)]
    if year is not None:
        start = pd.to_numeric(sub.start_year, errors="coerce").fillna(-1)
        end = pd.to_numeric(sub.end_year, errors="coerce").fillna(10_000)
        sub = sub[(start <= year) & (year < end)]
    return tuple(sorted(set(sub.iso3)))


def grouping_title(grouping: str) -> str:
    info = grouping_info()
    hit = info[info.grouping == grouping]
    return str(hit.name.iloc[0]) if len(hit) else grouping


def country_codes(spec: list[str] | tuple[str, ...], what: str) -> list[str]:
    """Expand a list of ISO3 codes, ``americas`` (UNHCR's bureau), ``peers`` or a grouping name into ISO3 codes,
    in the order given, each once. Unknown codes are bad input with the closest valid choice."""
    known = _iso3_codes()  # cached: validating a request's codes never walks the tables again
    names = grouping_names()
    out: list[str] = []
    for s in spec:
        low = s.strip().lower()
        if low == "americas":
            add = list(AMERICAS.members())
        elif low == "peers":
            add = list(PEERS)
        elif s.strip().upper() in names:
            add = list(members(s.strip().upper()))
        else:
            code = s.strip().upper()
            if code not in known:
                raise unknown("country code", s.strip(), sorted(known), where=what)
            add = [code]
        out += [a for a in add if a not in out]
    if not out:
        raise InputError(None, what, "no countries given")
    return out

"""Displacement stocks: people displaced from an origin and hosted in a set of places, and the share of the world's
displaced a set of places hosts (UNHCR end-year stocks)."""

from __future__ import annotations

import pandas as pd

from hemigov.core.provenance import Provenance
from hemigov.geo import regions
from hemigov.indicators import formulas
from hemigov.indicators.registry import VINTAGE, Param, period_of, register, span
from hemigov.indicators.selection import WORLD, countries_in, place_sources, types_of
from hemigov.series import displacement

UNHCR_STATS = ("UNHCR Refugee Population Statistics Database (population: refugees, asylum-seekers, other people "
               "in need of international protection, IDPs), https://www.unhcr.org/refugee-statistics/")
P_SCHEME = Param("scheme", "str", "unhcr", help="region scheme for region labels in origin and host",
                 choices=tuple(regions.SCHEMES))
P_TYPES = Param("types", "str", "cross_border",
                help="population-type set (docs/definitions.md): cross_border, refugees, refugees_and_oip, "
                "refugees_and_asylum_seekers, forcibly_displaced, or one UNHCR population type")
P_YEARS = Param("years", "years", "latest", help="end-year stocks: YYYY, YYYY-YYYY, YYYY-latest or latest")
P_HOST = Param("host", "str_list", WORLD, help="where they live: 'world', a region label of the scheme, a grouping "
               "(members or host countries in force in the year, e.g. SYRIA_3RP) or ISO3 codes")


def _in(codes: pd.Series, members: tuple[str, ...] | None) -> pd.Series:
    return pd.Series(True, index=codes.index) if members is None else codes.isin(members)


@register(
    "displaced_from", group="displacement",
    title="People displaced across borders from an origin and living in a set of places, at year end",
    definition="UNHCR end-year stocks of the population-type set (default: refugees + asylum-seekers + other people "
               "in need of international protection) whose origin is in the origin set and whose country of asylum "
               "is in the host set (default: the world), per year; a grouping counts its members of that year. One "
               "column per population type beside the total.",
    formula="D_t = Σ_{o ∈ origin(t), a ∈ host(t), p ∈ types} stock_{o,a,p,t}",
    references=(UNHCR_STATS,),
    params=(Param("origin", "str_list", "VEN",
                  help="ISO3 codes, a grouping (e.g. NTCA) or a region label of the scheme"),
            P_HOST, P_SCHEME, P_TYPES, P_YEARS, VINTAGE),
)
def displaced_from(origin: list[str], host: list[str], scheme: str, types: str, years, vintage: str) -> pd.DataFrame:
    where = "indicator 'displaced_from'"
    kinds = types_of(types, f"{where}, parameter 'types'")
    ever = countries_in(origin, scheme, None, where=f"{where}, parameter 'origin'")
    d = displacement.displaced(types=kinds, by=displacement.KEYS, origins=ever, vintage=vintage)
    what = f"displacement from {','.join(origin)}"
    p = period_of(years, *span(d, what), what=what)
    rows, used = [], []
    for y in p.years:
        o = countries_in(origin, scheme, y, where=where)
        h = countries_in(host, scheme, y, where=where)
        sel = d[(d.year == y) & _in(d.origin_iso3, o) & _in(d.asylum_iso3, h)]
        used.append(sel)
        by_type = sel.groupby("population_type")["persons"].sum()
        rows.append({"year": y, "persons": sel.persons.sum(min_count=1),
                     **{t: by_type.get(t) for t in kinds}})
    prov = Provenance.of(*used, *place_sources(origin, host))
    return pd.DataFrame(rows).assign(origin=",".join(origin), host=",".join(host), types=types,
                                     sources=prov.text())


@register(
    "hosted_share", group="displacement",
    title="People of a population-type set living in a set of places at year end, and their share of the world's",
    definition="UNHCR end-year stocks of the population-type set by country of asylum: those living in the host set "
               "(a region, a grouping's members of the year or countries), the world total, and the share.",
    formula="share_t = Σ_{a ∈ host(t)} stock_{a,t} / Σ_a stock_{a,t}",
    references=(UNHCR_STATS,),
    params=(Param("host", "str_list", "americas", help="a region label of the scheme, a grouping, 'americas' or ISO3 "
                  "codes"),
            P_SCHEME, P_TYPES, P_YEARS, VINTAGE),
)
def hosted_share(host: list[str], scheme: str, types: str, years, vintage: str) -> pd.DataFrame:
    where = "indicator 'hosted_share'"
    kinds = types_of(types, f"{where}, parameter 'types'")
    countries_in(host, scheme, None, where=f"{where}, parameter 'host'")  # validate before reading
    d = displacement.by_host(kinds, vintage=vintage)
    p = period_of(years, *span(d, "displacement"), what="displacement")
    rows = []
    d = d[d.year.between(p.first_year, p.last_year)]
    for y, g in d.groupby("year"):
        h = countries_in(host, scheme, int(y), where=where)
        hosted, world = g.loc[_in(g.asylum_iso3, h), "persons"].sum(), g.persons.sum()
        rows.append({"year": int(y), "hosted": hosted, "world": world, "share": formulas.safe_ratio(hosted, world)})
    prov = Provenance.of(d, *place_sources(host))
    return pd.DataFrame(rows).assign(host=",".join(host), types=types, sources=prov.text())

"""Representation: whom a resettlement country resettles versus where the world's displaced come from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hemigov.core.errors import InputError, no_data
from hemigov.core.provenance import COLUMN, Provenance
from hemigov.geo import regions
from hemigov.indicators import formulas
from hemigov.indicators.registry import VINTAGE, Param, months_of, period_of, register, span
from hemigov.indicators.selection import (
    countries_in,
    countries_source,
    in_region,
    place_sources,
    region_label,
    region_labels,
)
from hemigov.series import displacement, resettlement
from hemigov.series.base import memo

UNHCR_STATS = ("UNHCR Refugee Population Statistics Database (population, solutions, flows), "
               "https://www.unhcr.org/refugee-statistics/")
DUNCAN = ("Duncan, O. D. & Duncan, B. (1955). A methodological analysis of segregation indexes. American "
          "Sociological Review 20(2), 210-217.")
IRCC_PR = ("Immigration, Refugees and Citizenship Canada (IRCC), admissions of permanent residents by country of "
           "citizenship and immigration category (monthly), https://open.canada.ca/data/en/dataset/"
           "f7e5498e-0ad8-4417-85c9-9b8aff9b9eda")
ALL = "(all)"

P_YEARS = Param("years", "years", "2015-2020", help="YYYY, YYYY-YYYY, YYYY-latest or latest")
P_SCHEME = Param("scheme", "str", "paper", help="region scheme (docs/definitions.md)", choices=tuple(regions.SCHEMES))
P_MEASURE = Param("measure", "str", "stock", help="displacement: end-year stocks or new displacement (flows)",
                  choices=tuple(displacement.MEASURES))


def representation_table(resettled: pd.DataFrame, displaced: pd.DataFrame, *, region: pd.Series,
                         all_regions: list[str]) -> pd.DataFrame:
    """:func:`representation_shares` of frames by origin: each origin counted in its region.

    Parameters
    ----------
    resettled : columns destination, origin_iso3, persons (summed over the period).
    displaced : columns origin_iso3, persons (summed over the same period).
    region : iso3 -> region label; origins not in it count as '(unclassified)'.
    all_regions : every region of the scheme (rows are produced for regions with no resettlement).

    Returns
    -------
    DataFrame
        As :func:`representation_shares`.

    Notes
    -----
    Mapping an origin to a region is the only step; the shares are :func:`representation_shares`'s.

    References
    ----------
    Duncan & Duncan (1955) for the index.
    """
    def regional(df: pd.DataFrame) -> pd.DataFrame:
        return df.assign(region=df.origin_iso3.map(region).fillna(regions.UNCLASSIFIED))

    return representation_shares(regional(resettled), regional(displaced), all_regions=all_regions)


def representation_shares(resettled: pd.DataFrame, displaced: pd.DataFrame, *,
                          all_regions: list[str]) -> pd.DataFrame:
    """Resettlement shares by origin region against displacement shares, per destination.

    Parameters
    ----------
    resettled : columns destination, region, persons (any number of rows per destination and region: they
        are summed over the period).
    displaced : columns region, persons (summed over the same period).
    all_regions : every region of the scheme (rows are produced for regions with no resettlement; a region
        outside it is left out of both sides).

    Returns
    -------
    DataFrame
        One row per (destination, region): ``resettled``, ``resettled_total``, ``s_r``, ``displaced``,
        ``displaced_total``, ``d_r``, ``ratio`` = s_r / d_r and ``dissimilarity`` = ½ Σ_r |s_r − d_r|
        (the same on every row of a destination).

    Notes
    -----
    s_r = R_r / Σ R (resettlement from region r over all resettlement by the destination in the period);
    d_r = D_r / Σ D (cross-border displaced from r over all cross-border displaced). Over several years
    both are pooled: sums of annual arrivals and of end-year stocks (person-years), not means of annual
    shares. ratio < 1: the region is under-represented in resettlement relative to its displacement.

    References
    ----------
    Duncan & Duncan (1955) for the index; UNHCR (2024) Global Trends for the displacement categories.
    """
    slots = pd.Index(all_regions)

    def by_region(df: pd.DataFrame) -> pd.Series:
        # a sum per region by position (no groupby: this runs on every dashboard request)
        pos, values = slots.get_indexer(df["region"]), df["persons"]
        # a missing count adds nothing (as pandas' sum skips it); counts stay integers
        values = (values.fillna(0).to_numpy(dtype="int64") if values.dtype.kind in "iu"
                  else values.astype(float).fillna(0.0).to_numpy())
        out = np.zeros(len(slots), dtype=values.dtype)
        np.add.at(out, pos[pos >= 0], values[pos >= 0])
        return pd.Series(out, index=slots)

    d = by_region(displaced)
    d_share = formulas.shares(d)
    dests = list(pd.unique(resettled["destination"]))
    cols: dict[str, list] = {k: [] for k in ("resettled", "resettled_total", "s_r", "ratio", "dissimilarity")}
    for dest in dests:
        r = by_region(resettled[resettled["destination"] == dest]) if len(dests) > 1 else by_region(resettled)
        s_share = formulas.shares(r)
        cols["resettled"].append(r.to_numpy())
        cols["resettled_total"].append(np.full(len(slots), r.sum()))
        cols["s_r"].append(s_share.to_numpy())
        cols["ratio"].append(formulas.safe_ratio(s_share, d_share).to_numpy())
        cols["dissimilarity"].append(np.full(len(slots), formulas.dissimilarity(s_share, d_share)))
    k = len(dests)  # one frame at the end: this runs on every dashboard request
    return pd.DataFrame({
        "destination": np.repeat(np.array(dests, dtype=object), len(slots)), "region": list(all_regions) * k,
        "resettled": np.concatenate(cols["resettled"]), "resettled_total": np.concatenate(cols["resettled_total"]),
        "s_r": np.concatenate(cols["s_r"]), "displaced": np.tile(d.to_numpy(), k),
        "displaced_total": np.full(len(slots) * k, d.sum()), "d_r": np.tile(d_share.to_numpy(), k),
        "ratio": np.concatenate(cols["ratio"]), "dissimilarity": np.concatenate(cols["dissimilarity"])})


def destinations(spec: list[str], where: str) -> list[str]:
    """``peers`` -> the peers (:data:`hemigov.geo.regions.PEERS`) and ``(all)``; ``all`` -> ``(all)``, every
    resettlement country pooled; otherwise ISO3 codes or groupings (unknown codes are bad input)."""
    out: list[str] = []
    for s in spec:
        low = s.strip().lower()
        add = ([*regions.PEERS, ALL] if low == "peers" else [ALL] if low in ("all", ALL)
               else regions.country_codes([s], where))
        out += [a for a in add if a not in out]
    return out


def _years_shared(*frames: pd.DataFrame, what: str) -> tuple[int, int]:
    spans = [span(f, what) for f in frames]
    return max(a for a, _ in spans), min(b for _, b in spans)


def _in_years(df: pd.DataFrame, period) -> pd.DataFrame:
    return df[df.year.between(period.first_year, period.last_year)]


@register(
    "representation", group="representation",
    title="Resettlement share by origin region vs share of global cross-border displacement",
    definition="For each resettlement country and origin region r: s_r, its share of the country's resettlement "
               "arrivals; d_r, r's share of the world's cross-border displaced (refugees + asylum-seekers + other "
               "people in need of international protection) by origin; s_r/d_r; and the dissimilarity index.",
    formula="s_r = R_r/ΣR; d_r = D_r/ΣD; ratio = s_r/d_r; D = ½·Σ_r|s_r − d_r| (pooled over the years)",
    references=(UNHCR_STATS, DUNCAN),
    params=(Param("destination", "str_list", "CAN", help="ISO3 codes, 'peers' (the peers and every resettlement "
                  "country pooled) or 'all' (every resettlement country pooled)"),
            P_YEARS, P_SCHEME, P_MEASURE,
            Param("source", "str", "unhcr", help="resettlement arrivals: UNHCR solutions or IRCC (Canada only: the "
                  "printed 'Resettled Refugee' subtotal rows)", choices=resettlement.SOURCES_OF_RESETTLEMENT),
            VINTAGE),
)
def representation(destination: list[str], years, scheme: str, measure: str, source: str,
                   vintage: str) -> pd.DataFrame:
    where = "indicator 'representation'"
    dests = destinations(destination, where)
    if source == "ircc" and dests != ["CAN"]:
        raise InputError(None, where, "source=ircc covers Canada only (destination=CAN)")
    cube = _cube(source, scheme, measure, vintage)
    p = period_of(years, *cube.span, what=f"resettlement ({source}) and displacement ({measure})")
    t = slice(int(np.searchsorted(cube.years, p.first_year)), int(np.searchsorted(cube.years, p.last_year, "right")))
    index = {d: (slice(None) if d == ALL else cube.destinations.get(d)) for d in dests}
    missing = [d for d, i in index.items() if d != ALL and (i is None or not cube.present[i, t].any())]
    if missing:
        raise no_data(f"resettlement to {', '.join(missing)} in {p.label()} ({source})")
    n = len(cube.regions)
    used = pd.DataFrame({"destination": np.repeat(dests, n), "region": cube.regions * len(dests),
                         "persons": np.concatenate([cube.resettled[i, t].sum(axis=(0, 1) if d == ALL else 0)
                                                    for d, i in index.items()])})
    disp = pd.DataFrame({"region": cube.regions, "persons": cube.displaced[t].sum(axis=0)})
    out = representation_shares(used, disp, all_regions=cube.regions)
    texts: set[str] = set()
    for cells in [*(cube.files[i, t].ravel() for i in index.values()), cube.displaced_files[t]]:
        for cell in cells:
            texts.update(cell)
    prov = Provenance.of(*texts, countries_source())
    same = {"scheme": scheme, "period": p.label(), "measure": measure, "source": source, COLUMN: prov.text()}
    return pd.concat([out, pd.DataFrame({k: [v] * len(out) for k, v in same.items()})], axis=1)  # 3x .assign's speed


@dataclass(frozen=True)
class Cube:
    """Resettlement by destination, year and region and displacement by year and region as arrays: what a
    request slices and sums (the dashboard asks for a new destination or period on every click)."""

    span: tuple[int, int]          # the years both tables cover
    years: np.ndarray              # every year of either table, ascending
    destinations: dict[str, int]   # ISO3 -> row of ``resettled``
    regions: list[str]             # the scheme's regions, sorted (an origin outside them counts on neither side)
    resettled: np.ndarray          # [destination, year, region] persons
    present: np.ndarray            # [destination, year]: the table has rows (zeros included)
    files: np.ndarray              # [destination, year] the ``sources`` texts of those rows (a tuple each)
    displaced: np.ndarray          # [year, region] persons
    displaced_files: np.ndarray    # [year] the ``sources`` texts of the displacement rows


@memo
def _cube(source: str, scheme: str, measure: str, vintage: str) -> Cube:
    res = resettlement.by_region(source, scheme=scheme, vintage=vintage)
    disp = displacement.by_origin_region(scheme=scheme, measure=measure, vintage=vintage)
    first_last = _years_shared(res, disp, what=f"resettlement ({source})")
    years = np.array(sorted(set(res.year) | set(disp.year)))
    dests = {d: i for i, d in enumerate(sorted(set(res.destination_iso3)))}
    regs = sorted(region_labels(scheme))
    shape = (len(dests), len(years))
    resettled, present = np.zeros((*shape, len(regs)), dtype="int64"), np.zeros(shape, dtype=bool)
    files = np.empty(shape, dtype=object)
    files.fill(())
    displaced, displaced_files = np.zeros((len(years), len(regs)), dtype="int64"), np.empty(len(years), dtype=object)
    displaced_files.fill(())
    y_at, r_at = {int(y): i for i, y in enumerate(years)}, {r: i for i, r in enumerate(regs)}
    for d, y, r, n, text in zip(res.destination_iso3, res.year, res.region, res.persons, res[COLUMN], strict=True):
        i, j = dests[d], y_at[int(y)]
        present[i, j] = True
        files[i, j] = (*files[i, j], text)
        if r in r_at and not pd.isna(n):
            resettled[i, j, r_at[r]] += int(n)
    for y, r, n, text in zip(disp.year, disp.region, disp.persons, disp[COLUMN], strict=True):
        j = y_at[int(y)]
        displaced_files[j] = (*displaced_files[j], text)
        if r in r_at and not pd.isna(n):
            displaced[j, r_at[r]] += int(n)
    return Cube(first_last, years, dests, regs, resettled, present, files, displaced, displaced_files)


def displacement_shares(displaced: pd.DataFrame, region: pd.Series) -> pd.DataFrame:
    """Each region's share of cross-border displacement per year.

    Parameters
    ----------
    displaced : columns year, origin_iso3, persons.
    region : iso3 -> region label.

    Returns
    -------
    DataFrame with year, region, displaced, world, share (shares sum to 1 within each year).

    Notes
    -----
    share_r,t = D_r,t / Σ_r D_r,t with D the cross-border displaced by origin.

    References
    ----------
    UNHCR (2024). Global Trends: Forced Displacement in 2023 (displacement by region of origin).
    """
    reg = displaced.origin_iso3.map(region).fillna(regions.UNCLASSIFIED)
    g = displaced.assign(region=reg).groupby(["year", "region"], as_index=False)["persons"].sum()
    g = g.rename(columns={"persons": "displaced"})
    g["world"] = g.groupby("year")["displaced"].transform("sum")
    g["share"] = formulas.safe_ratio(g.displaced.astype(float), g.world)
    return g


@register(
    "displacement_share", group="representation",
    title="Each region's share of global cross-border displacement by origin, per year and pooled",
    definition="Cross-border displaced (refugees + asylum-seekers + other people in need of international "
               "protection, UNHCR end-year stocks or new displacement) from each origin region as a share of the "
               "world total; one row per year and region plus pooled rows (year = NULL, period = 'YYYY-YYYY').",
    formula="share_r,t = D_r,t / Σ_r D_r,t; pooled: Σ_t D_r,t / Σ_t Σ_r D_r,t",
    references=(UNHCR_STATS,),
    params=(P_YEARS, P_SCHEME, P_MEASURE,
            Param("region", "str", None, help="keep one region only (a label of the scheme)"), VINTAGE),
)
def displacement_share(years, scheme: str, measure: str, region: str | None, vintage: str) -> pd.DataFrame:
    where = "indicator 'displacement_share'"
    if region is not None:
        region = region_label(scheme, region, where)
    disp = displacement.by_origin(measure=measure, vintage=vintage)
    p = period_of(years, *span(disp, f"displacement ({measure})"), what=f"displacement ({measure})")
    disp = _in_years(disp, p)
    reg = regions.region_of(scheme)
    annual = displacement_shares(disp, reg).assign(period=lambda d: d.year.astype(str))
    pooled = displacement_shares(disp.assign(year=0), reg).assign(year=pd.NA, period=p.label())
    out = pd.concat([annual, pooled], ignore_index=True) if p.first_year != p.last_year else annual
    if region is not None:
        out = out[out.region == region]
    out = out.assign(year=out.year.astype("Int64"))
    prov = Provenance.of(disp, countries_source())
    return out.reset_index(drop=True).assign(scheme=scheme, measure=measure, sources=prov.text())


def scenario_places(total_resettled: pd.Series, region_share: pd.Series, actual: pd.Series) -> pd.DataFrame:
    """Places a country would give a region if its resettlement mirrored displacement.

    Parameters
    ----------
    total_resettled : the country's resettlement arrivals per year (all origins).
    region_share : the region's share of global cross-border displacement per year (d_r).
    actual : the country's arrivals from the region per year.

    Returns
    -------
    DataFrame with scenario_places = total × d_r, actual, gap = scenario_places − actual.

    Notes
    -----
    Holds the country's total intake fixed and only changes its mix: a counterfactual allocation, not a
    forecast.

    References
    ----------
    UNHCR (2019). Global Compact on Refugees, para. 91 (resettlement as responsibility-sharing).
    """
    places = total_resettled.astype(float) * region_share.astype(float)
    return pd.DataFrame({"total_resettled": total_resettled, "d_r": region_share, "scenario_places": places,
                         "actual": actual, "gap": places - actual.astype(float)})


@register(
    "resettlement_scenario", group="representation",
    title="Places per year if a country resettled from a region at the region's share of global displacement",
    definition="For each year: the destination's total resettlement arrivals T_t, the region's share d_r,t of "
               "global cross-border displacement, the scenario T_t·d_r,t, the actual arrivals from the region and "
               "the gap.",
    formula="scenario_t = T_t · d_r,t; gap_t = scenario_t − actual_t",
    references=(UNHCR_STATS, "UNHCR (2018). Global Compact on Refugees, A/73/12 (Part II), paras 90-93."),
    params=(Param("destination", "iso3", "CAN", help="resettlement country"), P_YEARS, P_SCHEME, P_MEASURE,
            Param("region", "str", None, help="origin region (default: the Americas under the scheme)"), VINTAGE),
)
def resettlement_scenario(destination: str, years, scheme: str, measure: str, region: str | None,
                          vintage: str) -> pd.DataFrame:
    region = region_label(scheme, region, "indicator 'resettlement_scenario'")
    res = resettlement.resettlement("unhcr", vintage=vintage)
    disp = displacement.by_origin(measure=measure, vintage=vintage)
    p = period_of(years, *_years_shared(res, disp, what="resettlement"),
                  what=f"resettlement and displacement ({measure})")
    res = _in_years(res, p)
    res = res[res.destination_iso3 == destination]
    if res.empty:
        raise no_data(f"resettlement to {destination} in {p.label()}")
    disp = _in_years(disp, p)
    shares = displacement_shares(disp, regions.region_of(scheme))
    d_r = shares[shares.region == region].set_index("year")["share"]
    yrs = pd.Index(p.years, name="year")
    total = res.groupby("year")["persons"].sum().reindex(yrs, fill_value=0)
    from_r = res[in_region(res.origin_iso3, scheme, region)].groupby("year")["persons"].sum()
    out = scenario_places(total, d_r.reindex(yrs), from_r.reindex(yrs, fill_value=0)).reset_index()
    prov = Provenance.of(res, disp, countries_source())
    return out.assign(destination=destination, region=region, scheme=scheme, measure=measure, sources=prov.text())


@register(
    "ircc_resettlement", group="representation",
    title="Refugees resettled to Canada (IRCC) from an origin, with the range suppressed cells leave open",
    definition="IRCC's admissions of resettled refugees (the printed 'Resettled Refugee' subtotal rows, GAR + PSR + "
               "BVOR, per citizenship and month) summed over a period of months, from an origin (a region of the "
               "scheme, countries or a grouping; default every origin), its share of all resettled refugees, and "
               "the intervals the suppressed cells ('--' = 1 to 4 people) leave open.",
    formula="persons = Σ printed cells; low/high = persons + (1|4)·suppressed; share = persons/total; share "
            "bounds: own suppressed cells at 1 and the others at 4, and the reverse",
    references=(IRCC_PR,),
    params=(Param("origin", "str_list", None, help="a region label of the scheme (or '(unclassified)'), ISO3 codes or "
                  "a grouping; none for every origin"),
            Param("scheme", "str", "paper", help="region scheme for a region-label origin",
                  choices=tuple(regions.SCHEMES)),
            Param("period", "period", "2015-2020", help="years or months: 2015-2020, 2015-01..2020-06, latest"),
            VINTAGE),
)
def ircc_resettlement(origin: list[str] | None, scheme: str, period: str, vintage: str) -> pd.DataFrame:
    where = "indicator 'ircc_resettlement'"
    cells = resettlement.ircc_monthly(vintage=vintage)
    if cells.empty:
        raise no_data("IRCC resettled refugees")
    ym = cells.year * 100 + cells.month
    first, last = int(ym.min()), int(ym.max())
    p = months_of(period, (first // 100, first % 100), (last // 100, last % 100), what="IRCC resettled refugees")
    lo, hi = p.ym_bounds()
    cells = cells[ym.between(lo, hi)]
    if origin is None:
        own = cells
    elif len(origin) == 1 and origin[0] in region_labels(scheme):
        own = cells[in_region(cells.citizenship_iso3, scheme, origin[0])]
    else:
        own = cells[cells.citizenship_iso3.isin(countries_in(origin, scheme, p.last_year, where=where))]
    persons, n = float(own.persons.sum()), int(own.suppressed.sum())
    total, n_all = float(cells.persons.sum()), int(cells.suppressed.sum())
    low, high = resettlement.bounds(persons, n)
    share_low, share_high = formulas.share_bounds(part=persons, part_suppressed=n, total=total, total_suppressed=n_all)
    prov = Provenance.of(cells, *place_sources(origin))
    return pd.DataFrame([{
        "period": p.label(), "origin": ",".join(origin) if origin else ALL, "scheme": scheme, "persons": int(persons),
        "suppressed_cells": n, "persons_low": low, "persons_high": high, "total": int(total),
        "total_suppressed_cells": n_all, "share": formulas.safe_ratio(persons, total), "share_low": share_low,
        "share_high": share_high, "sources": prov.text()}])


@register(
    "resettlement_rank", group="representation",
    title="Resettlement countries ranked by UNHCR resettlement arrivals over a period",
    definition="UNHCR resettlement arrivals per resettlement country summed over the years, each country's share "
               "of all arrivals and its rank (1 = the most arrivals).",
    formula="R_c = Σ_t arrivals_c,t; share_c = R_c/Σ_c R_c; rank by R_c, largest first",
    references=(UNHCR_STATS,),
    params=(Param("destination", "iso3_list", None, help="keep these resettlement countries (ranks stay among all); "
                  "none for every country"),
            P_YEARS, VINTAGE),
)
def resettlement_rank(destination: list[str] | None, years, vintage: str) -> pd.DataFrame:
    res = resettlement.resettlement("unhcr", vintage=vintage)
    p = period_of(years, *span(res, "resettlement (unhcr)"), what="resettlement (unhcr)")
    res = _in_years(res, p)
    g = res.groupby("destination_iso3", as_index=False)["persons"].sum().sort_values(
        ["persons", "destination_iso3"], ascending=[False, True], ignore_index=True)
    g["share"] = formulas.shares(g.persons)
    g["rank"] = g.persons.rank(ascending=False, method="min").astype(int)
    if destination is not None:
        g = g[g.destination_iso3.isin(destination)]
    return g.assign(period=p.label(), sources=Provenance.of(res).text()).reset_index(drop=True)

"""Representation: whom a resettlement country resettles versus where the world's displaced come from."""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import HemigovError
from hemigov.indicators import data, formulas
from hemigov.indicators.registry import Param, register

UNHCR_STATS = ("UNHCR Refugee Population Statistics Database (population, solutions, flows), "
               "https://www.unhcr.org/refugee-statistics/")
DUNCAN = ("Duncan, O. D. & Duncan, B. (1955). A methodological analysis of segregation indexes. American "
          "Sociological Review 20(2), 210-217.")

P_YEARS = Param("years", "years", "2015-2020", "YYYY, YYYY-YYYY, YYYY-latest or latest")
P_SCHEME = Param("scheme", "str", "paper", "region scheme", tuple(data.SCHEMES))
P_MEASURE = Param("measure", "str", "stock", "displacement: end-year stocks or new displacement (flows)",
                  ("stock", "flows"))


def representation_table(resettled: pd.DataFrame, displaced: pd.DataFrame, region: pd.Series,
                         all_regions: list[str]) -> pd.DataFrame:
    """Resettlement shares by origin region against displacement shares, per destination.

    Parameters
    ----------
    resettled : columns destination, origin_iso3, persons (summed over the period).
    displaced : columns origin_iso3, persons (summed over the same period).
    region : iso3 -> region label; origins not in it count as '(unclassified)'.
    all_regions : every region of the scheme (rows are produced for regions with no resettlement).

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
    def by_region(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        reg = df.origin_iso3.map(region).fillna(data.UNCLASSIFIED)
        return df.assign(region=reg).groupby([*keys, "region"], as_index=False)["persons"].sum()

    d = by_region(displaced, []).set_index("region")["persons"].reindex(all_regions, fill_value=0)
    d_share = formulas.shares(d)
    out = []
    for dest, grp in resettled.groupby("destination", sort=False):
        r = by_region(grp, []).set_index("region")["persons"].reindex(all_regions, fill_value=0)
        s_share = formulas.shares(r)
        out.append(pd.DataFrame({
            "destination": dest, "region": all_regions, "resettled": r.to_numpy(),
            "resettled_total": r.sum(), "s_r": s_share.to_numpy(), "displaced": d.to_numpy(),
            "displaced_total": d.sum(), "d_r": d_share.to_numpy(),
            "ratio": formulas.safe_ratio(s_share, d_share).to_numpy(),
            "dissimilarity": formulas.dissimilarity(s_share, d_share),
        }))
    return pd.concat(out, ignore_index=True)


def destinations(spec: list[str]) -> list[str]:
    """'peers' -> Canada and the issue's peers plus '(all)'; 'all' -> '(all)'; ISO3 codes pass."""
    out: list[str] = []
    for s in spec:
        low = s.lower()
        add = [*data.PEERS, "(all)"] if low == "peers" else ["(all)"] if low in ("all", "(all)") else [s.upper()]
        out += [a for a in add if a not in out]
    return out


def _bounds(measure: str, source: str) -> tuple[int, int]:
    view = "v_displacement" if measure == "stock" else "v_displacement_flows"
    d = data.year_bounds(view)
    r = data.year_bounds("v_resettlement", "source = ?", [source])
    return max(d[0], r[0]), min(d[1], r[1])


@register(
    "representation", group="representation",
    title="Resettlement share by origin region vs share of global cross-border displacement",
    definition="For each resettlement country and origin region r: s_r, its share of the country's resettlement "
               "arrivals; d_r, r's share of the world's cross-border displaced (refugees + asylum-seekers + other "
               "people in need of international protection) by origin; s_r/d_r; and the dissimilarity index.",
    formula="s_r = R_r/ΣR; d_r = D_r/ΣD; ratio = s_r/d_r; D = ½·Σ_r|s_r − d_r| (pooled over the years)",
    references=(UNHCR_STATS, DUNCAN),
    params=(Param("destination", "str_list", "CAN", "ISO3 codes, 'peers' (Canada, USA, AUS, GBR, DEU, SWE, NOR, "
                  "NZL, FRA and all) or 'all' (every resettlement country pooled)"),
            P_YEARS, P_SCHEME, P_MEASURE,
            Param("source", "str", "unhcr", "resettlement arrivals: UNHCR solutions or IRCC (Canada only)",
                  ("unhcr", "ircc"))),
)
def representation(destination: list[str], years, scheme: str, measure: str, source: str) -> pd.DataFrame:
    dests = destinations(destination)
    if source == "ircc" and dests != ["CAN"]:
        raise HemigovError("indicator 'representation': source=ircc covers Canada only (destination=CAN)")
    y = data.resolve_years(years, _bounds(measure, source), f"resettlement ({source}) and displacement ({measure})")
    res = data.resettlement(y, source)
    disp = data.displacement_by_origin(y, measure)
    known = set(res.destination_iso3)
    missing = [d for d in dests if d != "(all)" and d not in known]
    if missing:
        raise HemigovError(f"indicator 'representation': no resettlement to {', '.join(missing)} in {y[0]}-{y[1]} "
                           f"({source})")
    frames = [res.assign(destination="(all)") if d == "(all)" else res[res.destination_iso3 == d].assign(destination=d)
              for d in dests]
    region = data.region_of(scheme)
    all_regions = sorted({*region, data.UNCLASSIFIED})
    out = representation_table(pd.concat(frames, ignore_index=True), disp, region, all_regions)
    return out.assign(scheme=scheme, period=f"{y[0]}-{y[1]}", measure=measure, source=source,
                      **data.provenance(res, disp, extra=(data.COUNTRIES_PROV,)))


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
    reg = displaced.origin_iso3.map(region).fillna(data.UNCLASSIFIED)
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
            Param("region", "str", None, "keep one region only (a label of the scheme)")),
)
def displacement_share(years, scheme: str, measure: str, region: str | None) -> pd.DataFrame:
    view = "v_displacement" if measure == "stock" else "v_displacement_flows"
    y = data.resolve_years(years, data.year_bounds(view), view)
    disp = data.displacement_by_origin(y, measure)
    reg = data.region_of(scheme)
    annual = displacement_shares(disp, reg).assign(period=lambda d: d.year.astype(str))
    pooled = displacement_shares(disp.assign(year=0), reg).assign(year=pd.NA, period=f"{y[0]}-{y[1]}")
    out = pd.concat([annual, pooled], ignore_index=True) if y[0] != y[1] else annual
    if region is not None:
        known = sorted({*reg, data.UNCLASSIFIED})
        if region not in known:
            raise HemigovError(f"indicator 'displacement_share': unknown region {region!r} in scheme {scheme!r}; "
                               f"known: {', '.join(known)}")
        out = out[out.region == region]
    out = out.assign(year=out.year.astype("Int64"))
    return out.reset_index(drop=True).assign(scheme=scheme, measure=measure,
                                             **data.provenance(disp, extra=(data.COUNTRIES_PROV,)))


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
    params=(Param("destination", "iso3", "CAN", "resettlement country"), P_YEARS, P_SCHEME, P_MEASURE,
            Param("region", "str", None, "origin region (default: the Americas under the scheme)")),
)
def resettlement_scenario(destination: str, years, scheme: str, measure: str, region: str | None) -> pd.DataFrame:
    region = region or data.AMERICAS[scheme]
    reg = data.region_of(scheme)
    known = sorted({*reg, data.UNCLASSIFIED})
    if region not in known:
        raise HemigovError(f"indicator 'resettlement_scenario': unknown region {region!r} in scheme {scheme!r}; "
                           f"known: {', '.join(known)}")
    y = data.resolve_years(years, _bounds(measure, "unhcr"), f"resettlement and displacement ({measure})")
    res = data.resettlement(y, "unhcr")
    res = res[res.destination_iso3 == destination]
    if res.empty:
        raise HemigovError(f"indicator 'resettlement_scenario': no resettlement to {destination} in {y[0]}-{y[1]}")
    disp = data.displacement_by_origin(y, measure)
    shares = displacement_shares(disp, reg)
    d_r = shares[shares.region == region].set_index("year")["share"]
    yrs = pd.Index(range(y[0], y[1] + 1), name="year")
    total = res.groupby("year")["persons"].sum().reindex(yrs, fill_value=0)
    from_r = res[res.origin_iso3.map(reg).fillna(data.UNCLASSIFIED) == region].groupby("year")["persons"].sum()
    out = scenario_places(total, d_r.reindex(yrs), from_r.reindex(yrs, fill_value=0)).reset_index()
    return out.assign(destination=destination, region=region, scheme=scheme, measure=measure,
                      **data.provenance(res, disp, extra=(data.COUNTRIES_PROV,)))

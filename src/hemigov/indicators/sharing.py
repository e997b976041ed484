"""Responsibility-sharing in money and in a combined effort: a donor's UNHCR money by region against where the
displaced are, and one index of hosting, resettlement and money relative to capacity (Thielemann)."""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import InputError, bad_value, no_data
from hemigov.core.provenance import Provenance
from hemigov.geo import regions
from hemigov.indicators import formulas
from hemigov.indicators.registry import VINTAGE, Param, period_of, register, span
from hemigov.indicators.selection import countries_source, place_sources
from hemigov.series import displacement, economy, money, reference, resettlement

UNHCR_IATI = ("UNHCR, IATI activity files 2016-2023 (publisher XM-DAC-41121), incoming commitments (transaction "
              "type 11) by activity and earmarking, via unhcr-americas/iati; CC BY 4.0.")
UNHCR_STATS = ("UNHCR Refugee Population Statistics Database (population, solutions), "
               "https://www.unhcr.org/refugee-statistics/")
THIELEMANN_2003 = ("Thielemann, E. R. (2003). Between interests and norms: explaining burden-sharing in the European "
                   "Union. Journal of Refugee Studies 16(3), 253-273. doi:10.1093/jrs/16.3.253")
THIELEMANN_2018 = ("Thielemann, E. (2018). Why refugee burden-sharing initiatives fail: public goods, free-riding and "
                   "symbolic solidarity in the EU. Journal of Common Market Studies 56(1), 63-82. "
                   "doi:10.1111/jcms.12662")
WDI = "World Bank, World Development Indicators: SP.POP.TOTL, NY.GDP.PCAP.PP.CD."

#: Earmarking levels that name a region (a bureau's regional activity or a country operation inside it).
ALLOCATED = ("regional", "country")
#: The unit displacement is counted in for a bureau: people hosted in its countries (what its operations serve) or
#: people from its countries.
DISPLACED_BY = {"hosted": "asylum_iso3", "origin": "origin_iso3"}
UNALLOCATED_NOTE = ("unearmarked and global money is allocated to no region: the share is of the donor's money "
                    "earmarked to regions and countries and understates what reaches the region, since UNHCR "
                    "allocates the rest itself")

POP, GDP_PPP_PC = economy.POPULATION, economy.GDP_PPP_PC
COMPONENTS = ("hosting", "resettlement", "money")
DEFAULT_WEIGHTS = "1,1,1"


def _years(years, frames: dict[str, pd.DataFrame]):
    spans = {what: span(f, what) for what, f in frames.items()}
    lo, hi = max(a for a, _ in spans.values()), min(b for _, b in spans.values())
    return period_of(years, lo, hi, what=" and ".join(spans))


def _in(df: pd.DataFrame, p) -> pd.DataFrame:
    return df[df.year.between(p.first_year, p.last_year)]


@register(
    "funding_share", group="money",
    title="A donor's UNHCR money to a region as a share of its earmarked money, against the region's share of "
          "the displaced",
    definition="For a donor and a UNHCR regional bureau, per year and pooled: the donor's incoming commitments to "
               "UNHCR earmarked to the bureau (its regional activity and its country operations) as a share of the "
               "donor's commitments earmarked to any bureau or country (unearmarked and global money is allocated "
               "to no region and left out), against the bureau's share of the world's cross-border displaced "
               "(hosted in its countries, or from them), and the ratio of the two.",
    formula="f_r = F_r/ΣF (F: regional + country earmarking); d_r = D_r/ΣD; ratio = f_r/d_r; pooled: sums over "
            "the years",
    references=(UNHCR_IATI, UNHCR_STATS),
    params=(Param("donor", "iso3", "CAN", help="the donor government (ISO3)"),
            Param("region", "str", regions.AMERICAS.label, help="a UNHCR regional bureau",
                  choices=regions.labels(regions.AMERICAS.scheme)),
            Param("years", "years", "2016-latest", help="YYYY, YYYY-YYYY, YYYY-latest or latest (IATI: 2016-2023)"),
            Param("displaced", "str", "hosted", help="count the displaced hosted in the bureau's countries (what "
                  "its operations serve) or those from them", choices=tuple(DISPLACED_BY)),
            VINTAGE),
)
def funding_share(donor: str, region: str, years, displaced: str, vintage: str) -> pd.DataFrame:
    where = "indicator 'funding_share'"
    fund = money.funding(vintage=vintage)
    disp = (displacement.by_host if displaced == "hosted" else displacement.by_origin)(vintage=vintage)
    p = _years(years, {"UNHCR IATI commitments": fund, "displacement": disp})
    fund, disp = _in(fund, p), _in(disp, p)
    # UNHCR's African bureaux were one ('Africa') until 2019 and three from 2020, not all named as in countries.csv:
    # a year whose files do not name the bureau would read as no money, so it is bad input
    missing = [y for y in p.years if not ((fund.year == y) & (fund.region == region)).any()]
    if missing:
        named = sorted(set(fund.loc[fund.year.isin(missing), "region"].dropna()))
        raise InputError(None, f"{where}, parameter 'region'", f"UNHCR's IATI files for "
                         f"{', '.join(map(str, missing))} name no bureau {region!r} (they name: {', '.join(named)})")
    mine = fund[fund.donor_iso3 == donor]
    if mine.empty:
        raise no_data(f"UNHCR commitments by {donor} in {p.label()}")
    code = disp[DISPLACED_BY[displaced]]
    disp = disp.assign(region=regions.regions_of(code, regions.AMERICAS.scheme))
    yearly = _funding_rows(mine, disp, region)
    rows = [yearly.assign(period=yearly.year.astype(str))]
    if p.first_year != p.last_year:
        pooled = _funding_rows(mine.assign(year=0), disp.assign(year=0), region)
        rows.append(pooled.assign(year=pd.NA, period=p.label()))
    out = pd.concat(rows, ignore_index=True)
    out = out.assign(year=out.year.astype("Int64"))
    prov = Provenance.of(mine, disp, countries_source())
    return out.assign(donor=donor, region=region, displaced=displaced, notes=UNALLOCATED_NOTE, sources=prov.text())


def _funding_rows(mine: pd.DataFrame, disp: pd.DataFrame, region: str) -> pd.DataFrame:
    """Per year: the donor's money to the region (split by earmarking), allocated, unallocated and total, and the
    region's displaced against the world's."""
    allocated = mine.earmarking.isin(ALLOCATED)
    to_r = mine[allocated & (mine.region == region)]
    yrs = sorted(set(mine.year) | set(disp.year))

    def by_year(df: pd.DataFrame, col: str) -> pd.Series:
        return df.groupby("year")[col].sum().reindex(yrs, fill_value=0).astype(float)

    f = pd.DataFrame({
        "region_usd": by_year(to_r, "usd"),
        "region_country_usd": by_year(to_r[to_r.earmarking == "country"], "usd"),
        "region_regional_usd": by_year(to_r[to_r.earmarking == "regional"], "usd"),
        "allocated_usd": by_year(mine[allocated], "usd"),
        "unallocated_usd": by_year(mine[~allocated], "usd"),
        "total_usd": by_year(mine, "usd"),
        "displaced_in_region": by_year(disp[disp.region == region], "persons"),
        "displaced_world": by_year(disp, "persons"),
    })
    f = f[f.total_usd > 0]  # years with the donor's money only
    shares = formulas.funding_representation(f.region_usd, f.allocated_usd, f.displaced_in_region,
                                             f.displaced_world)
    f["share_of_total"] = formulas.safe_ratio(f.region_usd, f.total_usd)
    return pd.concat([f, shares], axis=1).rename_axis("year").reset_index()


# ---------------------------------------------------------------- responsibility effort
def _weights(values: list[str], where: str) -> dict[str, float]:
    w = f"{where}, parameter 'weights'"
    if len(values) != len(COMPONENTS):
        raise bad_value(w, ",".join(values), f"three weights (hosting, resettlement, money), e.g. {DEFAULT_WEIGHTS}")
    try:
        out = dict(zip(COMPONENTS, (float(v) for v in values), strict=True))
    except ValueError:
        raise bad_value(w, ",".join(values), "three numbers (hosting, resettlement, money)") from None
    if any(v < 0 or v != v for v in out.values()) or not sum(out.values()) > 0:
        raise bad_value(w, ",".join(values), "three weights >= 0, not all 0")
    return out


def effort_inputs(codes: list[str], years, vintage: str, where: str):
    """Hosting, resettlement and money of each country over the period, with population and GDP (PPP) summed over
    the same years; the relative effort of each component; the period; and the frames read."""
    hosted = displacement.by_host(vintage=vintage)
    res = resettlement.resettlement("unhcr", vintage=vintage)
    fund = money.funding(vintage=vintage)
    fund = fund[fund.donor_type == "government"]
    eco = economy.economy((POP, GDP_PPP_PC), vintage=vintage)
    p = _years(years, {"displacement": hosted, "resettlement (unhcr)": res, "UNHCR IATI commitments": fund,
                       "GDP (PPP) per capita": eco[eco.indicator == GDP_PPP_PC]})
    hosted = _in(hosted, p)[lambda d: d.asylum_iso3.isin(codes)]
    res = _in(res, p)[lambda d: d.destination_iso3.isin(codes)]
    fund = _in(fund, p)[lambda d: d.donor_iso3.isin(codes)]
    eco = _in(eco, p)[lambda d: d.iso3.isin(codes)]
    w = eco.pivot_table(index=["iso3", "year"], columns="indicator", values="value", aggfunc="first")
    # GDP (PPP) = GDP per capita (PPP) × population, as host_burden (WDI's total is not imported)
    gdp = (w.get(GDP_PPP_PC) * w.get(POP)).groupby(level="iso3").sum(min_count=1)
    pop = w.get(POP).groupby(level="iso3").sum(min_count=1)
    # a year without a country's population or GDP would bias its sums: keep only complete country-years
    complete = w[[POP, GDP_PPP_PC]].notna().all(axis=1).groupby(level="iso3").sum() == len(p.years)
    inputs = pd.DataFrame({
        "hosted": hosted.groupby("asylum_iso3")["persons"].sum(min_count=1),
        "resettled": res.groupby("destination_iso3")["persons"].sum(),
        "usd": fund.groupby("donor_iso3")["usd"].sum(),
        "population": pop.where(complete), "gdp_ppp": gdp.where(complete),
    }).reindex(codes)
    # no resettlement or UNHCR money recorded for a country in the period is none given, not unknown
    inputs[["resettled", "usd"]] = inputs[["resettled", "usd"]].fillna(0.0)
    efforts = pd.DataFrame({
        f"effort_{k}": formulas.relative_effort(inputs[c], inputs.population, inputs.gdp_ppp)
        for k, c in zip(COMPONENTS, ("hosted", "resettled", "usd"), strict=True)})
    return inputs, efforts, p, [hosted, res, fund, eco]


def _index_and_rank(efforts: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    idx = formulas.effort_index(efforts.rename(columns=lambda c: c.removeprefix("effort_")), weights)
    return pd.DataFrame({"index": idx, "rank": idx.rank(ascending=False, method="min").astype("Int64")})


P_COUNTRIES = Param("countries", "str_list", "peers", help="ISO3 codes, 'peers' or a grouping (at least two)")
P_EFFORT_YEARS = Param("years", "years", "latest", help="one year or a range (pooled); latest = newest year with "
                       "displacement, resettlement, UNHCR money and GDP PPP")
EFFORT_DEFINITION = (
    "For each country of a set (default: the peers): three contributions to refugee protection — cross-border "
    "displaced hosted at end-year, UNHCR resettlement arrivals and the government's incoming commitments to UNHCR "
    "(US$, IATI) — each as a relative effort, the mean of its relative burden against population and against GDP "
    "(PPP) within the set (1 = the country's proportional share); the index is their weighted mean")


def _check(codes: list[str], where: str) -> None:
    if len(codes) < 2:
        raise InputError(None, f"{where}, parameter 'countries'", "give at least two countries")


@register(
    "responsibility_effort", group="responsibility",
    title="Relative effort in hosting, resettlement and UNHCR money, and one combined index with ranks",
    definition=EFFORT_DEFINITION + " (default weights equal: a third each), ranked (1 = the largest effort).",
    formula="e_ik = ½·(x_ik/P_i)/(Σx_k/ΣP) + ½·(x_ik/G_i)/(Σx_k/ΣG); I_i = Σ_k w_k·e_ik/Σ_k w_k; rank by I_i",
    references=(THIELEMANN_2003, THIELEMANN_2018, UNHCR_STATS, UNHCR_IATI, WDI),
    params=(P_COUNTRIES, P_EFFORT_YEARS,
            Param("weights", "str_list", DEFAULT_WEIGHTS, help="weights of hosting, resettlement and money "
                  "(normalised to sum to 1)"),
            VINTAGE),
)
def responsibility_effort(countries: list[str], years, weights: list[str], vintage: str) -> pd.DataFrame:
    where = "indicator 'responsibility_effort'"
    codes = regions.country_codes(countries, f"{where}, parameter 'countries'")
    _check(codes, where)
    w = _weights(weights, where)
    inputs, efforts, p, frames = effort_inputs(codes, years, vintage, where)
    out = pd.concat([inputs, efforts, _index_and_rank(efforts, w)], axis=1).rename_axis("iso3").reset_index()
    out.insert(1, "name", out.iso3.map(reference.countries().set_index("iso3")["name"]))
    total = sum(w.values())
    shown = ", ".join(f"{k} {v / total:.3g}" for k, v in w.items())
    prov = Provenance.of(*frames, *place_sources(countries))
    return out.sort_values(["rank", "iso3"], na_position="last", ignore_index=True).assign(
        weights=shown, period=p.label(), sources=prov.text())


@register(
    "responsibility_effort_sensitivity", group="responsibility",
    title="The responsibility-effort index and a country's rank under every weighting on a grid",
    definition=EFFORT_DEFINITION + "; one row per weight vector on a grid of the given step (weights summing to 1, "
               "from hosting alone to money alone): the country's index, its rank among the set and the leader.",
    formula="w on {0, step, …, 1}³ with Σw = 1; I_i(w) = Σ_k w_k·e_ik; rank_i(w) among the set",
    references=(THIELEMANN_2018, "OECD & JRC (2008). Handbook on Constructing Composite Indicators: Methodology and "
                "User Guide. OECD Publishing, section 6 (uncertainty and sensitivity analysis)."),
    params=(P_COUNTRIES, P_EFFORT_YEARS,
            Param("country", "iso3", "CAN", help="the country whose index and rank are shown"),
            Param("step", "float", 0.25, help="grid step of the weights (must divide 1: 0.5, 0.25, 0.2, 0.1)"),
            VINTAGE),
)
def responsibility_effort_sensitivity(countries: list[str], years, country: str, step: float,
                                      vintage: str) -> pd.DataFrame:
    where = "indicator 'responsibility_effort_sensitivity'"
    codes = regions.country_codes(countries, f"{where}, parameter 'countries'")
    _check(codes, where)
    if country not in codes:
        raise InputError(None, f"{where}, parameter 'country'", f"{country} is not among the countries")
    try:
        grid = formulas.weight_grid(COMPONENTS, step)
    except ValueError:
        raise bad_value(f"{where}, parameter 'step'", step, "a step that divides 1 (0.5, 0.25, 0.2, 0.1)") from None
    if len(grid) > 300:
        raise bad_value(f"{where}, parameter 'step'", step, "a step of at least 0.05")
    _, efforts, p, frames = effort_inputs(codes, years, vintage, where)
    rows = []
    for w in grid:
        r = _index_and_rank(efforts, w)
        rows.append({**{f"w_{k}": v for k, v in w.items()}, "iso3": country, "index": r.loc[country, "index"],
                     "rank": r.loc[country, "rank"], "of": int(r["index"].notna().sum()),
                     "leader": r["index"].idxmax() if r["index"].notna().any() else None})
    prov = Provenance.of(*frames, *place_sources(countries))
    return pd.DataFrame(rows).assign(period=p.label(), sources=prov.text())

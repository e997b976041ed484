"""Money scenarios: what Canada's UNHCR funding to the Americas would be under a rule, and the leverage of a grant.

Money is UNHCR's own record of incoming commitments (IATI, :mod:`hemigov.series.money`), earmarked to a bureau
(regional or country earmarking); unearmarked and global money reaches no region in these records. Capacity is
the World Bank's GNI, Atlas method, current US$ (``NY.GNP.ATLS.CD``) or GDP, current US$ (``NY.GDP.MKTP.CD``):
the warehouse holds both (WDI), not GNI at PPP.
"""

from __future__ import annotations

import itertools

import pandas as pd

from hemigov.core import periods
from hemigov.core.errors import no_data
from hemigov.core.paths import PACKAGE_DATA
from hemigov.core.provenance import Provenance
from hemigov.geo import regions
from hemigov.scenarios import formulas
from hemigov.scenarios.registry import Computed, Param, register
from hemigov.scenarios.resettlement import VINTAGE
from hemigov.series import catalogue, displacement, economy, money, reference

EARMARKED = ("regional", "country")
CAPACITY = {"gni": economy.GNI, "gdp": economy.GDP}
#: Donor sets: the states that gave the region money that year, or every state that gave UNHCR money that year.
DONOR_SETS = ("americas", "all")
#: The paper's reference region for Canada's earmarking (UNHCR's bureau of that name).
MENA = regions.MENA.label
LEVERAGE = "hemigov.leverage_multipliers"
PAPER_LEVERAGE = ("con-cff-leverage-low", "con-cff-leverage-high")
BASES = ("paper", "paper+gcff")


def _period(label: str, f: pd.DataFrame, what: str) -> range:
    p = periods.parse(label).resolve(int(f.year.min()), int(f.year.max()), what)
    return range(p.first_year, p.last_year + 1)


def _states(f: pd.DataFrame) -> pd.DataFrame:
    return f[(f.donor_type == "government") & f.donor_iso3.notna()]


def _to(f: pd.DataFrame, region: str) -> pd.DataFrame:
    return f[f.earmarking.isin(EARMARKED) & (f.region == region)]


@register(
    "money_gni_share", group="money", unit="US$",
    title="Canada's UNHCR money to the Americas if its share of the states' money there matched its GNI share",
    summary="Σ_t pool_t·GNI_CAN,t/Σ GNI_donors,t: the money state donors earmarked to UNHCR's operations in the "
            "Americas each year (UNHCR IATI incoming commitments), shared by the donors' GNI (Atlas, US$).",
    assumptions=("The pool is what state donors actually earmarked to UNHCR's Americas bureau (regional and "
                 "country earmarking); unearmarked and global money reaches no region in UNHCR's records.",
                 "Donors are the governments in UNHCR's IATI file; the EU, pooled funds and private donors have no "
                 "GNI and are left out of both the pool and the shares.",
                 "Capacity is WDI GNI, Atlas method, current US$ (or GDP, current US$); the warehouse has no GNI at "
                 "PPP."),
    interval="The range of the rule over the donor set (states giving to the Americas, or every state giving to "
             "UNHCR) and the capacity measure (GNI or GDP); not a statistical interval.",
    params=(Param("years", "period", "2016-latest", help="UNHCR programme years (IATI: 2016 on)"),
            Param("donors", "choice", "americas", choices=DONOR_SETS,
                  help="americas: states that gave the Americas money that year; all: every state donor to UNHCR"),
            Param("capacity", "choice", "gni", choices=tuple(CAPACITY), help="GNI (Atlas) or GDP, current US$"),
            VINTAGE),
)
def gni_share(years: str, donors: str, capacity: str, vintage: str) -> Computed:
    """Canada's fair amount of the Americas pool by GNI share, per year and summed.

    Notes
    -----
    rule_t = pool_t · C_CAN,t / Σ_{donors} C_t (:func:`hemigov.scenarios.formulas.gni_share_rule`); the detail
    shows each year's pool, Canada's actual money, its capacity share and the rule under all four choices.

    References
    ----------
    Oxfam (2015). Syria Crisis Fair Share Analysis 2015; UNHCR IATI publication (incoming commitments).
    """
    f = _states(money.by_donor_and_region(vintage=vintage))
    yrs = _period(years, f, "UNHCR IATI funding")
    f = f[f.year.isin(yrs)]
    region = regions.AMERICAS.label
    to_r = _to(f, region)
    if to_r.empty:
        raise no_data(f"state money earmarked to {region} in {yrs.start}-{yrs.stop - 1}")
    pool = to_r.groupby("year").usd.sum().reindex(yrs, fill_value=0.0)
    actual = to_r[to_r.donor_iso3 == "CAN"].groupby("year").usd.sum().reindex(yrs, fill_value=0.0)
    eco = economy.economy(tuple(CAPACITY.values()), vintage=vintage)
    sets = {"americas": to_r[["year", "donor_iso3"]], "all": f[["year", "donor_iso3"]]}
    rules, shares, used_eco = {}, {}, []
    for (ds, cap) in itertools.product(DONOR_SETS, CAPACITY):
        members = sets[ds].drop_duplicates()
        e = eco[eco.indicator == CAPACITY[cap]].merge(members, left_on=["year", "iso3"],
                                                      right_on=["year", "donor_iso3"])
        used_eco.append(e)
        c = e.pivot_table(index="year", columns="iso3", values="value").reindex(yrs)
        c = c.reindex(columns=sorted(set(c.columns) | {"CAN"}))
        rules[(ds, cap)] = formulas.gni_share_rule(pool, c, "CAN")
        shares[(ds, cap)] = c["CAN"] / c.sum(axis=1, min_count=1)
    chosen = rules[(donors, capacity)]
    if chosen.isna().any():
        raise no_data(f"{capacity.upper()} for Canada in {', '.join(str(y) for y in chosen.index[chosen.isna()])}")
    totals = [float(r.sum()) for r in rules.values()]
    value, low, high = formulas.spread(totals, float(chosen.sum()))
    prov = Provenance.of(to_r, f, *[e for e in used_eco if not e.empty])
    detail = pd.DataFrame({"year": list(yrs), "pool_usd": pool.to_numpy(), "canada_usd": actual.to_numpy(),
                           "capacity_share": shares[(donors, capacity)].to_numpy(), "rule_usd": chosen.to_numpy()})
    for (ds, cap), r in rules.items():
        detail[f"rule_usd_{ds}_{cap}"] = r.to_numpy()
    notes = (f"Canada actually earmarked US${actual.sum() / 1e6:,.2f}M to the Americas in "
             f"{yrs.start}-{yrs.stop - 1}.",)
    return Computed(value, low, high, detail.assign(sources=prov.text()), notes)


@register(
    "money_mena_ratio", group="money", unit="US$",
    title="Canada's UNHCR money to the Americas at the US$ per displaced person it gives the Middle East and North "
          "Africa",
    summary="Σ_t D_Am,t·M_MENA,t/D_MENA,t: Canada's money earmarked to UNHCR's MENA operations per cross-border "
            "displaced person hosted there, applied to the displaced hosted in the Americas, each year.",
    assumptions=("Need is the cross-border displaced hosted in each bureau's countries (UNHCR end-year stocks, by "
                 "country of asylum), not UNHCR's budgets or appeals.",
                 "Money is Canada's regional and country earmarking to each bureau (UNHCR IATI incoming "
                 "commitments); unearmarked money is allocated to neither.",
                 "The same money per person in both regions: a parity rule, not a statement of need."),
    interval="The range of the rule when every year used the lowest or the highest annual MENA ratio of the period; "
             "not a statistical interval.",
    params=(Param("years", "period", "2016-latest", help="UNHCR programme years (IATI: 2016 on)"), VINTAGE),
)
def mena_ratio(years: str, vintage: str) -> Computed:
    """The Americas' money at Canada's MENA ratio.

    Notes
    -----
    rule_t = D_Am,t · M_MENA,t / D_MENA,t (:func:`hemigov.scenarios.formulas.ratio_rule`); value = Σ rule_t;
    low/high = ΣD_Am · min_t or max_t (M_MENA,t / D_MENA,t).

    References
    ----------
    Thielemann, E. (2018). Why refugee burden-sharing initiatives fail. JCMS 56(1), 63-82.
    """
    f = money.by_donor_and_region(vintage=vintage)
    yrs = _period(years, f, "UNHCR IATI funding")
    can = f[(f.donor_iso3 == "CAN") & f.year.isin(yrs)]
    americas = regions.AMERICAS.label
    m_mena = _to(can, MENA).groupby("year").usd.sum().reindex(yrs, fill_value=0.0)
    m_am = _to(can, americas).groupby("year").usd.sum().reindex(yrs, fill_value=0.0)
    host = displacement.by_host(vintage=vintage)
    host = host[host.year.isin(yrs)]
    reg = regions.regions_of(host.asylum_iso3, "unhcr")
    need = host.assign(region=reg).groupby(["year", "region"]).persons.sum().unstack("region")
    d_mena = need[MENA].reindex(yrs)
    d_am = need[americas].reindex(yrs)
    have = d_mena.notna() & d_am.notna()
    if not have.any():
        raise no_data(f"displacement hosted in {MENA} and {americas} in {yrs.start}-{yrs.stop - 1}")
    rule = formulas.ratio_rule(m_mena[have], d_mena[have], d_am[have])
    ratio = m_mena[have] / d_mena[have]
    value = float(rule.sum())
    total_need = float(d_am[have].sum())
    value, low, high = formulas.spread([total_need * ratio.min(), total_need * ratio.max()], value)
    prov = Provenance.of(can, host)
    detail = pd.DataFrame({"year": list(yrs), "canada_mena_usd": m_mena.to_numpy(), "hosted_mena": d_mena.to_numpy(),
                           "usd_per_displaced_mena": (m_mena / d_mena).to_numpy(), "hosted_americas": d_am.to_numpy(),
                           "rule_usd": rule.reindex(yrs).to_numpy(), "canada_americas_usd": m_am.to_numpy()})
    notes = tuple(f"No displacement data for {y}: left out." for y in have.index[~have])
    return Computed(value, low, high, detail.assign(sources=prov.text()), notes)


def leverage_table() -> pd.DataFrame:
    """The documented multipliers: the paper's 3 and 4 (its printed figures) and the reviewed table's rows
    (financing enabled / grants), each with ``source``, ``multiplier``, ``quote``, ``url`` and ``sources``."""
    rows = []
    for fid in PAPER_LEVERAGE:
        fig = reference.paper_figure(fid)
        rows.append({"source": fid, "multiplier": float(fig.value), "quote": fig.quote,
                     "url": "Smith (2020), " + fig.section, "sources": fig.sources})
    d = catalogue.dataset(LEVERAGE)
    src = Provenance.one(LEVERAGE, str(d.vintage.iloc[0]), str(d.sha256.iloc[0])).text()
    t = pd.read_csv(PACKAGE_DATA / "leverage_multipliers.csv")
    for r in t.itertuples(index=False):
        rows.append({"source": r.source, "multiplier": r.financing_usd / r.grants_usd, "quote": r.quote,
                     "url": r.url, "sources": src})
    return pd.DataFrame(rows)


@register(
    "money_leverage", group="money", unit="US$",
    title="Concessional financing a grant could leverage, at the documented multipliers",
    summary="grant × m for the documented multipliers m: the paper's 'for every $1 in grants ... an additional "
            "$3-4 in financing' (the Concessional Financing Facility for Lebanon and Jordan) and, with "
            "basis=paper+gcff, the Global Concessional Financing Facility's own record (grants to loans enabled).",
    assumptions=("The grant buys down the interest on multilateral loans the way the CFF/GCFF did; the multiplier "
                 "is the loans enabled per US$1 of grant, not money the host states receive free.",
                 "Past multipliers hold for a new grant (a host country's eligibility and borrowing are not "
                 "modelled)."),
    interval="grant × the lowest and the highest documented multiplier of the basis (a documented range).",
    params=(Param("grant", "number", "10000000", min=0, help="grant in US$"),
            Param("basis", "choice", "paper", choices=BASES,
                  help="paper: the paper's 3-4; paper+gcff: also the GCFF's loans per grant dollar")),
)
def leverage(grant: str, basis: str) -> Computed:
    """The leverage of a grant.

    Notes
    -----
    value = grant × median(m), low/high = grant × min/max(m) over the basis's multipliers
    (:func:`hemigov.scenarios.formulas.leverage`).

    References
    ----------
    Smith (2020), Conclusions and Policy Options; Global Concessional Financing Facility, About us,
    https://globalcff.org/about-us/.
    """
    t = leverage_table()
    if basis == "paper":
        t = t[t.source.isin(PAPER_LEVERAGE)]
    g = float(grant)
    value, low, high = formulas.leverage(g, list(t.multiplier))
    detail = t.assign(grant_usd=g, financing_usd=g * t.multiplier)
    return Computed(value, low, high, detail.reset_index(drop=True))

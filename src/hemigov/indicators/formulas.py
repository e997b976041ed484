"""Pure, vectorised formulas behind the indicators: no IO, pandas in, pandas out.

Every function here is deterministic and takes plain Series/DataFrames, so each can be tested with
hypothesis against its defining property (shares sum to 1, rates in [0, 1], zero weight changes nothing).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def shares(values: pd.Series) -> pd.Series:
    """Each value's share of the total.

    Parameters
    ----------
    values : Series of non-negative numbers (NaN counts as 0).

    Returns
    -------
    Series
        ``values / values.sum()``; all NaN when the total is 0 (a share of nothing is undefined).

    Notes
    -----
    s_i = x_i / Σ_j x_j. The shares sum to 1 whenever Σ x > 0.

    References
    ----------
    Standard definition; used in UNHCR (2023) *Global Trends* for regional shares.
    """
    v = values.astype(float).fillna(0.0)
    total = v.sum()
    if total <= 0:
        return pd.Series(np.nan, index=values.index, dtype=float)
    return v / total


def dissimilarity(s: pd.Series, d: pd.Series) -> float:
    """Dissimilarity (Duncan) index between two distributions over the same categories.

    Parameters
    ----------
    s, d : Series of shares indexed by category (missing categories count as 0).

    Returns
    -------
    float
        D = ½ Σ_r |s_r − d_r|, in [0, 1]: the share of one distribution that would have to move to
        match the other.

    Notes
    -----
    Here s is a resettlement country's intake by origin region and d the world's cross-border displaced
    by origin region; D = 0 means resettlement mirrors where the displaced come from.

    References
    ----------
    Duncan, O. D. & Duncan, B. (1955). A methodological analysis of segregation indexes. *American
    Sociological Review* 20(2), 210–217.
    """
    s2, d2 = s.align(d, fill_value=0.0)
    return float(0.5 * (s2.fillna(0.0) - d2.fillna(0.0)).abs().sum())


def safe_ratio(num: pd.Series | float, den: pd.Series | float) -> pd.Series | float:
    """num / den with NaN where den is 0 or missing (a rate of nothing is undefined, not 0)."""
    if isinstance(den, pd.Series):
        den = den.astype(float).where(den.astype(float) != 0)
        return num / den
    return np.nan if not den else num / den


def percent_of(part: pd.Series | float, whole: pd.Series | float) -> pd.Series | float:
    """A part as a percentage of a whole: 100 · part / whole (NaN where the whole is 0 or missing).

    Notes
    -----
    The one percent conversion of shares and ratios that a table prints in percent (a share of resettlement,
    remittances as % of GDP); the fraction itself is :func:`shares` or :func:`safe_ratio`.

    References
    ----------
    World Bank, WDI BX.TRF.PWKR.DT.GD.ZS ("personal remittances, received (% of GDP)") for the ratio form.
    """
    return 100 * safe_ratio(part, whole)


def share_bounds(*, part: float, part_suppressed: int, total: float, total_suppressed: int, low: int = 1,
                 high: int = 4) -> tuple[float, float]:
    """The widest interval a share can lie in when cells were suppressed.

    Parameters
    ----------
    part, total : the printed (known) counts of the group and of everyone (the group included).
    part_suppressed, total_suppressed : suppressed cells among the group's and among everyone's cells.
    low, high : what one suppressed cell may hide (IRCC prints 1 to 4 as "--").

    Returns
    -------
    (low, high) share in [0, 1]: the group's cells at ``low`` and everyone else's at ``high``, and the reverse;
    NaN when nothing is counted.

    Notes
    -----
    Every suppressed cell of the group adds between ``low`` and ``high`` people to both the group and the total;
    the other suppressed cells add to the total only, so the share is smallest with the group's cells at
    ``low`` and the rest at ``high``.

    References
    ----------
    IRCC, Permanent Residents open data: "values between 0 and 5 are shown as '--'"; the seed paper's
    resettlement counts (1,215 from the Western hemisphere) lie in such an interval.
    """
    if not total and not total_suppressed:
        return np.nan, np.nan
    others = total_suppressed - part_suppressed
    lo = (part + low * part_suppressed) / (total + low * part_suppressed + high * others)
    hi = (part + high * part_suppressed) / (total + high * part_suppressed + low * others)
    return float(lo), float(hi)


def recognition_rates(recognized: pd.Series, other: pd.Series, rejected: pd.Series) -> pd.DataFrame:
    """UNHCR refugee recognition rate and total protection rate.

    Parameters
    ----------
    recognized : Convention status granted. other : complementary protection granted. rejected : negative
        substantive decisions. All in the same unit (persons or cases, never mixed).

    Returns
    -------
    DataFrame
        ``refugee_recognition_rate`` = recognized / (recognized + other + rejected);
        ``total_protection_rate`` = (recognized + other) / (recognized + other + rejected).

    Notes
    -----
    Otherwise-closed decisions (withdrawn, abandoned, administrative closures) are excluded from the
    denominator: they say nothing about merit. Both rates lie in [0, 1]; NaN when no substantive decision.

    References
    ----------
    UNHCR (2024). *Global Trends: Forced Displacement*, methodology annex ("Refugee recognition rate" and
    "Total protection rate"). https://www.unhcr.org/refugee-statistics/methodology/
    """
    rec, oth, rej = (x.astype(float).fillna(0.0) for x in (recognized, other, rejected))
    den = rec + oth + rej
    return pd.DataFrame({"refugee_recognition_rate": safe_ratio(rec, den),
                         "total_protection_rate": safe_ratio(rec + oth, den)})


def acceptance_rate(accepted: pd.Series, rejected: pd.Series) -> pd.Series:
    """IRB acceptance rate as the paper computes it: accepted / (accepted + rejected).

    Notes
    -----
    Abandoned and withdrawn claims are left out of the denominator. This reproduces every rate printed
    in the paper's Table 3 (e.g. 2013: 16 / (16 + 39) = 29%; 2019: 602 / 1,647 = 36.5%).

    References
    ----------
    Immigration and Refugee Board of Canada, *Refugee Protection Claims (New System) Statistics*,
    https://irb-cisr.gc.ca/en/statistics/protection/Pages/index.aspx ; Table 3 of the seed paper.
    """
    a, r = accepted.astype(float), rejected.astype(float)
    return safe_ratio(a, a + r)


def relative_burden(hosted: pd.Series, capacity: pd.Series) -> pd.Series:
    """Relative burden RB_i = (A_i / X_i) / (Σ A / Σ X).

    Parameters
    ----------
    hosted : A_i, displaced people hosted. capacity : X_i, population or GDP (same index).

    Returns
    -------
    Series
        1 = the country hosts exactly its proportional share given X; 2 = twice that. Countries with
        missing A or X are left out of both sums (NaN result).

    References
    ----------
    Czaika, M. (2005). A refugee burden index: methodology and its application. *Migration Letters*
    2(2), 101–125; UNHCR (2024) *Global Trends* (refugees per 1,000 inhabitants and per US$ GDP (PPP)
    per capita).
    """
    ok = hosted.notna() & capacity.notna() & (capacity.astype(float) > 0)
    a, x = hosted.where(ok).astype(float), capacity.where(ok).astype(float)
    return safe_ratio(a / x, a.sum() / x.sum())


def fair_share(weights: pd.Series, target: float) -> pd.Series:
    """Proportional fair share: F_i = T · w_i / Σ_j w_j.

    Parameters
    ----------
    weights : non-negative w_i (population, GDP, GNI or a composite key); NaN counts as 0.
    target : T, the total to share (resettlement places, US$ ...).

    Returns
    -------
    Series of F_i summing to T. A country with zero weight gets 0 and changes no other share.

    Notes
    -----
    With w = GNI this is Oxfam's fair-share method; performance = actual / F_i.

    References
    ----------
    Oxfam (2015). *Syria Crisis Fair Share Analysis 2015*. Oxfam Briefing, 30 March 2015.
    https://www.oxfam.org/en/research/syria-crisis-fair-share-analysis-2015
    """
    return shares(weights) * float(target)


def _inverse_shares(x: pd.Series) -> pd.Series:
    inv = 1.0 / x.astype(float).where(x.astype(float) > 0)
    return shares(inv)


def eu_relocation_key(population: pd.Series, gdp: pd.Series, unemployment: pd.Series,
                      past_asylum: pd.Series, cap: float = 0.30) -> pd.Series:
    """The European Commission's 2015 relocation (distribution) key.

    Parameters
    ----------
    population, gdp : size criteria (any units; only shares matter).
    unemployment : unemployment rate, % (WDI SL.UEM.TOTL.ZS).
    past_asylum : past asylum effort per capita (asylum applications plus resettled refugees per million
        inhabitants, averaged over the five years before the key year).
    cap : the corrective criteria may add at most ``cap`` × the country's population-and-GDP contribution.

    Returns
    -------
    Series of key shares summing to 1.

    Notes
    -----
    K_i ∝ 0.4·P_i + 0.4·G_i + min(0.1·U_i, c·0.8·B_i) + min(0.1·A_i, c·0.8·B_i), with P, G the population
    and GDP shares, B_i = ½P_i + ½G_i, U_i and A_i the *inverse* shares (1/u_i)/Σ(1/u_j) and
    (1/a_i)/Σ(1/a_j), c = 0.30, then renormalised to sum to 1. The inverse shares do not depend on
    country size, which is what Grech (2017) criticises (see :func:`grech_key`). Countries missing a
    corrective criterion are given none of that criterion's part (NaN counts as no share).

    References
    ----------
    European Commission (2015). *A European Agenda on Migration*, COM(2015) 240, Annex ("distribution
    key": population 40%, GDP 40%, average spontaneous asylum applications and resettled refugees per
    million inhabitants 2010–2014 10%, unemployment rate 10%, each corrective criterion capped at 30% of
    the population and GDP effect); Council Decision (EU) 2015/1601 of 22 September 2015, Annexes I–II.
    """
    p, g = shares(population), shares(gdp)
    base = 0.5 * p + 0.5 * g
    u = _inverse_shares(unemployment).fillna(0.0)
    a = _inverse_shares(past_asylum).fillna(0.0)
    limit = cap * 0.8 * base
    raw = 0.8 * base + np.minimum(0.1 * u, limit) + np.minimum(0.1 * a, limit)
    return shares(raw)


def grech_key(population: pd.Series, gdp: pd.Series, unemployment: pd.Series,
              past_asylum: pd.Series) -> pd.Series:
    """Grech's corrected distribution key (size-weighted corrective criteria, no cap).

    Notes
    -----
    K_i = 0.8·B_i + 0.1·U*_i + 0.1·A*_i with B_i = ½P_i + ½G_i and
    U*_i = (B_i / u_i) / Σ_j (B_j / u_j), A*_i = (B_i / a_i) / Σ_j (B_j / a_j).
    Weighting the inverse criteria by the size key B makes them monotone: a country whose unemployment
    (or past asylum effort) is below the size-weighted harmonic mean always receives a *larger* quota than
    under the pure population–GDP key, and one above it a smaller quota — the property the Commission key
    violates (a low-unemployment large state can lose quota when unemployment is taken into account).
    No cap is needed. Countries missing a criterion keep their size share in that part.

    References
    ----------
    Grech, P. (2017). Undesired properties of the European Commission's refugee distribution key.
    *European Union Politics* 18(2), 212–238. https://doi.org/10.1177/1465116516649244 ;
    Grech, P. (2016). Why the EU still requires a fairer formula for distributing refugees. LSE EUROPP blog,
    30 August 2016.
    """
    base = 0.5 * shares(population) + 0.5 * shares(gdp)

    def weighted_inverse(x: pd.Series) -> pd.Series:
        x = x.astype(float).where(x.astype(float) > 0)
        w = (base / x).fillna(base)  # missing criterion: the size share, i.e. no correction
        return shares(w)

    return shares(0.8 * base + 0.1 * weighted_inverse(unemployment) + 0.1 * weighted_inverse(past_asylum))


def pop_gdp_key(population: pd.Series, gdp: pd.Series) -> pd.Series:
    """50/50 population–GDP key: K_i = ½·P_i/ΣP + ½·G_i/ΣG.

    References
    ----------
    Thielemann, E., Williams, R. & Boswell, C. (2010). *What system of burden-sharing between Member States
    for the reception of asylum seekers?* European Parliament, PE 419.620 (the size and capacity keys).
    """
    return shares(0.5 * shares(population).fillna(0.0) + 0.5 * shares(gdp).fillna(0.0))


def funding_representation(region_usd: pd.Series | float, allocated_usd: pd.Series | float,
                           displaced: pd.Series | float, displaced_total: pd.Series | float) -> pd.DataFrame:
    """A donor's money to a region as a share of its money allocated to any region, against the region's share of
    the displaced: the money analogue of the representation ratio.

    Parameters
    ----------
    region_usd : F_r, the donor's money earmarked to region r (regional and country earmarking).
    allocated_usd : ΣF, the donor's money earmarked to any region or country (unearmarked and global money
        excluded: it is allocated to no region).
    displaced : D_r, the displaced in region r. displaced_total : ΣD, the displaced everywhere.

    Returns
    -------
    DataFrame
        ``funding_share`` = F_r/ΣF in [0, 1], ``displacement_share`` = D_r/ΣD in [0, 1] and ``ratio`` =
        funding_share / displacement_share (NaN where a denominator is 0).

    Notes
    -----
    ratio < 1: the region receives less of the donor's allocated money than its share of the displaced. The
    denominator leaves out unearmarked and global money because it reaches regions only through the agency's
    own allocation, which the donor data do not show; the share therefore describes the donor's *earmarking*,
    not what finally reaches the region. Pooled over years, F and D are sums (US$ and person-years).

    References
    ----------
    UNHCR, IATI activity files (publisher XM-DAC-41121): incoming commitments by activity and earmarking; the
    construction follows the representation ratio s_r/d_r of :mod:`hemigov.indicators.representation`.
    """
    f = safe_ratio(pd.Series(region_usd, dtype=float), pd.Series(allocated_usd, dtype=float))
    d = safe_ratio(pd.Series(displaced, dtype=float), pd.Series(displaced_total, dtype=float))
    return pd.DataFrame({"funding_share": f, "displacement_share": d, "ratio": safe_ratio(f, d)})


def relative_effort(contribution: pd.Series, population: pd.Series, gdp: pd.Series) -> pd.Series:
    """Thielemann's relative effort of one kind of contribution: the mean of the relative burdens against
    population and against GDP.

    Parameters
    ----------
    contribution : x_i, what country i gives (refugees hosted, resettlement arrivals, US$).
    population : P_i. gdp : G_i, GDP (PPP). All indexed by country.

    Returns
    -------
    Series
        e_i = ½·(x_i/P_i)/(Σx/ΣP) + ½·(x_i/G_i)/(Σx/ΣG), summed over the countries of the set. 1 = the country
        gives exactly its share of the set's total by its population and its economy; 2 = twice that.

    Notes
    -----
    Non-decreasing in x_i (x_i/(x_i + a) rises with x_i), and invariant to the unit of x (persons or US$, a
    rescaling of every x) and to rescaling P or G. Countries missing x, P or G are left out of the sums (NaN).

    References
    ----------
    Thielemann, E. R. (2003). Between interests and norms: explaining burden-sharing in the European Union.
    *Journal of Refugee Studies* 16(3), 253–273. https://doi.org/10.1093/jrs/16.3.253 ;
    Thielemann, E. (2018). Why refugee burden-sharing initiatives fail: public goods, free-riding and symbolic
    solidarity in the EU. *Journal of Common Market Studies* 56(1), 63–82. https://doi.org/10.1111/jcms.12662
    """
    return 0.5 * relative_burden(contribution, population) + 0.5 * relative_burden(contribution, gdp)


def effort_index(efforts: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """A weighted mean of relative efforts: I_i = Σ_k w_k·e_ik / Σ_k w_k.

    Parameters
    ----------
    efforts : countries × components (``relative_effort`` of each).
    weights : component -> w_k ≥ 0, not all 0 (normalised here).

    Returns
    -------
    Series
        The index per country; NaN where a component with positive weight is NaN (a missing component is not
        read as zero effort).

    Notes
    -----
    Non-decreasing in each component with positive weight; 1 = a proportional effort overall when every e is 1.

    References
    ----------
    Thielemann, E. (2018). Why refugee burden-sharing initiatives fail. *Journal of Common Market Studies*
    56(1), 63–82 (relative efforts across hosting, resettlement and financial contributions).
    """
    total = sum(float(w) for w in weights.values())
    if total <= 0 or any(float(w) < 0 for w in weights.values()):
        raise ValueError("weights must be >= 0 and not all 0")
    used = [k for k, w in weights.items() if float(w) > 0]
    parts = [efforts[k].astype(float) * (float(weights[k]) / total) for k in used]
    return pd.concat(parts, axis=1).sum(axis=1, min_count=len(parts))


def weight_grid(components: tuple[str, ...], step: float) -> list[dict[str, float]]:
    """Every weight vector over ``components`` on a grid of ``step`` that sums to 1 (the sensitivity table).

    Notes
    -----
    With three components and step ¼ there are 15 vectors, from (1, 0, 0) to (0, 0, 1); step ⅓ gives 10.

    References
    ----------
    Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*. Wiley (one-at-a-time grids over the
    weights of a composite indicator); OECD/JRC (2008). *Handbook on Constructing Composite Indicators*, §6.
    """
    n = round(1 / step)
    if n < 1 or abs(n * step - 1) > 1e-9:
        raise ValueError("step must divide 1 (e.g. 0.25, 0.2, 0.1)")

    def split(k: int, left: int) -> list[list[int]]:
        if k == 1:
            return [[left]]
        return [[i, *rest] for i in range(left, -1, -1) for rest in split(k - 1, left - i)]
    return [dict(zip(components, (i / n for i in c), strict=True)) for c in split(len(components), n)]

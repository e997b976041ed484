"""Protection outcomes: UNHCR recognition rates, the IRB acceptance rate, abandonment and backlog balance."""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import HemigovError
from hemigov.indicators import data, formulas
from hemigov.indicators.registry import Param, register

UNHCR_METHOD = ("UNHCR Refugee Data Finder, methodology: refugee recognition rate and total protection rate, "
                "https://www.unhcr.org/refugee-statistics/methodology/")
IRB = ("Immigration and Refugee Board of Canada, Refugee Protection Claims statistics and irregular border "
       "crossers, https://irb-cisr.gc.ca/en/statistics/Pages/index.aspx")

P_ASYLUM = Param("asylum", "iso3_list", "CAN", "country (or comma-separated countries) of asylum")
P_ORIGIN = Param("origin", "str_list", None, "ISO3 codes of origin, a region label of `scheme`, or none for all "
                 "origins pooled")
P_BY_ORIGIN = Param("by_origin", "bool", False, "one row per origin instead of pooling the selection")
P_PROC = Param("procedure_type", "str", "G", "UNHCR procedure: G government, U UNHCR, J joint", ("G", "U", "J"))
P_LEVEL = Param("dec_level", "str", "FI", "decision level: FI first instance, AR administrative review, RA, "
                "JR judicial review, FA, EO, SP ...")
P_UNIT = Param("unit", "str", "persons", "persons or cases (never summed together)", ("persons", "cases"))
P_YEARS = Param("years", "years", "2015-latest", "YYYY, YYYY-YYYY, YYYY-latest or latest")
P_SCHEME = Param("scheme", "str", "paper", "region scheme for a region-label origin", tuple(data.SCHEMES))


def _origins(origin: list[str] | None, scheme: str, name: str) -> list[str] | None:
    """ISO3 codes or one region label -> list of ISO3 (None = every origin)."""
    if origin is None:
        return None
    reg = data.region_of(scheme)
    labels = set(reg)
    if len(origin) == 1 and origin[0] in labels:
        return sorted(reg[reg == origin[0]].index)
    codes = [o.upper() for o in origin]
    unknown = [c for c in codes if c not in reg.index]
    if unknown:
        raise HemigovError(f"indicator {name!r}: unknown origin {unknown[0]!r} (an ISO3 code or a region of "
                           f"scheme {scheme!r}: {', '.join(sorted(labels))})")
    return codes


def _group_keys(by_origin: bool) -> list[str]:
    return ["year", "asylum_iso3", "origin_iso3"] if by_origin else ["year", "asylum_iso3"]


def rates_table(decisions: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum decisions by ``keys`` and add the two UNHCR rates and the otherwise-closed share.

    Parameters
    ----------
    decisions : columns recognized, other, rejected, closed, total and ``keys`` — one unit only.
    keys : grouping columns.

    Returns
    -------
    DataFrame with the sums, ``refugee_recognition_rate``, ``total_protection_rate`` and
    ``closed_share`` = closed / total (abandoned, withdrawn or otherwise closed among all decisions).

    Notes
    -----
    See :func:`hemigov.indicators.formulas.recognition_rates`. All three lie in [0, 1].

    References
    ----------
    UNHCR methodology (recognition rates exclude otherwise-closed decisions).
    """
    cols = ["recognized", "other", "rejected", "closed", "total"]
    g = decisions.groupby(keys, as_index=False)[cols].sum(min_count=1)
    rates = formulas.recognition_rates(g.recognized, g.other, g.rejected)
    g = pd.concat([g, rates], axis=1)
    g["closed_share"] = formulas.safe_ratio(g.closed.astype(float), g.total)
    return g


@register(
    "recognition_rate", group="protection",
    title="UNHCR refugee recognition rate and total protection rate",
    definition="Among substantive asylum decisions (otherwise-closed excluded), the share granted Convention "
               "status (refugee recognition rate) and the share granted any protection (total protection rate); "
               "also the otherwise-closed share of all decisions. One unit (persons or cases) at a time, one "
               "procedure type and decision level.",
    formula="RRR = rec/(rec+oth+rej); TPR = (rec+oth)/(rec+oth+rej); closed_share = closed/total",
    references=(UNHCR_METHOD,),
    params=(P_ASYLUM, P_ORIGIN, P_SCHEME, P_BY_ORIGIN, P_YEARS, P_PROC, P_LEVEL, P_UNIT),
)
def recognition_rate(asylum, origin, scheme, by_origin, years, procedure_type, dec_level, unit) -> pd.DataFrame:
    y = data.resolve_years(years, data.year_bounds("v_asylum_decisions"), "v_asylum_decisions")
    dec = data.asylum_decisions(asylum, y, procedure_type, dec_level, unit)
    origins = _origins(origin, scheme, "recognition_rate")
    if origins is not None:
        dec = dec[dec.origin_iso3.isin(origins)]
    if dec.empty:
        raise HemigovError(f"indicator 'recognition_rate': no decisions for asylum={','.join(asylum)}, "
                           f"origin={','.join(origin) if origin else 'all'}, {y[0]}-{y[1]}, "
                           f"procedure {procedure_type}, level {dec_level}, unit {unit}")
    out = rates_table(dec, _group_keys(by_origin))
    return out.assign(origin=",".join(origin) if origin and not by_origin else (None if by_origin else "(all)"),
                      procedure_type=procedure_type, dec_level=dec_level, unit=unit, **data.provenance(dec))


def irb_outcomes(accepted: pd.Series, rejected: pd.Series, abandoned_withdrawn: pd.Series) -> pd.DataFrame:
    """IRB acceptance rate (paper's method) and abandonment/withdrawal share.

    Parameters
    ----------
    accepted, rejected, abandoned_withdrawn : finalised claims in a period.

    Returns
    -------
    DataFrame with ``acceptance_rate`` = accepted / (accepted + rejected) and ``abandonment_share`` =
    abandoned_withdrawn / (accepted + rejected + abandoned_withdrawn).

    Notes
    -----
    The paper's Table 3 rates are reproduced by accepted / (accepted + rejected) (abandoned and withdrawn
    claims left out). Both lie in [0, 1].

    References
    ----------
    IRB Refugee Protection Claims statistics; the seed paper's Table 3.
    """
    acc = formulas.acceptance_rate(accepted, rejected)
    fin = accepted.astype(float) + rejected.astype(float) + abandoned_withdrawn.astype(float)
    return pd.DataFrame({"acceptance_rate": acc,
                         "abandonment_share": formulas.safe_ratio(abandoned_withdrawn.astype(float), fin)})


@register(
    "irb_acceptance", group="protection",
    title="IRB acceptance rate as the paper computes it, abandonment/withdrawal share and backlog balance",
    definition="Immigration and Refugee Board outcomes: acceptance rate = accepted/(accepted+rejected); share of "
               "finalised claims abandoned or withdrawn; flow balance = referred − finalised (growth of the backlog). "
               "source=paper: the paper's Table 3 (Mexican claims, 2013–2020Q1); source=irregular: IRB claims by "
               "irregular border crossers, per period between published cumulative snapshots (from Feb 2017; a "
               "period where a cumulative count fell is marked revised and gets no rate).",
    formula="rate = acc/(acc+rej); abandonment = (ab+wd)/(acc+rej+ab+wd); balance = referred − (acc+rej+ab+wd)",
    references=(IRB, "Seed paper, Table 3 (IRB 'New System Refugee Claim Statistics')."),
    params=(Param("source", "str", "paper", "paper Table 3 or IRB irregular-crosser claims", ("paper", "irregular")),
            Param("country", "str", "MEX", "irregular source: ISO3 of alleged persecution or (all)")),
)
def irb_acceptance(source: str, country: str) -> pd.DataFrame:
    if source == "paper":
        t = data.paper_table3()
        if t.empty:
            raise HemigovError("indicator 'irb_acceptance': the paper's Table 3 is not in the warehouse")
        if country.upper() != "MEX":
            raise HemigovError("indicator 'irb_acceptance': the paper's Table 3 covers Mexico only (country=MEX)")
        out = irb_outcomes(t.accepted, t.rejected, t.abandoned_withdrawn)
        fin = t.accepted + t.rejected + t.abandoned_withdrawn
        return pd.concat([t[["period", "referred", "accepted", "rejected", "abandoned_withdrawn", "backlog",
                             "acceptance_rate_pct_as_printed"]], out], axis=1).assign(
            finalised=fin, flow_balance=t.referred - fin, country="MEX", source=source, **data.provenance(t))
    code = country if country.startswith("(") else country.upper()
    t = data.irb_irregular(code)
    if t.empty:
        raise HemigovError(f"indicator 'irb_acceptance': no IRB irregular-crosser rows for country {code!r}")
    cum = t[["intake", "accepted", "rejected", "abandoned", "withdrawn_other", "pending"]].astype(float)
    flows = cum.diff()
    flows.iloc[0] = cum.iloc[0]  # the first snapshot counts from February 2017
    ab = flows.abandoned + flows.withdrawn_other
    # A cumulative figure that falls between snapshots is a revision, not a flow: no rate for that period.
    revised = (flows[["intake", "accepted", "rejected", "abandoned", "withdrawn_other"]] < 0).any(axis=1)
    out = irb_outcomes(flows.accepted, flows.rejected, ab).mask(revised)
    start = pd.Series(["2017-02-01", *t.period_end.iloc[:-1].dt.date.astype(str)], index=t.index)
    return pd.DataFrame({
        "period_start": start, "period_end": t.period_end.dt.date.astype(str), "country": code,
        "referred": flows.intake, "accepted": flows.accepted, "rejected": flows.rejected,
        "abandoned_withdrawn": ab, "acceptance_rate": out.acceptance_rate,
        "abandonment_share": out.abandonment_share,
        "finalised": flows.accepted + flows.rejected + ab,
        "flow_balance": flows.intake - (flows.accepted + flows.rejected + ab),
        "pending": cum.pending, "revised": revised, "source": source, **data.provenance(t)})


def flow_balance(applied: pd.Series, decided: pd.Series) -> pd.Series:
    """Backlog flow balance: new applications minus decisions in the period.

    Notes
    -----
    balance > 0: the pending caseload grows (more claims lodged than decided). A stock-flow identity only
    when applications and decisions cover the same procedure, level and unit — they do here.

    References
    ----------
    UNHCR methodology (pending cases = start-year pending + applied − decided).
    """
    return applied.astype(float) - decided.astype(float)


@register(
    "backlog_balance", group="protection",
    title="Asylum backlog flow balance: applications lodged minus decisions taken (UNHCR)",
    definition="For a country of asylum per year: asylum applications lodged minus decisions taken (same "
               "procedure type, decision level and unit), positive when the backlog grows.",
    formula="balance_t = applied_t − decided_t",
    references=(UNHCR_METHOD,),
    params=(P_ASYLUM, P_ORIGIN, P_SCHEME, P_YEARS, P_PROC, P_LEVEL, P_UNIT),
)
def backlog_balance(asylum, origin, scheme, years, procedure_type, dec_level, unit) -> pd.DataFrame:
    bounds = data.year_bounds("v_asylum_applications")
    y = data.resolve_years(years, bounds, "v_asylum_applications")
    app = data.asylum_applications(asylum, y, procedure_type, dec_level, unit)
    dec = data.asylum_decisions(asylum, y, procedure_type, dec_level, unit)
    origins = _origins(origin, scheme, "backlog_balance")
    if origins is not None:
        app, dec = app[app.origin_iso3.isin(origins)], dec[dec.origin_iso3.isin(origins)]
    if app.empty and dec.empty:
        raise HemigovError(f"indicator 'backlog_balance': no applications or decisions for this selection "
                           f"({','.join(asylum)}, {y[0]}-{y[1]}, {procedure_type}/{dec_level}/{unit})")
    a = app.groupby(["year", "asylum_iso3"])["applied"].sum()
    d = dec.groupby(["year", "asylum_iso3"])["total"].sum()
    g = pd.concat([a, d.rename("decided")], axis=1).fillna(0).reset_index()
    g["flow_balance"] = flow_balance(g.applied, g.decided)
    return g.assign(origin=",".join(origin) if origin else "(all)", procedure_type=procedure_type,
                    dec_level=dec_level, unit=unit, **data.provenance(app, dec))

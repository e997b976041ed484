"""Protection outcomes: UNHCR recognition rates, the IRB acceptance rate, abandonment and backlog balance."""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import InputError, no_data, unknown
from hemigov.core.provenance import Provenance
from hemigov.geo import regions
from hemigov.indicators import formulas
from hemigov.indicators.registry import VINTAGE, Param, period_of, register, span
from hemigov.indicators.selection import countries_in, place_sources
from hemigov.series import asylum as asylum_series
from hemigov.series import canada, reference

UNHCR_METHOD = ("UNHCR Refugee Data Finder, methodology: refugee recognition rate and total protection rate, "
                "https://www.unhcr.org/refugee-statistics/methodology/")
IRB = ("Immigration and Refugee Board of Canada, Refugee Protection Claims statistics and irregular border "
       "crossers, https://irb-cisr.gc.ca/en/statistics/Pages/index.aspx")

P_ASYLUM = Param("asylum", "iso3_list", "CAN", help="country (or comma-separated countries, 'peers', a grouping) of "
                 "asylum")
P_ORIGIN = Param("origin", "str_list", None,
                 help="ISO3 codes of origin, a grouping, a region label of `scheme`, or none for all origins pooled")
P_BY_ORIGIN = Param("by_origin", "bool", False, help="one row per origin instead of pooling the selection")
P_PROC = Param("procedure_type", "str", "G", help="UNHCR procedure: G government, U UNHCR, J joint",
               choices=("G", "U", "J"))
P_LEVEL = Param("dec_level", "str", "first", help="decision level: first (first instance: FI, and FA where first "
                "instance and appeal are reported together), all (every level pooled) or a UNHCR code (FI, AR, RA, "
                "JR, IN, ...)")
P_UNIT = Param("unit", "str", "persons", help="persons or cases (never summed together)", choices=asylum_series.UNITS)
P_YEARS = Param("years", "years", "2015-latest", help="YYYY, YYYY-YYYY, YYYY-latest or latest")
P_SCHEME = Param("scheme", "str", "paper", help="region scheme for a region-label origin",
                 choices=tuple(regions.SCHEMES))


def _origins(origin: list[str] | None, scheme: str, name: str) -> tuple[str, ...] | None:
    """ISO3 codes, a grouping or one region label -> ISO3 codes (None = every origin)."""
    return countries_in(origin, scheme, None, where=f"indicator {name!r}, parameter 'origin'")


def _group_keys(by_origin: bool) -> list[str]:
    return ["year", "asylum_iso3", "origin_iso3"] if by_origin else ["year", "asylum_iso3"]


def _selection(asylum, origin, *, procedure_type, dec_level, unit) -> str:
    return (f"asylum={','.join(asylum)}, origin={','.join(origin) if origin else 'all'}, "
            f"procedure {procedure_type}, level {dec_level}, unit {unit}")


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
               "procedure type and decision level (default: first instance).",
    formula="RRR = rec/(rec+oth+rej); TPR = (rec+oth)/(rec+oth+rej); closed_share = closed/total",
    references=(UNHCR_METHOD,),
    params=(P_ASYLUM, P_ORIGIN, P_SCHEME, P_BY_ORIGIN, P_YEARS, P_PROC, P_LEVEL, P_UNIT, VINTAGE),
)
def recognition_rate(asylum, origin, scheme, by_origin, years, procedure_type, dec_level, unit,
                     vintage) -> pd.DataFrame:
    level = {"procedure_type": procedure_type, "dec_level": dec_level, "unit": unit}
    origins = _origins(origin, scheme, "recognition_rate")
    dec = asylum_series.decisions(asylum=tuple(asylum), unit=unit, level=dec_level, procedure=procedure_type,
                                  vintage=vintage)
    if origins is not None:
        dec = dec[dec.origin_iso3.isin(origins)]
    if dec.empty:
        raise no_data("UNHCR decisions with " + _selection(asylum, origin, **level))
    what = f"UNHCR decisions in {','.join(asylum)} for this selection"
    p = period_of(years, *span(dec, what), what=what)
    dec = dec[dec.year.between(p.first_year, p.last_year)]
    out = rates_table(dec, _group_keys(by_origin))
    prov = Provenance.of(dec, *place_sources(origin))
    return out.assign(origin=",".join(origin) if origin and not by_origin else (None if by_origin else "(all)"),
                      procedure_type=procedure_type, dec_level=dec_level, unit=unit, sources=prov.text())


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


def _irb_paper(country: str) -> pd.DataFrame:
    """The paper's Table 3 (Mexican claims at the IRB), rates recomputed from its counts."""
    if country.upper() != "MEX":
        raise InputError(None, "indicator 'irb_acceptance'", "the paper's Table 3 covers Mexico only (country=MEX)")
    t = reference.paper_table_wide("table3")
    out = irb_outcomes(t.accepted, t.rejected, t.abandoned_withdrawn)
    fin = t.accepted + t.rejected + t.abandoned_withdrawn
    return pd.concat([t[["period", "referred", "accepted", "rejected", "abandoned_withdrawn", "backlog",
                         "acceptance_rate_pct_as_printed"]], out], axis=1).assign(
        finalised=fin, flow_balance=t.referred - fin, country="MEX", sources=Provenance.of(t).text())


def _irb_irregular(country: str) -> pd.DataFrame:
    """IRB claims by irregular border crossers, per period between the published cumulative snapshots."""
    code = country if country.startswith("(") else country.upper()
    irb = canada.irb_irregular_claims()
    mine = irb[irb.country_iso3 == code]
    if mine.empty:
        raise unknown("country of alleged persecution", country, irb.country_iso3.unique(),
                      where="indicator 'irb_acceptance'")
    t = mine.pivot_table(index="period_end", columns="measure", values="persons", aggfunc="sum").sort_index()
    cum = t[["intake", "accepted", "rejected", "abandoned", "withdrawn_other", "pending"]].astype(float)
    cum = cum.reset_index(drop=True)
    ends = pd.Series(t.index).reset_index(drop=True)
    flows = cum.diff()
    flows.iloc[0] = cum.iloc[0]  # the first snapshot counts from February 2017
    ab = flows.abandoned + flows.withdrawn_other
    # A cumulative figure that falls between snapshots is a revision, not a flow: no rate for that period.
    revised = (flows[["intake", "accepted", "rejected", "abandoned", "withdrawn_other"]] < 0).any(axis=1)
    out = irb_outcomes(flows.accepted, flows.rejected, ab).mask(revised)
    start = pd.Series(["2017-02-01", *ends.iloc[:-1].dt.date.astype(str)])
    return pd.DataFrame({
        "period_start": start, "period_end": ends.dt.date.astype(str), "country": code,
        "referred": flows.intake, "accepted": flows.accepted, "rejected": flows.rejected,
        "abandoned_withdrawn": ab, "acceptance_rate": out.acceptance_rate,
        "abandonment_share": out.abandonment_share,
        "finalised": flows.accepted + flows.rejected + ab,
        "flow_balance": flows.intake - (flows.accepted + flows.rejected + ab),
        "pending": cum.pending, "revised": revised, "sources": Provenance.of(mine).text()})


#: irb_acceptance's sources, each with its builder.
IRB_SOURCES = {"paper": _irb_paper, "irregular": _irb_irregular}


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
    params=(Param("source", "str", "paper", help="paper Table 3 or IRB irregular-crosser claims",
                  choices=tuple(IRB_SOURCES)),
            Param("country", "str", "MEX", help="irregular source: ISO3 of alleged persecution or (all)")),
)
def irb_acceptance(source: str, country: str) -> pd.DataFrame:
    return IRB_SOURCES[source](country).assign(source=source)


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
    params=(P_ASYLUM, P_ORIGIN, P_SCHEME, P_YEARS, P_PROC, P_LEVEL, P_UNIT, VINTAGE),
)
def backlog_balance(asylum, origin, scheme, years, procedure_type, dec_level, unit, vintage) -> pd.DataFrame:
    level = {"procedure_type": procedure_type, "dec_level": dec_level, "unit": unit}
    # Every application type (new, repeat, appeal) at the level: each needs a decision, so all count.
    kw = {"asylum": tuple(asylum), "unit": unit, "level": dec_level, "procedure": procedure_type, "vintage": vintage}
    app = asylum_series.applications(new=False, **kw)
    dec = asylum_series.decisions(**kw)
    origins = _origins(origin, scheme, "backlog_balance")
    if origins is not None:
        app, dec = app[app.origin_iso3.isin(origins)], dec[dec.origin_iso3.isin(origins)]
    if app.empty and dec.empty:
        raise no_data("UNHCR applications or decisions with "
                      + _selection(asylum, origin, **level))
    what = f"UNHCR applications in {','.join(asylum)} for this selection"
    p = period_of(years, *span(pd.concat([app[["year"]], dec[["year"]]]), what), what=what)
    app = app[app.year.between(p.first_year, p.last_year)]
    dec = dec[dec.year.between(p.first_year, p.last_year)]
    a = app.groupby(["year", "asylum_iso3"])["applied"].sum()
    d = dec.groupby(["year", "asylum_iso3"])["total"].sum()
    g = pd.concat([a, d.rename("decided")], axis=1).fillna(0).reset_index()
    g["flow_balance"] = flow_balance(g.applied, g.decided)
    prov = Provenance.of(app, dec, *place_sources(origin))
    return g.assign(origin=",".join(origin) if origin else "(all)", procedure_type=procedure_type,
                    dec_level=dec_level, unit=unit, sources=prov.text())

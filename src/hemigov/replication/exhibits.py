"""The paper's six exhibits rebuilt cell by cell, and their updated edition.

Each builder returns one row per cell: the printed value (from the paper's transcription in the warehouse,
``paper.*@2020-12``), the value rebuilt from official data (as of the paper: the oldest loaded vintage of each
dataset), a tolerance, a status and, where the two differ, the reason:

- ``reproduced``: within the tolerance (or inside the interval that suppressed cells leave open);
- ``differs``: ``reason`` is one of revision, period, definition, suppression, source, internal;
- ``not-reproducible``: ``reason`` is ``missing-data`` (no open data: the note names what is missing) or
  ``missing-printed-value`` (the figure's plotted series is not given in the paper's text, so there is no
  printed number to compare; the rebuilt value is still shown).

``updated(exhibit)`` extends each exhibit to the latest data; ``annotations(exhibit)`` lists the policy events
(``v_events``) that fall in its extended period.
"""

from __future__ import annotations

import re

import pandas as pd

from hemigov.core.errors import HemigovError
from hemigov.replication import indicators as ind
from hemigov.replication.measures import acceptance_rate, backlog_residuals, cell_status, parse_period
from hemigov.replication.reader import Reader, join_sources, source_of

EXHIBITS = {
    "fig1": "Fig. 1 Total Asylum Claims & STCA Ineligible Asylum Claims: 2001-2019",
    "fig2": "Fig. 2 Refugee Resettlement to Canada by Region of Origin: Jan 2016-Jun 2020",
    "fig3": "Fig. 3 Asylum Claims in Canada by Region of Origin: Jan 2013 - March 2020",
    "table1": "Table 1 Remittances to Latin America and the Caribbean, 2019",
    "table2": "Table 2 Top 25 Countries of Origin & Yearly Totals at Roxham Road",
    "table3": "Table 3 Mexican Asylum Statistics in Canada, Jan 2013 - March 2020",
}
COLUMNS = ["id", "exhibit", "row", "measure", "period", "paper_value", "computed_value", "unit", "tolerance",
           "status", "reason", "sources", "paper_sources", "note"]
PAPER_FIGURES = "paper.figures@2020-12"
STCA_MISSING = ("yearly counts of claims found ineligible under the STCA: no official series was found "
                "(web-page-figures PROVENANCE); IRCC/CBSA publish none as open data")
NO_PLOT = "Fig. {n}'s plotted series is not given in the paper's text: rebuilt value shown, nothing to compare"
REGIONS = ["Middle East and North Africa", "Sub-Saharan Africa", "Asia-Pacific", "Western hemisphere", "Europe"]


def exhibit_id(text: str) -> str:
    """Normalise 'Fig. 1', 'fig1', 'Table 3', 'TABLE3' to an exhibit id."""
    key = re.sub(r"[\s._-]", "", str(text).lower()).replace("figure", "fig")
    if key not in EXHIBITS:
        raise HemigovError(f"unknown exhibit {text!r}; known: {', '.join(EXHIBITS)}")
    return key


class Cells:
    """Collects an exhibit's cells."""

    def __init__(self, exhibit: str):
        self.exhibit = exhibit
        self.rows: list[dict] = []

    def add(self, row: str, measure: str, period: str, paper: float | None, computed: float | None, unit: str,
            tolerance: float | None, source: str, paper_source: str, note: str = "", *,
            reason_if_differs: str = "", force_reason: str = "", missing: str = "",
            low: float | None = None, high: float | None = None) -> None:
        """Add one cell. ``force_reason`` marks a comparison of unlike things (another period or definition):
        the cell ``differs`` whatever the numbers; ``missing`` marks a not-reproducible cell and why."""
        computed = None if computed is None or pd.isna(computed) else round(float(computed), 4)
        paper = None if paper is None or pd.isna(paper) else float(paper)
        if missing:
            status, reason = "not-reproducible", missing
        elif force_reason:
            status, reason = "differs", force_reason
        else:
            status = cell_status(computed, paper, tolerance or 0.0, low, high)
            reason = reason_if_differs if status == "differs" else ""
            if status == "differs" and not reason:
                reason = "unexplained"
        if low is not None and high is not None and computed is not None:
            note = f"{note} [interval {low:,.6g}..{high:,.6g}]".strip()
        cid = re.sub(r"[^A-Za-z0-9.#@_-]+", "_", f"{self.exhibit}.{row}.{measure}@{period}")
        self.rows.append({"id": cid, "exhibit": self.exhibit, "row": row, "measure": measure, "period": period,
                          "paper_value": paper, "computed_value": computed, "unit": unit, "tolerance": tolerance,
                          "status": status, "reason": reason or None, "sources": source or paper_source,
                          "paper_sources": paper_source, "note": note})

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(self.rows, columns=COLUMNS)
        dup = df.id[df.id.duplicated()]
        if len(dup):
            raise AssertionError(f"duplicate cell ids: {sorted(dup)[:5]}")
        return df


def _paper_table(r: Reader, exhibit: str) -> pd.DataFrame:
    return r.df("SELECT * FROM {paper_tables} WHERE exhibit = ? ORDER BY row", [exhibit])


def _paper_figure(r: Reader, figure_id: str) -> tuple[float, str]:
    d = r.df("SELECT value, dataset, vintage FROM {paper_figures} WHERE figure_id = ?", [figure_id])
    return (float(d.value.iloc[0]) if len(d) else float("nan")), source_of(d) or PAPER_FIGURES


# ------------------------------------------------------------------------------------------------ Fig. 1
def _claims_2001(r: Reader) -> pd.DataFrame:
    return r.df("""SELECT 2001 AS year, value AS persons, dataset, vintage FROM {events}
                   WHERE event_id = '2001-asylum-claimants-in-canada-2001-statcan-ircc'""")


def fig1(r: Reader) -> pd.DataFrame:
    c = Cells("fig1")
    years = range(2001, 2020)
    totals = pd.concat([_claims_2001(r), ind.canada_claims_by_year(r, years)], ignore_index=True)
    unhcr = ind.unhcr_claims_canada(r, years).groupby(["year", "dataset", "vintage"], as_index=False).persons.sum()
    for y in years:
        t = totals[totals.year == y]
        c.add(str(y), "total_claims", str(y), None, t.persons.sum() if len(t) else None, "persons", None,
              source_of(t), PAPER_FIGURES, "IRCC open data from 2015; CIMM 'asylum intake by year' 2002-2014; "
              "StatCan/IRCC (timeline) for 2001", missing="missing-printed-value")
        u = unhcr[unhcr.year == y]
        c.add(str(y), "total_claims_unhcr", str(y), None, u.persons.sum() if len(u) else None, "persons", None,
              source_of(u), PAPER_FIGURES, "second source: UNHCR new applications (persons, first instance)",
              missing="missing-printed-value")
    c.add("2005..2019", "stca_ineligible_series", "2005..2019", None, None, "persons per year", None, "",
          PAPER_FIGURES, f"Fig. 1's STCA line: {STCA_MISSING}", missing="missing-data")
    for fid, measure, period in [("stca-ineligible-2005-2019", "stca_ineligible_total", "2005..2019"),
                                 ("stca-ineligible-avg-2005-2015", "stca_ineligible_mean", "2005..2015"),
                                 ("stca-ineligible-2017", "stca_ineligible", "2017"),
                                 ("stca-ineligible-2019", "stca_ineligible", "2019")]:
        v, src = _paper_figure(r, fid)
        c.add(period, measure, period, v, None, "persons", None, "", src, f"printed in the text: {STCA_MISSING}",
              missing="missing-data")
    return c.frame()


# ------------------------------------------------------------------------------------------------ Fig. 2
def fig2(r: Reader) -> pd.DataFrame:
    c = Cells("fig2")
    fig = parse_period("2016-01..2020-06")
    mena_paper, mena_src = _paper_figure(r, "res-fig2-mena-share")
    for region in [*REGIONS, None]:
        m = ind.resettled_to_canada(r, fig, region=region, share=True) if region else None
        if region is None:  # Stateless and unassigned citizenships
            cells = ind.ircc_resettled_cells(r, fig)
            own = cells[cells.paper_region.isna()].persons.sum()
            m = ind.Measure(100 * own / cells.persons.sum(), source_of(cells), fig.label(), "no region")
        label = region or "Stateless / unassigned"
        if region == "Middle East and North Africa":
            c.add(label, "share_pct", fig.label(), mena_paper, m.value, "percent", 1.0, m.source, mena_src,
                  f"Fig. 2 label 'MENA 60%'. {m.note}", reason_if_differs="definition", low=m.low, high=m.high)
        else:
            c.add(label, "share_pct", fig.label(), None, m.value, "percent", None, m.source, PAPER_FIGURES,
                  f"{NO_PLOT.format(n=2)} (only the MENA label was extracted). {m.note}",
                  missing="missing-printed-value")
    text = parse_period("2015-01..2020-06")
    rows = [("res-total-2015-2020", "All origins", {}, ""),
            ("res-mena-2015-2020", "Middle East and North Africa", {"region": "Middle East and North Africa"}, ""),
            ("res-ssa-2015-2020", "Sub-Saharan Africa", {"region": "Sub-Saharan Africa"}, ""),
            ("res-asia-pacific-2015-2020", "Asia-Pacific", {"region": "Asia-Pacific"},
             "UNHCR's Asia and the Pacific bureau includes Afghanistan and Iran; the paper's (IRCC) Asia-Pacific "
             "is smaller and its MENA larger by about as much"),
            ("res-western-hemisphere-2015-2020", "Western hemisphere", {"region": "Western hemisphere"}, ""),
            ("res-colombia-2015-2020", "Colombia", {"iso3": "COL"}, "")]
    for fid, label, kw, why in rows:
        printed, src = _paper_figure(r, fid)
        m = ind.resettled_to_canada(r, text, **kw)
        c.add(label, "resettled", text.label(), printed, m.value, "persons", round(0.02 * printed), m.source, src,
              f"text of the resettlement section. {m.note}. {why}".strip(),
              reason_if_differs="definition" if why else "suppression", low=m.low, high=m.high)
    printed, src = _paper_figure(r, "res-western-hemisphere-share")
    m = ind.resettled_to_canada(r, text, region="Western hemisphere", share=True)
    c.add("Western hemisphere", "share_pct", text.label(), printed, m.value, "percent", 0.25, m.source, src,
          f"'just under 1%'. {m.note}", reason_if_differs="suppression", low=m.low, high=m.high)
    # Second source: UNHCR calendar years (includes Jul-Dec 2020).
    un = ind.unhcr_resettlement(r, range(2015, 2021))
    for fid, label, sel in [("res-total-2015-2020", "All origins", un.index == un.index),
                            ("res-western-hemisphere-2015-2020", "Western hemisphere",
                             un.paper_region == "Western hemisphere"),
                            ("res-colombia-2015-2020", "Colombia", un.iso3 == "COL")]:
        printed, src = _paper_figure(r, fid)
        c.add(label, "resettled_unhcr", "2015..2020", printed, un[sel].persons.sum(), "persons", round(0.02 * printed),
              source_of(un), src, "UNHCR resettlement arrivals, calendar 2015-2020 (adds Jul-Dec 2020)",
              force_reason="period")
    return c.frame()


# ------------------------------------------------------------------------------------------------ Fig. 3
def fig3(r: Reader) -> pd.DataFrame:
    c = Cells("fig3")
    d = ind.unhcr_claims_canada(r, range(2013, 2021))
    d["region"] = ind.claims_region(d)
    by = d.groupby(["region", "year"], as_index=False).persons.sum()
    src = source_of(d)
    for reg, y, p in by.sort_values(["region", "year"]).itertuples(index=False):
        c.add(reg, "claims_unhcr", str(y), None, p, "persons", None, src, PAPER_FIGURES,
              f"{NO_PLOT.format(n=3)}; UNHCR new applications in Canada, calendar years",
              missing="missing-printed-value")
    printed, psrc = _paper_figure(r, "asy-claims-2013-2020")
    m = ind.asylum_claims_canada(r, parse_period("2013..2020"))
    m15 = ind.asylum_claims_canada(r, parse_period("2015..2020"))
    c.add("All origins", "claims", "2013..2020", printed, m.value, "persons", 0.05 * printed, m.source, psrc,
          f"'just over 230,000' from 2013 to 2020 ({m.note}). 2015-2020 alone = {m15.value:,.0f}: the printed "
          "total fits 2015-2020 (the first years of IRCC's open data), not 2013-2020", reason_if_differs="period")
    for fid, y, force in [("asy-lac-share-2017", "2017", ""), ("asy-lac-share-2020", "2020", "period")]:
        printed, psrc = _paper_figure(r, fid)
        m = ind.asylum_region_share(r, parse_period(y))
        note = f"'almost 30%'. {m.note}"
        if force:
            note += "; UNHCR counts calendar 2020, the paper's 2020 is Jan-Mar"
        c.add("Latin America and the Caribbean", "share_pct", y, printed, m.value, "percent", 2.0, m.source, psrc,
              note, reason_if_differs="definition", force_reason=force)
    m = ind.asylum_region_rank(r, parse_period("2013..2020"))
    c.add("Latin America and the Caribbean", "rank_of_region", "2013..2020", 2, m.value, "rank", 0, m.source,
          PAPER_FIGURES, f"'second largest regional group ... less than Sub-Saharan Africa'. {m.note}",
          reason_if_differs="definition")
    printed, psrc = _paper_figure(r, "asy-nigerian-claimants-2016-2020")
    m = ind.asylum_claims_citizenship(r, parse_period("2016..2020"), iso3="NGA")
    rox = _paper_table(r, "table2")
    rox = rox[(rox.iso3 == "NGA") & (rox.measure == "claims")].value.sum()
    c.add("Nigeria", "claims", "2016..2020", printed, m.value, "persons", 0.05 * printed, m.source, psrc,
          f"footnote 14 'almost 15,000'. IRCC all offices: {m.note}. Table 2's Nigerians at Roxham Road add to "
          f"{rox:,.0f}: the footnote counts Roxham Road only", reason_if_differs="definition")
    return c.frame()


# ------------------------------------------------------------------------------------------------ Table 1
def _wdi(r: Reader, indicator: str, year: int) -> pd.DataFrame:
    return r.df("SELECT iso3, value, dataset, vintage FROM {economy} WHERE indicator = ? AND year = ?",
                [indicator, year])


def table1(r: Reader) -> pd.DataFrame:
    c = Cells("table1")
    paper = _paper_table(r, "table1")
    pct = _wdi(r, "BX.TRF.PWKR.DT.GD.ZS", 2019)
    usd = _wdi(r, "BX.TRF.PWKR.CD.DT", 2019)
    gdp = _wdi(r, "NY.GDP.MKTP.CD", 2019)
    can = r.df("""SELECT receiver_iso3 AS iso3, usd_millions AS value, dataset, vintage FROM {remittances_bilateral}
                  WHERE sender_iso3 = 'CAN' AND year = 2017""")
    for _, p in paper.iterrows():
        iso, label = p.iso3, p.label
        if p.measure == "remittances_pct_gdp":
            v = pct[pct.iso3 == iso]
            g = gdp[gdp.iso3 == iso].value.sum()
            note = f"WDI official % of GDP series; GDP 2019 US${g / 1e9:,.1f}bn (newest WDI)"
            why = "revision"
            if iso == "HTI":
                why = "source"
                note += ("; the printed 37.1% is World Bank/KNOMAD's April 2020 brief (which divides by IMF WEO GDP): "
                         "3.2 / 0.371 implies a 2019 GDP of about US$8.6bn, while WDI puts it at about US$15bn "
                         "(Haiti's national accounts were revised), so the share is about half")
            c.add(label, "pct_gdp", "2019", p.value, v.value.sum() if len(v) else None, "percent of GDP", 1.0,
                  source_of(v), source_of(paper), note, reason_if_differs=why)
        elif p.measure == "remittances_total":
            v = usd[usd.iso3 == iso]
            c.add(label, "total_usd_bn", "2019", p.value, v.value.sum() / 1e9 if len(v) else None, "USD billion",
                  round(0.05 + 0.02 * p.value, 3), source_of(v), source_of(paper),
                  "WDI personal remittances received; tolerance: printed rounding (0.05) + 2% for revisions",
                  reason_if_differs="revision")
        else:
            v = can[can.iso3 == iso]
            note = "World Bank/KNOMAD bilateral remittance matrix 2017 (April 2018 version), Canada row"
            why = "revision"
            if iso == "HTI":
                why = "source"
                note += ("; the other eleven printed values equal this matrix after rounding, Haiti's does not "
                         "(another release of the matrix, or a typo)")
            c.add(label, "from_canada_usd_m", "2017", p.value, v.value.sum() if len(v) else None, "USD million", 0.5,
                  source_of(v), source_of(paper), note, reason_if_differs=why)
    return c.frame()


# ------------------------------------------------------------------------------------------------ Table 2
TABLE2_PERIODS = {"2017-04..2017-12": "2017-04..2017-12", "2018": "2018-01..2018-12", "2019": "2019-01..2019-12",
                  "2020-01..2020-03": "2020-01..2020-03"}
ROXHAM_MISSING = ("IRCC's Roxham Road claims by citizenship (data transmitted to the author, not published); "
                  "open data count claims by office type or interceptions by province, not by crossing point and "
                  "citizenship")


def table2(r: Reader) -> pd.DataFrame:
    c = Cells("table2")
    paper = _paper_table(r, "table2")
    psrc = source_of(paper)
    wide = paper.pivot_table(index="row", columns="measure", values="value", aggfunc="first").join(
        paper.groupby("row")[["label", "period"]].first()).reset_index()
    for _, w in wide.sort_values(["period", "rank"]).iterrows():
        c.add(f"{w.period} #{int(w['rank'])} {w.label}", "claims", w.period, w.claims, None, "claims", None, "",
              psrc, "", missing="missing-data")
    totals = _paper_table(r, "table2_totals")
    for _, t in totals.iterrows():
        m = ind.rcmp_interceptions(r, parse_period(TABLE2_PERIODS[t.period]), "Quebec")
        c.add("Totals", "claims_total", t.period, t.value, m.value, "claims", round(0.03 * t.value), m.source,
              source_of(totals), "compared with RCMP interceptions in Quebec (a proxy: all crossings between ports "
              "of entry in Quebec, of which Roxham Road is nearly all); tolerance 3%",
              reason_if_differs="definition")
    m = ind.rcmp_interceptions(r, parse_period("2017-04..2020-03"), "Quebec")
    c.add("Totals", "claims_total", "2017-04..2020-03", totals.value.sum(), m.value, "claims",
          round(0.03 * totals.value.sum()), m.source, source_of(totals),
          "sum of the four printed totals vs RCMP Quebec interceptions; tolerance 3%", reason_if_differs="definition")
    # Cross-check: the printed rows per country against the IRB's cumulative irregular-crosser claims.
    irb = r.df("""SELECT country_iso3 AS iso3, persons, period_end, dataset, vintage FROM {irb_irregular_claims}
                  WHERE measure = 'intake' AND period_end = (SELECT max(period_end) FROM {irb_irregular_claims}
                                                              WHERE period_end <= DATE '2020-03-31')""")
    sums = paper[paper.measure == "claims"].groupby("iso3").value.sum()
    for iso, v in irb[~irb.iso3.str.startswith("(")][["iso3", "persons"]].itertuples(index=False):
        printed = sums.get(iso)
        if printed is None:
            continue
        c.add(f"sum {iso}", "claims_cross_check", "2017-04..2020-03", printed, v, "claims", round(0.1 * printed),
              source_of(irb), psrc, f"printed rows of {iso} summed vs IRB claims referred from irregular border "
              f"crossers, cumulative Feb 2017 - {str(irb.period_end.iloc[0])[:10]} (country of alleged persecution, "
              "all of Canada); tolerance 10%", reason_if_differs="definition")
    return c.frame()


# ------------------------------------------------------------------------------------------------ Table 3
def table3(r: Reader) -> pd.DataFrame:
    c = Cells("table3")
    paper = _paper_table(r, "table3")
    psrc = source_of(paper)
    t = paper.pivot_table(index=["row", "period"], columns="measure", values="value").reset_index().sort_values("row")
    t["rate_recomputed"] = acceptance_rate(t.accepted, t.rejected)
    t["residual"] = backlog_residuals(t)
    dec = ind.unhcr_decisions(r, range(2013, 2021))
    app = ind.unhcr_claims_canada(r, range(2013, 2021))
    app = app[app.iso3 == "MEX"]
    for _, w in t.iterrows():
        per = w.period
        yr = int(per[:4])
        c.add(per, "acceptance_rate", per, w.acceptance_rate_pct_as_printed, w.rate_recomputed, "percent", 1.0, psrc,
              psrc, "accepted / (accepted + rejected) recomputed from the printed counts; tolerance 1 point (rates are "
              "printed to the nearest 0.5 or whole percent)", reason_if_differs="internal")
        if pd.isna(w.residual):
            c.add(per, "backlog_flow_balance", per, w.backlog, None, "claims", None, psrc, psrc,
                  "first row: the backlog at the end of 2012 (the new IRB system began on 15 Dec 2012) is not printed",
                  missing="missing-data")
        else:
            c.add(per, "backlog_flow_balance", per, w.backlog, w.backlog - w.residual, "claims",
                  max(2.0, round(0.01 * w.backlog)), psrc, psrc,
                  f"previous backlog + referred - accepted - rejected - abandoned/withdrawn; residual "
                  f"{w.residual:+.0f}; tolerance max(2, 1%)", reason_if_differs="internal")
        d, a = dec[dec.year == yr], app[app.year == yr]
        force = "period" if per.endswith("Q1") else ""
        new_system = "" if yr >= 2015 else "definition"
        why_note = ("UNHCR counts calendar 2020; the printed row is Jan-Mar 2020" if force else
                    "in 2013-2014 UNHCR's Canada figures include legacy-system claims, the IRB's 'New System' "
                    "table (claims referred from 15 Dec 2012) does not" if new_system else "")
        for measure, paper_v, comp, tbl in [("referred", w.referred, a.persons.sum(), a),
                                            ("accepted", w.accepted, d.recognized.sum(), d),
                                            ("rejected", w.rejected, d.rejected.sum(), d),
                                            ("abandoned_withdrawn", w.abandoned_withdrawn, d.closed.sum(), d)]:
            unhcr_name = {"referred": "new applications", "accepted": "recognized", "rejected": "rejected",
                          "abandoned_withdrawn": "otherwise closed"}[measure]
            c.add(per, f"{measure}_vs_unhcr", per, paper_v, comp if len(tbl) else None, "claims",
                  max(2.0, round(0.05 * paper_v)), source_of(tbl), psrc,
                  f"UNHCR first-instance {unhcr_name} (persons), Mexicans in Canada; tolerance 5%. {why_note}".strip(),
                  reason_if_differs=new_system or "source", force_reason=force)
        rate = 100 * d.recognized.sum() / (d.recognized.sum() + d.rejected.sum()) if len(d) else None
        c.add(per, "acceptance_rate_vs_unhcr", per, w.acceptance_rate_pct_as_printed, rate, "percent", 2.0,
              source_of(d), psrc, f"UNHCR recognized / (recognized + rejected); tolerance 2 points. {why_note}".strip(),
              reason_if_differs=new_system or "source", force_reason=force)
    return c.frame()


BUILDERS = {"fig1": fig1, "fig2": fig2, "fig3": fig3, "table1": table1, "table2": table2, "table3": table3}


def build(exhibit: str, reader: Reader | None = None) -> pd.DataFrame:
    """The cells of one exhibit, rebuilt as of the paper (oldest loaded vintages)."""
    if reader is not None:
        return BUILDERS[exhibit_id(exhibit)](reader)
    with Reader("paper") as r:
        return BUILDERS[exhibit_id(exhibit)](r)


# ------------------------------------------------------------------------------------------------ updated edition
def _long(df: pd.DataFrame, exhibit: str, series: str, unit: str, period_col: str = "period",
          value_col: str = "value") -> pd.DataFrame:
    out = pd.DataFrame({"exhibit": exhibit, "series": series, "period": df[period_col].astype(str),
                        "value": df[value_col].astype(float), "unit": unit})
    out["sources"] = (df["dataset"] + "@" + df["vintage"]).values if len(df) else []
    return out


def updated(exhibit: str) -> pd.DataFrame:
    """The exhibit extended to the latest year the data hold (newest vintages).

    Returns
    -------
    DataFrame
        exhibit, series, period, value, unit, sources (dataset@vintage), one row per point.
    """
    key = exhibit_id(exhibit)
    with Reader("latest") as r:
        return _updated(key, r)


def _updated(key: str, r: Reader) -> pd.DataFrame:
    if key == "fig1":
        t = pd.concat([_claims_2001(r), ind.canada_claims_by_year(r, range(2001, 2100))], ignore_index=True)
        t["period"] = t.year.astype(int).astype(str) + t.get("complete", True).map({True: "", False: " (partial)"})
        rcmp = r.df("SELECT year AS period, sum(persons) AS value, dataset, vintage FROM {rcmp_interceptions} "
                    "GROUP BY ALL ORDER BY 1")
        stca = r.df("SELECT strftime(date, '%Y-%m') AS period, value, dataset, vintage FROM {events} "
                    "WHERE topic = 'stca' AND value IS NOT NULL ORDER BY date")
        return pd.concat([_long(t, key, "asylum claims in Canada", "persons", value_col="persons"),
                          _long(rcmp, key, "RCMP interceptions between ports of entry", "persons"),
                          _long(stca, key, "STCA returns (published figures only)", "persons")], ignore_index=True)
    if key == "fig2":
        d = r.df("""SELECT a.year * 100 + a.month AS ym, coalesce(c.paper_region, 'Stateless / unassigned') AS region,
                           sum(a.persons) AS value, a.dataset, a.vintage
                    FROM {ircc_pr_admissions} a LEFT JOIN v_countries c ON c.iso3 = a.citizenship_iso3
                    WHERE a.level = 'group_total' AND a.category_group = 'Resettled Refugee' AND a.year >= 2016
                    GROUP BY ALL ORDER BY 1, 2""")
        d["period"] = (d.ym // 100).astype(str) + "-" + (d.ym % 100).astype(str).str.zfill(2)
        frames = [_long(g, key, f"IRCC resettled, {reg}", "persons") for reg, g in d.groupby("region")]
        u = ind.unhcr_resettlement(r, range(2016, 2100))
        u["region"] = u.paper_region.fillna("Stateless / unassigned")
        u = u.groupby(["year", "region", "dataset", "vintage"], as_index=False).persons.sum()
        frames += [_long(g, key, f"UNHCR resettled, {reg}", "persons", "year", "persons") for reg, g in
                   u.groupby("region")]
        return pd.concat(frames, ignore_index=True)
    if key == "fig3":
        d = ind.unhcr_claims_canada(r, range(2013, 2100))
        d["region"] = ind.claims_region(d)
        g = d.groupby(["year", "region", "dataset", "vintage"], as_index=False).persons.sum()
        t = ind.canada_claims_by_year(r, range(2013, 2100))
        t["period"] = t.year.astype(str) + t.complete.map({True: "", False: " (partial)"})
        return pd.concat([_long(x, key, f"UNHCR new applications, {reg}", "persons", "year", "persons")
                          for reg, x in g.groupby("region")] +
                         [_long(t, key, "IRCC asylum claimants, all origins", "persons", value_col="persons")],
                         ignore_index=True)
    if key == "table1":
        paper = _paper_table(r, "table1")[["label", "iso3"]].drop_duplicates()
        e = r.df("""SELECT e.year, e.iso3, e.indicator, e.value, e.dataset, e.vintage FROM {economy} e
                    WHERE e.indicator IN ('BX.TRF.PWKR.CD.DT', 'NY.GDP.MKTP.CD') AND e.year >= 2019
                      AND e.iso3 IN (SELECT unnest(?))""", [list(paper.iso3)])
        w = e.pivot_table(index=["year", "iso3"], columns="indicator", values="value").reset_index().dropna()
        srcs = e.groupby(["year", "iso3"]).apply(lambda x: join_sources(source_of(x)), include_groups=False)
        w["value"] = 100 * w["BX.TRF.PWKR.CD.DT"] / w["NY.GDP.MKTP.CD"]
        w["sources"] = [srcs[(y, i)] for y, i in w[["year", "iso3"]].itertuples(index=False)]
        pct = pd.DataFrame({"exhibit": key, "series": "remittances % of GDP (received / GDP), " + w.iso3,
                            "period": w.year.astype(str), "value": w.value, "unit": "percent of GDP",
                            "sources": w.sources})
        can = r.df("""SELECT year AS period, receiver_iso3, usd_millions AS value, dataset, vintage
                      FROM {remittances_bilateral} WHERE sender_iso3 = 'CAN' AND receiver_iso3 IN (SELECT unnest(?))
                      ORDER BY 1, 2""", [list(paper.iso3)])
        frames = [pct] + [_long(g, key, f"remittances from Canada, {iso}", "USD million")
                          for iso, g in can.groupby("receiver_iso3")]
        return pd.concat(frames, ignore_index=True)
    if key == "table2":
        q = r.df("SELECT year AS period, sum(persons) AS value, dataset, vintage FROM {rcmp_interceptions} "
                 "WHERE province = 'Quebec' GROUP BY ALL ORDER BY 1")
        irb = r.df("""SELECT period_end, country_iso3, persons AS value, dataset, vintage FROM {irb_irregular_claims}
                      WHERE measure = 'intake' ORDER BY 1, 2""")
        irb["period"] = "2017-02.." + irb.period_end.astype(str).str[:7]
        return pd.concat([_long(q, key, "RCMP interceptions, Quebec", "persons")] +
                         [_long(g, key, f"IRB irregular-crosser claims (cumulative), {iso}", "claims")
                          for iso, g in irb.groupby("country_iso3")], ignore_index=True)
    dec = ind.unhcr_decisions(r, range(2013, 2100))
    dec["rate"] = acceptance_rate(dec.recognized, dec.rejected)
    app = ind.unhcr_claims_canada(r, range(2013, 2100))
    app = app[app.iso3 == "MEX"]
    ircc = ind.top25_claims(r, range(2015, 2100))
    ircc = ircc[ircc.iso3 == "MEX"].sort_values("year")
    ircc["period"] = ircc.year.astype(str) + (ircc.months < 12).map({True: " (partial)", False: ""})
    return pd.concat([_long(app, key, "UNHCR new applications, Mexicans in Canada", "persons", "year", "persons"),
                      _long(dec, key, "UNHCR recognized", "persons", "year", "recognized"),
                      _long(dec, key, "UNHCR rejected", "persons", "year", "rejected"),
                      _long(dec, key, "UNHCR otherwise closed", "persons", "year", "closed"),
                      _long(dec, key, "acceptance rate recognized / (recognized + rejected)", "percent", "year",
                            "rate"),
                      _long(ircc, key, "IRCC asylum claimants, Mexico", "persons", value_col="persons")],
                     ignore_index=True)


ANNOTATION_TOPICS = {
    "fig1": ("stca", "asylum", "us-policy"), "fig2": ("resettlement", "displacement"),
    "fig3": ("asylum", "visa", "us-policy", "stca"), "table1": ("labour", "funding"),
    "table2": ("stca", "asylum", "us-policy"), "table3": ("visa", "asylum"),
}
ANNOTATION_START = {"fig1": "2001-01-01", "fig2": "2016-01-01", "fig3": "2013-01-01", "table1": "2017-01-01",
                    "table2": "2017-01-01", "table3": "2009-01-01"}


def annotations(exhibit: str) -> pd.DataFrame:
    """Policy events (``v_events``, kind 'event') to annotate the updated exhibit with, oldest first."""
    key = exhibit_id(exhibit)
    with Reader("latest") as r:
        return r.df("""
            SELECT event_id, strftime(date, '%Y-%m-%d') AS date, date_precision, actor, topic, title, source_url,
                   confidence, source_kind, dataset, vintage
            FROM {events} WHERE kind = 'event' AND topic IN (SELECT unnest(?)) AND date >= CAST(? AS DATE)
            ORDER BY date, event_id""", [list(ANNOTATION_TOPICS[key]), ANNOTATION_START[key]])

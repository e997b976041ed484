"""The paper's six exhibits rebuilt cell by cell, and their updated edition.

Each builder returns one row per cell: the printed value (from the paper's transcription, ``paper.*@2020-12``),
the value rebuilt from official data **as of the paper** (the series read with ``vintage="paper"``: per dataset
the release of :data:`hemigov.series.base.PAPER_VINTAGES`, else the newest loaded; ``sources`` says which), a
tolerance, a status and, where the two differ, the reason:

- ``reproduced``: within the tolerance (or inside the interval that suppressed cells leave open);
- ``differs``: ``reason`` is one of revision, period, definition, suppression, source, internal;
- ``not-reproducible``: ``reason`` is ``missing-data`` (no open data: the note names what is missing) or
  ``missing-printed-value`` (the figure's plotted series is not given in the paper's text, so there is no
  printed number to compare; the rebuilt value is still shown).

Numbers come from :mod:`hemigov.series`, the public indicators and the quantities of
:mod:`hemigov.replication.quantities` (the ledger's, so a printed number and the claim about it are tested the same
way). ``updated(exhibit)`` extends each exhibit to the latest data (``vintage="latest"``); ``annotations(exhibit)``
lists the policy events that fall in its extended period.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from hemigov.core import periods
from hemigov.core.errors import unknown
from hemigov.core.periods import Period
from hemigov.core.provenance import Provenance
from hemigov.geo import regions
from hemigov.indicators import formulas
from hemigov.replication.measures import backlog_residuals, cell_status
from hemigov.replication.quantities import (
    LAC,
    Measure,
    applications_in_canada,
    asylum_claims_canada,
    measure,
)
from hemigov.series import LATEST, PAPER, asylum, canada, economy, reference, resettlement

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
STCA_MISSING = ("yearly counts of claims found ineligible under the STCA: no official series was found "
                "(web-page-figures PROVENANCE); IRCC/CBSA publish none as open data")
NO_PLOT = "Fig. {n}'s plotted series is not given in the paper's text: rebuilt value shown, nothing to compare"
PAPER_SCHEME = regions.WESTERN_HEMISPHERE.scheme  # the paper's regions (IRCC style, from UNHCR's bureaux)
STATELESS = "Stateless / unassigned"
WDI_PCT, WDI_USD, WDI_GDP = economy.REMITTANCES_PCT_GDP, economy.REMITTANCES_USD, economy.GDP


def exhibit_id(text: str) -> str:
    """Normalise 'Fig. 1', 'fig1', 'Table 3', 'TABLE3' to an exhibit id; unknown ones are bad input."""
    key = re.sub(r"[\s._-]", "", str(text).lower()).replace("figure", "fig")
    if key not in EXHIBITS:
        raise unknown("exhibit", text, EXHIBITS)
    return key


def _label(period: Period | str) -> str:
    """Every cell's period in the one grammar's canonical text."""
    return periods.parse(period).label()


class Cells:
    """Collects an exhibit's cells."""

    def __init__(self, exhibit: str):
        self.exhibit = exhibit
        self.rows: list[dict] = []

    def add(self, *, row: str, measure: str, period: Period | str, paper: float | None, unit: str,
            tolerance: float | None, paper_sources: str, computed: float | None = None, sources: str = "",
            result: Measure | None = None, note: str = "", reason_if_differs: str = "", force_reason: str = "",
            missing: str = "", low: float | None = None, high: float | None = None) -> None:
        """Add one cell. ``result`` fills ``computed``, ``sources`` and the bounds from a :class:`Measure`;
        ``force_reason`` marks a comparison of unlike things (another period or definition): the cell
        ``differs`` whatever the numbers; ``missing`` marks a not-reproducible cell and why."""
        if result is not None:
            computed, sources, low, high = result.value, result.sources, result.low, result.high
        computed = None if computed is None or pd.isna(computed) else round(float(computed), 4)
        paper = None if paper is None or pd.isna(paper) else float(paper)
        if missing:
            status, reason = "not-reproducible", missing
        elif force_reason:
            status, reason = "differs", force_reason
        else:
            status = cell_status(computed, paper, tolerance or 0.0, low=low, high=high)
            reason = reason_if_differs if status == "differs" else ""
            if status == "differs" and not reason:
                reason = "unexplained"
        if low is not None and high is not None and computed is not None:
            note = f"{note} [interval {low:,.6g}..{high:,.6g}]".strip()
        label = _label(period)
        cid = re.sub(r"[^A-Za-z0-9.#@_-]+", "_", f"{self.exhibit}.{row}.{measure}@{label}")
        self.rows.append({"id": cid, "exhibit": self.exhibit, "row": row, "measure": measure, "period": label,
                          "paper_value": paper, "computed_value": computed, "unit": unit, "tolerance": tolerance,
                          "status": status, "reason": reason or None, "sources": sources or paper_sources,
                          "paper_sources": paper_sources, "note": note})

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(self.rows, columns=COLUMNS)
        dup = df.id[df.id.duplicated()]
        if len(dup):
            raise AssertionError(f"duplicate cell ids: {sorted(dup)[:5]}")
        return df


def _printed(figure_id: str) -> tuple[float, str]:
    """A number printed in the paper's text, and its source."""
    f = reference.paper_figure(figure_id)
    return float(f.value), f.sources


def _figures_source() -> str:
    return Provenance.of(reference.paper_figures()).text()


def _sources(*frames) -> str:
    return Provenance.of(*frames).text()


# ------------------------------------------------------------------------------------------------ Fig. 1
def fig1(vintage: str) -> pd.DataFrame:
    c = Cells("fig1")
    figs = _figures_source()
    years = range(2001, 2020)
    claims = canada.claims_annual(vintage=vintage)
    unhcr = applications_in_canada(vintage, years)
    for y in years:
        t = claims[claims.year == y]
        c.add(row=str(y), measure="total_claims", period=str(y), paper=None, unit="persons", tolerance=None,
              computed=t.persons.sum() if len(t) else None, sources=_sources(t), paper_sources=figs,
              note="asylum claims in Canada: IRCC open data from 2015, Statistics Canada's yearly counts (policy "
              "timeline) before", missing="missing-printed-value")
        u = unhcr[unhcr.year == y]
        c.add(row=str(y), measure="total_claims_unhcr", period=str(y), paper=None, unit="persons", tolerance=None,
              computed=u.applied.sum() if len(u) else None, sources=_sources(u), paper_sources=figs,
              note="second source: UNHCR new asylum applications in Canada (persons; type V before 2006 counts as "
              "new)", missing="missing-printed-value")
    c.add(row="2005-2019", measure="stca_ineligible_series", period="2005-2019", paper=None, unit="persons per year",
          tolerance=None, paper_sources=figs, note=f"Fig. 1's STCA line: {STCA_MISSING}", missing="missing-data")
    for fid, name, period in [("stca-ineligible-2005-2019", "stca_ineligible_total", "2005-2019"),
                              ("stca-ineligible-avg-2005-2015", "stca_ineligible_mean", "2005-2015"),
                              ("stca-ineligible-2017", "stca_ineligible", "2017"),
                              ("stca-ineligible-2019", "stca_ineligible", "2019")]:
        v, src = _printed(fid)
        c.add(row=period, measure=name, period=period, paper=v, unit="persons", tolerance=None, paper_sources=src,
              note=f"printed in the text: {STCA_MISSING}", missing="missing-data")
    return c.frame()


# ------------------------------------------------------------------------------------------------ Fig. 2
def fig2(vintage: str) -> pd.DataFrame:
    c = Cells("fig2")
    figs = _figures_source()
    fig = periods.parse("2016-01..2020-06")
    mena = regions.PAPER_REGIONS[0].label
    mena_paper, mena_src = _printed("res-fig2-mena-share")
    for label in [*(r.label for r in regions.PAPER_REGIONS), regions.UNCLASSIFIED]:
        m = measure("ircc_resettled_share_pct", fig, vintage, origin=label, scheme=PAPER_SCHEME)
        row = STATELESS if label == regions.UNCLASSIFIED else label
        if label == mena:
            c.add(row=row, measure="share_pct", period=fig, paper=mena_paper, unit="percent", tolerance=1.0,
                  result=m, paper_sources=mena_src, note=f"Fig. 2 label 'MENA 60%'. {m.note}",
                  reason_if_differs="definition")
        else:
            c.add(row=row, measure="share_pct", period=fig, paper=None, unit="percent", tolerance=None, result=m,
                  paper_sources=figs, note=f"{NO_PLOT.format(n=2)} (only the MENA label was extracted). {m.note}",
                  missing="missing-printed-value")
    text = periods.parse("2015-01..2020-06")
    asia = regions.PAPER_REGIONS[2].label
    rows = [("res-total-2015-2020", "All origins", {}, ""),
            ("res-mena-2015-2020", mena, {"origin": mena}, ""),
            ("res-ssa-2015-2020", regions.PAPER_REGIONS[1].label, {"origin": regions.PAPER_REGIONS[1].label}, ""),
            ("res-asia-pacific-2015-2020", asia, {"origin": asia},
             "UNHCR's Asia and the Pacific bureau includes Afghanistan and Iran; the paper's (IRCC) Asia-Pacific "
             "is smaller and its MENA larger by about as much"),
            ("res-western-hemisphere-2015-2020", regions.WESTERN_HEMISPHERE.label,
             {"origin": regions.WESTERN_HEMISPHERE.label}, ""),
            ("res-colombia-2015-2020", "Colombia", {"origin": "COL"}, "")]
    for fid, label, kw, why in rows:
        printed, src = _printed(fid)
        m = measure("ircc_resettled", text, vintage, scheme=PAPER_SCHEME, **kw)
        c.add(row=label, measure="resettled", period=text, paper=printed, unit="persons",
              tolerance=round(0.02 * printed), result=m, paper_sources=src,
              note=f"text of the resettlement section. {m.note}. {why}".strip(),
              reason_if_differs="definition" if why else "suppression")
    printed, src = _printed("res-western-hemisphere-share")
    m = measure("ircc_resettled_share_pct", text, vintage, origin=regions.WESTERN_HEMISPHERE.label,
                scheme=PAPER_SCHEME)
    c.add(row=regions.WESTERN_HEMISPHERE.label, measure="share_pct", period=text, paper=printed, unit="percent",
          tolerance=0.25, result=m, paper_sources=src, note=f"'just under 1%'. {m.note}",
          reason_if_differs="suppression")
    _fig2_calendar(c, vintage)
    return c.frame()


def _fig2_calendar(c: Cells, vintage: str) -> None:
    """Calendar 2015-2020 (adds July-December 2020): UNHCR's arrivals as a second source, and IRCC's two printed
    counts side by side — the subtotal rows hemigov counts, and the category cells only as the labelled comparison."""
    printed, src = _printed("res-total-2015-2020")
    cmp = resettlement.ircc_comparison(2015, 2020, vintage=vintage)
    sub, cat = cmp.iloc[0], cmp.iloc[1]
    c.add(row="All origins", measure="resettled_ircc", period="2015-2020", paper=printed, unit="persons",
          tolerance=round(0.02 * printed), computed=sub.persons, sources=sub.sources, paper_sources=src,
          note=f"IRCC 'Resettled Refugee' subtotal rows (hemigov's count), calendar 2015-2020 (adds Jul-Dec 2020); "
          f"{sub.suppressed_cells} suppressed cells", force_reason="period")
    c.add(row="All origins", measure="resettled_ircc_categories", period="2015-2020", paper=printed, unit="persons",
          tolerance=round(0.02 * printed), computed=cat.persons, sources=cat.sources, paper_sources=src,
          note=f"labelled comparison, not hemigov's count: IRCC's GAR + PSR + BVOR category cells summed "
          f"({cat.persons:,.0f}, {cat.suppressed_cells} suppressed cells) against the subtotal rows "
          f"({sub.persons:,.0f}, {sub.suppressed_cells}): each cell is rounded to 5 and 1-4 printed '--', so three "
          "category cells lose more than their one subtotal", force_reason="definition")
    res = resettlement.resettlement("unhcr", vintage=vintage)
    un = res[(res.destination_iso3 == "CAN") & res.year.between(2015, 2020)]
    paper_region = regions.regions_of(un.origin_iso3, PAPER_SCHEME)
    for fid, label, sel in [("res-total-2015-2020", "All origins", un.year.notna()),
                            ("res-western-hemisphere-2015-2020", regions.WESTERN_HEMISPHERE.label,
                             paper_region == regions.WESTERN_HEMISPHERE.label),
                            ("res-colombia-2015-2020", "Colombia", un.origin_iso3 == "COL")]:
        printed, src = _printed(fid)
        c.add(row=label, measure="resettled_unhcr", period="2015-2020", paper=printed, unit="persons",
              tolerance=round(0.02 * printed), computed=un[sel].persons.sum(), sources=_sources(un[sel]),
              paper_sources=src, note="UNHCR resettlement arrivals, calendar 2015-2020 (adds Jul-Dec 2020)",
              force_reason="period")


# ------------------------------------------------------------------------------------------------ Fig. 3
def fig3(vintage: str) -> pd.DataFrame:
    c = Cells("fig3")
    figs = _figures_source()
    d = applications_in_canada(vintage, range(2013, 2021))
    src = _sources(d)
    by = d.groupby(["region", "year"], as_index=False).applied.sum()
    for reg, y, p in by.sort_values(["region", "year"]).itertuples(index=False):
        c.add(row=reg, measure="claims_unhcr", period=str(y), paper=None, unit="persons", tolerance=None,
              computed=p, sources=src, paper_sources=figs,
              note=f"{NO_PLOT.format(n=3)}; UNHCR new applications in Canada, calendar years",
              missing="missing-printed-value")
    printed, psrc = _printed("asy-claims-2013-2020")
    m = asylum_claims_canada(periods.parse("2013-2020"), vintage)
    m15 = asylum_claims_canada(periods.parse("2015-2020"), vintage)
    c.add(row="All origins", measure="claims", period="2013-2020", paper=printed, unit="persons",
          tolerance=0.05 * printed, result=m, paper_sources=psrc,
          note=f"'just over 230,000' from 2013 to 2020 ({m.note}). 2015-2020 alone = {m15.value:,.0f}: the printed "
          "total fits 2015-2020 (the first years of IRCC's open data), not 2013-2020", reason_if_differs="period")
    for fid, y, force in [("asy-lac-share-2017", "2017", ""), ("asy-lac-share-2020", "2020", "period")]:
        printed, psrc = _printed(fid)
        m = measure("asylum_region_share_pct", periods.parse(y), vintage)
        note = f"'almost 30%'. {m.note}"
        if force:
            note += "; UNHCR counts calendar 2020, the paper's 2020 is Jan-Mar"
        c.add(row=LAC, measure="share_pct", period=y, paper=printed, unit="percent", tolerance=2.0, result=m,
              paper_sources=psrc, note=note, reason_if_differs="definition", force_reason=force)
    m = measure("asylum_region_rank", periods.parse("2013-2020"), vintage)
    c.add(row=LAC, measure="rank_of_region", period="2013-2020", paper=2, unit="rank", tolerance=0, result=m,
          paper_sources=figs, note=f"'second largest regional group ... less than Sub-Saharan Africa'. {m.note}",
          reason_if_differs="definition")
    printed, psrc = _printed("asy-nigerian-claimants-2016-2020")
    m = measure("asylum_claims_citizenship", periods.parse("2016-2020"), vintage, iso3="NGA")
    rox = reference.paper_table("table2")
    rox = rox[(rox.iso3 == "NGA") & (rox.measure == "claims")].value.sum()
    c.add(row="Nigeria", measure="claims", period="2016-2020", paper=printed, unit="persons",
          tolerance=0.05 * printed, result=m, paper_sources=psrc,
          note=f"footnote 14 'almost 15,000'. IRCC all offices: {m.note}. Table 2's Nigerians at Roxham Road add to "
          f"{rox:,.0f}: the footnote counts Roxham Road only", reason_if_differs="definition")
    return c.frame()


# ------------------------------------------------------------------------------------------------ Table 1
HAITI_GDP_NOTE = ("; the printed 37.1% is World Bank/KNOMAD's April 2020 brief (which divides by IMF WEO GDP): "
                  "3.2 / 0.371 implies a 2019 GDP of about US$8.6bn, while WDI puts it at about US$15bn (Haiti's "
                  "national accounts were revised), so the share is about half")
HAITI_MATRIX_NOTE = ("; the other eleven printed values equal this matrix after rounding, Haiti's does not (another "
                     "release of the matrix, or a typo)")


def _pct_gdp(c: Cells, p: pd.Series, wdi: pd.DataFrame, matrix: pd.DataFrame) -> None:
    v = wdi[(wdi.indicator == WDI_PCT) & (wdi.iso3 == p.iso3)]
    g = wdi[(wdi.indicator == WDI_GDP) & (wdi.iso3 == p.iso3)].value.sum()
    haiti = p.iso3 == "HTI"
    c.add(row=p.label, measure="pct_gdp", period="2019", paper=p.value, unit="percent of GDP", tolerance=1.0,
          computed=v.value.sum() if len(v) else None, sources=_sources(v), paper_sources=p.sources,
          note=f"WDI official % of GDP series; GDP 2019 US${g / 1e9:,.1f}bn (newest WDI)"
          + (HAITI_GDP_NOTE if haiti else ""), reason_if_differs="source" if haiti else "revision")


def _total_usd_bn(c: Cells, p: pd.Series, wdi: pd.DataFrame, matrix: pd.DataFrame) -> None:
    v = wdi[(wdi.indicator == WDI_USD) & (wdi.iso3 == p.iso3)]
    c.add(row=p.label, measure="total_usd_bn", period="2019", paper=p.value, unit="USD billion",
          tolerance=round(0.05 + 0.02 * p.value, 3), computed=v.value.sum() / 1e9 if len(v) else None,
          sources=_sources(v), paper_sources=p.sources,
          note="WDI personal remittances received; tolerance: printed rounding (0.05) + 2% for revisions",
          reason_if_differs="revision")


def _from_canada_usd_m(c: Cells, p: pd.Series, wdi: pd.DataFrame, matrix: pd.DataFrame) -> None:
    v = matrix[matrix.receiver_iso3 == p.iso3]
    haiti = p.iso3 == "HTI"
    c.add(row=p.label, measure="from_canada_usd_m", period="2017", paper=p.value, unit="USD million",
          tolerance=0.5, computed=v.usd_millions.sum() if len(v) else None, sources=_sources(v),
          paper_sources=p.sources, note="World Bank/KNOMAD bilateral remittance matrix 2017 (April 2018 version), "
          "Canada row" + (HAITI_MATRIX_NOTE if haiti else ""), reason_if_differs="source" if haiti else "revision")


#: Table 1's printed measures, each with the builder of its cell.
TABLE1: dict[str, Callable[[Cells, pd.Series, pd.DataFrame, pd.DataFrame], None]] = {
    "remittances_pct_gdp": _pct_gdp, "remittances_total": _total_usd_bn, "remittances_from_canada": _from_canada_usd_m}


def table1(vintage: str) -> pd.DataFrame:
    c = Cells("table1")
    wdi = economy.economy((WDI_PCT, WDI_USD, WDI_GDP), vintage=vintage)
    wdi = wdi[wdi.year == 2019]
    rem = economy.remittances(vintage=vintage)
    matrix = rem[(rem.sender_iso3 == "CAN") & (rem.year == 2017)]
    for _, p in reference.paper_table("table1").iterrows():
        TABLE1[p.measure](c, p, wdi, matrix)
    return c.frame()


# ------------------------------------------------------------------------------------------------ Table 2
def table2(vintage: str) -> pd.DataFrame:
    c = Cells("table2")
    paper = reference.paper_table("table2")
    psrc = _sources(paper)
    wide = reference.paper_table_wide("table2")
    for _, w in wide.sort_values(["period", "rank"]).iterrows():
        c.add(row=f"{w.period} #{int(w['rank'])} {w.label}", measure="claims", period=w.period, paper=w.claims,
              unit="claims", tolerance=None, paper_sources=psrc, missing="missing-data")
    totals = reference.paper_table("table2_totals")
    tsrc = _sources(totals)
    for _, t in totals.iterrows():
        m = measure("rcmp_interceptions", periods.parse(t.period), vintage, province="Quebec")
        c.add(row="Totals", measure="claims_total", period=t.period, paper=t.value, unit="claims",
              tolerance=round(0.03 * t.value), result=m, paper_sources=tsrc,
              note="compared with RCMP interceptions in Quebec (a proxy: all crossings between ports of entry in "
              "Quebec, of which Roxham Road is nearly all); tolerance 3%", reason_if_differs="definition")
    m = measure("rcmp_interceptions", periods.parse("2017-04..2020-03"), vintage, province="Quebec")
    c.add(row="Totals", measure="claims_total", period="2017-04..2020-03", paper=totals.value.sum(), unit="claims",
          tolerance=round(0.03 * totals.value.sum()), result=m, paper_sources=tsrc,
          note="sum of the four printed totals vs RCMP Quebec interceptions; tolerance 3%",
          reason_if_differs="definition")
    # Cross-check: the printed rows per country against the IRB's cumulative irregular-crosser claims.
    irb = canada.irb_irregular_claims(vintage=vintage)
    irb = irb[irb.measure == "intake"]
    irb = irb[irb.period_end == irb.loc[irb.period_end <= "2020-03-31", "period_end"].max()]
    sums = paper[paper.measure == "claims"].groupby("iso3").value.sum()
    for iso, v in irb[~irb.country_iso3.str.startswith("(")][["country_iso3", "persons"]].itertuples(index=False):
        printed = sums.get(iso)
        if printed is None:
            continue
        c.add(row=f"sum {iso}", measure="claims_cross_check", period="2017-04..2020-03", paper=printed,
              unit="claims", tolerance=round(0.1 * printed), computed=v, sources=_sources(irb), paper_sources=psrc,
              note=f"printed rows of {iso} summed vs IRB claims referred from irregular border crossers, cumulative "
              f"Feb 2017 - {str(irb.period_end.iloc[0])[:10]} (country of alleged persecution, all of Canada); "
              "tolerance 10%", reason_if_differs="definition")
    return c.frame()


# ------------------------------------------------------------------------------------------------ Table 3
def _row_period(printed: str) -> str:
    """Table 3's row label as a period of the one grammar: ``2020-Q1`` is January to March 2020."""
    m = re.fullmatch(r"(\d{4})-Q([1-4])", printed)
    if not m:
        return printed
    y, q = int(m.group(1)), int(m.group(2))
    return f"{y}-{3 * q - 2:02d}..{y}-{3 * q:02d}"


def mexicans_in_canada(vintage: str, years: range) -> tuple[pd.DataFrame, pd.DataFrame]:
    """UNHCR first-instance decisions and first-instance new applications of Mexicans in Canada, by year."""
    dec = asylum.decisions(asylum="CAN", origins=("MEX",), level="first", vintage=vintage)
    app = asylum.applications(asylum="CAN", origins=("MEX",), new=True, level="first", vintage=vintage)
    return dec[dec.year.isin(years)], app[app.year.isin(years)]


def table3(vintage: str) -> pd.DataFrame:
    c = Cells("table3")
    t = reference.paper_table_wide("table3")
    psrc = _sources(t)
    t = t.assign(rate_recomputed=100 * formulas.acceptance_rate(t.accepted, t.rejected),
                 residual=backlog_residuals(t))
    dec, app = mexicans_in_canada(vintage, range(2013, 2021))
    for _, w in t.iterrows():
        row, per = w.period, _row_period(w.period)
        yr = int(per[:4])
        c.add(row=row, measure="acceptance_rate_pct", period=per, paper=w.acceptance_rate_pct_as_printed,
              unit="percent", tolerance=1.0, computed=w.rate_recomputed, sources=psrc, paper_sources=psrc,
              note="accepted / (accepted + rejected) recomputed from the printed counts; tolerance 1 point (rates are "
              "printed to the nearest 0.5 or whole percent)", reason_if_differs="internal")
        if pd.isna(w.residual):
            c.add(row=row, measure="backlog_flow_balance", period=per, paper=w.backlog, unit="claims",
                  tolerance=None, paper_sources=psrc, note="first row: the backlog at the end of 2012 (the new IRB "
                  "system began on 15 Dec 2012) is not printed", missing="missing-data")
        else:
            c.add(row=row, measure="backlog_flow_balance", period=per, paper=w.backlog, unit="claims",
                  tolerance=max(2.0, round(0.01 * w.backlog)), computed=w.backlog - w.residual, sources=psrc,
                  paper_sources=psrc, note=f"previous backlog + referred - accepted - rejected - abandoned/withdrawn; "
                  f"residual {w.residual:+.0f}; tolerance max(2, 1%)", reason_if_differs="internal")
        d, a = dec[dec.year == yr], app[app.year == yr]
        force = "period" if per != str(yr) else ""
        new_system = "" if yr >= 2015 else "definition"
        why = ("UNHCR counts calendar 2020; the printed row is Jan-Mar 2020" if force else
               "in 2013-2014 UNHCR's Canada figures include legacy-system claims, the IRB's 'New System' table "
               "(claims referred from 15 Dec 2012) does not" if new_system else "")
        for name, printed, computed, frame, unhcr_name in [
                ("referred", w.referred, a.applied.sum(), a, "new applications"),
                ("accepted", w.accepted, d.recognized.sum(), d, "recognized"),
                ("rejected", w.rejected, d.rejected.sum(), d, "rejected"),
                ("abandoned_withdrawn", w.abandoned_withdrawn, d.closed.sum(), d, "otherwise closed")]:
            c.add(row=row, measure=f"{name}_vs_unhcr", period=per, paper=printed, unit="claims",
                  tolerance=max(2.0, round(0.05 * printed)), computed=computed if len(frame) else None,
                  sources=_sources(frame), paper_sources=psrc,
                  note=f"UNHCR first-instance {unhcr_name} (persons), Mexicans in Canada; tolerance 5%. {why}".strip(),
                  reason_if_differs=new_system or "source", force_reason=force)
        rate = (100 * formulas.recognition_rates(d.recognized, d.other, d.rejected).refugee_recognition_rate.iloc[0]
                if len(d) == 1 else None)
        c.add(row=row, measure="acceptance_rate_pct_vs_unhcr", period=per, paper=w.acceptance_rate_pct_as_printed,
              unit="percent", tolerance=2.0, computed=rate, sources=_sources(d), paper_sources=psrc,
              note=f"UNHCR first-instance refugee recognition rate, recognized / (recognized + other + rejected) "
              f"(other = 0 for Canada); tolerance 2 points. {why}".strip(),
              reason_if_differs=new_system or "source", force_reason=force)
    return c.frame()


BUILDERS: dict[str, Callable[[str], pd.DataFrame]] = {
    "fig1": fig1, "fig2": fig2, "fig3": fig3, "table1": table1, "table2": table2, "table3": table3}


def build(exhibit: str, vintage: str = PAPER) -> pd.DataFrame:
    """The cells of one exhibit, rebuilt in a vintage choice (default: as of the paper)."""
    return BUILDERS[exhibit_id(exhibit)](vintage)


# ------------------------------------------------------------------------------------------------ updated edition
def _long(df: pd.DataFrame, series: str, *, unit: str, period: pd.Series, value: pd.Series) -> pd.DataFrame:
    """One series of the updated edition: period, value, unit and each point's ``sources``."""
    return pd.DataFrame({"series": series, "period": period.astype(str).to_numpy(),
                         "value": value.astype(float).to_numpy(), "unit": unit,
                         "sources": df["sources"].to_numpy()})


def _year_label(df: pd.DataFrame, complete: pd.Series) -> pd.Series:
    return df.year.astype(int).astype(str) + complete.map({True: "", False: " (partial)"}).to_numpy()


def _by_region(df: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    return df.groupby([*keys, "sources"], as_index=False)[value].sum()


def _updated_fig1(v: str) -> pd.DataFrame:
    t = canada.claims_annual(vintage=v)
    t = t[t.year >= 2001]
    unhcr = asylum.applications(asylum="CAN", new=True, by=("year",), vintage=v)
    rcmp = canada.rcmp_interceptions(vintage=v).groupby(["year", "sources"], as_index=False).persons.sum()
    stca = reference.events(topic="stca", vintage=v)
    stca = stca[stca.value.notna()]
    return pd.concat([_long(t, "asylum claims in Canada", unit="persons", period=_year_label(t, t.complete),
                            value=t.persons),
                      _long(unhcr, "UNHCR new asylum applications in Canada", unit="persons", period=unhcr.year,
                            value=unhcr.applied),
                      _long(rcmp, "RCMP interceptions between ports of entry", unit="persons", period=rcmp.year,
                            value=rcmp.persons),
                      _long(stca, "STCA returns (published figures only)", unit="persons",
                            period=stca.date.dt.strftime("%Y-%m"), value=stca.value)], ignore_index=True)


def _updated_fig2(v: str) -> pd.DataFrame:
    m = resettlement.ircc_monthly(vintage=v)
    m = m[m.year >= 2016]
    m = m.assign(region=regions.regions_of(m.citizenship_iso3, PAPER_SCHEME).replace(regions.UNCLASSIFIED, STATELESS),
                 ym=m.year.astype(str) + "-" + m.month.astype(str).str.zfill(2))
    g = _by_region(m, ["ym", "region"], "persons")
    frames = [_long(x, f"IRCC resettled, {reg}", unit="persons", period=x.ym, value=x.persons)
              for reg, x in g.groupby("region")]
    u = resettlement.resettlement("unhcr", vintage=v)
    u = u[(u.destination_iso3 == "CAN") & (u.year >= 2016)]
    u = u.assign(region=regions.regions_of(u.origin_iso3, PAPER_SCHEME).replace(regions.UNCLASSIFIED, STATELESS))
    gu = _by_region(u, ["year", "region"], "persons")
    frames += [_long(x, f"UNHCR resettled, {reg}", unit="persons", period=x.year, value=x.persons)
               for reg, x in gu.groupby("region")]
    return pd.concat(frames, ignore_index=True)


def _updated_fig3(v: str) -> pd.DataFrame:
    a = applications_in_canada(v, range(2013, 2100))
    g = _by_region(a, ["year", "region"], "applied")
    t = canada.claims_annual(vintage=v)
    t = t[t.year >= 2013]
    return pd.concat([_long(x, f"UNHCR new applications, {reg}", unit="persons", period=x.year, value=x.applied)
                      for reg, x in g.groupby("region")] +
                     [_long(t, "asylum claims in Canada, all origins", unit="persons",
                            period=_year_label(t, t.complete), value=t.persons)], ignore_index=True)


def _updated_table1(v: str) -> pd.DataFrame:
    codes = list(reference.paper_table("table1").iso3.unique())
    e = economy.economy((WDI_USD, WDI_GDP), vintage=v)
    e = e[(e.year >= 2019) & e.iso3.isin(codes)]
    usd = e[e.indicator == WDI_USD].set_index(["year", "iso3"])
    gdp = e[e.indicator == WDI_GDP].set_index(["year", "iso3"])
    w = usd[["value", "sources"]].join(gdp[["value", "sources"]], rsuffix="_gdp", how="inner").dropna().reset_index()
    w = w.assign(sources=[Provenance.of(a, b).text() for a, b in zip(w.sources, w.sources_gdp, strict=True)])
    frames = [_long(g, "remittances % of GDP (received / GDP), " + iso, unit="percent of GDP", period=g.year,
                    value=formulas.percent_of(g.value, g.value_gdp)) for iso, g in w.groupby("iso3")]
    r = economy.remittances(vintage=v)
    r = r[(r.sender_iso3 == "CAN") & r.receiver_iso3.isin(codes)]
    frames += [_long(g, f"remittances from Canada, {iso}", unit="USD million", period=g.year, value=g.usd_millions)
               for iso, g in r.groupby("receiver_iso3")]
    return pd.concat(frames, ignore_index=True)


def _updated_table2(v: str) -> pd.DataFrame:
    r = canada.rcmp_interceptions(vintage=v)
    q = r[r.province == "Quebec"].groupby(["year", "sources"], as_index=False).persons.sum()
    irb = canada.irb_irregular_claims(vintage=v)
    irb = irb[irb.measure == "intake"].sort_values(["period_end", "country_iso3"])
    return pd.concat([_long(q, "RCMP interceptions, Quebec", unit="persons", period=q.year, value=q.persons)] +
                     [_long(g, f"IRB irregular-crosser claims (cumulative), {iso}", unit="claims",
                            period="2017-02.." + g.period_end.dt.strftime("%Y-%m"), value=g.persons)
                      for iso, g in irb.groupby("country_iso3")], ignore_index=True)


def _updated_table3(v: str) -> pd.DataFrame:
    dec, app = mexicans_in_canada(v, range(2013, 2100))
    rates = 100 * formulas.recognition_rates(dec.recognized, dec.other, dec.rejected).refugee_recognition_rate
    ircc = canada.top25_annual(vintage=v)
    ircc = ircc[(ircc.citizenship_iso3 == "MEX") & (ircc.year >= 2015)].sort_values("year")
    return pd.concat([
        _long(app, "UNHCR first-instance new applications, Mexicans in Canada", unit="persons", period=app.year,
              value=app.applied),
        _long(dec, "UNHCR first-instance recognized", unit="persons", period=dec.year, value=dec.recognized),
        _long(dec, "UNHCR first-instance rejected", unit="persons", period=dec.year, value=dec.rejected),
        _long(dec, "UNHCR first-instance otherwise closed", unit="persons", period=dec.year, value=dec.closed),
        _long(dec, "UNHCR first-instance refugee recognition rate", unit="percent", period=dec.year, value=rates),
        _long(ircc, "IRCC asylum claimants, Mexico", unit="persons", period=_year_label(ircc, ircc.complete),
              value=ircc.persons)], ignore_index=True)


UPDATED: dict[str, Callable[[str], pd.DataFrame]] = {
    "fig1": _updated_fig1, "fig2": _updated_fig2, "fig3": _updated_fig3, "table1": _updated_table1,
    "table2": _updated_table2, "table3": _updated_table3}


def updated(exhibit: str) -> pd.DataFrame:
    """The exhibit extended to the latest year or month the data hold (``vintage="latest"``).

    Returns
    -------
    DataFrame
        exhibit, series, period, value, unit, sources, one row per point.
    """
    key = exhibit_id(exhibit)
    out = UPDATED[key](LATEST).reset_index(drop=True)
    return out.assign(exhibit=key)[["exhibit", "series", "period", "value", "unit", "sources"]]


ANNOTATION_TOPICS = {
    "fig1": ("stca", "asylum", "us-policy"), "fig2": ("resettlement", "displacement"),
    "fig3": ("asylum", "visa", "us-policy", "stca"), "table1": ("labour", "funding"),
    "table2": ("stca", "asylum", "us-policy"), "table3": ("visa", "asylum"),
}
ANNOTATION_START = {"fig1": "2001-01-01", "fig2": "2016-01-01", "fig3": "2013-01-01", "table1": "2017-01-01",
                    "table2": "2017-01-01", "table3": "2009-01-01"}
ANNOTATION_COLUMNS = ["event_id", "date", "date_precision", "actor", "topic", "title", "source_url", "confidence",
                      "source_kind", "sources"]


def annotations(exhibit: str) -> pd.DataFrame:
    """Policy events (the timeline's ``event`` rows) to annotate the updated exhibit with, oldest first."""
    key = exhibit_id(exhibit)
    ev = reference.events(topic=list(ANNOTATION_TOPICS[key]), kind="event", since=ANNOTATION_START[key])
    ev = ev.sort_values(["date", "event_id"]).assign(date=lambda d: d.date.dt.strftime("%Y-%m-%d"))
    return ev[ANNOTATION_COLUMNS].reset_index(drop=True)

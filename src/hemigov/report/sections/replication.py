"""The paper, replicated: did it hold up? A scorecard first (each exhibit's cells reproduced / differ / cannot be
checked, and the claims ledger's verdicts as of the paper and latest), then each exhibit as the paper printed it
with the recomputed value beside each printed one and a readable reason under each difference, the paper's Figs
1–3 drawn from the recomputed cells, and every claim as a readable entry. Counts are those of
``hemigov.replication.replicate()`` and ``claims()``."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup, escape

from hemigov.core import meta
from hemigov.core.provenance import COLUMN, Provenance
from hemigov.geo.regions import LATIN_AMERICA_CARIBBEAN
from hemigov.replication import EXHIBITS, claims, replicate
from hemigov.report import charts, cite
from hemigov.report.context import Context
from hemigov.report.model import Col, Exhibit, Heading, Page, Prose
from hemigov.report.sections import Section
from hemigov.series import reference
from hemigov.style.numbers import fmt

STATUSES = [("reproduced", "Reproduced"), ("differs", "Differs"), ("not-reproducible", "Cannot be checked")]
VERDICTS = [("holds", "Holds"), ("holds-approximately", "Holds approximately"),
            ("no-longer-holds", "No longer holds"), ("contradicted", "Contradicted"), ("untestable", "Untestable")]
REASONS = {
    "revision": "the publisher has revised the figures since the paper",
    "period": "the data cover another period than the paper's",
    "definition": "the recomputed measure is defined differently from the paper's",
    "suppression": "IRCC rounds every cell to 5 and suppresses 1–4, so the sum is uncertain",
    "source": "the paper used another source",
    "internal": "the printed numbers do not add up",
    "unexplained": "no explanation found",
    "missing-data": "no open data to recompute it",
    "missing-printed-value": "the paper prints no number to compare (the figure's series is not in its text)",
}
UNIT_KINDS = {"persons": ("count", ""), "claims": ("count", ""), "states": ("count", ""),
              "countries": ("count", ""), "territories": ("count", ""), "rank": ("count", ""),
              "persons per year": ("count", ""), "percent": ("percent", " (%)"), "percent of GDP": ("percent", " (%)"),
              "USD million": ("number", " (US$ million)"), "USD billion": ("number", " (US$ billion)"),
              "CAD million": ("number", " (C$ million)")}
MEASURES = {"acceptance_rate": "Acceptance rate, from the printed counts",
            "backlog_flow_balance": "Backlog, from the printed flows", "referred_vs_unhcr": "Referred",
            "accepted_vs_unhcr": "Accepted", "rejected_vs_unhcr": "Rejected",
            "abandoned_withdrawn_vs_unhcr": "Abandoned or withdrawn", "acceptance_rate_vs_unhcr": "Acceptance rate",
            "pct_gdp": "Remittances, % of GDP", "total_usd_bn": "Remittances received",
            "from_canada_usd_m": "Remittances from Canada", "claims_total": "Claims at Roxham Road",
            "claims_cross_check": "Claims, summed over the printed rows", "share_pct": "Share",
            "resettled": "Resettled", "resettled_unhcr": "Resettled (UNHCR)", "claims": "Claims",
            "rank_of_region": "Rank of the region", "total_claims": "Asylum claims",
            "total_claims_unhcr": "Asylum applications (UNHCR)"}


def _label(measure: str) -> str:
    return MEASURES.get(measure, measure.replace("_", " ").capitalize())


def _prov(df: pd.DataFrame) -> str:
    """Cells name the computed value's sources and the printed value's (the paper's transcription)."""
    parts = [s for s in pd.concat([df[COLUMN], df["paper_sources"]]).dropna().unique() if s]
    return Provenance.of(*parts).text()


def _with_sources(cells: pd.DataFrame) -> pd.DataFrame:
    """Each cell's sources: its computed value's and its printed value's."""
    out = cells.copy()
    out[COLUMN] = [Provenance.of(*(s for s in (a, b) if isinstance(s, str) and s)).text()
                   for a, b in zip(cells[COLUMN], cells["paper_sources"], strict=True)]
    return out


def scorecard(cells: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for x, title in EXHIBITS.items():
        c = cells[cells.exhibit == x]
        n = c.status.value_counts()
        rows.append({"exhibit": x, "title": title, **{s: int(n.get(s, 0)) for s, _ in STATUSES}, "cells": len(c),
                     COLUMN: _prov(c)})
    t = pd.DataFrame(rows)
    total = {"exhibit": "all", "title": "All six exhibits", **{s: int(t[s].sum()) for s, _ in STATUSES},
             "cells": int(t.cells.sum()), COLUMN: _prov(cells)}
    return pd.concat([t, pd.DataFrame([total])], ignore_index=True)


def verdicts(ledger: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for s, label in VERDICTS:
        rows.append({"verdict": label, "paper": int((ledger[ledger.as_of == "paper"].status == s).sum()),
                     "latest": int((ledger[ledger.as_of == "latest"].status == s).sum())})
    out = pd.DataFrame(rows)
    out.loc[len(out)] = {"verdict": "All claims", "paper": int((ledger.as_of == "paper").sum()),
                         "latest": int((ledger.as_of == "latest").sum())}
    out[COLUMN] = Provenance.of(*(s for s in ledger[COLUMN].dropna().unique() if s)).text()
    return out


def _bar(row: dict) -> str:
    """A small stacked bar of the three statuses (widths in % of the exhibit's cells)."""
    parts = []
    for s, label in STATUSES:
        if row[s]:
            parts.append(f"<span class='sc-{s}' style='width:{100 * row[s] / row['cells']:.1f}%' "
                         f"title='{label}: {row[s]}'></span>")
    return f"<span class='sc-bar' aria-hidden='true'>{''.join(parts)}</span>"


def scorecard_html(sc: pd.DataFrame, vd: pd.DataFrame) -> Markup:
    rows = []
    for r in sc.to_dict("records"):
        link = f"<a href='#paper-{r['exhibit']}'>{escape(r['title'])}</a>" if r["exhibit"] != "all" else \
            f"<strong>{escape(r['title'])}</strong>"
        cells = "".join(f"<td class='num'>{fmt(r[s], 'count')}</td>" for s, _ in STATUSES)
        rows.append(f"<tr><th scope='row'>{link}</th>{cells}<td class='num'>{fmt(r['cells'], 'count')}</td>"
                    f"<td>{_bar(r)}</td></tr>")
    head = "".join(f"<th scope='col' class='num'>{label}</th>" for _, label in STATUSES)
    table = (f"<table class='scorecard'><caption>The paper's exhibits, cell by cell</caption><thead><tr>"
             f"<th scope='col'>Exhibit</th>{head}<th scope='col' class='num'>Cells</th><th scope='col'>"
             f"<span class='visually-hidden'>Proportions</span></th></tr></thead><tbody>{''.join(rows)}</tbody>"
             "</table>")
    vrows = "".join(f"<tr><th scope='row'>{'<strong>' if r.verdict == 'All claims' else ''}"
                    f"{escape(r.verdict)}</th><td class='num'>{r.paper}</td><td class='num'>{r.latest}</td></tr>"
                    for r in vd.itertuples(index=False))
    vtable = (f"<table class='scorecard verdicts'><caption>The claims in its text</caption><thead><tr>"
              f"<th scope='col'>Verdict</th><th scope='col' class='num'>As of the paper</th><th scope='col' "
              f"class='num'>Latest data</th></tr></thead><tbody>{vrows}</tbody></table>")
    return Markup(f"<div class='scorecards'>{table}{vtable}</div>")


# ------------------------------------------------------------------------------------------------ exhibits
def as_printed(x: str, c: pd.DataFrame) -> tuple[pd.DataFrame, list[Col], dict[str, str]]:
    """The exhibit's cells laid out as printed: one row per printed row, for each measure the printed value and
    the recomputed one beside it (and the status of the pair, for the cell's colour)."""
    measures = list(dict.fromkeys(c.measure))
    rows = list(dict.fromkeys(c.row))
    out = pd.DataFrame({"row": rows})
    cols, styles = [Col("row", "Row" if x.startswith("table") else "Series", "text")], {}
    for m in measures:
        part = c[c.measure == m].drop_duplicates("row").set_index("row")
        unit = str(part.unit.iloc[0])
        kind, suffix = UNIT_KINDS.get(unit, ("number", f" ({unit})"))
        period = part.period.iloc[0] if part.period.nunique() == 1 and not x.startswith("table3") else ""
        head = f"{_label(m)}{suffix}" + (f", {period}" if period and period not in rows else "")
        out[f"p_{m}"] = out.row.map(part.paper_value)
        out[f"c_{m}"] = out.row.map(part.computed_value)
        out[f"s_{m}"] = out.row.map(part.status)
        cols += [Col(f"p_{m}", f"{head}: printed", kind), Col(f"c_{m}", f"{head}: recomputed", kind)]
        styles[f"c_{m}"] = f"s_{m}"
    srcs = c.groupby("row")[COLUMN].apply(lambda s: Provenance.of(*(v for v in s if v)).text())
    out[COLUMN] = out.row.map(srcs)
    return out, cols, styles


def as_listed(c: pd.DataFrame) -> tuple[pd.DataFrame, list[Col], dict[str, str]]:
    """A figure's cells, one per line: the values its text prints first, then the recomputed series."""
    d = c.assign(label=c.measure.map(_label), has=c.paper_value.notna()).sort_values("has", ascending=False,
                                                                                     kind="stable")
    d = _with_sources(d)
    cols = [Col("row", "Series or row", "text"), Col("label", "Measure", "text"), Col("period", "Period", "text"),
            Col("paper_value", "Printed", "number"), Col("computed_value", "Recomputed", "number"),
            Col("unit", "Unit", "text")]
    return d, cols, {"computed_value": "status"}


def differences(c: pd.DataFrame) -> Markup:
    """Each cell that differs, with its reason in plain words and the replication's note."""
    d = c[c.status == "differs"]
    if d.empty:
        return Markup("<p class='diffs-none'>Every comparable cell is reproduced.</p>")
    items = []
    for r in d.itertuples(index=False):
        reason = REASONS.get(str(r.reason), str(r.reason))
        unit = str(r.unit)
        kind = UNIT_KINDS.get(unit, ("number", ""))[0]
        where = str(r.row) if str(r.row) == str(r.period) else f"{r.row}, {r.period}"
        shown_unit = "" if kind == "percent" else f" {unit}"
        note = f" <span class='note'>{escape(str(r.note))}</span>" if isinstance(r.note, str) and r.note else ""
        items.append(f"<li><strong>{escape(where)}, {escape(_label(r.measure).lower())}</strong>: printed "
                     f"{escape(fmt(r.paper_value, kind))}, recomputed {escape(fmt(r.computed_value, kind))}"
                     f"{escape(shown_unit)} — {escape(reason)}.{note}</li>")
    return Markup(f"<details class='diffs' open><summary>Why {len(d)} cell{'s' if len(d) != 1 else ''} "
                  f"differ{'s' if len(d) == 1 else ''}</summary><ol>{''.join(items)}</ol></details>")


def not_checked(c: pd.DataFrame) -> Markup:
    n = c[c.status == "not-reproducible"]
    if n.empty:
        return Markup("")
    why = n.reason.map(lambda r: REASONS.get(str(r), str(r))).value_counts()
    parts = "; ".join(f"{k} ({v})" for k, v in why.items())
    return Markup(f"<p class='not-checked'>{len(n)} cell{'s' if len(n) != 1 else ''} cannot be checked: "
                  f"{escape(parts)}.</p>")


def figure_chart(x: str, c: pd.DataFrame) -> tuple[dict | None, str, pd.DataFrame | None]:
    """The paper's figure drawn from the recomputed cells, printed values marked (spec, alt, its data)."""
    if x == "fig1":
        d = c[c.measure.isin(["total_claims", "total_claims_unhcr"]) & c.row.str.fullmatch(r"\d{4}")].copy()
        d["year"] = d.row.astype(int)
        d["series"] = d.measure.map({"total_claims": "Asylum claims in Canada (IRCC, CIMM, StatCan)",
                                     "total_claims_unhcr": "New asylum applications (UNHCR)"})
        d = d.rename(columns={"computed_value": "persons"})
        dom = list(dict.fromkeys(d.series))
        spec = charts.annual(d, y="persons", y_title="Persons", series="series", domain=dom,
                             description=EXHIBITS[x])
        printed = c[c.measure.eq("stca_ineligible") & c.paper_value.notna()]
        spec = charts.printed_marks(spec, [(int(p.period), p.paper_value, "STCA ineligible, printed in the text")
                                           for p in printed.itertuples()])
        marks = ", ".join(f"{int(p.period)}: {fmt(p.paper_value, 'count')}" for p in printed.itertuples())
        alt = (f"Two lines by year, {d.year.min()}–{d.year.max()}, of asylum claims in Canada recomputed from "
               f"official data; diamonds mark the STCA-ineligible counts the paper's text prints ({marks}).")
        return spec, alt, d
    if x == "fig2":
        d = c[(c.measure == "share_pct") & (c.period == c[c.measure == "share_pct"].period.iloc[0])].copy()
        d = d.rename(columns={"computed_value": "share"})
        d["share"] = d.share / 100
        spec = charts.categories(d, cat="row", cat_title="Region of origin", y="share", y_title="Share of "
                                 "refugees resettled to Canada", percent=True, description=EXHIBITS[x])
        printed = d[d.paper_value.notna()]
        spec = charts.printed_marks(spec, [(p.row, p.paper_value / 100, "Printed in the paper")
                                           for p in printed.itertuples()], horizontal=True)
        alt = ("Horizontal bars of the share of refugees resettled to Canada by region of origin, "
               f"{d.period.iloc[0]}, recomputed from IRCC's data; a diamond marks the printed "
               + "; ".join(f"{p.row} {fmt(p.paper_value, 'percent')}" for p in printed.itertuples()) + ".")
        return spec, alt, d
    if x == "fig3":
        d = c[(c.measure == "claims_unhcr") & c.period.str.fullmatch(r"\d{4}")].copy()
        d["year"] = d.period.astype(int)
        d = d.rename(columns={"computed_value": "persons", "row": "region"})
        dom = list(dict.fromkeys(d.region))
        spec = charts.bars(d, y="persons", y_title="New asylum applications (persons)", series="region",
                           series_title="Region of origin", domain=dom, fill="zero", description=EXHIBITS[x])
        alt = (f"Stacked bars by year, {d.year.min()}–{d.year.max()}, of new asylum applications in Canada by region "
               f"of origin, recomputed from UNHCR's data.")
        return spec, alt, d
    return None, "", None


def lac_share_chart(c: pd.DataFrame) -> Exhibit | None:
    """Fig. 3's text gives the share of Latin America and the Caribbean: drawn from the recomputed cells."""
    lac = LATIN_AMERICA_CARIBBEAN.label
    d = c[(c.measure == "claims_unhcr") & c.period.str.fullmatch(r"\d{4}")]
    if d.empty or lac not in set(d.row):
        return None
    tot = d.groupby("period").computed_value.sum()
    share = (d[d.row == lac].set_index("period").computed_value / tot).dropna()
    t = pd.DataFrame({"year": share.index.astype(int), "share": share.values,
                      "series": f"{lac}: share of new applications (recomputed)", COLUMN: _prov(d)})
    printed = c[(c.measure == "share_pct") & (c.row == lac)]
    spec = charts.annual(t, y="share", y_title="Share of new asylum applications", series="series",
                         domain=list(t.series.unique()), percent=True,
                         description=f"Fig. 3: {lac}'s share of asylum claims")
    spec = charts.printed_marks(spec, [(int(p.period), p.paper_value / 100, "Printed in the paper")
                                       for p in printed.itertuples() if str(p.period).isdigit()])
    return Exhibit(
        "paper-fig3-lac-share", f"Fig. 3 in the text: {lac}'s share of asylum claims in Canada",
        "share of new asylum applications (UNHCR), by year", t.sort_values("year", ascending=False),
        [Col("year", "Year", "year"), Col("share", "Share (%)", "share")],
        alt=f"A line of {lac}'s share of new asylum applications in Canada by year, "
            f"{t.year.min()}–{t.year.max()}; diamonds mark the paper's printed 'almost 30%'.",
        spec=spec, extra=Provenance.of(*(s for s in printed.paper_sources if s)))


def table2_printed(c: pd.DataFrame) -> Exhibit:
    """Table 2 as printed: rank by period (country and claims); IRCC never published the counts behind it."""
    w = reference.paper_table_wide("table2")
    periods = list(dict.fromkeys(w.period))
    out = pd.DataFrame({"rank": sorted(w["rank"].dropna().astype(int).unique())})
    cols = [Col("rank", "Rank", "count")]
    for i, p in enumerate(periods):
        part = w[w.period == p].set_index(w[w.period == p]["rank"].astype(int))
        out[f"country_{i}"] = out["rank"].map(part.label)
        out[f"claims_{i}"] = out["rank"].map(part.claims)
        cols += [Col(f"country_{i}", f"{p}: country", "text"), Col(f"claims_{i}", f"{p}: claims", "count")]
    out[COLUMN] = Provenance.of(w).text()
    return Exhibit("paper-table2-printed", EXHIBITS["table2"] + " (as printed)",
                   "claims at Roxham Road by country of citizenship (IRCC data transmitted to the author)", out, cols,
                   note="None of these 100 printed cells can be checked: IRCC's Roxham Road claims by citizenship "
                        "were transmitted to the author and never published. The totals are compared below with "
                        "RCMP interceptions in Quebec, and each country's rows with the IRB's cumulative claims by "
                        "irregular border crossers.", open_table=True)


def exhibit_blocks(x: str, c: pd.DataFrame) -> list:
    title = EXHIBITS[x]
    blocks: list = [Heading(title, id=f"paper-{x}")]
    n = c.status.value_counts()
    blocks.append(Prose(Markup(
        f"<p class='exhibit-score'>{fmt(n.get('reproduced', 0), 'count')} reproduced · "
        f"{fmt(n.get('differs', 0), 'count')} differ · {fmt(n.get('not-reproducible', 0), 'count')} cannot be "
        "checked</p>")))
    spec, alt, d = figure_chart(x, c)
    if spec is not None:
        blocks.append(Exhibit(
            f"paper-{x}-figure", f"{title}: recomputed", "as recomputed from official data (as of the paper)",
            _with_sources(c[c.index.isin(d.index)]).assign(**{"value": c.computed_value}),
            [Col("row", "Series", "text"), Col("measure", "Measure", "text"), Col("period", "Period", "text"),
             Col("value", "Recomputed value", "number")], alt=alt, spec=spec))
    if x == "fig3" and (lac := lac_share_chart(c)) is not None:
        blocks.append(lac)
    if x == "table2":
        blocks.append(table2_printed(c))
        c = c[c.status != "not-reproducible"]
    if x.startswith("fig"):
        table, cols, styles = as_listed(c)
    else:
        table, cols, styles = as_printed(x, c)
    blocks.append(Exhibit(
        f"paper-{x}", f"{title}: printed and recomputed" if not x.startswith("fig") else
        f"{title}: the values its text prints, and recomputed", "printed values beside the recomputed ones; "
        "cells that differ are marked", table, cols, styles=styles, open_table=True,
        note="Recomputed as of the paper (the releases closest to late 2020 that hemigov holds). Colours: green "
             "reproduced, orange differs, grey cannot be checked."))
    blocks += [Prose(differences(c)), Prose(not_checked(c))]
    return blocks


# ------------------------------------------------------------------------------------------------ claims
def claim_entries(ledger: pd.DataFrame) -> Markup:
    p = ledger[ledger.as_of == "paper"].set_index("id")
    la = ledger[ledger.as_of == "latest"].set_index("id")
    labels = dict(VERDICTS)
    out = []
    for section, g in p.groupby("section", sort=False):
        items = []
        for cid, r in g.iterrows():
            l_ = la.loc[cid] if cid in la.index else None
            kind = UNIT_KINDS.get(str(r.unit), ("number", ""))[0]

            def val(row, kind=kind) -> str:
                if row is None or pd.isna(row.computed_value):
                    return "no value"
                unit = "" if kind == "percent" else f" {row.unit}"
                return f"{fmt(row.computed_value, kind)}{unit}, {row.period}"

            same = l_ is not None and str(l_.period) == str(r.period)
            latest_label = "Latest data, same period" if same else \
                f"Latest analogue ({l_.period})" if l_ is not None and isinstance(l_.period, str) else "Latest data"
            printed = "" if pd.isna(r.paper_value) else \
                f"printed {fmt(r.paper_value, kind)}{'' if kind == 'percent' else ' ' + str(r.unit)}"
            when = r.paper_period if isinstance(r.paper_period, str) and r.paper_period else \
                r.period if isinstance(r.period, str) and r.period else "no period stated"
            items.append(
                f"<li class='claim' id='claim-{escape(cid)}'><blockquote>“{escape(r.quote)}”</blockquote>"
                f"<div class='verdicts'><p><span class='badge v-{escape(r.status)}'>{escape(labels[r.status])}</span>"
                f" <span class='as-of'>As of the paper ({escape(when)})</span>: "
                f"{escape(val(r))}{'; ' + escape(printed) if printed else ''}</p>"
                + (f"<p><span class='badge v-{escape(l_.status)}'>{escape(labels[l_.status])}</span> "
                   f"<span class='as-of'>{escape(latest_label)}</span>: {escape(val(l_))}</p>" if l_ is not None
                   else "")
                + "</div>" + (f"<p class=note>{escape(str(r.note))}</p>" if isinstance(r.note, str) and r.note
                              else "") + "</li>")
        out.append(f"<h3>{escape(str(section))}</h3><ol class='claims'>{''.join(items)}</ol>")
    return Markup("".join(out))


def build(ctx: Context) -> list[Page]:
    cells = replicate()
    ledger = claims("both")
    sc, vd = scorecard(cells), verdicts(ledger)
    p = meta.paper()
    blocks: list = [
        Prose(Markup(
            f"<p class='lede'>Did the paper hold up? <cite>{escape(p.title)}</cite>, by {escape(p.author_text)} "
            f"({escape(p.year)}), {escape(p.series)} No. {escape(p.number)}, {escape(p.institution)}"
            + (f" (<a href='{escape(p.url)}' rel='noreferrer'>series home</a>)" if p.url else "")
            + ". Each of its six exhibits rebuilt cell by cell from the official statistics as of the paper, and "
              "every checkable claim in its text tested for its own period and again on the latest data.</p>"
            f"<p class='cite-paper'>Cite the paper: {escape(cite.paper_apa())}</p>")),
        Heading("Scorecard", id="scorecard"), Prose(scorecard_html(sc, vd)),
        Exhibit("paper-scorecard", "Scorecard: the paper's exhibits, cell by cell", "cells", sc,
                [Col("title", "Exhibit", "text"), Col("reproduced", "Reproduced", "count"),
                 Col("differs", "Differs", "count"), Col("not-reproducible", "Cannot be checked", "count"),
                 Col("cells", "Cells", "count")],
                note="Reproduced: within the stated tolerance (or inside the interval IRCC's suppressed cells leave "
                     "open). Differs: a reason is given under the exhibit. Cannot be checked: no open data, or no "
                     "printed number to compare.", open_table=False),
        Exhibit("paper-claims-summary", "Scorecard: the claims in the paper's text", "claims, by verdict", vd,
                [Col("verdict", "Verdict", "text"), Col("paper", "As of the paper", "count"),
                 Col("latest", "Latest data", "count")], open_table=False,
                note="As of the paper: each claim tested for its own period with the releases closest to late 2020. "
                     "Latest: the same test on the newest data — for a dated claim, its latest analogue."),
    ]
    for x in EXHIBITS:
        blocks += exhibit_blocks(x, cells[cells.exhibit == x])
    blocks += [Heading("The claims, one by one", id="claims"), Prose(claim_entries(ledger)),
               Exhibit("paper-claims", "The claims ledger", "one row per claim and evaluation",
                       ledger.sort_values(["id", "as_of"], ascending=[True, False]),
                       [Col("id", "Claim", "text"), Col("as_of", "As of", "text"), Col("status", "Verdict", "text"),
                        Col("paper_value", "Printed value", "number"),
                        Col("computed_value", "Recomputed value", "number"), Col("unit", "Unit", "text"),
                        Col("period", "Period tested", "text"), Col("paper_period", "Paper's period", "text"),
                        Col("section", "Section of the paper", "text"), Col("quote", "Quote", "text")],
                       open_table=False)]
    return [Page("paper.html", "The paper, replicated", "replication", blocks,
                 description="Did the paper hold up? Its exhibits and claims, replicated",
                 provenance=Provenance.of(*(s for s in cells.paper_sources.dropna().unique() if s)))]


SECTION = Section("replication", "The paper, replicated", "paper.html", build)

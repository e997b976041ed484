"""Data and methods: every dataset behind the report (release, sha256, licence, citation) named through
:func:`hemigov.series.catalogue.describe`, the definitions (from :mod:`hemigov.geo.regions` and the series), the
downloads, and how to cite hemigov, the paper and the data."""

from __future__ import annotations

from markupsafe import Markup, escape

from hemigov.core import meta
from hemigov.core.provenance import COLUMN, Provenance
from hemigov.geo.regions import (
    AMERICAS,
    LATIN_AMERICA_CARIBBEAN,
    M49_AMERICAS,
    PAPER_REGIONS,
    PEERS,
    POPULATION_TYPES,
    WESTERN_HEMISPHERE,
)
from hemigov.report import cite
from hemigov.report.context import Context, source_label
from hemigov.report.model import Col, Exhibit, Heading, Page, Prose
from hemigov.report.sections import Section
from hemigov.series import asylum, resettlement


def definitions() -> list[tuple[str, str]]:
    regions = [(r, f"{r.label} — {r.definition}: {len(r.members())} members")
               for r in (AMERICAS, M49_AMERICAS, LATIN_AMERICA_CARIBBEAN, WESTERN_HEMISPHERE)]
    paper = "; ".join(f"{r.label} {len(r.members())}" for r in PAPER_REGIONS)
    pops = "; ".join(f"{p.name}: {p.title}" for p in POPULATION_TYPES.values())
    cmp = resettlement.ircc_comparison(2015, 2020)
    return [
        ("The Americas (country profiles)", regions[0][1] + ". hemigov's default: the scheme of UNHCR's "
                                             "displacement statistics."),
        ("Other definitions of the Americas", "; ".join(t for _, t in regions[1:]) + "."),
        ("Regions of origin in tables and charts", f"The paper's five regions: {paper}. The Americas is the paper's "
                                                   "'Western hemisphere'; '(unclassified)' = stateless, unknown or "
                                                   "pseudo origins (no region)."),
        ("Cross-border displaced", f"UNHCR's end-year stocks by country of origin, population types "
                                   f"{', '.join(POPULATION_TYPES['cross_border'].types)}. Named sets: {pops}."),
        ("Resettlement", "UNHCR: resettlement arrivals by origin and resettlement country (a year with no row: none "
                         "recorded). IRCC: its printed 'Resettled Refugee' subtotal rows (GAR + PSR + BVOR) per "
                         f"citizenship and month, summed — {int(cmp.persons.iloc[0]):,} in 2015–2020; the category "
                         f"cells add to {int(cmp.persons.iloc[1]):,} and appear only in the labelled comparison on the "
                         "overview."),
        ("New asylum applications", f"UNHCR application type N; before 2006 type V (UNHCR did not split new from "
                                    f"repeat then) counts as new ({'+'.join(asylum.NEW_APP_TYPES)}), so series start "
                                    "in 2000. Persons; persons and cases are never added."),
        ("First instance and recognition rates", f"Decision levels {', '.join(asylum.FIRST_INSTANCE)}. Refugee "
                                                 "recognition rate = recognised / (recognised + other + rejected); "
                                                 "total protection rate = (recognised + other) / (recognised + "
                                                 "other + rejected); otherwise-closed decisions are left out "
                                                 "(hemigov.indicators.formulas)."),
        ("Asylum claims in Canada", "IRCC's printed all-office, all-province totals (complete calendar years, from "
                                    "2015); Statistics Canada's yearly counts before."),
        ("Remittances", "World Bank/KNOMAD bilateral remittance matrices (2017, 2018, 2021): modelled estimates, not "
                        "reported flows."),
        ("Migrant stock", "UN DESA International Migrant Stock, people by country of birth and of residence."),
        ("Peers", f"The resettlement countries Canada is compared with: {', '.join(PEERS)} ({len(PEERS)})."),
        ("Charts", "A missing year is a gap, never a line between neighbours; a value the publisher did not report "
                   "is marked n/r, not drawn as zero; fewer than three points in a row are drawn as points or "
                   "labelled bars; several series have colours and a legend; event rules are few and labelled."),
    ]


def build(ctx: Context) -> list[Page]:
    every = Provenance.of(*(f"{r.dataset}@{r.vintage}" for r in ctx.datasets.itertuples(index=False)))
    d = ctx.describe(every)
    table = d.assign(label=[source_label(r) for r in d.itertuples(index=False)],
                     **{COLUMN: [f"{r.dataset}@{r.vintage}" for r in d.itertuples(index=False)]})
    defs = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in definitions())
    bib = [cite.hemigov_bibtex(ctx.version), cite.paper_bibtex(),
           *(cite.dataset_bibtex(r) for r in d.itertuples(index=False))]
    refs = "".join(f"<li>{escape(cite.dataset_apa(r))}</li>" for r in d.itertuples(index=False))
    notes = "".join(f"<li>{escape(n)}</li>" for n in ctx.notes)
    p = meta.paper()
    blocks: list = [
        Prose(Markup(
            "<p class='lede'>Every number in this report comes from the hemigov warehouse: official files loaded "
            "byte-identical, identified by sha256, read through hemigov's derived series (the newest release of "
            "each dataset). Each exhibit names its publishers, datasets and releases; every page's footer lists "
            "them with their checksums and licences.</p>"
            f"<p>The report replicates and updates <cite>{escape(p.title)}</cite> by {escape(p.author_text)} "
            f"({escape(p.year)}; {escape(p.series)} No. {escape(p.number)}, {escape(p.institution)}; licence "
            f"{escape(p.licence)}).</p>")),
        Heading("Downloads", id="downloads"),
        Prose(Markup("<ul><li><a href='hemigov-report.xlsx'>All tables (XLSX workbook, with a cover sheet naming "
                     "the paper, hemigov's version and every dataset)</a></li>"
                     "<li><a href='datapackage.json'>Frictionless data package (datapackage.json)</a>: every table as "
                     "CSV with its schema, sources and licences</li>"
                     "<li><a href='references.bib'>References (BibTeX)</a></li>"
                     "<li><a href='assets/LICENSES.txt'>Licences of the JavaScript shipped with this site</a></li>"
                     "</ul>")),
        Heading("Definitions", id="definitions"), Prose(Markup(f"<dl>{defs}</dl>")),
        Heading("Licences", id="licences"),
        Prose(Markup("<p>Data keep their publishers' licences (the table below). Facts compiled or transcribed from "
                     "public pages (the policy timeline, web-page figures) cite their source on each row. The paper's "
                     "printed values are quoted as facts with attribution under its licence.</p>")),
        Exhibit("methods-datasets", "Datasets in the warehouse", "one row per source file (newest release)", table,
                [Col("dataset", "Dataset", "text"), Col("vintage", "Release", "text"),
                 Col("label", "Publisher and title", "text"), Col("file", "File", "text"),
                 Col("sha256", "sha256", "text"), Col("licence", "Licence", "text"),
                 Col("citation", "Citation", "text"), Col("source_url", "Address", "text")],
                table_rows=1000, open_table=True),
        Heading("Cite this", id="cite"),
        Prose(Markup(f"<p>Cite hemigov (APA):</p><blockquote class='cite'>{escape(cite.hemigov_apa(ctx.version))}"
                     f"</blockquote><p>the paper it replicates:</p><blockquote class='cite'>"
                     f"{escape(cite.paper_apa())}</blockquote><p>BibTeX:</p><pre class='bibtex'>{escape(bib[0])}\n\n"
                     f"{escape(bib[1])}</pre><p>and the official sources behind the numbers you use (APA; BibTeX for "
                     f"all of them in <a href='references.bib'>references.bib</a>):</p><ul class='refs'>{refs}</ul>")),
    ]
    if notes:
        blocks += [Heading("Build notes", id="notes"), Prose(Markup(f"<ul>{notes}</ul>"))]
    return [Page("methods.html", "Data and methods", "methods", blocks,
                 description="Datasets, releases, checksums, licences, definitions and citations",
                 files={"references.bib": "\n\n".join(bib) + "\n"}, provenance=every)]


SECTION = Section("methods", "Data and methods", "methods.html", build)

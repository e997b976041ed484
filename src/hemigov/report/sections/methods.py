"""Data and methods: every dataset behind the report (vintage, sha256, licence, citation), definitions,
downloads, and how to cite."""

from __future__ import annotations

from markupsafe import Markup, escape

from hemigov.report import cite
from hemigov.report.context import AMERICAS_WHERE, CROSS_BORDER, PEERS, Context
from hemigov.report.fmt import tidy
from hemigov.report.model import Exhibit, Heading, Page, Prose
from hemigov.report.sections import Section

DEFINITIONS = [
    ("The Americas", f"Countries and territories with <code>{escape(AMERICAS_WHERE)}</code> in "
                     "<code>v_countries</code> (UNHCR's regional bureau or the UN M49 region). In tables by region "
                     "of origin, other countries take the paper's regions (<code>paper_region</code>); stateless "
                     "and unknown origins are shown apart."),
    ("Cross-border displaced", "UNHCR's people in need of international protection by country of origin, at the "
                               "end of each year: " + ", ".join(CROSS_BORDER) + " (<code>v_displacement</code>)."),
    ("Resettlement", "UNHCR resettlement arrivals by origin and resettlement country (<code>v_resettlement</code>, "
                     "source 'unhcr'); IRCC government-assisted (GAR), privately sponsored (PSR) and blended "
                     "visa-office referred (BVOR) refugees by citizenship (source 'ircc'), summed from monthly "
                     "cells that IRCC rounds to 5 and suppresses when 1–4."),
    ("Asylum claims in Canada", "IRCC asylum claimants (all citizenships: printed totals; by citizenship: the top "
                                "25 each month only) and UNHCR new asylum applications in Canada (persons, "
                                "app_type N). Persons and cases are never added."),
    ("Recognition", "UNHCR decisions in Canada (persons). Total recognition rate = (recognized + other) / "
                    "(recognized + other + rejected); otherwise-closed cases are excluded."),
    ("Remittances from Canada", "World Bank/KNOMAD bilateral remittance estimates (US$ million), Canada's row of "
                                "the 2017, 2018 and 2021 matrices: modelled estimates, not reported flows."),
    ("Migrant stock in Canada", "UN DESA International Migrant Stock, people living in Canada by country of birth."),
    ("Peers", "Resettlement countries compared with Canada: " + ", ".join(PEERS) + "."),
]


def build(ctx: Context) -> list[Page]:
    ds = ctx.datasets
    table = tidy(ds[["dataset", "vintage", "publisher", "title", "file", "sha256", "rows", "licence", "citation",
                     "source_url", "origin"]])
    defs = "".join(f"<dt>{escape(k)}</dt><dd>{Markup(v)}</dd>" for k, v in DEFINITIONS)
    bib = [cite.hemigov_bibtex(ctx.version), *(cite.dataset_bibtex(r) for r in ds.itertuples(index=False))]
    refs = "".join(f"<li>{escape(cite.dataset_apa(r))}</li>" for r in ds.itertuples(index=False))
    notes = "".join(f"<li>{escape(n)}</li>" for n in ctx.notes) or "<li>All sections were built.</li>"
    blocks: list = [
        Prose(Markup("<p class='lede'>Every number in this report comes from the hemigov warehouse: official "
                     "files loaded byte-identical, identified by sha256, read through the public <code>v_*</code> "
                     "views (newest release of each dataset). Each exhibit names its datasets and releases; each "
                     "CSV carries <code>dataset</code> and <code>vintage</code> columns.</p>")),
        Heading("Downloads"),
        Prose(Markup("<ul><li><a href='hemigov-report.xlsx'>All tables (XLSX workbook)</a></li>"
                     "<li><a href='datapackage.json'>Frictionless data package (datapackage.json)</a>: every "
                     "table as CSV with its sources and licences</li>"
                     "<li><a href='references.bib'>References (BibTeX)</a></li>"
                     "<li><a href='assets/LICENSES.txt'>Licences of the JavaScript shipped with this site</a>"
                     "</li></ul>")),
        Heading("Definitions"), Prose(Markup(f"<dl>{defs}</dl>")),
        Exhibit("methods-datasets", "Datasets in the warehouse", "one row per source file (newest release)", table,
                note="origin: snapshot = the extract embedded in hemigov; import = a file you imported.",
                source="hemigov warehouse, view v_datasets", table_rows=1000),
        Heading("Cite this"),
        Prose(Markup(f"<p>Cite hemigov (APA):</p><blockquote class='cite'>{escape(cite.hemigov_apa(ctx.version))}"
                     f"</blockquote><p>BibTeX:</p><pre class='bibtex'>{escape(bib[0])}</pre>"
                     "<p>and the official sources behind the numbers you use (APA; BibTeX for all of them in "
                     f"<a href='references.bib'>references.bib</a>):</p><ul class='refs'>{refs}</ul>")),
        Heading("Build notes"), Prose(Markup(f"<ul>{notes}</ul>")),
    ]
    return [Page("methods.html", "Data and methods", "methods", blocks,
                 description="Datasets, vintages, checksums, licences, definitions and citations",
                 files={"references.bib": "\n\n".join(bib) + "\n"})]


SECTION = Section("methods", "Data and methods", "methods.html", build)

"""Writes docs/data-dictionary.md from the schema and the views, so the document cannot drift from the code.

    python -m hemigov.warehouse.dictionary > docs/data-dictionary.md
"""

from __future__ import annotations

import duckdb

from hemigov.warehouse.schema import TABLES
from hemigov.warehouse.snapshot import FILTERS
from hemigov.warehouse.views import SPECIAL, create_views

INTRO = """# hemigov data dictionary

The warehouse is one DuckDB file (`$HEMIGOV_HOME/warehouse.duckdb`). Query it with `hemigov query "SQL"`,
`hemigov.query(sql)` / `hemigov.table(name)` in Python, or any DuckDB client (open it read-only).

**The stable public interface is the `v_*` views.** They show the newest vintage (release) of every dataset,
ISO3 country codes, and one row per key; `dataset` and `vintage` close every row so any number names its
source (join `v_datasets` for the file's sha256, licence and citation). The base tables underneath keep every
loaded vintage side by side (`hemigov.table(name, vintage=...)`); their layout may change between versions.

Conventions:
- Country codes are ISO 3166-1 alpha-3 from the reviewed table `v_countries`, plus pseudo codes
  `XXA` (stateless), `XXX` (unknown / not stated), `XTI` (Tibetan, UNHCR), `XAB` (Abyei Area).
  Columns that may also hold `(all)` (a printed total over that dimension) or `(other)` (a residual
  such as "Other Countries") say so.
- Counts are whole persons unless the column says otherwise. NULL means not reported or suppressed; 0 is a
  reported zero. `suppressed` = the publisher printed "--" (IRCC, IRB: a value from 1 to 4).
  IRCC and CBSA counts are rounded to the nearest 5, so parts do not add up to printed totals.
- UNHCR asylum statistics come in persons and cases (`unit`): never add the two.
- US fiscal years (OHSS) start in October: `fiscal_month` 1 is October of `fiscal_year` - 1; `calendar_month` is
  the calendar month's first day. A fiscal-year row says how many `months` it covers.
- `v_demographics` keeps, for each year, the newest release that reports that year (UNHCR's newest release
  holds its latest year only); every other view keeps the newest vintage of each dataset.
- The embedded snapshot (used when nothing has been imported) keeps the rows of the views (the newest vintage;
  each year's newest for `demographics`), with the row filters listed at the end of this page.
"""


def _view_columns(con: duckdb.DuckDBPyConnection, view: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f'DESCRIBE "{view}"').fetchall()]


def render() -> str:
    con = duckdb.connect()
    for t in TABLES.values():
        con.execute(t.ddl())
    create_views(con)
    views = [r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name").fetchall()]
    parts = [INTRO, "## Views (public interface)\n"]
    for v in views:
        base = v[2:]
        doc = TABLES[base].doc if base in TABLES else _special_doc(v)
        key = ", ".join(k for k in TABLES[base].key if k not in ("dataset", "vintage")) if base in TABLES else ""
        parts.append(f"### `{v}`\n\n{doc}\n")
        if key:
            parts.append(f"Key: ({key}).\n")
        parts.append("| column | type |\n|---|---|")
        parts.extend(f"| `{c}` | {t} |" for c, t in _view_columns(con, v))
        parts.append("")
    parts.append("## Base tables\n")
    parts.append("| table | key | versioned |\n|---|---|---|")
    for t in TABLES.values():
        parts.append(f"| `{t.name}` | ({', '.join(t.key)}) | {'yes' if t.versioned else 'no (reference)'} |")
    parts.append("\n## Snapshot filters\n")
    parts.append("| table | rows kept (newest vintage) |\n|---|---|")
    parts.extend(f"| `{k}` | `{v}` |" for k, v in FILTERS.items())
    con.close()
    return "\n".join(parts) + "\n"


SPECIAL_DOCS = {
    "v_datasets": "Every loaded file (all vintages) with `is_current` marking the newest vintage of its dataset.",
    "v_countries": "The reviewed country table: ISO3/ISO2/M49, UNHCR code, UN M49 region/subregion/intermediate "
                   "region, UNHCR regional bureau, World Bank region and income group (FY2023), and the paper's "
                   "IRCC-style region (`paper_region`, derived from the UNHCR bureau).",
    "v_groupings": "Membership of hemispheric groupings (NTCA, MERCOSUR, Puebla Process, MIRPS, CUSMA, Lima Group, "
                   "R4V hosts ...) with role and years; end_year NULL = still a member.",
    "v_resettlement": "Resettlement arrivals by year: UNHCR (`source = 'unhcr'`, category 'resettlement', from "
                      "solutions) and IRCC (`source = 'ircc'`, category 'GAR+PSR+BVOR', destination CAN: IRCC's "
                      "printed 'Resettled Refugee' subtotal rows summed over the months, each rounded to 5; "
                      "`suppressed_cells` counts the '--' cells (1-4 each) left out of the sum). The subtotals are "
                      "the count hemigov uses everywhere: one rounding per citizenship and month, and fewer "
                      "suppressed cells than the categories under them (see `v_resettlement_by_category`).",
    "v_resettlement_monthly": "IRCC resettled refugees (subtotal rows, GAR+PSR+BVOR) by month and citizenship.",
    "v_resettlement_by_category": "IRCC resettled refugees by month, citizenship and category (GAR, PSR, BVOR): "
                                  "the category cells, each rounded to 5 and suppressed on its own; their sum "
                                  "differs from the subtotals (2015-2020: 156,695 against 157,855).",
    "v_funding": "UNHCR's IATI incoming commitments (`transaction_type` 'incoming_commitment', IATI type 11: pledges "
                 "and contributions as UNHCR records them, not disbursements), one row per transaction, with the "
                 "activity's `region` (UNHCR's bureau name), `earmarking` level (unearmarked | global | regional | "
                 "country) and `recipient_iso3`. `year` is UNHCR's programme year; `usd` in US dollars. Unearmarked "
                 "and global money is allocated to no region: a region's share of a donor's money understates what "
                 "reaches it.",
}


def _special_doc(view: str) -> str:
    return SPECIAL_DOCS.get(view, "")


assert set(SPECIAL) <= set(SPECIAL_DOCS), "every special view needs a line in SPECIAL_DOCS"

if __name__ == "__main__":
    print(render(), end="")

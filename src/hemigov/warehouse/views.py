"""The stable public SQL interface: ``v_*`` views over the newest vintage of every dataset.

Every versioned table ``X`` gets ``v_X`` (its columns, newest vintage of each dataset, with ``dataset`` and
``vintage`` last so any number names its source). A few views reshape or combine tables; their SQL is
below. Documented in docs/data-dictionary.md.
"""

from __future__ import annotations

import duckdb

from hemigov.warehouse.schema import TABLES

CURRENT = "(SELECT dataset, max(vintage) AS vintage FROM datasets GROUP BY dataset)"

SPECIAL: dict[str, str] = {
    "v_datasets": f"""
        SELECT d.*, (d.vintage = c.vintage) AS is_current
        FROM datasets d JOIN {CURRENT} c USING (dataset)
        ORDER BY d.dataset, d.vintage""",
    "v_countries": "SELECT * FROM countries ORDER BY iso3",
    "v_groupings": """
        SELECT g.grouping, i.name AS grouping_name, i.kind AS grouping_kind, g.iso3, c.name AS country,
               g.role, g.start_year, g.end_year, g.note, g.source_url
        FROM groupings g LEFT JOIN grouping_info i USING (grouping) LEFT JOIN countries c USING (iso3)
        ORDER BY g.grouping, g.iso3, g.start_year""",
    # IRCC resettled refugees: IRCC's printed "Resettled Refugee" subtotal per citizenship and month (rounded once;
    # fewer cells suppressed than its categories), the count every surface uses; by category in the view after.
    "v_resettlement": """
        SELECT year, origin_iso3, asylum_iso3 AS destination_iso3, 'unhcr' AS source,
               'resettlement' AS category, persons, 0 AS suppressed_cells, dataset, vintage
        FROM v_solutions WHERE solution_type = 'resettlement'
        UNION ALL
        SELECT year, citizenship_iso3, 'CAN', 'ircc', 'GAR+PSR+BVOR', sum(persons)::BIGINT,
               count_if(suppressed)::INTEGER, dataset, vintage
        FROM v_ircc_pr_admissions WHERE level = 'group_total' AND category_group = 'Resettled Refugee'
        GROUP BY ALL""",
    "v_resettlement_monthly": """
        SELECT year, month, citizenship_iso3 AS origin_iso3, citizenship, 'CAN' AS destination_iso3,
               'ircc' AS source, 'GAR+PSR+BVOR' AS category, persons, suppressed, dataset, vintage
        FROM v_ircc_pr_admissions WHERE level = 'group_total' AND category_group = 'Resettled Refugee'""",
    "v_resettlement_by_category": """
        SELECT year, month, citizenship_iso3 AS origin_iso3, citizenship, 'CAN' AS destination_iso3,
               'ircc' AS source, category, persons, suppressed, dataset, vintage
        FROM v_ircc_pr_admissions WHERE level = 'category' AND category IN ('GAR', 'PSR', 'BVOR')""",
}

# UNHCR's IATI funding: transactions with their activity's region and earmarking level (one dataset per year).
SPECIAL["v_funding"] = """
        SELECT t.year, t.donor, t.donor_iso3, t.donor_type, t.activity, a.title AS activity_title, a.region_code,
               a.region, a.recipient_iso3, a.earmarking, t.usd, t.transaction_type, t.earmarking_category,
               t.provider_org, t.date, t.currency, t.value, t."row", t.dataset, t.vintage
        FROM v_funding_transactions t LEFT JOIN v_funding_activities a USING (year, activity)"""

# Views that read other views must come after them.
ORDER = ("v_resettlement", "v_resettlement_monthly", "v_resettlement_by_category")

#: Tables whose newest release need not repeat earlier years (UNHCR's end-2025 demographics.rda holds 2025 only):
#: their view keeps, for each year, the newest vintage that reports that year, and so does the snapshot.
BY_YEAR = ("demographics",)


def newest_join(table: str) -> str:
    """The JOIN (on alias ``t``) that keeps a table's current rows: the newest vintage of each dataset, or for a
    ``BY_YEAR`` table the newest vintage of each dataset and year."""
    if table in BY_YEAR:
        return (f'JOIN (SELECT dataset, year, max(vintage) AS vintage FROM "{table}" GROUP BY dataset, year) c '
                "ON t.dataset = c.dataset AND t.year = c.year AND t.vintage = c.vintage")
    return f"JOIN {CURRENT} c ON t.dataset = c.dataset AND t.vintage = c.vintage"


def latest_sql(table: str) -> str:
    cols = [c for c in TABLES[table].columns if c not in ("dataset", "vintage")]
    col_list = ", ".join(f't."{c}"' for c in cols)
    return f'SELECT {col_list}, t.dataset, t.vintage FROM "{table}" t {newest_join(table)}'


def view_sql() -> dict[str, str]:
    out = {f"v_{t.name}": latest_sql(t.name) for t in TABLES.values() if t.versioned}
    out.update({k: v for k, v in SPECIAL.items() if k not in ORDER})
    out.update({k: SPECIAL[k] for k in ORDER})
    return out


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    for name, sql in view_sql().items():
        con.execute(f'CREATE OR REPLACE VIEW "{name}" AS {sql}')

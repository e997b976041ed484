"""What every section reads: the warehouse (read-only SQL) and a few shared lookups."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from hemigov import api

# The report's one definition of "the Americas": UNHCR's regional bureau or UN M49's region.
AMERICAS_WHERE = "(unhcr_region = 'The Americas' OR m49_region = 'Americas')"
AMERICAS_SQL = f"SELECT iso3 FROM v_countries WHERE {AMERICAS_WHERE}"
# Region of origin for resettlement and displacement tables: the Americas as above, else the paper's regions.
REGION_SQL = (f"CASE WHEN c.iso3 IN ({AMERICAS_SQL}) THEN 'Americas' "
              "ELSE coalesce(c.paper_region, 'Stateless or unknown') END")
REGIONS = ["Americas", "Middle East and North Africa", "Sub-Saharan Africa", "Asia-Pacific", "Europe",
           "Stateless or unknown"]
# UNHCR's people in need of international protection, counted by country of origin.
CROSS_BORDER = ("refugees", "asylum_seekers", "oip")
PEERS = ["CAN", "USA", "AUS", "GBR", "DEU", "SWE", "NOR", "NZL", "FRA"]


@dataclass
class Context:
    """Warehouse access plus lookups shared by sections. ``notes`` collects build remarks."""

    version: str
    notes: list[str] = field(default_factory=list)

    def q(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Read-only SQL through ``hemigov.query`` (no connection is held: feature modules open their own)."""
        return api.query(sql, params)

    @cached_property
    def datasets(self) -> pd.DataFrame:
        """Current datasets (newest vintage of each), as listed in ``v_datasets``."""
        return self.q("""SELECT dataset, vintage, publisher, title, file, sha256, bytes, rows, licence, citation,
                                source_url, origin FROM v_datasets WHERE is_current ORDER BY dataset, vintage""")

    @cached_property
    def americas(self) -> pd.DataFrame:
        return self.q(f"""SELECT iso3, name, kind, m49_subregion, m49_intermediate, unhcr_region,
                                 wb_income_group FROM v_countries WHERE {AMERICAS_WHERE} ORDER BY name""")

    @cached_property
    def names(self) -> dict[str, str]:
        df = self.q("SELECT iso3, name FROM v_countries")
        return dict(zip(df.iso3, df.name, strict=True))

    def dataset_label(self, dataset: str, vintage: str) -> str:
        d = self.datasets[(self.datasets.dataset == dataset) & (self.datasets.vintage == vintage)]
        if d.empty:
            return f"{dataset} (release {vintage})"
        r = d.iloc[0]
        return f"{r.publisher}, {r.title} [{dataset}, release {vintage}]"

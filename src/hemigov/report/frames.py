"""Small frame helpers the sections share: regions of origin by the paper's scheme, release texts for tiles, and
the years a series covers. Definitions (regions, peers, population types) come from :mod:`hemigov.geo.regions`."""

from __future__ import annotations

import pandas as pd

from hemigov.core.provenance import COLUMN, Provenance
from hemigov.geo.regions import PAPER_REGIONS, UNCLASSIFIED, WESTERN_HEMISPHERE, regions_of

#: The scheme of regions of origin in the report's tables: the paper's five regions (IRCC style).
SCHEME = "paper"
#: Regions of origin in the order charts and tables list them: the Americas (the paper's "Western hemisphere")
#: first, then the paper's other regions in the order of its Fig. 2, then origins that belong to no region.
REGION_ORDER = [WESTERN_HEMISPHERE.label, *(r.label for r in PAPER_REGIONS if r != WESTERN_HEMISPHERE), UNCLASSIFIED]
AMERICAS_LABEL = WESTERN_HEMISPHERE.label

#: Short publisher names for tiles ("… · UNHCR, release 2026-06"), by dataset-id prefix.
PUBLISHERS = {"unhcr.": "UNHCR", "ircc.": "IRCC", "worldbank.": "World Bank WDI", "knomad.": "World Bank/KNOMAD",
              "undesa.": "UN DESA", "irb.": "IRB", "canada_web.": "canada.ca", "timeline.": "hemigov timeline",
              "paper.": "the paper", "webfigures.": "web pages", "hemigov.": "hemigov reference data",
              "ohss.": "DHS OHSS"}


def with_region(df: pd.DataFrame, code: str, column: str = "region") -> pd.DataFrame:
    """``df`` with the region (paper's scheme) of each ``code`` value."""
    return df.assign(**{column: regions_of(df[code], SCHEME).to_numpy()})


def region_domain(values) -> list[str]:
    present = set(values)
    return [r for r in REGION_ORDER if r in present]


def publisher(dataset: str) -> str:
    for prefix in sorted(PUBLISHERS, key=len, reverse=True):
        if dataset.startswith(prefix):
            return PUBLISHERS[prefix]
    return dataset


def releases(prov: Provenance | pd.DataFrame) -> str:
    """``UNHCR, release 2026-06; IRCC, release 2024-12`` for the statistics behind a number (reference tables
    such as the country list are left out: they are not a release of the statistics)."""
    p = prov if isinstance(prov, Provenance) else Provenance.of(prov)
    seen: dict[str, list[str]] = {}
    for s in p:
        if s.dataset.startswith("hemigov."):
            continue
        seen.setdefault(publisher(s.dataset), [])
        if s.vintage not in seen[publisher(s.dataset)]:
            seen[publisher(s.dataset)].append(s.vintage)
    return "; ".join(f"{k}, release {', '.join(v)}" for k, v in seen.items())


def sources_of(*frames: pd.DataFrame) -> str:
    """The merged text form of several frames' provenance (for a derived frame's ``sources`` column)."""
    return Provenance.of(*frames).text()


def one_source(df: pd.DataFrame, text: str) -> pd.DataFrame:
    return df.assign(**{COLUMN: text})


def span(*frames: pd.DataFrame, col: str = "year") -> tuple[int, int]:
    lo = min(int(f[col].min()) for f in frames if len(f))
    hi = max(int(f[col].max()) for f in frames if len(f))
    return lo, hi

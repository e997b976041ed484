"""Money: UNHCR's incoming commitments by donor and by the operation they are earmarked to (IATI).

One row per transaction that UNHCR records as an incoming commitment (IATI type 11: a pledge or contribution, not
a disbursement), with its activity's UNHCR bureau (``region``), earmarking level (unearmarked | global |
regional | country) and recipient country. ``year`` is UNHCR's programme year (the file's year). Unearmarked and
global money is allocated to no region, so a region's share of a donor's money understates what reaches it.
"""

from __future__ import annotations

import pandas as pd

from hemigov.core.provenance import COLUMN
from hemigov.series.base import LATEST, memo, relation, sql

EARMARKING = ("unearmarked", "global", "regional", "country")


@memo
def funding(*, vintage: str = LATEST) -> pd.DataFrame:
    """Every incoming commitment: year, donor, donor_iso3, donor_type, activity, activity_title, region_code,
    region, recipient_iso3, earmarking, earmarking_category, usd, sources (transaction and activity files)."""
    t, tp = relation("funding_transactions", vintage)
    a, ap = relation("funding_activities", vintage)
    return sql(f"""
        SELECT t.year, t.donor, t.donor_iso3, t.donor_type, t.activity, a.title AS activity_title, a.region_code,
               a.region, a.recipient_iso3, a.earmarking, t.earmarking_category, t.usd,
               t.dataset || '@' || t.vintage || coalesce('; ' || a.dataset || '@' || a.vintage, '') AS {COLUMN}
        FROM {t} t LEFT JOIN {a} a USING (year, activity)
        WHERE t.transaction_type = 'incoming_commitment'
        ORDER BY t.year, t.donor, t.activity""", [*tp, *ap])


def by_donor_and_region(*, vintage: str = LATEST) -> pd.DataFrame:
    """US$ committed per year, donor and earmarking (region = UNHCR's bureau; empty for unearmarked/global)."""
    f = funding(vintage=vintage)
    keys = ["year", "donor", "donor_iso3", "donor_type", "earmarking", "region"]
    g = f.groupby([*keys, COLUMN], dropna=False, as_index=False)["usd"].sum()
    return g.groupby(keys, dropna=False, as_index=False).agg(usd=("usd", "sum"), sources=(COLUMN, _join))


def _join(values: pd.Series) -> str:
    from hemigov.core.provenance import Provenance

    return Provenance.of(*values).text()

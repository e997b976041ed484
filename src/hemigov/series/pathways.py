"""Pathways from temporary work to permanent residence: IRCC's new permanent residents who held a work permit
(TFWP or IMP) before, by province and immigration category, monthly since 2015.

Each printed cell is kept: ``level`` says whether a row is a category or one of IRCC's printed subtotals (do not
add the two), ``month`` NULL is IRCC's printed year total (``months`` = months it covers), values are rounded to 5
and "--" (1-4) is ``suppressed``.
"""

from __future__ import annotations

import pandas as pd

from hemigov.series.base import LATEST, memo, rows

PROGRAMS = ("TFWP", "IMP")


@memo
def pr_from_work_permit(*, vintage: str = LATEST) -> pd.DataFrame:
    """year, month, months, program, province, level, broad_category, category_group, category, persons,
    suppressed, sources."""
    return rows("pr_from_work_permit", "year, month, months, program, province, level, broad_category, "
                "category_group, category, persons, suppressed", vintage=vintage,
                order="program, province, level, broad_category, category_group, category, year, month")


def year_totals(*, vintage: str = LATEST) -> pd.DataFrame:
    """IRCC's printed year totals (the ``month`` NULL rows)."""
    df = pr_from_work_permit(vintage=vintage)
    return df[df.month.isna()].drop(columns=["month"]).reset_index(drop=True)

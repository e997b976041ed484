"""US Border Patrol encounters (DHS Office of Homeland Security Statistics), monthly, FY2000 on.

US fiscal years start in October: ``fiscal_year`` and ``fiscal_month`` are as published, ``calendar_month`` (the
first day of the month) is derived. Region × citizenship, region × sector and region × family status are separate
cuts of the same encounters (``sheet``): never add across them. ``months`` says how many months a fiscal-year
value covers (the newest year is partial).
"""

from __future__ import annotations

import pandas as pd

from hemigov.series.base import LATEST, memo, rows


@memo
def encounters(*, vintage: str = LATEST) -> pd.DataFrame:
    """fiscal_year, fiscal_month, month, calendar_month, months, region, sector, citizenship, citizenship_iso3,
    family_status, encounters, sheet, sources."""
    df = rows("us_border_encounters", "fiscal_year, fiscal_month, month, calendar_month, months, region, sector, "
              "citizenship, citizenship_iso3, family_status, encounters, sheet", vintage=vintage,
              order="sheet, region, sector, citizenship, family_status, fiscal_year, fiscal_month")
    df["calendar_month"] = pd.to_datetime(df["calendar_month"])
    return df

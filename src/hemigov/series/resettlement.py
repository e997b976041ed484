"""Resettlement: UNHCR's resettlement arrivals by origin and resettlement country, and IRCC's admissions of
resettled refugees to Canada.

IRCC, one documented choice
---------------------------
IRCC prints, per citizenship and month, a "Resettled Refugee" subtotal row and, under it, its categories
(government-assisted GAR, privately sponsored PSR, blended visa-office referred BVOR). Every printed cell is
rounded to 5 from IRCC's unrounded counts, and 1–4 is printed "--". hemigov counts resettled refugees with the
**subtotal rows** (:func:`ircc_monthly`, and ``resettlement(source="ircc")``) on every surface: one rounding per
citizenship-month instead of three, and fewer suppressed cells (2015–2020: 873 suppressed subtotals against 1,442
suppressed category cells). The category cells (:func:`ircc_by_category`) are used only where a table is split
by category, and in the labelled comparison :func:`ircc_comparison` (2015–2020: subtotals 157,855, categories
156,695).
"""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import unknown
from hemigov.geo import regions
from hemigov.series.base import LATEST, memo, rows, summed_by

SOURCES_OF_RESETTLEMENT = ("unhcr", "ircc")
IRCC_GROUP = "Resettled Refugee"
IRCC_CATEGORIES = ("GAR", "PSR", "BVOR")
#: The range a suppressed IRCC cell ("--") hides.
SUPPRESSED_LOW, SUPPRESSED_HIGH = 1, 4


@memo
def ircc_monthly(*, vintage: str = LATEST) -> pd.DataFrame:
    """IRCC's printed "Resettled Refugee" subtotal (GAR+PSR+BVOR) per citizenship and month.

    Returns year, month, citizenship (IRCC's spelling), citizenship_iso3, persons (NULL when suppressed),
    suppressed, sources.
    """
    return rows("ircc_pr_admissions", "year, month, citizenship, citizenship_iso3, persons, suppressed",
                "level = 'group_total' AND category_group = ?", [IRCC_GROUP], vintage=vintage,
                order="year, month, citizenship")


@memo
def ircc_by_category(*, vintage: str = LATEST) -> pd.DataFrame:
    """IRCC's category cells (GAR, PSR, BVOR) per citizenship and month: for tables split by category only."""
    return rows("ircc_pr_admissions", "year, month, citizenship, citizenship_iso3, category, persons, suppressed",
                "level = 'category' AND category_group = ? AND category IN ('GAR', 'PSR', 'BVOR')", [IRCC_GROUP],
                vintage=vintage, order="year, month, citizenship, category")


@memo
def resettlement(source: str = "unhcr", *, vintage: str = LATEST) -> pd.DataFrame:
    """Resettled refugees by year, origin and resettlement country.

    ``unhcr``: UNHCR resettlement arrivals (solutions, every resettlement country). ``ircc``: Canada only, IRCC's
    subtotal rows summed over the year's months (``suppressed_cells`` counts the "--" cells, each hiding 1–4).

    Returns year, origin_iso3, destination_iso3, persons, suppressed_cells, sources.
    """
    if source == "unhcr":
        return rows("solutions", "year, origin_iso3, asylum_iso3 AS destination_iso3, sum(persons)::BIGINT AS persons, "
                    "0 AS suppressed_cells", "solution_type = 'resettlement'", vintage=vintage, group=True,
                    order="year, origin_iso3, destination_iso3")
    if source == "ircc":
        return rows("ircc_pr_admissions", "year, citizenship_iso3 AS origin_iso3, 'CAN' AS destination_iso3, "
                    "sum(persons)::BIGINT AS persons, count_if(suppressed)::INTEGER AS suppressed_cells",
                    "level = 'group_total' AND category_group = ?", [IRCC_GROUP], vintage=vintage, group=True,
                    order="year, origin_iso3")
    raise unknown("resettlement source", source, SOURCES_OF_RESETTLEMENT)


@memo
def by_region(source: str = "unhcr", *, scheme: str, vintage: str = LATEST) -> pd.DataFrame:
    """:func:`resettlement` summed over the origins of each region of ``scheme`` (an origin outside the scheme's
    table counts as ``(unclassified)``): the small table the representation indicator and the dashboard slice
    per request, instead of mapping every origin again.

    Returns year, destination_iso3, region, persons, suppressed_cells, sources (a row per distinct ``sources``,
    so that any slice names exactly the files of the rows it sums).
    """
    r = resettlement(source, vintage=vintage)
    return summed_by(r.assign(region=regions.regions_of(r.origin_iso3, scheme)),
                     ["year", "destination_iso3", "region"], ["persons", "suppressed_cells"])


@memo
def by_destination(source: str = "unhcr", *, vintage: str = LATEST) -> pd.DataFrame:
    """:func:`resettlement` summed over origins: year, destination_iso3, persons, suppressed_cells, sources (a row
    per distinct ``sources``)."""
    return summed_by(resettlement(source, vintage=vintage), ["year", "destination_iso3"],
                     ["persons", "suppressed_cells"])


def bounds(persons: float, suppressed_cells: int) -> tuple[float, float]:
    """The range the true count lies in when ``suppressed_cells`` cells were printed "--" (each 1–4)."""
    return persons + SUPPRESSED_LOW * suppressed_cells, persons + SUPPRESSED_HIGH * suppressed_cells


def ircc_comparison(first_year: int, last_year: int, *, vintage: str = LATEST) -> pd.DataFrame:
    """The labelled comparison of IRCC's two printed counts of resettled refugees over whole years: the subtotal
    rows hemigov uses and the sum of their category cells, with the number of suppressed cells of each."""
    sub = ircc_monthly(vintage=vintage)
    cat = ircc_by_category(vintage=vintage)
    sub = sub[sub.year.between(first_year, last_year)]
    cat = cat[cat.year.between(first_year, last_year)]
    period = f"{first_year}-{last_year}" if first_year != last_year else str(first_year)
    return pd.DataFrame([
        {"count": "subtotal rows (used)", "period": period, "persons": int(sub.persons.sum()),
         "cells": len(sub), "suppressed_cells": int(sub.suppressed.sum()), "sources": sub.sources.iloc[0]},
        {"count": "category cells GAR+PSR+BVOR", "period": period, "persons": int(cat.persons.sum()),
         "cells": len(cat), "suppressed_cells": int(cat.suppressed.sum()), "sources": cat.sources.iloc[0]},
    ])

"""Canada's own asylum statistics: IRCC asylum claimants, RCMP interceptions, claims by office, IRB claims and
appeals, TFWP work-permit holders.

Complete IRCC year
    A calendar year with all 12 months in the file (IRCC releases run to the month before publication); sums
    over an incomplete year are marked ``complete = False`` and never shown as a year's total.
Asylum claims in Canada by year (:func:`claims_annual`)
    IRCC's printed all-office, all-province totals (open data, from 2015, complete years); before 2015,
    Statistics Canada's yearly counts of asylum claimants (the policy timeline's official figures, 2000–2014).
"""

from __future__ import annotations

import pandas as pd

from hemigov.core.provenance import COLUMN
from hemigov.series.base import LATEST, memo, rows
from hemigov.series.reference import events

OFFICE_TOTALS = "ircc.asylum_office_type_province"
TOP25_OFFICE = "ircc.asylum_top25_office_type"
TOP25_PROVINCE = "ircc.asylum_top25_province"
ALL = "(all)"
#: Timeline figures with Statistics Canada's yearly asylum claimants (before IRCC's open data).
STATCAN_TITLE = r"^Asylum claimants in Canada, (\d{4}) \(StatCan/IRCC"
IRCC_FIRST_YEAR = 2015


@memo
def ircc_claims(*, dataset: str = OFFICE_TOTALS, vintage: str = LATEST) -> pd.DataFrame:
    """Every printed cell of one IRCC asylum-claimant file: year, month, citizenship_iso3 (``(all)`` = printed total,
    ``(other)`` = "Other Countries"), office_type, province, persons (NULL when "--"), suppressed, sources."""
    return rows("canada_asylum_claims", "year, month, citizenship_iso3, office_type, province, persons, suppressed",
                vintage=vintage, datasets=(dataset,), order="year, month, citizenship_iso3, office_type, province")


def complete_years(monthly: pd.DataFrame) -> set[int]:
    """Years with all 12 months present in a monthly frame (``year``, ``month`` columns)."""
    n = monthly.groupby("year")["month"].nunique()
    return set(n[n == 12].index)


@memo
def claims_annual(*, vintage: str = LATEST) -> pd.DataFrame:
    """Asylum claims in Canada by year (the definition in the module docstring).

    Returns year, persons, months (months with data), complete, source (``IRCC`` | ``Statistics Canada``),
    sources.
    """
    c = ircc_claims(vintage=vintage)
    tot = c[(c.citizenship_iso3 == ALL) & (c.office_type == ALL) & (c.province == ALL)]
    ircc = tot.groupby(["year", COLUMN], as_index=False).agg(persons=("persons", "sum"), months=("month", "nunique"))
    ircc["complete"] = ircc.months == 12
    ircc["source"] = "IRCC"
    ev = events(topic="asylum", kind="figure", vintage=vintage)
    years = ev.title.str.extract(STATCAN_TITLE)[0]
    sc = ev[years.notna()].assign(year=years.dropna().astype(int))
    sc = sc[sc.year < ircc.year.min()] if len(ircc) else sc
    statcan = pd.DataFrame({"year": sc.year, "persons": sc.value.astype("int64"), "months": 12, "complete": True,
                            "source": "Statistics Canada", COLUMN: sc[COLUMN]})
    out = pd.concat([statcan, ircc], ignore_index=True)
    out["persons"] = out.persons.astype("int64")
    return out[["year", "persons", "months", "complete", "source", COLUMN]].sort_values("year", ignore_index=True)


@memo
def top25_annual(*, vintage: str = LATEST) -> pd.DataFrame:
    """IRCC asylum claimants by citizenship and year from the top-25 file (all offices; "Other Countries" left out):
    year, citizenship_iso3, persons, months, complete, sources."""
    c = ircc_claims(dataset=TOP25_OFFICE, vintage=vintage)
    c = c[(c.office_type == ALL) & (c.province == ALL) & ~c.citizenship_iso3.isin([ALL, "(other)"])]
    g = c.groupby(["year", "citizenship_iso3", COLUMN], as_index=False).agg(
        persons=("persons", "sum"), months=("month", "nunique"))
    g["complete"] = g.months == 12
    return g[["year", "citizenship_iso3", "persons", "months", "complete", COLUMN]]


@memo
def rcmp_interceptions(*, vintage: str = LATEST) -> pd.DataFrame:
    """RCMP interceptions of asylum seekers between ports of entry: year, month, province, persons (exact)."""
    return rows("rcmp_interceptions", "year, month, province, persons", vintage=vintage,
                order="year, month, province")


@memo
def claims_by_office(*, vintage: str = LATEST) -> pd.DataFrame:
    """canada.ca claims by processing office (CBSA ports and inland offices, IRCC), monthly."""
    return rows("canada_claims_by_office", "year, month, agency, office, province, persons, suppressed",
                vintage=vintage, order="year, month, agency, office, province")


@memo
def official_totals(*, vintage: str = LATEST) -> pd.DataFrame:
    """The total rows printed on the canada.ca pages (month NULL = the annual total as published)."""
    return rows("canada_claims_official_totals", "year, month, series, persons", vintage=vintage,
                order="series, year, month")


@memo
def irb_irregular_claims(*, vintage: str = LATEST) -> pd.DataFrame:
    """IRB claims by irregular border crossers, cumulative from February 2017 to ``period_end``."""
    df = rows("irb_irregular_claims", "period_end, country_iso3, measure, persons", vintage=vintage,
              order="period_end, country_iso3, measure")
    df["period_end"] = pd.to_datetime(df["period_end"])
    return df


@memo
def irb_rad_appeals(*, vintage: str = LATEST) -> pd.DataFrame:
    """IRB Refugee Appeal Division appeals by country of alleged persecution and outcome."""
    return rows("irb_rad_appeals", "year, country_iso3, outcome, persons, suppressed", vintage=vintage,
                order="year, country_iso3, outcome")


@memo
def tfwp_holders(*, vintage: str = LATEST) -> pd.DataFrame:
    """TFWP work-permit holders on 31 December by province and program (a stock, not arrivals)."""
    return rows("tfwp_holders", "year, province, program_group, program, persons, suppressed", vintage=vintage,
                order="year, province, program_group, program")


def last_month(monthly: pd.DataFrame) -> tuple[int, int]:
    """The newest (year, month) of a monthly frame."""
    m = int((monthly.year * 100 + monthly.month).max())
    return m // 100, m % 100

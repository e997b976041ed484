"""The series that measure delivery of a resettlement pledge or programme, per year, with their bounds.

One table of measures (:data:`MEASURES`), each a function of a month window and a vintage returning one row
per year: ``year, months (YYYY-MM..YYYY-MM actually covered), persons, persons_low, persons_high, sources``.
IRCC prints 1–4 as "--": the bounds count each suppressed cell at 1 and at 4 (:func:`hemigov.series.resettlement
.bounds`). UNHCR's resettlement arrivals are annual, so a window starting mid-year counts the whole first year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from hemigov.core.provenance import Provenance
from hemigov.geo import regions
from hemigov.series import resettlement

COLUMNS = ["year", "months", "persons", "persons_low", "persons_high", "sources"]


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    short: str  # for narrow tables
    monthly: bool
    func: Callable[[tuple[int, int], tuple[int, int] | None, str], pd.DataFrame]


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _monthly(cells: pd.DataFrame, start: tuple[int, int], end: tuple[int, int] | None) -> pd.DataFrame:
    ym = cells.year * 100 + cells.month
    keep = ym >= start[0] * 100 + start[1]
    if end is not None:
        keep &= ym <= end[0] * 100 + end[1]
    cells = cells[keep]
    if cells.empty:
        return pd.DataFrame(columns=COLUMNS)
    rows = []
    for year, g in cells.groupby("year"):
        persons, n = float(g.persons.sum()), int(g.suppressed.sum())
        low, high = resettlement.bounds(persons, n)
        rows.append({"year": int(year), "months": f"{_ym(year, int(g.month.min()))}..{_ym(year, int(g.month.max()))}",
                     "persons": persons, "persons_low": low, "persons_high": high,
                     "sources": Provenance.of(g).text()})
    return pd.DataFrame(rows, columns=COLUMNS)


def ircc_americas(start, end, vintage: str) -> pd.DataFrame:
    """IRCC admissions of resettled refugees (GAR, PSR, BVOR category cells) with a citizenship of the Americas."""
    cells = resettlement.ircc_by_category(vintage=vintage)
    return _monthly(cells[cells.citizenship_iso3.isin(regions.AMERICAS.members())], start, end)


def ircc_all(start, end, vintage: str) -> pd.DataFrame:
    """IRCC admissions of resettled refugees, every citizenship (the printed subtotal rows)."""
    return _monthly(resettlement.ircc_monthly(vintage=vintage), start, end)


def unhcr_americas(start, end, vintage: str) -> pd.DataFrame:
    """UNHCR resettlement arrivals to Canada of refugees from the Americas (annual: whole years)."""
    res = resettlement.resettlement("unhcr", vintage=vintage)
    res = res[(res.destination_iso3 == "CAN") & res.origin_iso3.isin(regions.AMERICAS.members())
              & (res.year >= start[0]) & ((res.year <= end[0]) if end is not None else True)]
    if res.empty:
        return pd.DataFrame(columns=COLUMNS)
    g = res.groupby("year").agg(persons=("persons", "sum")).reset_index()
    src = Provenance.of(res).text()
    return g.assign(months=g.year.map(lambda y: f"{y}-01..{y}-12"), persons=g.persons.astype(float),
                    persons_low=g.persons.astype(float), persons_high=g.persons.astype(float),
                    sources=src)[COLUMNS]


MEASURES: dict[str, Measure] = {m.key: m for m in (
    Measure("ircc_americas", "IRCC admissions of resettled refugees from the Americas (GAR + PSR + BVOR)",
            "IRCC, Americas", True,
            ircc_americas),
    Measure("unhcr_americas", "UNHCR resettlement arrivals to Canada from the Americas", "UNHCR, Americas",
            False, unhcr_americas),
    Measure("ircc_all", "IRCC admissions of resettled refugees, all citizenships (GAR + PSR + BVOR subtotals)",
            "IRCC, all", True,
            ircc_all),
)}


def delivered(measure: str, start: tuple[int, int], end: tuple[int, int] | None = None, *,
              vintage: str = "latest") -> pd.DataFrame:
    """Delivery per year by ``measure`` from ``start`` (year, month) to ``end`` (inclusive; None = the data's end)."""
    return MEASURES[measure].func(start, end, vintage).reset_index(drop=True)


def data_end(measure: str, *, vintage: str = "latest") -> tuple[int, int] | None:
    """The last (year, month) the measure's series holds (December of the last year for annual series)."""
    if measure == "unhcr_americas":
        res = resettlement.resettlement("unhcr", vintage=vintage)
        res = res[res.destination_iso3 == "CAN"]
        return (int(res.year.max()), 12) if len(res) else None
    cells = resettlement.ircc_monthly(vintage=vintage)
    if cells.empty:
        return None
    ym = int((cells.year * 100 + cells.month).max())
    return ym // 100, ym % 100

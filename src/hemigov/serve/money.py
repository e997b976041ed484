"""Money, labour pathways and the US border, as the dashboard and the API show them: plain functions of validated
values -> DataFrames with a ``sources`` column, read from :mod:`hemigov.series.money`,
:mod:`hemigov.series.pathways` and :mod:`hemigov.series.borders` (no SQL here).

- Funding: UNHCR's incoming commitments (IATI) per year, donor, earmarking and UNHCR bureau; money that is
  unearmarked or earmarked globally reaches no bureau in these files (``region`` empty).
- Pathways: IRCC's new permanent residents who held a TFWP or IMP work permit. IRCC prints categories by province
  only, so a national figure for a category is the sum of its province cells (each rounded to 5; "--" cells,
  1–4 people, count as 0 and are counted in ``suppressed_cells``).
- Border: US Border Patrol encounters by US *fiscal* year (October–September) or month. OHSS publishes region ×
  sector and region × citizenship as separate cuts of the same encounters; the cut is chosen from the request and
  named (``sheet``), never added across.
"""

from __future__ import annotations

import pandas as pd

from hemigov import series
from hemigov.core.errors import InputError, unknown
from hemigov.core.periods import parse as parse_period
from hemigov.core.provenance import COLUMN, Provenance

ALL = "all"
#: The printed "(all)" cells of the IRCC and OHSS files.
PRINTED_ALL = "(all)"
NOT_ALLOCATED = "not allocated to a bureau (unearmarked or global)"
FUNDING_BY = ("region", "donor")
BORDER_BY = ("total", "region", "sector", "citizenship")
BORDER_FREQ = ("fiscal_year", "month")
PATHWAY_FREQ = ("year", "month")
PROGRAMS = series.pathways.PROGRAMS


def _join(values: pd.Series) -> str:
    return Provenance.of(*values).text()


def _years(text: str | None, span: tuple[int, int], what: str) -> tuple[int, int]:
    """A period of the one grammar, resolved against the data's span (outside it: bad input naming the span)."""
    if text is None or str(text).strip() == "":
        return span
    p = parse_period(text, what).resolve(span[0], span[1], what)
    return p.first_year, p.last_year


def _pick(value: str, choices, kind: str, where: str) -> str:
    """The data's own spelling of ``value`` (case-insensitive), or bad input with the closest choice."""
    by = {str(c).lower(): str(c) for c in choices}
    hit = by.get(str(value).strip().lower())
    if hit is None:
        raise unknown(kind, value, [ALL, *by.values()], where=where)
    return hit


# -- funding ---------------------------------------------------------------------------------------------------
def donors() -> pd.DataFrame:
    """Every donor of UNHCR's IATI file: donor (the key: ISO3 for a state, else the name), name, donor_type,
    total US$ over every year; governments first, then by money."""
    f = series.money.funding()
    key = f.donor_iso3.fillna(f.donor)
    out = f.assign(key=key).groupby(["key", "donor_type"], as_index=False).agg(
        name=("donor", "first"), usd=("usd", "sum"), **{COLUMN: (COLUMN, _join)})
    out = out.rename(columns={"key": "donor"})
    out["government"] = out.donor_type == "government"
    out = out.sort_values(["government", "usd"], ascending=[False, False], ignore_index=True)
    return out.drop(columns="government")[["donor", "name", "donor_type", "usd", COLUMN]]


def funding(donor: str = ALL, years: str | None = None, region: str = ALL, earmarking: str = ALL,
            donor_type: str = ALL, by: str = "region") -> pd.DataFrame:
    """US$ committed to UNHCR per year and earmarking, by bureau (``by='region'``) or by donor and bureau
    (``by='donor'``): year, donor, donor_iso3, donor_type, earmarking, region, usd, usd_m, sources.

    ``donor``: an ISO3 code or a donor's name (any case); ``region``: a UNHCR bureau, or ``none`` for money
    allocated to no bureau; ``years``: the period grammar."""
    if by not in FUNDING_BY:
        raise unknown("by", by, FUNDING_BY, where="by")
    f = series.money.by_donor_and_region()
    lo, hi = int(f.year.min()), int(f.year.max())
    first, last = _years(years, (lo, hi), "years")
    f = f[f.year.between(first, last)]
    key = ALL
    if donor.strip().lower() != ALL:
        d = donors()
        codes = {str(c).lower(): str(c) for c in d.donor} | {str(n).lower(): str(k) for k, n in zip(d.donor, d.name,
                                                                                               strict=True)}
        key = codes.get(donor.strip().lower())
        if key is None:
            raise unknown("donor", donor, [ALL, *d.donor, *d.name], where="donor")
        f = f[f.donor_iso3.fillna(f.donor) == key]
    if earmarking != ALL:
        f = f[f.earmarking == _pick(earmarking, series.money.EARMARKING, "earmarking", "earmarking")]
    if donor_type != ALL:
        f = f[f.donor_type == _pick(donor_type, sorted(set(f.donor_type.dropna())) or ["government"],
                                    "donor type", "donor_type")]
    if region != ALL:
        if region.strip().lower() == "none":
            f = f[f.region.isna()]
        else:
            f = f[f.region == _pick(region, sorted(set(series.money.funding().region.dropna())), "UNHCR bureau",
                                    "region")]
    keys = ["year", "earmarking", "region"] if by == "region" else ["year", "donor", "donor_iso3", "donor_type",
                                                                    "earmarking", "region"]
    out = f.groupby(keys, dropna=False, as_index=False).agg(usd=("usd", "sum"), **{COLUMN: (COLUMN, _join)})
    if by == "region":
        out.insert(1, "donor", key)
    out["usd_m"] = out.usd / 1e6
    out = out[[*(c for c in out.columns if c != COLUMN), COLUMN]]
    return out.sort_values(["year", "usd"], ascending=[True, False], ignore_index=True)


def funding_summary(donor: str, region: str, years: str | None = None) -> pd.DataFrame:
    """One row per year for a donor: its money to ``region`` (a UNHCR bureau, any earmarking), to every bureau,
    not allocated, in all, and the region's share of its allocated and of all its money (US$ millions)."""
    f = funding(donor, years)
    yrs = sorted(set(f.year))
    rows = []
    for y in yrs:
        g = f[f.year == y]
        to_region = float(g.loc[g.region == region, "usd"].sum())
        allocated = float(g.loc[g.region.notna(), "usd"].sum())
        total = float(g.usd.sum())
        rows.append({"year": y, "to_region_usd_m": to_region / 1e6, "allocated_usd_m": allocated / 1e6,
                     "not_allocated_usd_m": (total - allocated) / 1e6, "total_usd_m": total / 1e6,
                     "share_of_allocated": to_region / allocated if allocated else float("nan"),
                     "share_of_total": to_region / total if total else float("nan"), COLUMN: _join(g[COLUMN])})
    return pd.DataFrame(rows)


def bureaus() -> list[str]:
    return sorted(set(series.money.funding().region.dropna()))


# -- pathways --------------------------------------------------------------------------------------------------
def pathway_categories() -> pd.DataFrame:
    """The labels a pathway query accepts: label, level (broad_total, group_total, category), broad category."""
    p = series.pathways.pr_from_work_permit()
    parts = [p.loc[p.level == "broad_total", ["broad_category"]].rename(columns={"broad_category": "label"})
             .assign(level="broad_total"),
             p.loc[p.level == "group_total", ["category_group", "broad_category"]]
             .rename(columns={"category_group": "label"}).assign(level="group_total"),
             p.loc[p.level == "category", ["category", "broad_category"]].rename(columns={"category": "label"})
             .assign(level="category")]
    out = pd.concat(parts, ignore_index=True).drop_duplicates(["label", "level"])
    # a label printed at two levels (e.g. "Sponsored Family") is read at the higher one
    return out.drop_duplicates("label").reset_index(drop=True)


LEVEL_COLUMN = {"broad_total": "broad_category", "group_total": "category_group", "category": "category"}


def pathways(program: str = "TFWP", category: str = ALL, province: str = ALL, years: str | None = None,
             freq: str = "year") -> pd.DataFrame:
    """New permanent residents who previously held a ``program`` work permit, per year (IRCC's printed year
    totals; ``months`` = months covered) or month: year, month, months, program, province, category, level,
    persons, suppressed_cells, sources. ``category``: a category, a category group or a broad category (any case);
    ``province``: a province or ``all`` (Canada: IRCC's printed total, or the sum of the province cells)."""
    p = series.pathways.pr_from_work_permit()
    program = _pick(program, PROGRAMS, "work-permit programme", "program").upper()
    if freq not in PATHWAY_FREQ:
        raise unknown("freq", freq, PATHWAY_FREQ, where="freq")
    p = p[p.program == program]
    p = p[p.month.isna()] if freq == "year" else p[p.month.notna()]
    first, last = _years(years, (int(p.year.min()), int(p.year.max())), "years")
    p = p[p.year.between(first, last)]
    provinces = sorted(set(p.province) - {PRINTED_ALL})
    prov = ALL if province.strip().lower() in (ALL, PRINTED_ALL) else _pick(province, provinces, "province",
                                                                             "province")
    if category.strip().lower() in (ALL, PRINTED_ALL):
        label, level = ALL, "province_total"
        rows = p[(p.level == level) & (p.province == (PRINTED_ALL if prov == ALL else prov))]
    else:
        cats = pathway_categories()
        label = _pick(category, cats.label, "immigration category", "category")
        level = str(cats.set_index("label").level[label])
        rows = p[(p.level == level) & (p[LEVEL_COLUMN[level]] == label)]
        rows = rows[rows.province != PRINTED_ALL] if prov == ALL else rows[rows.province == prov]
    keys = ["year", "month", "months"]
    out = rows.groupby(keys, dropna=False, as_index=False).agg(
        persons=("persons", "sum"), suppressed_cells=("suppressed", "sum"), **{COLUMN: (COLUMN, _join)})
    out = out.assign(program=program, province=prov, category=label, level=level)
    out["persons"] = out.persons.astype("int64")
    out["suppressed_cells"] = out.suppressed_cells.astype("int64")
    if freq == "year":
        out = out.drop(columns="month")
    cols = [c for c in ["year", "month", "months", "program", "province", "category", "level", "persons",
                        "suppressed_cells", COLUMN] if c in out.columns]
    return out[cols].sort_values([c for c in ("year", "month") if c in cols], ignore_index=True)


# -- the US border ---------------------------------------------------------------------------------------------
def border_sheet(by: str, region: str, sector: str, citizenship: str, freq: str) -> str:
    """The OHSS cut that answers a request (``Annual``/``Monthly`` + ``Count``, ``Region``, ``Rgn and Sector``,
    ``Citizenship``, ``Rgn and Citp``)."""
    want_sector = sector != ALL or by == "sector"
    want_cit = citizenship != ALL or by == "citizenship"
    want_region = region != ALL or by == "region"
    if want_sector and want_cit:
        raise InputError(None, "sector", "OHSS publishes encounters by sector and by citizenship as separate cuts: "
                                         "choose a sector or a citizenship, not both")
    cut = ("Rgn and Sector" if want_sector else "Rgn and Citp" if want_cit and want_region else
           "Citizenship" if want_cit else "Region" if want_region else "Count")
    return ("Annual " if freq == "fiscal_year" else "Monthly ") + cut


def border_encounters(by: str = "total", region: str = ALL, sector: str = ALL, citizenship: str = ALL,
                      fiscal_years: str | None = None, freq: str = "fiscal_year") -> pd.DataFrame:
    """US Border Patrol encounters per US fiscal year (October–September; ``months`` = months a year covers, the
    newest is partial) or month (``calendar_month`` derived): fiscal_year, fiscal_month, calendar_month, months,
    region, sector, citizenship, citizenship_iso3, encounters, sheet, sources.

    ``by`` breaks the rows down by region, sector or citizenship; ``region``, ``sector`` (e.g. ``Swanton, VT``
    or ``Swanton``) and ``citizenship`` (a name or ISO3 code) filter, any case."""
    if by not in BORDER_BY:
        raise unknown("by", by, BORDER_BY, where="by")
    if freq not in BORDER_FREQ:
        raise unknown("freq", freq, BORDER_FREQ, where="freq")
    e = series.borders.encounters()
    region, sector, citizenship = (v.strip() if v.strip().lower() != ALL else ALL
                                   for v in (region, sector, citizenship))
    sheet = border_sheet(by, region, sector, citizenship, freq)
    e = e[e.sheet == sheet]
    if region != ALL:
        e = e[e.region == _pick(region, sorted(set(e.region) - {PRINTED_ALL}), "border region", "region")]
    if sector != ALL:
        names = sorted(set(e.sector) - {PRINTED_ALL})
        short = {n.split(",")[0].strip(): n for n in names}  # "Swanton" for "Swanton, VT"
        hit = _pick(sector, [*names, *short], "Border Patrol sector", "sector")
        e = e[e.sector == short.get(hit, hit)]
    if citizenship != ALL:
        cits = e[["citizenship", "citizenship_iso3"]].drop_duplicates()
        by_code = {str(c).lower(): n for n, c in zip(cits.citizenship, cits.citizenship_iso3, strict=True)
                   if isinstance(c, str) and c != PRINTED_ALL}
        name = by_code.get(citizenship.lower()) or _pick(citizenship, sorted(set(cits.citizenship)), "citizenship",
                                                         "citizenship")
        e = e[e.citizenship == name]
    if e.empty:
        raise InputError(None, None, f"no encounters for this selection in OHSS's sheet {sheet!r}")
    lo, hi = int(e.fiscal_year.min()), int(e.fiscal_year.max())
    first, last = _years(fiscal_years, (lo, hi), "fiscal_years")
    e = e[e.fiscal_year.between(first, last)]
    cols = ["fiscal_year", "fiscal_month", "calendar_month", "months", "region", "sector", "citizenship",
            "citizenship_iso3", "encounters", "sheet", COLUMN]
    out = e[cols].copy()
    out["encounters"] = out.encounters.astype("int64")
    if freq == "fiscal_year":
        out = out.drop(columns=["fiscal_month", "calendar_month"])
    order = [c for c in ("region", "sector", "citizenship", "fiscal_year", "fiscal_month") if c in out.columns]
    return out.sort_values(order, ignore_index=True)


def border_choices() -> dict[str, list[str]]:
    """The regions, sectors (with their region) and citizenships the border series has."""
    e = series.borders.encounters()
    s = e[(e.sheet == "Annual Rgn and Sector") & (e.sector != PRINTED_ALL)][["region", "sector"]].drop_duplicates()
    return {"regions": sorted(set(e.region) - {PRINTED_ALL}),
            "sectors": [f"{r}|{n}" for r, n in s.sort_values(["region", "sector"]).itertuples(index=False)],
            "citizenships": sorted(set(e.loc[e.sheet == "Annual Citizenship", "citizenship"]) - {PRINTED_ALL})}

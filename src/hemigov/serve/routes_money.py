"""Money and pathways (issue 16): UNHCR funding by donor and bureau, work-permit-to-PR pathways and US Border Patrol
encounters — the API routes (``/api/funding``, ``/api/pathways``, ``/api/border-encounters`` and their choice
lists, each a list envelope or CSV naming its sources) and the dashboard page ``/money`` (and its ``/embed/``
charts), all over :mod:`hemigov.serve.money`.

A page of its own rather than more of the explorer: the explorer's controls and its one question (who is
resettled against who is displaced) are resettlement's; money, labour pathways and the border are three other
legs of the paper's argument, each with its own controls, and together they are the report's "Money and
pathways" section, so a reader finds them under the same name in both.
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

import pandas as pd
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from hemigov.core.errors import HemigovError, unknown
from hemigov.core.provenance import COLUMN
from hemigov.geo.regions import AMERICAS
from hemigov.serve import charts, money
from hemigov.serve.respond import ERROR_RESPONSES, Page, sources
from hemigov.serve.routes_api import cached_table, lister
from hemigov.serve.routes_pages import _message, memoised, records, render
from hemigov.serve.validate import ApiError, PageDep, output, strict_query


def _q(description: str, example: str, max_length: int = 120):
    return Query(max_length=max_length, description=description, examples=[example])


Years = Annotated[str | None, Query(max_length=40, pattern=r"^[0-9a-zA-Z .\-]{1,40}$", examples=["2016-2023"],
                                    description="Years in the period grammar: 2019, 2015-2020, 2015..latest "
                                                "(default: every year).")]


def build_api(backend) -> APIRouter:
    router = APIRouter(dependencies=[Depends(strict_query)], responses=ERROR_RESPONSES)
    listing = lister(router)

    async def table(request: Request, key, fn, fmt: str, page: Page, name: str, meta: dict | None = None):
        return await cached_table(backend, request, key, fn, fmt, page, name, meta)

    @listing("/api/funding", summary="UNHCR's incoming commitments (IATI) per year, donor, earmarking and bureau.",
             tag="money")
    async def list_funding(request: Request, page: PageDep, fmt: str = Depends(output),
                           donor: Annotated[str, _q("A donor: ISO3 code or name, any case (see /api/funding/donors),"
                                                    " or all.", "CAN")] = "all",
                           years: Years = None,
                           region: Annotated[str, _q("A UNHCR bureau (exact label, any case), none (money allocated "
                                                     "to no bureau) or all.", AMERICAS.label)] = "all",
                           earmarking: Annotated[Literal["all", *money.series.money.EARMARKING], Query(
                               description="Earmarking level.", examples=["regional"])] = "all",
                           donor_type: Annotated[str, _q("Donor type (government, private, eu_institution, "
                                                         "pooled_fund, un_system …) or all.", "government")] = "all",
                           by: Annotated[Literal[money.FUNDING_BY], Query(  # type: ignore[valid-type]
                               description="One row per bureau (donors added up) or per donor and bureau.",
                               examples=["donor"])] = "donor"):
        """US$ (``usd``) and US$ millions (``usd_m``) committed; ``region`` is empty for money that is unearmarked
        or earmarked globally (it reaches no bureau in these files, so a bureau's share of a donor's money
        understates what reaches it). ``year`` is UNHCR's programme year."""
        args = (donor, years, region, earmarking, donor_type, by)
        return await table(request, ("funding", *args), lambda: money.funding(*args), fmt, page, "funding",
                           meta={"unit": "US$"})

    @listing("/api/funding/donors", summary="Every donor in UNHCR's IATI file, with its total commitments.",
             tag="money")
    async def list_donors(request: Request, page: PageDep, fmt: str = Depends(output)):
        """``donor`` is the key ``/api/funding`` accepts (ISO3 for a state, else the name)."""
        return await table(request, ("donors",), money.donors, fmt, page, "donors")

    @listing("/api/pathways", summary="New permanent residents who held a TFWP or IMP work permit (IRCC).",
             tag="money")
    async def list_pathways(request: Request, page: PageDep, fmt: str = Depends(output),
                            program: Annotated[Literal[money.PROGRAMS], Query(  # type: ignore[valid-type]
                                description="The work permit held before: TFWP or IMP.", examples=["TFWP"])] = "TFWP",
                            category: Annotated[str, _q("An immigration category, category group or broad category "
                                                        "(any case; see /api/pathways/categories) or all.",
                                                        "Agri-Food Pilot")] = "all",
                            province: Annotated[str, _q("A province or territory (any case) or all (Canada).",
                                                        "Ontario")] = "all",
                            years: Years = None,
                            freq: Annotated[Literal[money.PATHWAY_FREQ], Query(  # type: ignore[valid-type]
                                description="IRCC's printed year totals or months.", examples=["year"])] = "year"):
        """IRCC prints categories by province only: Canada's figure for a category is the sum of its province
        cells, each rounded to 5, with "--" cells (1–4 people) counted as 0 (``suppressed_cells``). ``months``:
        the months a year total covers (the newest year is partial)."""
        args = (program, category, province, years, freq)
        return await table(request, ("pathways", *args), lambda: money.pathways(*args), fmt, page, "pathways")

    @listing("/api/pathways/categories", summary="The categories, groups and broad categories /api/pathways takes.",
             tag="money")
    async def list_pathway_categories(request: Request, page: PageDep, fmt: str = Depends(output)):
        return await table(request, ("pathway-categories-listed",), lambda: _with_sources(money.pathway_categories()),
                           fmt, page, "pathway_categories")

    @listing("/api/border-encounters", summary="US Border Patrol encounters by US fiscal year or month (DHS OHSS).",
             tag="money")
    async def list_border(request: Request, page: PageDep, fmt: str = Depends(output),
                          by: Annotated[Literal[money.BORDER_BY], Query(  # type: ignore[valid-type]
                              description="Break the rows down by region, sector or citizenship (or one total).",
                              examples=["sector"])] = "total",
                          region: Annotated[str, _q("Southwest Land Border, Northern Land Border, Coastal Border "
                                                    "(any case) or all.", "Northern Land Border")] = "all",
                          sector: Annotated[str, _q("A Border Patrol sector (e.g. 'Swanton, VT' or 'Swanton') or all.",
                                                    "Swanton")] = "all",
                          citizenship: Annotated[str, _q("A citizenship: name or ISO3 code, any case, or all.",
                                                         "MEX")] = "all",
                          fiscal_years: Annotated[str | None, Query(
                              max_length=40, pattern=r"^[0-9a-zA-Z .\-]{1,40}$", examples=["2022-2024"],
                              description="US fiscal years (October–September) in the period grammar "
                                          "(default: every year).")] = None,
                          freq: Annotated[Literal[money.BORDER_FREQ], Query(  # type: ignore[valid-type]
                              description="Fiscal years or months.", examples=["fiscal_year"])] = "fiscal_year"):
        """``fiscal_year`` is the US fiscal year (FY2024 = October 2023 – September 2024) and ``months`` the
        months it covers (the newest is partial); monthly rows carry ``fiscal_month`` and the derived
        ``calendar_month``. ``sheet`` names the OHSS cut: sector and citizenship are separate cuts of the same
        encounters, so one request takes a sector or a citizenship, not both."""
        args = (by, region, sector, citizenship, fiscal_years, freq)
        return await table(request, ("border", *args), lambda: money.border_encounters(*args), fmt, page,
                           "border_encounters", meta={"year": "US fiscal year (October-September)"})

    return router


def _with_sources(df: pd.DataFrame) -> pd.DataFrame:
    """The category labels with the files they are read from (both programmes' files)."""
    p = money.series.pathways.pr_from_work_permit()
    return df.assign(**{COLUMN: money._join(p[COLUMN].drop_duplicates())})


# -- the page ----------------------------------------------------------------------------------------------------
def funding_columns(region: str) -> list[tuple[str, str, str]]:
    return [("year", "Year", "year"), ("to_region_usd_m", f"To {region}", "usd_m"),
            ("allocated_usd_m", "To every bureau", "usd_m"),
            ("not_allocated_usd_m", "Not allocated to a bureau", "usd_m"),
            ("total_usd_m", "All commitments", "usd_m"), ("share_of_allocated", "Share of allocated", "share"),
            ("share_of_total", "Share of all", "share")]



PATHWAY_COLUMNS = [("year", "Year", "year"), ("months", "Months covered", "count"),
                   ("persons", "New permanent residents", "count"), ("suppressed_cells", "Suppressed cells (1–4)",
                                                                    "count")]
BORDER_FREQS = [("fiscal_year", "US fiscal years"), ("month", "Months")]
BORDER_BYS = [("total", "One total"), ("region", "By region"), ("sector", "By sector"),
              ("citizenship", "By citizenship (8 largest)")]
MAX_LINES = 8


def border_wide(df: pd.DataFrame, by: str, freq: str) -> tuple[pd.DataFrame, list[str]]:
    """Rows of one period each, one column per series (the ``MAX_LINES`` largest for citizenships), and the
    series shown."""
    col = {"total": None, "region": "region", "sector": "sector", "citizenship": "citizenship"}[by]
    x = "fiscal_year" if freq == "fiscal_year" else "calendar_month"
    if col is None:
        df = df.assign(series="encounters")
        col = "series"
    top = df.groupby(col).encounters.sum().sort_values(ascending=False).index[:MAX_LINES].tolist()
    sub = df[df[col].isin(top)]
    wide = sub.pivot_table(index=[x, *(["fiscal_year", "fiscal_month"] if x != "fiscal_year" else ["months"])],
                           columns=col, values="encounters", aggfunc="sum").reset_index()
    return wide, [str(t) for t in top]


def build_pages(backend) -> APIRouter:
    router = APIRouter(dependencies=[Depends(strict_query)], include_in_schema=False)
    page = memoised(backend)

    async def get(key, fn):
        return await backend.get(key, fn)

    async def money_page(request: Request,
                         donor: Annotated[str, Query(max_length=80)] = "CAN",
                         region: Annotated[str, Query(max_length=80)] = AMERICAS.label,
                         program: Annotated[str, Query(max_length=10)] = "TFWP",
                         category: Annotated[str, Query(max_length=120)] = "Agri-Food Pilot",
                         border_by: Annotated[str, Query(max_length=20)] = "sector",
                         border_region: Annotated[str, Query(max_length=80)] = "Northern Land Border",
                         border_citizenship: Annotated[str, Query(max_length=80)] = "all",
                         border_freq: Annotated[str, Query(max_length=20)] = "fiscal_year",
                         border_start: Annotated[int | None, Query(ge=1990, le=2100)] = None,
                         border_end: Annotated[int | None, Query(ge=1990, le=2100)] = None):
        form = {"donor": donor, "region": region, "program": program, "category": category,
                "border_by": border_by, "border_region": border_region, "border_citizenship": border_citizenship,
                "border_freq": border_freq, "border_start": border_start or 2015, "border_end": border_end}
        d = await get(("donors",), money.donors)
        cats = await get(("pathway-categories",), money.pathway_categories)
        choices = await get(("border-choices",), money.border_choices)
        bureaus = await get(("bureaus",), money.bureaus)
        ctx = {"pathway_columns": PATHWAY_COLUMNS,
               "title": "Money and pathways: UNHCR funding, work-to-residence pathways, the US border",
               "form": form, "donors": records(d[d.donor_type == "government"][["donor", "name"]]),
               "bureaus": bureaus, "programs": money.PROGRAMS, "categories": records(cats),
               "border_regions": choices["regions"], "citizenships": choices["citizenships"],
               "border_bys": BORDER_BYS, "border_freqs": BORDER_FREQS, "can_embed": True, "charts": True,
               "fy_years": list(range(2000, 2026))}
        problems, frames, out = [], [], {}
        # funding
        try:
            f = await get(("funding", donor, None, "all", "all", "all", "region"),
                          lambda: money.funding(donor, None, "all", "all", "all", "region"))
            if region not in bureaus:
                raise unknown("UNHCR bureau", region, bureaus, where="region")
            s = await get(("funding-summary", donor, region), lambda: money.funding_summary(donor, region))
            name = dict(zip(d.donor, d.name, strict=True)).get(str(f.donor.iloc[0]), donor)
            out |= {"funding_rows": records(s), "funding_columns": funding_columns(region),
                    "funding_spec": charts.funding(f, region, name), "donor_name": name}
            frames.append(f)
        except (HemigovError, ApiError) as e:
            problems.append("Funding: " + _message(e))
        # pathways
        try:
            p = await get(("pathways", program, category, "all", None, "year"),
                          lambda: money.pathways(program, category, "all", None, "year"))
            label = str(p.category.iloc[0]) if len(p) else category
            whole = p[p.months == 12]  # a partial year would read as a fall: in the table, not on the line
            out |= {"pathway_rows": records(p), "pathway_label": label, "pathway_partial": _partial_years(p),
                    "pathway_spec": charts.over_time(
                whole, x="year", y="persons", kind="count", x_title="Year", y_title="New permanent residents",
                description=f"New permanent residents who held a {program} work permit, {label}, per year")}
            frames.append(p)
        except (HemigovError, ApiError) as e:
            problems.append("Pathways: " + _message(e))
        # border
        try:
            years = f"{form['border_start']}-{border_end or 'latest'}"
            args = (border_by, border_region, "all", border_citizenship, years, border_freq)
            b = await get(("border", *args), lambda: money.border_encounters(*args))
            wide, shown = border_wide(b, border_by, border_freq)
            col = {"total": None, "region": "region", "sector": "sector", "citizenship": "citizenship"}[border_by]
            line = b[b[col].isin(shown)] if col else b
            if border_freq == "fiscal_year":
                line = line[line.months == 12]  # the newest fiscal year is partial: not drawn as a fall
            x = "fiscal_year" if border_freq == "fiscal_year" else "calendar_month"
            what = " / ".join(v for v in (border_region, border_citizenship) if v != "all") or "all US borders"
            out |= {"border_rows": records(wide), "border_series": shown, "border_what": what,
                    "border_x": x, "border_partial": _partial(b, border_freq),
                    "border_spec": charts.over_time(
                        line, x=x, y="encounters", kind="count", colour=col, fiscal=x == "fiscal_year", order=shown,
                        x_title="US fiscal year (October–September)" if x == "fiscal_year" else "Month",
                        y_title="Encounters", description=f"US Border Patrol encounters, {what}")}
            frames.append(b)
        except (HemigovError, ApiError) as e:
            problems.append("US border: " + _message(e))
        q = urlencode({k: v for k, v in form.items() if v is not None})
        api = {"funding": f"/api/funding?{urlencode({'donor': donor, 'by': 'region'})}",
               "pathways": f"/api/pathways?{urlencode({'program': program, 'category': category})}",
               "border": "/api/border-encounters?" + urlencode(
                   {"by": border_by, "region": border_region, "citizenship": border_citizenship,
                    "fiscal_years": f"{form['border_start']}-{border_end or 'latest'}", "freq": border_freq})}
        return render(request, "money.html", 400 if problems else 200, **ctx, **out, api=api, query=q,
                      error="; ".join(problems) or None,
                      sources=sources(pd.concat([fr[[COLUMN]] for fr in frames])) if frames else [])

    for path in ("/money", "/embed/money"):
        router.add_api_route(path, page(money_page), methods=["GET"], response_class=HTMLResponse)
    return router


def _partial_years(p: pd.DataFrame) -> str | None:
    """A note on the years of a pathway series that cover fewer than 12 months (left off the chart)."""
    part = p[p.months < 12]
    if part.empty:
        return None
    return "; ".join(f"{int(y)} covers {int(m)} months only" for y, m in zip(part.year, part.months, strict=True)) \
        + " (in the table, not on the chart)"


def _partial(b: pd.DataFrame, freq: str) -> str | None:
    """A note on the newest fiscal year when it covers fewer than 12 months."""
    if freq != "fiscal_year" or b.empty:
        return None
    last = b[b.fiscal_year == b.fiscal_year.max()]
    n, fy = int(last.months.max()), int(last.fiscal_year.iloc[0])
    if n >= 12:
        return None
    end = pd.Timestamp(year=fy - 1, month=10, day=1) + pd.DateOffset(months=n - 1)
    return f"FY{fy} covers {n} months only (October {fy - 1} – {end:%B %Y}): in the table, not on the chart"

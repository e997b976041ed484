"""Labour pathways: temporary foreign workers who become permanent residents, against the agricultural workers'
work-permit stock."""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import no_data, unknown
from hemigov.core.provenance import Provenance
from hemigov.indicators import formulas
from hemigov.indicators.registry import VINTAGE, Param, period_of, register, span
from hemigov.series import canada, pathways

IRCC_TR_TO_PR = ("IRCC, Admissions of Permanent Residents with Prior TFWP / IMP Work Permit Holder Status by "
                 "Province/Territory and Immigration Category, January 2015 - July 2025 (open.canada.ca "
                 "360024f2-17e9-4558-bfc1-3616485d65b9); Open Government Licence - Canada.")
IRCC_TFWP_STOCK = ("IRCC, TFWP work permit holders on December 31st by Province/Territory and program, 2000-2024 "
                   "(open.canada.ca 360024f2-17e9-4558-bfc1-3616485d65b9); Open Government Licence - Canada.")
#: IRCC's program group of the TFWP stock file: Agricultural Stream + Seasonal Agricultural Worker Program + Other
#: Agricultural Workers, printed as the group's "(all)" row per province.
AGRICULTURAL = "Agricultural Workers"
TOTAL = "(all)"
STOCK_NOTE = ("agri_stock: TFWP Agricultural Workers holding a permit on 31 December of stock_year, the year before "
              "(every province summed); a 31 December stock misses most seasonal (SAWP) workers, whose permits end "
              "by 15 December; persons are IRCC's rounded cells (to 5; '--' = 1-4, counted in suppressed_cells)")


def pathway_leaves(cells: pd.DataFrame) -> pd.DataFrame:
    """IRCC's leaf categories: the category rows, and the group totals of groups printed without categories (the
    Provincial Nominee Program); ``category`` names each leaf."""
    cat = cells[cells.level == "category"]
    keys = ["program", "province", "broad_category", "category_group"]
    with_cats = set(map(tuple, cat[keys].drop_duplicates().to_numpy()))
    grp = cells[cells.level == "group_total"]
    bare = grp[[tuple(r) not in with_cats for r in grp[keys].to_numpy()]]
    return pd.concat([cat, bare.assign(category=bare.category_group)], ignore_index=True)


def agricultural_stock(stock: pd.DataFrame) -> pd.DataFrame:
    """The TFWP agricultural stock on 31 December per year: year, agri_stock, agri_stock_suppressed_cells."""
    s = stock[(stock.program_group == AGRICULTURAL) & (stock.program == TOTAL) & (stock.province != TOTAL)]
    return s.groupby("year", as_index=False).agg(agri_stock=("persons", "sum"),
                                                 agri_stock_suppressed_cells=("suppressed", "sum"))


@register(
    "work_to_residence", group="labour",
    title="New permanent residents who held a TFWP (or IMP) work permit, by category, per 100 agricultural TFWP "
          "permit holders",
    definition="IRCC's admissions of permanent residents whose previous status was a TFWP (or IMP) work permit, by "
               "immigration category (IRCC's printed year totals summed over the provinces; '(all)' = IRCC's "
               "Canada total), against the TFWP agricultural workers' stock (program group 'Agricultural "
               "Workers': Agricultural Stream, SAWP and other agricultural workers) on 31 December of the previous "
               "year: the pool a year's transitions can come from; also per 100 holders of any TFWP permit then.",
    formula="per_100_agri_c,t = 100·PR_c,t / S_agri(31 Dec t−1); per_100_tfwp_c,t = 100·PR_c,t / S_TFWP(31 Dec t−1)",
    references=(IRCC_TR_TO_PR, IRCC_TFWP_STOCK),
    params=(Param("category", "str_list", None, help="IRCC immigration categories (e.g. Agri-Food Pilot); none "
                  "for every category and the total"),
            Param("years", "years", "2015-latest", help="YYYY, YYYY-YYYY, YYYY-latest or latest"),
            Param("program", "str", "TFWP", help="the work-permit program held before", choices=pathways.PROGRAMS),
            VINTAGE),
)
def work_to_residence(category: list[str] | None, years, program: str, vintage: str) -> pd.DataFrame:
    where = "indicator 'work_to_residence'"
    cells = pathways.year_totals(vintage=vintage)
    cells = cells[cells.program == program]
    stock = canada.tfwp_holders(vintage=vintage)
    p = period_of(years, *span(cells, f"PR from {program} permits"), what=f"PR admissions from {program} permits")
    cells = cells[cells.year.between(p.first_year, p.last_year)]
    leaves = pathway_leaves(cells)
    leaves = leaves[leaves.province != TOTAL]
    total = cells[(cells.level == "province_total") & (cells.province == TOTAL)].assign(category=TOTAL,
                                                                                        category_group=TOTAL)
    used = pd.concat([leaves, total], ignore_index=True)
    if category is not None:
        known = set(used.category)
        for c in category:
            if c not in known:
                raise unknown("category", c, known, where=where)
        used = used[used.category.isin(category)]
    g = used.groupby(["year", "category"], as_index=False).agg(
        category_group=("category_group", "first"), months=("months", "max"), persons=("persons", "sum"),
        suppressed_cells=("suppressed", "sum"))
    agri = agricultural_stock(stock)
    g["stock_year"] = g.year - 1
    g = g.merge(agri.rename(columns={"year": "stock_year"}), on="stock_year", how="left")
    if g.empty:
        raise no_data(f"PR admissions from {program} permits in {p.label()}")
    g["per_100_agri"] = formulas.percent_of(g.persons.astype(float), g.agri_stock.astype(float))
    # every TFWP holder (IRCC's Canada total row), for the comparison with all transitions
    tfwp = stock[(stock.province == TOTAL) & (stock.program_group == TOTAL)].set_index("year")["persons"]
    g["tfwp_stock"] = g.stock_year.map(tfwp)
    g["per_100_tfwp"] = formulas.percent_of(g.persons.astype(float), g.tfwp_stock.astype(float))
    g["partial_year"] = g.months < 12
    g["notes"] = STOCK_NOTE
    prov = Provenance.of(used, stock[stock.year.isin(g.stock_year)])
    order = g.category.eq(TOTAL)  # categories first, then the total, per year
    g = g.assign(_t=order).sort_values(["year", "_t", "persons"], ascending=[True, True, False]).drop(columns="_t")
    return g.reset_index(drop=True).assign(program=program, period=p.label(), sources=prov.text())

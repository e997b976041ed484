"""The paper itself as a source: the working paper on Canada's role in Western hemispheric migration governance.

Facts committed inside the package (``hemigov/data/paper/``) and loaded with every warehouse write
(``hemigov.warehouse.package_data``), so they are present on every machine:

* ``table1_remittances_2019.csv`` .. ``table3_mexico_irb_claims.csv``: clean copies of the paper's three
  printed tables (Table 2 in two files: top 25 countries, and yearly totals), byte-identical to the project's
  seed tables. Read into ``paper_tables``, one row per numeric cell.
* ``paper_figures.csv``: every number printed in the paper's text, footnotes and figure labels, with the
  exact quote (whitespace aside) it was read from, its unit, period and country. Read into ``paper_figures``.

Caveats: the tables print what the paper's sources said in 2020 (World Bank April 2020, IRCC data sent to
the author, IRB statistics); later releases revise them. Table 3's acceptance rate is kept as printed
(``acceptance_rate_pct_as_printed``), not recomputed. Table 2's Roxham Road periods are part-years
(2017-04..2017-12, 2020-01..2020-03). Countries map through the reviewed alias table
``aliases/paper.csv``; "Stateless" is XXA. The layouts match only the package copies (a folder named
``paper``), so the seed copies elsewhere are never imported twice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from hemigov import geo
from hemigov.core import meta
from hemigov.core.errors import InputError
from hemigov.core.paths import PACKAGE_DATA
from hemigov.sources.base import Layout, Parsed, read_csv_strict, require_columns, to_values

_PAPER = meta.paper()  # CITATION.cff's first reference: the one place the paper's bibliographic data live
PUBLISHER = f"{_PAPER.author_text} ({_PAPER.year}), {_PAPER.series} {_PAPER.number}"
LICENCE = f"Facts quoted from the paper ({_PAPER.licence}); cite the paper"
CITATION = _PAPER.apa()
URL = _PAPER.url

# The working paper is dated November 2020 (CITATION.cff). Its facts were dated 2020-12 before the title page
# was at hand (the text's latest dated reference is of 25 September 2020); the vintage is kept so that recorded
# references to paper.*@2020-12 stay valid.
VINTAGE = "2020-12"

FOLDER = PACKAGE_DATA / "paper"
TABLE_FILES = {
    "table1": "table1_remittances_2019.csv",
    "table2": "table2_roxham_road_top25.csv",
    "table2_totals": "table2_roxham_road_totals.csv",
    "table3": "table3_mexico_irb_claims.csv",
}
FIGURES_FILE = "paper_figures.csv"

#: Table 1 column -> (measure, period, unit)
TABLE1 = {
    "remittances_pct_gdp_2019": ("remittances_pct_gdp", "2019", "percent of GDP"),
    "remittances_total_busd_2019": ("remittances_total", "2019", "USD billion"),
    "remittances_from_canada_musd_2017": ("remittances_from_canada", "2017", "USD million"),
}
#: Table 3 column -> unit (Mexican asylum claims at the IRB, Jan 2013 - Mar 2020)
TABLE3 = {
    "referred": "claims", "accepted": "claims", "rejected": "claims", "acceptance_rate_pct_as_printed": "percent",
    "abandoned_withdrawn": "claims", "backlog": "claims",
}
FIGURE_COLUMNS = ["figure_id", "section", "quote", "value", "unit", "period", "iso3", "note"]


def package_files() -> list[Path]:
    """The five committed files, in load order."""
    return [FOLDER / name for name in (*TABLE_FILES.values(), FIGURES_FILE)]


def _in_package(name: str) -> Callable[[Path], bool]:
    return lambda p: p.name == name and p.parent.name == "paper"


def _long(df: pd.DataFrame, path: Path, exhibit: str, cols: dict[str, tuple[str, str | None, str]],
          label: pd.Series, iso3: pd.Series | None, period: pd.Series | None) -> pd.DataFrame:
    """Wide table -> one row per numeric cell; ``row`` is the data row in the file (1 = first after header)."""
    parts = []
    for col, (measure, fixed_period, unit) in cols.items():
        parts.append(pd.DataFrame({
            "exhibit": exhibit, "row": range(1, len(df) + 1), "label": label.to_numpy(),
            "iso3": iso3.to_numpy() if iso3 is not None else None,
            "period": fixed_period if fixed_period else period.to_numpy(),
            "measure": measure, "value": to_values(df[col], path, col).to_numpy(), "unit": unit,
        }))
    out = pd.concat(parts, ignore_index=True)
    if out["value"].isna().any():
        i = int(out["value"].isna().to_numpy().nonzero()[0][0])
        raise InputError(path, f"row {out['row'].iloc[i] + 1}, measure {out['measure'].iloc[i]!r}", "empty cell")
    return out.astype({"row": "int64"})


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    df = read_csv_strict(path, encoding="utf-8-sig")
    require_columns(df, columns, path)
    return df.apply(lambda c: c.str.strip())


def _tables(frame: pd.DataFrame) -> Parsed:
    return Parsed(VINTAGE, {"paper_tables": frame}, "as printed in the paper")


def read_table1(path: Path) -> Parsed:
    df = _read(path, ["country", *TABLE1])
    iso3 = geo.names_to_iso3(df["country"], "paper", file=path, column="country")
    return _tables(_long(df, path, "table1", TABLE1, df["country"], iso3, None))


def read_table2(path: Path) -> Parsed:
    df = _read(path, ["period", "rank", "country", "claims"])
    iso3 = geo.names_to_iso3(df["country"], "paper", file=path, column="country")
    cols = {"rank": ("rank", None, "rank"), "claims": ("claims", None, "claims")}
    return _tables(_long(df, path, "table2", cols, df["country"], iso3, df["period"]))


def read_table2_totals(path: Path) -> Parsed:
    df = _read(path, ["period", "claims_total"])
    label = pd.Series(["Total"] * len(df))  # all countries at Roxham Road: not a country row
    cols = {"claims_total": ("claims_total", None, "claims")}
    return _tables(_long(df, path, "table2_totals", cols, label, None, df["period"]))


def read_table3(path: Path) -> Parsed:
    df = _read(path, ["period", *TABLE3])
    # The whole table is about claimants from Mexico (title: "Mexican Asylum Statistics in Canada").
    label = pd.Series(["Mexico"] * len(df))
    iso3 = geo.names_to_iso3(label, "paper", file=path, column="(table title)")
    cols = {c: (c, None, unit) for c, unit in TABLE3.items()}
    return _tables(_long(df, path, "table3", cols, label, iso3, df["period"]))


def read_figures(path: Path) -> Parsed:
    df = _read(path, FIGURE_COLUMNS)
    out = df[FIGURE_COLUMNS].replace({"": None})
    out["value"] = to_values(df["value"], path, "value")
    if out["value"].isna().any():
        i = int(out["value"].isna().to_numpy().nonzero()[0][0])
        raise InputError(path, f"row {i + 2}, column 'value'", "empty: every transcribed figure has a value")
    has_iso3 = out["iso3"].notna()
    out.loc[has_iso3, "iso3"] = geo.codes_to_iso3(out.loc[has_iso3, "iso3"], "iso3", file=path, column="iso3")
    return Parsed(VINTAGE, {"paper_figures": out}, "numbers printed in the paper's text, footnotes and figures")


def _layout(key: str, file: str, title: str, reader) -> Layout:
    return Layout(dataset=f"paper.{key}", publisher=PUBLISHER, title=title, licence=LICENCE, citation=CITATION,
                  source_url=URL, match=_in_package(file), read=reader)


LAYOUTS = [
    _layout("table1", TABLE_FILES["table1"], "Paper Table 1: remittances to Latin America and the Caribbean, 2019",
            read_table1),
    _layout("table2", TABLE_FILES["table2"], "Paper Table 2: top 25 countries of origin at Roxham Road", read_table2),
    _layout("table2_totals", TABLE_FILES["table2_totals"], "Paper Table 2: yearly totals at Roxham Road",
            read_table2_totals),
    _layout("table3", TABLE_FILES["table3"], "Paper Table 3: Mexican asylum statistics in Canada, 2013-2020Q1",
            read_table3),
    _layout("figures", FIGURES_FILE, "Numbers printed in the paper's text and figures", read_figures),
]

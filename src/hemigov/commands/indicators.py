"""``hemigov indicator``: list, describe and compute the registered indicators.

The terminal table shows each indicator's key columns (``--all-columns`` for the rest; ``--json``/``--csv`` always
print every column, as ``hemigov.indicator`` returns them); long results are summarised (fair shares: one row per
country, the keys as columns).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import pandas as pd
import typer

from hemigov.clikit import AllOpt, CsvOpt, JsonOpt, emit
from hemigov.core.errors import InputError

#: indicator -> the columns its terminal table shows by default (in this order; constant ones go to the caption).
KEY_COLUMNS: dict[str, list[str]] = {
    "representation": ["destination", "region", "resettled", "s_r", "displaced", "d_r", "ratio"],
    "displacement_share": ["period", "region", "displaced", "world", "share"],
    "resettlement_scenario": ["year", "total_resettled", "d_r", "scenario_places", "actual", "gap"],
    "recognition_rate": ["year", "asylum_iso3", "origin_iso3", "recognized", "other", "rejected", "closed",
                         "refugee_recognition_rate", "total_protection_rate"],
    "irb_acceptance": ["period", "period_start", "period_end", "referred", "accepted", "rejected",
                       "abandoned_withdrawn", "acceptance_rate", "abandonment_share"],
    "backlog_balance": ["year", "asylum_iso3", "applied", "decided", "flow_balance"],
    "host_burden": ["iso3", "name", "hosted", "per_1000", "per_usd_gdp_ppp_pc", "rb_population", "rb_gdp"],
    "oxfam_syria_2015": ["country", "iso3", "contribution_usd_m", "fair_share_usd_m", "performance"],
    "funding_share": ["period", "region_usd", "allocated_usd", "total_usd", "funding_share", "displacement_share",
                      "ratio"],
    "responsibility_effort": ["iso3", "name", "effort_hosting", "effort_resettlement", "effort_money", "index",
                              "rank"],
    "work_to_residence": ["year", "category", "persons", "suppressed_cells", "stock_year", "agri_stock",
                          "per_100_agri", "tfwp_stock", "per_100_tfwp"],
    "dependence": ["iso3", "name", "remittances_pct_gdp", "remittances_from_host_usd_m", "host_share_of_emigrants",
                   "resettled_to_host", "asylum_applications_in_host", "total_protection_rate"],
}


def fair_share_summary(df: pd.DataFrame) -> pd.DataFrame:
    """One row per sharing country: its fair share of the target under each key (places), and what it gave."""
    wide = df.pivot_table(index="iso3", columns="key", values="fair_share", aggfunc="first", sort=False)
    wide.columns = [f"{k}_places" for k in wide.columns]
    first = df.drop_duplicates("iso3").set_index("iso3")
    keep = [c for c in ("target", "period", "weight_year", "region", "scheme", "sources") if c in first.columns]
    out = wide.join(first[["actual", *keep]]).reset_index()
    return out[["iso3", *wide.columns, "actual", *keep]]


#: indicator -> how its long result is summarised for the terminal (one dispatch table).
SUMMARIES: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {"fair_share": fair_share_summary}


def parse_params(items: list[str] | None) -> dict[str, str]:
    """``["years=2015-2020", "scheme=unhcr"]`` -> dict; a repeated key or an item without '=' is bad input."""
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(None, "--param", f"{item!r} is not key=value, e.g. --param years=2015-2020")
        if key in out:
            raise InputError(None, "--param", f"{key!r} given twice")
        out[key] = value.strip()
    return out


def register(app: typer.Typer, data_app: typer.Typer) -> None:
    @app.command("indicator")
    def indicator(
        name: Annotated[str | None, typer.Argument(help="Indicator name (see --list).")] = None,
        param: Annotated[list[str] | None, typer.Option(
            "--param", "-p", help="key=value, repeatable: --param years=2015-2020 --param scheme=unhcr.")] = None,
        list_: Annotated[bool, typer.Option("--list", help="List the registered indicators.")] = False,
        describe: Annotated[bool, typer.Option("--describe", help="Show the indicator's parameters.")] = False,
        as_json: JsonOpt = False, as_csv: CsvOpt = False, all_columns: AllOpt = False,
    ) -> None:
        """Compute a responsibility-sharing, protection, burden, fair-share or dependence indicator."""
        from hemigov import indicators

        if list_:
            emit(indicators.list_indicators(), as_json, as_csv, title="indicators", all_columns=all_columns,
                 columns=["name", "group", "title"])
            return
        if name is None:
            raise InputError(None, "indicator", "give an indicator name, or --list to see them")
        if describe:
            emit(indicators.describe(name), as_json, as_csv, title=name, all_columns=True)
            return
        df = indicators.indicator(name, **parse_params(param))
        if as_json or as_csv or all_columns:
            emit(df, as_json, as_csv, title=name, all_columns=True)
            return
        shown = SUMMARIES[name](df) if name in SUMMARIES else df
        emit(shown, title=name, columns=KEY_COLUMNS.get(name, list(shown.columns)), max_rows=200)

"""``hemigov scenario`` and ``hemigov pledges``: the policy options as numbers with intervals, and the pledge
tracker (thin over :mod:`hemigov.scenarios`; ``--json`` prints the API's result)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import pandas as pd
import typer

from hemigov.clikit import AllOpt, CsvOpt, JsonOpt, emit, out
from hemigov.commands.indicators import parse_params
from hemigov.core.errors import InputError

#: Scenario unit -> the number formatter's kind.
UNIT_KINDS = {"places": "count", "claims": "count", "US$": "usd"}
#: The pledge table's terminal columns (``--all-columns``, ``--json`` and ``--csv`` give every column, full labels).
PLEDGE_COLUMNS = ["month", "actor", "target", "measure", "delivered", "share", "pace/yr", "status"]
MONEY_UNITS = ("USD", "CAD")


def _target(value: float, unit: str) -> str:
    from hemigov.style import numbers

    if unit in MONEY_UNITS:
        return numbers.fmt(value, "usd").replace("US$", "C$" if unit == "CAD" else "US$")
    return f"{numbers.fmt(value, 'count')} {unit}"


def _pledge_table(df: pd.DataFrame) -> pd.DataFrame:
    """For the terminal: the pledge month, the target with its unit and deadline, short measure names and
    whole-number paces."""
    from hemigov.scenarios.delivery import MEASURES
    from hemigov.style import numbers

    short = {m.label: m.short for m in MEASURES.values()}
    return pd.DataFrame({
        "month": df.date.str[:7], "actor": df.actor,
        "target": [_target(v, u) + (f" by {d}" if d else "") for v, u, d in zip(df.target, df.unit, df.deadline,
                                                                                 strict=True)],
        "measure": df.measure.map(lambda m: short.get(m, m)), "delivered": df.delivered,
        "share": df.share_of_target,
        "pace/yr": df.pace_needed_per_year.map(lambda v: "" if numbers.missing(v) else numbers.fmt(v, "count")),
        "status": df.status})


def _sources(text: str) -> str:
    from hemigov.core.provenance import Provenance
    from hemigov.series import catalogue

    return "; ".join(catalogue.label(d, v) for d, v in Provenance.parse(text).pairs())


def _summary(res) -> pd.DataFrame:
    from hemigov.style import numbers

    kind = UNIT_KINDS.get(res.unit, "number")
    rows = [("scenario", f"{res.name}: {res.title}"),
            (f"value ({res.unit})", numbers.fmt(res.value, kind)),
            ("interval", f"{numbers.fmt(res.low, kind)} to {numbers.fmt(res.high, kind)}"),
            ("parameters", res.params_text()),
            ("sources", _sources(res.sources))]
    return pd.DataFrame(rows, columns=["", "value"])


def register(app: typer.Typer, data_app: typer.Typer) -> None:
    @app.command("scenario")
    def scenario_cmd(
        name: Annotated[str | None, typer.Argument(help="Scenario name (see --list).")] = None,
        param: Annotated[list[str] | None, typer.Option(
            "--param", "-p", help="key=value, repeatable: -p years=2015-2020 -p scheme=unhcr.")] = None,
        list_: Annotated[bool, typer.Option("--list", help="List the registered scenarios.")] = False,
        describe: Annotated[bool, typer.Option("--describe", help="Show the scenario's parameters.")] = False,
        detail: Annotated[bool, typer.Option("--detail", help="Also show the computation's rows.")] = False,
        as_json: JsonOpt = False, as_csv: CsvOpt = False, all_columns: AllOpt = False,
    ) -> None:
        """Compute a policy option (resettlement places, money, visa counterfactual) with its interval."""
        from hemigov import scenarios

        if list_:
            emit(scenarios.list_scenarios(), as_json, as_csv, title="scenarios", all_columns=all_columns,
                 columns=["name", "group", "unit", "params"])
            return
        if name is None:
            raise InputError(None, "scenario", "give a scenario name, or --list to see them")
        if describe:
            d = scenarios.describe(name)
            if as_json:
                sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
                return
            emit(pd.DataFrame(d["params"]), as_csv=as_csv, title=f"{name}: {d['title']}", all_columns=True)
            return
        res = scenarios.scenario(name, **parse_params(param))
        if as_json:
            sys.stdout.write(json.dumps(res.to_dict(), ensure_ascii=False) + "\n")
            return
        if as_csv:
            emit(res.detail if detail else res.to_frame(), as_csv=True)
            return
        emit(_summary(res), title=name)
        console = out.get()
        console.print(f"Interval: {res.interval}", markup=False, overflow="fold")
        console.print("Assumptions:", markup=False)
        for a in res.assumptions:
            console.print(f"  - {a}", markup=False, overflow="fold")
        if detail:
            emit(res.detail, title=f"{name}: detail", all_columns=all_columns,
                 columns=[c for c in res.detail.columns if c != "sources"])

    @app.command("pledges")
    def pledges_cmd(
        as_of: Annotated[str, typer.Option("--as-of", help="Vintage of the series: latest, paper or a release.")]
        = "latest",
        as_json: JsonOpt = False, as_csv: CsvOpt = False, all_columns: AllOpt = False,
    ) -> None:
        """Each timeline pledge with a numeric target: delivered to date, pace needed and status."""
        from hemigov import scenarios

        df = scenarios.pledges(as_of)
        if as_json or as_csv or all_columns:
            emit(df, as_json, as_csv, title=f"pledges (as of {as_of})", all_columns=True)
            return
        emit(_pledge_table(df), title=f"pledges (as of {as_of})", columns=PLEDGE_COLUMNS)

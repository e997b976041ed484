"""``hemigov indicator``: list, describe and compute the registered indicators."""

from __future__ import annotations

from typing import Annotated

import typer

from hemigov.clikit import CsvOpt, JsonOpt, emit
from hemigov.core.errors import HemigovError


def parse_params(items: list[str] | None) -> dict[str, str]:
    """``["years=2015-2020", "scheme=unhcr"]`` -> dict; a repeated key or an item without '=' is an error."""
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise HemigovError(f"--param {item!r}: expected key=value, e.g. --param years=2015-2020")
        if key in out:
            raise HemigovError(f"--param {key!r} given twice")
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
        as_json: JsonOpt = False, as_csv: CsvOpt = False,
    ) -> None:
        """Compute a responsibility-sharing, protection, burden, fair-share or dependence indicator."""
        from hemigov import indicators

        if list_:
            df = indicators.list_indicators()
            emit(df if (as_json or as_csv) else df[["name", "group", "title", "parameters"]], as_json, as_csv,
                 title="indicators")
            return
        if name is None:
            raise HemigovError("give an indicator name or --list")
        if describe:
            emit(indicators.describe(name), as_json, as_csv, title=name)
            return
        emit(indicators.indicator(name, **parse_params(param)), as_json, as_csv, title=name)

"""``hemigov replicate`` and ``hemigov claims``: the paper's exhibits and claims ledger, thin over
``hemigov.replication``."""

from __future__ import annotations

from typing import Annotated

import typer

from hemigov.clikit import CsvOpt, JsonOpt, emit

# Columns the terminal table shows (``--json``/``--csv`` print every column).
_CELL_COLS = ["id", "period", "paper_value", "computed_value", "status", "reason", "sources"]
_CLAIM_COLS = ["id", "as_of", "status", "paper_value", "computed_value", "period", "sources"]


def register(app: typer.Typer, data_app: typer.Typer) -> None:
    @app.command("replicate")
    def replicate(
        exhibit: Annotated[str | None, typer.Option(help="fig1 | fig2 | fig3 | table1 | table2 | table3.")] = None,
        updated: Annotated[bool, typer.Option(help="The exhibit extended to the latest data (needs --exhibit).")]
        = False,
        events: Annotated[bool, typer.Option(help="Policy events to annotate the exhibit (needs --exhibit).")]
        = False,
        as_json: JsonOpt = False, as_csv: CsvOpt = False,
    ) -> None:
        """The paper's exhibits rebuilt cell by cell: printed vs computed, status, reason, dataset@vintage."""
        from hemigov import replication
        from hemigov.core.errors import HemigovError

        if (updated or events) and exhibit is None:
            raise HemigovError("--updated and --events need --exhibit")
        if updated:
            emit(replication.updated(exhibit), as_json, as_csv, title=f"{exhibit}: updated edition")
            return
        if events:
            df = replication.annotations(exhibit)
            emit(df if as_json or as_csv else df[["date", "topic", "actor", "title"]], as_json, as_csv,
                 title=f"{exhibit}: events")
            return
        df = replication.replicate(exhibit)
        emit(df if as_json or as_csv else df[_CELL_COLS], as_json, as_csv, title="replication", max_rows=400)

    @app.command("claims")
    def claims(
        as_of: Annotated[str, typer.Option("--as-of", help="paper | latest | both.")] = "latest",
        as_json: JsonOpt = False, as_csv: CsvOpt = False,
    ) -> None:
        """The paper's quantitative claims, each tested as of the paper's period or the latest data."""
        from hemigov import replication

        df = replication.claims(as_of=as_of)
        emit(df if as_json or as_csv else df[_CLAIM_COLS], as_json, as_csv, title=f"claims as of {as_of}")

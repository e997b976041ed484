"""``hemigov replicate`` and ``hemigov claims``: the paper's exhibits and claims ledger, thin over
``hemigov.replication``."""

from __future__ import annotations

from typing import Annotated

import typer

from hemigov.clikit import AllOpt, CsvOpt, JsonOpt, emit
from hemigov.core.errors import InputError

# Columns the terminal table shows (``--json``/``--csv`` print every column).
_CELL_COLS = ["id", "paper_value", "computed_value", "status", "reason"]
_CLAIM_COLS = ["id", "as_of", "status", "paper_value", "computed_value", "period"]


def register(app: typer.Typer, data_app: typer.Typer) -> None:
    @app.command("replicate")
    def replicate(
        exhibit: Annotated[str | None, typer.Option(help="fig1 | fig2 | fig3 | table1 | table2 | table3.")] = None,
        updated: Annotated[bool, typer.Option(help="The exhibit extended to the latest data (needs --exhibit).")]
        = False,
        events: Annotated[bool, typer.Option(help="Policy events to annotate the exhibit (needs --exhibit).")]
        = False,
        as_json: JsonOpt = False, as_csv: CsvOpt = False, all_columns: AllOpt = False,
    ) -> None:
        """The paper's exhibits rebuilt cell by cell: printed vs computed, status, reason, dataset@vintage."""
        from hemigov import replication

        if (updated or events) and exhibit is None:
            raise InputError(None, "--updated/--events", "give the exhibit too, e.g. --exhibit fig1")
        if updated:
            emit(replication.updated(exhibit), as_json, as_csv, title=f"{exhibit}: updated edition",
                 all_columns=all_columns, columns=["series", "period", "value", "unit"], max_rows=400)
            return
        if events:
            emit(replication.annotations(exhibit), as_json, as_csv, title=f"{exhibit}: events",
                 all_columns=all_columns, columns=["date", "topic", "actor", "title", "source_kind"])
            return
        emit(replication.replicate(exhibit), as_json, as_csv, title="replication", all_columns=all_columns,
             columns=_CELL_COLS, max_rows=400)

    @app.command("claims")
    def claims(
        as_of: Annotated[str, typer.Option("--as-of", help="paper | latest | both.")] = "latest",
        as_json: JsonOpt = False, as_csv: CsvOpt = False, all_columns: AllOpt = False,
    ) -> None:
        """The paper's quantitative claims, each tested as of the paper's period or the latest data."""
        from hemigov import replication

        emit(replication.claims(as_of=as_of), as_json, as_csv, title=f"claims as of {as_of}",
             all_columns=all_columns, columns=_CLAIM_COLS, max_rows=400)

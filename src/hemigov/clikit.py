"""Output helpers shared by every command: rich tables by default, ``--json`` records, ``--csv``."""

from __future__ import annotations

import sys
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

# Piped output is not cut to 80 columns: tables stay readable in files and pagers.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print a JSON list of records.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV.")]


def _cell(v) -> str:
    if v is None or (not isinstance(v, (list, dict)) and pd.isna(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))  # counts that pandas widened to float because of NULLs
    return str(v)


def emit(df: pd.DataFrame, as_json: bool, as_csv: bool, title: str | None = None, max_rows: int = 200) -> None:
    if as_json:
        sys.stdout.write(df.to_json(orient="records", date_format="iso", force_ascii=False) + "\n")
    elif as_csv:
        df.to_csv(sys.stdout, index=False)
    else:
        t = Table(title=title, show_lines=False)
        for c in df.columns:
            t.add_column(str(c), overflow="fold")
        for row in df.head(max_rows).itertuples(index=False):
            t.add_row(*[_cell(v) for v in row])
        out.print(t)
        if len(df) > max_rows:
            out.print(f"… {len(df) - max_rows} more rows (use --csv or --json for all)")

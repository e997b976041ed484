"""Output shared by every command: a table for people by default, ``--json`` records or ``--csv`` for machines.

The table shows the key columns, every value written by the one formatter (``hemigov.style.numbers``: people as
whole numbers, shares in %, money with units, years plain), and columns whose value is the same on every row
(period, scheme, sources …) once as a caption line instead of repeating them. It fits the terminal: the width
is the terminal's, or ``COLUMNS``; piped output without ``COLUMNS`` is not wrapped. ``--all-columns`` shows
every column; ``--json`` and ``--csv`` always print every column, unformatted, as the Python API returns them.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from hemigov.style import numbers

JsonOpt = Annotated[bool, typer.Option("--json", help="Print a JSON list of records (every column).")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV (every column).")]
AllOpt = Annotated[bool, typer.Option("--all-columns", help="Show every column in the table.")]

#: Piped output without COLUMNS: wide enough that rows are never wrapped.
UNWRAPPED = 10_000


def width() -> int:
    """The output width: ``COLUMNS`` if set, else the terminal's, else unwrapped when piped."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 20:
        return int(env)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((100, 24)).columns
    return UNWRAPPED


class _Out:
    """stdout as a rich Console made at each use, so its width follows ``COLUMNS`` as it is when printing."""

    def get(self) -> Console:
        return Console(width=width(), highlight=False, soft_wrap=False)

    def __getattr__(self, name):
        return getattr(self.get(), name)


out = _Out()
#: stderr: soft wrap, so one notice is one line whatever the terminal's width (progress bars use it too).
err = Console(stderr=True, highlight=False, soft_wrap=True)


def note(text: str) -> None:
    """A notice on stderr (progress remarks, warnings): one line, never wrapped."""
    err.print(text, markup=False)


def constant_columns(df: pd.DataFrame, keep: Sequence[str] = ()) -> list[str]:
    """Columns with one value on every row (shown once in the caption), except those in ``keep``."""
    if len(df) < 2:
        return []
    out_cols = []
    for c in df.columns:
        if c in keep:
            continue
        s = df[c]
        try:
            if s.nunique(dropna=False) == 1:
                out_cols.append(c)
        except TypeError:  # unhashable cells (lists)
            continue
    return out_cols


def _caption(df: pd.DataFrame, cols: list[str]) -> str:
    parts = []
    for c in cols:
        v = df[c].iloc[0]
        if numbers.missing(v):
            continue
        parts.append(f"{c}: {numbers.fmt(v, numbers.kind_of(c, df[c]))}")
    return " · ".join(parts)


def emit(df: pd.DataFrame, as_json: bool = False, as_csv: bool = False, title: str | None = None, *,
         columns: Sequence[str] | None = None, all_columns: bool = False, max_rows: int = 200) -> None:
    """Print ``df``: records (``--json``), CSV (``--csv``) or a table for people.

    ``columns``: the key columns the table shows by default (others via ``--all-columns``; constant columns go to
    the caption). ``max_rows``: rows shown in the table (``--json``/``--csv`` print all).
    """
    if as_json:
        sys.stdout.write(df.to_json(orient="records", date_format="iso", force_ascii=False) + "\n")
        return
    if as_csv:
        df.to_csv(sys.stdout, index=False)
        return
    shown = df.reset_index(drop=True)
    const = constant_columns(shown, keep=[] if all_columns else list(columns or [])[:1])
    if not all_columns:
        cols = [c for c in (columns or shown.columns) if c in shown.columns and c not in const]
    else:
        cols = list(shown.columns)
    hidden = [c for c in shown.columns if c not in cols and c not in const]
    table = Table(title=title, show_lines=False, title_justify="left", header_style="bold")
    kinds = {c: numbers.kind_of(c, shown[c]) for c in cols}
    for c in cols:
        right = kinds[c] in ("count", "share", "percent", "usd", "usd_m", "ratio", "number")
        table.add_column(str(c), overflow="fold", justify="right" if right else "left")
    for row in shown[cols].head(max_rows).itertuples(index=False):
        table.add_row(*[Text(numbers.fmt(v, kinds[c]) if not numbers.missing(v) else "") for v, c in
                        zip(row, cols, strict=True)])
    console = out.get()
    console.print(table)
    caption = _caption(shown, [c for c in const if c not in cols] if not all_columns else [])
    if caption:
        console.print(caption, markup=False, soft_wrap=width() == UNWRAPPED, overflow="fold")
    more = []
    if len(shown) > max_rows:
        more.append(f"{len(shown) - max_rows:,} more rows")
    if hidden:
        more.append(f"{len(hidden)} more columns ({', '.join(hidden[:6])}{' …' if len(hidden) > 6 else ''})")
    if more:
        console.print(f"… {'; '.join(more)}: --all-columns, --csv or --json show them", markup=False,
                      overflow="fold")

"""``hemigov report``: build the offline HTML report (thin over ``hemigov.report``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from hemigov.clikit import err, out


def register(app: typer.Typer, data_app: typer.Typer) -> None:
    @app.command("report")
    def report(
        out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the site to.")] = Path("hemigov-report"),
        open_browser: Annotated[bool, typer.Option("--open", help="Open index.html in a browser when done.")] = False,
        force: Annotated[bool, typer.Option(help="Rebuild even when no input changed.")] = False,
    ) -> None:
        """Build the offline HTML report: charts, country profiles, citations, data exports."""
        import webbrowser

        from hemigov.report import build

        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=True) as bar:
            task = bar.add_task("report", total=None)

            def progress(what: str, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total, description=(what or "report")[:48])

            res = build(out_dir, force=force, progress=progress)
        index = res.path / "index.html"
        if res.skipped:
            out.print(f"report up to date (no input changed): {index}", highlight=False, soft_wrap=True)
        else:
            out.print(f"report: {res.pages} pages, {res.exhibits} tables, {res.charts} charts in {res.seconds:.1f} s: "
                      f"{index}", highlight=False, soft_wrap=True)
            for note in res.notes:
                err.print(f"note: {note}", highlight=False, soft_wrap=True, markup=False)
        if open_browser:
            webbrowser.open(index.as_uri())

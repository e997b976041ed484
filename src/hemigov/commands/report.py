"""``hemigov report``: build the offline HTML report (thin over ``hemigov.report``).

In a terminal a progress bar follows the build; without one (a pipe, a log file, CI) it prints one plain line per
section and stage on stderr. Either way the build ends with one summary line on stdout. Notes (remarks on the
data, listed on the Data and methods page too) are printed as ``note:`` lines, never as failures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hemigov.clikit import err, out


def register(app: typer.Typer, data_app: typer.Typer) -> None:
    @app.command("report")
    def report(
        out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the site to.")] = Path("hemigov-report"),
        open_browser: Annotated[bool, typer.Option("--open", help="Open index.html in a browser when done.")] = False,
        force: Annotated[bool, typer.Option(help="Rebuild even when no input changed.")] = False,
        all_images: Annotated[bool, typer.Option(
            "--all-images", help="Draw SVG and PNG files for every chart, country pages included (slower; by "
                                 "default country pages' charts are drawn in the browser).")] = False,
    ) -> None:
        """Build the offline HTML report: the paper's scorecard, charts, country profiles, citations, exports."""
        import webbrowser

        from hemigov.report import build

        images = "all" if all_images else "sections"
        if err.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=err, transient=True) as bar:
                task = bar.add_task("report", total=None)

                def progress(what: str, done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total, description=(what or "report")[:48])

                res = build(out_dir, force=force, progress=progress, images=images)
        else:
            def line(text: str) -> None:
                err.print(text, markup=False)

            res = build(out_dir, force=force, log=line, images=images)
        index = res.path / "index.html"
        if res.skipped:
            out.print(f"report up to date (no input changed): {index}", highlight=False, soft_wrap=True)
        else:
            out.print(f"report: {res.pages} pages, {res.exhibits} tables, {res.charts} charts, "
                      f"{res.bytes / 2**20:.1f} MiB in {res.seconds:.1f} s: {index}", highlight=False, soft_wrap=True)
            for note in res.notes:
                err.print(f"note: {note}", highlight=False, soft_wrap=True, markup=False)
        if open_browser:
            webbrowser.open(index.as_uri())

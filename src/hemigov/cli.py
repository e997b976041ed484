"""The ``hemigov`` command: thin over ``hemigov.api``; ``--json`` prints exactly the API's records."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from hemigov import api
from hemigov.clikit import CsvOpt, JsonOpt, emit, err, out
from hemigov.commands import register_all
from hemigov.core.errors import HemigovError

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="Official statistics on displacement in the Americas and Canada's share, with provenance.")
data_app = typer.Typer(no_args_is_help=True, help="Import and inspect the official datasets.")
snapshot_app = typer.Typer(no_args_is_help=True, help="The embedded default data (maintainers).")
app.add_typer(data_app, name="data")
app.add_typer(snapshot_app, name="snapshot")


@data_app.command("import")
def data_import(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders; known layouts are detected.")],
    vintage: Annotated[str | None, typer.Option(help="Release date YYYY-MM when the file cannot tell.")] = None,
    force: Annotated[bool, typer.Option(help="Re-import files already loaded (same sha256).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import official files into the warehouse (all or nothing)."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=as_json) as bar:
        task = bar.add_task("reading", total=None)
        rep = api.import_data(paths, vintage=vintage, force=force,
                              on_total=lambda n: bar.update(task, total=n),
                              on_file=lambda name: bar.update(task, advance=1, description=f"reading {name}"))
    if as_json:
        emit(rep, True, False)
        return
    done = rep[rep.status != "ignored"] if len(rep) else rep
    emit(done.drop(columns=["sha256"], errors="ignore"), False, False, title="import")
    n_ign = int((rep.status == "ignored").sum()) if len(rep) else 0
    if n_ign:
        out.print(f"{n_ign} file(s) skipped (documentation, extracts or unknown layouts; --json lists them)")


@data_app.command("status")
def data_status(as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """Every loaded file: dataset, vintage, sha256, rows, licence."""
    df = api.status()
    if as_json or as_csv:
        emit(df, as_json, as_csv)
    else:
        cols = ["dataset", "vintage", "is_current", "rows", "sha256", "licence", "origin"]
        emit(df[cols].assign(sha256=df.sha256.str[:12] + "…"), False, False, title="datasets")


@data_app.command("layouts")
def data_layouts(as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """File layouts hemigov can import."""
    emit(api.layouts(), as_json, as_csv, title="layouts")


@app.command("query")
def query(sql: Annotated[str, typer.Argument(help="Read-only SQL, e.g. \"SELECT * FROM v_datasets\".")],
          as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """Run read-only SQL against the warehouse."""
    emit(api.query(sql), as_json, as_csv)


@app.command("table")
def table(name: str, vintage: Annotated[str | None, typer.Option(help="A release; default newest.")] = None,
          as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """Print a table or view (newest vintage unless --vintage)."""
    emit(api.table(name, vintage=vintage), as_json, as_csv, title=name)


@app.command("countries")
def countries(group: Annotated[str | None, typer.Option(help="A grouping, e.g. NTCA, MERCOSUR, CUSMA.")] = None,
              as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """The country table, or the members of a grouping."""
    df = api.countries(group)
    if not (as_json or as_csv):  # the terminal table: the columns that fit; --json/--csv give them all
        df = df[["iso3", "iso2", "name", "kind", "m49_subregion", "unhcr_region", "wb_income_group"] if group is None
                else ["iso3", "country", "role", "start_year", "end_year"]]
    emit(df, as_json, as_csv, title=group or "countries", max_rows=400)


@snapshot_app.command("build")
def snapshot_build() -> None:
    """Write the embedded snapshot from the current warehouse."""
    m = api.build_snapshot()
    out.print(f"snapshot: {len(m['tables'])} tables, {sum(t['rows'] for t in m['tables'].values()):,} rows, "
              f"{len(m['datasets'])} source files")


# Feature commands (replication, indicators, effects, fetch, report, serve) live in hemigov.commands.
register_all(app, data_app)


def main() -> None:
    try:
        app()
    except HemigovError as e:
        err.print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()

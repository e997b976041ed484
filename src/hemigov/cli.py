"""The ``hemigov`` command: thin over the Python API; ``--json`` prints exactly the API's records.

Every failure ends in one line on stderr: bad input (an unknown name, a malformed value, a usage error) exits 2,
anything else exits 1 (see the error catalogue, ``hemigov.core.errors``, and the README's table).
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from hemigov.clikit import AllOpt, CsvOpt, JsonOpt, emit, err, out
from hemigov.commands import effects, fetch, indicators, replication, report, scenario, serve
from hemigov.core.errors import HemigovError
from hemigov.core.meta import VERSION

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
                  help="Official statistics on displacement in the Americas and Canada's share, with provenance.")
data_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="Import and inspect the official datasets.")
snapshot_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="The embedded default data (maintainers).")
app.add_typer(data_app, name="data")
app.add_typer(snapshot_app, name="snapshot")


def _version(value: bool) -> None:
    if value:
        out.print(f"hemigov {VERSION}", markup=False)
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print hemigov's version and exit.")] = False) -> None:
    """Official statistics on displacement in the Americas and Canada's share, with provenance."""


@data_app.command("import")
def data_import(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders; known layouts are detected.")],
    vintage: Annotated[str | None, typer.Option(help="Release date YYYY-MM when the file cannot tell.")] = None,
    force: Annotated[bool, typer.Option(help="Re-import files already loaded (same sha256).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import official files into the warehouse (all or nothing)."""
    from hemigov import api

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=as_json or not err.is_terminal) as bar:
        task = bar.add_task("reading", total=None)
        rep = api.import_data(paths, vintage=vintage, force=force,
                              on_total=lambda n: bar.update(task, total=n),
                              on_file=lambda name: bar.update(task, advance=1, description=f"reading {name}"))
    if as_json:
        emit(rep, True, False)
        return
    done = rep[rep.status != "ignored"] if len(rep) else rep
    emit(done, title="import", columns=["dataset", "vintage", "rows", "status", "file"])
    n_ign = int((rep.status == "ignored").sum()) if len(rep) else 0
    if n_ign:
        out.print(f"{n_ign} file(s) skipped (documentation, extracts or unknown layouts; --json lists them)",
                  markup=False)


@data_app.command("status")
def data_status(as_json: JsonOpt = False, as_csv: CsvOpt = False, all_columns: AllOpt = False) -> None:
    """Every loaded file: dataset, vintage, sha256, rows, licence."""
    from hemigov import api

    df = api.status()
    if not (as_json or as_csv or all_columns):
        df = df.assign(sha256=df.sha256.str[:12] + "…")
    emit(df, as_json, as_csv, title="datasets", all_columns=all_columns, max_rows=400,
         columns=["dataset", "vintage", "is_current", "rows", "sha256", "licence", "origin"])


@data_app.command("layouts")
def data_layouts(as_json: JsonOpt = False, as_csv: CsvOpt = False, all_columns: AllOpt = False) -> None:
    """File layouts hemigov can import."""
    from hemigov import api

    emit(api.layouts(), as_json, as_csv, title="layouts", all_columns=all_columns,
         columns=["dataset", "publisher", "title"])


@app.command("query")
def query(sql: Annotated[str, typer.Argument(help="Read-only SQL over the v_* views (see docs/data-dictionary.md).")],
          timeout: Annotated[float, typer.Option(min=0.1, help="Stop the statement after this many seconds.")]
          = 30.0, as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """Run read-only SQL against the warehouse (no files outside it; memory, threads and time capped)."""
    from hemigov import api

    emit(api.query(sql, timeout=timeout), as_json, as_csv, all_columns=True)


@app.command("table")
def table(name: Annotated[str, typer.Argument(help="A table or view, e.g. v_economy.")],
          vintage: Annotated[str | None, typer.Option(help="A release; default newest.")] = None,
          as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """Print a table or view (newest vintage unless --vintage)."""
    from hemigov import api

    emit(api.table(name, vintage=vintage), as_json, as_csv, title=name, all_columns=True)


@app.command("countries")
def countries(group: Annotated[str | None, typer.Option(help="A grouping, e.g. NTCA, MERCOSUR, CUSMA.")] = None,
              as_json: JsonOpt = False, as_csv: CsvOpt = False, all_columns: AllOpt = False) -> None:
    """The country table, or the members of a grouping."""
    from hemigov import api

    df = api.countries(group)
    cols = (["iso3", "name", "kind", "m49_subregion", "unhcr_region", "wb_income_group"] if group is None
            else ["iso3", "country", "role", "start_year", "end_year"])
    emit(df, as_json, as_csv, title=group or "countries", columns=cols, all_columns=all_columns, max_rows=400)


@snapshot_app.command("build")
def snapshot_build() -> None:
    """Write the embedded snapshot from the current warehouse."""
    from hemigov import api

    m = api.build_snapshot()
    out.print(f"snapshot: {len(m['tables'])} tables, {sum(t['rows'] for t in m['tables'].values()):,} rows, "
              f"{len(m['datasets'])} source files", markup=False)


for _commands in (effects, fetch, indicators, replication, report, scenario, serve):
    _commands.register(app, data_app)


def _usage(e: typer.TyperException) -> str:
    """A usage error as one line: the parser's message, with its own "did you mean" hint."""
    message = e.format_message() if hasattr(e, "format_message") else str(e)
    return " ".join(message.split())


def main(argv: list[str] | None = None) -> None:
    try:
        code = app(args=argv, prog_name="hemigov", standalone_mode=False)
    except HemigovError as e:
        err.print(f"error: {e.one_line()}", markup=False)
        sys.exit(e.exit_code)
    except typer.Abort:
        sys.exit(130)
    except typer.TyperException as e:  # usage: missing, unknown or malformed option or argument
        err.print(f"error: {_usage(e)}", markup=False)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except MemoryError:
        err.print("error: out of memory; select less (fewer years, countries or rows)", markup=False)
        sys.exit(1)
    except OSError as e:  # the data home or output folder: read-only, full, missing
        what = {errno.ENOSPC: "disk full", errno.EROFS: "read-only file system", errno.EACCES: "permission denied"}
        err.print(f"error: {e.filename or ''}: {what.get(e.errno, e.strerror or 'cannot write')}; nothing changed",
                  markup=False)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()

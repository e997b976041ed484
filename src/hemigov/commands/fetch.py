"""``hemigov data fetch`` and ``hemigov data diff``: thin over ``hemigov.fetch``."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Annotated

import pandas as pd
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from hemigov.clikit import JsonOpt, emit, err, out
from hemigov.core import periods
from hemigov.core.errors import InputError


def _years(text: str | None) -> tuple[int, int] | None:
    """``--years`` in the one period grammar (``2020-2025``, ``2020..latest``, ``2024``); ``latest`` is this year."""
    if not text:
        return None
    p = periods.parse(text, "--years")
    if p.start is None:
        raise InputError(None, "--years", f"{text!r} must start at a year, such as 2020-latest")
    return p.start[0], (p.end[0] if p.end is not None else date.today().year)


def _records(obj):
    if isinstance(obj, pd.DataFrame):
        return json.loads(obj.to_json(orient="records", date_format="iso", force_ascii=False))
    if isinstance(obj, dict):
        return {k: _records(v) for k, v in obj.items()}
    return obj


def register(app: typer.Typer, data_app: typer.Typer) -> None:
    @data_app.command("fetch")
    def data_fetch(
        source: Annotated[list[str] | None, typer.Option("--source", "-s",
                          help="unhcr, worldbank or ircc (repeat; default all).")] = None,
        dataset: Annotated[list[str] | None, typer.Option(help="UNHCR endpoint or dataset id (repeat).")] = None,
        indicator: Annotated[list[str] | None, typer.Option(help="World Bank WDI code (repeat).")] = None,
        file: Annotated[list[str] | None, typer.Option("--file", help="IRCC file name or URL (repeat).")] = None,
        years: Annotated[str | None, typer.Option(help="Only these years (2020-2025, 2020-latest); other years are "
                                                      "carried from the previous vintage.")] = None,
        vintage: Annotated[str | None, typer.Option(help="Vintage of API data (default: today).")] = None,
        force: Annotated[bool, typer.Option(help="Load even if identical to a loaded vintage.")] = False,
        offline: Annotated[bool, typer.Option("--offline", help="Refuse the network (use only pages already "
                                                                "downloaded).")] = False,
        retries: Annotated[int, typer.Option(help="Attempts per request.")] = 4,
        timeout: Annotated[float, typer.Option(help="Deadline per request attempt (connect, headers and the "
                                                   "whole body), seconds.")] = 60.0,
        deadline: Annotated[float, typer.Option(help="Deadline for the whole fetch, seconds.")] = 3600.0,
        max_mib: Annotated[float, typer.Option(help="Largest response taken, MiB.")] = 64.0,
        limit: Annotated[int | None, typer.Option(help="UNHCR page size.")] = None,
        per_page: Annotated[int | None, typer.Option(help="World Bank page size.")] = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Fetch the publishers' current data; each changed dataset becomes a new vintage (all or nothing)."""
        from hemigov import live as fetching

        policy = fetching.Policy(attempts=max(1, retries), timeout=timeout, run_deadline=deadline,
                                 max_bytes=int(max_mib * 2**20))
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=True, disable=as_json) as bar:
            tasks: dict[str, int] = {}

            def progress(task: str, done: int, total: int | None) -> None:
                if task not in tasks:
                    tasks[task] = bar.add_task(task, total=total)
                bar.update(tasks[task], completed=done, total=total)

            def on_retry(what: str, attempt: int, reason: str, wait: float) -> None:
                # soft_wrap: one notice is one line on stderr, however narrow the terminal
                err.print(f"retry {what} (attempt {attempt}): {reason}; waiting {wait:.1f} s", markup=False,
                          highlight=False, soft_wrap=True)

            rep = fetching.fetch(source or None, offline=offline, datasets=dataset, indicators=indicator,
                                 files=file, years=_years(years), vintage=vintage, force=force, limit=limit,
                                 per_page=per_page, policy=policy, progress=progress, on_retry=on_retry)
        if as_json:
            emit(rep, True, False)
            return
        emit(rep.drop(columns=["sha256", "notes"]), False, False, title="fetch")
        if len(rep) and (rep.status == "loaded").any():
            out.print("compare with the previous vintage: hemigov data diff DATASET")

    @data_app.command("diff")
    def data_diff(
        dataset: Annotated[str | None, typer.Argument(help="Dataset id (see `hemigov data status`); "
                                                          "none: every dataset with two vintages.")] = None,
        from_vintage: Annotated[str | None, typer.Option("--from", help="Older vintage (default: the one "
                                                                        "before --to).")] = None,
        to_vintage: Annotated[str | None, typer.Option("--to", help="Newer vintage (default: newest).")] = None,
        limit: Annotated[int, typer.Option(help="Revisions and rows to list.")] = 20,
        as_json: JsonOpt = False,
    ) -> None:
        """What changed between two vintages: rows added/removed, cells revised (largest first), where."""
        from hemigov.live import diff

        res = diff(dataset, from_vintage, to_vintage, limit=limit)
        if isinstance(res, pd.DataFrame):
            emit(res, as_json, False, title="changes between the two newest vintages")
            return
        if as_json:
            sys.stdout.write(json.dumps(_records(res), ensure_ascii=False) + "\n")
            return
        emit(res["summary"], False, False, title=f"{dataset}: {res['from_vintage']} -> {res['to_vintage']}")
        years, countries = res["years"], res["countries"]
        out.print(f"years affected ({len(years)}): {_span(years)}")
        out.print(f"countries affected ({len(countries)}): {', '.join(countries[:40])}"
                  + (" …" if len(countries) > 40 else ""))
        if len(res["revisions"]):
            rev = res["revisions"].assign(rel_change=res["revisions"]["rel_change"].map(
                lambda x: "" if pd.isna(x) else f"{x:+.1%}"))
            emit(rev, False, False, title="largest revisions", max_rows=limit)


def _span(years: list[int]) -> str:
    if not years:
        return "none"
    if len(years) > 12:
        return f"{years[0]}–{years[-1]} ({', '.join(map(str, years[-6:]))} …)"
    return ", ".join(map(str, years))

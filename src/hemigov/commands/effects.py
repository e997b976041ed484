"""``hemigov events`` and ``hemigov effect``: the policy timeline and effect estimates (thin over hemigov.effects)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import pandas as pd
import typer

from hemigov.clikit import CsvOpt, JsonOpt, emit, out

METHOD_NAMES = {"its": "interrupted time series", "did": "difference-in-differences", "event-study": "event study"}


def _sources(text: str) -> str:
    """Publisher, title and release of each source (the catalogue's one label)."""
    from hemigov.core.provenance import Provenance
    from hemigov.series import catalogue

    return "; ".join(catalogue.label(d, v) for d, v in Provenance.parse(text).pairs())


def _specs(specs: list[str]) -> str:
    """Series specs that differ in one value, written once with | (``kind:key=A|B``)."""
    heads = {s.rpartition("=")[0] for s in specs}
    if len(heads) == 1 and "=" in specs[0]:
        return f"{heads.pop()}={'|'.join(s.rpartition('=')[2] for s in specs)}"
    return ", ".join(specs)


def _summary(res) -> pd.DataFrame:
    rows = [("case", res.case or ""), ("series", res.series_label),
            ("event", f"{res.event_date} {res.event_title}"),
            ("method", f"{METHOD_NAMES[res.method]} ({res.method})"),
            ("rate ratio", res.rate_ratio.text("ratio")),
            (f"change, {res.people_unit}", res.people.text("count"))]
    if res.level is not None:
        rows.append(("level change at the event", res.level.text("ratio")))
    if res.slope_per_year is not None:
        rows.append(("trend change per year", res.slope_per_year.text("ratio")))
    if res.pretrend_p is not None:
        rows.append(("pre-trend test p", f"{res.pretrend_p:.2g}"))
    if res.controls:
        rows.append(("controls", _specs(res.controls)))
    rows += [("pre / post points", f"{res.pre_points} ({res.pre_period}) / {res.post_points} ({res.post_period})"),
             ("model", f"{res.family}, {res.cov_type} errors"),
             ("sources", _sources(res.sources))]
    return pd.DataFrame(rows, columns=["", "value"])


def register(app: typer.Typer, data_app: typer.Typer) -> None:
    @app.command("events")
    def events_cmd(
        topic: Annotated[str | None, typer.Option(help="Topic(s), comma-separated: stca, visa, asylum, ...")] = None,
        actor: Annotated[str | None, typer.Option(help="Actor, e.g. Canada, USA, Mexico, regional.")] = None,
        kind: Annotated[str | None, typer.Option(help="event or figure.")] = None,
        since: Annotated[str | None, typer.Option(help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
        until: Annotated[str | None, typer.Option(help="Up to this date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
        as_json: JsonOpt = False, as_csv: CsvOpt = False,
    ) -> None:
        """Policy events and published figures from the timeline (typed dates with their precision)."""
        from hemigov.effects import events

        df = events(topic=topic, actor=actor, kind=kind, since=since, until=until)
        if not (as_json or as_csv):
            df = df.assign(date=df["date"].dt.strftime("%Y-%m-%d"))[
                ["date", "date_precision", "kind", "actor", "topic", "title", "value", "unit", "source_kind",
                 "event_id"]]
        emit(df, as_json, as_csv, title="events", max_rows=400)

    @app.command("effect")
    def effect_cmd(
        case: Annotated[str | None, typer.Option(help="A built-in case study (see --list).")] = None,
        series: Annotated[str | None, typer.Option(help="Series spec, e.g. rcmp:province=Quebec.")] = None,
        event: Annotated[str | None, typer.Option(help="event_id (or unique prefix) or YYYY-MM-DD.")] = None,
        method: Annotated[str | None, typer.Option(help="its, did or event-study.")] = None,
        controls: Annotated[str | None, typer.Option(help="Control series; alternatives with |.")] = None,
        start: Annotated[str | None, typer.Option(help="Window start, YYYY or YYYY-MM.")] = None,
        end: Annotated[str | None, typer.Option(help="Window end, YYYY or YYYY-MM.")] = None,
        family: Annotated[str, typer.Option(help="negbin or poisson.")] = "negbin",
        transition: Annotated[str | None, typer.Option(help="Period containing the event: drop, post, pre.")] = None,
        suppressed: Annotated[str | None, typer.Option(
            help="Suppressed cells (IRCC 1-4, OHSS 0-4): drop or midpoint (default: the case's, else drop).")] = None,
        path: Annotated[bool, typer.Option("--path", help="Print observed, fitted and counterfactual.")] = False,
        list_cases: Annotated[bool, typer.Option("--list", help="List the built-in case studies.")] = False,
        as_json: JsonOpt = False, as_csv: CsvOpt = False,
    ) -> None:
        """Estimate a policy event's effect on a count series (rate ratio and people, with 95% intervals)."""
        from hemigov.effects import case_studies, effect

        if list_cases:
            df = case_studies()
            if as_json or as_csv:
                emit(df, as_json, as_csv)
                return
            view = df.assign(data=df.data_from + ".." + df.data_to, estimable=df.estimable.map({True: "yes",
                                                                                              False: "no"}))
            # The series specs are long: they are in --json and in each case's own output.
            emit(view[["case", "event_date", "method", "data", "estimable"]].rename(columns={"event_date": "event"}),
                 False, False, title="case studies")
            for r in df[~df.estimable].itertuples():
                out.print(f"{r.case}: {r.reason}", highlight=False, markup=False)
            return
        res = effect(series=series, event=event, method=method, case=case, controls=controls, start=start,
                     end=end, family=family, transition=transition, suppressed=suppressed)
        if as_json:
            sys.stdout.write(json.dumps(res.to_dict(), ensure_ascii=False) + "\n")
            return
        if as_csv:
            p = pd.DataFrame(res.path_records())
            p.to_csv(sys.stdout, index=False)
            return
        emit(_summary(res), False, False, title=res.title)
        out.print(res.summary, highlight=False)
        if path:
            p = pd.DataFrame(res.path_records()).round(1)
            emit(p, False, False, title="observed, fitted and counterfactual (95% CI)", max_rows=400)
        if res.coefficients is not None:
            emit(res.coefficients.round(3), False, False, title="event-study rate ratios by bin")
        # The diagnostics say every warning in words; --json carries the short warnings as well.
        out.print("\n[bold]Diagnostics[/]", highlight=False)
        for d in res.diagnostics:
            out.print(f"- {d}", highlight=False, markup=False)

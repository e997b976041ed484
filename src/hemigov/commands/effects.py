"""``hemigov events`` and ``hemigov effect``: the policy timeline and effect estimates (thin over hemigov.effects)."""

from __future__ import annotations

import json
import math
import sys
from typing import Annotated

import pandas as pd
import typer

from hemigov.clikit import CsvOpt, JsonOpt, emit, out


def result_json(res: dict) -> str:
    """The ``effect()`` result as JSON: DataFrames become lists of records, NaN becomes null."""
    def conv(v):
        if isinstance(v, pd.DataFrame):
            return json.loads(v.to_json(orient="records", date_format="iso"))
        if isinstance(v, float) and not math.isfinite(v):
            return None
        if hasattr(v, "item"):
            return v.item()
        return v
    return json.dumps({k: conv(v) for k, v in res.items()}, ensure_ascii=False, default=str)


def _fmt(x: float) -> str:
    return f"{x:.3g}" if abs(x) < 10 else f"{x:,.0f}"


def _summary(res: dict) -> pd.DataFrame:
    rows = [("case", res.get("case") or ""), ("series", res["series_label"]),
            ("event", f"{res['event_date']} {res['event_title']}"), ("method", res["method"]),
            ("rate ratio (95% CI)", f"{_fmt(res['effect_rate_ratio'])} ({_fmt(res['ci_low'])} to "
                                    f"{_fmt(res['ci_high'])})"),
            (f"effect, {res['people_unit']} (95% CI)", f"{_fmt(res['effect_people'])} "
             f"({_fmt(res['effect_people_ci_low'])} to {_fmt(res['effect_people_ci_high'])})")]
    if "level_rate_ratio" in res:
        rows.append(("level change at the event (95% CI)", f"{_fmt(res['level_rate_ratio'])} "
                     f"({_fmt(res['level_ci_low'])} to {_fmt(res['level_ci_high'])})"))
    if "slope_rate_ratio_per_year" in res:
        rows.append(("trend change per year (95% CI)", f"{_fmt(res['slope_rate_ratio_per_year'])} "
                     f"({_fmt(res['slope_ci_low'])} to {_fmt(res['slope_ci_high'])})"))
    if res.get("pretrend_p") is not None:
        rows.append(("pre-trend test p", f"{res['pretrend_p']:.3g}"))
    if res.get("controls"):
        rows.append(("controls", ", ".join(res["controls"])))
    rows += [("pre / post points", f"{res['pre_points']} ({res['pre_period']}) / {res['post_points']} "
              f"({res['post_period']})"),
             ("model", f"{res['family']} (alpha {res['alpha']:.3g}), {res['cov_type']} errors"),
             ("sources", res["sources"])]
    return pd.DataFrame(rows, columns=["", "value"])


def register(app: typer.Typer, data_app: typer.Typer) -> None:
    @app.command("events")
    def events_cmd(
        topic: Annotated[str | None, typer.Option(help="Topic(s), comma-separated: stca, visa, asylum, ...")] = None,
        actor: Annotated[str | None, typer.Option(help="Actor, e.g. Canada, USA, Mexico, regional.")] = None,
        kind: Annotated[str | None, typer.Option(help="event or figure.")] = None,
        since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
        until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
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
        suppressed: Annotated[str, typer.Option(help="Suppressed IRCC cells: drop or midpoint.")] = "drop",
        path: Annotated[bool, typer.Option("--path", help="Print observed, fitted and counterfactual.")] = False,
        list_cases: Annotated[bool, typer.Option("--list", help="List the built-in case studies.")] = False,
        as_json: JsonOpt = False, as_csv: CsvOpt = False,
    ) -> None:
        """Estimate a policy event's effect on a count series (rate ratio and people, with 95% intervals)."""
        from hemigov.effects import case_studies, effect

        if list_cases:
            df = case_studies()
            if not (as_json or as_csv):
                df = df[["case", "event_date", "method", "series", "data_from", "data_to", "estimable", "reason"]]
            emit(df, as_json, as_csv, title="case studies")
            return
        res = effect(series=series, event=event, method=method, case=case, controls=controls, start=start,
                     end=end, family=family, transition=transition, suppressed=suppressed)
        if as_json:
            sys.stdout.write(result_json(res) + "\n")
            return
        if as_csv:
            emit(res["path"], False, True)
            return
        emit(_summary(res), False, False, title=res["case"] or "effect")
        if path:
            p = res["path"].assign(period=res["path"]["period"].dt.strftime("%Y-%m" if res["freq"] == "M" else "%Y"))
            emit(p.round(1), False, False, title="observed, fitted and counterfactual (95% CI)", max_rows=400)
        if res.get("coefficients") is not None:
            emit(res["coefficients"].round(3), False, False, title="event-study rate ratios by bin")
        for w in res["warnings"]:
            out.print(f"[yellow]warning:[/] {w}", highlight=False)

"""The claims ledger: every quantitative claim of the paper's text as reviewed data (``data/claims.csv``),
evaluated against the warehouse as of the paper's period and as of the latest data.

Ledger columns: ``id`` (the paper_figures id where one exists), ``section``, ``quote``, ``paper_value``,
``unit``, ``period`` (the paper's), ``qualifier`` (approx | over | almost | just_over | at_most: how the
paper words it), ``tolerance`` (absolute, in ``unit``), ``test`` (a function of ``indicators.INDICATORS``;
empty = untestable), ``params`` (``key=value;key=value``), ``latest`` (``fixed``: a closed period,
re-checked with the newest data; ``rolling``: a standing statement, re-checked over the same length of time
ending at the newest data), ``notes`` (definitions, why a tolerance, why untestable).
"""

from __future__ import annotations

import csv

import pandas as pd

from hemigov.core.errors import HemigovError, InputError
from hemigov.core.paths import PACKAGE_DATA
from hemigov.replication.indicators import INDICATORS, Measure
from hemigov.replication.measures import QUALIFIERS, Period, claim_status, claim_verdict, parse_period
from hemigov.replication.reader import Reader, check_as_of

COLUMNS = ["id", "section", "quote", "paper_value", "unit", "period", "qualifier", "tolerance", "test",
           "params", "latest", "notes"]
FILE = "claims.csv"
PAPER_SOURCE = "paper.figures@2020-12"


def _params(text: str, where: str) -> dict:
    out: dict = {}
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        if "=" not in part:
            raise InputError(FILE, where, f"params {part!r} is not key=value")
        k, v = part.split("=", 1)
        out[k.strip()] = {"true": True, "false": False}.get(v.strip(), v.strip())
    return out


def load() -> pd.DataFrame:
    """The reviewed ledger, validated (unique ids, known tests and qualifiers, parsable periods)."""
    with (PACKAGE_DATA / FILE).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or list(rows[0]) != COLUMNS:
        raise InputError(FILE, "header", f"expected columns {COLUMNS}")
    df = pd.DataFrame(rows)
    for i, row in df.iterrows():
        where = f"row {i + 2} ({row.id})"
        if row.qualifier not in QUALIFIERS:
            raise InputError(FILE, where, f"unknown qualifier {row.qualifier!r}")
        if row.latest not in ("fixed", "rolling"):
            raise InputError(FILE, where, f"latest must be fixed or rolling, not {row.latest!r}")
        if row.test:
            if row.test not in INDICATORS:
                raise InputError(FILE, where, f"unknown test {row.test!r}")
            try:
                parse_period(row.period)
                float(row.tolerance)
            except ValueError as e:
                raise InputError(FILE, where, str(e)) from e
            _params(row.params, where)
        elif not row.notes.startswith("untestable:"):
            raise InputError(FILE, where, "a claim without a test must say 'untestable: why' in notes")
    if df.id.duplicated().any():
        raise InputError(FILE, "id", f"duplicate ids: {sorted(df.id[df.id.duplicated()])}")
    df["paper_value"] = pd.to_numeric(df.paper_value)
    df["tolerance"] = pd.to_numeric(df.tolerance.replace("", None))
    return df


def measure(row: pd.Series, reader: Reader, as_of: str) -> Measure:
    """Compute a testable claim's indicator for the paper's period or for its latest counterpart."""
    ind = INDICATORS[row.test]
    params = _params(row.params, row.id)
    period = parse_period(row.period)
    if as_of == "latest" and row.latest == "rolling":
        end = ind.end(reader, **params)
        if ind.grain == "year" or period.grain == "year":
            end = (end[0], 12) if end[1] == 12 else (end[0] - 1, 12)  # whole years only
            period = Period(period.start, period.end, "year").shifted_to_end(end)
            period = Period(period.start, period.end, "year")
        else:
            period = period.shifted_to_end(end)
    return ind.fn(reader, period, **params)


def evaluate(as_of: str = "latest") -> pd.DataFrame:
    """Evaluate every claim as of the paper (``paper``) or the newest data (``latest``).

    Returns
    -------
    DataFrame
        One row per claim: id, as_of, status, paper_value, computed_value, unit, period (measured),
        paper_period, qualifier, tolerance, test, sources (``dataset@vintage; …``), section, quote, note.
    """
    check_as_of(as_of)
    ledger = load()
    readers = {"paper": Reader("paper"), as_of: Reader(as_of)}
    try:
        out = [_evaluate_row(row, readers, as_of) for _, row in ledger.iterrows()]
    finally:
        for r in readers.values():
            r.close()
    cols = ["id", "as_of", "status", "paper_value", "computed_value", "unit", "period", "paper_period",
            "qualifier", "tolerance", "test", "sources", "section", "quote", "note"]
    return pd.DataFrame(out, columns=cols)


def _evaluate_row(row: pd.Series, readers: dict[str, Reader], as_of: str) -> dict:
    rec = {"id": row.id, "as_of": as_of, "paper_value": row.paper_value, "unit": row.unit,
           "paper_period": row.period, "qualifier": row.qualifier, "tolerance": row.tolerance,
           "test": row.test or None, "section": row.section, "quote": row.quote}
    if not row.test:
        rec.update(status="untestable", computed_value=None, period=row.period or None, sources=PAPER_SOURCE,
                   note=row.notes)
        return rec
    try:
        paper_m = measure(row, readers["paper"], "paper")
        m = paper_m if as_of == "paper" else measure(row, readers[as_of], as_of)
    except (KeyError, ValueError, IndexError, ZeroDivisionError) as e:
        raise HemigovError(f"claim {row.id}: could not compute {row.test}: {e}") from e
    paper_v = claim_verdict(paper_m.value, row.paper_value, row.tolerance, row.qualifier, paper_m.low, paper_m.high)
    v = paper_v if as_of == "paper" else claim_verdict(m.value, row.paper_value, row.tolerance, row.qualifier,
                                                       m.low, m.high)
    bounds = f" [interval {m.low:,.4g}..{m.high:,.4g}]" if m.low is not None else ""
    rec.update(status=claim_status(v, as_of, paper_v), computed_value=round(float(m.value), 4), period=m.period,
               sources=m.source or PAPER_SOURCE, note=f"{m.note}{bounds}. {row.notes}".strip())
    return rec

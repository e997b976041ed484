"""The claims ledger: every quantitative claim of the paper's text as reviewed data (``data/claims.csv``),
evaluated against the warehouse as of the paper (``vintage="paper"``) and as of the latest data
(``vintage="latest"``).

Ledger columns: ``id`` (the paper_figures id where one exists), ``section``, ``quote``, ``paper_value``,
``unit``, ``period`` (the paper's, in the grammar of :mod:`hemigov.core.periods`), ``qualifier`` (approx | over |
almost | just_over | at_most: how the paper words it), ``tolerance`` (absolute, in ``unit``), ``test`` (a name of
:data:`hemigov.replication.quantities.QUANTITIES`; empty = untestable), ``params`` (``key=value;key=value``:
population-type sets, regions and groupings by their names), ``latest`` (``fixed``: a closed period, re-checked
with the newest data; ``rolling``: a standing statement, re-checked over the same length of time ending at the
newest data), ``notes`` (definitions, why a tolerance, why untestable).
"""

from __future__ import annotations

import csv

import pandas as pd

from hemigov.core import periods
from hemigov.core.errors import HemigovError, InputError, unknown
from hemigov.core.paths import PACKAGE_DATA
from hemigov.core.periods import Period
from hemigov.core.provenance import Provenance
from hemigov.replication.measures import QUALIFIERS, claim_status, claim_verdict
from hemigov.replication.quantities import QUANTITIES, Measure
from hemigov.series import LATEST, PAPER, reference

COLUMNS = ["id", "section", "quote", "paper_value", "unit", "period", "qualifier", "tolerance", "test",
           "params", "latest", "notes"]
OUTPUT = ["id", "as_of", "status", "paper_value", "computed_value", "unit", "period", "paper_period",
          "qualifier", "tolerance", "test", "sources", "section", "quote", "note"]
FILE = "claims.csv"
#: Each evaluation reads the series in one vintage choice.
AS_OF = {"paper": PAPER, "latest": LATEST}


def _params(text: str, where: str) -> dict:
    out: dict = {}
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        if "=" not in part:
            raise InputError(FILE, where, f"params {part!r} is not key=value")
        k, v = part.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def load() -> pd.DataFrame:
    """The reviewed ledger, validated (unique ids, known tests and qualifiers, periods of the one grammar)."""
    with (PACKAGE_DATA / FILE).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or list(rows[0]) != COLUMNS:
        raise InputError(FILE, "header", f"expected columns {COLUMNS}")
    df = pd.DataFrame(rows)
    for i, row in df.iterrows():
        where = f"row {i + 2} ({row.id})"
        if row.qualifier not in QUALIFIERS:
            raise unknown("qualifier", row.qualifier, QUALIFIERS, where=f"{FILE}: {where}")
        if row.period:
            periods.parse(row.period, f"{FILE}: {where}: period")
        if row.latest not in ("fixed", "rolling"):
            raise InputError(FILE, where, f"latest must be fixed or rolling, not {row.latest!r}")
        if row.test:
            if row.test not in QUANTITIES:
                raise unknown("test", row.test, QUANTITIES, where=f"{FILE}: {where}")
            try:
                float(row.tolerance)
            except ValueError:
                raise InputError(FILE, where, f"tolerance {row.tolerance!r} is not a number") from None
            _params(row.params, where)
        elif not row.notes.startswith("untestable:"):
            raise InputError(FILE, where, "a claim without a test must say 'untestable: why' in notes")
    if df.id.duplicated().any():
        raise InputError(FILE, "id", f"duplicate ids: {sorted(df.id[df.id.duplicated()])}")
    df["paper_value"] = pd.to_numeric(df.paper_value)
    df["tolerance"] = pd.to_numeric(df.tolerance.replace("", None))
    return df


def period_for(row: pd.Series, as_of: str) -> Period:
    """The period a claim is measured over: the paper's, or for a ``rolling`` claim as of the latest data the same
    length of time ending at the newest complete period of its source (whole years for yearly sources)."""
    period = periods.parse(row.period)
    if as_of == "paper" or row.latest != "rolling":
        return period
    q = QUANTITIES[row.test]
    end = q.end(AS_OF[as_of])
    if q.grain == "year" or period.grain == "year":
        end = end if end[1] == 12 else (end[0] - 1, 12)  # whole years only
        return Period(period.start, period.end, "year").shifted_to_end(end)
    return period.shifted_to_end(end)


def measure(row: pd.Series, as_of: str) -> Measure:
    """Compute a testable claim's quantity for the paper's period or its latest counterpart."""
    return QUANTITIES[row.test].compute(period_for(row, as_of), AS_OF[as_of], **_params(row.params, row.id))


def evaluate(*as_of: str) -> pd.DataFrame:
    """Evaluate every claim as of the paper (``paper``) or the newest data (``latest``), or both stacked
    (``evaluate("paper", "latest")``; each claim's quantity is computed once per vintage choice).

    Returns
    -------
    DataFrame
        One row per claim and evaluation: id, as_of, status, paper_value, computed_value, unit, period (measured),
        paper_period, qualifier, tolerance, test, sources, section, quote, note.
    """
    choices = as_of or ("latest",)
    for a in choices:
        if a not in AS_OF:
            raise unknown("as_of", a, AS_OF)
    ledger = load()
    printed = Provenance.of(reference.paper_figures()).text()
    tested = ledger[ledger.test != ""]
    measured = {"paper": {row.id: _measure(row, "paper") for _, row in tested.iterrows()}}
    for a in choices:
        if a not in measured:
            measured[a] = {row.id: _measure(row, a) for _, row in tested.iterrows()}
    out = [_evaluate_row(row, a, printed=printed, paper_m=measured["paper"].get(row.id), m=measured[a].get(row.id))
           for a in choices for _, row in ledger.iterrows()]
    return pd.DataFrame(out, columns=OUTPUT)


def _measure(row: pd.Series, as_of: str) -> Measure:
    try:
        return measure(row, as_of)
    except InputError as e:
        raise InputError(FILE, f"claim {row.id}", e.one_line()) from e
    except (KeyError, ValueError, IndexError, ZeroDivisionError) as e:
        raise HemigovError(f"claim {row.id}: could not compute {row.test}: {e}") from e


def _evaluate_row(row: pd.Series, as_of: str, *, printed: str, paper_m: Measure | None, m: Measure | None) -> dict:
    rec = {"id": row.id, "as_of": as_of, "paper_value": row.paper_value, "unit": row.unit,
           "paper_period": row.period, "qualifier": row.qualifier, "tolerance": row.tolerance,
           "test": row.test or None, "section": row.section, "quote": row.quote}
    if not row.test:
        rec.update(status="untestable", computed_value=None,
                   period=periods.parse(row.period).label() if row.period else None, sources=printed, note=row.notes)
        return rec
    def verdict(x: Measure) -> str:
        return claim_verdict(x.value, row.paper_value, row.tolerance, qualifier=row.qualifier, low=x.low, high=x.high)

    paper_v = verdict(paper_m)
    v = paper_v if as_of == "paper" else verdict(m)
    bounds = f" [interval {m.low:,.4g}..{m.high:,.4g}]" if m.low is not None else ""
    rec.update(status=claim_status(v, as_of, paper_v), computed_value=round(float(m.value), 4), period=m.period,
               sources=m.sources or printed, note=f"{m.note}{bounds}. {row.notes}".strip())
    return rec

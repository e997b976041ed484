"""The error catalogue: every failure reaches the user as one line, with an exit status that says whose it is.

- :class:`InputError` (exit 2) is bad input: an unknown name (indicator, exhibit, case, country code,
  grouping, vintage, dataset …), a malformed or out-of-range parameter, a broken file. It names the item,
  where it is (file, row, column, parameter) and the problem; for an unknown name, the closest valid choice.
- :class:`HemigovError` (exit 1) is any other failure the user can act on (no warehouse yet, a publisher's
  server that keeps failing, a write that could not complete).

Messages never carry exception class names. ``CATALOGUE`` lists each kind with its exit status and an
example; the README's error table is checked against it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class HemigovError(Exception):
    """A failure the user can act on (exit status 1)."""

    exit_code = 1

    def one_line(self) -> str:
        return " ".join(str(self).split())


class InputError(HemigovError):
    """Bad input (exit status 2): ``file`` (or None), ``where`` in it or which parameter, and the problem."""

    exit_code = 2

    def __init__(self, file: str | Path | None, where: str | None, problem: str):
        self.file = str(file) if file is not None else None
        self.where = where
        self.problem = problem
        super().__init__(self.one_line())

    def one_line(self) -> str:
        parts = [p for p in (self.file, self.where, self.problem) if p]
        return " ".join(": ".join(parts).split())


def _osa(a: str, b: str) -> int:
    """Edit distance counting a swap of neighbours as one edit (optimal string alignment): 'CNA' is one edit
    from 'CAN'."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def suggest(value: str, choices: Iterable[str]) -> str | None:
    """The closest valid choice to ``value`` (case-insensitive), or None when nothing is close: fewest edits
    (a swap of neighbours counts as one) within a third of the length, else difflib's closest match."""
    options = [str(c) for c in choices]
    by_key = {o.lower(): o for o in options}
    v = str(value).lower()
    if v in by_key:
        return by_key[v]
    scored = sorted((_osa(v, k), -difflib.SequenceMatcher(None, v, k).ratio(), k) for k in by_key)
    if scored and scored[0][0] <= max(1, len(v) // 3):
        return by_key[scored[0][2]]
    hit = difflib.get_close_matches(v, list(by_key), n=1, cutoff=0.75)
    return by_key[hit[0]] if hit else None


def unknown(kind: str, value: object, choices: Iterable[str], *, where: str | None = None,
            listed: int = 12) -> InputError:
    """``unknown {kind} {value!r}; did you mean X?`` — or the valid choices when none is close."""
    options = sorted({str(c) for c in choices})
    best = suggest(str(value), options)
    if best is not None:
        hint = f"did you mean {best}?"
    else:
        shown = ", ".join(options[:listed]) + (f" … ({len(options)} in all)" if len(options) > listed else "")
        hint = f"known: {shown}" if options else "none is loaded"
    return InputError(None, where, f"unknown {kind} {value!r}; {hint}")


def bad_value(what: str, value: object, expected: str) -> InputError:
    """``{what}: {value!r} is not {expected}`` — a malformed or out-of-range parameter."""
    return InputError(None, what, f"{value!r} is not {expected}")


def no_data(what: str) -> InputError:
    """A valid selection that matches nothing in the warehouse (exit 2: change the selection)."""
    return InputError(None, None, f"no data for {what}")


@dataclass(frozen=True)
class Kind:
    code: str
    exit: int
    meaning: str
    example: str


CATALOGUE: tuple[Kind, ...] = (
    Kind("unknown-name", 2, "an indicator, exhibit, case, country code, grouping, dataset, vintage, region or "
         "parameter that does not exist", "unknown country code 'CNA'; did you mean CAN?"),
    Kind("bad-value", 2, "a malformed or out-of-range value",
         "years: '2015-20' is not a period (YYYY, YYYY-YYYY, YYYY-MM, A..B or latest)"),
    Kind("outside-data", 2, "a period the data do not cover",
         "years 1990-2020 outside the data: resettlement (unhcr) covers 2000-2025"),
    Kind("no-data", 2, "a valid selection that matches nothing", "no data for resettlement to BRA, 2015-2020"),
    Kind("bad-file", 2, "a file that cannot be read as its layout: file, place and problem",
         "timeline.csv: row 4, column 'value': not a number 'about 37748'"),
    Kind("usage", 2, "a command-line option or argument that is missing, unknown or malformed",
         "no such option: --yeras (did you mean --years?)"),
    Kind("failure", 1, "anything else you can act on: no warehouse yet, a server that keeps failing, a write "
         "that could not complete (nothing changed)", "gave up after 4 attempt(s): timed out"),
)

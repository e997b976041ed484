"""Errors that reach the user as one line.

``InputError`` is bad input (exit code 2): it names the file, where in it (row, column, sheet) and
the problem. ``HemigovError`` is any other failure the user can act on (exit code 1).
"""

from __future__ import annotations

from pathlib import Path


class HemigovError(Exception):
    exit_code = 1


class InputError(HemigovError):
    exit_code = 2

    def __init__(self, file: str | Path | None, where: str | None, problem: str):
        self.file = str(file) if file is not None else None
        self.where = where
        self.problem = problem
        super().__init__(self.one_line())

    def one_line(self) -> str:
        parts = [p for p in (self.file, self.where, self.problem) if p]
        return ": ".join(parts).replace("\n", " ")

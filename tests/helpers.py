"""Small helpers shared by tests."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    """Run the ``hemigov`` command in-process; returns (exit code, stdout, stderr)."""
    from hemigov import cli

    old = sys.argv
    sys.argv = ["hemigov", *args]
    try:
        with pytest.raises(SystemExit) as exc:
            cli.main()
    finally:
        sys.argv = old
    out = capsys.readouterr()
    code = exc.value.code
    return (0 if code is None else int(code)), out.out, out.err


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``: to assert that nothing changed."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def parse_file(path: Path, vintage: str | None = None):
    """Detect, read and conform one official file without touching any warehouse (adapter tests)."""
    from hemigov import sources
    from hemigov.sources.base import Layout, RawFile, sha256_of
    from hemigov.warehouse.load import parse

    lay = sources.detect(path)
    assert isinstance(lay, Layout), f"{path.name}: no layout ({lay})"
    return parse(RawFile(path=path, sha256=sha256_of(path), bytes=path.stat().st_size, layout=lay), vintage)

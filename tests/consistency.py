"""Checks shared by the writer and crash tests: the warehouse and raw/ agree, and no temporary file is left."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

import hemigov

#: The child processes run this checkout's hemigov, whichever way the tests found it.
SRC = str(Path(hemigov.__file__).resolve().parents[1])


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def loaded(home: Path) -> dict[tuple[str, str], str]:
    """(dataset, vintage) -> sha256 of every imported or fetched file the warehouse holds."""
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT dataset, vintage, sha256 FROM datasets WHERE origin IN ('import', 'fetch')")
        return {(ds, v): s for ds, v, s in rows.fetchall()}
    finally:
        con.close()


def assert_consistent(home: Path) -> dict[tuple[str, str], str]:
    """Every loaded dataset has its raw copy with the recorded sha256; no staging or temporary files remain."""
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT dataset, vintage, file, sha256, origin FROM datasets "
                           "WHERE origin IN ('import', 'fetch')").fetchall()
    finally:
        con.close()
    for ds, vin, file, digest, origin in rows:
        folder = home / "raw" / ds / vin
        if origin == "import":
            assert sha(folder / file) == digest, (ds, vin, file)
            assert sorted(p.name for p in folder.iterdir()) == [file], (ds, vin)
        else:
            lock = json.loads((folder / "lock.json").read_text())
            assert lock["sha256"] == digest, (ds, vin)
            for f in lock["files"]:
                assert sha(folder / f["file"]) == f["sha256"], (ds, vin, f["file"])
    raw = home / "raw"
    assert not (raw.is_dir() and list(raw.glob(".staging-*"))), list(raw.glob(".staging-*"))
    assert not list(home.glob(".warehouse.duckdb.*")), list(home.glob(".warehouse.duckdb.*"))
    return {(ds, v): d for ds, v, _, d, _ in rows}


def hemigov_process(args: list[str], home: Path, **env: str) -> subprocess.Popen:
    """``python -m hemigov ARGS`` in its own process, with this data home."""
    full = {**os.environ, "HEMIGOV_HOME": str(home), "PYTHONPATH": SRC, **env}
    return subprocess.Popen([sys.executable, "-m", "hemigov", *args], env=full, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def run_hemigov(args: list[str], home: Path, timeout: float = 180, **env: str) -> subprocess.CompletedProcess:
    proc = hemigov_process(args, home, **env)
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def wait_for_line(proc: subprocess.Popen, text: str) -> str:
    """Read the child's stderr until a line holds ``text`` (the child must print it, or this fails)."""
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if text in line:
            return line
    raise AssertionError(f"child ended without printing {text!r}: {''.join(seen)[-2000:]}")

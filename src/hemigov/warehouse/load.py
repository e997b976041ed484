"""Importing publisher files: detect → hash → parse → validate → one atomic write."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from hemigov import sources
from hemigov.core import paths
from hemigov.core.errors import HemigovError, InputError
from hemigov.sources.base import Layout, Parsed, RawFile, sha256_of
from hemigov.warehouse import store
from hemigov.warehouse.validate import conform


@dataclass
class Loaded:
    raw: RawFile
    layout: Layout
    parsed: Parsed
    frames: dict[str, pd.DataFrame]

    @property
    def rows(self) -> int:
        return sum(len(f) for f in self.frames.values())


@dataclass
class ImportReport:
    loaded: list[dict] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)
    ignored: list[dict] = field(default_factory=list)

    def records(self) -> list[dict]:
        return ([{**r, "status": "loaded"} for r in self.loaded]
                + [{**r, "status": "unchanged"} for r in self.unchanged]
                + [{**r, "status": "ignored"} for r in self.ignored])


def discover(paths_in: Iterable[Path]) -> tuple[list[RawFile], list[dict]]:
    """Walk files and folders; return recognised files and the ones skipped (with why)."""
    found: list[RawFile] = []
    skipped: list[dict] = []
    for p in paths_in:
        p = Path(p)
        if not p.exists():
            raise InputError(p, None, "no such file or folder")
        explicit = p.is_file()
        files = [p] if explicit else sorted(f for f in p.rglob("*") if f.is_file())
        hits = 0
        for f in files:
            what = sources.detect(f)
            if isinstance(what, Layout):
                found.append(RawFile(path=f, sha256="", bytes=f.stat().st_size, layout=what))
                hits += 1
            elif explicit:
                raise InputError(f, None, f"not a data file hemigov reads ({what})" if what
                                 else "not a layout hemigov knows (see `hemigov data layouts`)")
            else:
                skipped.append({"file": str(f), "reason": what or "unknown layout"})
        if not explicit and hits == 0:
            raise InputError(p, None, "folder holds no file in a layout hemigov knows")
    return found, skipped


def published_checksums(path: Path) -> tuple[Path, str] | None:
    """The sha256 a ``SHA256SUMS`` file in an enclosing folder lists for ``path``, if any."""
    for folder in path.parents:
        sums = folder / "SHA256SUMS"
        if sums.is_file():
            rel = path.relative_to(folder).as_posix()
            for line in sums.read_text(encoding="utf-8", errors="replace").splitlines():
                parts = line.split(maxsplit=1)
                if len(parts) == 2 and parts[1].lstrip("*").removeprefix("./") == rel:
                    return sums, parts[0].lower()
            return None
    return None


def verify_checksum(raw: RawFile) -> None:
    """A file published with a SHA256SUMS beside it must match it: otherwise it was changed or truncated."""
    listed = published_checksums(raw.path)
    if listed and listed[1] != raw.sha256:
        raise InputError(raw.path, None, f"sha256 {raw.sha256[:12]}… does not match {listed[0]} "
                                         f"({listed[1][:12]}…): the file was changed or truncated")


def _current_shas(con: duckdb.DuckDBPyConnection | None) -> set[str]:
    if con is None:
        return set()
    return {r[0] for r in con.execute("SELECT sha256 FROM datasets WHERE origin = 'import'").fetchall()}


def parse(raw: RawFile, vintage: str | None = None) -> Loaded:
    lay = raw.layout
    assert lay is not None
    if raw.bytes == 0:
        raise InputError(raw.path, None, "empty file")
    try:
        parsed = lay.read(raw.path)
    except InputError:
        raise
    except Exception as e:  # a reader library's own error on a broken file: still one line, still exit 2
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(raw.path, None, f"cannot read as {lay.title}: {type(e).__name__}: {msg}") from e
    if vintage:
        parsed.vintage = vintage
    if not parsed.vintage:
        raise InputError(raw.path, None, "cannot tell the release (vintage); pass --vintage YYYY-MM")
    frames = {t: conform(t, df, file=str(raw.path), dataset=lay.dataset, vintage=parsed.vintage)
              for t, df in parsed.tables.items()}
    if not any(len(f) for f in frames.values()):
        raise InputError(raw.path, None, "no data rows")
    return Loaded(raw, lay, parsed, frames)


def import_paths(paths_in: Iterable[Path], *, vintage: str | None = None, force: bool = False,
                 on_total: Callable[[int], None] | None = None,
                 on_file: Callable[[str], None] | None = None) -> ImportReport:
    """Import publisher files into the warehouse in one atomic change.

    Every file is parsed and validated before anything is written; the first bad file raises
    ``InputError`` and the warehouse stays exactly as it was.
    """
    found, skipped = discover(paths_in)
    report = ImportReport(ignored=skipped)
    con = store.connect() if store.exists() else None
    try:
        known = set() if force else _current_shas(con)
    finally:
        if con is not None:
            con.close()
    if on_total:
        on_total(len(found))
    loaded: list[Loaded] = []
    seen: dict[tuple[str, str], Path] = {}
    for raw in found:
        if on_file:
            on_file(raw.path.name)
        raw.sha256 = sha256_of(raw.path)
        verify_checksum(raw)
        if raw.sha256 in known:
            report.unchanged.append({"file": str(raw.path), "dataset": raw.layout.dataset, "sha256": raw.sha256})
            continue
        item = parse(raw, vintage)
        key = (item.layout.dataset, item.parsed.vintage)
        if key in seen:
            raise InputError(raw.path, None, f"same dataset and vintage {key} as {seen[key]}")
        seen[key] = raw.path
        loaded.append(item)
    if not loaded:
        return report
    now = datetime.now(UTC).replace(tzinfo=None)

    def change(c: duckdb.DuckDBPyConnection) -> None:
        for item in loaded:
            lay, vin = item.layout, item.parsed.vintage
            store.clear_dataset(c, lay.dataset, vin)
            for t, df in item.frames.items():
                store.insert_frame(c, t, df)
            store.record_dataset(
                c, dataset=lay.dataset, vintage=vin, publisher=lay.publisher, title=lay.title,
                file=item.raw.path.name, sha256=item.raw.sha256, bytes=item.raw.bytes, rows=item.rows,
                licence=lay.licence, citation=lay.cite(vin), source_url=lay.source_url, adapter=lay.adapter,
                notes=item.parsed.notes or None, origin="import", loaded_at=now)

    # Raw stage: byte-identical copies, so every row can be traced to a file. Staged beside the final
    # place and moved in only after the warehouse swap, so a failed import leaves no trace either.
    staging = paths.raw_dir() / f".staging-{os.getpid()}"
    try:
        for item in loaded:
            rel = Path(item.layout.dataset) / item.parsed.vintage / item.raw.path.name
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item.raw.path, staging / rel)
        try:
            store.write(change, fresh=not store.exists())
        except duckdb.Error as e:
            raise HemigovError(f"warehouse write failed, nothing changed: {e}") from e
        for f in sorted(p for p in staging.rglob("*") if p.is_file()):
            dest = paths.raw_dir() / f.relative_to(staging)
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(f, dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if paths.raw_dir().exists() and not any(paths.raw_dir().iterdir()):
            paths.raw_dir().rmdir()
    for item in loaded:
        report.loaded.append({"file": str(item.raw.path), "dataset": item.layout.dataset,
                              "vintage": item.parsed.vintage, "rows": item.rows, "sha256": item.raw.sha256})
    return report

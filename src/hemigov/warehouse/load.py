"""Importing publisher files: detect → copy once (hashing) → parse the copy → validate → one atomic write."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from hemigov import sources
from hemigov.core import paths
from hemigov.core.errors import HemigovError, InputError
from hemigov.sources.base import Layout, Parsed, RawFile, check_vintage, reading_copy, sha256_of
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
    listed: set[Path] = set()  # a file named twice (or inside a folder also named) is read once
    for p in paths_in:
        p = Path(p)
        if not p.exists():
            raise InputError(p, None, "no such file or folder")
        explicit = p.is_file()
        files = [p] if explicit else sorted(f for f in p.rglob("*") if f.is_file())
        hits = 0
        for f in files:
            if f.resolve() in listed:
                hits += 1
                continue
            listed.add(f.resolve())
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


def _loaded(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str, str]]]:
    """sha256 -> [(dataset, vintage, file)] of the imported files the warehouse holds."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for sha, ds, vin, file in con.execute(
            "SELECT sha256, dataset, vintage, file FROM datasets WHERE origin = 'import'").fetchall():
        out.setdefault(sha, []).append((ds, vin, file))
    return out


def _unchanged(raw: RawFile, loaded: dict[str, list[tuple[str, str, str]]],
               vintage: str | None) -> tuple[str, str] | None:
    """(dataset, vintage) under which this very file is loaded, with its raw copy intact; else None.

    The sha256 alone is not enough: the same bytes under another layout are another dataset, ``--vintage``
    asks for a release of its own, and a raw copy that is missing or damaged must be restored.
    """
    for ds, vin, file in loaded.get(raw.sha256, []):
        if ds != raw.layout.dataset or (vintage and vin != vintage):
            continue
        kept = paths.raw_dir() / ds / vin / file
        if kept.is_file() and kept.stat().st_size == raw.bytes and sha256_of(kept) == raw.sha256:
            return ds, vin
    return None


def parse(raw: RawFile, vintage: str | None = None, *, source: Path | None = None) -> Loaded:
    """Read, parse and conform one file. ``source`` is the staged copy to read (default: ``raw.path``).

    Errors name ``raw.path``, the file the user gave, even when the copy is what was read.
    """
    lay = raw.layout
    assert lay is not None
    src = source or raw.path
    if raw.bytes == 0:
        raise InputError(raw.path, None, "empty file")

    def named(text: str) -> str:
        return text.replace(str(src), str(raw.path)) if source is not None else text

    try:
        with reading_copy(src, raw.path):
            parsed = lay.read(src)
    except InputError as e:
        if source is None or e.file != str(src):
            raise
        raise InputError(raw.path, e.where and named(e.where), named(e.problem)) from e
    except MemoryError:
        raise HemigovError(f"{raw.path}: out of memory while reading it as {lay.title}; nothing changed") from None
    except Exception as e:  # a reader library's own error on a broken file: still one line, still exit 2
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(raw.path, None, f"cannot read as {lay.title}: {type(e).__name__}: {named(msg)}") from e
    if vintage:
        parsed.vintage = vintage
    if not parsed.vintage:
        raise InputError(raw.path, None, "cannot tell the release (vintage); pass --vintage YYYY-MM")
    check_vintage(parsed.vintage, raw.path, None, year=True)  # it names a folder under raw/
    frames = {t: conform(t, df, file=str(raw.path), dataset=lay.dataset, vintage=parsed.vintage)
              for t, df in parsed.tables.items()}
    if not any(len(f) for f in frames.values()):
        raise InputError(raw.path, None, "no data rows")
    return Loaded(raw, lay, parsed, frames)


def import_paths(paths_in: Iterable[Path], *, vintage: str | None = None, force: bool = False,
                 on_total: Callable[[int], None] | None = None,
                 on_file: Callable[[str], None] | None = None) -> ImportReport:
    """Import publisher files into the warehouse in one atomic change.

    Under the data home's writer lock, each file is copied once into the raw staging folder (hashed while
    copied), the copy parsed and validated, and its rows streamed into a copy of the warehouse, so memory
    holds one file's rows at a time. The first bad file raises ``InputError`` and the warehouse and ``raw/``
    stay exactly as they were; otherwise the copy is swapped in and the raw copies moved into place.
    """
    if vintage is not None:
        check_vintage(vintage)
    found, skipped = discover(paths_in)
    report = ImportReport(ignored=skipped)
    if on_total:
        on_total(len(found))
    with store.writer("import"):
        staging = store.Staging.create()
        try:
            _import(found, staging, report, vintage=vintage, force=force, on_file=on_file)
        except BaseException:
            staging.discard()
            raise
    return report


def _import(found: list[RawFile], staging: store.Staging, report: ImportReport, *, vintage: str | None,
            force: bool, on_file: Callable[[str], None] | None) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    seen: dict[tuple[str, str], Path] = {}

    def claim(key: tuple[str, str], path: Path) -> None:
        if key in seen:
            raise InputError(path, None, f"same dataset and vintage {key} as {seen[key]} in this import: "
                                         "import one of them")
        seen[key] = path

    def change(c: duckdb.DuckDBPyConnection) -> bool:
        loaded = {} if force else _loaded(c)
        for raw in found:
            if on_file:
                on_file(raw.path.name)
            copy, raw.sha256, raw.bytes = staging.take(raw.path)
            verify_checksum(raw)
            hit = _unchanged(raw, loaded, vintage)
            if hit:
                claim(hit, raw.path)
                copy.unlink()
                report.unchanged.append({"file": str(raw.path), "dataset": hit[0], "sha256": raw.sha256})
                continue
            item = parse(raw, vintage, source=copy)
            lay, vin = item.layout, item.parsed.vintage
            claim((lay.dataset, vin), raw.path)
            store.clear_dataset(c, lay.dataset, vin)
            for t, df in item.frames.items():
                store.insert_frame(c, t, df)
            store.record_dataset(
                c, dataset=lay.dataset, vintage=vin, publisher=lay.publisher, title=lay.title,
                file=raw.path.name, sha256=raw.sha256, bytes=raw.bytes, rows=item.rows, licence=lay.licence,
                citation=lay.cite(vin), source_url=lay.source_url, adapter=lay.adapter,
                notes=item.parsed.notes or None, origin="import", loaded_at=now)
            # Raw stage: the byte-identical copy that was parsed, filed under its dataset and vintage.
            staging.add(lay.dataset, vin, raw.sha256, {raw.path.name: copy})
            report.loaded.append({"file": str(raw.path), "dataset": lay.dataset, "vintage": vin,
                                  "rows": item.rows, "sha256": raw.sha256})
            del item  # one file's rows in memory at a time: they are in the warehouse copy now
            store.crash_point("parsed")
        return bool(report.loaded)

    if not store.write(change, staging=staging):
        staging.discard()

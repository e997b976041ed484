"""Build the report: sections -> pages and exhibits -> a folder written aside and swapped in atomically.

The build is skipped when the inputs' fingerprint equals the one recorded in the folder (``MANIFEST``).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import hemigov
from hemigov.core.errors import HemigovError
from hemigov.report import fingerprint, site
from hemigov.report.context import Context
from hemigov.report.model import Exhibit, Page
from hemigov.report.sections import Section, available
from hemigov.style import vega

MANIFEST = ".hemigov-report.json"
DEFAULT_OUT = "hemigov-report"

Progress = Callable[[str, int, int], None]


@dataclass
class BuildResult:
    path: Path  # the site folder; open path / "index.html"
    skipped: bool  # True when nothing changed since the last build
    pages: int
    exhibits: int
    charts: int
    seconds: float
    fingerprint: str
    notes: list[str]


class _Ticker:
    def __init__(self, progress: Progress | None):
        self.progress, self.done, self.total = progress, 0, 0

    def add(self, n: int) -> None:
        self.total += n
        self._emit("")

    def __call__(self, what: str) -> None:
        self.done += 1
        self._emit(what)

    def _emit(self, what: str) -> None:
        if self.progress is not None:
            self.progress(what, self.done, max(self.total, self.done))


def _check_out(out: Path) -> dict | None:
    """The previous build's manifest, or None; refuses to overwrite a folder that is not a hemigov report."""
    if not out.exists():
        return None
    if not out.is_dir():
        raise HemigovError(f"{out}: exists and is not a folder; choose another --out")
    m = out / MANIFEST
    if m.is_file():
        try:
            return json.loads(m.read_text(encoding="utf-8"))
        except ValueError:
            return {}
    if any(out.iterdir()):
        raise HemigovError(f"{out}: folder is not empty and holds no hemigov report; choose another --out")
    return None


def build_sections(ctx: Context, tick: Callable[[str], None]) -> tuple[list[Section], list[Page]]:
    sections, notes = available()
    ctx.notes.extend(notes)
    built, pages = [], []
    for s in sections:
        if s.requires:
            try:
                got = s.build(ctx)
            except Exception as e:  # a feature module still in progress must not break the report
                ctx.notes.append(f"'{s.title}' not built: {type(e).__name__}: {e}")
                tick(f"section {s.slug} (left out)")
                continue
        else:
            got = s.build(ctx)
        built.append(s)
        pages.extend(got)
        tick(f"section {s.slug}")
    return built, pages


def _finish_exhibits(pages: list[Page], ctx: Context) -> list[Exhibit]:
    seen: dict[str, str] = {}
    exhibits = []
    for p in pages:
        for ex in p.exhibits:
            if ex.id in seen:
                raise HemigovError(f"exhibit id {ex.id!r} used on {seen[ex.id]} and {p.path}")
            seen[ex.id] = p.path
            if not ex.source:
                prov = ex.provenance()
                ex.source = "; ".join(ctx.dataset_label(d, v) for d, v in prov) or "hemigov"
            exhibits.append(ex)
    return exhibits


def build(out_dir: str | Path | None = None, *, force: bool = False, progress: Progress | None = None) -> BuildResult:
    t0 = time.perf_counter()
    out = Path(out_dir if out_dir is not None else DEFAULT_OUT).expanduser().resolve()
    tick = _Ticker(progress)
    ctx = Context(hemigov.__version__)
    fp, parts = fingerprint.compute(ctx.datasets, ctx.version, vega.library_versions())
    old = _check_out(out)
    if not force and old and old.get("fingerprint") == fp and (out / "index.html").is_file():
        tick.add(1)
        tick("up to date")
        return BuildResult(out, True, old.get("pages", 0), old.get("exhibits", 0), old.get("charts", 0),
                           time.perf_counter() - t0, fp, [])
    tick.add(len(available()[0]) + 3)
    nav, pages = build_sections(ctx, tick)
    exhibits = _finish_exhibits(pages, ctx)
    n_charts = sum(e.is_chart for e in exhibits)
    tick.add(n_charts + len(pages))
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        previous = out if old is not None else None  # a hemigov report: reuse what has not changed
        site.write_assets(tmp, previous)
        tick("assets")
        sizes = site.render_charts(exhibits, tmp, tick, previous)
        site.write_exports(exhibits, ctx, fp, tmp)
        tick("exports")
        site.write_pages(pages, nav, ctx, fp, tmp, sizes, tick)
        manifest = {"fingerprint": fp, "inputs": parts, "pages": len(pages), "exhibits": len(exhibits),
                    "charts": n_charts, "sections": [s.slug for s in nav], "notes": ctx.notes}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        _swap(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    tick("done")
    return BuildResult(out, False, len(pages), len(exhibits), n_charts, time.perf_counter() - t0, fp,
                       list(ctx.notes))


def _swap(new: Path, out: Path) -> None:
    """Replace ``out`` by ``new``: readers see the old site or the new one, never half of each."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if not out.exists():
        os.replace(new, out)
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.replace(out, old)
    try:
        os.replace(new, out)
    except OSError:
        os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)

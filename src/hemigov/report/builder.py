"""Build the report: sections -> pages and exhibits -> a folder written aside and swapped in atomically.

The build is skipped when the inputs' fingerprint equals the one recorded in the folder (``MANIFEST``). The sections
in :data:`BESIDE` are built by a second Python process while this one builds the others; charts are drawn by a
worker process (``chartworker.py``) meanwhile; a chart whose specification is byte-identical to the previous
build's is copied, not drawn again.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hemigov.core import meta
from hemigov.core.errors import HemigovError, InputError
from hemigov.report import fingerprint, site
from hemigov.report.context import Context
from hemigov.report.model import Exhibit, Page
from hemigov.report.sections import Section, all_sections
from hemigov.style import vega

MANIFEST = ".hemigov-report.json"
DEFAULT_OUT = "hemigov-report"
#: Sections built in a second process while this one builds the others (two cores: the country profiles and the
#: updated edition are about half of the sections' work and read nothing the others write).
BESIDE = ("updated", "profiles", "peers")
#: Which charts get static images (SVG and PNG) at build time: ``sections`` (the section pages' charts, the ones
#: readers paste into a brief; country pages' charts are drawn in the browser from their inline specification,
#: which is also written to ``charts/<id>.vl.json``) or ``all``.
IMAGE_CHOICES = ("sections", "all")

Progress = Callable[[str, int, int], None]
Log = Callable[[str], None]


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
    bytes: int = 0  # size of the site on disk


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


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build_section(s: Section, ctx: Context) -> list[Page]:
    """One section's pages; a failure fails the build with one line naming the section."""
    try:
        return s.build(ctx)
    except HemigovError as e:
        raise HemigovError(f"report section '{s.title}' failed: {e}") from e


def build_beside(slugs: tuple[str, ...]) -> list[tuple[str, list[Page], float, float, list[str]]]:
    """Run in the second process: the sections ``slugs``, each with its pages, wall and CPU seconds and notes."""
    ctx = Context(meta.VERSION)
    out = []
    for s in all_sections():
        if s.slug in slugs:
            t1, c1 = time.perf_counter(), time.process_time()
            n = len(ctx.notes)
            pages = build_section(s, ctx)
            out.append((s.slug, pages, time.perf_counter() - t1, time.process_time() - c1, ctx.notes[n:]))
    return out


def beside_main(argv: list[str]) -> None:
    """Entry of the second process (``python -c``, so that no ``__main__`` module is run again): build the sections
    named in ``argv[1:]`` and pickle the result (or the one-line error) to ``argv[0]``."""
    out, *slugs = argv
    try:
        result: object = build_beside(tuple(slugs))
    except HemigovError as e:
        result = ("error", str(e))
    with open(out, "wb") as f:
        pickle.dump(result, f)


class Beside:
    """The sections in :data:`BESIDE`, built by a second Python process while this one builds the others."""

    def __init__(self, slugs: list[str], folder: Path):
        self.out = folder / f".{os.getpid()}.beside.pickle"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]),
                                                            os.environ.get("PYTHONPATH", "")])}
        code = "import sys; from hemigov.report.builder import beside_main; beside_main(sys.argv[1:])"
        self.proc = subprocess.Popen([sys.executable, "-c", code, str(self.out), *slugs], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def result(self) -> list[tuple[str, list[Page], float, float, list[str]]]:
        _, err = self.proc.communicate()
        if self.proc.returncode != 0 or not self.out.is_file():
            last = (err or "").strip().splitlines()[-1:] or ["no output"]
            raise HemigovError(f"report sections {', '.join(BESIDE)} failed in their process: {last[0]}")
        with open(self.out, "rb") as f:
            got = pickle.load(f)
        self.out.unlink()
        if isinstance(got, tuple) and got[0] == "error":
            raise HemigovError(got[1])
        return got

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.out.unlink(missing_ok=True)


def finish_exhibits(pages: list[Page], ctx: Context, seen: dict[str, str]) -> list[Exhibit]:
    """Unique ids; each exhibit's source line from its provenance (:func:`catalogue.describe`)."""
    out = []
    for p in pages:
        for ex in p.exhibits:
            if ex.id in seen:
                raise HemigovError(f"exhibit id {ex.id!r} used on {seen[ex.id]} and {p.path}")
            seen[ex.id] = p.path
            prov = ex.provenance()
            if not prov:
                raise HemigovError(f"exhibit {ex.id!r} on {p.path} names no source")
            ex.source = ctx.source_line(prov)
            out.append(ex)
    return out


def build(out_dir: str | Path | None = None, *, force: bool = False, progress: Progress | None = None,
          log: Log | None = None, images: str = "sections") -> BuildResult:
    """Build the site into ``out_dir``. ``progress(what, done, total)`` follows every step; ``log(line)`` gets one
    plain line per section and stage (for output without a terminal)."""
    if images not in IMAGE_CHOICES:
        raise InputError(None, "images", f"must be one of {', '.join(IMAGE_CHOICES)} (got {images!r})")
    t0 = time.perf_counter()
    say = log or (lambda _line: None)
    out = Path(out_dir if out_dir is not None else DEFAULT_OUT).expanduser().resolve()
    tick = _Ticker(progress)
    ctx = Context(meta.VERSION)
    fp, parts = fingerprint.compute(ctx.datasets, ctx.version, vega.library_versions(), {"images": images})
    old = _check_out(out)
    if not force and old and old.get("fingerprint") == fp and (out / "index.html").is_file():
        tick.add(1)
        tick("up to date")
        return BuildResult(out, True, old.get("pages", 0), old.get("exhibits", 0), old.get("charts", 0),
                           time.perf_counter() - t0, fp, [], old.get("bytes", 0))
    sections = all_sections()
    tick.add(len(sections) + 3)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    previous = out if old is not None else None  # a hemigov report: reuse what has not changed
    remote: Beside | None = None
    try:
        pages: list[Page] = []
        exhibits: list[Exhibit] = []
        seen: dict[str, str] = {}
        beside = [s.slug for s in sections if s.slug in BESIDE]
        if beside:
            remote = Beside(beside, tmp.parent)
        with site.ChartWriter(tmp, previous, every=images == "all") as charts:
            site.write_assets(tmp, previous, charts)  # the Vega bundle, when new, is written by a chart worker
            tick("assets")
            built: dict[str, tuple[list[Page], float, float]] = {}
            for s in sections:
                if s.slug in beside:
                    continue
                t1, c1 = time.perf_counter(), time.process_time()
                built[s.slug] = (build_section(s, ctx), time.perf_counter() - t1, time.process_time() - c1)
            if remote is not None:
                for slug, got, wall, cpu, notes in remote.result():
                    built[slug] = (got, wall, cpu)
                    ctx.notes.extend(notes)
            for s in sections:  # in reading order: exhibit ids checked, sources named, charts drawn
                got, wall, cpu = built[s.slug]
                new = finish_exhibits(got, ctx, seen)
                charts.submit([e for e in new if e.is_chart])
                pages += got
                exhibits += new
                n_charts = sum(e.is_chart for e in new)
                tick(f"section {s.slug}")
                say(f"{s.title}: {len(got)} page{'s' if len(got) != 1 else ''}, {len(new)} tables, {n_charts} "
                    f"charts ({wall:.1f} s; CPU {cpu:.1f} s{'; built beside' if s.slug in beside else ''})")
            t1, c1 = time.perf_counter(), time.process_time()
            site.write_exports(exhibits, pages, ctx, fp, tmp)
            tick("exports")
            say(f"exports: {len(exhibits)} CSV files, XLSX workbook, datapackage.json "
                f"({time.perf_counter() - t1:.1f} s; CPU {time.process_time() - c1:.1f} s)")
            sizes = charts.wait(tick)
        say(f"charts: {charts.drawn} drawn, {charts.reused} reused from the previous build, {charts.browser} drawn "
            "in the browser only")
        t1, c1 = time.perf_counter(), time.process_time()
        site.write_pages(pages, sections, ctx, fp, tmp, sizes)
        tick("pages")
        say(f"pages: {len(pages)} written ({time.perf_counter() - t1:.1f} s; CPU {time.process_time() - c1:.1f} s)")
        n_charts = sum(e.is_chart for e in exhibits)
        manifest = {"fingerprint": fp, "inputs": parts, "pages": len(pages), "exhibits": len(exhibits),
                    "charts": n_charts, "sections": [s.slug for s in sections], "notes": ctx.notes,
                    "bytes": _size(tmp)}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        _swap(tmp, out)
    finally:
        if remote is not None:
            remote.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    tick("done")
    return BuildResult(out, False, len(pages), len(exhibits), n_charts, time.perf_counter() - t0, fp,
                       list(ctx.notes), manifest["bytes"])


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

"""Write a built report to a folder: pages (Jinja2), chart images, CSVs, workbook, data package, assets."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from hemigov.core.errors import HemigovError
from hemigov.report import charts, exports
from hemigov.report.context import Context
from hemigov.report.model import Exhibit, Heading, Headlines, Page, Prose
from hemigov.report.sections import Section
from hemigov.style import vega

#: Chart-drawing processes (vl-convert serialises calls within one process). One: the section pages draw a few
#: dozen charts, and each worker pays vl-convert's start-up (seconds of CPU) on a two-core machine that is also
#: building the sections in two processes.
WORKERS = 1
#: PNG resolution: 2 device pixels per CSS pixel (sharp pasted into a document or on a high-density screen; with a
#: 256-colour palette the PNGs are about a tenth of full colour's bytes, and the site must stay under 20 MB)
PNG_SCALE = 2
#: A fontconfig configuration whose only font folder is empty: vl-convert then finds no system fonts and lays
#: text out with the fonts it bundles, instead of re-opening and re-mapping the system's font file for every
#: glyph it measures (about 4,000 opens per chart: most of the drawing time). The SVGs are byte-identical.
FONTCONFIG = ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
              '<fontconfig><dir>{folder}</dir></fontconfig>\n')


@cache
def environment() -> Environment:
    return Environment(loader=PackageLoader("hemigov.report", "templates"), autoescape=select_autoescape(["html"]),
                       keep_trailing_newline=True)


def _spec_json(spec: dict) -> Markup:
    """Inline JSON safe inside <script>: no '<' can close the element."""
    return Markup(json.dumps(spec, separators=(",", ":"), ensure_ascii=False, default=str)
                  .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def static_text(ex: Exhibit) -> str:
    """The self-contained static specification of a chart, as written to ``charts/<id>.vl.json``."""
    lines = [ex.units, *(f"Source: {s}" for s in ex.source.split("; "))]
    spec = charts.static_spec(ex.spec, ex.title, lines)
    return json.dumps(spec, indent=1, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------------------------------------ charts
class ChartWriter:
    """Draw charts in worker processes while the build goes on; reuse unchanged charts from ``previous``."""

    def __init__(self, out: Path, previous: Path | None, every: bool = False):
        self.out, self.previous, self.every = out / "charts", previous, every
        self.out.mkdir(parents=True, exist_ok=True)
        self.jobs: queue.Queue = queue.Queue()
        self.sizes: dict[str, tuple[int, int]] = {}
        self.errors: list[str] = []
        self.drawn = self.reused = self.browser = 0
        self.pending = 0
        self.lock = threading.Lock()
        self.done = threading.Condition(self.lock)
        self.procs: list[subprocess.Popen] = []
        self.threads: list[threading.Thread] = []
        self._fonts = tempfile.TemporaryDirectory(prefix="hemigov-fonts-")
        self._conf = Path(self._fonts.name) / "fonts.conf"
        (Path(self._fonts.name) / "none").mkdir()
        self._conf.write_text(FONTCONFIG.format(folder=Path(self._fonts.name) / "none"), encoding="utf-8")

    def __enter__(self) -> ChartWriter:
        return self

    def __exit__(self, *exc) -> None:
        for _ in self.threads:
            self.jobs.put(None)
        for t in self.threads:
            t.join()
        for p in self.procs:
            if p.stdin:
                p.stdin.close()
            p.wait(timeout=30)
        self._fonts.cleanup()

    def _start(self) -> None:
        if self.procs:
            return
        env = {**os.environ, "FONTCONFIG_FILE": str(self._conf)}
        script = str(Path(__file__).with_name("chartworker.py"))
        for _ in range(WORKERS):
            p = subprocess.Popen([sys.executable, script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                 text=True, encoding="utf-8", bufsize=1)
            self.procs.append(p)
            t = threading.Thread(target=self._serve, args=(p,), daemon=True)
            t.start()
            self.threads.append(t)

    def bundle(self, target: Path) -> None:
        """Have a worker write the Vega JavaScript bundle to ``target`` (done by :meth:`wait`)."""
        self._start()
        with self.lock:
            self.pending += 1
        self.jobs.put(("(vega.js)", {"bundle": str(target)}))

    def _serve(self, p: subprocess.Popen) -> None:
        while (job := self.jobs.get()) is not None:
            ex_id, request = job
            try:
                p.stdin.write(json.dumps(request) + "\n")
                p.stdin.flush()
                answer = json.loads(p.stdout.readline() or "{}")
            except (OSError, ValueError) as e:
                answer = {"error": f"chart worker stopped ({e})"}
            with self.lock:
                if "bundle" in answer:
                    pass
                elif "error" in answer or not answer:
                    self.errors.append(f"chart {ex_id}: {answer.get('error', 'chart worker stopped')}")
                else:
                    self.sizes[ex_id] = (answer["width"], answer["height"])
                    self.drawn += 1
                self.pending -= 1
                self.done.notify_all()

    def submit(self, exhibits: list[Exhibit]) -> None:
        for ex in exhibits:
            text = static_text(ex)
            target = self.out / ex.id
            (target.with_suffix(".vl.json")).write_text(text, encoding="utf-8")
            if not (ex.static or self.every):
                self.browser += 1
                continue
            want_png = True
            old = self.previous / "charts" / ex.id if self.previous is not None else None
            if old is not None and _same(old.with_suffix(".vl.json"), text) and old.with_suffix(".svg").is_file() \
                    and (not want_png or old.with_suffix(".png").is_file()):
                svg = old.with_suffix(".svg").read_text(encoding="utf-8")
                target.with_suffix(".svg").write_text(svg, encoding="utf-8")
                if want_png:
                    shutil.copyfile(old.with_suffix(".png"), target.with_suffix(".png"))
                self.sizes[ex.id] = svg_size(svg)
                self.reused += 1
                continue
            self._start()
            with self.lock:
                self.pending += 1
            self.jobs.put((ex.id, {"spec": text, "svg": str(target.with_suffix(".svg")),
                                   "png": str(target.with_suffix(".png")) if want_png else None,
                                   "scale": PNG_SCALE}))

    def wait(self, tick: Callable[[str], None]) -> dict[str, tuple[int, int]]:
        with self.lock:
            while self.pending:
                self.done.wait()
        if self.errors:
            raise HemigovError(f"{len(self.errors)} chart(s) could not be drawn; first: {self.errors[0]}")
        tick("charts")
        return dict(self.sizes)


def svg_size(svg: str) -> tuple[int, int]:
    import re

    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    return (round(float(m.group(1))), round(float(m.group(2)))) if m else (640, 320)


def _same(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except OSError:
        return False


# ------------------------------------------------------------------------------------------------ pages
def _block(b, sizes: dict[str, tuple[int, int]]) -> dict:
    if isinstance(b, Prose):
        return {"kind": "prose", "html": b.html}
    if isinstance(b, Heading):
        return {"kind": "heading", "text": b.text, "id": b.id}
    if isinstance(b, Headlines):
        return {"kind": "headlines", "cards": b.items}
    ex: Exhibit = b
    cols = ex.published_columns()
    rows = ex.cells(ex.table_rows)
    classes = ex.classes(ex.table_rows)
    numeric = [c.kind not in ("text", "date", "year") for c in cols]
    links = [c.key in ("source_url", "url") for c in cols]
    w, h = sizes.get(ex.id, (0, 0))
    return {"kind": "exhibit", "ex": ex, "columns": [c.header for c in cols], "rows": rows, "numeric": numeric,
            "links": links, "classes": classes, "n_rows": len(ex.data), "truncated": len(ex.data) > len(rows),
            "width": w, "height": h,
            "open": ex.open_table if ex.open_table is not None else not ex.is_chart,
            "png": False, "svg": False,
            "spec_json": _spec_json(charts.html_spec(ex.spec)) if ex.spec else ""}


def write_pages(pages: list[Page], nav: list[Section], ctx: Context, fingerprint: str, out: Path,
                sizes: dict[str, tuple[int, int]]) -> None:
    tpl = environment().get_template("page.html")
    for page in pages:
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        png_dir = out / "charts"
        blocks = [_block(b, sizes) for b in page.blocks]
        for b in blocks:
            if b["kind"] == "exhibit" and b["ex"].is_chart:
                b["png"] = (png_dir / f"{b['ex'].id}.png").is_file()
                b["svg"] = b["ex"].id in sizes
        html = tpl.render(page=page, root="../" * page.depth, nav=nav, version=ctx.version,
                          fingerprint=fingerprint, page_sources=ctx.source_items(page.sources()),
                          has_charts=any(e.is_chart for e in page.exhibits), blocks=blocks)
        target.write_text(html, encoding="utf-8")
        for rel, text in page.files.items():
            (out / rel).write_text(text, encoding="utf-8")


def write_assets(out: Path, previous: Path | None = None, charts: ChartWriter | None = None) -> None:
    """Stylesheet, script, the Vega bundle (reused from ``previous`` when the libraries are the same, else written
    by a chart worker when ``charts`` is given) and its licences."""
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    pkg = resources.files("hemigov.report") / "assets"
    for name in ("report.css", "report.js"):
        (assets / name).write_text((pkg / name).read_text(encoding="utf-8"), encoding="utf-8")
    lic = environment().get_template("LICENSES.txt").render(versions=vega.library_versions())
    old = previous / "assets" if previous is not None else None
    if old is not None and _same(old / "LICENSES.txt", lic) and (old / "vega.js").is_file():
        shutil.copyfile(old / "vega.js", assets / "vega.js")
    elif charts is not None:
        charts.bundle(assets / "vega.js")
    else:
        (assets / "vega.js").write_text(vega.javascript_bundle(), encoding="utf-8")
    (assets / "LICENSES.txt").write_text(lic, encoding="utf-8")


def write_exports(exhibits: list[Exhibit], pages: list[Page], ctx: Context, fingerprint: str, out: Path) -> None:
    (out / "data").mkdir(parents=True, exist_ok=True)
    frames = {ex.id: ex.export_frame() for ex in exhibits}
    for ex in exhibits:
        (out / "data" / f"{ex.id}.csv").write_text(exports.csv_text(frames[ex.id]), encoding="utf-8")
    exports.write_xlsx(exhibits, frames, ctx, out / "hemigov-report.xlsx")
    pkg = exports.datapackage(exhibits, frames, ctx, fingerprint)
    (out / "datapackage.json").write_text(json.dumps(pkg, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

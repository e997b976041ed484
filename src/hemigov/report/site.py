"""Write a built report to a folder: pages (Jinja2), chart images, CSVs, workbook, data package, assets."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from hemigov.report import charts, exports
from hemigov.report.context import Context
from hemigov.report.fmt import cell
from hemigov.report.model import Exhibit, Heading, Headlines, Page, Prose
from hemigov.report.sections import Section
from hemigov.style import vega

Progress = Callable[[str, int, int], None]


def environment() -> Environment:
    return Environment(loader=PackageLoader("hemigov.report", "templates"), autoescape=select_autoescape(["html"]),
                       keep_trailing_newline=True)


def _spec_json(spec: dict) -> Markup:
    """Inline JSON safe inside <script>: no '<' can close the element."""
    return Markup(json.dumps(spec, separators=(",", ":"), ensure_ascii=False, default=str)
                  .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _svg_size(svg: str) -> tuple[int, int]:
    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    return (round(float(m.group(1))), round(float(m.group(2)))) if m else (640, 320)


def _block(b, sizes: dict[str, tuple[int, int]]) -> dict:
    if isinstance(b, Prose):
        return {"kind": "prose", "html": b.html}
    if isinstance(b, Heading):
        return {"kind": "heading", "text": b.text}
    if isinstance(b, Headlines):
        return {"kind": "headlines", "cards": b.items}
    ex: Exhibit = b
    df = ex.data
    shown = df.head(ex.table_rows)
    cols = [str(c) for c in df.columns]
    numeric = [pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]) and c != "year"
               for c in df.columns]
    links = [c in ("source_url", "url") for c in cols]
    rows = [[cell(v, c) for v, c in zip(r, cols, strict=True)] for r in shown.itertuples(index=False)]
    w, h = sizes.get(ex.id, (0, 0))
    return {"kind": "exhibit", "ex": ex, "columns": cols, "rows": rows, "numeric": numeric, "links": links,
            "n_rows": len(df), "truncated": len(df) > len(shown), "width": w, "height": h,
            "spec_json": _spec_json(charts.html_spec(ex.spec)) if ex.spec else ""}


def render_charts(exhibits: list[Exhibit], out: Path, tick: Callable[[str], None],
                  previous: Path | None = None) -> dict[str, tuple[int, int]]:
    """Static SVG and PNG and the self-contained Vega-Lite spec of every chart (threads: vl-convert is native).

    A chart whose spec is byte-identical to the one in the ``previous`` build is copied, not drawn again.
    """
    (out / "charts").mkdir(parents=True, exist_ok=True)

    def one(ex: Exhibit) -> tuple[str, tuple[int, int]]:
        lines = [ex.units, *(f"Source: {s}" for s in ex.source.split("; "))]
        spec = charts.static_spec(ex.spec, ex.title, lines)
        text = json.dumps(spec, indent=1, default=str) + "\n"
        target = out / "charts" / ex.id
        old = previous / "charts" / ex.id if previous is not None else None
        if old is not None and _same(old.with_suffix(".vl.json"), text) and old.with_suffix(".png").is_file():
            svg = old.with_suffix(".svg").read_text(encoding="utf-8")
            shutil.copyfile(old.with_suffix(".png"), target.with_suffix(".png"))
        else:
            svg, png = charts.render_static(spec)
            target.with_suffix(".png").write_bytes(png)
        target.with_suffix(".svg").write_text(svg, encoding="utf-8")
        target.with_suffix(".vl.json").write_text(text, encoding="utf-8")
        return ex.id, _svg_size(svg)

    sizes = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for ex_id, size in pool.map(one, [e for e in exhibits if e.is_chart]):
            sizes[ex_id] = size
            tick(f"chart {ex_id}")
    return sizes


def _same(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except OSError:
        return False


def page_sources(page: Page, ctx: Context) -> list[dict]:
    pairs = sorted({p for ex in page.exhibits for p in ex.provenance()})
    ds = ctx.datasets.set_index(["dataset", "vintage"])
    out = []
    for d, v in pairs:
        r = ds.loc[(d, v)] if (d, v) in ds.index else None
        out.append({"label": ctx.dataset_label(d, v), "sha256": "" if r is None else r.sha256,
                    "licence": "" if r is None else r.licence})
    return out


def write_pages(pages: list[Page], nav: list[Section], ctx: Context, fingerprint: str, out: Path,
                sizes: dict[str, tuple[int, int]], tick: Callable[[str], None]) -> None:
    tpl = environment().get_template("page.html")
    for page in pages:
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        html = tpl.render(page=page, root="../" * page.depth, nav=nav, version=ctx.version,
                          fingerprint=fingerprint, page_sources=page_sources(page, ctx),
                          has_charts=any(e.is_chart for e in page.exhibits),
                          derived=any(not e.provenance() for e in page.exhibits),
                          blocks=[_block(b, sizes) for b in page.blocks])
        target.write_text(html, encoding="utf-8")
        for rel, text in page.files.items():
            (out / rel).write_text(text, encoding="utf-8")
        tick(f"page {page.path}")


def write_assets(out: Path, previous: Path | None = None) -> None:
    """Stylesheet, script, the Vega bundle (reused from ``previous`` when the libraries are the same) and its
    licences."""
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    pkg = resources.files("hemigov.report") / "assets"
    for name in ("report.css", "report.js"):
        (assets / name).write_text((pkg / name).read_text(encoding="utf-8"), encoding="utf-8")
    lic = environment().get_template("LICENSES.txt").render(versions=vega.library_versions())
    old = previous / "assets" if previous is not None else None
    if old is not None and _same(old / "LICENSES.txt", lic) and (old / "vega.js").is_file():
        shutil.copyfile(old / "vega.js", assets / "vega.js")
    else:
        (assets / "vega.js").write_text(vega.javascript_bundle(), encoding="utf-8")
    (assets / "LICENSES.txt").write_text(lic, encoding="utf-8")


def write_exports(exhibits: list[Exhibit], ctx: Context, fingerprint: str, out: Path) -> None:
    (out / "data").mkdir(parents=True, exist_ok=True)
    for ex in exhibits:
        (out / "data" / f"{ex.id}.csv").write_text(exports.csv_text(ex.data), encoding="utf-8")
    exports.write_xlsx(exhibits, out / "hemigov-report.xlsx")
    pkg = exports.datapackage(exhibits, ctx.datasets, ctx.version, fingerprint)
    (out / "datapackage.json").write_text(json.dumps(pkg, indent=1, ensure_ascii=False, default=str) + "\n",
                                          encoding="utf-8")

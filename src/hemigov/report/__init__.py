"""The hemigov report: a static, offline HTML site built from hemigov's series, indicators, replication and
effects.

>>> from hemigov.report import build_report
>>> site = build_report("hemigov-report")   # doctest: +SKIP
>>> (site / "index.html").as_uri()          # doctest: +SKIP

Sections live in ``hemigov.report.sections`` (one module each); pages are rendered with the Jinja2 templates in
``templates/``; charts are Vega-Lite specifications drawn in the page by the Vega JavaScript shipped in the site,
and, for the section pages, also as SVG and PNG by vl-convert at build time; every exhibit's table is exported as
CSV, in one XLSX workbook and in a Frictionless ``datapackage.json``. docs/report.md describes the site.
"""

from __future__ import annotations

import webbrowser
from pathlib import Path

from hemigov.report.builder import DEFAULT_OUT, IMAGE_CHOICES, BuildResult, Log, Progress, build

__all__ = ["build_report", "build", "BuildResult", "DEFAULT_OUT", "IMAGE_CHOICES"]


def build_report(out_dir: str | Path | None = None, open_browser: bool = False,
                 progress: Progress | None = None, *, force: bool = False, log: Log | None = None,
                 images: str = "sections") -> Path:
    """Build the report into ``out_dir`` (default ``./hemigov-report``) and return that folder.

    Parameters
    ----------
    out_dir : folder to write; created if missing, replaced atomically if it holds an older report.
        A non-empty folder that is not a hemigov report is refused (``HemigovError``).
    open_browser : open ``index.html`` in the default browser when done.
    progress : called as ``progress(description, completed, total)`` as the build advances.
    force : rebuild even when the inputs' fingerprint has not changed.
    log : called with one plain line per section and stage.
    images : ``sections`` (static SVG and PNG for the section pages' charts; country pages' charts are drawn in
        the browser) or ``all``.

    Returns
    -------
    Path
        The site folder; its ``index.html`` works from ``file://`` with no network.
    """
    res = build(out_dir, force=force, progress=progress, log=log, images=images)
    if open_browser:
        webbrowser.open((res.path / "index.html").as_uri())
    return res.path

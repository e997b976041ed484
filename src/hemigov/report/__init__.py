"""The hemigov report: a static, offline HTML site built from the warehouse.

>>> import hemigov
>>> site = hemigov.build_report("hemigov-report")   # doctest: +SKIP
>>> (site / "index.html").as_uri()                  # doctest: +SKIP

Sections live in ``hemigov.report.sections`` (one module each); pages are rendered with the Jinja2 templates in
``templates/``; charts are Vega-Lite (Altair) drawn by the Vega JavaScript shipped in the site and exported as
SVG and PNG by vl-convert; every exhibit's table is exported as CSV, in one XLSX workbook and in a Frictionless
``datapackage.json``.
"""

from __future__ import annotations

import webbrowser
from pathlib import Path

from hemigov.report.builder import DEFAULT_OUT, BuildResult, Progress, build

__all__ = ["build_report", "build", "BuildResult", "DEFAULT_OUT"]


def build_report(out_dir: str | Path | None = None, open_browser: bool = False,
                 progress: Progress | None = None, *, force: bool = False) -> Path:
    """Build the report into ``out_dir`` (default ``./hemigov-report``) and return that folder.

    Parameters
    ----------
    out_dir : folder to write; created if missing, replaced atomically if it holds an older report.
        A non-empty folder that is not a hemigov report is refused (``HemigovError``).
    open_browser : open ``index.html`` in the default browser when done.
    progress : called as ``progress(description, completed, total)`` as the build advances.
    force : rebuild even when the inputs' fingerprint has not changed.

    Returns
    -------
    Path
        The site folder; its ``index.html`` works from ``file://`` with no network.
    """
    res = build(out_dir, force=force, progress=progress)
    if open_browser:
        webbrowser.open((res.path / "index.html").as_uri())
    return res.path

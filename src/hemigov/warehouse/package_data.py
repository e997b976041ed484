"""Facts committed inside the package load with every write: the paper's tables and text figures, and the
reviewed reference tables (countries, groupings) as datasets of their own.

They need no import and are present on every machine. Their ``datasets`` rows have ``origin = 'package'`` and
the sha256 of the committed file, so a number computed from them names its source like any other; the reference
tables' release is hemigov's version.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

from hemigov import sources
from hemigov.core.meta import VERSION
from hemigov.core.paths import PACKAGE_DATA
from hemigov.sources.base import Layout, RawFile, sha256_of

#: The reviewed reference tables as datasets: id -> (file, title, what else they include).
REFERENCE = {
    "hemigov.countries": ("countries.csv", "Reviewed country table: ISO3, UN M49, UNHCR codes and region schemes",
                          "with the exact alias tables of each source (aliases/*.csv)"),
    "hemigov.groupings": ("groupings.csv", "Reviewed governance groupings with membership years",
                          "with grouping_info.csv; each row cites its source_url"),
    "hemigov.oxfam_2015_syria": ("oxfam_2015_syria.csv", "Oxfam (2015), Syria Crisis Fair Share Analysis: the "
                                 "published inputs, transcribed", "from Oxfam's briefing of 30 March 2015, Figure 1"),
    "hemigov.pledges": ("pledges.csv", "Reviewed pledge targets of the policy timeline: target, unit, start, deadline "
                        "and the series that measures delivery", "each row names its timeline event id"),
    "hemigov.leverage_multipliers": ("leverage_multipliers.csv", "Reviewed concessional-financing multipliers: "
                                     "grants and the financing they enabled", "each row quotes and cites its source"),
}
REFERENCE_PUBLISHER = "hemigov contributors"
REFERENCE_LICENCE = "MIT (hemigov reference data); each grouping row cites its source"


def committed() -> set[tuple[str, str]]:
    """(file, sha256) of every committed package file, as its ``datasets`` row records it."""
    from hemigov.sources import paper

    files = [*paper.package_files(), *(PACKAGE_DATA / name for name, _, _ in REFERENCE.values())]
    return {(p.name, sha256_of(p)) for p in files}


def stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse lacks a committed package file or holds another version of one (a home written by
    an older hemigov)."""
    try:
        rows = con.execute("SELECT file, sha256 FROM datasets WHERE origin = 'package'").fetchall()
    except duckdb.Error:
        return False  # not a warehouse this version can judge; its readers will say what is wrong
    return not committed() <= {(f, s) for f, s in rows}


def load(con: duckdb.DuckDBPyConnection) -> None:
    """Load the committed facts into a warehouse that lacks them or holds another version (see :func:`stale`);
    a warehouse that holds these very files is left as it is, so an import or fetch does not parse them again."""
    if not stale(con):
        return
    from hemigov.sources import paper
    from hemigov.warehouse import store
    from hemigov.warehouse.load import parse

    now = datetime.now(UTC).replace(tzinfo=None)
    for path in paper.package_files():
        lay = sources.detect(path)
        if not isinstance(lay, Layout):
            raise RuntimeError(f"package file {path.name} is not a known layout")
        item = parse(RawFile(path=path, sha256=sha256_of(path), bytes=path.stat().st_size, layout=lay))
        vin = item.parsed.vintage
        store.clear_dataset(con, lay.dataset)  # a package fact has one version: the committed file
        for t, df in item.frames.items():
            store.insert_frame(con, t, df)
        store.record_dataset(
            con, dataset=lay.dataset, vintage=vin, publisher=lay.publisher, title=lay.title, file=path.name,
            sha256=item.raw.sha256, bytes=item.raw.bytes, rows=item.rows, licence=lay.licence,
            citation=lay.cite(vin), source_url=lay.source_url, adapter=lay.adapter,
            notes=item.parsed.notes or None, origin="package", loaded_at=now)
    for dataset, (name, title, notes) in REFERENCE.items():
        path = PACKAGE_DATA / name
        store.clear_dataset(con, dataset)
        store.record_dataset(
            con, dataset=dataset, vintage=VERSION, publisher=REFERENCE_PUBLISHER, title=title, file=name,
            sha256=sha256_of(path), bytes=path.stat().st_size, rows=_data_lines(path),
            licence=REFERENCE_LICENCE, citation=f"{REFERENCE_PUBLISHER} ({VERSION}). hemigov {name}.",
            source_url="", adapter="package", notes=notes, origin="package", loaded_at=now)


def _data_lines(path) -> int:
    """Rows of a committed CSV: lines that are not comments, blank or the header."""
    with path.open(encoding="utf-8") as f:
        return sum(1 for line in f if line.strip() and not line.startswith("#")) - 1

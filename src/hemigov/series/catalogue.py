"""The catalogue of loaded files, and the one function every surface uses to show where a number comes from."""

from __future__ import annotations

import pandas as pd

from hemigov.core.errors import unknown
from hemigov.core.provenance import Provenance, Source
from hemigov.series.base import memo, sql

COLUMNS = ["dataset", "vintage", "is_current", "publisher", "title", "file", "sha256", "bytes", "rows", "licence",
           "citation", "source_url", "adapter", "notes", "origin", "loaded_at"]
#: What :func:`describe` returns per source.
DESCRIBED = ["dataset", "vintage", "sha256", "publisher", "title", "licence", "citation", "source_url", "file"]


@memo
def datasets() -> pd.DataFrame:
    """Every loaded file (one row per dataset and vintage; ``is_current`` marks the newest release)."""
    return sql(f"SELECT {', '.join(COLUMNS)} FROM v_datasets ORDER BY dataset, vintage DESC")


def dataset(name: str) -> pd.DataFrame:
    """The releases of one dataset; an unknown id is bad input with the closest one."""
    d = datasets()
    out = d[d.dataset == name]
    if out.empty:
        raise unknown("dataset", name, d.dataset.unique())
    return out.reset_index(drop=True)


def vintages() -> pd.DataFrame:
    """One row per dataset: its releases (newest first) and the current one."""
    d = datasets()
    rows = []
    for ds, g in d.groupby("dataset", sort=True):
        rows.append({"dataset": ds, "vintages": ", ".join(g.vintage), "current_vintage": g.vintage.iloc[0],
                     "n_vintages": len(g), "publisher": g.publisher.iloc[0], "title": g.title.iloc[0]})
    return pd.DataFrame(rows)


@memo
def describe(prov: Provenance) -> pd.DataFrame:
    """Each source of ``prov`` with its sha256, publisher, title, licence, citation and address, from the
    ``datasets`` table — the one way the report, the dashboard, the API and the exports name a source.

    A source that is not loaded (e.g. a figure computed elsewhere) keeps its dataset and vintage with the rest
    empty, so a page can never claim a checksum it does not have.
    """
    d = _described()
    out = [d.get((s.dataset, s.vintage)) or {"dataset": s.dataset, "vintage": s.vintage, "sha256": s.sha256}
           for s in prov]
    return pd.DataFrame(out, columns=DESCRIBED)


@memo
def described(prov: Provenance) -> tuple[dict, ...]:
    """:func:`describe` as records (read-only dicts, memoised: a page footer names its files per request)."""
    return tuple(describe(prov).to_dict(orient="records"))


@memo
def _described() -> dict[tuple[str, str], dict]:
    """(dataset, vintage) -> its :data:`DESCRIBED` fields, for every loaded file."""
    return {(r["dataset"], r["vintage"]): r for r in datasets()[DESCRIBED].to_dict(orient="records")}


def resolve(prov: Provenance) -> Provenance:
    """``prov`` with the sha256 of every loaded source filled in."""
    d = describe(prov)
    return Provenance(frozenset(Source(r.dataset, r.vintage, r.sha256 if isinstance(r.sha256, str) else "")
                                for r in d.itertuples(index=False)))


def label(dataset_id: str, vintage: str) -> str:
    """``Publisher, Title (release V)`` for a source line; the id itself when it is not loaded."""
    d = datasets()
    hit = d[(d.dataset == dataset_id) & (d.vintage == vintage)]
    if hit.empty:
        return f"{dataset_id} (release {vintage})"
    r = hit.iloc[0]
    return f"{r.publisher}, {r.title} (release {vintage})"

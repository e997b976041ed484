"""What every series shares: the one SQL door, the memo, the vintage choice and the ``sources`` column.

- :func:`sql` runs a statement on the process's held read connection (:mod:`hemigov.warehouse.reader`).
- :func:`memo` keeps a series' result per (warehouse file, function, parameters): a repeated call costs a
  dictionary lookup; a new warehouse file (an import swapped in) starts afresh.
- :func:`relation` is a table's rows in one vintage choice (``latest``, ``paper`` or an explicit release), so
  series read base tables with explicit ``dataset = ? AND vintage = ?`` filters DuckDB can prune on.
- Every frame a series returns has a ``sources`` column in the one text form of
  :class:`hemigov.core.provenance.Provenance` (SQL: :data:`SOURCES`).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable

import pandas as pd

from hemigov.core import paths
from hemigov.core.errors import InputError, unknown
from hemigov.core.provenance import COLUMN
from hemigov.warehouse import reader
from hemigov.warehouse.schema import TABLES

#: SQL for the per-row text form of provenance from a table's ``dataset`` and ``vintage`` columns.
SOURCES = f"dataset || '@' || vintage AS {COLUMN}"

LATEST, PAPER = "latest", "paper"

#: "As of the paper": for each dataset (by id prefix, longest first), the release closest to what the author could
#: see in late 2020 among those hemigov holds. A dataset not listed, or whose listed release is not loaded (the
#: embedded snapshot holds the newest releases only), is read in its newest loaded release; every number's
#: ``sources`` says which release was read.
PAPER_VINTAGES: dict[str, str] = {
    "unhcr.": "2025-06",  # end-2024 release, the oldest held (the paper read end-2019 figures)
    "worldbank.wdi.": "2023-05",  # the WDI release of May 2023 (before the 2024-2026 revisions)
    "ircc.asylum_office_type_province": "2024-02",  # the first IRCC release held
}

_memo: OrderedDict[tuple, object] = OrderedDict()
_memo_lock = threading.Lock()
MEMO_SIZE = 1024


def _clear_memo() -> None:
    with _memo_lock:
        _memo.clear()


reader.on_reopen(_clear_memo)


def warehouse_key() -> tuple[str, str]:
    """Which warehouse file results belong to: its path and identity (a swap changes the identity)."""
    return str(paths.warehouse_path()), reader.fingerprint()


def memo(fn: Callable) -> Callable:
    """Keep ``fn``'s result per (warehouse file, arguments). Results are returned as shallow copies (pandas'
    copy-on-write keeps the cached frame intact); errors are not kept."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        key = (warehouse_key(), fn.__module__, fn.__qualname__, _freeze(args), _freeze(kwargs))
        with _memo_lock:
            if key in _memo:
                _memo.move_to_end(key)
                return _copy(_memo[key])
        value = fn(*args, **kwargs)
        with _memo_lock:
            _memo[key] = value
            while len(_memo) > MEMO_SIZE:
                _memo.popitem(last=False)
        return _copy(value)
    wrapper.uncached = fn
    return wrapper


def _freeze(v):
    if isinstance(v, dict):
        return tuple(sorted((k, _freeze(x)) for k, x in v.items()))
    if isinstance(v, (list, tuple, set, frozenset)):
        items = [_freeze(x) for x in v]
        return tuple(sorted(items, key=repr)) if isinstance(v, (set, frozenset)) else tuple(items)
    return v


def _copy(v):
    return v.copy(deep=False) if isinstance(v, pd.DataFrame) else v


def summed_by(df: pd.DataFrame, keys: list[str], values: list[str]) -> pd.DataFrame:
    """``values`` summed by ``keys`` and ``sources`` (so that a slice of the result keeps its rows' provenance)."""
    return df.groupby([*keys, COLUMN], as_index=False, sort=True, dropna=False)[values].sum()


def sql(text: str, params: list | None = None) -> pd.DataFrame:
    """One statement of the derived layer (no timeout: these are hemigov's own queries)."""
    return reader.query(text, params, timeout=None)


# -- vintages -------------------------------------------------------------------------------------------------
@memo
def loaded(table: str) -> pd.DataFrame:
    """The (dataset, vintage) pairs that have rows in ``table``, newest first within a dataset."""
    return sql(f'SELECT DISTINCT dataset, vintage FROM "{table}" ORDER BY dataset, vintage DESC')


def paper_vintage(dataset: str) -> str | None:
    for prefix in sorted(PAPER_VINTAGES, key=len, reverse=True):
        if dataset.startswith(prefix):
            return PAPER_VINTAGES[prefix]
    return None


def choose(table: str, vintage: str = LATEST, datasets: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """The (dataset, vintage) pairs a series reads from ``table``: per dataset, its newest release (``latest``),
    the release closest to the paper (``paper``, see :data:`PAPER_VINTAGES`) or the release named (an explicit
    ``YYYY-MM`` that a dataset does not hold is bad input). ``datasets`` restricts the choice to those ids."""
    if table not in TABLES or not TABLES[table].versioned:
        raise ValueError(f"{table!r} is not a versioned table")
    have = loaded(table)
    if datasets is not None:
        have = have[have.dataset.isin(datasets)]
    out = []
    for ds, g in have.groupby("dataset", sort=True):
        vs = list(g.vintage)  # newest first
        if vintage == LATEST:
            out.append((ds, vs[0]))
        elif vintage == PAPER:
            want = paper_vintage(ds)
            out.append((ds, want if want in vs else vs[0]))
        elif vintage in vs:
            out.append((ds, vintage))
        else:
            raise unknown(f"vintage of {ds}", vintage, vs)
    return out


def check_vintage(vintage: str) -> str:
    if vintage in (LATEST, PAPER):
        return vintage
    if not isinstance(vintage, str) or not vintage[:4].isdigit():
        raise InputError(None, "vintage", f"{vintage!r} is not latest, paper or a release such as 2025-06")
    return vintage


def relation(table: str, vintage: str = LATEST, datasets: tuple[str, ...] | None = None) -> tuple[str, list]:
    """SQL for ``table``'s rows in the chosen vintages, and its parameters: ``(SELECT * FROM t WHERE ...)``."""
    pairs = choose(table, check_vintage(vintage), datasets)
    if not pairs:
        return f'(SELECT * FROM "{table}" WHERE false)', []
    where = " OR ".join("(dataset = ? AND vintage = ?)" for _ in pairs)
    return f'(SELECT * FROM "{table}" WHERE {where})', [x for p in pairs for x in p]


def rows(table: str, select: str, where: str = "TRUE", params: list | None = None, *, vintage: str = LATEST,
         group: bool = False, order: str = "", datasets: tuple[str, ...] | None = None) -> pd.DataFrame:
    """``SELECT {select}, sources FROM table (vintage) WHERE {where}`` — with ``GROUP BY ALL`` when ``group``.

    ``select`` lists the columns and aggregates; ``sources`` is added (and grouped by)."""
    rel, rel_params = relation(table, vintage, datasets)
    text = f"SELECT {select}, {SOURCES} FROM {rel} t WHERE {where}"
    if group:
        text += " GROUP BY ALL"
    if order:
        text += f" ORDER BY {order}"
    return sql(text, [*rel_params, *(params or [])])


def marks(values) -> str:
    """``?, ?, ?`` for a list of parameters."""
    return ", ".join("?" for _ in values) or "NULL"

"""Reading the warehouse for replication: one vintage choice per evaluation, provenance on every number.

Two evaluations read the same tables differently:

- ``as_of="paper"`` reads, for each dataset, the **oldest** loaded vintage: the release closest to what the
  author could see in 2020 (for example WDI 2023-05 rather than 2026-07, IRCC asylum 2024-02 rather than 2025-07).
  Older vintages live only in the base tables, so this mode selects them there by ``(dataset, vintage)``
  (the documented way to read an older release, as ``hemigov.table(name, vintage=...)`` does).
- ``as_of="latest"`` reads the public ``v_*`` views (the newest vintage of every dataset).

On the embedded snapshot only the newest vintage exists, so both modes read the same rows; the ``source``
column of every output says which release was used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from hemigov.core.errors import HemigovError, InputError

AS_OF = ("paper", "latest")

# Region expressions on v_countries (alias c): the paper's regions are UNHCR's bureaux (v_countries.paper_region);
# "Latin America and the Caribbean" is the UN M49 subregion.
LAC = "SELECT iso3 FROM v_countries WHERE m49_subregion = 'Latin America and the Caribbean'"
WESTERN_HEMISPHERE = "SELECT iso3 FROM v_countries WHERE paper_region = 'Western hemisphere'"


def check_as_of(as_of: str) -> str:
    if as_of not in AS_OF:
        raise HemigovError(f"as_of must be one of {', '.join(AS_OF)} (got {as_of!r})")
    return as_of


@dataclass
class Reader:
    """Runs SQL against one evaluation's choice of vintages and remembers nothing between calls but a cache."""

    as_of: str = "latest"
    _cache: dict = field(default_factory=dict, repr=False)
    _con: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        check_as_of(self.as_of)

    def rel(self, table: str) -> str:
        """SQL relation for ``table`` (name without ``v_``) in this evaluation's vintage choice."""
        if self.as_of == "latest":
            return f"v_{table}"
        return (f'(SELECT t.* FROM "{table}" t JOIN (SELECT dataset, min(vintage) AS vintage FROM v_datasets '
                f"GROUP BY dataset) o USING (dataset, vintage))")

    def df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run ``sql`` where ``{name}`` placeholders become relations (``{asylum_applications}`` ...)."""
        key = (sql, repr(params))
        if key not in self._cache:
            con = self._connection()
            try:
                self._cache[key] = con.execute(self._expand(sql), params or []).df()
            except duckdb.Error as e:
                raise InputError(None, "replication query", str(e).splitlines()[0]) from e
        return self._cache[key].copy()

    def _connection(self) -> duckdb.DuckDBPyConnection:
        # One read-only connection per evaluation (as hemigov.query opens, without access to outside files):
        # a replication runs a few hundred small queries.
        if self._con is None:
            from hemigov.warehouse import store

            self._con = store.connect()
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _expand(self, sql: str) -> str:
        import re

        return re.sub(r"\{([a-z_]+)\}", lambda m: self.rel(m.group(1)), sql)


def source_of(*frames: pd.DataFrame) -> str:
    """``dataset@vintage`` of every row that fed a number, sorted and joined with '; '."""
    seen: set[str] = set()
    for f in frames:
        if f is None or f.empty or "dataset" not in f or "vintage" not in f:
            continue
        pairs = f[["dataset", "vintage"]].dropna().drop_duplicates()
        seen.update(f"{d}@{v}" for d, v in pairs.itertuples(index=False))
    return "; ".join(sorted(seen))


def join_sources(*sources: str) -> str:
    parts = {p.strip() for s in sources if s for p in s.split(";") if p.strip()}
    return "; ".join(sorted(parts))

"""UNHCR Refugee Population Statistics API (``https://api.unhcr.org/population/v1/``).

Requests always carry ``cf_type=ISO`` (country filters and codes as ISO3), ``coo_all=true&coa_all=true``
(one row per origin x asylum pair, not totals) and ``yearFrom`` with ``yearTo`` (the API ignores one
without the other). Pages are read with ``limit``/``page`` until the first page's ``maxPages``; an empty
result is HTTP 200 with ``maxPages: 0``.

The body of a page is ``{"page": k, "maxPages": n, "total": [...], "items": [...]}``. Counts arrive as JSON
integers, as strings (``"0"``) or as ``"-"`` (not collected: stored as NULL, never as zero); names may end
in spaces and are not used (countries map by ``coo_iso``/``coa_iso``). UNHCR's ISO column holds a few
codes of its own for pseudo-countries, mapped through the reviewed ``ISO_PLACEHOLDERS``. Asylum rows in
cases (``C``) and persons (``P``) stay apart in ``unit``. Rows then take exactly the file adapter's path
(``hemigov.sources.unhcr``), so a fetched vintage and an imported one are comparable cell by cell.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from hemigov import geo
from hemigov.core.errors import HemigovError, InputError
from hemigov.live.base import Fetched, json_body, layout, require_keys, schema_error
from hemigov.live.http import Damaged, FetchError, Http
from hemigov.sources import unhcr as files
from hemigov.sources.base import check_counts

DEFAULT_BASE = "https://api.unhcr.org/population/v1"
ENV = "HEMIGOV_UNHCR_API"
DEFAULT_LIMIT = 10_000
FIRST_YEAR = 1950

#: Codes in UNHCR's ISO columns that are not ISO 3166 codes -> the country table's ISO3 (reviewed against
#: countries.csv: UNHCR codes UKN, TIB and AB9; "XXA" Stateless is already the table's code).
ISO_PLACEHOLDERS = {"UNK": "XXX", "TIB": "XTI", "AB9": "XAB"}
KEYS = ("year", "coo_iso", "coa_iso")


@dataclass(frozen=True)
class Endpoint:
    path: str
    dataset: str
    fields: tuple[str, ...]  #: besides year/coo_iso/coa_iso
    counts: tuple[str, ...]
    build: Callable[[pd.DataFrame, str], dict[str, pd.DataFrame]]


def _population(base: pd.DataFrame, url: str) -> dict[str, pd.DataFrame]:
    return {"displacement": files._long(base, files.POP_COLS, "population_type", url)}


def _solutions(base: pd.DataFrame, url: str) -> dict[str, pd.DataFrame]:
    return {"solutions": files._long(base, files.SOL_COLS, "solution_type", url)}


def _applications(base: pd.DataFrame, url: str) -> dict[str, pd.DataFrame]:
    base["unit"] = files._unit(base.pop("app_pc"), url, "app_pc")
    return {"asylum_applications": base}


def _decisions(base: pd.DataFrame, url: str) -> dict[str, pd.DataFrame]:
    base["unit"] = files._unit(base.pop("dec_pc"), url, "dec_pc")
    for v in ("dec_recognized", "dec_other", "dec_rejected", "dec_closed", "dec_total"):
        base[v.removeprefix("dec_")] = base.pop(v)
    return {"asylum_decisions": base}


def _idmc(base: pd.DataFrame, url: str) -> dict[str, pd.DataFrame]:
    out = pd.DataFrame({"year": base["year"], "iso3": base["origin_iso3"], "persons": base["total"]})
    # As in the file adapter: the "Unknown" row is UNHCR's global total before country data, not a country.
    return {"idps": out[out.iso3 != "XXX"].reset_index(drop=True)}


_DEC = ("dec_recognized", "dec_other", "dec_rejected", "dec_closed", "dec_total")
ENDPOINTS: dict[str, Endpoint] = {e.path: e for e in (
    Endpoint("population", "unhcr.population", tuple(files.POP_COLS), tuple(files.POP_COLS), _population),
    Endpoint("solutions", "unhcr.solutions", tuple(files.SOL_COLS), tuple(files.SOL_COLS), _solutions),
    Endpoint("asylum-applications", "unhcr.asylum_applications",
             ("procedure_type", "app_type", "dec_level", "app_pc", "applied"), ("applied",), _applications),
    Endpoint("asylum-decisions", "unhcr.asylum_decisions", ("procedure_type", "dec_level", "dec_pc", *_DEC),
             _DEC, _decisions),
    Endpoint("idmc", "unhcr.idmc", ("total",), ("total",), _idmc),
)}


def base_url() -> str:
    return os.environ.get(ENV, DEFAULT_BASE).rstrip("/")


# --- values -----------------------------------------------------------------------------------------

def counts(values: pd.Series, url: str, column: str) -> pd.Series:
    """The API's spellings of a count - a JSON number, "0", or "-" (not collected -> NULL) - as nullable integers.

    The file adapters' rules apply: a boolean, another string, null, NaN, an infinite, negative, fractional
    or too large number is refused, naming the item and field.
    """
    a = values.to_numpy(dtype=object)
    dash, zero = a == "-", a == "0"
    rest = ~(dash | zero)
    nums = np.where(zero, 0.0, np.nan)
    # Fast path: the other values are all JSON numbers (ints, or floats with ints). infer_dtype scans in C;
    # it calls a column with a boolean, a string or a null "mixed..." or "boolean", and those go the slow way.
    if infer_dtype(a[rest], skipna=False) in ("integer", "floating", "mixed-integer-float", "empty"):
        try:
            nums[rest] = a[rest].astype("float64")
        except OverflowError:  # a JSON integer beyond any float
            nums[rest] = np.inf
    else:
        ok = np.fromiter((type(v) in (int, float) for v in a[rest]), bool, int(rest.sum()))
        bad = np.flatnonzero(rest)[~ok]
        if len(bad):
            i = int(bad[0])
            raise schema_error(url, f"item {i + 1}, field {column!r}", f"not a count: {a[i]!r}")
        nums[rest] = [float(v) if abs(v) < 1e300 else np.inf for v in a[rest]]
    odd = rest & np.isnan(nums)
    if odd.any():  # JSON NaN: never "not collected", which the API spells "-"
        i = int(odd.argmax())
        raise InputError(url, f"item {i + 1}, field {column!r}", f"not a finite number: {a[i]!r}")
    return check_counts(pd.Series(nums, index=values.index), url, column, row_offset=1, printed=values,
                        place="item {row}, field {column!r}")


def _typed(values: pd.Series, kind: str, url: str, column: str, what: str) -> None:
    """Every value is a JSON ``kind`` ("integer" or "string"); the first that is not is a changed format."""
    if infer_dtype(values, skipna=False) == kind:
        return
    want = int if kind == "integer" else str
    ok = values.map(lambda v: type(v) is want)
    i = int((~ok).to_numpy().argmax())
    raise schema_error(url, f"item {i + 1}, field {column!r}", f"{what}: {values.iloc[i]!r}")


def check_totals(first: dict, base: pd.DataFrame, ep: Endpoint, url: str, pages: int) -> None:
    """The counts loaded must add up to the API's own ``total`` (page 1), count by count, or the vintage is
    refused. This catches pages that exist but were never asked for (a ``maxPages`` that under-reports)."""
    total = first.get("total")
    if not (isinstance(total, list) and len(total) == 1 and isinstance(total[0], dict)):
        raise FetchError(f"UNHCR {ep.path}: page 1 gives no totals to check the {len(base):,} items against "
                         f"(field 'total' is {total!r:.60}); refusing the vintage ({url})")
    for c in ep.counts:
        want = total[0].get(c)
        if type(want) is not int:
            raise FetchError(f"UNHCR {ep.path}: the API's total of {c!r} is not a count ({want!r:.40}); refusing "
                             f"the vintage ({url})")
        got = int(base[c].sum())
        if got != want:
            raise FetchError(f"UNHCR {ep.path}: the {len(base):,} items of {pages} page(s) add up to {got:,} "
                             f"{c}, the API's total says {want:,}: pages are missing (maxPages {pages}?) or the "
                             f"data changed; refusing the vintage ({url})")


def iso3(codes: pd.Series, url: str, column: str) -> pd.Series:
    stripped = codes.astype("string").str.strip()
    return geo.codes_to_iso3(stripped.replace(ISO_PLACEHOLDERS), "iso3", file=url, column=column)


def frames(items: list[dict], ep: Endpoint, url: str) -> dict[str, pd.DataFrame]:
    """API items -> warehouse frames (the file adapter's shape)."""
    return ep.build(typed(items, ep, url), url)


def typed(items: list[dict], ep: Endpoint, url: str) -> pd.DataFrame:
    """API items -> one typed row per item (year, ISO3 codes, the endpoint's fields), checked value by value."""
    df = pd.DataFrame.from_records(items)
    for c in (*KEYS, *ep.fields):
        absent = df[c].isna() if c in df.columns else pd.Series(True, index=df.index)
        if absent.any():  # a field missing from an item (or null): not a documented value
            i = int(absent.to_numpy().argmax())
            require_keys({k: v for k, v in items[i].items() if v is not None}, (*KEYS, *ep.fields), url,
                         f"item {i + 1}")
    _typed(df["year"], "integer", url, "year", "not a year")  # not "2019", not 2019.0, not true
    for c in ("coo_iso", "coa_iso", *(f for f in ep.fields if f not in ep.counts)):
        _typed(df[c], "string", url, c, "not text")
    base = pd.DataFrame({"year": df["year"].astype("int64"),
                         "origin_iso3": iso3(df["coo_iso"], url, "coo_iso"),
                         "asylum_iso3": iso3(df["coa_iso"], url, "coa_iso")})
    for c in ep.fields:
        base[c] = counts(df[c], url, c) if c in ep.counts else df[c].astype("string").str.strip()
    return base


# --- paging -----------------------------------------------------------------------------------------

def _page_check(url: str, page: int, limit: int, expect_pages: int | None):
    def check(body: bytes) -> dict:
        doc = json_body(body, f"UNHCR page {page}")
        if not isinstance(doc, dict):
            raise schema_error(url, f"page {page}", f"expected a JSON object, got {type(doc).__name__}")
        require_keys(doc, ("page", "maxPages", "items"), url, f"page {page}")
        if not isinstance(doc["items"], list):
            raise schema_error(url, f"page {page}, field 'items'", "not a list")
        try:
            got, pages = int(doc["page"]), int(doc["maxPages"])
        except (TypeError, ValueError):
            raise schema_error(url, f"page {page}", f"page/maxPages not integers: {doc['page']!r}, "
                                                    f"{doc['maxPages']!r}") from None
        if got != page:
            raise Damaged(f"asked for page {page}, the server sent page {got}")
        if expect_pages is not None and pages != expect_pages:
            raise FetchError(f"UNHCR: maxPages changed from {expect_pages} to {pages} while paging: the data "
                             f"changed during the download; run the fetch again ({url})")
        n = len(doc["items"])
        if pages and page < pages and n != limit:
            raise Damaged(f"page {page} of {pages} holds {n} items, expected {limit} (a page cut short)")
        if pages and page == pages and n == 0:
            raise Damaged(f"last page {page} of {pages} is empty")
        return doc
    return check


def fetch_endpoint(http: Http, ep: Endpoint, *, years: tuple[int, int] | None = None, limit: int = DEFAULT_LIMIT,
                   progress: Callable[[str, int, int | None], None] | None = None) -> Fetched:
    y0, y1 = years or (FIRST_YEAR, date.today().year)
    url = f"{base_url()}/{ep.path}/"
    params = {"limit": limit, "page": 1, "yearFrom": y0, "yearTo": y1, "coo_all": "true", "coa_all": "true",
              "cf_type": "ISO"}
    what = f"UNHCR {ep.path}"
    first = http.get(url, params, what=f"{what} page 1", check=_page_check(url, 1, limit, None))
    pages_n = int(first.data["maxPages"])
    if pages_n == 0:
        raise FetchError(f"{what}: the API has no rows for {y0}-{y1} (HTTP 200, maxPages 0): nothing to load "
                         f"({first.url})")
    pages = [first]
    if progress:
        progress(ep.dataset, 1, pages_n)
    for k in range(2, pages_n + 1):
        pages.append(http.get(url, {**params, "page": k}, what=f"{what} page {k} of {pages_n}",
                              check=_page_check(url, k, limit, pages_n)))
        if progress:
            progress(ep.dataset, k, pages_n)
    items = [it for p in pages for it in p.data["items"]]
    for i, it in enumerate(items):
        if not isinstance(it, dict):
            raise schema_error(first.url, f"item {i + 1}", f"not an object: {it!r:.60}")
    try:
        base = typed(items, ep, first.url)
        check_totals(first.data, base, ep, first.url, pages_n)
        tables = ep.build(base, first.url)
    except (KeyError, TypeError, ValueError) as e:
        raise schema_error(first.url, "items", f"{type(e).__name__}: {e}") from e
    width = len(str(pages_n))
    named = [(f"{ep.path}-p{i:0{max(4, width)}d}.json", p) for i, p in enumerate(pages, start=1)]
    note = (f"UNHCR API /{ep.path}/, years {y0}-{y1}, {len(items)} items in {pages_n} page(s) of {limit}"
            + ("" if years is None else "; other years carried from the previous vintage"))
    return Fetched(layout(ep.dataset), tables, named, first.url, note, years=years,
                   extra={"max_year": int(max(it["year"] for it in items)) if items else None})


def fetch(http: Http, *, datasets: list[str] | None = None, years: tuple[int, int] | None = None,
          limit: int | None = None, progress=None) -> list[Fetched]:
    chosen = list(ENDPOINTS.values())
    if datasets:
        known = {e.path for e in chosen} | {e.dataset for e in chosen}
        unknown = [d for d in datasets if d not in known]
        if unknown:
            raise HemigovError(f"unknown UNHCR dataset(s) {unknown}; known: {', '.join(ENDPOINTS)}")
        chosen = [e for e in chosen if e.dataset in datasets or e.path in datasets]
    return [fetch_endpoint(http, ep, years=years, limit=limit or DEFAULT_LIMIT, progress=progress) for ep in chosen]

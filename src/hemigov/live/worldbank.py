"""World Bank Indicators API v2 (``https://api.worldbank.org/v2``), World Development Indicators.

``/v2/country/all/indicator/{CODE}?format=json&source=2&per_page=N&page=k`` answers a two-element list:
a paging header (``page``, ``pages``, ``per_page``, ``total``, ``lastupdated``) and the records. ``date`` is
a string, ``value`` a number or ``null`` (a missing year: dropped, as the file adapter drops empty cells).
Errors come back as HTTP 200 with ``[{"message": [{"id", "key", "value"}]}]``: reported, not retried.

Nothing in an indicator record marks an aggregate, so the economy list is read first
(``/v2/country?format=json&per_page=400``): an economy is an aggregate when ``region.value == "Aggregates"``.
Aggregates go to ``economy_aggregates`` under their 3-letter code (found through the list's ``iso2Code`` when
a record's ``countryiso3code`` is empty) and the name as printed, stripped; countries go to ``economy``
through the country table. See the shared ``worldbank-wdi/API-FORMATS.md``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable

import pandas as pd

from hemigov import geo
from hemigov.core.errors import InputError
from hemigov.live.base import Fetched, json_body, layout, require_keys, schema_error
from hemigov.live.http import Damaged, FetchError, Http, Page
from hemigov.sources import worldbank as files
from hemigov.sources.base import Layout

DEFAULT_BASE = "https://api.worldbank.org"
ENV = "HEMIGOV_WORLDBANK_API"
DEFAULT_PER_PAGE = 20_000
RECORD_FIELDS = ("indicator", "country", "countryiso3code", "date", "value")


def base_url() -> str:
    return os.environ.get(ENV, DEFAULT_BASE).rstrip("/")


def _int(v, url: str, where: str) -> int:
    try:
        return int(v)  # per_page comes back as a string on some endpoints
    except (TypeError, ValueError):
        raise schema_error(url, where, f"not an integer: {v!r}") from None


def _page_check(url: str, page: int, expect_pages: int | None, fields: tuple[str, ...] = ()):
    def check(body: bytes) -> tuple[dict, list]:
        doc = json_body(body, f"World Bank page {page}")
        if isinstance(doc, list) and len(doc) == 1 and isinstance(doc[0], dict) and "message" in doc[0]:
            msgs = doc[0]["message"] if isinstance(doc[0]["message"], list) else [doc[0]["message"]]
            text = "; ".join(f"{m.get('id', '?')} {m.get('key', '')}: {m.get('value', '')}".strip()
                             for m in msgs if isinstance(m, dict))
            raise FetchError(f"World Bank API error (HTTP 200): {text} ({url})")
        if not (isinstance(doc, list) and len(doc) == 2 and isinstance(doc[0], dict)):
            raise schema_error(url, f"page {page}", "expected [paging header, records]")
        head, records = doc
        require_keys(head, ("page", "pages", "per_page", "total"), url, f"page {page}, header")
        records = [] if records is None else records  # no observations: [] or null
        if not isinstance(records, list):
            raise schema_error(url, f"page {page}", "records are not a list")
        got, pages = _int(head["page"], url, "header page"), _int(head["pages"], url, "header pages")
        if got != page:
            raise Damaged(f"asked for page {page}, the server sent page {got}")
        if expect_pages is not None and pages != expect_pages:
            raise FetchError(f"World Bank: pages changed from {expect_pages} to {pages} while paging: the data "
                             f"changed during the download; run the fetch again ({url})")
        per_page, total = _int(head["per_page"], url, "header per_page"), _int(head["total"], url, "header total")
        expect = min(per_page, max(0, total - (page - 1) * per_page))
        if pages and len(records) != expect:
            raise Damaged(f"page {page} of {pages} holds {len(records)} records, expected {expect} (cut short)")
        for i, r in enumerate(records):
            if not isinstance(r, dict):
                raise schema_error(url, f"page {page}, record {i + 1}", f"not an object: {r!r}")
            require_keys(r, fields, url, f"page {page}, record {i + 1}")
        return head, records
    return check


def _pages(http: Http, url: str, params: dict, what: str, fields: tuple[str, ...], progress=None,
           task: str = "") -> list[Page]:
    first = http.get(url, {**params, "page": 1}, what=f"{what} page 1", check=_page_check(url, 1, None, fields))
    n = _int(first.data[0]["pages"], url, "header pages")
    out = [first]
    if progress:
        progress(task, 1, max(n, 1))
    for k in range(2, n + 1):
        out.append(http.get(url, {**params, "page": k}, what=f"{what} page {k} of {n}",
                            check=_page_check(url, k, n, fields)))
        if progress:
            progress(task, k, n)
    return out


def economies(http: Http) -> tuple[dict[str, dict], list[Page]]:
    """The economy list: {3-letter id: {"iso2", "name", "aggregate"}}, plus its pages for the lock record."""
    url = f"{base_url()}/v2/country"
    pages = _pages(http, url, {"format": "json", "per_page": 400}, "World Bank economy list",
                   ("id", "iso2Code", "name", "region"))
    out: dict[str, dict] = {}
    for p in pages:
        for r in p.data[1]:
            region = r["region"].get("value") if isinstance(r["region"], dict) else None
            if region is None:
                raise schema_error(url, f"economy {r['id']!r}", "no region.value")
            out[str(r["id"]).strip()] = {"iso2": str(r["iso2Code"]).strip(), "name": str(r["name"]).strip(),
                                         "aggregate": region.strip() == "Aggregates"}
    if not out:
        raise FetchError(f"World Bank: the economy list is empty ({url})")
    return out, pages


def frames(records: list[dict], indicator: str, econ: dict[str, dict], url: str,
           title: str | None) -> dict[str, pd.DataFrame]:
    by_iso2 = {e["iso2"]: code for code, e in econ.items() if e["iso2"]}
    rows = []
    for i, r in enumerate(records):
        require_keys(r, RECORD_FIELDS, url, f"record {i + 1}")
        ind = r["indicator"].get("id") if isinstance(r["indicator"], dict) else None
        if ind != indicator:
            raise schema_error(url, f"record {i + 1}", f"indicator {ind!r}, expected {indicator}")
        code = str(r["countryiso3code"] or "").strip()
        if not code:  # some old aggregates: only the 2-character id
            code = by_iso2.get(str(r["country"].get("id", "")).strip(), "")
        if code not in econ:
            raise InputError(url, f"record {i + 1}", f"economy {code or r['country']!r} is not in the economy list")
        date = str(r["date"]).strip()
        if not (len(date) == 4 and date.isdigit()):
            raise schema_error(url, f"record {i + 1}, field 'date'", f"not a year: {r['date']!r}")
        v = r["value"]
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise schema_error(url, f"record {i + 1}, field 'value'", f"not a number: {v!r}")
        if isinstance(v, int) and abs(v) >= 2**53 or not math.isfinite(v):  # NaN, Infinity: not JSON numbers
            raise InputError(url, f"record {i + 1}, field 'value'", f"not a finite number: {v!r}")
        name = str(r["country"].get("value", "")).strip() or econ[code]["name"]
        rows.append((name, code, int(date), float(v)))
    obs = pd.DataFrame(rows, columns=["name", "code", "year", "value"])
    agg = obs["code"].map(lambda c: econ[c]["aggregate"]).astype(bool)
    cty = obs[~agg]
    tables = {
        "economy": pd.DataFrame({
            "year": cty["year"].astype("int64"), "iso3": geo.codes_to_iso3(cty["code"], "iso3", file=url,
                                                                            column="countryiso3code"),
            "indicator": indicator, "value": cty["value"].astype("float64"),
            "estimated": pd.Series(pd.NA, index=cty.index, dtype="boolean")}).reset_index(drop=True),
        "economy_aggregates": pd.DataFrame({
            "year": obs[agg]["year"].astype("int64"), "code": obs[agg]["code"], "name": obs[agg]["name"],
            "indicator": indicator, "value": obs[agg]["value"].astype("float64"),
            "estimated": pd.Series(pd.NA, index=obs[agg].index, dtype="boolean")}).reset_index(drop=True),
        "economy_series": pd.DataFrame([{"indicator": indicator, "title": title,
                                         "unit": files.INDICATORS.get(indicator), "definition": None}]),
    }
    return tables


def _layout(indicator: str) -> Layout:
    try:
        return layout(f"worldbank.wdi.{indicator.lower()}")
    except KeyError:  # a series the file adapter does not list: same publisher, same naming
        return Layout(**{**files._layout(indicator).__dict__, "adapter": "worldbank"})


def fetch_indicator(http: Http, indicator: str, econ: dict[str, dict], econ_pages: list[Page], *,
                    years: tuple[int, int] | None = None, per_page: int = DEFAULT_PER_PAGE,
                    progress: Callable[[str, int, int | None], None] | None = None) -> Fetched:
    lay = _layout(indicator)
    url = f"{base_url()}/v2/country/all/indicator/{indicator}"
    params = {"format": "json", "source": 2, "per_page": per_page}
    if years:
        params["date"] = f"{years[0]}:{years[1]}"
    pages = _pages(http, url, params, f"World Bank {indicator}", RECORD_FIELDS, progress, lay.dataset)
    head = pages[0].data[0]
    total = _int(head["total"], url, "header total")
    records = [r for p in pages for r in p.data[1]]
    if len(records) != total:
        raise FetchError(f"World Bank {indicator}: received {len(records)} of {total} records ({url})")
    if not records:
        raise FetchError(f"World Bank {indicator}: the API has no observations (total 0): nothing to load ({url})")
    first_ind = records[0].get("indicator") if isinstance(records[0], dict) else None
    title = first_ind.get("value") if isinstance(first_ind, dict) else None
    tables = frames(records, indicator, econ, pages[0].url, title)
    named = [(f"economies-p{i:04d}.json", p) for i, p in enumerate(econ_pages, start=1)]
    named += [(f"{indicator}-p{i:04d}.json", p) for i, p in enumerate(pages, start=1)]
    note = (f"World Bank API v2 {indicator}, lastupdated {head.get('lastupdated', '?')}, {total} records in "
            f"{len(pages)} page(s); aggregates from the economy list (region 'Aggregates')"
            + ("" if years is None else f"; years {years[0]}-{years[1]}, other years carried from the previous "
                                        "vintage"))
    return Fetched(lay, tables, named, pages[0].url, note, years=years)


def fetch(http: Http, *, indicators: list[str] | None = None, years: tuple[int, int] | None = None,
          per_page: int | None = None, progress=None) -> list[Fetched]:
    codes = [c.upper() for c in (indicators or files.INDICATORS)]
    econ, econ_pages = economies(http)
    return [fetch_indicator(http, c, econ, econ_pages, years=years, per_page=per_page or DEFAULT_PER_PAGE,
                            progress=progress) for c in codes]

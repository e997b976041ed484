"""A local stand-in for the UNHCR, World Bank and IRCC servers, built from the real shared data.

Responses have the real APIs' shapes and quirks (see ``worldbank-wdi/API-FORMATS.md`` and
``hemigov.live.unhcr``): UNHCR pages ``{"page", "maxPages", "total", "items"}`` with counts as ints, "0" or
"-", names with trailing spaces, ISO codes only with ``cf_type=ISO``, years filtered only when ``yearFrom``
AND ``yearTo`` are both given, HTTP 200 + ``maxPages: 0`` when empty; World Bank ``[header, records]`` with
``null`` values for missing years, aggregates first, newest year first, ``per_page`` as a string in the
economy list, errors as HTTP 200 ``message`` lists; IRCC files with HTTP Range support. The values are
those of ``../shared/data`` (UNHCR end-2025 .rda files, WDI 2026-07 CSVs, IRCC workbooks).

Faults are injected per request key ``"<path>#<page>"`` (or ``"<path>"`` for files): ``server.faults[key]``
is a list consumed one request at a time; an entry ending in ``*`` stays (every later request fails too).
Kinds: ``timeout``, ``500``, ``503``, ``429:<seconds>``, ``truncate``, ``malformed``, ``404``, ``schema``,
``short``; and the lies and hostile answers: ``pagelie`` (maxPages/pages say 1), ``bool``, ``nan``, ``string``,
``yearstr`` (a value or the year of the first record as true, NaN, "12.5" or "2019"), ``drip`` (the body a byte
at a time, ``server.drip`` seconds apart), ``huge`` (a 200 MB Content-Length, zeros until the client hangs
up), ``endless`` (the same without Content-Length), ``redirect`` (302 to ``/moved/<same path>``, served),
``redirectloop`` (302 to itself), ``foreign`` (302 to ``localhost``: another host name), ``gzip`` (a corrupt
gzip body) and ``deep`` (JSON nested 100,000 deep). Every request is logged in ``server.log`` as (path, query
dict, headers dict).
"""

from __future__ import annotations

import json
import math
import threading
import time
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pyreadr

from hemigov import geo
from hemigov.sources import worldbank as wb_files

UNHCR_RELEASE = "unhcr-refugees/2026-06-end2025"
ENDPOINT_FILES = {"population": "population", "solutions": "solutions", "asylum-applications": "asylum_applications",
                  "asylum-decisions": "asylum_decisions", "idmc": "idmc"}
COUNT_FIELDS = {
    "population": ["refugees", "asylum_seekers", "returned_refugees", "idps", "returned_idps", "stateless", "ooc",
                   "oip", "hst"],
    "solutions": ["returned_refugees", "resettlement", "naturalisation", "returned_idps"],
    "asylum-applications": ["applied"],
    "asylum-decisions": ["dec_recognized", "dec_other", "dec_rejected", "dec_closed", "dec_total"],
    "idmc": ["total"],
}
TEXT_FIELDS = {"asylum-applications": ["procedure_type", "app_type", "dec_level", "app_pc"],
               "asylum-decisions": ["procedure_type", "dec_level", "dec_pc"]}
WDI = "worldbank-wdi/2026-07_datasets-wdi/indicators"
#: The World Bank's 2-character ids of its aggregates (country.id in indicator records).
WB_AGG_IDS = {
    "AFE": "ZH", "AFW": "ZI", "ARB": "1A", "CEB": "B8", "CSS": "S3", "EAP": "4E", "EAR": "V2", "EAS": "Z4",
    "ECA": "7E", "ECS": "Z7", "EMU": "XC", "EUU": "EU", "FCS": "F1", "HIC": "XD", "HPC": "XE", "IBD": "XF",
    "IBT": "ZT", "IDA": "XG", "IDB": "XH", "IDX": "XI", "INX": "XY", "LAC": "XJ", "LCN": "ZJ", "LDC": "XL",
    "LIC": "XM", "LMC": "XN", "LMY": "XO", "LTE": "V3", "MEA": "ZQ", "MIC": "XP", "MNA": "XQ", "NAC": "XU",
    "OED": "OE", "OSS": "S4", "PRE": "V1", "PSS": "S2", "PST": "V4", "SAS": "8S", "SSA": "ZF", "SSF": "ZG",
    "SST": "S1", "TEA": "T4", "TEC": "T7", "TLA": "T2", "TMN": "T3", "TSA": "T5", "TSS": "T6", "UMC": "XT",
    "WLD": "1W",
}
IRCC_FILES = {
    "EN_ODP_annual-TR-work-TFW_PT_program_year_end.xlsx": "ircc-tfwp-year-end",
    "EN_ODP-PR-CitzImmCat.xlsx": "ircc-permanent-residents-citz-immcat",
}


_ISO2 = dict(zip(geo.countries().iso3, geo.countries().iso2, strict=True))


def _count(v: float):
    """The API's three spellings of a count: an int, the string "0", or "-" (not collected)."""
    if v != v:  # NaN
        return "-"
    return "0" if v == 0 else int(v)


class Mirror:
    """The data behind the responses, built lazily from ``shared`` and cached."""

    def __init__(self, shared: Path) -> None:
        self.shared = shared
        self._items: dict = {}
        self._lock = threading.Lock()

    # --- UNHCR ---------------------------------------------------------------------------------------
    @cache  # noqa: B019 (one Mirror per test session)
    def _unhcr_frame(self, endpoint: str) -> pd.DataFrame:
        name = ENDPOINT_FILES[endpoint]
        return pyreadr.read_r(str(self.shared / UNHCR_RELEASE / f"{name}.rda"))[name]

    def unhcr_items(self, endpoint: str, y0: int | None, y1: int | None, iso: bool) -> list[dict]:
        key = (endpoint, y0, y1, iso)
        with self._lock:
            if key not in self._items:
                self._items[key] = self._build_unhcr(endpoint, y0, y1, iso)
            return self._items[key]

    def _build_unhcr(self, endpoint: str, y0: int | None, y1: int | None, iso: bool) -> list[dict]:
        df = self._unhcr_frame(endpoint)
        if y0 is not None and y1 is not None:  # the real API filters only with both bounds
            df = df[(df.year >= y0) & (df.year <= y1)]
        codes = sorted(set(df.coo) | set(df.coa))
        ids = {c: i + 1 for i, c in enumerate(codes)}
        cols: dict[str, list] = {"year": [int(y) for y in df.year]}
        for side in ("coo", "coa"):
            cols[f"{side}_id"] = [ids[c] for c in df[side]]
            # trailing spaces on some names, as the API sends them
            cols[f"{side}_name"] = [n + " " if len(n) % 4 == 0 else n for n in df[f"{side}_name"]]
            cols[side] = list(df[f"{side}_iso"] if iso else df[side])
            cols[f"{side}_iso"] = list(df[f"{side}_iso"])
        for c in TEXT_FIELDS.get(endpoint, []):
            cols[c] = list(df[c])
        for c in COUNT_FIELDS[endpoint]:
            cols[c] = [_count(v) for v in df[c].to_numpy()]
        names = list(cols)
        return [dict(zip(names, row, strict=True)) for row in zip(*cols.values(), strict=True)]

    # --- World Bank ----------------------------------------------------------------------------------
    @cache  # noqa: B019
    def wdi(self, code: str) -> tuple[str, pd.DataFrame] | None:
        folder = self.shared / WDI / code.lower()
        if not folder.is_dir():
            return None
        title = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["title"]
        df = pd.read_csv(folder / "data.csv", dtype=str, keep_default_na=False)
        return title, df

    @cache  # noqa: B019
    def economies(self) -> list[dict]:
        codes: dict[str, str] = {}
        for folder in sorted((self.shared / WDI).iterdir()):
            _, df = self.wdi(folder.name)
            codes.update(zip(df["Country Code"], df["Country Name"], strict=True))
        table = geo.countries().set_index("iso3")
        out = []
        for code, name in sorted(codes.items()):
            agg = code in wb_files.AGGREGATES
            region = ({"id": "NA", "iso2code": "NA", "value": "Aggregates"} if agg else
                      {"id": "", "iso2code": "", "value": table.loc[code, "wb_region"] or "Not classified"})
            out.append({"id": code, "iso2Code": self.iso2(code), "name": name + (" " if code == "LCN" else ""),
                        "region": region, "adminregion": {"id": "", "iso2code": "", "value": ""},
                        "incomeLevel": {"id": "NA", "iso2code": "NA", "value": "Aggregates"} if agg else
                        {"id": "", "iso2code": "", "value": table.loc[code, "wb_income_group"]},
                        "lendingType": {"id": "", "iso2code": "", "value": ""}, "capitalCity": "",
                        "longitude": "", "latitude": ""})
        return out

    @staticmethod
    def iso2(code: str) -> str:
        if code in WB_AGG_IDS:
            return WB_AGG_IDS[code]
        return _ISO2.get(code) or {"CHI": "JG"}.get(code, code[:2])

    @cache  # noqa: B019
    def wb_records(self, code: str, date: str | None) -> list[dict] | None:
        got = self.wdi(code)
        if got is None:
            return None
        title, df = got
        years = df["Year"].astype(int)
        lo, hi = int(years.min()), int(years.max())
        if date:
            a, _, b = date.partition(":")
            lo, hi = max(lo, int(a)), min(hi, int(b or a))
        values = {(c, int(y)): float(v) for c, y, v in zip(df["Country Code"], df["Year"], df["Value"], strict=True)
                  if v.strip() not in ("", "..")}
        names = dict(zip(df["Country Code"], df["Country Name"], strict=True))
        econ = sorted(names, key=lambda c: (c not in wb_files.AGGREGATES, names[c]))  # aggregates first
        out = []
        for c in econ:
            for y in range(hi, lo - 1, -1):  # newest first; missing years as null records
                v = values.get((c, y))
                out.append({"indicator": {"id": code, "value": title},
                            "country": {"id": self.iso2(c), "value": names[c]},
                            "countryiso3code": "" if c == "INX" else c, "date": str(y),
                            "value": None if v is None or math.isnan(v) else v,
                            "unit": "", "obs_status": "", "decimal": 0})
        return out


class Handler(BaseHTTPRequestHandler):
    server: MirrorServer

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        q = {k: v[-1] for k, v in parse_qs(url.query).items()}
        self.server.log.append((url.path, q, dict(self.headers)))
        page = q.get("page", "1")
        fault = self.server.take(f"{url.path}#{page}") or self.server.take(url.path)
        if url.path.startswith("/moved/"):  # where "redirect" sends: the same answers
            url = url._replace(path=url.path.removeprefix("/moved"))
        if fault == "timeout":
            time.sleep(self.server.delay)
        elif fault in ("500", "503", "404"):
            return self._send(int(fault), b'{"detail": "injected"}')
        elif fault and fault.startswith("429"):
            return self._send(429, b"Too Many Requests", {"Retry-After": fault.partition(":")[2] or "1"})
        elif fault in ("redirect", "redirectloop", "foreign"):
            where = {"redirect": f"/moved{self.path}", "redirectloop": self.path,
                     "foreign": f"http://localhost:{self.server.server_address[1]}{self.path}"}[fault]
            return self._send(302, b"", {"Location": where})
        elif fault in ("huge", "endless"):
            return self._endless(fault == "huge")
        elif fault == "deep":
            return self._send(200, b"[" * 100_000 + b"]" * 100_000)
        elif fault == "gzip":
            return self._send(200, b"\x1f\x8b\x08\x00" + b"not gzip at all" * 50, {"Content-Encoding": "gzip"})
        try:
            if url.path.startswith("/unhcr/population/v1/"):
                status, body = self._unhcr(url.path.split("/")[4], q, fault)
                return self._send(status, body, fault=fault)
            if url.path.startswith("/wb/v2/"):
                status, body = self._wb(url.path.removeprefix("/wb/v2/"), q, fault)
                return self._send(status, body, fault=fault)
            if url.path.startswith("/ircc/"):
                return self._file(url.path.removeprefix("/ircc/"), fault)
        except (BrokenPipeError, ConnectionResetError):
            return None
        return self._send(404, b"not found")

    # --- responses ------------------------------------------------------------------------------------
    def _unhcr(self, endpoint: str, q: dict, fault: str | None) -> tuple[int, bytes]:
        if endpoint not in ENDPOINT_FILES:
            return 404, b'{"detail": "Not found."}'
        y0 = int(q["yearFrom"]) if "yearFrom" in q and "yearTo" in q else None
        y1 = int(q["yearTo"]) if y0 is not None else None
        items = self.server.mirror.unhcr_items(endpoint, y0, y1, q.get("cf_type") == "ISO")
        limit, page = int(q.get("limit", 10)), int(q.get("page", 1))
        pages = math.ceil(len(items) / limit)
        chunk = items[(page - 1) * limit: page * limit]
        if fault == "short":
            chunk = chunk[: len(chunk) // 2]
        if fault == "schema":
            field = COUNT_FIELDS[endpoint][-1]
            chunk = [{("value" if k == field else k): v for k, v in it.items()} for it in chunk]
        if fault in LIES and chunk:
            field = "year" if fault == "yearstr" else COUNT_FIELDS[endpoint][0]
            chunk = [{**chunk[0], field: LIES[fault]}, *chunk[1:]]
        if fault == "pagelie":
            pages = 1
        total = [{"year": "-", **{c: sum(v for it in items if isinstance(v := it[c], int))
                                  for c in COUNT_FIELDS[endpoint]}}] if page == 1 and items else []
        return 200, json.dumps({"page": page, "maxPages": pages, "total": total, "items": chunk}).encode()

    def _wb(self, path: str, q: dict, fault: str | None) -> tuple[int, bytes]:
        page, per_page = int(q.get("page", 1)), q.get("per_page", "50")
        if not per_page.isdigit() or q.get("format") != "json":
            return 200, json.dumps([{"message": [{"id": "120", "key": "Invalid value",
                                                  "value": "The provided parameter value is not valid"}]}]).encode()
        if path == "country":
            records, per = self.server.mirror.economies(), int(per_page)
            head_per: int | str = per_page  # a string here, as the real API sends it
        elif path.startswith("country/all/indicator/"):
            code = path.rsplit("/", 1)[1]
            records = self.server.mirror.wb_records(code, q.get("date"))
            if records is None:
                return 200, json.dumps([{"message": [{"id": "175", "key": "Invalid format", "value":
                                        "The indicator was not found. It may have been deleted or archived."}]}
                                        ]).encode()
            per = int(per_page)
            head_per = per
        else:
            return 404, b"not found"
        pages = max(1, math.ceil(len(records) / per))
        chunk = records[(page - 1) * per: page * per]
        if fault == "short":
            chunk = chunk[:-3]
        if fault == "schema":
            chunk = [{("val" if k == "value" else k): v for k, v in r.items()} for r in chunk]
        if fault in LIES and chunk:
            chunk = [{**chunk[0], "value": LIES[fault]}, *chunk[1:]]
        if fault == "pagelie":
            pages = 1
        head = {"page": page, "pages": pages, "per_page": head_per, "total": len(records), "sourceid": "2",
                "lastupdated": "2026-06-30"}
        return 200, json.dumps([head, chunk if records else None]).encode()

    def _file(self, name: str, fault: str | None) -> None:
        folder = IRCC_FILES.get(name)
        if folder is None:
            return self._send(404, b"not found")
        body = (self.server.mirror.shared / folder / name).read_bytes()
        rng = self.headers.get("Range")
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if rng and rng.startswith("bytes="):
            start = int(rng.removeprefix("bytes=").split("-")[0])
            if start >= len(body):
                return self._send(416, b"", {"Content-Range": f"bytes */{len(body)}"})
            return self._send(206, body[start:], {"Content-Range": f"bytes {start}-{len(body) - 1}/{len(body)}",
                                                  "Content-Type": ctype}, fault=fault)
        return self._send(200, body, {"Content-Type": ctype, "Accept-Ranges": "bytes"}, fault=fault)

    def _send(self, status: int, body: bytes, headers: dict | None = None, fault: str | None = None) -> None:
        if fault == "malformed":
            body = body[: max(1, len(body) // 2)] + b"<html>502 Bad Gateway</html>"
        self.send_response(status)
        self.send_header("Content-Type", (headers or {}).get("Content-Type", "application/json"))
        for k, v in (headers or {}).items():
            if k != "Content-Type":
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if fault == "drip":  # every byte on its own, slowly: each read is quick, the whole never ends in time
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                time.sleep(self.server.drip)
            return
        if fault == "truncate":  # promise the whole body, send part of it, hang up
            self.wfile.write(body[: len(body) // 3])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


    def _endless(self, announce: bool) -> None:
        """Zeros, 1 MiB at a time, until the client hangs up (at most 300 MiB); 200 MB announced or not."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if announce:
            self.send_header("Content-Length", str(200_000_000))
        self.end_headers()
        chunk = b"0" * 2**20
        try:
            for _ in range(300):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


#: Values the lies put in the first record: a JSON true, NaN, a string number, a year as a string.
LIES = {"bool": True, "nan": float("nan"), "string": "12.5", "yearstr": "2019"}


class MirrorServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, mirror: Mirror, delay: float = 2.0) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.mirror = mirror
        self.delay = delay
        self.drip = 0.05
        self.faults: dict[str, list[str]] = {}
        self.log: list[tuple[str, dict, dict]] = []
        self._faults_lock = threading.Lock()

    def take(self, key: str) -> str | None:
        with self._faults_lock:
            todo = self.faults.get(key)
            if not todo:
                return None
            if todo[0].endswith("*"):
                return todo[0][:-1]
            return todo.pop(0)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def env(self) -> dict[str, str]:
        return {"HEMIGOV_UNHCR_API": f"{self.base}/unhcr/population/v1", "HEMIGOV_WORLDBANK_API": f"{self.base}/wb",
                "HEMIGOV_IRCC_BASE": f"{self.base}/ircc"}

    def reset(self) -> None:
        self.faults.clear()
        self.log.clear()


def start(shared: Path, delay: float = 2.0) -> MirrorServer:
    server = MirrorServer(Mirror(shared), delay)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server

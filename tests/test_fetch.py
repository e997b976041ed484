"""Live updates: fetch from a local server that answers like the real APIs with the real shared data, check
that the fetched vintage equals the imported files row for row, inject faults, and diff vintages."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import duckdb
import httpx
import pandas as pd
import pyreadr
import pytest

import hemigov
from hemigov.core.errors import HemigovError, InputError
from hemigov.live import FetchError, OfflineError, Policy
from hemigov.warehouse import reader
from tests import fetch_server
from tests.helpers import run_cli, tree_digest

FETCH_VINTAGE = "2026-11-20"
SINCE = 2019  # population and asylum tables: fetched from this year on
TFWP = "EN_ODP_annual-TR-work-TFW_PT_program_year_end.xlsx"
POLICY = Policy(attempts=3, backoff=1.0, timeout=0.5, connect_timeout=2.0)
#: The mirror builds the World Bank economy list from every WDI CSV on its first request: more than 0.5 s.
WB_POLICY = Policy(attempts=3, backoff=1.0, timeout=10.0, connect_timeout=2.0)


@contextlib.contextmanager
def _env(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class Sleeps(list):
    """The injected sleep: records the waits instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture(scope="module")
def srv(shared_data):
    server = fetch_server.start(shared_data, delay=1.5)
    # Built before any request: POLICY's 0.5 s read timeout is for the faults, not the mirror's first build.
    server.mirror.economies()
    server.mirror.wb_records("SP.POP.TOTL", None)
    with _env(**server.env()):
        yield server
    server.shutdown()


@pytest.fixture(scope="module")
def base_home(srv, tmp_path_factory):
    """Snapshot + one fetched vintage of unhcr.solutions (2026-10-01), the 'previous vintage' of fault tests."""
    h = tmp_path_factory.mktemp("fetch_base")
    with _env(HEMIGOV_HOME=str(h)):
        rep = hemigov.fetch("unhcr", datasets=["solutions"], vintage="2026-10-01", limit=5000, sleep=Sleeps())
    assert rep.status.tolist() == ["loaded"]
    srv.reset()
    return h


@pytest.fixture
def home_copy(base_home, srv, tmp_path, monkeypatch):
    h = tmp_path / "home"
    shutil.copytree(base_home, h)
    monkeypatch.setenv("HEMIGOV_HOME", str(h))
    srv.reset()
    yield h
    srv.reset()


@pytest.fixture(scope="module")
def fetched(base_home, srv, tmp_path_factory):
    """Every UNHCR endpoint, two WDI series and an IRCC workbook fetched into one home."""
    h = tmp_path_factory.mktemp("fetch_all") / "home"
    shutil.copytree(base_home, h)
    with _env(HEMIGOV_HOME=str(h)):
        rep = hemigov.fetch(["unhcr", "worldbank", "ircc"], datasets=["solutions", "idmc"],
                            indicators=["SP.POP.TOTL", "BX.TRF.PWKR.CD.DT"], files=[TFWP], vintage=FETCH_VINTAGE,
                            limit=20_000, per_page=5000, force=True, sleep=Sleeps())
        # the three large tables for recent years only (other years are carried from the snapshot)
        rep = pd.concat([rep, hemigov.fetch("unhcr", datasets=["population", "asylum-applications",
                                                               "asylum-decisions"],
                                            years=(SINCE, 2025), limit=20_000, vintage=FETCH_VINTAGE,
                                            sleep=Sleeps())])
    log = list(srv.log)
    srv.reset()
    return h, rep, log


def _state(home: Path) -> tuple:
    """What must not change after a failed fetch: the warehouse file's bytes and the raw stage."""
    wh = home / "warehouse.duckdb"
    raw = home / "raw"
    return (hashlib.sha256(wh.read_bytes()).hexdigest(), tree_digest(raw) if raw.exists() else {})


def _rows(db: Path, table: str, dataset: str, vintage: str) -> pd.DataFrame:
    reader.close()  # the process's held read connection: DuckDB allows one configuration per open file
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f'SELECT * EXCLUDE (dataset, vintage) FROM "{table}" WHERE dataset = ? AND vintage = ?',
                           [dataset, vintage]).df()
    finally:
        con.close()


def _mismatch(a: Path, va: str, b: Path, vb: str, table: str, dataset: str,
              where: str = "true") -> tuple[int, int, int]:
    """(rows in a, rows of a not in b, rows of b not in a) for one dataset's table in two warehouse files."""
    reader.close()
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{a}' AS a (READ_ONLY)")
        con.execute(f"ATTACH '{b}' AS b (READ_ONLY)")
        sa = f'SELECT * EXCLUDE (dataset, vintage) FROM a."{table}" WHERE dataset = $ds AND vintage = $va AND {where}'
        sb = f'SELECT * EXCLUDE (dataset, vintage) FROM b."{table}" WHERE dataset = $ds AND vintage = $vb AND {where}'
        p = {"ds": dataset, "va": va, "vb": vb}
        n = con.execute(f"SELECT count(*) FROM ({sa})", {"ds": dataset, "va": va}).fetchone()[0]
        only_a = con.execute(f"SELECT count(*) FROM ({sa} EXCEPT ALL {sb})", p).fetchone()[0]
        only_b = con.execute(f"SELECT count(*) FROM ({sb} EXCEPT ALL {sa})", p).fetchone()[0]
        return n, only_a, only_b
    finally:
        con.close()


# --- a fetch reproduces the imported files ----------------------------------------------------------

@pytest.mark.parametrize("dataset, table", [
    ("unhcr.population", "displacement"), ("unhcr.solutions", "solutions"), ("unhcr.idmc", "idps"),
    ("unhcr.asylum_applications", "asylum_applications"), ("unhcr.asylum_decisions", "asylum_decisions")])
def test_unhcr_fetch_equals_the_imported_release(fetched, full_home, dataset, table):
    h, rep, _ = fetched
    partial = dataset not in ("unhcr.solutions", "unhcr.idmc")
    n, only_fetched, only_imported = _mismatch(h / "warehouse.duckdb", FETCH_VINTAGE, full_home / "warehouse.duckdb",
                                               "2026-06", table, dataset, f"year >= {SINCE}" if partial else "true")
    assert n > 0 and only_fetched == 0 and only_imported == 0
    if not partial:
        assert rep.set_index("dataset").loc[dataset, "rows"] == n


@pytest.mark.parametrize("indicator", ["sp.pop.totl", "bx.trf.pwkr.cd.dt"])
@pytest.mark.parametrize("table", ["economy", "economy_aggregates"])
def test_worldbank_fetch_equals_the_imported_csv(fetched, full_home, indicator, table):
    h, _, _ = fetched
    n, only_fetched, only_imported = _mismatch(h / "warehouse.duckdb", FETCH_VINTAGE, full_home / "warehouse.duckdb",
                                               "2026-07", table, f"worldbank.wdi.{indicator}")
    assert n > 0 and (only_fetched, only_imported) == (0, 0)


def test_ircc_file_fetch_equals_the_import(fetched, full_home, shared_data):
    h, rep, _ = fetched
    n, a, b = _mismatch(h / "warehouse.duckdb", "2024-12", full_home / "warehouse.duckdb", "2024-12", "tfwp_holders",
                        "ircc.tfwp_holders")
    assert n == 3300 and (a, b) == (0, 0)
    kept = h / "raw" / "ircc.tfwp_holders" / "2024-12" / TFWP
    assert kept.read_bytes() == (shared_data / "ircc-tfwp-year-end" / TFWP).read_bytes()


def test_fetched_vintage_is_current_and_says_where_it_came_from(fetched):
    h, _, _ = fetched
    with _env(HEMIGOV_HOME=str(h)):
        st = hemigov.status().set_index(["dataset", "vintage"])
        row = st.loc[("unhcr.population", FETCH_VINTAGE)]
        assert row.origin == "fetch" and bool(row.is_current) and row.licence == "CC BY 4.0"
        assert "unhcr/population/v1/population/" in row.source_url
        # the earlier fetched vintage stays queryable beside the new one
        assert set(hemigov.table("solutions", vintage="2026-10-01").year) == set(
            hemigov.table("solutions", vintage=FETCH_VINTAGE).year)
        v = hemigov.query("SELECT DISTINCT vintage FROM v_displacement")
    assert v.vintage.tolist() == [FETCH_VINTAGE]


def test_raw_pages_are_byte_identical_with_a_lock_record(fetched, srv):
    h, _, _ = fetched
    folder = h / "raw" / "unhcr.idmc" / FETCH_VINTAGE
    lock = json.loads((folder / "lock.json").read_text())
    assert lock["dataset"] == "unhcr.idmc" and lock["origin"] == "fetch" and lock["rows"] == {"idps": 912}
    for f in lock["files"]:
        body = (folder / f["file"]).read_bytes()
        assert hashlib.sha256(body).hexdigest() == f["sha256"] and len(body) == f["bytes"]
        assert httpx.get(f["url"]).content == body  # what the server sent, byte for byte
    st = _rows(h / "warehouse.duckdb", "idps", "unhcr.idmc", FETCH_VINTAGE)
    assert len(st) == 912


def test_requests_follow_the_api_rules(fetched, shared_data):
    _, _, log = fetched
    pop = pyreadr.read_r(str(shared_data / "unhcr-refugees/2026-06-end2025/population.rda"))["population"]
    n_pages = -(-int((pop.year >= SINCE).sum()) // 20_000)
    unhcr = [(p, q) for p, q, _ in log if p.startswith("/unhcr/")]
    assert unhcr and all(q["cf_type"] == "ISO" and "yearFrom" in q and "yearTo" in q and q["coo_all"] == "true"
                         for _, q in unhcr)
    pages = sorted(int(q["page"]) for p, q in unhcr if p.endswith("/population/"))
    assert n_pages > 1 and pages == list(range(1, n_pages + 1))
    wb = [q for p, q, _ in log if p.startswith("/wb/v2/country/all/indicator/SP.POP.TOTL")]
    assert sorted(int(q["page"]) for q in wb) == [1, 2, 3, 4] and all(q["format"] == "json" for q in wb)


def test_not_collected_stays_null_and_zero_stays_zero(fetched, shared_data):
    """'-' (not collected) is NULL, "0" is 0: Colombia -> Canada 2024, cell by cell from population.rda."""
    h, _, _ = fetched
    pop = pyreadr.read_r(str(shared_data / "unhcr-refugees/2026-06-end2025/population.rda"))["population"]
    cell = pop[(pop.year == 2024) & (pop.coo == "COL") & (pop.coa == "CAN")].iloc[0]
    got = _rows(h / "warehouse.duckdb", "displacement", "unhcr.population", FETCH_VINTAGE)
    got = got[(got.year == 2024) & (got.origin_iso3 == "COL") & (got.asylum_iso3 == "CAN")].set_index(
        "population_type").persons
    kinds = set()
    for col in ("refugees", "asylum_seekers", "returned_refugees", "idps", "stateless", "ooc", "oip", "hst"):
        if pd.isna(cell[col]):
            assert pd.isna(got[col]), col
            kinds.add("not collected")
        else:
            assert got[col] == cell[col], col
            kinds.add("zero" if cell[col] == 0 else "count")
    assert kinds == {"not collected", "zero", "count"}


def test_cases_and_persons_stay_apart(fetched, shared_data):
    h, _, _ = fetched
    apps = _rows(h / "warehouse.duckdb", "asylum_applications", "unhcr.asylum_applications", FETCH_VINTAGE)
    src = pyreadr.read_r(str(shared_data / "unhcr-refugees/2026-06-end2025/asylum_applications.rda"))
    src = src["asylum_applications"]
    src, got = src[src.year == 2019], apps[apps.year == 2019]
    for pc, unit in (("C", "cases"), ("P", "persons")):
        assert got[got.unit == unit].applied.sum() == src[src.app_pc == pc].applied.sum() > 0


def test_aggregates_come_from_the_economy_list(fetched):
    h, _, _ = fetched
    agg = _rows(h / "warehouse.duckdb", "economy_aggregates", "worldbank.wdi.sp.pop.totl", FETCH_VINTAGE)
    names = dict(zip(agg.code, agg.name, strict=False))
    assert names["LCN"] == "Latin America & Caribbean" and "WLD" in names
    eco = _rows(h / "warehouse.duckdb", "economy", "worldbank.wdi.sp.pop.totl", FETCH_VINTAGE)
    assert not set(eco.iso3) & set(agg.code)


def test_identical_data_is_not_loaded_twice(home_copy, srv):
    before = _state(home_copy)
    rep = hemigov.fetch("unhcr", datasets=["solutions"], vintage="2026-11-21", limit=5000, sleep=Sleeps())
    assert rep.status.tolist() == ["unchanged"] and rep.vintage.tolist() == ["2026-11-21"]
    assert _state(home_copy) == before


def test_partial_years_carry_the_rest_from_the_previous_vintage(home_copy):
    rep = hemigov.fetch("unhcr", datasets=["solutions"], years=(2020, 2025), vintage="2026-11-22", limit=5000,
                        sleep=Sleeps())
    assert rep.status.tolist() == ["loaded"]
    new, old = hemigov.table("solutions", vintage="2026-11-22"), hemigov.table("solutions", vintage="2026-10-01")
    assert len(new) == len(old) == rep.rows.iloc[0]
    notes = hemigov.status().set_index(["dataset", "vintage"]).loc[("unhcr.solutions", "2026-11-22"), "notes"]
    assert "carried from vintage 2026-10-01" in notes


def test_empty_result_is_reported_not_loaded(home_copy):
    before = _state(home_copy)
    with pytest.raises(FetchError, match="no rows for 2090-2091.*maxPages 0"):
        hemigov.fetch("unhcr", datasets=["idmc"], years=(2090, 2091), sleep=Sleeps())
    assert _state(home_copy) == before


# --- fault injection -----------------------------------------------------------------------------------

SOL = "/unhcr/population/v1/solutions/"


def _fetch_solutions(**kw):
    return hemigov.fetch("unhcr", datasets=["solutions"], vintage=FETCH_VINTAGE, limit=5000, force=True,
                         policy=POLICY, **kw)


@pytest.mark.parametrize("faults, waits", [
    (["500", "503"], [1.0, 2.0]),  # exponential backoff
    (["429:7"], [7.0]),  # Retry-After honoured (longer than the backoff)
    (["timeout"], [1.0]),
    (["truncate"], [1.0]),  # Content-Length promised, connection closed early
    (["malformed"], [1.0]),
    (["short"], [1.0]),  # a page with fewer items than the limit before the last page
])
def test_transient_faults_are_retried(home_copy, srv, faults, waits):
    srv.faults[f"{SOL}#3"] = list(faults)
    sleeps = Sleeps()
    rep = _fetch_solutions(sleep=sleeps)
    assert rep.status.tolist() == ["loaded"] and sleeps == waits
    assert len(hemigov.table("solutions", vintage=FETCH_VINTAGE)) == len(hemigov.table("solutions",
                                                                                        vintage="2026-10-01"))


@pytest.mark.parametrize("fault, error, match, attempts", [
    ("500*", FetchError, r"gave up after 3 attempt\(s\): HTTP 500", 3),
    ("truncate*", FetchError, r"gave up after 3 attempt\(s\): RemoteProtocolError", 3),
    ("malformed*", FetchError, r"gave up after 3 attempt\(s\): UNHCR page 3: malformed JSON", 3),
    ("timeout*", FetchError, r"gave up after 3 attempt\(s\): timed out", 3),
    ("short*", FetchError, r"page 3 of 5 holds 2500 items, expected 5000", 3),
    ("404", FetchError, r"HTTP 404 Not Found from .*page=3", 1),  # a page missing mid-way: not retried
    ("schema", InputError, r"missing field\(s\) 'returned_idps'.*format changed", 1),
    ("429:9999", FetchError, r"retry after 9999 s.*try again later", 1),
    # values the file adapters would refuse (formerly a JSON true was stored as 1 and NaN as NULL)
    ("bool", InputError, r"item 10001, field 'returned_refugees': not a count: True", 1),
    ("nan", InputError, r"item 10001, field 'returned_refugees': not a finite number: nan", 1),
    ("string", InputError, r"item 10001, field 'returned_refugees': not a count: '12.5'", 1),
    ("yearstr", InputError, r"item 10001, field 'year': not a year: '2019'", 1),
    # hostile answers: each ends in one line within its deadline
    ("drip*", FetchError, r"gave up after 3 attempt\(s\): the response took longer than the 0.5 s allowed", 3),
    ("huge", FetchError, r"the response is 200,000,000 bytes, more than the 67,108,864 bytes a fetch takes", 1),
    ("redirectloop", FetchError, r"redirect loop", 1),
    ("foreign", FetchError, r"redirected to http://localhost:\d+, another host than the one configured", 1),
    ("gzip*", FetchError, r"gave up after 3 attempt\(s\): DecodingError", 3),
    ("deep", FetchError, r"nested too deeply to parse", 1),
])
def test_failures_end_in_a_clear_error_and_change_nothing(home_copy, srv, fault, error, match, attempts):
    before = _state(home_copy)
    prev = hemigov.table("solutions", vintage="2026-10-01")
    srv.faults[f"{SOL}#3"] = [fault]
    t = time.monotonic()
    with pytest.raises(error, match=match) as exc:
        _fetch_solutions(sleep=Sleeps())
    assert time.monotonic() - t < 15  # 3 attempts of at most POLICY.timeout each, plus pages 1-2 and parsing
    assert "\n" not in str(exc.value)
    assert sum(1 for p, q, _ in srv.log if p == SOL and q["page"] == "3") == attempts
    assert _state(home_copy) == before
    pd.testing.assert_frame_equal(hemigov.table("solutions", vintage="2026-10-01"), prev)
    assert FETCH_VINTAGE not in set(hemigov.status().vintage)


def test_a_page_count_that_under_reports_is_refused(home_copy, srv):
    """Every page says maxPages 1: page 1 alone would be a truncated vintage; the API's totals refuse it."""
    before = _state(home_copy)
    srv.faults["/unhcr/population/v1/idmc/"] = ["pagelie*"]
    with pytest.raises(FetchError, match=r"UNHCR idmc: the 181 items of 1 page\(s\) add up to [\d,]+ total, the "
                                         r"API's total says [\d,]+: pages are missing .* refusing the vintage"):
        hemigov.fetch("unhcr", datasets=["idmc"], limit=181, vintage=FETCH_VINTAGE, sleep=Sleeps(), policy=POLICY)
    assert _state(home_copy) == before
    srv.reset()
    srv.faults["/wb/v2/country/all/indicator/SP.POP.TOTL"] = ["pagelie*"]
    with pytest.raises(FetchError, match=r"received 5000 of 17\d{3} records"):
        hemigov.fetch("worldbank", indicators=["SP.POP.TOTL"], per_page=5000, sleep=Sleeps(), policy=WB_POLICY)
    assert _state(home_copy) == before


@pytest.mark.parametrize("fault, match", [("nan", r"record 1, field 'value': not a finite number: nan"),
                                          ("bool", r"record 1, field 'value': not a number: True"),
                                          ("string", r"record 1, field 'value': not a number: '12.5'")])
def test_worldbank_values_follow_the_file_rules(home_copy, srv, fault, match):
    srv.faults["/wb/v2/country/all/indicator/SP.POP.TOTL#1"] = [fault]
    before = _state(home_copy)
    with pytest.raises(InputError, match=match):
        hemigov.fetch("worldbank", indicators=["SP.POP.TOTL"], per_page=5000, sleep=Sleeps(), policy=WB_POLICY)
    assert _state(home_copy) == before


def test_the_whole_run_has_a_deadline(home_copy, srv):
    srv.faults[f"{SOL}#2"] = ["drip*"]
    before = _state(home_copy)
    t = time.monotonic()
    with pytest.raises(FetchError, match="overall deadline of 2 s"):
        hemigov.fetch("unhcr", datasets=["solutions"], vintage=FETCH_VINTAGE, limit=5000, force=True, sleep=Sleeps(),
                      policy=Policy(attempts=20, backoff=0.01, timeout=0.5, run_deadline=2))
    assert time.monotonic() - t < 4
    assert _state(home_copy) == before


def test_a_redirect_within_the_host_is_followed_and_recorded(home_copy, srv):
    srv.faults[f"{SOL}#3"] = ["redirect"]
    rep = _fetch_solutions(sleep=Sleeps())
    assert rep.status.tolist() == ["loaded"]
    lock = json.loads((home_copy / "raw" / "unhcr.solutions" / FETCH_VINTAGE / "lock.json").read_text())
    third = lock["files"][2]
    assert "/moved/unhcr/population/v1/solutions/" in third["url"] and "page=3" in third["url"]
    assert third["requested_url"].startswith(srv.base + SOL)
    assert "requested_url" not in lock["files"][1]


def test_an_endless_body_is_cut_at_the_size_limit(home_copy, srv):
    """No Content-Length, zeros until the client hangs up: refused at max_bytes, not retried."""
    srv.faults[f"{SOL}#3"] = ["endless"]
    before = _state(home_copy)
    with pytest.raises(FetchError, match=r"page 3 of 5: the response passed 4,194,304 bytes .* refused"):
        hemigov.fetch("unhcr", datasets=["solutions"], vintage=FETCH_VINTAGE, limit=5000, force=True, sleep=Sleeps(),
                      policy=Policy(attempts=3, timeout=30, max_bytes=4 * 2**20))
    assert sum(1 for p, q, _ in srv.log if p == SOL and q["page"] == "3") == 1
    assert _state(home_copy) == before


def test_a_huge_download_is_refused_and_not_kept(home_copy, srv):
    srv.faults[f"/ircc/{TFWP}"] = ["endless"]
    before = _state(home_copy)
    with pytest.raises(FetchError, match="passed 1,048,576 bytes"):
        hemigov.fetch("ircc", files=[TFWP], sleep=Sleeps(), policy=Policy(attempts=2, timeout=5, max_bytes=2**20))
    assert _state(home_copy) == before
    assert not list((home_copy / "cache").rglob("*.part"))


def test_retry_notices_are_one_line_each(home_copy, srv, capsys, monkeypatch):
    """A long reason (connection refused) on an 80-column stderr: formerly wrapped in mid-word."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    monkeypatch.setenv("HEMIGOV_UNHCR_API", f"http://127.0.0.1:{port}/unhcr/population/v1")
    monkeypatch.setattr("hemigov.live.time.sleep", lambda s: None)
    monkeypatch.setattr("hemigov.live.http.time.sleep", lambda s: None)
    code, _, err = run_cli(["data", "fetch", "--source", "unhcr", "--dataset", "idmc", "--retries", "3"], capsys)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 1 and len(lines) == 3, err
    assert all(ln.startswith("retry UNHCR idmc page 1 (attempt ") and ln.endswith(" s") for ln in lines[:2]), err
    assert "Connection refused" in lines[0] and lines[2].startswith("error: UNHCR idmc page 1: gave up after 3")


def test_a_fetch_waits_for_an_import_or_fails_with_one_line(home_copy, srv, shared_data, monkeypatch):
    from tests.consistency import hemigov_process, wait_for_line

    imp = hemigov_process(["data", "import", str(shared_data / "policy-timeline/timeline.csv")], home_copy,
                          HEMIGOV_PAUSE_AT="written:4")
    wait_for_line(imp, "paused at written")
    monkeypatch.setenv("HEMIGOV_WRITER_WAIT", "0")
    with pytest.raises(HemigovError, match=r"another hemigov writer \(import, PID \d+"):
        hemigov.fetch("unhcr", datasets=["idmc"], vintage=FETCH_VINTAGE, sleep=Sleeps())
    monkeypatch.setenv("HEMIGOV_WRITER_WAIT", "60")
    rep = hemigov.fetch("unhcr", datasets=["idmc"], vintage=FETCH_VINTAGE, sleep=Sleeps())  # waits, then lands
    imp.communicate(timeout=60)
    assert imp.returncode == 0 and rep.status.tolist() == ["loaded"]
    assert {"timeline.events", "unhcr.idmc"} <= set(hemigov.status().dataset)


def test_a_failed_fetch_resumes_where_it_stopped(home_copy, srv):
    srv.faults[f"{SOL}#4"] = ["500*"]
    with pytest.raises(FetchError):
        _fetch_solutions(sleep=Sleeps())
    srv.reset()
    rep = _fetch_solutions(sleep=Sleeps())
    assert rep.status.tolist() == ["loaded"]
    assert sorted(int(q["page"]) for p, q, _ in srv.log if p == SOL) == [4, 5]  # pages 1-3 from the resume cache
    assert not list((home_copy / "cache" / "fetch").glob("*.page"))  # emptied once loaded


def test_one_failing_source_loads_nothing(home_copy, srv):
    before = _state(home_copy)
    with pytest.raises(FetchError, match="175 Invalid format: The indicator was not found"):
        hemigov.fetch(["unhcr", "worldbank"], datasets=["idmc"], indicators=["SM.POP.REFG"], sleep=Sleeps())
    assert _state(home_copy) == before


def test_worldbank_changed_schema(home_copy, srv):
    srv.faults["/wb/v2/country/all/indicator/SP.POP.TOTL#2"] = ["schema"]
    before = _state(home_copy)
    with pytest.raises(InputError, match=r"indicator/SP.POP.TOTL: page 2, record 1: missing field\(s\) 'value'"):
        hemigov.fetch("worldbank", indicators=["SP.POP.TOTL"], per_page=5000, sleep=Sleeps(), policy=POLICY)
    assert _state(home_copy) == before


def test_worldbank_retries_a_page_cut_short(home_copy, srv):
    srv.faults["/wb/v2/country/all/indicator/SP.POP.TOTL#2"] = ["short", "503"]
    sleeps = Sleeps()
    rep = hemigov.fetch("worldbank", indicators=["SP.POP.TOTL"], per_page=5000, sleep=sleeps, policy=POLICY,
                        vintage=FETCH_VINTAGE)
    assert rep.status.tolist() == ["loaded"] and sleeps == [1.0, 2.0]
    assert rep.rows.iloc[0] == 17395  # as the import of the 2026-07 CSV


def test_download_resumes_with_range(home_copy, srv, shared_data):
    srv.faults[f"/ircc/{TFWP}"] = ["truncate"]
    rep = hemigov.fetch("ircc", files=[TFWP], force=True, sleep=Sleeps(), policy=POLICY)
    assert rep.status.tolist() == ["loaded"] and rep.vintage.tolist() == ["2024-12"]
    ranges = [h.get("Range") for p, _, h in srv.log if p == f"/ircc/{TFWP}"]
    size = (shared_data / "ircc-tfwp-year-end" / TFWP).stat().st_size
    assert ranges == [None, f"bytes={size // 3}-"]
    kept = home_copy / "raw" / "ircc.tfwp_holders" / "2024-12" / TFWP
    assert kept.read_bytes() == (shared_data / "ircc-tfwp-year-end" / TFWP).read_bytes()


def test_offline_refuses_the_network(home_copy, srv, monkeypatch, capsys):
    before = _state(home_copy)
    with pytest.raises(OfflineError, match="offline: refusing to download"):
        hemigov.fetch("unhcr", offline=True)
    monkeypatch.setenv("HEMIGOV_OFFLINE", "1")
    with pytest.raises(OfflineError):
        hemigov.fetch("worldbank")
    monkeypatch.delenv("HEMIGOV_OFFLINE")
    code, _, err = run_cli(["data", "fetch", "--offline", "--source", "ircc"], capsys)
    assert code == 1 and "offline: refusing to download" in err
    assert srv.log == [] and _state(home_copy) == before


def test_cli_fetch_then_unchanged(home_copy, srv, capsys):
    code, out, _ = run_cli(["data", "fetch", "--source", "unhcr", "--dataset", "idmc", "--json"], capsys)
    assert code == 0
    first = json.loads(out)
    assert [(r["dataset"], r["status"], r["rows"]) for r in first] == [("unhcr.idmc", "loaded", 912)]
    code, out, _ = run_cli(["data", "fetch", "--source", "unhcr", "--dataset", "idmc", "--json"], capsys)
    assert code == 0 and json.loads(out)[0]["status"] == "unchanged"
    # the fetch reproduces the snapshot's end-2025 idmc exactly: nothing to report
    code, out, _ = run_cli(["data", "diff", "unhcr.idmc", "--json"], capsys)
    res = json.loads(out)
    assert code == 0 and res["from_vintage"] == "2026-06" and res["to_vintage"] == first[0]["vintage"]
    s = res["summary"][0]
    assert (s["rows_added"], s["rows_removed"], s["cells_revised"]) == (0, 0, 0) and res["revisions"] == []



def test_bad_parameters(home_copy):
    with pytest.raises(HemigovError, match="unknown source"):
        hemigov.fetch("eurostat")
    with pytest.raises(HemigovError, match=r"unknown UNHCR dataset\(s\) \['flows'\]"):
        hemigov.fetch("unhcr", datasets=["flows"])
    with pytest.raises(InputError, match="not an IRCC file layout"):
        hemigov.fetch("ircc", files=["whatever.xlsx"])


# --- diff ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pop_diff(full_home):
    with _env(HEMIGOV_HOME=str(full_home)):
        return hemigov.diff("unhcr.population", "2025-06", "2026-06", limit=100_000)


def test_diff_finds_the_ukraine_poland_revision(pop_diff):
    rev = pop_diff["revisions"]
    top = rev.iloc[0]  # largest first: UNHCR revised 2022 returns from Poland from 403,000 to 285,000
    assert (top.year, top.origin_iso3, top.asylum_iso3, top.population_type) == (2022, "UKR", "POL",
                                                                                 "returned_refugees")
    assert (top.old, top.new, top.change) == (403000, 285000, -118000)
    assert top.rel_change == pytest.approx(-118000 / 403000)
    assert (rev.change.abs().diff().dropna() <= 0).all()
    assert {"UKR", "POL"} <= set(pop_diff["countries"]) and 2022 in pop_diff["years"]


def test_diff_counts_match_an_independent_pandas_comparison(full_home, shared_data):
    """Rows added/removed and cells revised of unhcr.solutions, recomputed from the two .rda files."""
    def long(release):
        df = pyreadr.read_r(str(shared_data / "unhcr-refugees" / release / "solutions.rda"))["solutions"]
        return df.melt(id_vars=["year", "coo", "coa"], value_vars=["returned_refugees", "resettlement",
                                                                   "naturalisation", "returned_idps"],
                        var_name="t", value_name="v").set_index(["year", "coo", "coa", "t"]).v
    old, new = long("2025-06-end2024"), long("2026-06-end2025")
    both = old.index.intersection(new.index)
    o, n = old.loc[both], new.loc[both]
    revised = int(((o != n) & ~(o.isna() & n.isna())).sum())
    with _env(HEMIGOV_HOME=str(full_home)):
        res = hemigov.diff("unhcr.solutions")
    s = res["summary"].iloc[0]
    assert (res["from_vintage"], res["to_vintage"]) == ("2025-06", "2026-06")
    assert s.rows_added == len(new.index.difference(old.index))
    assert s.rows_removed == len(old.index.difference(new.index))
    assert s.cells_revised == revised


def test_diff_cli_and_summary_of_all(full, capsys):
    code, out, _ = run_cli(["data", "diff", "unhcr.population", "--from", "2025-06", "--to", "2026-06",
                            "--limit", "5"], capsys)
    assert code == 0 and "403000" in out and "285000" in out and "years affected" in out
    code, out, _ = run_cli(["data", "diff", "--json"], capsys)
    allds = pd.DataFrame(json.loads(out))
    assert {"unhcr.population", "unhcr.solutions", "worldbank.wdi.bx.trf.pwkr.cd.dt"} <= set(allds.dataset)
    code, _, err = run_cli(["data", "diff", "unhcr.population", "--from", "2024-01"], capsys)
    assert code == 2 and "has no vintage '2024-01'" in err
    code, _, err = run_cli(["data", "diff", "unhcr.popul"], capsys)
    assert code == 2 and "did you mean unhcr.population" in err

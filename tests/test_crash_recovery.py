"""Nothing lost when a writer dies: a SIGKILL at each stage of an import or a fetch (``HEMIGOV_CRASH_AT``) and
one from outside; the next writer completes or rolls back, leaving warehouse and raw/ consistent (every loaded
dataset has its raw copy with the recorded sha256) and no temporary files. Also: inputs read once, the
'unchanged' rule, and one line for a read-only home, a full disk and MemoryError."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

import hemigov
from hemigov.core.errors import InputError
from hemigov.warehouse import load, store
from tests import fetch_server
from tests.consistency import SRC, assert_consistent, hemigov_process, loaded, run_hemigov
from tests.helpers import run_cli, tree_digest

IDMC = "unhcr-refugees/2026-06-end2025/idmc.rda"
TIMELINE = "policy-timeline/timeline.csv"
RCMP = "asylum-claims-rcmp-interceptions/rcmp_interceptions.csv"
RAD = "irb-irregular-crossers-and-rad-appeals/rad_appeals.csv"
NEW = {("unhcr.idmc", "2026-06"), ("timeline.events", "2026-12")}


@pytest.fixture
def started(home, shared_data):
    hemigov.import_data([shared_data / RCMP])
    return home


@pytest.mark.parametrize("stage", store.STAGES)
def test_import_killed_at_each_stage_is_completed_or_rolled_back(stage, started, shared_data):
    before = loaded(started)
    res = run_hemigov(["data", "import", str(shared_data / IDMC), str(shared_data / TIMELINE)], started,
                      HEMIGOV_CRASH_AT=stage)
    assert res.returncode == -signal.SIGKILL, res.stderr
    hemigov.import_data([shared_data / RAD])  # the next writer, about something else
    got = assert_consistent(started)
    swapped = store.STAGES.index(stage) >= store.STAGES.index("swapped")
    assert (NEW <= set(got)) is swapped and set(before) <= set(got)
    assert ("irb.rad_appeals", "2024-05") in got or any(k[0] == "irb.rad_appeals" for k in got)
    rep = hemigov.import_data([shared_data / IDMC, shared_data / TIMELINE])  # and the import again
    assert set(rep.status) == ({"unchanged"} if swapped else {"loaded"})
    assert NEW <= set(assert_consistent(started))


def test_a_real_sigkill_mid_import(started, shared_data):
    """Killed from outside while the warehouse copy is being written (the largest UNHCR files)."""
    before = loaded(started)
    proc = hemigov_process(["data", "import", str(shared_data / "unhcr-refugees/2026-06-end2025")], started)
    deadline = time.monotonic() + 120
    while not list(started.glob(".warehouse.duckdb.*.tmp")) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert list(started.glob(".warehouse.duckdb.*.tmp")) and list((started / "raw").glob(".staging-*"))
    hemigov.import_data([shared_data / RAD])
    got = assert_consistent(started)
    assert set(before) <= set(got) and not any(ds == "unhcr.population" for ds, _ in got)


def test_leftovers_of_killed_writers_are_removed(started, shared_data):
    (started / ".warehouse.duckdb.99999.tmp").write_bytes(b"x" * 1000)
    (started / ".warehouse.duckdb.99999.tmp.wal").write_bytes(b"x")
    junk = started / "raw" / ".staging-99999" / "unhcr.idmc" / "2026-06"
    junk.mkdir(parents=True)
    (junk / "idmc.rda").write_bytes(b"half a file")
    hemigov.import_data([shared_data / TIMELINE])
    assert_consistent(started)
    assert not (started / "raw" / "unhcr.idmc").exists()


def test_unchanged_needs_the_raw_copy_intact(started, shared_data):
    hemigov.import_data([shared_data / IDMC])
    kept = started / "raw" / "unhcr.idmc" / "2026-06" / "idmc.rda"
    for damage in (lambda: kept.write_bytes(b"damaged"), kept.unlink):
        damage()
        rep = hemigov.import_data([shared_data / IDMC])
        assert rep.status.tolist() == ["loaded"]  # restored, not "unchanged"
        assert kept.read_bytes() == (shared_data / IDMC).read_bytes()
        assert hemigov.import_data([shared_data / IDMC]).status.tolist() == ["unchanged"]


def test_a_file_rewritten_after_it_was_copied_loads_the_copy(started, shared_data, tmp_path, monkeypatch):
    """Rows, sha256 and raw copy come from the same bytes: the copy, whatever happens to the original."""
    f = tmp_path / "in" / "2026-06-end2025" / "idmc.rda"
    f.parent.mkdir(parents=True)
    shutil.copyfile(shared_data / IDMC, f)
    original = f.read_bytes()
    real = load.reading_copy

    def rewrite_then_read(copy, source):
        f.write_bytes((shared_data / "unhcr-refugees/2025-06-end2024/idmc.rda").read_bytes())
        return real(copy, source)

    monkeypatch.setattr(load, "reading_copy", rewrite_then_read)
    rep = hemigov.import_data([f])
    assert rep.status.tolist() == ["loaded"] and rep.vintage.tolist() == ["2026-06"]
    got = assert_consistent(started)
    assert got[("unhcr.idmc", "2026-06")] == hashlib.sha256(original).hexdigest()
    assert (started / "raw/unhcr.idmc/2026-06/idmc.rda").read_bytes() == original
    assert hemigov.table("idps").year.max() == 2025  # the end-2025 rows, as in the copy (not end-2024)


def test_a_file_that_changes_while_it_is_copied_is_refused(started, shared_data, tmp_path, monkeypatch):
    f = tmp_path / "timeline.csv"
    shutil.copyfile(shared_data / TIMELINE, f)
    before = tree_digest(started)

    class Growing:
        """hashlib stand-in: the first chunk hashed, the file grows (a download still being written)."""

        @staticmethod
        def sha256():
            h = hashlib.sha256()

            class Wrapped:
                grown = False

                def update(self, chunk):
                    if not self.grown:
                        with open(f, "ab") as out:
                            out.write(b"\n2026,event,x,y,z,,,https://example.org,high,official")
                        self.grown = True
                    h.update(chunk)

                def hexdigest(self):
                    return h.hexdigest()
            return Wrapped()

    monkeypatch.setattr(store, "hashlib", Growing)
    with pytest.raises(InputError, match="changed while it was being read"):
        hemigov.import_data([f])
    assert tree_digest(started) == before


def test_memory_error_is_one_line(started, shared_data, capsys, monkeypatch):
    before = tree_digest(started)

    def no_memory(*a, **k):
        raise MemoryError

    monkeypatch.setattr(load.pd, "read_csv", no_memory)
    code, _, err = run_cli(["data", "import", str(shared_data / TIMELINE)], capsys)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 1 and len(lines) == 1 and "out of memory" in lines[0] and "timeline.csv" in lines[0], err
    assert tree_digest(started) == before


# --- a real read-only home and a real full disk: a small tmpfs in a private mount namespace ---------------

def _in_mount(home, script: str) -> subprocess.CompletedProcess:
    """Run ``script`` (sh) with a private tmpfs mounted on ``home``; ``unshare`` is util-linux: it must exist."""
    assert shutil.which("unshare"), "unshare (util-linux) is needed for the read-only and disk-full tests"
    env = {**os.environ, "HEMIGOV_HOME": str(home), "PYTHONPATH": SRC, "PY": sys.executable}
    return subprocess.run(["unshare", "-rm", "sh", "-ec", script], env=env, capture_output=True, text=True,
                          timeout=180)


def test_read_only_home_fails_with_one_line_and_readers_still_work(started, shared_data, tmp_path):
    saved = tmp_path / "saved"
    shutil.copytree(started, saved)
    res = _in_mount(started, f"""
        mount -t tmpfs -o size=64m tmpfs "$HEMIGOV_HOME"
        cp -a {saved}/. "$HEMIGOV_HOME"/
        mount -o remount,ro "$HEMIGOV_HOME"
        "$PY" -m hemigov data status --json > /dev/null
        "$PY" -m hemigov data import {shared_data / TIMELINE} 2> "{tmp_path}/err" || echo "exit $?" >&2
        """)
    err = (tmp_path / "err").read_text()
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert res.returncode == 0, res.stderr
    assert "exit 1" in res.stderr and len(lines) == 1, err
    assert "read-only file system" in lines[0] and "unchanged" in lines[0]


@pytest.mark.parametrize("full", ["raw", "home"])
def test_disk_full_is_one_line(full, started, shared_data, tmp_path):
    """raw/ on a 256 KiB tmpfs (full while staging the raw copy) or the whole home on a 1 MiB one (full while
    writing the warehouse copy): exit 1, one line, nothing left behind."""
    big = shared_data / "unhcr-refugees/2026-06-end2025/population.rda"
    target = started / "raw" if full == "raw" else started
    saved = tmp_path / "saved"
    shutil.copytree(started, saved)
    res = _in_mount(started, f"""
        mkdir -p "{target}"
        mount -t tmpfs -o size={"256k" if full == "raw" else "1m"} tmpfs "{target}"
        {"" if full == "raw" else f'cp -a {saved}/. "$HEMIGOV_HOME"/ 2>/dev/null || true'}
        "$PY" -m hemigov data import {big} 2> "{tmp_path}/err" || echo "exit $?" >&2
        ls -A "$HEMIGOV_HOME" "$HEMIGOV_HOME/raw" 2>/dev/null > "{tmp_path}/left" || true
        """)
    err = (tmp_path / "err").read_text()
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert res.returncode == 0 and "exit 1" in res.stderr, res.stderr
    assert len(lines) == 1 and "no space left on device" in lines[0].lower(), err
    assert ("raw staging" if full == "raw" else "warehouse") in lines[0] and "nothing changed" in lines[0] \
        or "unchanged" in lines[0]
    left = (tmp_path / "left").read_text().split()
    assert not any(x.startswith((".staging", ".warehouse")) for x in left), left


# --- fetch ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def srv(shared_data):
    server = fetch_server.start(shared_data, delay=1.5)
    yield server
    server.shutdown()


@pytest.mark.parametrize("stage, kept", [("sealed", False), ("swapped", True), ("moving", True)])
def test_fetch_killed_around_the_swap(stage, kept, started, srv, shared_data):
    res = run_hemigov(["data", "fetch", "--source", "unhcr", "--dataset", "idmc", "--vintage", "2026-11-20"],
                      started, HEMIGOV_CRASH_AT=stage, **srv.env())
    assert res.returncode == -signal.SIGKILL, res.stderr
    hemigov.import_data([shared_data / RAD])  # the next writer: recovery runs as it takes the lock
    got = assert_consistent(started)  # pages and lock.json with their sha256, when the vintage is there
    assert (("unhcr.idmc", "2026-11-20") in got) is kept
    assert (started / "raw" / "unhcr.idmc" / "2026-11-20" / "lock.json").is_file() is kept

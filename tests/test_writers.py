"""One writer per data home: a second writer waits (or fails with one line), never loses the first's work;
readers are never blocked. The first writer is a real process paused at each stage of its import
(``HEMIGOV_PAUSE_AT``); the second starts while it holds the lock, in this process, so the order is forced."""

from __future__ import annotations

import time

import pytest

import hemigov
from hemigov.warehouse import store
from tests.consistency import assert_consistent, hemigov_process, loaded, wait_for_line
from tests.helpers import run_cli

IDMC = "unhcr-refugees/2026-06-end2025/idmc.rda"
TIMELINE = "policy-timeline/timeline.csv"
RCMP = "asylum-claims-rcmp-interceptions/rcmp_interceptions.csv"


@pytest.fixture
def started(home, shared_data):
    """A home with one imported file (so there is a warehouse to copy, read and lose)."""
    hemigov.import_data([shared_data / RCMP])
    return home


def _paused(args, home, stage, seconds=4.0):
    proc = hemigov_process(args, home, HEMIGOV_PAUSE_AT=f"{stage}:{seconds}")
    wait_for_line(proc, f"paused at {stage}")
    return proc


@pytest.mark.parametrize("stage", [s for s in store.STAGES if s != "moved"])
def test_a_second_import_waits_and_both_are_loaded(stage, started, shared_data, capsys):
    first = _paused(["data", "import", str(shared_data / IDMC)], started, stage)
    rep = hemigov.import_data([shared_data / TIMELINE])  # while the first holds the lock
    assert rep.status.tolist() == ["loaded"]
    assert "waiting up to 600 s for another hemigov writer (import, PID" in capsys.readouterr().err
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    got = assert_consistent(started)
    assert {("unhcr.idmc", "2026-06"), ("timeline.events", "2026-12"), ("canada_web.rcmp_interceptions", "2024-04")
            } <= set(got), got


def test_a_second_writer_told_not_to_wait_fails_with_one_line(started, shared_data, capsys, monkeypatch):
    first = _paused(["data", "import", str(shared_data / IDMC)], started, "parsed")
    before = loaded(started)  # (the first one's staging is in raw/ meanwhile: it is at work)
    monkeypatch.setenv("HEMIGOV_WRITER_WAIT", "0")
    code, _, err = run_cli(["data", "import", str(shared_data / TIMELINE)], capsys)
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1, err
    assert "another hemigov writer (import, PID" in lines[0] and "run this again when it has finished" in lines[0]
    assert loaded(started) == before  # nothing of the second one
    first.communicate(timeout=120)
    assert first.returncode == 0
    code, _, _ = run_cli(["data", "import", str(shared_data / TIMELINE)], capsys)  # the re-run
    assert code == 0
    assert {("unhcr.idmc", "2026-06"), ("timeline.events", "2026-12")} <= set(assert_consistent(started))


def test_a_writer_that_waits_too_long_gives_up_with_one_line(started, shared_data, capsys, monkeypatch):
    first = _paused(["data", "import", str(shared_data / IDMC)], started, "parsed", seconds=6)
    monkeypatch.setenv("HEMIGOV_WRITER_WAIT", "1")
    t = time.monotonic()
    code, _, err = run_cli(["data", "import", str(shared_data / TIMELINE)], capsys)
    assert code == 1 and time.monotonic() - t < 5
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert lines[0].startswith("waiting up to 1 s") and len(lines) == 2, err
    assert "still changes" in lines[1] and "after 1 s" in lines[1]
    first.communicate(timeout=120)
    assert first.returncode == 0


def test_readers_are_never_blocked(started, shared_data):
    first = _paused(["data", "import", str(shared_data / IDMC)], started, "written", seconds=6)
    t = time.monotonic()
    st = hemigov.status()  # the state before the import, at once
    assert time.monotonic() - t < 3
    assert "unhcr.idmc" not in set(st.dataset) and "canada_web.rcmp_interceptions" in set(st.dataset)
    first.communicate(timeout=120)
    assert "unhcr.idmc" in set(hemigov.status().dataset)


def test_snapshot_initialisation_never_replaces_an_import(home, shared_data, capsys):
    """An empty home: an import runs; a first reader would initialise from the snapshot. It waits instead,
    and finds the import's warehouse (formerly the last os.replace won and the import was lost)."""
    first = _paused(["data", "import", str(shared_data / IDMC)], home, "written")
    st = hemigov.status()
    assert "waiting up to" in capsys.readouterr().err
    first.communicate(timeout=120)
    assert first.returncode == 0
    assert set(st.origin) == {"import", "package"} and "unhcr.idmc" in set(st.dataset)


def test_imports_started_together_both_land(started, shared_data):
    for delay in (0.0, 0.4, 1.0):
        a = hemigov_process(["data", "import", str(shared_data / IDMC), "--force"], started)
        time.sleep(delay)
        b = hemigov_process(["data", "import", str(shared_data / TIMELINE), "--force"], started)
        for p in (a, b):
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
        got = assert_consistent(started)
        assert {("unhcr.idmc", "2026-06"), ("timeline.events", "2026-12")} <= set(got)

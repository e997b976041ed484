"""Shared fixtures. Tests that need the official files use ``shared_data``: it fails, never skips,
when ``../shared/data`` (or ``$HEMIGOV_SHARED_DATA``) is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _shared_dir() -> Path:
    env = os.environ.get("HEMIGOV_SHARED_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    d = _shared_dir()
    if not (d / "unhcr-refugees").is_dir():
        pytest.fail(f"official data folder not found at {d} (set HEMIGOV_SHARED_DATA)")
    return d


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty, private data home for one test."""
    h = tmp_path / "home"
    monkeypatch.setenv("HEMIGOV_HOME", str(h))
    return h


@pytest.fixture(scope="session")
def full_home(shared_data, tmp_path_factory) -> Path:
    """A data home with every file of ../shared/data imported once per test session."""
    from hemigov.warehouse import load

    h = tmp_path_factory.mktemp("full_home")
    old = os.environ.get("HEMIGOV_HOME")
    os.environ["HEMIGOV_HOME"] = str(h)
    try:
        load.import_paths([shared_data])
    finally:
        if old is None:
            os.environ.pop("HEMIGOV_HOME")
        else:
            os.environ["HEMIGOV_HOME"] = old
    return h


@pytest.fixture
def full(full_home, monkeypatch):
    """Point hemigov at the fully imported warehouse (read it; do not write to it)."""
    monkeypatch.setenv("HEMIGOV_HOME", str(full_home))
    return full_home


#: Fixtures that import every official file, build the report or start a browser: tests that use one (directly or
#: through another fixture) are marked ``slow``, so ``python -m pytest -m "not slow"`` is the fast lane.
SLOW_FIXTURES = {"full_home", "built", "site", "server", "browser", "page"}
SLOW_MODULES = ("test_dashboard_browser", "browser", "test_readme")


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if SLOW_FIXTURES & set(item.fixturenames) or any(m in module for m in SLOW_MODULES):
            item.add_marker(pytest.mark.slow)

"""Where hemigov keeps its data. No internal imports: everything else may import this."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

PACKAGE_DATA = Path(__file__).parents[1] / "data"
SNAPSHOT_DIR = PACKAGE_DATA / "snapshot"


def home() -> Path:
    """The data home: ``$HEMIGOV_HOME`` if set, else the per-user data directory."""
    env = os.environ.get("HEMIGOV_HOME")
    return Path(env).expanduser() if env else Path(user_data_dir("hemigov", appauthor=False))


def warehouse_path() -> Path:
    return home() / "warehouse.duckdb"


def raw_dir() -> Path:
    """Byte-identical copies of imported publisher files, by dataset and vintage."""
    return home() / "raw"

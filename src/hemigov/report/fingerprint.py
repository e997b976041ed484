"""The report's inputs, as one checksum: when it has not changed, the site is not rebuilt.

Inputs: the warehouse's current datasets (dataset, vintage, sha256), hemigov's version, the package's reference
data, the report package itself (code, templates, assets), the chart libraries' versions, and which feature
modules (replication, indicators, effects) exist, with their code.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pandas as pd

from hemigov.core import paths

REPORT_DIR = Path(__file__).parent
FEATURES = ("hemigov.replication", "hemigov.indicators", "hemigov.effects")


def _hash_files(files: list[Path], base: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(str(f.relative_to(base)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _tree(folder: Path, patterns: tuple[str, ...]) -> list[Path]:
    return [p for pat in patterns for p in folder.rglob(pat) if "__pycache__" not in p.parts]


def _feature_hash(module: str) -> str | None:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return None
    origin = Path(spec.origin)
    files = _tree(origin.parent, ("*.py", "*.csv", "*.json")) if origin.name == "__init__.py" else [origin]
    return _hash_files(files, origin.parent)


def compute(datasets: pd.DataFrame, version: str, chart_libs: dict[str, str]) -> tuple[str, dict]:
    parts = {
        "datasets": sorted(f"{r.dataset}|{r.vintage}|{r.sha256}" for r in datasets.itertuples(index=False)),
        "hemigov": version,
        "report_code": _hash_files(_tree(REPORT_DIR, ("*.py", "*.html", "*.css", "*.js", "*.txt")), REPORT_DIR),
        "reference_data": _hash_files(list(paths.PACKAGE_DATA.glob("*.csv")), paths.PACKAGE_DATA),
        "chart_libraries": chart_libs,
        "features": {m: _feature_hash(m) for m in FEATURES},
    }
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return digest, parts

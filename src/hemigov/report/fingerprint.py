"""The report's inputs, as one checksum: when it has not changed, the site is not rebuilt.

Inputs: the warehouse's current datasets (dataset, vintage, sha256), hemigov's version, the code of every package
the report's numbers and pages depend on (the report itself with its templates and assets, and the layers below
it: core, geo, style, warehouse, series, indicators, effects, replication, scenarios), the package's reference
data (countries, groupings, the paper's printed values, CITATION.cff), the chart libraries' versions and the
build options (which charts get a PNG).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from hemigov.core import paths

PACKAGE = Path(__file__).resolve().parents[1]
#: The packages whose code decides what the report shows (everything below the report in the import graph).
DEPENDS_ON = ("core", "geo", "style", "warehouse", "series", "indicators", "effects", "replication", "scenarios",
              "report")
CODE = ("*.py", "*.html", "*.css", "*.js", "*.txt")
DATA = ("*.csv", "*.cff", "*.json")


def _hash_files(files: list[Path], base: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(str(f.relative_to(base)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _tree(folder: Path, patterns: tuple[str, ...]) -> list[Path]:
    return [p for pat in patterns for p in folder.rglob(pat) if "__pycache__" not in p.parts]


def code_hash() -> str:
    files = [f for pkg in DEPENDS_ON if (PACKAGE / pkg).is_dir() for f in _tree(PACKAGE / pkg, CODE)]
    return _hash_files(files, PACKAGE)


def reference_data_hash() -> str:
    data = paths.PACKAGE_DATA
    files = [p for pat in DATA for p in data.glob(pat)] + _tree(data / "paper", DATA)
    return _hash_files([f for f in files if f.is_file()], data)


def compute(datasets: pd.DataFrame, version: str, chart_libs: dict[str, str], options: dict) -> tuple[str, dict]:
    parts = {
        "datasets": sorted(f"{r.dataset}|{r.vintage}|{r.sha256}" for r in datasets.itertuples(index=False)),
        "hemigov": version,
        "code": code_hash(),
        "reference_data": reference_data_hash(),
        "chart_libraries": chart_libs,
        "options": options,
    }
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return digest, parts

"""The shape of the code: data flows one way, SQL lives in the derived layer, each definition is written once.

- Imports run one way: core/geo/style → sources → warehouse → (live) → series → indicators → effects,
  replication → scenarios → report, serve → CLI and the Python API. A package never imports one above it (nor one
  beside it on the same level).
- No SQL above the derived layer: only ``warehouse/``, ``series/``, ``live/`` (fetch and diff write and compare
  vintages) and ``api.py`` (``hemigov.query``, the user's SQL) issue statements or import duckdb.
- Named definitions are not copied: region labels, the peers, population-type sets and grouping members are
  written only in ``geo/regions.py`` (or read from ``countries.csv``/``groupings.csv``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "hemigov"

#: package (first part below hemigov) -> level; modules may import their own package or lower levels only.
LEVELS = {
    "core": 0, "geo": 1, "style": 1, "sources": 2, "warehouse": 3, "live": 4, "series": 5, "indicators": 6,
    "effects": 7, "replication": 7, "scenarios": 8, "report": 9, "serve": 9,
    # the Python API, then the package's top level, then the command line on top of both
    "api": 10, "__init__": 11, "clikit": 11, "commands": 12, "cli": 13, "__main__": 14,
}
SQL_ALLOWED = {"warehouse", "series", "live", "api"}


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def _package(path: Path) -> str:
    rel = path.relative_to(SRC)
    first = rel.parts[0]
    return first[:-3] if first.endswith(".py") else first


def _is_module(name: str) -> bool:
    return (SRC / name).is_dir() or (SRC / f"{name}.py").is_file()


def _imported_packages(tree: ast.AST) -> set[str]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                if parts[0] == "hemigov":
                    out.add(parts[1] if len(parts) > 1 else "__init__")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "hemigov":
                continue
            if len(parts) > 1:
                out.add(parts[1])
            else:  # from hemigov import x: a subpackage, or a name of the top-level API
                for a in node.names:
                    out.add(a.name if _is_module(a.name) else "__init__")
    return out


@pytest.mark.parametrize("package", sorted({_package(p) for p in _modules()}))
def test_imports_run_one_way(package):
    own = LEVELS[package]
    bad = []
    for path in _modules():
        if _package(path) != package:
            continue
        for imp in _imported_packages(ast.parse(path.read_text(encoding="utf-8"))):
            if imp == package:
                continue
            if LEVELS[imp] >= own:
                bad.append(f"{path.relative_to(SRC)} imports hemigov.{imp}")
    assert not bad, "imports against the data flow:\n" + "\n".join(bad)


_SQL = re.compile(r"\bselect\b[\s\S]+\bfrom\b|\bfrom\s+v_[a-z_]+|\bjoin\s+v_[a-z_]+", re.IGNORECASE)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


@pytest.mark.parametrize("package", sorted({_package(p) for p in _modules()} - SQL_ALLOWED))
def test_no_sql_above_the_derived_layer(package):
    bad = []
    for path in _modules():
        if _package(path) != package:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs \
                    and _SQL.search(node.value):
                bad.append(f"{path.relative_to(SRC)}:{node.lineno}: SQL {node.value.strip()[:60]!r}")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("execute", "sql") and isinstance(node.func.value, ast.Name) and \
                    node.func.value.id in ("con", "cur", "duckdb"):
                bad.append(f"{path.relative_to(SRC)}:{node.lineno}: executes SQL")
        for imp in ast.walk(tree):
            if isinstance(imp, ast.Import) and any(a.name == "duckdb" for a in imp.names):
                bad.append(f"{path.relative_to(SRC)}: imports duckdb")
    assert not bad, "SQL above the derived layer (call hemigov.series instead):\n" + "\n".join(bad)


#: Definitions that live in geo/regions.py only.
REGION_LABELS = {"The Americas", "Western hemisphere", "Latin America and the Caribbean", "Americas",
                 "Middle East and North Africa", "Sub-Saharan Africa", "Asia-Pacific", "Northern America"}
POPULATION_TYPES = {"refugees", "asylum_seekers", "oip", "idps"}
PEER_CODES = {"CAN", "USA", "AUS", "GBR", "DEU", "SWE", "NOR", "NZL", "FRA"}
NTCA = {"SLV", "HND", "GTM"}


def _literal_copies(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    rel = path.relative_to(SRC)
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            if node.value in REGION_LABELS:
                bad.append(f"{rel}:{node.lineno}: region label {node.value!r}")
        elif isinstance(node, ast.Tuple | ast.List | ast.Set):
            vals = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            if len(vals & POPULATION_TYPES) >= 2:
                bad.append(f"{rel}:{node.lineno}: population-type set {sorted(vals & POPULATION_TYPES)}")
            if len(vals & PEER_CODES) >= 3:
                bad.append(f"{rel}:{node.lineno}: peer list {sorted(vals & PEER_CODES)}")
            if vals >= NTCA:
                bad.append(f"{rel}:{node.lineno}: NTCA members (read groupings.csv)")
    return bad


@pytest.mark.parametrize("package", sorted({_package(p) for p in _modules()} - {"geo", "sources", "warehouse"}))
def test_definitions_are_written_once(package):
    """Region labels, peers, population-type sets and grouping members: only in geo/regions.py (sources and the
    warehouse schema name UNHCR's own codes, which is where they come from)."""
    bad = [b for p in _modules() if _package(p) == package for b in _literal_copies(p)]
    assert not bad, "copies of named definitions (use hemigov.geo.regions):\n" + "\n".join(bad)

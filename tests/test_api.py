"""The public Python API: every name resolves, the heavy modules behind the thin wrappers import (so no
dependency is hidden behind a first call), and the wrappers forward their arguments."""

from __future__ import annotations

import importlib

import pytest

import hemigov


@pytest.mark.parametrize("name", hemigov.__all__)
def test_every_public_name_resolves(name):
    assert getattr(hemigov, name) is not None


@pytest.mark.parametrize("module", ["hemigov.report", "hemigov.serve", "hemigov.live", "hemigov.effects",
                                    "hemigov.replication", "hemigov.indicators", "hemigov.series"])
def test_every_feature_module_imports(module):
    importlib.import_module(module)


def test_wrappers_forward_to_their_implementation(monkeypatch):
    import hemigov.live
    import hemigov.report

    seen = {}
    monkeypatch.setattr(hemigov.live, "fetch", lambda *a, **k: seen.setdefault("fetch", (a, k)))
    monkeypatch.setattr(hemigov.live, "diff", lambda *a, **k: seen.setdefault("diff", (a, k)))
    monkeypatch.setattr(hemigov.report, "build_report", lambda *a, **k: seen.setdefault("report", (a, k)))
    hemigov.fetch(["unhcr"], offline=True)
    hemigov.diff("unhcr.population")
    hemigov.build_report("site", force=True)
    assert seen == {"fetch": ((["unhcr"],), {"offline": True}), "diff": (("unhcr.population",), {}),
                    "report": (("site", False, None), {"force": True})}


def test_provenance_names_every_file_with_its_checksum(home):
    df = hemigov.provenance(hemigov.indicator("representation"))
    assert {"unhcr.population", "unhcr.solutions", "hemigov.countries"} <= set(df.dataset)
    assert df.sha256.str.fullmatch(r"[0-9a-f]{64}").all() and df.licence.notna().all()

"""The warehouse core: imports with provenance, vintages side by side, atomic writes, read-only queries."""

from __future__ import annotations

import shutil

import duckdb
import pytest

import hemigov
from hemigov.core import paths
from hemigov.core.errors import InputError
from hemigov.warehouse import load
from tests.helpers import tree_digest


def _idmc_copy(shared_data, tmp_path, release: str):
    """A copy of one UNHCR idmc.rda inside a folder named like its release, with its SHA256SUMS line."""
    src_folder = {"2025-06": "2025-06-end2024", "2026-06": "2026-06-end2025"}[release]
    dest = tmp_path / "unhcr" / src_folder
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shared_data / "unhcr-refugees" / src_folder / "idmc.rda", dest / "idmc.rda")
    return dest / "idmc.rda"


def test_import_records_provenance_and_checksums(home, shared_data):
    rep = hemigov.import_data([shared_data / "unhcr-refugees" / "2026-06-end2025" / "idmc.rda"])
    assert rep.status.tolist() == ["loaded"]
    st = hemigov.status()
    row = st[st.dataset == "unhcr.idmc"].iloc[0]
    sums = (shared_data / "unhcr-refugees" / "SHA256SUMS").read_text()
    assert f"{row.sha256}  2026-06-end2025/idmc.rda" in sums
    assert row.vintage == "2026-06" and row.licence == "CC BY 4.0" and row.origin == "import"
    assert row.rows == len(hemigov.table("idps"))
    # the raw stage keeps a byte-identical copy
    kept = paths.raw_dir() / "unhcr.idmc" / "2026-06" / "idmc.rda"
    assert kept.read_bytes() == (shared_data / "unhcr-refugees/2026-06-end2025/idmc.rda").read_bytes()


def test_vintages_side_by_side_newest_by_default(home, shared_data):
    hemigov.import_data([shared_data / "unhcr-refugees/2025-06-end2024/idmc.rda",
                         shared_data / "unhcr-refugees/2026-06-end2025/idmc.rda"])
    newest = hemigov.table("idps")
    assert set(newest.vintage) == {"2026-06"}
    assert newest.year.max() == 2025
    old = hemigov.table("idps", vintage="2025-06")
    assert old.year.max() == 2024
    st = hemigov.status().set_index("vintage")
    assert bool(st.loc["2026-06", "is_current"]) and not bool(st.loc["2025-06", "is_current"])


def test_reimport_is_a_no_op(home, shared_data):
    f = shared_data / "unhcr-refugees/2026-06-end2025/idmc.rda"
    hemigov.import_data([f])
    before = tree_digest(home)
    rep = hemigov.import_data([f])
    assert rep.status.tolist() == ["unchanged"]
    assert tree_digest(home) == before


def test_a_forced_reimport_replaces_the_vintage_and_keeps_the_other(home, shared_data):
    # clear_dataset skips the deletes when the datasets table does not list the vintage: the rows of a
    # listed one must still be replaced, not doubled, and another vintage left as it was.
    old, new = (shared_data / f"unhcr-refugees/{r}/idmc.rda" for r in ("2025-06-end2024", "2026-06-end2025"))
    hemigov.import_data([old, new])
    counts = hemigov.query("SELECT vintage, count(*) AS n FROM idps GROUP BY vintage ORDER BY vintage")
    assert hemigov.import_data([new], force=True).status.tolist() == ["loaded"]
    again = hemigov.query("SELECT vintage, count(*) AS n FROM idps GROUP BY vintage ORDER BY vintage")
    assert again.to_dict("records") == counts.to_dict("records") and len(counts) == 2
    st = hemigov.status()
    assert sorted(st[st.dataset == "unhcr.idmc"].vintage) == ["2025-06", "2026-06"]


def test_failed_import_leaves_warehouse_untouched(home, shared_data, tmp_path, monkeypatch):
    hemigov.import_data([shared_data / "unhcr-refugees/2025-06-end2024/idmc.rda"])
    before = tree_digest(home)
    good = shared_data / "unhcr-refugees/2026-06-end2025/idmc.rda"

    # fail inside the write itself, after some rows were inserted into the copy
    from hemigov.warehouse import store

    real_insert = store.insert_frame

    def insert_then_fail(con, table, df):
        real_insert(con, table, df)
        raise duckdb.IOException("disk full (simulated)")

    with monkeypatch.context() as m:
        m.setattr(store, "insert_frame", insert_then_fail)
        with pytest.raises(Exception, match="disk full"):
            hemigov.import_data([good])
    assert tree_digest(home) == before
    assert set(hemigov.table("idps").vintage) == {"2025-06"}


def test_checksum_mismatch_is_refused(home, shared_data, tmp_path):
    f = _idmc_copy(shared_data, tmp_path, "2026-06")
    (tmp_path / "unhcr" / "SHA256SUMS").write_text("0" * 64 + "  2026-06-end2025/idmc.rda\n")
    with pytest.raises(InputError, match="does not match"):
        load.import_paths([f])


def test_query_is_read_only(home, shared_data):
    hemigov.import_data([shared_data / "unhcr-refugees/2026-06-end2025/idmc.rda"])
    with pytest.raises(InputError):
        hemigov.query("DELETE FROM idps")
    with pytest.raises(InputError):
        hemigov.query(f"SELECT * FROM read_csv('{shared_data / 'policy-timeline/timeline.csv'}')")
    assert hemigov.query("SELECT count(*) AS n FROM v_idps").n[0] > 800


def test_unknown_table_names_the_known_ones(home, shared_data):
    hemigov.import_data([shared_data / "unhcr-refugees/2026-06-end2025/idmc.rda"])
    with pytest.raises(InputError, match="v_displacement"):
        hemigov.table("nonsense")


def test_a_home_written_by_an_older_hemigov_gets_the_package_facts_on_open(home):
    """A warehouse without a package file's row (one that a later hemigov added) or with an older version of it
    is brought up to date by the first reader, atomically, before anything is read from it."""
    from hemigov.warehouse import reader

    hemigov.status()  # the snapshot home, as a user had it
    reader.close()
    con = duckdb.connect(str(paths.warehouse_path()))
    con.execute("DELETE FROM datasets WHERE dataset = 'hemigov.pledges'")
    con.execute("UPDATE datasets SET sha256 = repeat('0', 64) WHERE dataset = 'paper.table3'")
    con.close()
    st = hemigov.status().set_index("dataset")
    assert st.loc["hemigov.pledges", "origin"] == "package"
    assert st.loc["paper.table3", "sha256"] != "0" * 64
    assert len(hemigov.pledges()) >= 10


def test_duplicate_keys_found_as_pandas_finds_them():
    """``validate.duplicated`` (one folded int64 key per row, sorted) marks the rows ``DataFrame.duplicated(...,
    keep=False)`` marks, missing values equal to each other, over random frames of mixed column types."""
    import numpy as np
    import pandas as pd

    from hemigov.warehouse.validate import duplicated

    rng = np.random.default_rng(20201116)
    for _ in range(300):
        n = int(rng.integers(0, 60))
        df = pd.DataFrame({"a": rng.integers(0, 4, n), "b": pd.array(rng.choice(["x", "y", None], n), dtype="string"),
                           "c": pd.array(rng.choice([1, 2, None], n), dtype="Int64"),
                           "d": rng.choice([0.5, np.nan], n)})
        cols = list(rng.choice(["a", "b", "c", "d"], int(rng.integers(1, 5)), replace=False))
        assert duplicated(df, cols).equals(df.duplicated(cols, keep=False)), (cols, df)

"""Opening the warehouse and changing it atomically, one writer at a time, with recovery after a crash.

Readers open the DuckDB file read-only and never wait for a writer. Writers:

* hold the data home's **writer lock** (``writer``: a ``filelock`` lock on ``<home>/.writer.lock``), so two
  imports or fetches never build on the same old state and swap over each other's work. A second writer
  waits (one line on stderr; ``$HEMIGOV_WRITER_WAIT`` seconds, default 600) or fails with one line;
* **stage** raw copies in ``raw/.staging-<pid>/`` (``Staging``): every input is copied once, hashed while
  copied, and the copy is what is parsed and what ends in ``raw/``;
* change a **copy** of the warehouse, checkpoint it, write the staging manifest, ``os.replace`` the copy over
  the original (the commit point), then move the raw copies in (``write``).

A process killed at any point leaves a state the next writer completes or rolls back before it starts
(``recover``): temporary warehouse copies are deleted; a staging folder without a manifest, or whose
datasets the warehouse does not hold, is deleted (the swap never happened); one whose datasets the warehouse
holds is moved in (the swap happened; the moves are idempotent). The warehouse itself is the journal.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
from filelock import FileLock, Timeout

from hemigov import geo
from hemigov.core import paths
from hemigov.core.errors import HemigovError, InputError
from hemigov.warehouse import package_data
from hemigov.warehouse.schema import TABLES
from hemigov.warehouse.views import create_views


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    for t in TABLES.values():
        con.execute(t.ddl())


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)load the package's reviewed reference tables: countries, aliases, groupings."""
    frames = {"countries": geo.countries(), "country_aliases": geo.aliases(),
              "groupings": geo.groupings(), "grouping_info": geo.grouping_info()}
    for name, df in frames.items():
        cols = list(TABLES[name].columns)
        df = df.reindex(columns=cols).replace({"": None})
        con.execute(f'DELETE FROM "{name}"')
        insert_frame(con, name, df)


def _insert(table: str, source: str) -> str:
    """``INSERT`` of ``source``'s columns into ``table``, each cast to the table's type."""
    casts = []
    for col, typ in TABLES[table].columns.items():
        casts.append(f'CAST("{col}" AS {typ.replace(" NOT NULL", "")}) AS "{col}"')
    return f'INSERT INTO "{table}" SELECT {", ".join(casts)} FROM {source}'


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    if df.empty:
        return
    con.register("_frame", df)
    con.execute(_insert(table, "_frame"))
    con.unregister("_frame")


def insert_parquet(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """Insert a Parquet file whose columns are the table's, read by DuckDB itself (no pandas frame)."""
    con.execute(_insert(table, "read_parquet(?)"), [str(path)])


def clear_dataset(con: duckdb.DuckDBPyConnection, dataset: str, vintage: str | None = None) -> None:
    """Remove one vintage of a dataset (every vintage when ``vintage`` is None): its rows in every domain
    table and its ``datasets`` row, so that loading it again replaces it."""
    where, params = ("dataset = ?", [dataset]) if vintage is None else ("dataset = ? AND vintage = ?",
                                                                           [dataset, vintage])
    # Every write records a dataset's rows with its ``datasets`` row, so none listed means nothing to delete:
    # a first load skips a DELETE per table, each scanning a table that grows with every file (~1.4 s of a
    # full import).
    if not con.execute(f"SELECT count(*) FROM datasets WHERE {where}", params).fetchall()[0][0]:
        return
    for t in TABLES.values():
        if t.versioned or t.name == "datasets":
            con.execute(f'DELETE FROM "{t.name}" WHERE {where}', params)


def record_dataset(con: duckdb.DuckDBPyConnection, **row) -> None:
    """Add a ``datasets`` row; ``row`` names every column of the table (see schema.py)."""
    cols = list(TABLES["datasets"].columns)
    if set(row) != set(cols):
        raise ValueError(f"datasets row: columns {sorted(set(row) ^ set(cols))} missing or unknown")
    con.execute(f"INSERT INTO datasets ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [row[c] for c in cols])


#: Lock file and holder note of the writer lock, in the data home.
LOCK_FILE = ".writer.lock"
HOLDER_FILE = ".writer.json"
WAIT_ENV = "HEMIGOV_WRITER_WAIT"
DEFAULT_WAIT = 600.0
#: Test hooks: ``HEMIGOV_CRASH_AT=<stage>`` kills the process with SIGKILL at that stage (crash tests);
#: ``HEMIGOV_PAUSE_AT=<stage>:<seconds>`` sleeps there (to force an overlap of two writers).
CRASH_ENV = "HEMIGOV_CRASH_AT"
PAUSE_ENV = "HEMIGOV_PAUSE_AT"
STAGES = ("staged", "parsed", "written", "sealed", "swapped", "moving", "moved")
MANIFEST = "PENDING.json"


def crash_point(stage: str) -> None:
    """Die here, without any cleanup, when ``$HEMIGOV_CRASH_AT`` names ``stage`` (see ``STAGES``)."""
    if os.environ.get(CRASH_ENV) == stage:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
    at, _, secs = os.environ.get(PAUSE_ENV, "").partition(":")
    if at == stage:
        sys.stderr.write(f"paused at {stage}\n")
        sys.stderr.flush()
        time.sleep(float(secs or 1))


def os_failure(e: OSError, doing: str) -> HemigovError:
    """One line for a failed file operation (disk full, read-only home, permissions), naming what and where."""
    reason = {errno.ENOSPC: "no space left on device", errno.EROFS: "read-only file system",
              errno.EACCES: "permission denied", errno.EPERM: "operation not permitted",
              errno.EDQUOT: "disk quota exceeded"}.get(e.errno, e.strerror or type(e).__name__)
    where = f" ({e.filename})" if e.filename else ""
    return HemigovError(f"cannot {doing}: {reason}{where}; the warehouse and raw/ are unchanged")


def memory_failure(doing: str) -> HemigovError:
    return HemigovError(f"out of memory while {doing}; the warehouse and raw/ are unchanged")


def _wait_limit(wait: float | None) -> float:
    if wait is not None:
        return wait
    text = os.environ.get(WAIT_ENV, "").strip()
    try:
        return float(text) if text else DEFAULT_WAIT
    except ValueError:
        raise HemigovError(f"${WAIT_ENV} must be a number of seconds, not {text!r}") from None


def _holder(home: Path) -> str:
    try:
        h = json.loads((home / HOLDER_FILE).read_text(encoding="utf-8"))
        return f"{h['what']}, PID {h['pid']}, since {h['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "PID unknown"


@contextmanager
def writer(what: str, *, wait: float | None = None) -> Iterator[None]:
    """Hold the writer lock of the data home (re-entrant within a thread) while changing it.

    The outermost holder writes a note on who holds it and first runs ``recover``. A busy lock is waited for
    up to ``wait`` seconds (default ``$HEMIGOV_WRITER_WAIT`` or 600; 0 fails at once), saying so on stderr.

    Raises
    ------
    HemigovError
        The lock stayed busy, or the data home cannot be written (read-only, disk full).
    """
    home = paths.home()
    try:
        home.mkdir(parents=True, exist_ok=True)
        lock = FileLock(home / LOCK_FILE, is_singleton=True)
        outer = lock.lock_counter == 0
        try:
            lock.acquire(timeout=0)
        except Timeout:
            holder, limit = _holder(home), _wait_limit(wait)
            if limit <= 0:
                raise HemigovError(f"another hemigov writer ({holder}) is changing {home}: nothing was changed; "
                                   "run this again when it has finished") from None
            sys.stderr.write(f"waiting up to {limit:.0f} s for another hemigov writer ({holder}) to finish "
                             f"changing {home}\n")
            sys.stderr.flush()
            try:
                lock.acquire(timeout=limit)
            except Timeout:
                raise HemigovError(f"another hemigov writer ({holder}) still changes {home} after {limit:.0f} s: "
                                   "nothing was changed; run this again when it has finished") from None
    except OSError as e:
        raise os_failure(e, f"take the writer lock of the data home {home}") from e
    try:
        if outer:
            try:
                (home / HOLDER_FILE).write_text(json.dumps(
                    {"what": what, "pid": os.getpid(), "since": datetime.now().strftime("%H:%M:%S")}),
                    encoding="utf-8")
                recover()
            except OSError as e:
                raise os_failure(e, f"prepare the data home {home} for writing") from e
        yield
    finally:
        if outer:
            (home / HOLDER_FILE).unlink(missing_ok=True)
        lock.release()


def holds_lock() -> bool:
    """Whether this thread holds the writer lock of the current data home."""
    return FileLock(paths.home() / LOCK_FILE, is_singleton=True).lock_counter > 0


class Staging:
    """Raw copies on their way into ``raw/<dataset>/<vintage>/``, beside it so that moves are renames.

    ``take`` copies an input file once, hashing the bytes as it copies them; ``add`` files them under the
    dataset and vintage they were loaded as. ``write`` seals the staging (manifest) before the swap and
    ``finish``es it after; ``recover`` does either for a staging a killed process left behind.
    """

    def __init__(self, root: Path, entries: list[dict] | None = None) -> None:
        self.root = root
        self.entries: list[dict] = entries or []  #: {dataset, vintage, sha256, files: [names]}
        self._n = 0

    @classmethod
    def create(cls, tag: str = "") -> Staging:
        """A new, empty staging folder; only inside ``writer`` (the next writer's ``recover`` removes it)."""
        if not holds_lock():
            raise RuntimeError("Staging.create() outside store.writer(): recovery would remove it")
        root = paths.raw_dir() / f".staging-{tag}{os.getpid()}"
        try:
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir(parents=True)
        except OSError as e:
            raise os_failure(e, f"create the raw staging folder {root}") from e
        return cls(root)

    def take(self, src: Path) -> tuple[Path, str, int]:
        """Copy ``src`` into the staging and return (copy, sha256, bytes): one read of the input.

        Raises ``InputError`` when the file changed while it was copied (size or modification time moved).
        """
        self._n += 1
        dest = self.root / "in" / f"{self._n:05d}" / src.name
        h = hashlib.sha256()
        n = 0
        try:
            before = src.stat()
            dest.parent.mkdir(parents=True)
            with open(src, "rb") as f, open(dest, "wb") as g:
                while chunk := f.read(1 << 20):
                    h.update(chunk)
                    g.write(chunk)
                    n += len(chunk)
            after = src.stat()
        except OSError as e:
            if e.filename is not None and Path(e.filename) == src:
                raise InputError(src, None, f"cannot read: {e.strerror or e}") from e
            raise os_failure(e, f"copy {src} into the raw staging folder") from e
        if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or n != after.st_size:
            raise InputError(src, None, "the file changed while it was being read: nothing loaded; import it "
                                        "again once it is complete")
        crash_point("staged")
        return dest, h.hexdigest(), n

    def add(self, dataset: str, vintage: str, sha256: str, files: dict[str, Path | bytes]) -> None:
        """File a loaded vintage's raw copies (staged paths, moved; or bytes, written) under dataset/vintage."""
        folder = self.root / dataset / vintage
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, what in files.items():
                if isinstance(what, bytes):
                    (folder / name).write_bytes(what)
                else:
                    os.replace(what, folder / name)
        except OSError as e:
            raise os_failure(e, f"stage the raw copies of {dataset} {vintage}") from e
        self.entries.append({"dataset": dataset, "vintage": vintage, "sha256": sha256, "files": sorted(files)})

    def seal(self) -> None:
        """Write the manifest: from here on, the swap decides whether these copies move in."""
        tmp = self.root / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(self.entries, indent=1), encoding="utf-8")
        os.replace(tmp, self.root / MANIFEST)
        crash_point("sealed")

    def finish(self) -> None:
        """Move every entry in; ``raw/<dataset>/<vintage>/`` then holds exactly that vintage's files."""
        raw = paths.raw_dir()
        for e in self.entries:
            src, dest = self.root / e["dataset"] / e["vintage"], raw / e["dataset"] / e["vintage"]
            dest.mkdir(parents=True, exist_ok=True)
            for old in dest.iterdir():  # files of an earlier load of this vintage
                if old.name not in e["files"] and old.is_file():
                    old.unlink()
            for name in e["files"]:
                if (src / name).exists():
                    os.replace(src / name, dest / name)
                    crash_point("moving")
        crash_point("moved")
        shutil.rmtree(self.root, ignore_errors=True)

    def discard(self) -> None:
        """Remove the staging (and ``raw/`` if that leaves it empty); never masks the error that led here."""
        shutil.rmtree(self.root, ignore_errors=True)
        raw = paths.raw_dir()
        try:
            if raw.is_dir() and not any(raw.iterdir()):
                raw.rmdir()
        except OSError:  # a mount point, a read-only home: an empty raw/ is harmless
            pass


def _committed(entries: list[dict]) -> list[bool]:
    live = paths.warehouse_path()
    if not entries or not live.exists():
        return [False] * len(entries)
    con = connect()  # the process's read connection: DuckDB allows one configuration per open file
    try:
        return [con.execute("SELECT count(*) FROM datasets WHERE dataset = ? AND vintage = ? AND sha256 = ?",
                            [e["dataset"], e["vintage"], e["sha256"]]).fetchone()[0] > 0 for e in entries]
    finally:
        con.close()


def recover() -> list[str]:
    """Finish or roll back what killed writers left; call with the writer lock held. Returns what it did."""
    done: list[str] = []
    live = paths.warehouse_path()
    for tmp in sorted(live.parent.glob(f".{live.name}.*.tmp*")):
        tmp.unlink(missing_ok=True)
        done.append(f"removed {tmp.name}")
    raw = paths.raw_dir()
    for root in sorted(raw.glob(".staging-*")) if raw.is_dir() else []:
        try:
            entries = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = []  # not sealed: the swap was never attempted
        ok = _committed(entries)
        st = Staging(root, [e for e, c in zip(entries, ok, strict=True) if c])
        if st.entries:
            st.finish()
            done.append(f"moved in the raw copies of {', '.join(e['dataset'] for e in st.entries)}")
        else:
            done.append(f"removed {root.name}")
        st.discard()
    return done


@contextmanager
def _tmp_copy(live: Path, *, fresh: bool) -> Iterator[Path]:
    tmp = live.with_name(f".{live.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        if live.exists() and not fresh:
            shutil.copyfile(live, tmp)
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)


def write(change: Callable[[duckdb.DuckDBPyConnection], bool | None], *, fresh: bool = False,
          staging: Staging | None = None) -> bool:
    """Apply ``change`` to a copy of the warehouse and swap it in atomically, or leave all as it was.

    Parameters
    ----------
    change : called with a connection to the copy; returning ``False`` discards the copy (nothing to write).
    fresh : start from an empty warehouse instead of a copy of the current one.
    staging : raw copies to move in after the swap (sealed before it, so a kill in between is recovered).

    Returns
    -------
    bool
        Whether the warehouse was replaced.
    """
    with writer("write"):
        live = paths.warehouse_path()
        try:
            with _tmp_copy(live, fresh=fresh) as tmp:
                con = duckdb.connect(str(tmp))
                try:
                    create_schema(con)
                    load_reference(con)
                    if change(con) is False:
                        return False
                    package_data.load(con)
                    create_views(con)
                    con.execute("CHECKPOINT")
                finally:
                    con.close()
                crash_point("written")
                if staging is not None:
                    staging.seal()
                os.replace(tmp, live)
                crash_point("swapped")
        except duckdb.Error as e:
            msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise HemigovError(f"warehouse write failed, nothing changed: {msg}") from e
        except MemoryError:
            raise memory_failure("writing the warehouse") from None
        except OSError as e:
            raise os_failure(e, f"write the warehouse {live}") from e
        if staging is not None:
            try:
                staging.finish()
            except OSError as e:
                raise HemigovError(f"the warehouse was updated but moving the raw copies into {paths.raw_dir()} "
                                   f"failed ({e.strerror or e}); the next hemigov import or fetch completes it"
                                   ) from e
        return True


def exists() -> bool:
    return paths.warehouse_path().exists()


def connect() -> duckdb.DuckDBPyConnection:
    """A read-only cursor on the warehouse (created from the embedded snapshot on first use): the process's
    held connection (:mod:`hemigov.warehouse.reader`), closed when a writer swaps the file."""
    from hemigov.warehouse import reader

    return reader.connection()

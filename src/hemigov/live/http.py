"""HTTP for the fetchers: timeouts, retries with exponential backoff, Retry-After, resumable downloads.

One class, ``Http``, wraps an ``httpx.Client``. Every request is retried on timeouts, transport errors
(connection reset, a body cut short), HTTP 5xx and 429, and on a body that the caller's ``check`` rejects
as damaged (``Damaged``: malformed JSON, a page cut short); anything else (404, a changed schema) fails at
once. After the last attempt a ``FetchError`` names the URL, the attempts and the last reason.

Every attempt has an overall deadline (``Policy.timeout``: connect, headers and the whole body, not just each
read, so a server dripping a byte a second cannot hold a fetch), the whole run has one too
(``Policy.run_deadline``), and a body larger than ``Policy.max_bytes`` (as sent or decompressed) is refused.
Redirects are followed only within the scheme, host and port of the URL asked for; the final URL is kept
(``Page.final_url``) for the lock record.

Sleeping goes through the injectable ``sleep`` so tests run without waiting. ``offline=True`` refuses the
network explicitly: any request raises ``OfflineError`` (pages already in the resume cache are still used).

Complete JSON pages are kept in a resume cache (``<home>/cache/fetch``) until their dataset is loaded, so a
fetch that failed on page 9 of 12 starts again at page 9; large files are downloaded into ``.part`` files
and resumed with HTTP ``Range`` requests, within a run and across runs.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from hemigov.core.errors import HemigovError
from hemigov.core.meta import VERSION

RETRY_STATUS = frozenset({408, 425, 429})


class FetchError(HemigovError):
    """A download failed for good (after the retries it deserved)."""


class OfflineError(FetchError):
    """The network was needed but ``offline`` forbids it."""


class Damaged(Exception):
    """Raised by a ``check`` for a body that arrived damaged (truncated, malformed): worth another attempt."""


class TooSlow(Exception):
    """An attempt ran past its deadline while the body was still arriving: worth another attempt."""


MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Policy:
    """How hard to try. Times in seconds."""

    attempts: int = 4
    backoff: float = 1.0  #: first wait; doubles after every failed attempt
    max_backoff: float = 60.0
    max_retry_after: float = 600.0  #: a longer Retry-After is reported instead of waited for
    timeout: float = 60.0  #: one attempt, overall: connect, headers and the whole body
    connect_timeout: float = 10.0
    cache_max_age: float = 24 * 3600.0  #: resume-cache pages older than this are downloaded again
    run_deadline: float = 3600.0  #: the whole run: every request, retry and wait
    max_bytes: int = 64 * 2**20  #: largest body taken, as sent and as decompressed (pages are a few MB)


@dataclass
class Page:
    """One response body as it arrived, with what the lock record needs."""

    url: str
    body: bytes
    status: int
    content_type: str
    fetched_at: str
    from_cache: bool = False
    data: Any = None  #: what ``check`` returned (the parsed JSON)
    final_url: str = ""  #: where the body came from after redirects (default: ``url``)
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        self.sha256 = hashlib.sha256(self.body).hexdigest()
        self.final_url = self.final_url or self.url


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _reason(e: Exception) -> str:
    """Why an attempt failed, in a few words, on one line (timeouts are httpx TransportErrors too)."""
    if isinstance(e, httpx.TimeoutException):
        text = f"timed out ({type(e).__name__})"
    elif isinstance(e, httpx.TransportError | httpx.DecodingError):
        text = f"{type(e).__name__}: {e}"
    else:
        text = str(e)
    return " ".join(text.split())


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


def full_url(url: str, params: dict | None) -> str:
    return str(httpx.URL(url, params=params or {}))


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date); None if absent/invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Http:
    def __init__(self, *, offline: bool = False, policy: Policy | None = None,
                 sleep: Callable[[float], None] = time.sleep, cache_dir: Path | None = None,
                 transport: httpx.BaseTransport | None = None,
                 on_retry: Callable[[str, int, str, float], None] | None = None) -> None:
        self.offline = offline
        self.policy = policy or Policy()
        self.sleep = sleep
        self.cache_dir = cache_dir
        self.on_retry = on_retry
        self.requests = 0
        self.started = time.monotonic()
        if cache_dir is not None:
            _remove_orphans(cache_dir)
        # Redirects are followed by hand (``_open``): only within the host asked, the final URL recorded.
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.policy.timeout, connect=self.policy.connect_timeout),
            follow_redirects=False, transport=transport,
            headers={"User-Agent": f"hemigov/{VERSION} (+https://github.com/hemigov)"})

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Http:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- retry loop ---------------------------------------------------------------------------------
    def _refuse(self, url: str) -> None:
        if self.offline:
            raise OfflineError(f"offline: refusing to download {url} (network disabled by --offline / "
                               f"HEMIGOV_OFFLINE; pages already downloaded are used, this one is not)")

    def _left(self, what: str, url: str) -> float:
        """Seconds left of the run's deadline; none left is a ``FetchError``."""
        left = self.policy.run_deadline - (time.monotonic() - self.started)
        if left <= 0:
            raise FetchError(f"{what}: the fetch ran past its overall deadline of {self.policy.run_deadline:.0f} s; "
                             f"nothing was loaded ({url})")
        return left

    def _wait(self, attempt: int, response: httpx.Response | None, url: str, what: str, reason: str) -> None:
        """Sleep before the next attempt, or raise when there is none left or the server asks too much."""
        p = self.policy
        if attempt >= p.attempts:
            raise FetchError(f"{what}: gave up after {p.attempts} attempt(s): {reason} ({url})")
        delay = min(p.max_backoff, p.backoff * 2 ** (attempt - 1))
        asked = retry_after(response.headers.get("Retry-After")) if response is not None else None
        if asked is not None:
            if asked > p.max_retry_after:
                raise FetchError(f"{what}: {reason}; the server asks to retry after {asked:.0f} s "
                                 f"(more than {p.max_retry_after:.0f} s): try again later ({url})")
            delay = max(delay, asked)
        if delay >= self._left(what, url):
            raise FetchError(f"{what}: {reason}; waiting {delay:.0f} s more would pass the fetch's overall "
                             f"deadline of {p.run_deadline:.0f} s ({url})")
        if self.on_retry:
            self.on_retry(what, attempt, reason, delay)
        self.sleep(delay)

    @staticmethod
    def _status_reason(r: httpx.Response) -> str | None:
        """None when the status is fine; a reason when it is worth retrying; raises for the others."""
        if r.status_code < 400:
            return None
        if r.status_code >= 500 or r.status_code in RETRY_STATUS:
            return f"HTTP {r.status_code} {r.reason_phrase}".strip()
        return "fatal"

    @contextmanager
    def _open(self, url: str, params: dict | None, headers: dict | None,
              what: str) -> Iterator[tuple[httpx.Response, str, float]]:
        """One attempt: GET, following redirects within the origin asked; yields (response, final URL, deadline).

        Redirects to another scheme, host or port, loops and long chains are refused (``FetchError``).
        """
        current = httpx.URL(url, params=params or {})
        origin, visited = _origin(current), {str(current)}
        deadline = time.monotonic() + min(self.policy.timeout, self._left(what, str(current)))
        while True:
            left = max(0.01, deadline - time.monotonic())
            timeout = httpx.Timeout(min(self.policy.timeout, left), connect=min(self.policy.connect_timeout, left))
            self.requests += 1
            with self.client.stream("GET", current, headers=headers, timeout=timeout) as r:
                if not r.is_redirect:
                    yield r, str(current), deadline
                    return
                nxt = current.join(r.headers.get("Location", ""))
            if _origin(nxt) != origin:
                raise FetchError(f"{what}: redirected to {nxt.scheme}://{nxt.host}"
                                 f"{'' if nxt.port is None else f':{nxt.port}'}, another host than the one "
                                 f"configured; not followed ({url})")
            if str(nxt) in visited or len(visited) > MAX_REDIRECTS:
                raise FetchError(f"{what}: redirect loop or more than {MAX_REDIRECTS} redirects "
                                 f"(last to {nxt}); not followed ({url})")
            visited.add(str(nxt))
            current = nxt

    def _body(self, r: httpx.Response, deadline: float, what: str, url: str, chunks=None,
              sink: Callable[[bytes], None] | None = None, have: int = 0) -> bytes:
        """Read the body within the deadline and ``max_bytes`` (``sink`` takes the chunks instead)."""
        limit = self.policy.max_bytes
        length = r.headers.get("Content-Length", "")
        if length.isdigit() and have + int(length) > limit:
            raise FetchError(f"{what}: the response is {int(length) + have:,} bytes, more than the "
                             f"{limit:,} bytes a fetch takes; refused ({url})")
        out: list[bytes] = []
        n = have
        for chunk in (chunks if chunks is not None else r.iter_bytes()):
            n += len(chunk)
            if n > limit:
                raise FetchError(f"{what}: the response passed {limit:,} bytes (as received or decompressed), "
                                 f"the most a fetch takes; refused ({url})")
            if sink is not None:
                sink(chunk)
            else:
                out.append(chunk)
            if time.monotonic() > deadline:
                raise TooSlow(f"the response took longer than the {self.policy.timeout:g} s allowed per request "
                              f"({n:,} bytes by then)")
        return b"".join(out)

    def get(self, url: str, params: dict | None = None, *, what: str,
            check: Callable[[bytes], Any] | None = None, cache: bool = True) -> Page:
        """GET one page, retrying as the policy says; ``check(body)`` parses it (raise ``Damaged`` to retry)."""
        shown = full_url(url, params)
        cached = self._cached(shown, check) if cache else None
        if cached is not None:
            return cached
        self._refuse(shown)
        attempt = 0
        while True:
            attempt += 1
            response = None
            try:
                with self._open(url, params, None, what) as (response, final, deadline):
                    reason = self._status_reason(response)
                    if reason == "fatal":
                        raise FetchError(f"{what}: HTTP {response.status_code} {response.reason_phrase} from {shown}")
                    if reason is None:
                        body = self._body(response, deadline, what, shown)
                if reason is None:
                    page = Page(shown, body, response.status_code, response.headers.get("Content-Type", ""),
                                _now(), final_url=final)
                    page.data = _checked(check, page.body, what, shown)
                    if cache:
                        self._store(page)
                    return page
            except (httpx.TransportError, httpx.DecodingError, Damaged, TooSlow) as e:
                reason = _reason(e)
            except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as e:
                raise FetchError(f"{what}: {type(e).__name__}: {_reason(e)} ({shown})") from e
            self._wait(attempt, response, shown, what, reason)

    # --- resume cache for pages ---------------------------------------------------------------------
    def _key(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()[:32]}.page"

    def _cached(self, url: str, check: Callable[[bytes], Any] | None) -> Page | None:
        path = self._key(url)
        if path is None or not path.is_file():
            return None
        meta_path = path.with_suffix(".json")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if meta.get("url") != url or time.time() - path.stat().st_mtime > self.policy.cache_max_age:
            return None
        page = Page(url, path.read_bytes(), meta["status"], meta.get("content_type", ""), meta["fetched_at"],
                    from_cache=True, final_url=meta.get("final_url", ""))
        if page.sha256 != meta.get("sha256"):
            return None
        try:
            page.data = _checked(check, page.body, "cached page", url)
        except Damaged:
            return None
        return page

    def _store(self, page: Page) -> None:
        path = self._key(page.url)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")  # concurrent fetches never share a temp file
        tmp.write_bytes(page.body)
        os.replace(tmp, path)
        path.with_suffix(".json").write_text(json.dumps(
            {"url": page.url, "status": page.status, "content_type": page.content_type,
             "fetched_at": page.fetched_at, "sha256": page.sha256, "final_url": page.final_url}), encoding="utf-8")

    def forget(self, url: str) -> None:
        """Drop a page from the resume cache (after its dataset was loaded)."""
        path = self._key(url)
        if path is not None:
            path.unlink(missing_ok=True)
            path.with_suffix(".json").unlink(missing_ok=True)

    # --- resumable file download --------------------------------------------------------------------
    def download(self, url: str, dest: Path, *, what: str,
                 progress: Callable[[int, int | None], None] | None = None) -> Page:
        """Download ``url`` to ``dest`` through ``dest.part``, resuming with Range after a cut."""
        part = dest.with_name(dest.name + ".part")
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.is_file() and time.time() - dest.stat().st_mtime <= self.policy.cache_max_age:
            body = dest.read_bytes()
            return Page(url, body, 200, "", datetime.fromtimestamp(dest.stat().st_mtime, UTC)
                        .strftime("%Y-%m-%dT%H:%M:%SZ"), from_cache=True)
        self._refuse(url)
        attempt = 0
        while True:
            attempt += 1
            response = None
            have = part.stat().st_size if part.is_file() else 0
            # identity: the bytes on disk are the file's own, and Range counts the same bytes
            headers = {"Accept-Encoding": "identity", **({"Range": f"bytes={have}-"} if have else {})}
            try:
                with self._open(url, None, headers, what) as (response, final, deadline):
                    if response.status_code == 416:  # our .part is stale or already whole: start again
                        part.unlink(missing_ok=True)
                        raise Damaged("HTTP 416: the partial download does not fit the file; starting again")
                    reason = self._status_reason(response)
                    if reason == "fatal":
                        raise FetchError(f"{what}: HTTP {response.status_code} {response.reason_phrase} from {url}")
                    if reason is None:
                        total = self._write(response, part, have, progress, deadline, what, url)
                        size = part.stat().st_size
                        if total is not None and size != total:
                            raise Damaged(f"body cut short: {size} of {total} bytes")
                        os.replace(part, dest)
                        return Page(url, dest.read_bytes(), response.status_code,
                                    response.headers.get("Content-Type", ""), _now(), final_url=final)
            except (httpx.TransportError, httpx.DecodingError, Damaged, TooSlow) as e:
                reason = _reason(e)
            except FetchError:
                part.unlink(missing_ok=True)  # refused (too large, redirected away): nothing worth resuming
                raise
            except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as e:
                part.unlink(missing_ok=True)
                raise FetchError(f"{what}: {type(e).__name__}: {_reason(e)} ({url})") from e
            self._wait(attempt, response, url, what, reason)

    def _write(self, response: httpx.Response, part: Path, have: int,
               progress: Callable[[int, int | None], None] | None, deadline: float, what: str, url: str) -> int | None:
        """Append (206) or rewrite (200) ``part``; returns the full size when the server says it."""
        total: int | None = None
        if response.status_code == 206:
            rng = response.headers.get("Content-Range", "")  # bytes 100-999/1000
            try:
                span, size = rng.removeprefix("bytes ").split("/")
                start = int(span.split("-")[0])
                total = None if size == "*" else int(size)
            except ValueError:
                raise Damaged(f"unreadable Content-Range {rng!r}") from None
            if start != have:
                part.unlink(missing_ok=True)
                raise Damaged(f"server resumed at byte {start}, expected {have}; starting again")
            mode = "ab"
        else:
            have = 0
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            mode = "wb"
        done = have
        with open(part, mode) as f:
            def sink(chunk: bytes) -> None:
                nonlocal done
                f.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
            self._body(response, deadline, what, url, chunks=response.iter_raw(), sink=sink, have=have)
        return total


def _checked(check: Callable[[bytes], Any] | None, body: bytes, what: str, url: str) -> Any:
    """``check(body)``; JSON nested deeper than Python's parser can follow is one line, not a traceback."""
    if check is None:
        return None
    try:
        return check(body)
    except RecursionError:
        raise FetchError(f"{what}: the JSON is nested too deeply to parse ({len(body):,} bytes); refused "
                         f"({url})") from None


def _remove_orphans(cache_dir: Path) -> None:
    """Temporary page files of fetches that were killed (their process is gone)."""
    for tmp in cache_dir.glob("*.tmp") if cache_dir.is_dir() else []:
        pid = tmp.stem.rpartition(".")[2]
        if not pid.isdigit() or not _alive(int(pid)):
            tmp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True

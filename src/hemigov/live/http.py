"""HTTP for the fetchers: timeouts, retries with exponential backoff, Retry-After, resumable downloads.

One class, ``Http``, wraps an ``httpx.Client``. Every request is retried on timeouts, transport errors
(connection reset, a body cut short), HTTP 5xx and 429, and on a body that the caller's ``check`` rejects
as damaged (``Damaged``: malformed JSON, a page cut short); anything else (404, a changed schema) fails at
once. After the last attempt a ``FetchError`` names the URL, the attempts and the last reason.

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
from collections.abc import Callable
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


@dataclass(frozen=True)
class Policy:
    """How hard to try. Times in seconds."""

    attempts: int = 4
    backoff: float = 1.0  #: first wait; doubles after every failed attempt
    max_backoff: float = 60.0
    max_retry_after: float = 600.0  #: a longer Retry-After is reported instead of waited for
    timeout: float = 60.0
    connect_timeout: float = 10.0
    cache_max_age: float = 24 * 3600.0  #: resume-cache pages older than this are downloaded again


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
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        self.sha256 = hashlib.sha256(self.body).hexdigest()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _reason(e: Exception) -> str:
    """Why an attempt failed, in a few words (timeouts are httpx TransportErrors too)."""
    if isinstance(e, httpx.TimeoutException):
        return f"timed out ({type(e).__name__})"
    if isinstance(e, httpx.TransportError):
        return f"{type(e).__name__}: {e}"
    return str(e)


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
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.policy.timeout, connect=self.policy.connect_timeout),
            follow_redirects=True, transport=transport,
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
                self.requests += 1
                response = self.client.get(url, params=params)
                reason = self._status_reason(response)
                if reason == "fatal":
                    raise FetchError(f"{what}: HTTP {response.status_code} {response.reason_phrase} from {shown}")
                if reason is None:
                    page = Page(shown, response.content, response.status_code,
                                response.headers.get("Content-Type", ""), _now())
                    page.data = check(page.body) if check else None
                    if cache:
                        self._store(page)
                    return page
            except (httpx.TransportError, Damaged) as e:
                reason = _reason(e)
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
                    from_cache=True)
        if page.sha256 != meta.get("sha256"):
            return None
        try:
            page.data = check(page.body) if check else None
        except Damaged:
            return None
        return page

    def _store(self, page: Page) -> None:
        path = self._key(page.url)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(page.body)
        os.replace(tmp, path)
        path.with_suffix(".json").write_text(json.dumps(
            {"url": page.url, "status": page.status, "content_type": page.content_type,
             "fetched_at": page.fetched_at, "sha256": page.sha256}), encoding="utf-8")

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
                self.requests += 1
                with self.client.stream("GET", url, headers=headers) as response:
                    if response.status_code == 416:  # our .part is stale or already whole: start again
                        part.unlink(missing_ok=True)
                        raise Damaged("HTTP 416: the partial download does not fit the file; starting again")
                    reason = self._status_reason(response)
                    if reason == "fatal":
                        raise FetchError(f"{what}: HTTP {response.status_code} {response.reason_phrase} from {url}")
                    if reason is None:
                        total = self._write(response, part, have, progress)
                        size = part.stat().st_size
                        if total is not None and size != total:
                            raise Damaged(f"body cut short: {size} of {total} bytes")
                        os.replace(part, dest)
                        return Page(url, dest.read_bytes(), response.status_code,
                                    response.headers.get("Content-Type", ""), _now())
            except (httpx.TransportError, Damaged) as e:
                reason = _reason(e)
            self._wait(attempt, response, url, what, reason)

    @staticmethod
    def _write(response: httpx.Response, part: Path, have: int,
               progress: Callable[[int, int | None], None] | None) -> int | None:
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
            for chunk in response.iter_raw():
                f.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
        return total

"""Fetch linked readings (corpus/links and URLs a learner passes) into Sources: safely, and once.

Safety. Only http and https. Redirects are followed here, hop by hop, never by httpx, and every hop
is checked BEFORE anything connects to it: its host must resolve only to public addresses (not
private, loopback, link-local, multicast, reserved or unspecified) unless the host is explicitly
allowed (`FetchPolicy.allow_hosts`). Proxies from the environment are ignored, because through a
proxy the address check would say nothing about where a request really goes.

Robustness. A connect/read timeout, plus a deadline for the whole response so a server that
trickles bytes cannot hold a run; a byte cap, checked against Content-Length and enforced while
streaming; only HTML, plain text, Markdown and PDF bodies; retries with exponential backoff on
timeouts, dropped connections, 429 and 5xx (never on 4xx or on a refusal).

Cache. `<cache_dir>/<sha256(url)>.json` (+ `.body`), written atomically. A fetched body is reused
by every later run, so a second run makes no request. A failure is remembered for
`failure_ttl_s`, so an offline run reports quickly, and is tried again after that. Refusals by
policy are never cached: they cost nothing to decide and depend on this run's allowed hosts.

Left out: robots.txt, cookies and logins, JavaScript rendering, revalidation of cached pages
(delete the cache folder to fetch again), and DNS rebinding between the check and the connection
(the name is resolved twice; pinning the checked address would need a custom transport).
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import re
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ingest.loaders import LoadError, parse_document
from ingest.sources import Source, slug

__all__ = [
    "ALLOWED_TYPES",
    "FetchError",
    "FetchPolicy",
    "LinkFetcher",
    "LinkRequest",
    "check_url",
    "corpus_link_requests",
    "link_source_id",
]

ALLOWED_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "application/pdf": "pdf",
}
_REDIRECTS = {301, 302, 303, 307, 308}
_USER_AGENT = "ml-roadmap-tutor/0.1 (linked-reading fetcher)"
Resolver = Callable[[str, int], list]


class FetchError(Exception):
    """A link that cannot be indexed; str(error) is the reason. `cache=False`: not remembered."""

    def __init__(self, reason: str, *, cache: bool = True) -> None:
        super().__init__(reason)
        self.cache = cache


class _Retryable(Exception):
    """A failure worth another attempt (timeout, dropped connection, 429, 5xx)."""


@dataclass(frozen=True)
class LinkRequest:
    url: str
    title: str = ""  # the corpus's title for the link; else the page's own <title>
    stage: int = 0
    section: str = ""
    item_id: str = ""


@dataclass(frozen=True)
class FetchPolicy:
    timeout_s: float = 10.0  # connect, and longest silence while reading
    deadline_s: float = 60.0  # whole response
    max_bytes: int = 20 * 1024 * 1024  # the same limit as a learner's file
    retries: int = 2  # extra attempts after the first
    backoff_s: float = 0.5  # waits 0.5 s, 1 s, 2 s, ...
    max_redirects: int = 5
    failure_ttl_s: float = 600.0
    allow_hosts: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_settings(cls, settings) -> FetchPolicy:
        """The limits a user can set (Settings.fetch_*); the rest keep their defaults."""
        return cls(
            timeout_s=settings.fetch_timeout_s,
            deadline_s=settings.fetch_deadline_s,
            max_bytes=int(settings.fetch_max_mb * 1024 * 1024),
            retries=settings.fetch_retries,
        )


@dataclass
class _Got:
    location: str | None = None  # set for a redirect
    body: bytes = b""
    kind: str = ""
    charset: str | None = None


def corpus_link_requests(corpus) -> list[LinkRequest]:
    """Every link of corpus/links, tagged with its item's stage, section and id."""
    return [
        LinkRequest(link.url, link.title, stage.stage, section.name, item.id)
        for stage, section, item in corpus.roadmap.iter_items()
        for link in corpus.links.get(item.id, [])
    ]


def link_source_id(url: str) -> str:
    return f"url/{slug(url)[:60]}-{hashlib.sha256(url.encode()).hexdigest()[:10]}"


def resolve_host(host: str, port: int) -> list:
    """Every address the name resolves to (the check must hold for all of them)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host} (offline?)") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def _blocked(ip) -> str | None:
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    for attr in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{attr}"):
            return attr.replace("_", "-")
    return None if ip.is_global else "non-public"


def allowed(host: str, port: int, default_port: bool, allow_hosts: Iterable[str]) -> bool:
    """Is host:port explicitly allowed? 'host' allows its default web port only, 'host:8000' that
    port, 'host:*' every port: allowing a local docs server must not open the machine's database."""
    wanted = {h.lower() for h in allow_hosts}
    host = host.lower()
    return (default_port and host in wanted) or f"{host}:{port}" in wanted or f"{host}:*" in wanted


def check_url(url: str, allow_hosts: Iterable[str] = (), resolve: Resolver = resolve_host) -> None:
    """Raise FetchError unless `url` may be fetched. Looks the name up; connects to nothing."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise FetchError(f"refused: not a valid URL ({exc})", cache=False) from exc
    if parsed.scheme not in ("http", "https"):
        what = f"scheme '{parsed.scheme}:'" if parsed.scheme else "a relative URL"
        raise FetchError(f"refused: {what} (only http and https links are fetched)", cache=False)
    host = parsed.host
    if not host:
        raise FetchError("refused: URL has no host", cache=False)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    if allowed(host, port, parsed.port is None, allow_hosts):
        return
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        addresses = resolve(host, port)
    for ip in addresses:
        label = _blocked(ip)
        if label:
            raise FetchError(
                f"refused: {host} is a {label} address ({ip}); allow it explicitly "
                f"(--allow-host {host if parsed.port is None else f'{host}:{port}'}) if you trust it",
                cache=False,
            )


def _content_kind(header: str) -> tuple[str, str | None]:
    mime, _, params = header.partition(";")
    mime = mime.strip().lower()
    if mime not in ALLOWED_TYPES:
        raise FetchError(
            f"unsupported content type '{mime or 'none'}' (only HTML, plain text, Markdown and PDF are indexed)"
        )
    charset = re.search(r"charset=\"?([\w.:-]+)", params, re.I)
    return ALLOWED_TYPES[mime], charset.group(1) if charset else None


class LinkFetcher:
    """Fetches links under one policy, with one HTTP client and one cache folder."""

    def __init__(
        self,
        cache_dir: Path,
        policy: FetchPolicy | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        resolve: Resolver = resolve_host,
        refresh: bool = False,
    ) -> None:
        self.cache_dir, self.policy = Path(cache_dir), policy or FetchPolicy()
        self._sleep, self._resolve, self._refresh = sleep, resolve, refresh
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.policy.timeout_s),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": _USER_AGENT, "Accept": ", ".join(ALLOWED_TYPES)},
        )

    def __enter__(self) -> LinkFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def fetch_all(self, requests: list[LinkRequest], progress=None) -> tuple[list[Source], list[dict]]:
        """Sources for the links that could be fetched, and {"source", "reason"} for the rest."""
        sources, failures, seen = [], [], set()
        for n, request in enumerate(requests, 1):
            if request.url not in seen:  # a reading listed under two items is indexed once
                seen.add(request.url)
                try:
                    sources.append(self.fetch(request))
                except FetchError as exc:
                    failures.append({"source": request.url, "reason": str(exc)})
            if progress:
                progress("fetching links", n, len(requests))
        return sources, failures

    def fetch(self, request: LinkRequest) -> Source:
        """One link as a Source, from the cache when it is there; FetchError says why not."""
        entry = None if self._refresh else self._read_cache(request.url)
        if entry and entry["status"] == "failed":
            age = time.time() - entry["at"]
            if age < self.policy.failure_ttl_s:
                raise FetchError(
                    f"{entry['reason']} (remembered from {age / 60:.0f} min ago; "
                    f"tried again after {self.policy.failure_ttl_s / 60:.0f} min)"
                )
            entry = None
        if entry is None:
            try:
                got = self._download(request.url)
            except FetchError as exc:
                if exc.cache:
                    self._write_cache(request.url, {"status": "failed", "reason": str(exc)})
                raise
            entry = self._write_cache(request.url, {"status": "ok", "kind": got.kind, "charset": got.charset}, got.body)
        return self._to_source(request, entry)

    def cached(self, request: LinkRequest) -> Source | None:
        """The link from the cache alone (no network), or None."""
        entry = self._read_cache(request.url)
        if not entry or entry["status"] != "ok":
            return None
        try:
            return self._to_source(request, entry)
        except FetchError:
            return None

    # --- network ------------------------------------------------------------------------------
    def _download(self, url: str) -> _Got:
        current = url
        for _ in range(self.policy.max_redirects + 1):
            check_url(current, self.policy.allow_hosts, self._resolve)  # before connecting
            got = self._with_retries(current)
            if got.location is None:
                return got
            current = got.location
        raise FetchError(f"more than {self.policy.max_redirects} redirects")

    def _with_retries(self, url: str) -> _Got:
        last = ""
        for attempt in range(self.policy.retries + 1):
            if attempt:
                self._sleep(self.policy.backoff_s * 2 ** (attempt - 1))
            try:
                return self._get_once(url)
            except _Retryable as exc:
                last = str(exc)
        raise FetchError(f"{last} (gave up after {self.policy.retries + 1} attempts)")

    def _get_once(self, url: str) -> _Got:
        try:
            with self._client.stream("GET", url) as response:
                status = response.status_code
                if status in _REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {status} redirect without a Location header")
                    return _Got(location=str(response.url.join(location)))
                if status == 429 or status >= 500:
                    raise _Retryable(f"HTTP {status} {response.reason_phrase}")
                if not 200 <= status < 300:
                    raise FetchError(f"HTTP {status} {response.reason_phrase}")
                kind, charset = _content_kind(response.headers.get("content-type", ""))
                return _Got(body=self._read_capped(response), kind=kind, charset=charset)
        except httpx.TimeoutException as exc:
            what = type(exc).__name__
            raise _Retryable(f"timed out after {self.policy.timeout_s:g} s ({what})") from exc
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise _Retryable(f"connection dropped ({type(exc).__name__})") from exc
        except httpx.ConnectError as exc:
            raise FetchError(f"cannot connect ({exc})") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"HTTP error ({type(exc).__name__}: {exc})") from exc

    def _read_capped(self, response: httpx.Response) -> bytes:
        cap = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(f"too large: {int(declared):,} bytes declared > {cap:,} byte limit")
        deadline = time.monotonic() + self.policy.deadline_s
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > cap:  # stop reading: a missing or lying Content-Length changes nothing
                raise FetchError(f"too large: more than {cap:,} bytes (stopped reading)")
            if time.monotonic() > deadline:
                raise FetchError(f"response took longer than {self.policy.deadline_s:g} s")
            chunks.append(chunk)
        return b"".join(chunks)

    # --- cache and parsing ----------------------------------------------------------------------
    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode()).hexdigest()
        return self.cache_dir / f"{key}.json", self.cache_dir / f"{key}.body"

    def _read_cache(self, url: str) -> dict | None:
        meta_path, body_path = self._paths(url)
        try:
            entry = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if entry.get("url") != url or (entry.get("status") == "ok" and not body_path.exists()):
            return None
        return entry

    def _write_cache(self, url: str, entry: dict, body: bytes | None = None) -> dict:
        """Body first, then the JSON record: a crash in between leaves no record pointing at
        a half-written body. Each file goes through a temporary name and os.replace."""
        meta_path, body_path = self._paths(url)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        entry = {**entry, "url": url, "at": time.time()}
        for path, data in ((body_path, body), (meta_path, json.dumps(entry).encode())):
            if data is not None:
                tmp = path.with_suffix(path.suffix + ".tmp")
                tmp.write_bytes(data)
                os.replace(tmp, path)
        return entry

    def _to_source(self, request: LinkRequest, entry: dict) -> Source:
        body = self._paths(request.url)[1].read_bytes()
        try:
            title, text, pages = parse_document(body, entry["kind"], entry.get("charset"))
        except LoadError as exc:
            raise FetchError(str(exc), cache=False) from exc
        return Source(
            source_id=link_source_id(request.url),
            source_type="link",
            origin="url",
            title=request.title or title or request.url,
            url_or_path=request.url,
            text=text,
            pages=pages,
            stage=request.stage,
            section=request.section,
            item_id=request.item_id,
        )

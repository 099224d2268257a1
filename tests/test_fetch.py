"""The link fetcher against a real HTTP server on 127.0.0.1 (a threaded http.server, port 0).

The server records every request it receives, and every outgoing connection and name lookup of
the process is recorded too (and refused unless it is for 127.0.0.1), so "refused before
connecting" and "served from the cache" are checked by what happened on the wire, and no test can
send traffic anywhere else.
"""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from app.core.vectorstore import IndexParams
from ingest.fetch import (
    FetchError,
    FetchPolicy,
    LinkFetcher,
    LinkRequest,
    check_url,
    corpus_link_requests,
)
from ingest.indexer import chunk_source

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = (FIXTURES / "saved_article.html").read_bytes()
PDF = (FIXTURES / "bias_variance_notes.pdf").read_bytes()
LOCAL = frozenset({"127.0.0.1:*"})
HUGE = 50 * 1024 * 1024


class LocalSite:
    """Real HTML/PDF pages and misbehaving endpoints on 127.0.0.1; `seen` lists request paths."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.sent_huge = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                site.seen.append(self.path)
                site.route(self, self.path)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda *a: None  # clients hang up on purpose in these tests
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def count(self, path: str) -> int:
        return self.seen.count(path)

    @staticmethod
    def send(h, status: int, ctype: str | None, body: bytes = b"", headers: dict | None = None) -> None:
        h.send_response(status)
        if ctype:
            h.send_header("Content-Type", ctype)
        if headers is None:
            headers = {"Content-Length": str(len(body))}
        for key, value in headers.items():
            h.send_header(key, value)
        h.end_headers()
        h.wfile.write(body)

    def redirect(self, h, status: int, location: str) -> None:
        self.send(h, status, None, headers={"Location": location, "Content-Length": "0"})

    def route(self, h, path: str) -> None:  # noqa: C901 (one branch per scenario reads best)
        if path == "/article.html":
            self.send(h, 200, "text/html; charset=utf-8", ARTICLE)
        elif path == "/notes.pdf":
            self.send(h, 200, "application/pdf", PDF)
        elif path == "/notes.md":
            self.send(h, 200, "text/markdown", (FIXTURES / "good_note.md").read_bytes())
        elif path == "/no-text.html":
            self.send(h, 200, "text/html", (FIXTURES / "no_text.html").read_bytes())
        elif path == "/slow":
            time.sleep(3)
            self.send(h, 200, "text/html", ARTICLE)
        elif path == "/trickle":
            self.send(h, 200, "text/plain", b"", headers={})  # no length: body runs until close
            for _ in range(100):
                h.wfile.write(b"x ")
                h.wfile.flush()
                time.sleep(0.05)
        elif path == "/flaky":
            if self.count("/flaky") == 1:
                self.send(h, 503, "text/plain", b"busy, try later")
            else:
                self.send(h, 200, "text/html", ARTICLE)
        elif path == "/down":
            self.send(h, 503, "text/plain", b"down")
        elif path == "/missing":
            self.send(h, 404, "text/plain", b"not found")
        elif path == "/to-private":
            self.redirect(h, 302, "http://10.0.0.1/admin")
        elif path == "/to-localhost":
            self.redirect(h, 302, self.url("/article.html", host="localhost"))
        elif path == "/moved":
            self.redirect(h, 301, "/article.html")
        elif path == "/loop":
            self.redirect(h, 302, "/loop")
        elif path == "/to-file":
            self.redirect(h, 302, "file:///etc/passwd")
        elif path == "/huge":
            self.send(h, 200, "text/plain", b"", headers={})  # no Content-Length to check up front
            block = b"word " * 13107
            while self.sent_huge < HUGE:
                h.wfile.write(block)
                self.sent_huge += len(block)
        elif path == "/huge-declared":
            self.send(h, 200, "text/plain", b"tiny", headers={"Content-Length": str(10**10)})
        elif path == "/image.png":
            self.send(h, 200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
        else:
            self.send(h, 404, "text/plain", b"no such page")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def guard_network(monkeypatch) -> list[tuple]:
    """Record every outgoing connection; refuse any lookup or connection not for loopback."""
    connections: list[tuple] = []
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost"):
            raise socket.gaierror(socket.EAI_NONAME, "lookups are blocked in tests (offline)")
        return real_getaddrinfo(host, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        connections.append(address)
        if address[0] not in ("127.0.0.1", "localhost"):
            raise AssertionError(f"a test tried to connect to {address}")
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return connections


@pytest.fixture
def connections(monkeypatch):
    return guard_network(monkeypatch)


@pytest.fixture
def site(connections):
    server = LocalSite()
    yield server
    server.close()


@pytest.fixture
def sleeps():
    return []


def fetcher(tmp_path, sleeps, **policy) -> LinkFetcher:
    policy.setdefault("allow_hosts", LOCAL)
    return LinkFetcher(tmp_path / "links", FetchPolicy(**policy), sleep=sleeps.append)


def fail_reason(f: LinkFetcher, url: str) -> str:
    with pytest.raises(FetchError) as err:
        f.fetch(LinkRequest(url))
    return str(err.value)


# --- real pages ---------------------------------------------------------------------------------
def test_html_page_becomes_a_link_source_with_its_main_text(site, tmp_path, sleeps):
    request = LinkRequest(
        site.url("/article.html"), "", stage=2, section="Supervised Learning", item_id="s2-ensemble-methods"
    )
    source = fetcher(tmp_path, sleeps).fetch(request)
    assert (source.source_type, source.origin, source.url_or_path) == ("link", "url", request.url)
    assert (source.stage, source.section, source.item_id) == (2, "Supervised Learning", "s2-ensemble-methods")
    assert source.title == "Gradient boosting in practice | The Example ML Blog"
    assert "## How one boosting round works" in source.text and "pseudo-residuals" in source.text
    for furniture in ("Accept all cookies", "Subscribe", "All rights reserved", "gtag", "Great post"):
        assert furniture not in source.text


def test_pdf_response_keeps_its_page_numbers_down_to_the_chunks(site, tmp_path, sleeps):
    source = fetcher(tmp_path, sleeps).fetch(LinkRequest(site.url("/notes.pdf"), "Bias notes"))
    assert [n for n, _ in source.pages] == [1, 2] and source.title == "Bias notes"
    chunks = chunk_source(source, IndexParams("m", 180, 30))
    page_of = {meta["page"]: doc for _, doc, meta in chunks}
    assert "L1 regularization" in page_of[2] and "(page 2)" in page_of[2]
    assert "Learning curves" in page_of[1]


def test_markdown_response_is_indexed_as_text(site, tmp_path, sleeps):
    source = fetcher(tmp_path, sleeps).fetch(LinkRequest(site.url("/notes.md")))
    assert "## Stratification" in source.text and source.title == site.url("/notes.md")


# --- what is refused before any connection ------------------------------------------------------
def test_loopback_is_refused_unless_the_host_is_explicitly_allowed(site, tmp_path, sleeps, connections):
    strict = fetcher(tmp_path, sleeps, allow_hosts=frozenset())
    assert "127.0.0.1 is a loopback address" in fail_reason(strict, site.url("/article.html"))
    assert "loopback" in fail_reason(strict, site.url("/article.html", host="localhost"))
    assert site.seen == [] and connections == []
    host_only = fetcher(tmp_path, sleeps, allow_hosts=frozenset({"127.0.0.1"}))  # its default port, not this one
    assert f"--allow-host 127.0.0.1:{site.port}" in fail_reason(host_only, site.url("/article.html"))
    assert site.seen == []
    allowed = fetcher(tmp_path, sleeps, allow_hosts=frozenset({f"127.0.0.1:{site.port}"}))
    assert allowed.fetch(LinkRequest(site.url("/article.html"))).text
    assert site.seen == ["/article.html"]
    other_port = fetcher(tmp_path / "fresh", sleeps, allow_hosts=frozenset({f"127.0.0.1:{site.port + 1}"}))
    assert "loopback" in fail_reason(other_port, site.url("/article.html"))


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/notes.txt",
        "gopher://127.0.0.1/",
        "javascript:alert(1)",
        "data:text/html,<p>hi</p>",
        "/relative/path.html",
    ],
)
def test_non_http_schemes_are_refused(url, tmp_path, sleeps, connections):
    reason = fail_reason(fetcher(tmp_path, sleeps), url)
    assert reason.startswith("refused:") and "only http and https" in reason
    assert connections == []


@pytest.mark.parametrize(
    "ip",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.10",
        "169.254.169.254",
        "224.0.0.1",
        "0.0.0.0",
        "240.0.0.1",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_private_loopback_link_local_multicast_and_reserved_addresses_are_refused(ip, connections):
    host = f"[{ip}]" if ":" in ip else ip
    with pytest.raises(FetchError, match="refused: .* address"):
        check_url(f"http://{host}/x")
    assert connections == []


def test_a_name_is_refused_if_any_of_its_addresses_is_private():
    import ipaddress

    def resolve(host, port):
        return [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.1.2.3")]

    with pytest.raises(FetchError, match="10.1.2.3"):
        check_url("https://readings.example.org/page", resolve=resolve)
    check_url("https://readings.example.org/page", resolve=lambda h, p: resolve(h, p)[:1])  # public


def test_redirect_to_a_private_address_is_refused_without_connecting(site, tmp_path, sleeps, connections):
    reason = fail_reason(fetcher(tmp_path, sleeps), site.url("/to-private"))
    assert "10.0.0.1 is a private address" in reason
    assert site.seen == ["/to-private"]
    assert {host for host, _ in connections} == {"127.0.0.1"}  # nothing ever dialled 10.0.0.1


def test_every_redirect_hop_is_checked(site, tmp_path, sleeps):
    f = fetcher(tmp_path, sleeps)
    assert "localhost is a loopback address" in fail_reason(f, site.url("/to-localhost"))
    assert "scheme 'file:'" in fail_reason(f, site.url("/to-file"))
    assert "more than 5 redirects" in fail_reason(f, site.url("/loop"))
    assert site.count("/loop") == 6 and site.count("/article.html") == 0
    source = f.fetch(LinkRequest(site.url("/moved")))  # a relative, allowed redirect is followed
    assert "pseudo-residuals" in source.text and source.url_or_path == site.url("/moved")


# --- misbehaving servers ------------------------------------------------------------------------
def test_slow_response_times_out_and_is_retried_with_backoff(site, tmp_path, sleeps):
    started = time.monotonic()
    reason = fail_reason(fetcher(tmp_path, sleeps, timeout_s=0.3, retries=1), site.url("/slow"))
    assert "timed out after 0.3 s" in reason and "gave up after 2 attempts" in reason
    assert site.count("/slow") == 2 and sleeps == [0.5]
    assert time.monotonic() - started < 2.5  # the server would have taken 3 s per attempt


def test_a_trickling_body_hits_the_response_deadline(site, tmp_path, sleeps):
    f = fetcher(tmp_path, sleeps, timeout_s=2, deadline_s=0.5)
    reason = fail_reason(f, site.url("/trickle"))
    assert "took longer than 0.5 s" in reason


def test_503_then_200_is_retried(site, tmp_path, sleeps):
    f = fetcher(tmp_path, sleeps, retries=2, backoff_s=0.25)
    source = f.fetch(LinkRequest(site.url("/flaky")))
    assert "pseudo-residuals" in source.text
    assert site.count("/flaky") == 2 and sleeps == [0.25]


def test_persistent_5xx_gives_up_after_exponential_backoff(site, tmp_path, sleeps):
    reason = fail_reason(fetcher(tmp_path, sleeps, retries=3, backoff_s=0.5), site.url("/down"))
    assert "HTTP 503" in reason and "after 4 attempts" in reason
    assert sleeps == [0.5, 1.0, 2.0] and site.count("/down") == 4


def test_4xx_is_not_retried(site, tmp_path, sleeps):
    assert "HTTP 404" in fail_reason(fetcher(tmp_path, sleeps), site.url("/missing"))
    assert site.count("/missing") == 1 and sleeps == []


def test_oversized_body_is_cut_off_while_streaming(site, tmp_path, sleeps):
    f = fetcher(tmp_path, sleeps, max_bytes=100_000)
    assert "more than 100,000 bytes (stopped reading)" in fail_reason(f, site.url("/huge"))
    time.sleep(0.2)
    assert site.sent_huge < HUGE  # the client hung up; the server could not send it all
    assert "10,000,000,000 bytes declared" in fail_reason(f, site.url("/huge-declared"))


def test_wrong_content_type_and_empty_page_are_refused(site, tmp_path, sleeps):
    f = fetcher(tmp_path, sleeps)
    assert "unsupported content type 'image/png'" in fail_reason(f, site.url("/image.png"))
    assert "HTML page has no main text" in fail_reason(f, site.url("/no-text.html"))


# --- cache and offline --------------------------------------------------------------------------
def test_second_run_is_served_from_the_cache_without_any_request(site, tmp_path, sleeps):
    urls = [site.url("/article.html"), site.url("/notes.pdf")]
    first, failures = fetcher(tmp_path, sleeps).fetch_all([LinkRequest(u) for u in urls])
    assert failures == [] and len(site.seen) == 2
    again, failures = fetcher(tmp_path, sleeps).fetch_all([LinkRequest(u) for u in urls])
    assert failures == [] and len(site.seen) == 2  # zero requests reached the server
    assert [s.content_hash for s in again] == [s.content_hash for s in first]


def test_failures_are_remembered_for_a_while_then_retried(site, tmp_path, sleeps):
    url = site.url("/down")
    fail_reason(fetcher(tmp_path, sleeps, retries=0), url)
    assert site.count("/down") == 1
    remembered = fail_reason(fetcher(tmp_path, sleeps, retries=0), url)
    assert "HTTP 503" in remembered and "remembered" in remembered and site.count("/down") == 1
    fail_reason(fetcher(tmp_path, sleeps, retries=0, failure_ttl_s=0), url)
    assert site.count("/down") == 2  # expired: a later run tries again


def test_refusals_are_not_cached_so_allowing_a_host_takes_effect_at_once(site, tmp_path, sleeps):
    url = site.url("/article.html")
    fail_reason(fetcher(tmp_path, sleeps, allow_hosts=frozenset()), url)
    assert fetcher(tmp_path, sleeps).fetch(LinkRequest(url)).text


def test_offline_links_are_reported_and_the_rest_fetched(site, tmp_path, sleeps):
    requests = [
        LinkRequest("https://numpy.org/doc/stable/user/absolute_beginners.html"),
        LinkRequest(site.url("/article.html")),
        LinkRequest(site.url("/article.html")),
    ]
    sources, failures = fetcher(tmp_path, sleeps).fetch_all(requests)
    assert [s.url_or_path for s in sources] == [site.url("/article.html")]  # duplicate fetched once
    assert failures == [{"source": requests[0].url, "reason": "cannot resolve host numpy.org (offline?)"}]
    assert site.count("/article.html") == 1


def test_corpus_links_carry_their_item_stage_and_section():
    from app.core.corpus import load_corpus
    from app.core.settings import Settings

    requests = corpus_link_requests(load_corpus(Settings().corpus_dir))
    assert len(requests) > 60
    assert all(r.url.startswith(("http://", "https://")) and r.title for r in requests)
    assert all(1 <= r.stage <= 5 and r.section and r.item_id.startswith(f"s{r.stage}-") for r in requests)

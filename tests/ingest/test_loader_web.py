"""Fetching pages and documents, against a real HTTP server on 127.0.0.1 started by the tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from ingest.errors import LoadError
from ingest.loaders import load_bytes
from ingest.loaders.web import USER_AGENT, fetch_url
from tests.ingest.documents_factory import make_text_pdf

MAX = 10**7
TIMEOUT = 5.0
SLOW_TIMEOUT = 0.3
PAGE = (
    b"<html lang='it'><head><title>Guida USA | Sportello</title></head>"
    b"<body><main><h1>Guida USA</h1><p>Dazi e dogane per l'export negli Stati Uniti.</p>"
    b"</main></body></html>"
)
LATIN_PAGE = "<p>Perché è così caro spedire in Svizzera?</p>".encode("iso-8859-1")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    length: bool = True  # send Content-Length
    delay_s: float = 0.0


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, routes: dict[str, Route]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes = routes
        self.user_agents: list[str] = []
        self.released = threading.Event()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up on slow or oversized answers is what the tests provoke."""


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        self.server.user_agents.append(self.headers.get("User-Agent", ""))
        route = self.server.routes.get(self.path.split("?")[0], Route(404, b"not found"))
        if route.delay_s and self.server.released.wait(route.delay_s):
            return
        try:
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.length:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            for start in range(0, len(route.body), 16384):
                self.wfile.write(route.body[start : start + 16384])
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests assert on results, not on the access log."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    pdf = make_text_pdf(
        tmp_path_factory.mktemp("web") / "g.pdf",
        ["Il documento scaricato dal sito della Regione."],
        title="Guida scaricata",
    ).read_bytes()
    html = {"Content-Type": "text/html; charset=utf-8"}
    routes = {
        "/paesi/stati-uniti/": Route(body=PAGE, headers=html),
        "/vecchio": Route(302, headers={"Location": "/paesi/stati-uniti/"}),
        "/giro": Route(302, headers={"Location": "/giro"}),
        "/altrove": Route(302, headers={"Location": "ftp://example.org/guida.pdf"}),
        "/latin": Route(
            body=LATIN_PAGE, headers={"Content-Type": "text/html; charset=iso-8859-1"}
        ),
        "/files/guida-usa.pdf": Route(body=pdf, headers={"Content-Type": "application/pdf"}),
        "/download": Route(
            body=pdf,
            headers={
                "Content-Type": "application/octet-stream",
                "Content-Disposition": 'attachment; filename="bando 2025.pdf"',
            },
        ),
        "/grande": Route(body=b"<p>" + b"x" * 300_000, headers=html, length=False),
        "/grande-dichiarato": Route(body=b"<p>" + b"x" * 300_000, headers=html),
        "/lento": Route(body=PAGE, headers=html, delay_s=3.0),
        "/logo.png": Route(body=PNG, headers={"Content-Type": "image/png"}),
        "/vietato": Route(403, b"no", {"Content-Type": "text/plain"}),
    }
    srv = Server(routes)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.released.set()
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False) as c:
        yield c


def fetch(
    server: Server, path: str, client: httpx.Client, *, max_bytes: int = MAX
) -> tuple[bytes, str, str]:
    return fetch_url(server.base + path, timeout_s=TIMEOUT, max_bytes=max_bytes, client=client)


class TestDocumentsAreFetched:
    def test_html_page_is_named_after_its_path_and_loads(
        self, server: Server, client: httpx.Client
    ) -> None:
        body, name, final = fetch(server, "/paesi/stati-uniti/", client)
        assert (body, name, final) == (
            PAGE,
            "stati-uniti.html",
            server.base + "/paesi/stati-uniti/",
        )
        doc = load_bytes(body, name=name, max_bytes=MAX)
        assert doc.meta.title == "Guida USA"
        assert doc.text == "Dazi e dogane per l'export negli Stati Uniti."

    def test_pdf_is_recognised_by_its_content_type(
        self, server: Server, client: httpx.Client
    ) -> None:
        body, name, _ = fetch(server, "/files/guida-usa.pdf", client)
        assert name == "guida-usa.pdf"
        assert load_bytes(body, name=name, max_bytes=MAX).meta.title == "Guida scaricata"

    def test_unlabelled_download_is_sniffed_and_keeps_its_file_name(
        self, server: Server, client: httpx.Client
    ) -> None:
        body, name, _ = fetch(server, "/download", client)
        assert body.startswith(b"%PDF-")
        assert name == "bando-2025.pdf"

    def test_redirects_are_followed_to_the_final_url(
        self, server: Server, client: httpx.Client
    ) -> None:
        body, _, final = fetch(server, "/vecchio", client)
        assert body == PAGE
        assert final == server.base + "/paesi/stati-uniti/"

    def test_declared_charset_is_converted_to_utf8(
        self, server: Server, client: httpx.Client
    ) -> None:
        body, name, _ = fetch(server, "/latin", client)
        doc = load_bytes(body, name=name, max_bytes=MAX)
        assert doc.text == "Perché è così caro spedire in Svizzera?"

    def test_requests_say_who_is_asking(self, server: Server, client: httpx.Client) -> None:
        fetch(server, "/paesi/stati-uniti/", client)
        assert server.user_agents[-1] == USER_AGENT

    def test_without_an_injected_client_a_default_one_is_used(
        self, server: Server, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
            monkeypatch.delenv(proxy, raising=False)
        body, _, _ = fetch_url(
            server.base + "/paesi/stati-uniti/", timeout_s=TIMEOUT, max_bytes=MAX
        )
        assert body == PAGE


class TestFailuresAreLoadErrors:
    def test_body_over_the_limit_is_cut_off(self, server: Server, client: httpx.Client) -> None:
        with pytest.raises(LoadError) as err:
            fetch(server, "/grande", client, max_bytes=100_000)
        assert err.value.reason == "the page is over the 0.1 MB limit"

    def test_declared_length_over_the_limit_is_refused_before_reading(
        self, server: Server, client: httpx.Client
    ) -> None:
        with pytest.raises(LoadError, match=r"over the 0\.1 MB limit"):
            fetch(server, "/grande-dichiarato", client, max_bytes=100_000)

    def test_slow_server_times_out(self, server: Server, client: httpx.Client) -> None:
        with pytest.raises(LoadError) as err:
            fetch_url(server.base + "/lento", timeout_s=SLOW_TIMEOUT, max_bytes=MAX, client=client)
        assert err.value.reason == "no answer from the server within 0.3 s"
        assert err.value.hint == "check the URL or try later"

    @pytest.mark.parametrize(("path", "status"), [("/manca", 404), ("/vietato", 403)])
    def test_http_errors_name_the_status(
        self, server: Server, client: httpx.Client, path: str, status: int
    ) -> None:
        with pytest.raises(LoadError) as err:
            fetch(server, path, client)
        assert err.value.reason == f"the server answered HTTP {status}"

    def test_images_are_refused(self, server: Server, client: httpx.Client) -> None:
        with pytest.raises(LoadError) as err:
            fetch(server, "/logo.png", client)
        assert err.value.reason == "the address serves image/png, not a document"

    def test_redirect_loop_stops(self, server: Server, client: httpx.Client) -> None:
        with pytest.raises(LoadError, match="more than 5 redirects"):
            fetch(server, "/giro", client)

    def test_redirect_away_from_the_web_is_refused(
        self, server: Server, client: httpx.Client
    ) -> None:
        with pytest.raises(LoadError, match="non-web address"):
            fetch(server, "/altrove", client)

    @pytest.mark.parametrize("url", ["ftp://example.org/guida.pdf", "file:///etc/passwd", "guida"])
    def test_only_http_and_https_urls_are_fetched(self, url: str, client: httpx.Client) -> None:
        with pytest.raises(LoadError, match="only http and https"):
            fetch_url(url, timeout_s=TIMEOUT, max_bytes=MAX, client=client)

    def test_closed_port_is_a_connection_error(self, client: httpx.Client) -> None:
        with pytest.raises(LoadError, match=r"cannot connect to 127\.0\.0\.1"):
            fetch_url("http://127.0.0.1:9/", timeout_s=TIMEOUT, max_bytes=MAX, client=client)

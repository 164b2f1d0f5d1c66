"""Downloading a web page or a linked document, for the loaders to parse like an upload.

`fetch_url` returns the body, a file name whose extension tells the dispatcher the format (from
the Content-Type, or from the content when the server says only "octet-stream"), and the final
URL after redirects. Text is handed over as UTF-8 whatever the page's declared charset. Every
failure is a `LoadError` saying what went wrong.
"""

from __future__ import annotations

import codecs
import logging
import re
import time
from pathlib import PurePosixPath
from urllib.parse import unquote

import httpx

from ingest.errors import LoadError, PageGone
from ingest.loaders import FORMATS, SUPPORTED, describe_binary

logger = logging.getLogger(__name__)

USER_AGENT = "SportelloExport/0.1 (+knowledge-base ingest)"
MAX_REDIRECTS = 5
DOWNLOAD_TIME_FACTOR = 10  # the whole download may take this many times the answer timeout

_ACCEPT = (
    "text/html,application/xhtml+xml,application/pdf,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
    "text/markdown;q=0.9,text/plain;q=0.8,*/*;q=0.1"
)
_EXTENSIONS = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/x-pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "text/plain": ".txt",
}
_UNLABELLED = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "application/download"}
)
_TEXT_EXTENSIONS = frozenset({".html", ".md", ".txt"})
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]{1,40})""", re.I)
_FILENAME = re.compile(r"""filename\*?\s*=\s*(?:UTF-8'[^']*')?["']?([^"';]+)""", re.I)


def fetch_url(
    url: str, *, timeout_s: float, max_bytes: int, client: httpx.Client | None = None
) -> tuple[bytes, str, str]:
    """Download `url`: (body, a file name with the format's extension, the final URL).

    Follows up to `MAX_REDIRECTS` redirects, stops reading past `max_bytes`, and gives up when
    the server does not answer within `timeout_s` seconds. An injected `client` is not closed.
    """
    target = _checked_url(url)
    http = client or httpx.Client(trust_env=True)
    try:
        return _fetch(http, target, timeout_s=timeout_s, max_bytes=max_bytes)
    except httpx.TimeoutException as exc:
        raise LoadError(
            f"no answer from the server within {timeout_s:g} s", "check the URL or try later"
        ) from exc
    except httpx.ConnectError as exc:
        raise LoadError(
            f"cannot connect to {target.host} ({exc})", "check the URL or try later"
        ) from exc
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise LoadError(f"not a usable web address ({exc})", "use an http(s):// URL") from exc
    except httpx.HTTPError as exc:
        raise LoadError(
            f"the download failed ({type(exc).__name__}: {exc})", "check the URL or try later"
        ) from exc
    finally:
        if client is None:
            http.close()


def _checked_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as exc:
        raise LoadError(f"not a valid web address: {url!r}", "use an http(s):// URL") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise LoadError(
            f"only http and https addresses can be fetched, not {url!r}", "use an http(s):// URL"
        )
    return parsed


def _fetch(
    http: httpx.Client, url: httpx.URL, *, timeout_s: float, max_bytes: int
) -> tuple[bytes, str, str]:
    deadline = time.monotonic() + DOWNLOAD_TIME_FACTOR * timeout_s
    request = http.build_request(
        "GET",
        url,
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
        timeout=httpx.Timeout(timeout_s),
    )
    for _ in range(MAX_REDIRECTS + 1):
        response = http.send(request, stream=True, follow_redirects=False)
        try:
            if response.is_redirect and response.next_request is not None:
                request = response.next_request
                if request.url.scheme not in ("http", "https"):
                    raise LoadError(
                        f"the page redirects to a non-web address ({request.url})",
                        "link the final address of the document",
                    )
                continue
            return _download(response, max_bytes=max_bytes, deadline=deadline)
        finally:
            response.close()
    raise LoadError(
        f"more than {MAX_REDIRECTS} redirects", "link the final address of the document"
    )


def _http_error(status: int) -> LoadError:
    if status in (404, 410):
        hint = "check the URL: the page may have moved or been removed"
    elif status in (401, 403):
        hint = "the site needs a login or refuses robots; save the page and upload the file"
    elif status == 429 or status >= 500:
        hint = "the site is busy or failing; try later"
    else:
        hint = "check the URL"
    if status in (404, 410):
        return PageGone(f"the server answered HTTP {status}", hint)
    return LoadError(f"the server answered HTTP {status}", hint)


def _too_big(max_bytes: int) -> LoadError:
    return LoadError(
        f"the page is over the {max_bytes / 1e6:g} MB limit",
        "download it, split it and upload the parts, or raise MAX_FILE_MB",
    )


def _download(
    response: httpx.Response, *, max_bytes: int, deadline: float
) -> tuple[bytes, str, str]:
    if response.status_code >= 400:
        raise _http_error(response.status_code)
    if response.status_code != 200:
        raise LoadError(
            f"the server answered HTTP {response.status_code} without a document",
            "check the URL",
        )
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    extension = _EXTENSIONS.get(content_type)
    if extension is None and content_type not in _UNLABELLED:
        raise LoadError(
            f"the address serves {content_type}, not a document",
            f"link a web page or a document ({SUPPORTED})",
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_big(max_bytes)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise _too_big(max_bytes)
        if time.monotonic() > deadline:
            raise LoadError(
                f"the download took longer than {DOWNLOAD_TIME_FACTOR}x the timeout",
                "the server is too slow; download the file and upload it",
            )
        chunks.append(chunk)
    body = b"".join(chunks)
    final_url = response.url
    extension = extension or _sniff(body, final_url)
    if extension in _TEXT_EXTENSIONS:
        body = _as_utf8(body, response.charset_encoding)
    name = _file_name(response, extension)
    logger.debug("fetched %s: %d bytes as %s", final_url, len(body), name)
    return body, name, str(final_url)


def _sniff(body: bytes, url: httpx.URL) -> str:
    """The extension of an unlabelled download, from its first bytes or its URL."""
    what = describe_binary(body)
    if what == "a PDF document":
        return ".pdf"
    if what == "a Word document (DOCX)":
        return ".docx"
    if what is None:
        suffix = PurePosixPath(url.path).suffix.lower()
        if suffix in FORMATS:
            return {".htm": ".html", ".markdown": ".md", ".text": ".txt"}.get(suffix, suffix)
        if body.lstrip()[:1] == b"<":
            return ".html"
        return ".txt"
    raise LoadError(
        f"the address serves {what}, not a document",
        f"link a web page or a document ({SUPPORTED})",
    )


def _as_utf8(body: bytes, declared: str | None) -> bytes:
    """Text re-encoded as UTF-8: the declared charset, else UTF-8, a <meta> charset, cp1252."""
    candidates = [declared, "utf-8"]
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "replace"))
    for charset in candidates:
        if not charset:
            continue
        try:
            codecs.lookup(charset)
            return body.decode(charset).lstrip("\ufeff").encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1252", "replace").encode("utf-8")


def _file_name(response: httpx.Response, extension: str) -> str:
    disposition = _FILENAME.search(response.headers.get("content-disposition", ""))
    raw = unquote(disposition.group(1)) if disposition else unquote(response.url.path)
    stem = PurePosixPath(raw.strip().rstrip("/")).stem
    stem = re.sub(r"[^\w.-]+", "-", stem).strip("-.")[:80]
    default = "page" if extension == ".html" else "document"
    return f"{stem or default}{extension}"

"""Chroma clients: a server by URL, else an embedded store in a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from knowledge.errors import StoreError


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def open_chroma_client(chroma_url: str, path: Path) -> Any:
    """A Chroma client: HTTP when `chroma_url` is set, else embedded under `path`."""
    import chromadb

    if chroma_url:
        parsed = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        if not parsed.hostname:
            raise StoreError(f"CHROMA_URL {chroma_url!r} is not a URL like http://127.0.0.1:8000")
        try:
            return chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=_chroma_settings(),
            )
        except Exception as exc:
            raise StoreError(
                f"cannot reach the Chroma server at {chroma_url} ({exc}); start it with "
                "`chroma run --host 127.0.0.1 --port 8000 --path DIR` or empty CHROMA_URL"
            ) from exc
    path.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
    except Exception as exc:
        raise StoreError(f"cannot open the embedded Chroma store at {path}: {exc}") from exc


def close_chroma_client(client: Any) -> None:
    """Close the HTTP connections of a Chroma server client (embedded clients hold none)."""
    for holder in (client, getattr(client, "_admin_client", None)):
        session = getattr(getattr(holder, "_server", None), "_session", None)
        if session is not None and hasattr(session, "close"):
            session.close()

"""Source roots: the folders, single files and URL lists that an ingest run syncs.

A root is synced as a whole: the documents it held before and no longer holds are removed.
Document ids are `<root name>/<path inside the root>` for folders, `<folder>/<file>` for a
single file, and the URL itself for web pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ingest.errors import SourceError

_IGNORED_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
#: `report.pdf.meta.yaml` beside `report.pdf` gives its metadata (kind, country, validity...).
SIDECAR_SUFFIX = ".meta.yaml"


def sidecar_path(path: Path) -> Path:
    """Where the metadata of a file that cannot hold front matter (PDF, DOCX) is kept."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One document to load: a file on disk or a URL."""

    doc_id: str
    relpath: str
    path: Path | None = None
    url: str | None = None

    @property
    def location(self) -> str:
        return self.url or str(self.path)


@dataclass(slots=True)
class SourceRoot:
    """A folder, a single file, or a list of URLs, synced as a whole."""

    key: str
    kind: str  # "folder" | "file" | "urls"
    path: Path | None = None
    urls: list[str] = field(default_factory=list)

    @property
    def removes_missing(self) -> bool:
        """Whether documents that vanished from this root are removed (not for single files)."""
        return self.kind != "file"

    def items(self) -> list[SourceItem]:
        """Every document of the root, in a stable order."""
        if self.kind == "urls":
            return [SourceItem(doc_id=u, relpath=u, url=u) for u in dict.fromkeys(self.urls)]
        assert self.path is not None
        if self.kind == "file":
            return [SourceItem(doc_id=self.key, relpath=self.path.name, path=self.path)]
        if not self.path.is_dir():
            raise SourceError(f"source folder {self.path} does not exist or is not a folder")
        items = []
        for path in sorted(self.path.rglob("*")):
            rel = path.relative_to(self.path)
            if any(part.startswith((".", "~$")) for part in rel.parts):
                continue
            if path.name.lower() in _IGNORED_NAMES or not path.is_file():
                continue
            if path.name.endswith(SIDECAR_SUFFIX):
                continue
            relpath = rel.as_posix()
            items.append(SourceItem(doc_id=f"{self.key}/{relpath}", relpath=relpath, path=path))
        return items


def root_for_path(raw: str) -> SourceRoot:
    """A root for a path given on the command line: a folder, a file, or a URL."""
    if raw.startswith(("http://", "https://")):
        return SourceRoot(key=f"url:{raw}", kind="urls", urls=[raw])
    path = Path(raw).expanduser()
    if path.is_dir():
        resolved = path.resolve()
        return SourceRoot(key=resolved.name or "root", kind="folder", path=resolved)
    if path.is_file():
        resolved = path.resolve()
        return SourceRoot(
            key=f"{resolved.parent.name}/{resolved.name}", kind="file", path=resolved
        )
    raise SourceError(f"{raw}: no such file or folder")


def configured_roots(sources_file: Path) -> list[SourceRoot]:
    """The roots listed in `sources.yaml` (folders relative to the file, and URLs)."""
    try:
        data = yaml.safe_load(sources_file.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise SourceError(f"cannot read the sources file {sources_file}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise SourceError(f"the sources file {sources_file} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise SourceError(f"the sources file {sources_file} must hold `folders:` and `urls:`")
    roots: list[SourceRoot] = []
    for entry in data.get("folders") or []:
        raw = entry.get("path") if isinstance(entry, dict) else entry
        if not raw:
            raise SourceError(f"{sources_file}: a folder entry has no path")
        path = (sources_file.parent / str(raw)).resolve()
        name = entry.get("name") if isinstance(entry, dict) else None
        roots.append(SourceRoot(key=str(name or path.name), kind="folder", path=path))
    urls = [str(u).strip() for u in data.get("urls") or [] if str(u).strip()]
    bad = [u for u in urls if not u.startswith(("http://", "https://"))]
    if bad:
        raise SourceError(f"{sources_file}: not http(s) URLs: {', '.join(bad)}")
    roots.append(SourceRoot(key="web", kind="urls", urls=urls))
    return roots


def staff_urls_file(data_dir: Path) -> Path:
    """The web sources staff add from Telegram (`/kb url`)."""
    return data_dir / "web_sources.yaml"


def read_staff_urls(data_dir: Path) -> list[str]:
    path = staff_urls_file(data_dir)
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [str(u) for u in data.get("urls") or []]


def write_staff_urls(data_dir: Path, urls: list[str]) -> None:
    """Save the staff's web sources atomically."""
    path = staff_urls_file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(yaml.safe_dump({"urls": list(dict.fromkeys(urls))}), encoding="utf-8")
    tmp.replace(path)


def default_roots(sources_file: Path, data_dir: Path) -> list[SourceRoot]:
    """Everything `sportello ingest` syncs with no argument: the configured folders and URLs,
    staff uploads, FAQ documents promoted from tickets, and web pages staff added."""
    roots = configured_roots(sources_file)
    for name in ("uploads", "faq"):
        folder = data_dir / name
        if folder.is_dir():
            roots.append(SourceRoot(key=name, kind="folder", path=folder.resolve()))
    roots.append(SourceRoot(key="web-staff", kind="urls", urls=read_staff_urls(data_dir)))
    return roots

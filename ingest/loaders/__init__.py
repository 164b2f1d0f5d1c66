"""Loaders: from a file's bytes to a `ParsedDocument`, whatever its format.

The format is decided by the content, not trusted from the extension: a PNG named `.md` or a
PDF named `.docx` is refused with a message saying what the file really is. Every refusal is a
`LoadError` with a reason and a hint for staff.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from ingest.errors import LoadError
from ingest.loaders.extracted import Extracted
from ingest.metadata import infer_fields, read_fields
from knowledge.documents import DocumentMeta, ParsedDocument
from knowledge.language import detect_language

TEXT_FORMATS = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text"}
FORMATS = {
    **TEXT_FORMATS,
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
SUPPORTED = ", ".join(sorted({e.lstrip(".").upper() for e in FORMATS}))

_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x7fELF", "a program (ELF binary)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (DOC/XLS)"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
]

_KIND_BY_FOLDER = {
    "accord": "accord",
    "accordo": "accord",
    "country_guides": "country_guide",
    "country-guides": "country_guide",
    "guides": "country_guide",
    "guide": "country_guide",
    "paesi": "country_guide",
    "instruments": "instrument",
    "strumenti": "instrument",
    "faq": "faq",
}


def describe_binary(data: bytes) -> str | None:
    """What a binary file is, from its first bytes; None for text-like content."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            if what == "a ZIP archive" and b"word/" in data[:4096]:
                return "a Word document (DOCX)"
            return what
    if b"\x00" in data[:8192]:
        return "a binary file"
    return None


def kind_from_path(relpath: str) -> str | None:
    """The document kind implied by a folder in the path (`instruments/…` → instrument)."""
    for part in PurePosixPath(relpath).parts[:-1]:
        kind = _KIND_BY_FOLDER.get(part.lower())
        if kind:
            return kind
    return None


def title_from_name(name: str) -> str:
    """A readable title from a file name: `guida-stati-uniti.md` → `Guida stati uniti`."""
    stem = PurePosixPath(name).stem
    words = re.sub(r"[-_.]+", " ", stem).strip()
    return (words[:1].upper() + words[1:]) if words else name


def decode_text(data: bytes) -> str:
    """UTF-8 text (with or without BOM), or a LoadError that says where it broke."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            "save the file as UTF-8 and ingest it again",
        ) from exc


def _sniff(data: bytes, fmt: str) -> None:
    what = describe_binary(data)
    expected = {"pdf": "a PDF document", "docx": "a Word document (DOCX)"}.get(fmt)
    if expected:
        if what != expected and not (fmt == "docx" and what == "a ZIP archive"):
            found = what or "text"
            raise LoadError(
                f"named as {fmt.upper()} but the content is {found}",
                "check the file or give it the right extension",
            )
        return
    if what:
        raise LoadError(
            f"named as {fmt} but the content is {what}",
            f"upload the real document (supported: {SUPPORTED})",
        )


def extract(data: bytes, fmt: str) -> Extracted:
    """Parse bytes of a known format into blocks and declared fields."""
    _sniff(data, fmt)
    if fmt in ("markdown", "text", "html"):
        text = decode_text(data)
        if fmt == "markdown":
            from ingest.loaders.markdown import parse_markdown

            return parse_markdown(text)
        if fmt == "text":
            from ingest.loaders.markdown import parse_text

            return parse_text(text)
        from ingest.loaders.html import parse_html

        return parse_html(text)
    if fmt == "pdf":
        from ingest.loaders.pdf import parse_pdf

        return parse_pdf(data)
    if fmt == "docx":
        from ingest.loaders.docx import parse_docx

        return parse_docx(data)
    raise LoadError(f"unsupported format {fmt!r}", f"supported: {SUPPORTED}")


def finish(extracted: Extracted, *, name: str, defaults: dict[str, Any]) -> ParsedDocument:
    """Apply defaults (title, kind, language) to what a parser found, and validate."""
    if not any(b.text.strip() for b in extracted.blocks):
        raise LoadError("no text found in the document", "check that it is not empty or scanned")
    stated, warnings = read_fields(extracted.fields, name)
    given, more = read_fields(defaults, name)
    warnings += more
    fields: dict[str, Any] = {**given, **stated}
    if not fields.get("title"):
        fields["title"] = extracted.first_heading or title_from_name(name)
    inferred = infer_fields(
        {k: v for k, v in fields.items() if k in stated or k in given},
        str(fields["title"]),
        name,
        extracted.headed_text,
    )
    if not fields.get("language"):
        inferred["language"] = detect_language(extracted.text, default="it")
    fields.update(inferred)
    fields["inferred"] = sorted(inferred)
    if not fields.get("kind"):
        fields["kind"] = "other"
    try:
        meta = DocumentMeta.model_validate(fields)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise LoadError(
            f"invalid metadata ({problems})", "correct those front matter fields"
        ) from exc
    return ParsedDocument(
        meta=meta, blocks=extracted.blocks, format=extracted.format, warnings=warnings
    )


def format_of(name: str) -> str:
    """The format named by a file's extension, or a LoadError for unsupported ones."""
    suffix = PurePosixPath(name.lower()).suffix
    fmt = FORMATS.get(suffix)
    if fmt is None:
        raise LoadError(
            f"unsupported file type {suffix or '(no extension)'}",
            f"convert it to one of {SUPPORTED}",
        )
    return fmt


def load_bytes(
    data: bytes, *, name: str, max_bytes: int, defaults: dict[str, Any] | None = None
) -> ParsedDocument:
    """Load a document from memory (an upload, a fetched page) named `name`."""
    if len(data) > max_bytes:
        raise LoadError(
            f"{len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit",
            "split the document or raise MAX_FILE_MB",
        )
    if not data.strip():
        raise LoadError("the file is empty", "remove it or put the content in")
    fmt = format_of(name)
    try:
        extracted = extract(data, fmt)
    except LoadError:
        raise
    except RecursionError as exc:
        raise LoadError(
            "the document is nested too deeply to read", "flatten its structure and retry"
        ) from exc
    except Exception as exc:
        raise LoadError(
            f"cannot read it as {fmt.upper()} ({type(exc).__name__}: {exc})",
            "open and re-save it, or export it again",
        ) from exc
    return finish(extracted, name=name, defaults=defaults or {})


def load_file(
    path: Path, *, relpath: str, max_bytes: int, defaults: dict[str, Any] | None = None
) -> ParsedDocument:
    """Load a file; `relpath` (its path inside its source root) gives the default kind."""
    format_of(path.name)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(f"cannot read the file ({exc.strerror})", "check it exists") from exc
    if size > max_bytes:
        raise LoadError(
            f"{size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit",
            "split the document or raise MAX_FILE_MB",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read the file ({exc.strerror})", "check its permissions") from exc
    base = dict(defaults or {})
    kind = kind_from_path(relpath)
    if kind and "kind" not in base:
        base["kind"] = kind
    return load_bytes(data, name=path.name, max_bytes=max_bytes, defaults=base)

"""PDF: text in reading order (columns included), tables as rows, without running headers.

Pages are read with pdfplumber. Each page's words are grouped into rows; a vertical gutter that
most rows leave empty splits a page into columns, read left then right. Lines in the top and
bottom margins that repeat on most pages (digits aside), and bare page numbers, are dropped.
Lines are joined into paragraphs (undoing end-of-line hyphenation); lines in a larger font, or
short bold lines standing alone, are headings. Ruled tables become one block per row.

This module reads the file and builds paragraphs, headings and blocks; the page geometry (rows,
running lines, columns, reading order) is `pdf_layout`'s.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSEOF
from pdfplumber.utils.exceptions import PdfminerException

from ingest.errors import LoadError
from ingest.loaders.extracted import Extracted
from ingest.loaders.pdf_layout import (
    Line,
    Page,
    Table,
    drop_running_lines,
    join_line,
    page_items,
    read_page,
)
from knowledge.documents import Block

logger = logging.getLogger(__name__)

PARAGRAPH_GAP = 1.4  # a line pitch this many times the usual one starts a new paragraph
HEADING_RATIO = 1.15  # a font this much larger than the body text is a heading

_BULLET = re.compile(
    r"^(?:[•·▪◦●■□○◆❖➢►▸\-–*\uf0b7\uf0a7\uf0d8\uf076\uf0fc]|\d{1,2}[.)]|[a-z][)])\s+"
)
_SYMBOL_BULLET = re.compile(r"^[•·▪◦●■□○◆❖➢►▸*–\uf0b7\uf0a7\uf0d8\uf076\uf0fc]\s+")
_SENTENCE_END = re.compile(r"[.!?:;]['\"”»)]?$")
_FILE_TITLE = re.compile(
    r"^(?:microsoft\s+\w+\s*-\s*)|\.(?:docx?|odt|rtf|pdf|pptx?|xlsx?|indd|txt|html?)$", re.I
)
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.I)


@dataclass(slots=True)
class _Paragraph:
    lines: list[Line] = field(default_factory=list)
    text: str = ""


def parse_pdf(data: bytes) -> Extracted:
    """Parse a PDF into blocks in reading order, each with its 1-based page."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        # pdfminer and cryptography warn about odd but readable files (and RC4); none matter here.
        warnings.simplefilter("ignore")
        pages, meta_title, language = _read(data)
    drop_running_lines(pages)
    items: list[Line | Table] = []
    for page in pages:
        items.extend(page_items(page))
    blocks, first_heading = _blocks(items)
    fields: dict[str, Any] = {}
    if meta_title:
        fields["title"] = meta_title
    if language:
        fields["language"] = language
    title = meta_title or first_heading
    if title:
        blocks = [
            Block(b.text, b.heading_path[1:], b.page, b.is_table_row)
            if b.heading_path and b.heading_path[0].casefold() == title.casefold()
            else b
            for b in blocks
        ]
    logger.debug("pdf: %d pages, %d blocks", len(pages), len(blocks))
    return Extracted(blocks=blocks, format="pdf", fields=fields, first_heading=first_heading)


# --- reading the file ------------------------------------------------------------------------


def _read(data: bytes) -> tuple[list[Page], str | None, str | None]:
    try:
        with pdfplumber.open(io.BytesIO(data), unicode_norm="NFKC") as pdf:
            meta_title = _meaningful_title(pdf.metadata.get("Title"))
            language = _catalog_language(pdf.doc.catalog)
            pages = []
            for page in pdf.pages:
                pages.append(read_page(page))
                page.close()
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        raise _load_error(cause) from exc
    except RecursionError as exc:
        raise LoadError(
            "the PDF's internal structure is nested too deeply to read",
            "print it to a new PDF and upload that",
        ) from exc
    except (PSEOF, PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise _load_error(exc) from exc
    except Exception as exc:
        raise LoadError(
            f"the PDF is damaged ({type(exc).__name__}: {exc})",
            "open it in a PDF reader, print or export it to a new PDF and upload that",
        ) from exc
    return pages, meta_title, language


def _load_error(cause: BaseException) -> LoadError:
    if isinstance(cause, PDFPasswordIncorrect):
        return LoadError(
            "the PDF is password-protected",
            "remove the password (print to PDF) and upload it again",
        )
    if isinstance(cause, PDFEncryptionError):
        return LoadError(
            f"the PDF is encrypted in a way that cannot be read ({cause})",
            "remove the protection (print to PDF) and upload it again",
        )
    if isinstance(cause, PSEOF):
        return LoadError(
            "the PDF is truncated (the file ends unexpectedly)",
            "download or export it again and upload the complete file",
        )
    return LoadError(
        f"the file is not a readable PDF ({type(cause).__name__}: {cause})",
        "open it in a PDF reader, print or export it to a new PDF and upload that",
    )


def _meaningful_title(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    title = " ".join(value.replace("\x00", "").split())
    if len(title) < 3 or not any(c.isalpha() for c in title):
        return None
    if title.casefold() in {"untitled", "senza titolo", "document", "documento", "title"}:
        return None
    if _FILE_TITLE.search(title):
        return None
    return title


def _catalog_language(catalog: dict[str, Any]) -> str | None:
    try:
        lang = resolve1(catalog.get("Lang"))
    except Exception:  # a broken /Lang entry is not worth refusing the document
        return None
    if isinstance(lang, bytes):
        lang = lang.decode("latin-1")
    if not isinstance(lang, str):
        return None
    m = _LANGUAGE.match(lang.strip())
    return m.group(1).lower() if m else None


# --- paragraphs and headings -----------------------------------------------------------------


def _body_size(lines: Iterable[Line]) -> float:
    sizes = [round(line.size, 1) for line in lines for _ in line.text]
    return statistics.median(sizes) if sizes else 10.0


def _mark_headings(lines: list[Line]) -> None:
    body = _body_size(lines)
    candidates = [
        line
        for line in lines
        if line.size >= body * HEADING_RATIO
        and line.size - body >= 1.0
        and len(line.text) <= 150
        and any(c.isalpha() for c in line.text)
    ]
    levels = sorted({round(line.size * 2) / 2 for line in candidates}, reverse=True)
    for line in candidates:
        line.heading_level = min(6, levels.index(round(line.size * 2) / 2) + 1)


def _usual_pitch(lines: list[Line]) -> float:
    """The usual distance between baselines, as a multiple of the font size."""
    ratios = [
        (b.top - a.top) / a.size
        for a, b in itertools.pairwise(lines)
        if a.page == b.page
        and a.column == b.column
        and not a.heading_level
        and not b.heading_level
        and abs(a.size - b.size) < 0.5
        and b.top > a.top
        and a.size > 0
    ]
    if not ratios:
        return 1.2
    ratios.sort()
    usual = ratios[len(ratios) // 4]  # most pairs are inside paragraphs, some across gaps
    # With a handful of pairs they may all be paragraph gaps: assume ordinary leading then.
    return max(1.0, usual if len(ratios) >= 4 else min(usual, 1.25))


def _continues(prev: Line, line: Line, pitch: float) -> bool:
    """Whether `line` goes on with the paragraph that `prev` ended."""
    if line.heading_level or prev.heading_level:
        return False
    if _BULLET.match(line.text) or abs(prev.size - line.size) >= 1.0 or prev.bold != line.bold:
        return False
    step = line.top - prev.top
    if prev.page == line.page and 0 < step <= PARAGRAPH_GAP * pitch * prev.size:
        return line.x0 < prev.x1 and prev.x0 < line.x1  # the next line, below this one
    if prev.page != line.page or prev.column != line.column:
        # A paragraph that runs on into the next column or page: no full stop, lower-case start.
        return not _SENTENCE_END.search(prev.text) and line.text[:1].islower()
    return False


def _blocks(items: list[Line | Table]) -> tuple[list[Block], str | None]:
    lines = [item for item in items if isinstance(item, Line)]
    _mark_headings(lines)
    pitch = _usual_pitch(lines)
    bold_level = max((line.heading_level for line in lines), default=0) + 1
    blocks: list[Block] = []
    path: list[tuple[int, str]] = []
    first_heading: str | None = None
    para = _Paragraph()
    heading: _Paragraph | None = None

    def set_heading(level: int, text: str) -> None:
        nonlocal first_heading
        path[:] = [(lv, t) for lv, t in path if lv < level] + [(level, text)]
        first_heading = first_heading or text

    def flush() -> None:
        nonlocal heading
        if heading is not None:
            set_heading(heading.lines[0].heading_level, heading.text)
            heading = None
        if not para.lines:
            return
        first = para.lines[0]
        if (
            len(para.lines) == 1
            and first.bold
            and len(para.text) <= 100
            and "…" not in para.text
            and not para.text.endswith((".", ",", ";"))
            and (para.text[:1].isupper() or para.text[:1].isdigit())
        ):
            set_heading(min(6, bold_level), para.text)
        else:
            text = _SYMBOL_BULLET.sub("- ", para.text, count=1)
            blocks.append(Block(text, tuple(t for _, t in path), first.page))
        para.lines.clear()
        para.text = ""

    for item in items:
        if isinstance(item, Table):
            flush()
            for row in item.rows:
                blocks.append(Block(row, tuple(t for _, t in path), item.page, True))
            continue
        line = item
        if line.heading_level:
            if para.lines:
                flush()
            last = heading.lines[-1] if heading is not None else None
            if (
                heading is not None
                and last is not None
                and last.heading_level == line.heading_level
                and last.page == line.page
                and 0 < line.top - last.top <= 1.6 * last.size
            ):
                heading.lines.append(line)
                heading.text = f"{heading.text} {line.text}"
                continue
            flush()
            heading = _Paragraph([line], line.text)
            continue
        if heading is not None:
            flush()
        if para.lines and _continues(para.lines[-1], line, pitch):
            para.lines.append(line)
            para.text = join_line(para.text, line.text)
            continue
        flush()
        para.lines.append(line)
        para.text = line.text
    flush()
    return blocks, first_heading

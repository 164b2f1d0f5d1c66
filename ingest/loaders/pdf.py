"""PDF: text in reading order (columns included), tables as rows, without running headers.

Pages are read with pdfplumber. Each page's words are grouped into rows; a vertical gutter that
most rows leave empty splits a page into columns, read left then right. Lines in the top and
bottom margins that repeat on most pages (digits aside), and bare page numbers, are dropped.
Lines are joined into paragraphs (undoing end-of-line hyphenation); lines in a larger font, or
short bold lines standing alone, are headings. Ruled tables become one block per row.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSEOF
from pdfplumber.utils.exceptions import PdfminerException

from ingest.errors import LoadError
from ingest.loaders.extracted import Extracted
from knowledge.documents import Block

logger = logging.getLogger(__name__)

MARGIN_ZONE = 0.08  # top and bottom share of the page where running headers and footers live
PARAGRAPH_GAP = 1.4  # a line pitch this many times the usual one starts a new paragraph
HEADING_RATIO = 1.15  # a font this much larger than the body text is a heading
MAX_COLUMN_DEPTH = 3  # column splits inside columns, for three- and four-column pages

_BOLD = re.compile(r"bold|black|heavy|demi", re.I)
_PAGE_NUMBER = re.compile(
    r"[-–—]?\s*(?:(?:pag(?:ina|e)?|p|seite)\.?\s*)?(?:\d{1,4}|[ivxlc]{1,7})"
    r"(?:\s*(?:/|di|of|von|de)\s*\d{1,4})?\s*[-–—]?",
    re.I,
)
_BULLET = re.compile(
    r"^(?:[•·▪◦●■□○◆❖➢►▸\-–*\uf0b7\uf0a7\uf0d8\uf076\uf0fc]|\d{1,2}[.)]|[a-z][)])\s+"
)
_SYMBOL_BULLET = re.compile(r"^[•·▪◦●■□○◆❖➢►▸*–\uf0b7\uf0a7\uf0d8\uf076\uf0fc]\s+")
_SENTENCE_END = re.compile(r"[.!?:;]['\"”»)]?$")
_HYPHEN_END = re.compile(r"(\w+)[-‐]$")
_LEADER = re.compile(r"(?:\s*[.·…]){4,}\s*")
_FILE_TITLE = re.compile(
    r"^(?:microsoft\s+\w+\s*-\s*)|\.(?:docx?|odt|rtf|pdf|pptx?|xlsx?|indd|txt|html?)$", re.I
)
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.I)


@dataclass(slots=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(slots=True)
class _Row:
    """Words that share a baseline band, left to right."""

    words: list[_Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)


@dataclass(slots=True)
class _Table:
    rows: list[str]
    x0: float
    x1: float
    top: float
    bottom: float
    page: int = 0


@dataclass(slots=True)
class _Page:
    number: int
    top: float
    height: float
    rows: list[_Row]
    tables: list[_Table]


@dataclass(slots=True)
class _Line:
    text: str
    page: int
    column: tuple[int, ...]
    x0: float
    x1: float
    top: float
    size: float
    bold: bool
    heading_level: int = 0


@dataclass(slots=True)
class _Paragraph:
    lines: list[_Line] = field(default_factory=list)
    text: str = ""


def parse_pdf(data: bytes) -> Extracted:
    """Parse a PDF into blocks in reading order, each with its 1-based page."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        # pdfminer and cryptography warn about odd but readable files (and RC4); none matter here.
        warnings.simplefilter("ignore")
        pages, meta_title, language = _read(data)
    _drop_running_lines(pages)
    items: list[_Line | _Table] = []
    for page in pages:
        items.extend(_page_items(page))
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


def _read(data: bytes) -> tuple[list[_Page], str | None, str | None]:
    try:
        with pdfplumber.open(io.BytesIO(data), unicode_norm="NFKC") as pdf:
            meta_title = _meaningful_title(pdf.metadata.get("Title"))
            language = _catalog_language(pdf.doc.catalog)
            pages = []
            for page in pdf.pages:
                pages.append(_read_page(page))
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


def _is_table(rows: list[list[str | None]]) -> bool:
    return len(rows) >= 2 and max((len(r) for r in rows), default=0) >= 2


def _read_page(page: Any) -> _Page:
    number = int(page.page_number)
    _, top, _, bottom = (float(v) for v in page.bbox)
    tables: list[_Table] = []
    for found in page.find_tables():
        rows = found.extract()
        if not _is_table(rows):
            continue
        texts = [" | ".join(_cell_text(c) for c in row if c is not None) for row in rows]
        tx0, ttop, tx1, tbottom = (float(v) for v in found.bbox)
        tables.append(
            _Table([t for t in texts if t.strip(" |")], tx0, tx1, ttop, tbottom, page=number)
        )
    boxes = [(t.x0 - 1, t.top - 1, t.x1 + 1, t.bottom + 1) for t in tables]

    def in_flow(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        if not obj.get("upright", True) or str(obj.get("text", "")).startswith("(cid:"):
            return False
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    flow = page.dedupe_chars().filter(in_flow)
    words = []
    for w in flow.extract_words(x_tolerance_ratio=0.15, return_chars=True):
        chars = w.get("chars") or []
        sizes = [float(c["size"]) for c in chars] or [float(w["bottom"] - w["top"])]
        bold = bool(chars) and all(_BOLD.search(str(c.get("fontname", ""))) for c in chars)
        text = str(w["text"]).strip()
        if text:
            words.append(
                _Word(
                    text,
                    float(w["x0"]),
                    float(w["x1"]),
                    float(w["top"]),
                    float(w["bottom"]),
                    statistics.median(sizes),
                    bold,
                )
            )
    return _Page(number, top, bottom - top or 1.0, _rows(words), tables)


def _cell_text(cell: str | None) -> str:
    lines = [" ".join(line.split()) for line in (cell or "").splitlines()]
    text = ""
    for line in lines:
        if line:
            text = _join(text, line) if text else line
    return text


def _rows(words: list[_Word]) -> list[_Row]:
    """Group words into rows: a word joins the last row when it overlaps its band vertically."""
    rows: list[_Row] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows:
            row = rows[-1]
            first = row.words[0]
            overlap = min(first.bottom, word.bottom) - max(first.top, word.top)
            height = min(first.bottom - first.top, word.bottom - word.top)
            if height > 0 and overlap >= 0.5 * height:
                row.words.append(word)
                continue
        rows.append(_Row([word]))
    for row in rows:
        row.words.sort(key=lambda w: w.x0)
    return rows


# --- running headers and footers -------------------------------------------------------------


def _segments(row: _Row) -> list[list[_Word]]:
    """Runs of words separated by wide gaps (a left header, a centred title, a page number)."""
    segments: list[list[_Word]] = [[row.words[0]]]
    for prev, word in itertools.pairwise(row.words):
        if word.x0 - prev.x1 > 2.5 * max(prev.size, word.size):
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def _segment_key(words: Sequence[_Word]) -> str:
    return re.sub(r"\d+", "#", " ".join(w.text for w in words).casefold())


def _in_margin(page: _Page, row: _Row) -> bool:
    return (row.top - page.top) < MARGIN_ZONE * page.height or (row.bottom - page.top) > (
        1 - MARGIN_ZONE
    ) * page.height


def _drop_running_lines(pages: list[_Page]) -> None:
    """Remove repeated header/footer text and bare page numbers from the page margins."""
    seen: Counter[str] = Counter()
    for page in pages:
        keys = {
            _segment_key(segment)
            for row in page.rows
            if _in_margin(page, row)
            for segment in _segments(row)
        }
        seen.update(keys)
    # On at least half of the pages, or on three (chapter titles in running headers).
    threshold = min(3, max(2, len(pages) // 2))
    repeated = {k for k, n in seen.items() if n >= threshold} if len(pages) >= 3 else set()
    for page in pages:
        kept: list[_Row] = []
        outermost = {id(page.rows[0]), id(page.rows[-1])} if page.rows else set()
        for row in page.rows:
            if _in_margin(page, row):
                segments = _segments(row)
                numbered = any(_is_page_number(s) for s in segments)
                if numbered and id(row) in outermost:
                    continue  # the first or last line of the page, with a page number in it
                words = [
                    w
                    for segment in segments
                    if _segment_key(segment) not in repeated and not _is_page_number(segment)
                    for w in segment
                ]
                if not words:
                    continue
                row = _Row(words)
            kept.append(row)
        page.rows = kept


def _is_page_number(segment: Sequence[_Word]) -> bool:
    return _PAGE_NUMBER.fullmatch(" ".join(w.text for w in segment)) is not None


# --- reading order ---------------------------------------------------------------------------


def _gutter(rows: Sequence[_Row]) -> float | None:
    """The x of a vertical band that most rows leave empty, with text on both sides.

    For every x, count the rows with a word within `band` points to its right; the band starting
    where that count is lowest (in the middle 60% of the text's width) is the gutter candidate.
    """
    if len(rows) < 3:
        return None
    lo = min(r.x0 for r in rows)
    hi = max(r.x1 for r in rows)
    width = hi - lo
    if width < 50:
        return None
    band = max(4.0, 0.8 * statistics.median(w.size for r in rows for w in r.words))
    start = int(lo - band) - 1
    delta = [0] * (int(hi) - start + 3)
    for row in rows:
        for a, b in _covered(row):
            delta[int(a - band) - start] += 1
            delta[int(b) - start + 1] -= 1
    crossing = list(itertools.accumulate(delta))
    first, last = int(lo + 0.2 * width) - start, int(hi - 0.2 * width - band) - start
    middle = crossing[first : last + 1]
    if not middle:
        return None
    least = min(middle)
    if least > 0.5 * len(rows):
        return None
    best = (0, 0)
    run_start: int | None = None
    for i, n in enumerate([*middle, least + 1]):
        if n == least and run_start is None:
            run_start = i
        elif n != least and run_start is not None:
            if i - run_start > best[1] - best[0]:
                best = (run_start, i)
            run_start = None
    gx = start + first + (best[0] + best[1] + band) / 2
    apart = [r for r in rows if not any(w.x0 < gx < w.x1 for w in r.words)]
    left = sum(1 for r in apart if any(w.x1 <= gx for w in r.words))
    right = sum(1 for r in apart if any(w.x0 >= gx for w in r.words))
    return gx if left >= 2 and right >= 2 else None


def _covered(row: _Row) -> list[tuple[float, float]]:
    """The x spans a row's words cover, merged so that a row counts once wherever it is."""
    spans: list[tuple[float, float]] = []
    for w in sorted(row.words, key=lambda w: w.x0):
        if spans and w.x0 <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], w.x1))
        else:
            spans.append((w.x0, w.x1))
    return spans


def _crosses(item: _Row | _Table, gx: float) -> bool:
    if isinstance(item, _Table):
        return item.x0 < gx < item.x1
    return any(w.x0 < gx < w.x1 for w in item.words)


def _lead_in(
    left: list[_Row | _Table], right: list[_Row | _Table], before: _Row | _Table
) -> list[_Row]:
    """Left rows below the right column's end that run straight into a full-width item.

    Those are the start of the full-width text (a heading over a paragraph), not the end of the
    left column, so they are read after the right column.
    """
    if not right:
        return []
    floor = max(item.bottom for item in right)
    moved: list[_Row] = []
    next_top = before.top
    while left and isinstance(left[-1], _Row) and left[-1].top > floor:
        row = left[-1]
        if next_top - row.bottom > 0.8 * max(w.size for w in row.words):
            break
        moved.append(row)
        left.pop()
        next_top = row.top
    return moved[::-1]


def _order(
    rows: list[_Row], tables: list[_Table], column: tuple[int, ...], depth: int = 0
) -> list[tuple[tuple[int, ...], _Row | _Table]]:
    """Rows and tables in reading order, each with the column path it was read from.

    Items that cross the gutter are read in place; between them, the items of a column region
    are read left column first (each column checked for a gutter of its own).
    """
    gx = _gutter(rows) if depth < MAX_COLUMN_DEPTH else None
    items: list[_Row | _Table] = [*rows, *tables]
    items.sort(key=lambda item: (item.top, item.x0))
    if gx is None:
        return [(column, item) for item in items]
    ordered: list[tuple[tuple[int, ...], _Row | _Table]] = []
    left: list[_Row | _Table] = []
    right: list[_Row | _Table] = []
    region = 0

    def close_region(before: _Row | _Table | None) -> None:
        nonlocal region
        lead_in = _lead_in(left, right, before) if before is not None else []
        for side, part in enumerate((left, right)):
            part_rows = [item for item in part if isinstance(item, _Row)]
            part_tables = [item for item in part if isinstance(item, _Table)]
            ordered.extend(_order(part_rows, part_tables, (*column, region, side), depth + 1))
        if left or right:
            region += 1
        left.clear()
        right.clear()
        ordered.extend((column, row) for row in lead_in)

    for item in items:
        if _crosses(item, gx):
            close_region(item)
            ordered.append((column, item))
        elif isinstance(item, _Table):
            (left if item.x1 <= gx else right).append(item)
        else:
            left_words = [w for w in item.words if w.x1 <= gx]
            right_words = [w for w in item.words if w.x0 >= gx]
            if left_words:
                left.append(_Row(left_words))
            if right_words:
                right.append(_Row(right_words))
    close_region(None)
    return ordered


def _line(row: _Row, page: int, column: tuple[int, ...]) -> _Line:
    text = ""
    prev: _Word | None = None
    for w in row.words:
        if prev is not None and w.x0 - prev.x1 > 0.12 * max(prev.size, w.size):
            text += " "
        text += w.text
        prev = w
    sizes = [w.size for w in row.words for _ in w.text]
    return _Line(
        _LEADER.sub(" … ", " ".join(text.split())),
        page,
        column,
        row.x0,
        row.x1,
        row.top,
        statistics.median(sizes),
        all(w.bold for w in row.words),
    )


def _page_items(page: _Page) -> list[_Line | _Table]:
    items: list[_Line | _Table] = []
    for column, item in _order(page.rows, page.tables, ()):
        items.append(_line(item, page.number, column) if isinstance(item, _Row) else item)
    return items


# --- paragraphs and headings -----------------------------------------------------------------


def _join(text: str, line: str) -> str:
    """Append a line to a paragraph, undoing end-of-line hyphenation."""
    if text.endswith("\xad"):
        return text[:-1] + line
    m = _HYPHEN_END.search(text)
    if m and not text.endswith((" -", " ‐")):
        fragment = m.group(1)
        if len(fragment) >= 2 and fragment[-1].isalpha() and line[:1].islower():
            return text[:-1] + line
        return text + line
    return f"{text} {line}"


def _body_size(lines: Iterable[_Line]) -> float:
    sizes = [round(line.size, 1) for line in lines for _ in line.text]
    return statistics.median(sizes) if sizes else 10.0


def _mark_headings(lines: list[_Line]) -> None:
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


def _usual_pitch(lines: list[_Line]) -> float:
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


def _continues(prev: _Line, line: _Line, pitch: float) -> bool:
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


def _blocks(items: list[_Line | _Table]) -> tuple[list[Block], str | None]:
    lines = [item for item in items if isinstance(item, _Line)]
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
        if isinstance(item, _Table):
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
            para.text = _join(para.text, line.text)
            continue
        flush()
        para.lines.append(line)
        para.text = line.text
    flush()
    return blocks, first_heading

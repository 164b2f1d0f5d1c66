"""PDF page layout: words grouped into rows, ruled tables, running headers and footers
dropped, columns found and read in order, one line per row."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MARGIN_ZONE = 0.08  # top and bottom share of the page where running headers and footers live
MAX_COLUMN_DEPTH = 3  # column splits inside columns, for three- and four-column pages

_BOLD = re.compile(r"bold|black|heavy|demi", re.I)
_PAGE_NUMBER = re.compile(
    r"[-–—]?\s*(?:(?:pag(?:ina|e)?|p|seite)\.?\s*)?(?:\d{1,4}|[ivxlc]{1,7})"
    r"(?:\s*(?:/|di|of|von|de)\s*\d{1,4})?\s*[-–—]?",
    re.I,
)
_HYPHEN_END = re.compile(r"(\w+)[-‐]$")
_LEADER = re.compile(r"(?:\s*[.·…]){4,}\s*")


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(slots=True)
class Row:
    """Words that share a baseline band, left to right."""

    words: list[Word]

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
class Table:
    rows: list[str]
    x0: float
    x1: float
    top: float
    bottom: float
    page: int = 0


@dataclass(slots=True)
class Page:
    number: int
    top: float
    height: float
    rows: list[Row]
    tables: list[Table]


@dataclass(slots=True)
class Line:
    text: str
    page: int
    column: tuple[int, ...]
    x0: float
    x1: float
    top: float
    size: float
    bold: bool
    heading_level: int = 0


def _is_table(rows: list[list[str | None]]) -> bool:
    return len(rows) >= 2 and max((len(r) for r in rows), default=0) >= 2


def read_page(page: Any) -> Page:
    number = int(page.page_number)
    _, top, _, bottom = (float(v) for v in page.bbox)
    tables: list[Table] = []
    for found in page.find_tables():
        rows = found.extract()
        if not _is_table(rows):
            continue
        texts = [" | ".join(_cell_text(c) for c in row if c is not None) for row in rows]
        tx0, ttop, tx1, tbottom = (float(v) for v in found.bbox)
        tables.append(
            Table([t for t in texts if t.strip(" |")], tx0, tx1, ttop, tbottom, page=number)
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
                Word(
                    text,
                    float(w["x0"]),
                    float(w["x1"]),
                    float(w["top"]),
                    float(w["bottom"]),
                    statistics.median(sizes),
                    bold,
                )
            )
    return Page(number, top, bottom - top or 1.0, _rows(words), tables)


def join_line(text: str, line: str) -> str:
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


def _cell_text(cell: str | None) -> str:
    lines = [" ".join(line.split()) for line in (cell or "").splitlines()]
    text = ""
    for line in lines:
        if line:
            text = join_line(text, line) if text else line
    return text


def _rows(words: list[Word]) -> list[Row]:
    """Group words into rows: a word joins the last row when it overlaps its band vertically."""
    rows: list[Row] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows:
            row = rows[-1]
            first = row.words[0]
            overlap = min(first.bottom, word.bottom) - max(first.top, word.top)
            height = min(first.bottom - first.top, word.bottom - word.top)
            if height > 0 and overlap >= 0.5 * height:
                row.words.append(word)
                continue
        rows.append(Row([word]))
    for row in rows:
        row.words.sort(key=lambda w: w.x0)
    return rows


# --- running headers and footers -------------------------------------------------------------


def _segments(row: Row) -> list[list[Word]]:
    """Runs of words separated by wide gaps (a left header, a centred title, a page number)."""
    segments: list[list[Word]] = [[row.words[0]]]
    for prev, word in itertools.pairwise(row.words):
        if word.x0 - prev.x1 > 2.5 * max(prev.size, word.size):
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def _segment_key(words: Sequence[Word]) -> str:
    return re.sub(r"\d+", "#", " ".join(w.text for w in words).casefold())


def _in_margin(page: Page, row: Row) -> bool:
    return (row.top - page.top) < MARGIN_ZONE * page.height or (row.bottom - page.top) > (
        1 - MARGIN_ZONE
    ) * page.height


def drop_running_lines(pages: list[Page]) -> None:
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
        kept: list[Row] = []
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
                row = Row(words)
            kept.append(row)
        page.rows = kept


def _is_page_number(segment: Sequence[Word]) -> bool:
    return _PAGE_NUMBER.fullmatch(" ".join(w.text for w in segment)) is not None


# --- reading order ---------------------------------------------------------------------------


def _gutter(rows: Sequence[Row]) -> float | None:
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


def _covered(row: Row) -> list[tuple[float, float]]:
    """The x spans a row's words cover, merged so that a row counts once wherever it is."""
    spans: list[tuple[float, float]] = []
    for w in sorted(row.words, key=lambda w: w.x0):
        if spans and w.x0 <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], w.x1))
        else:
            spans.append((w.x0, w.x1))
    return spans


def _crosses(item: Row | Table, gx: float) -> bool:
    if isinstance(item, Table):
        return item.x0 < gx < item.x1
    return any(w.x0 < gx < w.x1 for w in item.words)


def _lead_in(left: list[Row | Table], right: list[Row | Table], before: Row | Table) -> list[Row]:
    """Left rows below the right column's end that run straight into a full-width item.

    Those are the start of the full-width text (a heading over a paragraph), not the end of the
    left column, so they are read after the right column.
    """
    if not right:
        return []
    floor = max(item.bottom for item in right)
    moved: list[Row] = []
    next_top = before.top
    while left and isinstance(left[-1], Row) and left[-1].top > floor:
        row = left[-1]
        if next_top - row.bottom > 0.8 * max(w.size for w in row.words):
            break
        moved.append(row)
        left.pop()
        next_top = row.top
    return moved[::-1]


def _order(
    rows: list[Row], tables: list[Table], column: tuple[int, ...], depth: int = 0
) -> list[tuple[tuple[int, ...], Row | Table]]:
    """Rows and tables in reading order, each with the column path it was read from.

    Items that cross the gutter are read in place; between them, the items of a column region
    are read left column first (each column checked for a gutter of its own).
    """
    gx = _gutter(rows) if depth < MAX_COLUMN_DEPTH else None
    items: list[Row | Table] = [*rows, *tables]
    items.sort(key=lambda item: (item.top, item.x0))
    if gx is None:
        return [(column, item) for item in items]
    ordered: list[tuple[tuple[int, ...], Row | Table]] = []
    left: list[Row | Table] = []
    right: list[Row | Table] = []
    region = 0

    def close_region(before: Row | Table | None) -> None:
        nonlocal region
        lead_in = _lead_in(left, right, before) if before is not None else []
        for side, part in enumerate((left, right)):
            part_rows = [item for item in part if isinstance(item, Row)]
            part_tables = [item for item in part if isinstance(item, Table)]
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
        elif isinstance(item, Table):
            (left if item.x1 <= gx else right).append(item)
        else:
            left_words = [w for w in item.words if w.x1 <= gx]
            right_words = [w for w in item.words if w.x0 >= gx]
            if left_words:
                left.append(Row(left_words))
            if right_words:
                right.append(Row(right_words))
    close_region(None)
    return ordered


def _line(row: Row, page: int, column: tuple[int, ...]) -> Line:
    text = ""
    prev: Word | None = None
    for w in row.words:
        if prev is not None and w.x0 - prev.x1 > 0.12 * max(prev.size, w.size):
            text += " "
        text += w.text
        prev = w
    sizes = [w.size for w in row.words for _ in w.text]
    return Line(
        _LEADER.sub(" … ", " ".join(text.split())),
        page,
        column,
        row.x0,
        row.x1,
        row.top,
        statistics.median(sizes),
        all(w.bold for w in row.words),
    )


def page_items(page: Page) -> list[Line | Table]:
    items: list[Line | Table] = []
    for column, item in _order(page.rows, page.tables, ()):
        items.append(_line(item, page.number, column) if isinstance(item, Row) else item)
    return items

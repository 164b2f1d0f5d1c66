"""DOCX: paragraphs and tables in body order; headings from styles and outline levels.

The body XML is walked in order, so a table sits between the paragraphs around it. A paragraph
is a heading when its style is a heading style ("Heading 2", "Titolo 2", "Title") or carries an
outline level; list paragraphs become "- item"; each table row is one block with its cells joined
by " | " (a cell merged across columns counts once, one merged down rows repeats its text).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import docx
from lxml import etree

from ingest.errors import LoadError
from ingest.loaders.extracted import Extracted
from knowledge.documents import Block

logger = logging.getLogger(__name__)

MAX_EXPANDED_BYTES = 256 * 1024 * 1024  # a DOCX is a ZIP: refuse ones that inflate beyond this

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_STYLE = re.compile(
    r"^(?:heading|titolo|t[ií]tulo|titre|[uü]berschrift|kop)\s*([1-9])$", re.I
)  # style names: "heading 2", "Titolo 2"
_TITLE_STYLE = re.compile(r"^(?:title|titolo|t[ií]tulo|titre|titel)$", re.I)
_TOC_STYLE = re.compile(r"^(?:toc|sommario|indice|inhalt|table of contents)\s*\d*$", re.I)
_LIST_STYLE = re.compile(r"list|elenco|lista|liste|aufz[aä]hlung", re.I)
_CONTENT_TYPE = re.compile(r"content type is '([^']+)'")
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.I)
_PLACEHOLDER_TITLE = re.compile(
    r"^(?:word document|documento?\s*\d*|untitled|senza titolo)$", re.I
)
# Elements whose text is not shown: deletions, moved-away text, and the fallback copy of
# drawings that also have a modern representation.
_HIDDEN = frozenset(
    {f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr", f"{_W}instrText", _MC_FALLBACK}
)
_SPACES = frozenset({f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}ptab"})


@dataclass(frozen=True, slots=True)
class _Style:
    name: str
    based_on: str | None
    outline_level: int | None
    numbered: bool


def parse_docx(data: bytes) -> Extracted:
    """Parse a Word document into blocks in body order, with heading paths."""
    has_core = _check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise _open_error(exc) from exc
    fields: dict[str, Any] = {}
    if has_core:
        props = document.core_properties
        title = " ".join((props.title or "").split())
        if title and not _PLACEHOLDER_TITLE.match(title):
            fields["title"] = title
        m = _LANGUAGE.match((props.language or "").strip())
        if m:
            fields["language"] = m.group(1).lower()
    reader = _Reader(_styles(document.styles.element))
    reader.read(document.element.body)
    title = str(fields.get("title") or reader.first_heading or "")
    blocks = reader.blocks
    if title:
        blocks = [
            Block(b.text, b.heading_path[1:], b.page, b.is_table_row)
            if b.heading_path and b.heading_path[0].casefold() == title.casefold()
            else b
            for b in blocks
        ]
    logger.debug("docx: %d blocks", len(blocks))
    return Extracted(
        blocks=blocks, format="docx", fields=fields, first_heading=reader.first_heading
    )


def _open_error(exc: Exception) -> LoadError:
    """What python-docx's refusal means for staff."""
    redo = "open it in Word or LibreOffice, save it again as DOCX and upload that"
    if isinstance(exc, etree.XMLSyntaxError):
        return LoadError(f"the Word file's XML is damaged ({exc})", redo)
    kind = _CONTENT_TYPE.search(str(exc)) if isinstance(exc, ValueError) else None
    if kind is not None:
        return LoadError(
            f"the file is not a plain Word document (its content type is {kind.group(1)})",
            "save it as a Word Document (.docx), not a template or macro-enabled file",
        )
    return LoadError(f"not a readable Word document ({type(exc).__name__}: {exc})", redo)


def _check_archive(data: bytes) -> bool:
    """Refuse broken or inflating archives; return whether core properties are present."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoadError(
            f"the Word file is damaged or truncated ({exc})",
            "open it in Word or LibreOffice, save it again as DOCX and upload that",
        ) from exc
    if "word/document.xml" not in names:
        what = "an Excel workbook" if "xl/workbook.xml" in names else "not a Word document"
        if "ppt/presentation.xml" in names:
            what = "a PowerPoint presentation"
        raise LoadError(
            f"the file is a ZIP archive but {what}",
            "upload the document itself as DOCX, PDF or Markdown",
        )
    if expanded > MAX_EXPANDED_BYTES:
        raise LoadError(
            f"the Word file expands to {expanded / 1e6:.0f} MB, "
            f"over the {MAX_EXPANDED_BYTES / 1e6:.0f} MB limit",
            "remove large images or split the document",
        )
    return "docProps/core.xml" in names


def _val(element: Any, tag: str) -> str | None:
    child = element.find(f"{_W}{tag}") if element is not None else None
    if child is None:
        return None
    value = child.get(f"{_W}val")
    return str(value) if value is not None else ""


def _styles(styles_element: Any) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    for style in styles_element.iterchildren(f"{_W}style"):
        if style.get(f"{_W}type") != "paragraph":
            continue
        style_id = str(style.get(f"{_W}styleId") or "")
        ppr = style.find(f"{_W}pPr")
        level = _val(ppr, "outlineLvl")
        styles[style_id] = _Style(
            name=_val(style, "name") or style_id,
            based_on=_val(style, "basedOn"),
            outline_level=int(level) if level and level.isdigit() else None,
            numbered=ppr is not None and ppr.find(f"{_W}numPr") is not None,
        )
        if style.get(f"{_W}default") in ("1", "true"):
            styles[""] = styles[style_id]
    return styles


class _Reader:
    """Turns body elements into blocks, keeping the heading path."""

    def __init__(self, styles: dict[str, _Style]) -> None:
        self.styles = styles
        self.blocks: list[Block] = []
        self.first_heading: str | None = None
        self._path: list[tuple[int, str]] = []

    def read(self, body: Any) -> None:
        stack = list(reversed(body))
        while stack:
            element = stack.pop()
            if element.tag == f"{_W}p":
                self._paragraph(element)
            elif element.tag == f"{_W}tbl":
                self._table(element)
            elif element.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
                content = element.find(f"{_W}sdtContent")
                children = content if element.tag == f"{_W}sdt" else element
                if children is not None:
                    stack.extend(reversed(children))

    def _style_chain(self, style_id: str) -> list[_Style]:
        chain: list[_Style] = []
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current not in seen and current in self.styles:
            seen.add(current)
            chain.append(self.styles[current])
            current = self.styles[current].based_on
        return chain

    def _heading_level(self, ppr: Any, chain: list[_Style]) -> int | None:
        if chain:
            name = chain[0].name
            m = _HEADING_STYLE.match(name)
            if m:
                return int(m.group(1))
            if _TITLE_STYLE.match(name):
                return 0
        own = _val(ppr, "outlineLvl")
        levels = [own] if own is not None else []
        levels += [str(s.outline_level) for s in chain if s.outline_level is not None]
        for level in levels:
            if level.isdigit() and int(level) < 9:
                return int(level) + 1
        return None

    def _paragraph(self, p: Any) -> None:
        text = _text(p)
        if not text:
            return
        ppr = p.find(f"{_W}pPr")
        style_id = _val(ppr, "pStyle") or ""
        chain = self._style_chain(style_id) or self._style_chain("")
        if chain and _TOC_STYLE.match(chain[0].name):
            return  # a table of contents line ("Introduzione 3") says nothing by itself
        level = self._heading_level(ppr, chain)
        if level is not None and len(text) <= 300:
            self._path[:] = [(lv, t) for lv, t in self._path if lv < level] + [(level, text)]
            self.first_heading = self.first_heading or text
            return
        numbered = (ppr is not None and ppr.find(f"{_W}numPr") is not None) or any(
            s.numbered for s in chain
        )
        if numbered or (chain and _LIST_STYLE.search(chain[0].name)):
            text = f"- {text}"
        self.blocks.append(Block(text, tuple(t for _, t in self._path)))

    def _table(self, tbl: Any) -> None:
        above: dict[int, str] = {}  # grid column -> text of the cell that starts a vertical merge
        for tr in tbl.iter(f"{_W}tr"):
            if _enclosing_table(tr) is not tbl:
                continue
            trpr = tr.find(f"{_W}trPr")
            before = _val(trpr, "gridBefore")
            column = int(before) if before and before.isdigit() else 0
            cells: list[str] = []
            for tc in tr.iter(f"{_W}tc"):
                if tc.getparent() is not tr and tc.getparent().tag != f"{_W}sdtContent":
                    continue
                tcpr = tc.find(f"{_W}tcPr")
                span = _val(tcpr, "gridSpan")
                merge = _val(tcpr, "vMerge")
                if merge is not None and merge != "restart":
                    text = above.get(column, "")
                else:
                    text = " ".join(filter(None, (_text(p) for p in tc.iter(f"{_W}p"))))
                    above[column] = text
                cells.append(text)
                column += int(span) if span and span.isdigit() else 1
            if any(cells):
                row = " | ".join(cells)
                self.blocks.append(Block(row, tuple(t for _, t in self._path), is_table_row=True))


def _enclosing_table(element: Any) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != f"{_W}tbl":
        parent = parent.getparent()
    return parent


def _text(p: Any) -> str:
    """The visible text of a paragraph (runs, hyperlinks, fields), whitespace collapsed."""
    parts: list[str] = []
    stack = [p]
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag in _HIDDEN or not isinstance(tag, str):
            continue
        if tag == f"{_W}t":
            parts.append(element.text or "")
        elif tag in _SPACES:
            parts.append(" ")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{_W}p" and element is not p:
            parts.append(" ")  # a paragraph inside a text box
            stack.extend(reversed(element))
        else:
            stack.extend(reversed(element))
    return " ".join("".join(parts).split())

"""Chunking by structure: sections (heading paths), then paragraphs, then sentences.

A chunk stays inside one section when it can; tiny sections are merged into the next chunk with
their heading written inline. Table rows are never cut, and a chunk that starts in the middle of
a table repeats the table's header row. Cuts fall between sentences, so an amount or a date is
never split; a new chunk in the same section starts with the last sentences of the previous one
(the overlap).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from knowledge.documents import Block, Chunk
from knowledge.sentences import split_long, split_sentences

#: Bump when chunking changes, so every document is re-chunked on the next ingest.
# 2: answer units stored with their vectors; metadata read leniently and inferred.
# 3: a chunk's answer units packed in one record.
# 4: instrument terms and more validity windows read from the text.
# 5: one inferred flag per term read (`terms.rate`).
# 6: no answer unit without words (rules of dashes); a rate read with its qualifier.
# 7: instrument terms read with their labels (tables, `label: value` lines).
# 8: terms at the top level of front matter; an instrument known by the terms its text states;
#    terms named by section headings, eligible firms read; an HTML definition list's items read
#    as `term: definition`.
# 9: terms: a firm's own cap over caps per part, signed changes of a rate skipped, sums in
#    words; validity windows as formal calls, labels and table rows write them.
# 10: `label: value` lines and plain-text list items typed one under the other are clauses of
#     their own (` · `), not one sentence.
# 11: metadata inferred with section headings in the text; windows with times of day, table rows
#     of dates under their header; terms: euros, caps per insured and "per impresa".
# 12: rates: what is not paid for, raised rates, taxes; instruments named as tax credits,
#     factoring, policies.
# 13: a field line's label starts with a capital or after a bullet (prose wrapped by hand goes on);
#     table rows of three columns or more take no cue from their first cell; exclusions parted
#     from a figure by a contrast ("ma", "but") leave it.
CHUNKER_VERSION = "13"


def _words(text: str) -> int:
    return len(text.split())


@dataclass(slots=True)
class _Draft:
    heading_path: tuple[str, ...]
    parts: list[str] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)
    words: int = 0
    overlap_only: bool = False

    def add(self, text: str, page: int | None) -> None:
        self.parts.append(text)
        self.words += _words(text)
        self.overlap_only = False
        if page is not None:
            self.pages.add(page)


@dataclass(slots=True)
class _Unit:
    """A piece that is never cut: a sentence group, a list item, or a table row."""

    text: str
    heading_path: tuple[str, ...]
    page: int | None
    table_header: str | None = None  # set on table rows after the first
    is_row: bool = False


def _units(blocks: list[Block], max_words: int) -> list[_Unit]:
    units: list[_Unit] = []
    header: str | None = None
    prev_row = False
    for block in blocks:
        if block.is_table_row:
            if not prev_row:
                header = block.text
                units.append(_Unit(block.text, block.heading_path, block.page, None, True))
            else:
                units.append(_Unit(block.text, block.heading_path, block.page, header, True))
            prev_row = True
            continue
        prev_row = False
        if _words(block.text) <= max_words:
            units.append(_Unit(block.text, block.heading_path, block.page))
            continue
        for sentence in split_sentences(block.text):
            for piece in split_long(sentence, max_words):
                units.append(_Unit(piece, block.heading_path, block.page))
    return units


def _overlap(parts: list[str], overlap_words: int) -> list[str]:
    """The trailing sentences of a chunk, up to `overlap_words`, to open the next one."""
    if overlap_words <= 0 or not parts:
        return []
    sentences = split_sentences(parts[-1])
    kept: list[str] = []
    total = 0
    for sentence in reversed(sentences):
        n = _words(sentence)
        if total + n > overlap_words:
            break
        kept.insert(0, sentence)
        total += n
    # Never carry the whole previous paragraph: that is a duplicate, not an overlap.
    return [" ".join(kept)] if kept and total < _words(parts[-1]) else []


def chunk_id(doc_id: str, doc_hash: str, index: int) -> str:
    """Stable chunk id: same document content gives the same ids."""
    doc_key = hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:12]
    return f"{doc_key}-{doc_hash[:12]}-{index:04d}"


def chunk_blocks(
    blocks: list[Block],
    *,
    doc_id: str,
    doc_hash: str,
    target_words: int = 180,
    overlap_words: int = 30,
    min_words: int = 50,
) -> list[Chunk]:
    """Group a document's blocks into chunks of about `target_words` words."""
    drafts: list[_Draft] = []
    current: _Draft | None = None
    section: tuple[str, ...] | None = None
    for unit in _units(blocks, max_words=target_words):
        n = _words(unit.text)
        new_section = unit.heading_path != section
        if current is None:
            current = _Draft(unit.heading_path)
        elif new_section:
            if current.words >= min_words or current.overlap_only:
                if not current.overlap_only:
                    drafts.append(current)
                current = _Draft(unit.heading_path)
            elif unit.heading_path and current.words:
                # A tiny section: keep it with what follows, naming the new heading inline.
                current.parts.append(f"{unit.heading_path[-1]}:")
                current.words += _words(unit.heading_path[-1])
            else:
                current.heading_path = unit.heading_path
        elif current.words + n > target_words and current.words > 0 and not current.overlap_only:
            drafts.append(current)
            carry = [] if unit.is_row else _overlap(current.parts, overlap_words)
            current = _Draft(unit.heading_path)
            for text in carry:
                current.add(text, None)
            current.overlap_only = bool(carry)
            if unit.is_row and unit.table_header:
                current.add(unit.table_header, unit.page)
        section = unit.heading_path
        current.add(unit.text, unit.page)
    if current is not None and current.words and not current.overlap_only:
        drafts.append(current)
    return [
        Chunk(
            id=chunk_id(doc_id, doc_hash, i),
            doc_id=doc_id,
            index=i,
            text="\n".join(d.parts),
            heading_path=d.heading_path,
            pages=tuple(sorted(d.pages)),
        )
        for i, d in enumerate(drafts)
    ]

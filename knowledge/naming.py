"""How a question can name a document: its title's terms, its file name's terms, its acronyms,
and the proper names of its title and of its opening lines (who issues it), computed once per
served version of the base (`knowledge.retrieval`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from knowledge.lexical import terms, tokenize
from knowledge.store import StoredChunk


def document_names(chunks: dict[str, StoredChunk]) -> dict[str, tuple[frozenset[str], ...]]:
    """Each chunk's document's names (`name_sets`), its opening read from its first chunk."""
    first: dict[str, StoredChunk] = {}
    for chunk in chunks.values():
        held = first.get(chunk.doc_id)
        if held is None or _chunk_order(chunk) < _chunk_order(held):
            first[chunk.doc_id] = chunk
    common = lowercase_words(chunk.text for chunk in chunks.values())
    by_doc = {
        # a glossary or a FAQ opens with its first entries, not with who issues it
        doc: name_sets(c.metadata, "" if c.metadata.get("kind") in LISTS else c.text, common)
        for doc, c in first.items()
    }
    return {cid: by_doc[chunk.doc_id] for cid, chunk in chunks.items()}


def _chunk_order(chunk: StoredChunk) -> int:
    return int(chunk.metadata.get("chunk_index", 0))


#: How much of a document's opening (after its title) is read for the names it goes by: who
#: issues it and where ("Oglio-Garda Chamber of Commerce – Call for applications", "the
#: provinces of Sondrio and Lecco", "Unioncamere Padana Export (UPE)").
OPENING_CHARS = 400
#: Kinds of document whose opening is entries of a list, not who issues the document.
LISTS = frozenset({"glossary", "faq"})


_LOWERCASE_WORD = re.compile(r"(?<![\w-])[a-zà-ÿ][\w'-]*")
_WORD = re.compile(r"[\w][\w'-]*")


def lowercase_words(texts: Iterable[str]) -> frozenset[str]:
    """Every word the base writes in lowercase somewhere: a word it never does is a name."""
    words: set[str] = set()
    for text in texts:
        words.update(_LOWERCASE_WORD.findall(text))
    return frozenset(words)


def opening_names(title: str, text: str, common: frozenset[str]) -> set[str]:
    """The names a document's opening goes by, among the words the base never writes in
    lowercase (`Garda`, not `Call`; `UPE`, not `EXPORT`): every capitalised word of the short
    lines under its title (who issues it: "Oglio-Garda Chamber of Commerce – Call for
    applications"), and in its first sentences the words written with capitals beyond the first
    letter (`Unioncamere Padana Export (UPE)`), not a place or a name the text only mentions."""
    body = text[len(title) :] if title and text.startswith(title) else text
    names: set[str] = set()
    for line in body[:OPENING_CHARS].splitlines():
        words = _WORD.findall(line)
        heading = len(words) <= 12 and not line.rstrip().endswith((".", ":", ";"))
        for word in words:
            if is_proper(word) or (heading and word[:1].isupper()):
                for part in word.split("-"):  # `Oglio-Garda`, not `Export-Growth-Loan`
                    if part.lower() not in common:
                        names.update(terms(part))
    return names


def name_sets(
    md: dict[str, Any], opening: str = "", common: frozenset[str] = frozenset()
) -> tuple[frozenset[str], ...]:
    """The ways a question can name a document: its title's terms, its file name's terms, the
    proper names in its title and its opening lines, and the title's acronyms (initials of its
    words, or of its capitalised words)."""
    title = str(md.get("title", ""))
    file_name = str(md.get("doc_id", "")).rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = [w for w in tokenize(title) if w.isalpha() and len(w) > 2]
    capitals = [w for w in title.split() if w[:1].isupper() and w.isalpha() and len(w) > 2]
    acronyms = {"".join(w[0] for w in ws).lower() for ws in (words, capitals) if len(ws) >= 3}
    # Proper names: written in capitals (`TEM`, `SIMEST`) or with a capital inside
    # (`ExportShield`), as no common word is; a title all in capitals shows none.
    proper = {
        t for word in title.split() if not title.isupper() and is_proper(word) for t in terms(word)
    } | opening_names(title, opening, common)
    return (
        frozenset(terms(title)),
        frozenset(terms(re.sub(r"[-_.]+", " ", file_name))),
        frozenset(proper),
        frozenset(acronyms),
    )


def is_proper(word: str) -> bool:
    """`SACE-BT`, `TEM`, `ExportShield`: capitals beyond the first letter, as no common word."""
    letters = "".join(c for c in word if c.isalpha())
    return len(letters) >= 2 and (
        letters.isupper() or (letters[0].isupper() and not letters[1:].islower())
    )

"""Answer units: the sentences and table rows of a passage, the pieces an answer quotes.

The same splitter runs at ingest time (each unit is embedded and stored beside its chunk) and at
answer time (units are read back and quoted verbatim), so a unit's id names the same text on
both sides: `<chunk id>#<position>`.
"""

from __future__ import annotations

from knowledge.sentences import split_sentences

#: Units shorter than this many words are labels, not answers.
MIN_WORDS = 3


def answer_units(text: str) -> list[str]:
    """Sentences of a passage in reading order; a table row becomes `header: value; …`."""
    out: list[str] = []
    header: list[str] | None = None
    for line in text.split("\n"):
        if " | " in line:
            cells = [c.strip() for c in line.split(" | ")]
            if header is None:
                header = cells
                continue
            if len(cells) == len(header):
                out.append("; ".join(f"{h}: {v}" for h, v in zip(header, cells, strict=True) if v))
            else:
                out.append(", ".join(cells))
            continue
        header = None
        sentences = [s for s in split_sentences(line) if len(s.split()) >= 2]
        if out and out[-1].endswith(":") and sentences:
            # A label line ("CIF – Cost, Insurance and Freight:") belongs with what follows.
            sentences[0] = f"{out.pop()} {sentences[0]}"
        out.extend(s for s in sentences if len(s.split()) >= MIN_WORDS)
    return out


def unit_id(chunk_id: str, position: int) -> str:
    """The store id of a chunk's unit."""
    return f"{chunk_id}#{position}"

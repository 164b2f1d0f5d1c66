"""Chunking by structure: sections, paragraphs, table rows, overlap, stable ids."""

from ingest.chunking import chunk_blocks
from knowledge.documents import Block


def _para(n: int, word: str = "parola") -> str:
    return " ".join(f"{word}{i}" for i in range(n)) + "."


def test_each_chunk_keeps_its_heading_path() -> None:
    blocks = [
        Block(_para(80, "dazi"), ("Dogane", "Dazi")),
        Block(_para(80, "iva"), ("Dogane", "IVA")),
    ]
    chunks = chunk_blocks(blocks, doc_id="d", doc_hash="h" * 64, target_words=100)
    assert [c.heading_path for c in chunks] == [("Dogane", "Dazi"), ("Dogane", "IVA")]
    assert "dazi0" in chunks[0].text
    assert "iva0" in chunks[1].text


def test_long_sections_split_near_the_target_with_overlap() -> None:
    sentences = [f"Frase numero {i} sul tema delle fiere internazionali." for i in range(60)]
    blocks = [Block(" ".join(sentences[i : i + 5]), ("Fiere",)) for i in range(0, 60, 5)]
    chunks = chunk_blocks(
        blocks, doc_id="d", doc_hash="h" * 64, target_words=100, overlap_words=20
    )
    assert len(chunks) > 3
    assert all(len(c.text.split()) <= 130 for c in chunks)
    # The next chunk opens with the closing sentence of the previous one.
    last_sentence = chunks[0].text.split("\n")[-1].rsplit(". ", 1)[-1]
    assert last_sentence in chunks[1].text.split("\n")[0]
    assert len(chunks[1].text.split("\n")[0].split()) <= 20


def test_table_rows_are_never_cut_and_header_is_repeated() -> None:
    header = "Voce | Importo massimo | Quota"
    rows = [f"Spesa tipo {i} con descrizione lunga | {i * 1000}.000 euro | 50%" for i in range(40)]
    blocks = [Block(header, ("Termini",), is_table_row=True)] + [
        Block(r, ("Termini",), is_table_row=True) for r in rows
    ]
    chunks = chunk_blocks(blocks, doc_id="d", doc_hash="h" * 64, target_words=60)
    assert len(chunks) > 2
    for chunk in chunks:
        assert chunk.text.split("\n")[0] == header
        for line in chunk.text.split("\n")[1:]:
            assert line in rows


def test_tiny_sections_merge_with_the_next_and_name_it() -> None:
    blocks = [
        Block("Breve introduzione.", ("Intro",)),
        Block(_para(60, "contenuto"), ("Dettagli",)),
    ]
    chunks = chunk_blocks(blocks, doc_id="d", doc_hash="h" * 64, target_words=100)
    assert len(chunks) == 1
    assert "Breve introduzione." in chunks[0].text
    assert "Dettagli:" in chunks[0].text


def test_pages_are_recorded() -> None:
    blocks = [Block(_para(30), ("A",), page=1), Block(_para(30), ("A",), page=2)]
    (chunk,) = chunk_blocks(blocks, doc_id="d", doc_hash="h" * 64, target_words=100)
    assert chunk.pages == (1, 2)


def test_ids_are_stable_for_the_same_content_and_change_with_it() -> None:
    blocks = [Block(_para(50), ("A",))]
    a = chunk_blocks(blocks, doc_id="d", doc_hash="a" * 64)
    b = chunk_blocks(blocks, doc_id="d", doc_hash="a" * 64)
    c = chunk_blocks(blocks, doc_id="d", doc_hash="b" * 64)
    assert [x.id for x in a] == [x.id for x in b]
    assert {x.id for x in a}.isdisjoint(x.id for x in c)

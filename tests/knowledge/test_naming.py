"""How a question names a document: title terms, acronyms, proper names (no store needed)."""

from __future__ import annotations

from knowledge.lexical import LexicalIndex, terms, tokenize
from knowledge.naming import document_names
from knowledge.retrieval import Retriever, _index_text, _IndexState
from knowledge.store import StoredChunk

DOCS = {
    "a.md": "ExportShield - Short-Term Export Credit Insurance",
    "b.md": "Polizza SACE-BT Credito Export",
    "c.md": "Guida Paese Ghana",
    "d.md": "GLOSSARIO DEL COMMERCIO ESTERO",
    "mou-alpi-jalisco-agrifood.txt": "Memorandum of understanding on cooperation in agrifood",
    "tem.docx": "TEM Voucher 2027",
    "fair.docx": "Trade Fair Participation Grant 2027",
    "upe.md": "Voucher Temporary Export Manager 2027",
    "loan.txt": "Growth Loan",
}


TEXTS = {
    "mou-alpi-jalisco-agrifood.txt": "ALPI and the Jalisco agrifood council agree.",
    # Who issues a programme is said in the lines under its title, or in its first sentence.
    "tem.docx": "TEM Voucher 2027\nValtellina-Lario Chamber of Commerce\nThe Chamber offers "
    "companies in the provinces of Sondrio and Lecco vouchers to hire a manager.",
    "fair.docx": "Trade Fair Participation Grant 2027\nOglio-Garda Chamber of Commerce - Call "
    "for applications\nThe Chamber provides grants to first-time exhibitors.",
    "upe.md": "Unioncamere Padana Export (UPE) mette a disposizione un voucher per le imprese.",
    "loan.txt": "Growth Loan\nRegional Loan Desk\nThe loan is subsidised by the Region.",
}


def state() -> _IndexState:
    chunks = {
        f"{doc}#0": StoredChunk(
            f"{doc}#0", TEXTS.get(doc, "Testo del documento."), {"doc_id": doc, "title": t}
        )
        for doc, t in DOCS.items()
    }
    lexical = LexicalIndex.build((cid, _index_text(c)) for cid, c in chunks.items())
    titles = document_names(chunks)
    return _IndexState("g1", lexical, chunks, frozenset(), frozenset(), titles)


def naming(question: str, doc: str) -> float:
    s = state()
    asked = set(terms(question)) | set(tokenize(question))
    return Retriever._naming(asked, s.titles[f"{doc}#0"], s)


def test_a_proper_name_only_one_document_holds_names_it_fully() -> None:
    assert naming("con exportshield quanto mi rimborsano?", "a.md") == 1.0


def test_a_hyphenated_proper_name_is_one_name_and_never_divides_by_zero() -> None:
    assert naming("cosa copre la polizza sace-bt?", "b.md") == 1.0
    assert naming("cosa copre la polizza sace?", "b.md") < 1.0


def test_a_title_in_capitals_has_no_proper_names() -> None:
    # Every word of "GLOSSARIO DEL COMMERCIO ESTERO" is in capitals: none is a name.
    assert naming("camera di commercio, quanto vale il certificato?", "d.md") < 0.5


def test_words_joined_by_a_hyphen_name_what_names_them_apart() -> None:
    # The question joins the two parties, the file name has them apart (and either could be
    # the other way round): "alpi-jalisco" was one unknown word.
    assert (
        naming("accordo alpi-jalisco, quanti incontri b2b?", "mou-alpi-jalisco-agrifood.txt") > 0.5
    )


def test_codes_with_hyphens_stay_whole() -> None:
    assert tokenize("alpi-jalisco e-commerce sace-bt 394/81 eur.1 export-manager") == [
        "alpi",
        "jalisco",
        "e-commerce",
        "sace-bt",
        "394/81",
        "eur.1",
        "export",
        "manager",
    ]


def test_the_issuer_under_the_title_or_in_the_first_sentence_names_a_document() -> None:
    assert naming("contributo fiere oglio garda max per impresa", "fair.docx") == 1.0
    assert naming("UPE, quando aprono le domande?", "upe.md") == 1.0
    # "Chamber" opens both calls: it names neither fully.
    assert naming("chamber grants?", "fair.docx") <= 0.5


def test_a_place_the_text_only_mentions_does_not_name_it() -> None:
    assert naming("sondrio e lecco?", "tem.docx") == 0.0


def test_a_word_the_base_writes_in_lowercase_is_not_a_name() -> None:
    # "Regional Loan Desk": the base writes "loan" in lowercase, never "desk".
    _, _, proper, _ = state().titles["loan.txt#0"]
    assert "loan" not in proper
    assert "desk" in proper

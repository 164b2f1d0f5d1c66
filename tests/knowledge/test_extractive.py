"""How the extractive composer picks a document's sentences (no store, no model: the units'
similarities are given)."""

from __future__ import annotations

import datetime as dt

from knowledge.extractive import _states, select_sentences, wanted_facts, written_dates
from knowledge.lexical import LexicalIndex
from knowledge.passages import Passage, Unit

GUIDE = {"doc_id": "guida-svizzera.md", "title": "Guida Paese: Svizzera", "tags": "iva,dogana"}
ROWS = [
    "Voce: Export italiano verso la Svizzera; Valore: circa 25 miliardi di euro l'anno",
    "Voce: IVA dal 1° gennaio 2024; Valore: 8,1% normale, 2,6% ridotta",
]


def test_a_tag_of_the_document_tells_which_of_its_sentences_answers() -> None:
    # The title names the document, so "svizzera" says nothing about which row answers; a tag
    # lists a topic some of its rows are about, so "iva" does.
    passage = Passage("c1", "\n".join(ROWS), GUIDE, score=1.0, dense=0.5, lexical=1.0)
    units = [Unit("c1", 0, ROWS[0], 0.3), Unit("c1", 1, ROWS[1], 0.2)]
    index = LexicalIndex.build(
        [("c1", " ".join(ROWS)), ("c2", "Guida paese Francia: dogana e trasporti.")]
    )
    chosen = select_sentences(
        "quanto è l'iva in svizzera",
        [passage],
        {"guida-svizzera.md": units},
        index,
        language="it",
        max_words=12,  # room for the best row alone
    )
    assert [text for text, _ in chosen] == [ROWS[1]]


def test_a_follow_up_of_its_own_is_answered_by_the_sentences_that_hold_its_words() -> None:
    # The standalone question carries the earlier turn, which found the document; within it,
    # the follow-up's own words tell which row answers.
    fund = {"doc_id": "fund.md", "title": "Export Guarantee Fund", "language": "en"}
    rows = [
        "Company size: Micro enterprise; Annual fee on guaranteed amount: 0.10%",
        "Deadline: applications close on 31 March 2027.",
    ]
    passage = Passage("f1", "\n".join(rows), fund, score=1.0, dense=0.5, lexical=1.0)
    units = [Unit("f1", 0, rows[0], 0.3), Unit("f1", 1, rows[1], 0.25)]
    index = LexicalIndex.build([("f1", " ".join(rows)), ("g1", "Trade fair voucher rules.")])
    chosen = select_sentences(
        "and what about the deadline? (how much is the yearly fee for a micro company?)",
        [passage],
        {"fund.md": units},
        index,
        language="en",
        max_words=12,
        intent="and what about the deadline?",
    )
    assert [text for text, _ in chosen] == [rows[1]]


def test_a_cap_or_ceiling_is_an_amount_asked_for() -> None:
    for question in ("whats the cap per company?", "il tetto per impresa?", "plafond max?"):
        assert "amount" in wanted_facts(question)


def test_the_sentence_stating_the_maximum_read_at_ingest_joins_the_answer() -> None:
    # The closest sentence by meaning names a cap per fair; the firm's own cap, which the
    # terms reader read at ingest, is stated further down in words the question does not use.
    call = {
        "doc_id": "credito-fiere.md",
        "title": "Credito d'imposta fiere",
        "kind": "instrument",
        "terms": '{"max_amount": "60 mila euro", "rate": "40%"}',
        "inferred": "kind,terms.max_amount,terms.rate",
    }
    rows = [
        "Per ciascuna fiera le spese non possono superare il tetto di 15.000 euro.",
        "Le domande si presentano sul portale della Camera.",
        "Il credito è pari al 40% delle spese, nel limite di 60 mila euro per impresa.",
    ]
    passage = Passage("k1", "\n".join(rows), call, score=1.0, dense=0.5, lexical=1.0)
    units = [
        Unit("k1", i, row, sim)
        for i, (row, sim) in enumerate(zip(rows, (0.3, 0.2, 0.1), strict=True))
    ]
    index = LexicalIndex.build([("k1", " ".join(rows)), ("k2", "Voucher per l'export digitale.")])
    chosen = select_sentences(
        "credito d imposta fiere: il tetto massimo?",
        [passage],
        {"credito-fiere.md": units},
        index,
        language="it",
    )
    assert rows[2] in [text for text, _ in chosen]
    assert rows[1] not in [text for text, _ in chosen]


def test_the_sentence_stating_the_closing_date_joins_a_deadline_question() -> None:
    call = {
        "doc_id": "bando-mercati.md",
        "title": "Bando Nuovi Mercati",
        "kind": "instrument",
        "terms": '{"max_amount": "€ 20.000"}',
        "valid_until": 20270630,
    }
    rows = [
        "Possono partecipare le imprese iscritte al Registro delle imprese della Camera.",
        "I progetti si concludono entro il 31 dicembre 2028, con la rendicontazione.",
        "Le domande si presentano dal 1° marzo 2027 alle ore 12:00 del 30 giugno 2027.",
    ]
    passage = Passage("b1", "\n".join(rows), call, score=1.0, dense=0.5, lexical=1.0)
    units = [
        Unit("b1", i, row, sim)
        for i, (row, sim) in enumerate(zip(rows, (0.45, 0.4, 0.0), strict=True))
    ]
    index = LexicalIndex.build([("b1", " ".join(rows)), ("b2", "Voucher per l'export digitale.")])
    chosen = select_sentences(
        "bando nuovi mercati scadenza?",
        [passage],
        {"bando-mercati.md": units},
        index,
        language="it",
    )
    assert rows[2] in [text for text, _ in chosen]


def test_each_kind_of_fact_a_question_of_two_parts_asks_for_is_answered() -> None:
    webinar = {"doc_id": "webinar.md", "title": "Webinar medical devices", "language": "en"}
    rows = [
        "The webinar presents the rules for medical devices outside the EU.",
        "DATE AND TIME Wednesday 22 April 2026, from 10:00 to 12:30, online.",
        "Speakers come from three notified bodies and two importers.",
        "PARTICIPATION FEE EUR 90 + VAT per participant.",
    ]
    passage = Passage("w1", "\n".join(rows), webinar, score=1.0, dense=0.5, lexical=1.0)
    units = [
        Unit("w1", i, row, sim)
        for i, (row, sim) in enumerate(zip(rows, (0.3, 0.6, 0.2, 0.15), strict=True))
    ]
    index = LexicalIndex.build([("w1", " ".join(rows)), ("w2", "Trade fair voucher rules.")])
    chosen = [
        text
        for text, _ in select_sentences(
            "medical devices webinar: when is it and what is the fee?",
            [passage],
            {"webinar.md": units},
            index,
            language="en",
            max_words=30,
        )
    ]
    assert rows[1] in chosen
    assert rows[3] in chosen


def test_a_date_or_a_figure_is_found_whole_in_a_sentence() -> None:
    forms = written_dates(dt.date(2027, 3, 1))
    assert _states("Le domande si chiudono il 1 marzo 2027.", forms)
    assert not _states("Le domande si chiudono il 31 marzo 2027.", forms)
    assert not _states("Il contributo copre il 15% delle spese.", ("5%",))

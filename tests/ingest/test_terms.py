"""An instrument's terms read from its sentences by meaning (the real embedder)."""

from __future__ import annotations

import pytest

from ingest.terms import AMOUNT, PERCENT, TermsReader, amount_value
from knowledge.embedders import KnowledgeEmbeddings


@pytest.fixture(scope="module")
def reader(embedder: KnowledgeEmbeddings) -> TermsReader:
    return TermsReader(embedder)


def read(reader: TermsReader, units: list[str]) -> dict[str, str]:
    return reader.read(units, reader.embedder.embed_array(units))


def test_italian_grant_maximum_and_share(reader: TermsReader) -> None:
    terms = read(
        reader,
        [
            "La dotazione complessiva del bando è di 3 milioni di euro.",
            "Possono partecipare le imprese con un fatturato fino a 20 milioni di euro.",
            "Il contributo copre il 50% delle spese ammissibili.",
            "Il contributo massimo è di 12.000 euro per impresa; il minimo di spesa 2.000 euro.",
        ],
    )
    # The words that close the rate's clause stay with it: the rate as the call writes it.
    assert terms == {"max_amount": "12.000 euro", "rate": "50% delle spese ammissibili"}


def test_english_loan_reads_the_interest_rate_not_the_share_of_the_project(
    reader: TermsReader,
) -> None:
    terms = read(
        reader,
        [
            "The loan covers up to 85% of the project costs.",
            "The interest rate is fixed at 0.90% per year for the whole term.",
            "Maximum loan: EUR 450,000 per company; minimum loan EUR 25,000.",
        ],
    )
    assert terms == {"max_amount": "EUR 450,000", "rate": "0.90%"}


def test_a_rate_keeps_the_words_that_qualify_it(reader: TermsReader) -> None:
    terms = read(
        reader,
        [
            "Tasso di interesse: 0,55% annuo fisso; durata massima 6 anni.",
            "Importo massimo del finanziamento: 2.500.000 euro.",
        ],
    )
    assert terms == {"max_amount": "2.500.000 euro", "rate": "0,55% annuo fisso"}


def test_a_text_without_figures_states_no_terms(reader: TermsReader) -> None:
    assert read(reader, ["Lo sportello aiuta le imprese a trovare partner."]) == {}


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("€ 1,500,000", 1_500_000),
        ("12.000 euro", 12_000),
        ("5 milioni di euro", 5_000_000),
        ("EUR 2.5 million", 2_500_000),
        ("1.250,50 euro", 1250.5),
        ("€ 50k", 50_000),
        ("€ 1.500.000 2 anni", 1_500_000),
    ],
)
def test_amounts_are_read_in_either_notation(written: str, value: float) -> None:
    assert amount_value(written) == value


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("Per il 2025, 200.000 euro di contributi.", ["200.000 euro"]),
        ("Art. 3, 25.000 euro per impresa.", ["25.000 euro"]),
        ("nel 2024 € 3.000 a impresa", ["€ 3.000"]),
        ("da € 50.000 5.000 imprese", ["€ 50.000"]),
    ],
)
def test_amounts_are_not_glued_to_years_or_article_numbers(text: str, amounts: list[str]) -> None:
    assert [m.group(0) for m in AMOUNT.finditer(text)] == amounts


def test_a_percentage_is_not_read_inside_a_larger_number() -> None:
    assert [m.group(0) for m in PERCENT.finditer("1000% e 0,50%")] == ["0,50%"]

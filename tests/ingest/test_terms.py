"""An instrument's terms read from its sentences by meaning (the real embedder)."""

from __future__ import annotations

import pytest

from ingest.chunking import chunk_blocks
from ingest.loaders import load_bytes
from ingest.terms import (
    AMOUNT,
    PERCENT,
    TermsReader,
    amount_value,
    figures,
    read_document_terms,
)
from knowledge.documents import DocumentKind
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
    assert terms == {"max_amount": "EUR 450,000", "rate": "0.90% per year"}


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


def read_document(reader: TermsReader, text: str, name: str = "call.md") -> dict[str, str]:
    """The terms read from a whole instrument document, as `sportello ingest` reads them."""
    doc = load_bytes(text.encode("utf-8"), name=name, max_bytes=5_000_000)
    doc.meta.kind = DocumentKind.INSTRUMENT
    read_document_terms(doc, chunk_blocks(doc.blocks, doc_id=name, doc_hash=""), reader)
    got = doc.meta.terms.model_dump(exclude_none=True) if doc.meta.terms else {}
    return {k: got[k] for k in ("max_amount", "rate") if k in got}


class TestLabelsSayWhatAFigureIs:
    def test_a_two_column_table_names_each_value_by_its_first_cell(
        self, reader: TermsReader
    ) -> None:
        terms = read_document(
            reader,
            "# Finanziamento Nuovi Mercati\n\n"
            "Il finanziamento sostiene i programmi commerciali in paesi extra UE.\n\n"
            "| Voce | Condizione |\n| --- | --- |\n"
            "| Importo | da 50.000 a 600.000 euro |\n"
            "| Copertura | fino al 100% delle spese del programma |\n"
            "| Tasso | 0,40% annuo fisso |\n"
            "| Garanzie | esenzione per importi fino a 100.000 euro |\n\n"
            "Una quota del 10% del finanziamento può essere concessa a fondo perduto.\n",
        )
        # The upper end of the amount's range; the price of the loan, not what it covers.
        assert terms == {"max_amount": "600.000 euro", "rate": "0,40% annuo fisso"}

    def test_a_column_of_values_by_firm_size_gives_the_largest_amount(
        self, reader: TermsReader
    ) -> None:
        terms = read_document(
            reader,
            "# Temporary Export Manager Voucher\n\n"
            "| Voucher | Minimum contract | Voucher value |\n| --- | --- | --- |\n"
            "| Basic | EUR 12,000 | EUR 8,000 |\n"
            "| Advanced | EUR 25,000 | EUR 15,000 |\n\n"
            "The voucher may not exceed 70% of the fees actually paid to the manager.\n",
            name="tem.md",
        )
        # The minimum contract (a larger figure) is a condition, not what a firm gets.
        assert terms == {"max_amount": "EUR 15,000", "rate": "70%"}

    def test_the_innermost_label_names_the_figure(self, reader: TermsReader) -> None:
        terms = read_document(
            reader,
            "# Export Growth Grant\n\nThe Chamber supports small exporters.\n\n"
            "## What you get\n\n"
            "- Grant share: 60% of eligible costs (70% for start-ups)\n"
            "- Maximum grant: EUR 30,000 per company\n"
            "- Minimum project size: EUR 10,000\n\n"
            "Companies interested in the grant must have an export share of at least 15% of "
            "turnover. The total allocation is EUR 4 million. An advance of 30% can be paid "
            "on request.\n",
            name="grant.md",
        )
        # Not the threshold to apply ("at least 15%"), the advance, nor the start-ups' increase.
        assert terms == {"max_amount": "EUR 30,000", "rate": "60%"}

    def test_a_rate_by_firm_size_is_the_one_most_firms_get(self, reader: TermsReader) -> None:
        terms = read_document(
            reader,
            "# Export Guarantee\n\n"
            "- Guarantee coverage: up to 70% of the loan\n"
            "- Maximum guaranteed amount: EUR 1,000,000 per company\n\n"
            "| Company size | Annual fee on the guaranteed amount |\n| --- | --- |\n"
            "| Micro | 0.10% |\n| Small | 0.30% |\n| Medium | 0.30% |\n| Mid-cap | 0.50% |\n",
            name="guarantee.md",
        )
        assert terms == {"max_amount": "EUR 1,000,000", "rate": "0.30%"}


class TestWordsSayWhatAFigureIsNot:
    def test_a_loan_range_and_its_base_rate(self, reader: TermsReader) -> None:
        terms = read_document(
            reader,
            "# Market Expansion Loan\n\n"
            "The loan finances up to 80% of an international expansion plan. Loans range from "
            "EUR 25,000 to EUR 400,000 and run for up to 5 years.\n\n"
            "Interest is charged at a fixed rate of 0.75% per year. Companies with a certified "
            "sustainability rating pay a reduced rate of 0.50%.\n\n"
            "For loans above EUR 150,000 a guarantee covering 50% of the amount is required.\n",
            name="loan.md",
        )
        assert terms == {"max_amount": "EUR 400,000", "rate": "0.75% per year"}

    def test_a_grant_share_is_the_base_one_not_its_increase(self, reader: TermsReader) -> None:
        terms = read_document(
            reader,
            "# Contributo per la certificazione estera\n\n"
            "Il contributo è pari al 40% dei costi di certificazione e non può superare "
            "6.000 euro. Per le imprese giovanili la percentuale sale al 50%. Le imprese devono "
            "cofinanziare almeno il 60% della spesa con risorse proprie.\n\n"
            "Risorse disponibili: 900.000 euro.\n",
            name="certificazioni.md",
        )
        assert terms == {"max_amount": "6.000 euro", "rate": "40%"}


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("no more than", "max"),
        ("spesa non superiore a", "max"),
        ("progetti di valore superiore a", "min"),
        ("at least", "min"),
    ],
)
def test_the_longest_cue_before_a_figure_says_what_it_is(text: str, cue: str) -> None:
    (figure,) = figures([f"Condition: {text} 20.000 euro per firm."], AMOUNT)
    assert cue in figure.cues


class TestTermsStatedInFrontMatter:
    def test_terms_at_the_top_level_are_stated_terms(self) -> None:
        doc = load_bytes(
            b"---\ntitolo: Contributo Showroom Estero\nimporto_massimo: 40.000 euro\n"
            b"tasso: 45%\nbeneficiari: PMI lombarde\nscadenza: 30/06/2027\n---\n"
            b"# Contributo Showroom Estero\n\nPer aprire uno showroom fuori dall'UE.\n",
            name="showroom.md",
            max_bytes=5_000_000,
        )
        assert doc.meta.terms is not None
        assert doc.meta.terms.model_dump(exclude_none=True) == {
            "max_amount": "40.000 euro",
            "rate": "45%",
            "eligible_firms": "PMI lombarde",
        }
        # Stated terms make an instrument; `scadenza` at the top level stays its closing date.
        assert doc.meta.kind == DocumentKind.INSTRUMENT
        assert str(doc.meta.valid_until) == "2027-06-30"
        assert not any(x.startswith("terms") for x in doc.meta.inferred)

    def test_a_terms_mapping_wins_over_the_same_term_at_the_top_level(self) -> None:
        doc = load_bytes(
            b"---\nkind: instrument\nmax_amount: EUR 10,000\nrate: 30%\n"
            b"terms:\n  max_amount: EUR 12,000\n---\n# Fair Grant\n\nA grant for fairs.\n",
            name="fair.md",
            max_bytes=5_000_000,
        )
        assert doc.meta.terms is not None
        assert (doc.meta.terms.max_amount, doc.meta.terms.rate) == ("EUR 12,000", "30%")

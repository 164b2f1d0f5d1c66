"""An instrument's terms read from its sentences by meaning (the real embedder)."""

from __future__ import annotations

import pytest

from ingest.chunking import chunk_blocks
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
from tests.ingest.documents_factory import load


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


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("un contributo pari al 40 per cento delle spese", "40 per cento"),
        ("nella misura del 35 percento", "35 percento"),
        ("a grant of 45 per cent of the costs", "45 per cent"),
        ("0,75 % annuo", "0,75 %"),
    ],
)
def test_percentages_as_formal_texts_write_them(text: str, found: str) -> None:
    assert [m.group(0) for m in PERCENT.finditer(text)] == [found]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("centomila euro", 100_000),
        ("duecentocinquantamila euro", 250_000),
        ("due milioni di euro", 2_000_000),
        ("un milione e duecentomila euro", 1_200_000),
        ("one hundred and fifty thousand euro", 150_000),
        ("twenty-five thousand EUR", 25_000),
        ("forty thousand euros", 40_000),
    ],
)
def test_a_sum_written_in_words_is_an_amount(written: str, value: float) -> None:
    assert [m.group(0) for m in AMOUNT.finditer(f"Contributo: {written} per impresa")] == [written]
    assert amount_value(written) == value


def test_english_writes_euros_in_the_plural() -> None:
    text = "Grants of 15,000 euros each, or euros 40,000 for consortia."
    assert [m.group(0) for m in AMOUNT.finditer(text)] == ["15,000 euros", "euros 40,000"]


def test_number_words_without_a_hundred_or_more_are_no_sum() -> None:
    # "un euro", a number word that is part of another word, a number with no currency.
    text = "Costa un euro; le imprese centomila; seicento imprese; dieci euro"
    assert [m.group(0) for m in AMOUNT.finditer(text)] == []


def test_a_maximum_written_in_words_is_read(reader: TermsReader) -> None:
    terms = read_document(
        reader,
        "# Contributo E-commerce\n\n| Elemento | Condizione |\n| --- | --- |\n"
        "| Percentuale di contributo | 30% |\n"
        "| Contributo massimo | centomila euro per impresa |\n"
        "| Progetto minimo | € 60.000 |\n| Dotazione complessiva | € 4 milioni |\n",
        name="ecommerce.md",
    )
    assert terms == {"max_amount": "centomila euro", "rate": "30%"}


def test_a_sum_in_thousands_without_its_currency_is_an_amount() -> None:
    text = "Tetto per impresa: 40k, 4 fiere, 2027, 1.5k, 12kg"
    assert [m.group(0) for m in AMOUNT.finditer(text)] == ["40k", "1.5k"]


def test_an_amount_with_narrow_spaces_between_thousands() -> None:
    assert amount_value("€ 1\u202f500\u202f000") == 1_500_000


def test_a_percentage_is_not_read_inside_a_larger_number() -> None:
    assert [m.group(0) for m in PERCENT.finditer("1000% e 0,50%")] == ["0,50%"]


def read_document(reader: TermsReader, text: str, name: str = "call.md") -> dict[str, str]:
    """The terms read from a whole instrument document, as `sportello ingest` reads them."""
    doc = load(text, name=name)
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


class TestSectionsSayWhatAFigureIs:
    def test_a_rate_under_an_interest_heading_is_the_price_not_a_guarantee_share(
        self, reader: TermsReader
    ) -> None:
        # "Interest" is short: the chunker folds it into the section before it as a line.
        terms = read_document(
            reader,
            "# Showroom Abroad Loan\n\n## Amount\n\nLoans go from EUR 40,000 to EUR 250,000 "
            "for a showroom outside the EU.\n\n## Interest\n\nThe loan carries 0.70% fixed "
            "per year.\n\n## Security\n\nAbove EUR 120,000 the bank asks for a guarantee "
            "covering 40% of the loan.\n",
            name="showroom.md",
        )
        assert terms == {"max_amount": "EUR 250,000", "rate": "0.70% fixed per year"}

    def test_figures_under_a_budget_heading_are_not_what_a_firm_gets(
        self, reader: TermsReader
    ) -> None:
        terms = read_document(
            reader,
            "# Bando Degustazioni all'Estero\n\n## Risorse\n\nLa Camera mette a disposizione "
            "900.000 euro.\n\n## Contributo\n\nLa Camera riconosce 7.500 euro a impresa per "
            "ogni evento, pari al 35% delle spese.\n",
            name="degustazioni.md",
        )
        assert terms == {"max_amount": "7.500 euro", "rate": "35% delle spese"}


class TestWhatAFirmGetsInAll:
    def test_a_firms_total_that_may_not_exceed_a_figure_is_its_maximum(
        self, reader: TermsReader
    ) -> None:
        terms = read_document(
            reader,
            "# Voucher Missioni Commerciali\n\n| Missione | Contributo massimo per missione |\n"
            "| --- | --- |\n| Europa | 4.000 euro |\n| Extra UE | 7.000 euro |\n\n"
            "Il contributo complessivo per impresa non può superare 18.000 euro. La dotazione "
            "complessiva è di 2 milioni di euro. Il voucher copre il 50% delle spese.\n",
            name="missioni.md",
        )
        assert terms == {"max_amount": "18.000 euro", "rate": "50% delle spese"}

    def test_a_turnover_up_to_a_figure_per_firm_is_still_a_condition(
        self, reader: TermsReader
    ) -> None:
        terms = read_document(
            reader,
            "# Contributo E-commerce Estero\n\nPossono partecipare le imprese con un fatturato "
            "complessivo fino a 10 milioni di euro per impresa. Il contributo copre il 40% "
            "delle spese, fino a 6.000 euro.\n",
            name="ecommerce.md",
        )
        assert terms == {"max_amount": "6.000 euro", "rate": "40% delle spese"}


def test_a_web_page_states_terms_in_a_definition_list(reader: TermsReader) -> None:
    terms = read_document(
        reader,
        "<html><body><h1>Prestito Export Tessile</h1><p>Per le imprese tessili.</p><dl>"
        "<dt>Importo massimo</dt><dd>350.000 euro</dd><dt>Tasso</dt><dd>0,80% annuo</dd>"
        "<dt>Durata</dt><dd>5 anni</dd></dl><p>La dotazione è di 10 milioni di euro.</p>"
        "</body></html>",
        name="prestito.html",
    )
    assert terms == {"max_amount": "350.000 euro", "rate": "0,80% annuo"}


class TestFieldsTypedOneUnderTheOther:
    """Staff type a call's fields a line each, with no blank line between them: each line is
    read with its own label, not as one sentence whose first label names every figure."""

    def test_label_lines_of_a_markdown_paragraph(self, reader: TermsReader) -> None:
        terms = read_document(
            reader,
            "# Voucher Consulenza Estero\n\nUn voucher per le PMI lombarde.\n\n"
            "Dotazione complessiva: € 2.400.000\n"
            "Intensità del contributo: 60% delle spese ammissibili\n"
            "Importo massimo del voucher: € 18.000 per impresa\n"
            "Investimento minimo: € 10.000\n"
            'Regime di aiuto: "de minimis", nel limite di € 300.000 in tre esercizi\n',
            name="voucher-consulenza.md",
        )
        assert terms == {"max_amount": "€ 18.000", "rate": "60% delle spese ammissibili"}

    def test_list_items_of_a_plain_text_note(self, reader: TermsReader) -> None:
        terms = read_document(
            reader,
            "FOREIGN FAIRS TAX CREDIT\n\nA tax credit for Lombard companies.\n\n"
            "HOW MUCH\n"
            "- credit = 35% of eligible costs\n"
            "- cap: EUR 250k per company per tax year\n"
            "- minimum eligible spend: EUR 20k\n"
            "- overall budget for the round: EUR 60 million\n\n"
            "The certification cost is itself eligible up to EUR 5,000.\n",
            name="tax-credit.txt",
        )
        assert terms["max_amount"] == "EUR 250k"


class TestWhatTheInstrumentDoesNotGive:
    def test_a_cost_the_voucher_does_not_cover_is_not_its_rate(self, reader: TermsReader) -> None:
        terms = read(
            reader,
            [
                "The voucher reimburses 70% of the annual subscription to a B2B marketplace.",
                "Platform commissions, usually between 3% and 8% of the order, are not covered.",
                "Maximum voucher: EUR 5,000 per company.",
            ],
        )
        assert terms["rate"].startswith("70%")

    def test_a_share_raised_for_some_firms_is_not_the_base_one(self, reader: TermsReader) -> None:
        terms = read(
            reader,
            [
                "La percentuale è elevata al 40% per le imprese alla prima fiera.",
                "Il credito d'imposta è pari al 30% delle spese ammissibili.",
            ],
        )
        assert terms["rate"].startswith("30%")

    def test_a_discount_and_a_tax_on_the_premium_are_not_the_premium(
        self, reader: TermsReader
    ) -> None:
        terms = read(
            reader,
            [
                "Il premio è calcolato in percentuale sul fatturato assicurato e varia dallo "
                "0,15% allo 0,60% del fatturato assicurato.",
                "In assenza di sinistri è riconosciuto uno sconto del 10% sul premio di rinnovo.",
                "Sul premio si applica l'imposta sulle assicurazioni di legge (12,5%).",
                "Voce: Premio; Condizione: dallo 0,15% allo 0,60% del fatturato assicurato",
            ],
        )
        assert terms["rate"] == "dallo 0,15% allo 0,60% del fatturato assicurato"

    def test_a_row_of_a_table_of_three_columns_is_named_by_its_first_cell(
        self, reader: TermsReader
    ) -> None:
        terms = read(
            reader,
            [
                "Term: Guarantee cover; Standard: 50% of the loan; Innovative: 70% of the loan",
                "Term: Guarantee fee; Standard: 0.75% of the guaranteed amount; "
                "Innovative: 0.75% of the guaranteed amount",
                "Term: Largest guaranteed amount; Standard: EUR 600,000; Innovative: EUR 600,000",
            ],
        )
        assert terms["rate"].startswith("0.75%")


class TestWhatTheInstrumentStillGives:
    def test_an_exclusion_parted_from_the_figure_by_a_contrast_leaves_it(
        self, reader: TermsReader
    ) -> None:
        terms = read(
            reader,
            [
                "Il contributo copre il 50% delle spese, ma l'IVA non è ammissibile.",
                "Importo massimo: € 50.000 (le spese di viaggio non sono ammissibili).",
            ],
        )
        assert terms == {"max_amount": "€ 50.000", "rate": "50% delle spese"}

    def test_a_tax_credit_rate_is_no_tax(self, reader: TermsReader) -> None:
        terms = read(
            reader,
            ["Il credito d'imposta sulle spese di consulenza è pari al 45% delle spese."],
        )
        assert terms["rate"].startswith("45%")


class TestWhatARateIs:
    def test_the_cost_of_a_guarantee_is_its_rate_not_its_coverage(
        self, reader: TermsReader
    ) -> None:
        terms = read_document(
            reader,
            "# Garanzia Commesse Estere\n\nLa garanzia copre il 70% dell'anticipo contrattuale, "
            "fino a 500.000 euro per impresa.\n\nCosto della garanzia: 0,60% sull'importo "
            "garantito.\n",
            name="commesse.md",
        )
        assert terms == {"max_amount": "500.000 euro", "rate": "0,60% sull'importo garantito"}

    def test_a_percentage_paid_by_the_year_is_a_price(self, reader: TermsReader) -> None:
        terms = read_document(
            reader,
            "# Bid Bond Facility\n\nThe Fund backs 60% of each bid bond, up to EUR 800,000 "
            "per company, and charges 0.40% a year on the amount backed.\n",
            name="bidbond.md",
        )
        assert terms == {"max_amount": "EUR 800,000", "rate": "0.40% a year"}

    @pytest.mark.parametrize(
        "span", ["dal 30% al 50%", "tra il 30% e il 50%", "from 30% to 50%", "30%-50%"]
    )
    def test_a_range_of_shares_is_the_rate_as_written(
        self, reader: TermsReader, span: str
    ) -> None:
        terms = read(reader, [f"Il contributo copre {span} delle spese, fino a 8.000 euro."])
        assert terms["rate"] == f"{span} delle spese"


def test_a_range_of_premiums_is_named_by_the_words_before_it(reader: TermsReader) -> None:
    units = [
        "La polizza copre il 90% dei crediti insoluti, fino a 1.500.000 euro per impresa; il "
        "premio va dallo 0,30% allo 0,70% del fatturato assicurato."
    ]
    # The premium (a price), whole, not the share of the credit the policy covers.
    assert read(reader, units)["rate"] == "dallo 0,30% allo 0,70% del fatturato assicurato"


class TestARateAsWritten:
    def test_a_one_off_fee_keeps_saying_so(self, reader: TermsReader) -> None:
        terms = read_document(
            reader,
            "# Garanzia Fiere\n\nLa garanzia copre fino al 60% del prestito, per un importo "
            "massimo garantito di 300.000 euro per impresa.\n\nCommissione: 0,90% una tantum "
            "sull'importo garantito, pagata alla firma.\n",
            name="garanzia.md",
        )
        assert terms == {"max_amount": "300.000 euro", "rate": "0,90% una tantum"}

    def test_a_rate_stated_as_a_floor_keeps_its_floor(self, reader: TermsReader) -> None:
        terms = read_document(
            reader,
            "# Credit Insurance for Exporters\n\nInsured turnover: up to EUR 2,000,000 per "
            "company.\n\nPremium: starting at 0.22% of the insured turnover.\n",
            name="insurance.md",
        )
        assert terms["rate"].startswith("starting at 0.22%")


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("no more than", "max"),
        ("spesa non superiore a", "max"),
        ("progetti di valore superiore a", "min"),
        ("at least", "min"),
        # A negation earlier in the clause: what no firm may get more than is a maximum.
        ("no company may receive more than", "max"),
        ("nessuna impresa può ricevere più di", "max"),
    ],
)
def test_the_longest_cue_before_a_figure_says_what_it_is(text: str, cue: str) -> None:
    (figure,) = figures([f"Condition: {text} 20.000 euro per firm."], AMOUNT)
    assert cue in figure.cues


class TestTermsStatedInFrontMatter:
    def test_terms_at_the_top_level_are_stated_terms(self) -> None:
        doc = load(
            b"---\ntitolo: Contributo Showroom Estero\nimporto_massimo: 40.000 euro\n"
            b"tasso: 45%\nbeneficiari: PMI lombarde\nscadenza: 30/06/2027\n---\n"
            b"# Contributo Showroom Estero\n\nPer aprire uno showroom fuori dall'UE.\n",
            name="showroom.md",
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
        doc = load(
            b"---\nkind: instrument\nmax_amount: EUR 10,000\nrate: 30%\n"
            b"terms:\n  max_amount: EUR 12,000\n---\n# Fair Grant\n\nA grant for fairs.\n",
            name="fair.md",
        )
        assert doc.meta.terms is not None
        assert (doc.meta.terms.max_amount, doc.meta.terms.rate) == ("EUR 12,000", "30%")


class TestWhoMayApply:
    def test_the_section_on_who_may_apply_gives_the_eligible_firms(
        self, reader: TermsReader
    ) -> None:
        doc = load(
            "# Voucher Cataloghi Multilingue\n\n"
            "## Obiettivo\n\nIl voucher sostiene la traduzione dei cataloghi per i mercati "
            "esteri.\n\n"
            "## Chi può partecipare\n\n"
            "Le piccole imprese manifatturiere con sede in provincia di Lecco e almeno due "
            "dipendenti.\n\n"
            "## Entità del voucher\n\nIl voucher copre il 50% della spesa, fino a 3.000 "
            "euro.\n".encode(),
            name="cataloghi.md",
        )
        doc.meta.kind = DocumentKind.INSTRUMENT
        read_document_terms(doc, chunk_blocks(doc.blocks, doc_id="c", doc_hash=""), reader)
        assert doc.meta.terms is not None
        assert doc.meta.terms.eligible_firms == (
            "Le piccole imprese manifatturiere con sede in provincia di Lecco e almeno due "
            "dipendenti."
        )
        assert "terms.eligible_firms" in doc.meta.inferred

    def test_a_beneficiaries_line_gives_the_eligible_firms(self, reader: TermsReader) -> None:
        doc = load(
            b"Export Packaging Voucher\n\nBeneficiaries: packaging makers with fewer than 50 "
            b"employees and a plant in Lombardy.\nThe voucher covers 50% of the design costs, up "
            b"to EUR 4,000.\nEmail: packaging@chamber.example - phone 02 555 0101 for any "
            b"question.\n",
            name="packaging.txt",
        )
        doc.meta.kind = DocumentKind.INSTRUMENT
        read_document_terms(doc, chunk_blocks(doc.blocks, doc_id="p", doc_hash=""), reader)
        assert doc.meta.terms is not None
        # The line's value, not the contact line after it.
        assert doc.meta.terms.eligible_firms == (
            "packaging makers with fewer than 50 employees and a plant in Lombardy."
        )

    def test_a_call_without_such_a_section_states_no_eligible_firms(
        self, reader: TermsReader
    ) -> None:
        doc = load(
            b"# Export Webinar Grant\n\n## Purpose\n\nThe grant pays for webinars aimed at "
            b"foreign buyers.\n\n## How much\n\nThe grant covers 40% of the cost, up to "
            b"EUR 2,000.\n\n## How to apply\n\nApply online on the Chamber's portal.\n",
            name="webinar.md",
        )
        doc.meta.kind = DocumentKind.INSTRUMENT
        read_document_terms(doc, chunk_blocks(doc.blocks, doc_id="w", doc_hash=""), reader)
        assert doc.meta.terms is not None
        assert doc.meta.terms.eligible_firms is None


class TestAFirmsOwnCap:
    def test_caps_per_fair_yield_to_what_a_firm_may_get_in_all(self, reader: TermsReader) -> None:
        terms = read_document(
            reader,
            "# Trade Fair Grant\n\nThe grant covers 50% of eligible costs for each fair.\n\n"
            "| Company size | Maximum grant per fair |\n| --- | --- |\n"
            "| Micro | EUR 6,000 |\n| Medium | EUR 12,000 |\n\n"
            "Regardless of size, no company may receive more than EUR 30,000 in total under "
            "this call. The total budget of the call is EUR 800,000.\n",
            name="fairs.md",
        )
        assert terms == {"max_amount": "EUR 30,000", "rate": "50%"}

    def test_a_firms_cap_for_the_whole_call_is_counted_by_nothing(
        self, reader: TermsReader
    ) -> None:
        # "per l'intera durata": for the whole call, not per a part of it.
        terms = read_document(
            reader,
            "# Bando Missioni Commerciali\n\nContributo del 40% delle spese.\n\n"
            "| Destinazione | Contributo massimo per missione |\n| --- | --- |\n"
            "| Europa | € 2.000 |\n| Extra UE | € 4.000 |\n\n"
            "Il contributo complessivo per impresa non può superare € 9.000 per l'intera "
            "durata del bando.\n",
            name="missioni.md",
        )
        assert terms["max_amount"] == "€ 9.000"

    @pytest.mark.parametrize(
        ("text", "cap"),
        [
            (
                "Il fido complessivo può arrivare fino a 3 milioni di euro per assicurato; "
                "il fido su ciascun cliente estero è deciso caso per caso.",
                "3 milioni di euro",
            ),
            (
                "The overall credit limit per policyholder is EUR 2.5 million at most. The "
                "limit on any one foreign buyer cannot exceed EUR 350,000.",
                "EUR 2.5 million",
            ),
        ],
    )
    def test_a_policys_cap_per_insured_is_the_firms(
        self, reader: TermsReader, text: str, cap: str
    ) -> None:
        terms = read_document(
            reader, f"# Polizza Credito Export\n\n{text}\n\nPremio: 0,30% annuo.\n"
        )
        assert terms["max_amount"] == cap

    def test_an_amount_per_firm_in_its_own_words_wins_over_a_ceiling_on_all_aid(
        self, reader: TermsReader
    ) -> None:
        terms = read_document(
            reader,
            "# Voucher Consulenza Export\n\nIl voucher copre il 60% delle spese, fino a "
            "€ 15.000 per impresa.\n\nL'aiuto rientra nel regime de minimis: il massimale "
            "di aiuti pubblici che un'impresa può ricevere in tre esercizi è di 300.000 "
            "euro.\n",
            name="consulenza.md",
        )
        assert terms["max_amount"] == "€ 15.000"

    def test_a_cap_per_project_is_not_a_firms(self, reader: TermsReader) -> None:
        terms = read_document(
            reader,
            "# Bando Filiere\n\nContributi a fondo perduto fino a € 80.000.\n\n"
            "| Beneficiario | Intensità | Contributo massimo |\n| --- | --- | --- |\n"
            "| Singola impresa | 45% | € 60.000 |\n"
            "| Aggregazione | 45% | € 80.000 per progetto |\n",
            name="filiere.md",
        )
        assert terms == {"max_amount": "€ 60.000", "rate": "45%"}

    def test_what_a_cap_is_counted_by_names_it(self, reader: TermsReader) -> None:
        terms = read_document(
            reader,
            "Tax credit\n\nHOW MUCH\n\n- credit = 35% of eligible costs\n\n"
            "- cap: EUR 250k per company per tax year\n\n- minimum spend: EUR 20k\n\n"
            "TIPS FOR CALLERS\n1. Ask whether the company has an auditor or can appoint one: "
            "the certification cost is itself eligible up to EUR 5,000.\n",
            name="credit.txt",
        )
        assert terms == {"max_amount": "EUR 250k", "rate": "35% of eligible costs"}


class TestChangesOfARate:
    def test_a_signed_increase_is_not_the_rate(self, reader: TermsReader) -> None:
        terms = read_document(
            reader,
            "Garanzia Export\n\nCONDIZIONI\n"
            "Importo massimo garantito per impresa: Euro 800.000,00\n"
            "Commissione di garanzia: 0,60% una tantum sull'importo garantito\n"
            "Maggiorazione della commissione: +0,20% per imprese costituite da meno di tre anni\n",
            name="garanzia.txt",
        )
        assert terms == {"max_amount": "Euro 800.000,00", "rate": "0,60% una tantum"}

    def test_the_words_of_a_rate_may_be_joined_by_a_comma(self, reader: TermsReader) -> None:
        terms = read_document(
            reader,
            "# Overseas Loan\n\n| Feature | Terms |\n| --- | --- |\n"
            "| Loan amount | from EUR 150,000 to EUR 1.2 million |\n"
            "| Interest rate | 0.70% per year, fixed |\n",
            name="loan.md",
        )
        assert terms == {"max_amount": "EUR 1.2 million", "rate": "0.70% per year, fixed"}

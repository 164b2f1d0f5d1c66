"""Metadata as staff write it: Italian or English keys and values, or none, read or inferred."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from ingest.metadata import parse_country, parse_date, read_fields
from ingest.sources import root_for_path
from ingest.sync import Ingestor
from knowledge.embedders import KnowledgeEmbeddings
from knowledge.store import KnowledgeStore
from tests.ingest.documents_factory import load

MB = 5_000_000


class TestStatedFields:
    def test_italian_front_matter_is_understood(self) -> None:
        doc = load(
            b"---\ntitolo: Bando Export Brianza\ntipo: bando\nlingua: italiano\n"
            b"paese: Messico\naggiornato: 31 marzo 2026\nvalido_dal: 01/04/2026\n"
            b"scadenza: 31 marzo 2027\nfonte: https://example.org/bando\n"
            b"tag: fiere, export\n---\n# Bando\n\nUn contributo per le fiere.\n",
            name="bando.md",
        )
        meta = doc.meta
        assert meta.title == "Bando Export Brianza"
        assert meta.kind.value == "instrument"
        assert meta.language == "it"
        assert meta.country == "MX"
        assert meta.updated == dt.date(2026, 3, 31)
        assert meta.valid_from == dt.date(2026, 4, 1)
        assert meta.valid_until == dt.date(2027, 3, 31)
        assert meta.source_url == "https://example.org/bando"
        assert meta.tags == ["fiere", "export"]
        assert "kind" not in meta.inferred
        assert doc.warnings == []

    def test_norway_written_as_its_code_is_norway_not_false(self) -> None:
        # YAML 1.1 reads a bare NO as the boolean false; metadata is read as YAML 1.2.
        doc = load(
            b"---\ntitle: Country guide Norway\nkind: country_guide\ncountry: NO\n---\n"
            b"# Norway\n\nGoods need a customs declaration at the border.\n",
            name="norway.md",
        )
        assert doc.meta.country == "NO"
        assert doc.warnings == []

    @pytest.mark.parametrize(
        ("value", "kind"),
        [
            ("accordo", "accord"),
            ("strumento", "instrument"),
            ("misura", "instrument"),
            ("voucher", "instrument"),
            ("finanziamento", "instrument"),
            ("call for proposals", "instrument"),
            ("guida paese", "country_guide"),
            ("Country guide", "country_guide"),
            ("glossario", "faq"),
            ("glossary", "faq"),
            ("domande frequenti", "faq"),
            ("servizio", "other"),
        ],
    )
    def test_kind_synonyms_in_either_language(self, value: str, kind: str) -> None:
        fields, warnings = read_fields({"tipo": value}, "x.md")
        assert fields["kind"] == kind
        assert warnings == []

    def test_unknown_value_becomes_other_with_a_warning_and_costs_nothing(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.WARNING):
            doc = load(
                b"---\nkind: pippo\npaese: Atlantide\nscadenza: prima o poi\n---\n# T\n\nTesto.\n",
                name="strano.md",
            )
        assert doc.meta.kind.value == "other"
        assert doc.meta.country is None
        assert doc.meta.valid_until is None
        joined = " ".join(doc.warnings)
        assert "strano.md: kind 'pippo' not understood" in joined
        assert "country 'Atlantide'" in joined
        assert "valid_until 'prima o poi'" in joined
        assert "strano.md" in caplog.text

    @pytest.mark.parametrize(
        ("text", "date"),
        [
            ("2027-03-31", dt.date(2027, 3, 31)),
            ("31/03/2027", dt.date(2027, 3, 31)),
            ("31 marzo 2027", dt.date(2027, 3, 31)),
            ("30 May 2026", dt.date(2026, 5, 30)),
        ],
    )
    def test_dates_in_the_forms_editors_write(self, text: str, date: dt.date) -> None:
        assert parse_date(text) == date

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("Messico", "MX"),
            ("Mexico", "MX"),
            ("MX", "MX"),
            ("mex", "MX"),
            ("Corea del Sud", "KR"),
        ],
    )
    def test_countries_by_name_in_either_language_or_code(self, text: str, code: str) -> None:
        assert parse_country(text) == code


class TestInferredFields:
    def test_country_guide_without_front_matter_knows_its_country(self) -> None:
        doc = load(
            b"Guida al mercato del Vietnam\n\nIl Vietnam cresce del 6% l'anno. "
            b"Le imprese italiane esportano in Vietnam macchinari.\n\n"
            b"Per entrare in Vietnam serve un distributore locale.\n",
            name="mercato-vn.txt",
        )
        assert doc.meta.country == "VN"
        assert doc.meta.kind.value == "country_guide"
        assert {"country", "kind", "language"} <= set(doc.meta.inferred)

    def test_call_without_front_matter_gets_kind_and_validity_from_its_text(self) -> None:
        doc = load(
            b"Bando Voucher Export Digitale\n\nContributo a fondo perduto del 50%, fino a "
            b"10.000 euro per impresa. Le domande si presentano dal 1 marzo 2026 al "
            b"31 marzo 2027 sul portale regionale.\n",
            name="voucher.txt",
        )
        assert doc.meta.kind.value == "instrument"
        assert doc.meta.valid_from == dt.date(2026, 3, 1)
        assert doc.meta.valid_until == dt.date(2027, 3, 31)
        assert {"kind", "valid_from", "valid_until"} <= set(doc.meta.inferred)

    def test_english_closing_date_is_read(self) -> None:
        doc = load(
            b"# Export Credit Grant\n\nA grant of up to EUR 25,000 for small firms. "
            b"Applications close on 30 May 2026.\n",
            name="grant.md",
        )
        assert doc.meta.kind.value == "instrument"
        assert doc.meta.valid_until == dt.date(2026, 5, 30)

    def test_a_window_with_an_ordinal_day_is_read(self) -> None:
        doc = load(
            "Finanziamento Investimenti Esteri\n\nImporto massimo: 500.000 euro. Le domande "
            "si presentano dal 1° febbraio 2026 al 31 dicembre 2026.\n".encode(),
            name="fie.txt",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2026, 2, 1),
            dt.date(2026, 12, 31),
        )

    def test_opening_and_closing_of_applications_as_labels(self) -> None:
        doc = load(
            b"Voucher Design Export\n\nContributo fino a 6.000 euro per impresa.\n"
            b"Apertura domande: 12 gennaio 2027\nChiusura domande: 30 settembre 2027\n",
            name="design.txt",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2027, 1, 12),
            dt.date(2027, 9, 30),
        )

    def test_a_facility_available_from_a_date_opens_then(self) -> None:
        doc = load(
            b"# Guarantee Facility\n\nGuarantees of up to EUR 500,000 per company. The facility "
            b"is available from 1st March 2026. Requests can be submitted until 30 November "
            b"2026.\n",
            name="facility.md",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2026, 3, 1),
            dt.date(2026, 11, 30),
        )

    def test_a_text_stating_a_maximum_a_share_and_a_closing_date_is_an_instrument(
        self,
    ) -> None:
        # Its title names no call, loan or grant: what its text states makes it one.
        doc = load(
            b"# Programma Stand Collettivi Oltreoceano\n\nLa Camera rimborsa il 60% del costo "
            b"dello stand, fino a 9.000 euro per azienda. Le domande si inviano entro il "
            b"15 settembre 2027 tramite il modulo online.\n",
            name="stand-collettivi.md",
        )
        assert doc.meta.kind.value == "instrument"
        assert doc.meta.valid_until == dt.date(2027, 9, 15)

    def test_a_course_with_a_fee_a_discount_and_a_deadline_is_no_instrument(self) -> None:
        doc = load(
            b"# Corso di Tecniche del Commercio Estero\n\nQuota di partecipazione: 900 euro; "
            b"sconto del 20% per gli associati. Iscrizioni entro il 10 ottobre 2027.\n",
            name="corso.md",
        )
        assert doc.meta.kind.value == "other"

    def test_an_event_about_a_country_is_no_guide_to_it(self) -> None:
        doc = load(
            b"# Webinar: esportare cosmetici in Arabia Saudita\n\nIl webinar presenta il mercato "
            b"dell'Arabia Saudita: le regole di etichettatura in Arabia Saudita, i distributori "
            b"in Arabia Saudita e le fiere. Iscrizione gratuita entro il 10 marzo 2027.\n",
            name="webinar-arabia-saudita.md",
        )
        assert doc.meta.kind.value == "other"
        assert doc.meta.country == "SA"

    def test_a_window_written_as_two_list_items(self) -> None:
        doc = load(
            b"BANDO NUOVI MERCATI 2027\n\nContributo a fondo perduto del 40%, fino a 30.000 "
            b"euro per impresa.\n\nLe domande si presentano sul portale:\n"
            b"- dalle ore 10:00 del 3 maggio 2027\n- alle ore 12:00 del 15 luglio 2027\n",
            name="bando-nuovi-mercati.txt",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2027, 5, 3),
            dt.date(2027, 7, 15),
        )

    def test_a_tax_credit_is_an_instrument_by_its_title(self) -> None:
        doc = load(
            b"CREDITO D'IMPOSTA PER CONSULENZE ESTERE\n\nScheda dello sportello.\n\n"
            b"Il credito spetta nel limite di 30 mila euro per impresa.\n",
            name="scheda-ci.txt",
        )
        assert doc.meta.kind.value == "instrument"

    def test_a_stated_closing_date_leaves_the_opening_date_to_the_text(self) -> None:
        doc = load(
            "---\ntipo: bando\nscadenza: 31/10/2027\n---\n# Bando Fiere\n\nContributo fino "
            "a 12.000 euro.\n\n- Domande: dal 15 aprile 2027 fino al 31/10/2027\n",
            name="fiere.md",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2027, 4, 15),
            dt.date(2027, 10, 31),
        )
        assert "valid_from" in doc.meta.inferred
        assert "valid_until" not in doc.meta.inferred

    @pytest.mark.parametrize(
        "window",
        [
            "dal 10 gennaio 2027 e fino al 30 novembre 2027",
            "dalle ore 10:00 del 10 gennaio 2027 entro le ore 16:00 del 30 novembre 2027",
            "a partire dalle ore 10:00 del 10 gennaio 2027 ed entro le ore 12:00 del "
            "30 novembre 2027",
        ],
    )
    def test_a_window_joined_as_formal_calls_join_it(self, window: str) -> None:
        doc = load(
            f"# Bando Mercati\n\nContributo fino a 50.000 euro. Le domande possono essere "
            f"presentate {window}, sulla piattaforma.\n",
            name="mercati.md",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2027, 1, 10),
            dt.date(2027, 11, 30),
        )

    def test_a_window_written_as_a_labelled_range_of_dates(self) -> None:
        doc = load(
            "Tax Credit\n\nA credit of 35% of eligible costs, up to EUR 250,000.\n\n"
            "WHEN\nSubmission window: 2027-06-01 -> 2027-07-31\nThe final statement of "
            "costs must be submitted by 31 March 2028.\n",
            name="credit.txt",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2027, 6, 1),
            dt.date(2027, 7, 31),
        )

    @pytest.mark.parametrize(
        "window",
        [
            "dal 4 febbraio 2027 (ore 9:30) al 19 ottobre 2027 (ore 17:00)",
            "dal 4 febbraio 2027, ore 9:30, al 19 ottobre 2027",
            "from 4 February 2027 (10:00) until 19 October 2027 (12:00)",
        ],
    )
    def test_a_window_whose_first_date_carries_a_time(self, window: str) -> None:
        # A later date for the work itself must not stand in for the closing date.
        doc = load(
            f"# Voucher Etichette Export\n\nVoucher fino a 4.000 euro per impresa.\n\n"
            f"Richieste online {window}.\n\nIl servizio va concluso entro il 31 maggio "
            f"2028.\n",
            name="etichette.md",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2027, 2, 4),
            dt.date(2027, 10, 19),
        )

    @pytest.mark.parametrize(
        "row",
        [
            "| Submission period | 8 March 2027 to 16 November 2027 |",
            "| Periodo per le domande | 8 marzo 2027 al 16 novembre 2027 |",
        ],
    )
    def test_a_window_of_two_dates_joined_by_to_without_from(self, row: str) -> None:
        doc = load(
            f"# Market Entry Loan\n\nLoans of up to EUR 900,000 per company.\n\n"
            f"| Item | Terms |\n| --- | --- |\n| Rate | 0.95% |\n{row}\n",
            name="entry.md",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2027, 3, 8),
            dt.date(2027, 11, 16),
        )

    def test_of_two_periods_the_one_applications_are_named_by_is_the_window(self) -> None:
        # The call is named in the first sentence too, but as what funds the missions' period.
        doc = load(
            "# Bando Missioni Commerciali\n\nIl bando finanzia le missioni che si svolgono "
            "dal 1° aprile 2027 al 31 gennaio 2028, fino a 7.000 euro per impresa.\n\n"
            "Candidature: dal 15 febbraio 2027 al 30 ottobre 2027, sul portale camerale.\n",
            name="missioni.md",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2027, 2, 15),
            dt.date(2027, 10, 30),
        )

    def test_a_table_row_of_dates_is_read_with_its_columns_header(self) -> None:
        doc = load(
            "# Export Packaging Grant\n\nGrants of up to EUR 12,000 per company.\n\n"
            "| Opening | Closing |\n| --- | --- |\n"
            "| 2 March 2027, 9:00 | 14 July 2027, 12:00 |\n\n"
            "Applications are submitted on the online platform.\n",
            name="packaging.md",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2027, 3, 2),
            dt.date(2027, 7, 14),
        )

    def test_a_table_row_with_a_label_of_its_own_keeps_it(self) -> None:
        doc = load(
            "# Export Packaging Grant\n\nGrants of up to EUR 12,000 per company.\n\n"
            "| Step | Date |\n| --- | --- |\n| Applications open | 2 March 2027 |\n"
            "| Applications close | 14 July 2027 |\n| Costs incurred by | 31 March 2028 |\n",
            name="packaging.md",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2027, 3, 2),
            dt.date(2027, 7, 14),
        )

    def test_a_section_heading_says_what_its_dates_are(self) -> None:
        # Only the heading speaks of applications; the lines around the dates do not.
        doc = load(
            "# Prestito Filiali Estere\n\nFinanziamenti fino a 800.000 euro per impresa, al "
            "tasso dello 0,85% annuo.\n\n## Finestra per le candidature\n\n"
            "| Apertura | Chiusura |\n| --- | --- |\n| 05/04/2027 | 29/10/2027 |\n\n"
            "## Beneficiari\n\nPMI lombarde con almeno due bilanci approvati e una "
            "filiale estera avviata o in programma entro dodici mesi.\n",
            name="filiali.md",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2027, 4, 5),
            dt.date(2027, 10, 29),
        )

    def test_two_dates_joined_by_and_alone_are_no_window(self) -> None:
        doc = load(
            "# Export Grant\n\nGrants of up to EUR 30,000 per company. Applications are "
            "accepted in two rounds, by 31 March 2027 and 30 June 2027.\n",
            name="rounds.md",
        )
        assert doc.meta.valid_from is None

    def test_a_period_that_is_not_for_applications_is_no_window(self) -> None:
        doc = load(
            "# Trade Fair Grant\n\nGrants of up to EUR 30,000 per company for fairs held "
            "between 1 January 2027 and 31 March 2028.\n\nApplications may be submitted "
            "from 1 March 2027 through the online platform. Deadline: 30 September 2027 "
            "(23:59).\n",
            name="fairs.md",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2027, 3, 1),
            dt.date(2027, 9, 30),
        )

    @pytest.mark.parametrize(
        ("opening", "closing"),
        [
            ("Opening date: 15 January 2027.", "Closing date: 2027-12-15."),
            (
                "| Opening date | 15 January 2027 |",
                "| Deadline | Applications close at 12:00 noon CET on 15 December 2027 |",
            ),
            (
                "Le domande possono essere presentate dal 15 gennaio 2027 tramite il portale.",
                "Termine ultimo per la presentazione: 15/12/2027.",
            ),
        ],
    )
    def test_opening_and_closing_dates_as_labels_and_table_rows(
        self, opening: str, closing: str
    ) -> None:
        doc = load(
            f"# Overseas Loan\n\nLoans of up to EUR 1.2 million per company.\n\n"
            f"| Item | Details |\n| --- | --- |\n| Rate | 0.70% |\n\n{opening}\n\n{closing}\n\n"
            "Applications are evaluated in order of receipt.\n",
            name="loan.md",
        )
        assert (doc.meta.valid_from, doc.meta.valid_until) == (
            dt.date(2027, 1, 15),
            dt.date(2027, 12, 15),
        )

    def test_stated_fields_win_over_inferred_ones(self) -> None:
        doc = load(
            b"---\npaese: FR\ntipo: guida\n---\n# Guida Germania\n\nTesto sulla Germania.\n",
            name="g.md",
        )
        assert doc.meta.country == "FR"
        assert "country" not in doc.meta.inferred


def test_ingest_reports_metadata_warnings_and_keeps_the_document(
    store: KnowledgeStore, embedder: KnowledgeEmbeddings, tmp_path: Path
) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "accordo.md").write_text(
        "---\ntipo: accordo\n---\n# Accordo export\n\nLe associazioni firmano l'accordo.\n",
        encoding="utf-8",
    )
    (root / "strano.md").write_text(
        "---\ntipo: boh\n---\n# Nota\n\nUna nota qualunque per le imprese.\n", encoding="utf-8"
    )
    ingestor = Ingestor(store, embedder, lock_path=tmp_path / "lock", max_bytes=MB)
    report = ingestor.run([root_for_path(str(root))])
    assert report.failed == []
    assert sorted(report.added) == ["docs/accordo.md", "docs/strano.md"]
    assert any("strano.md: kind 'boh'" in w for w in report.warnings)
    docs = store.documents()
    assert docs["docs/accordo.md"].kind == "accord"
    assert docs["docs/strano.md"].kind == "other"

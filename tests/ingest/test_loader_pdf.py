"""The PDF loader, on real PDFs written by reportlab (see documents_factory)."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import pytest

from ingest.errors import LoadError
from ingest.loaders import load_bytes, load_file
from ingest.loaders.pdf import parse_pdf
from knowledge.documents import Block, ParsedDocument
from tests.ingest.documents_factory import (
    FLOW_LEFT,
    INTRO,
    LAST_PARAGRAPH,
    LEFT_COLUMN,
    MAIN_HEADING,
    PDF_TITLE,
    RIGHT_COLUMN,
    RUNNING_HEADER,
    SECTION_HEADING,
    SECTION_TEXT,
    SUBHEADING,
    TABLE_INTRO,
    TABLE_OUTRO,
    TABLE_ROWS,
    make_encrypted_pdf,
    make_magazine_pdf,
    make_pdf,
    make_scanned_pdf,
    make_text_pdf,
)

MAX = 10**7


@pytest.fixture(scope="module")
def guide_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("pdf") / "guida.pdf")


@pytest.fixture(scope="module")
def guide(guide_path: Path) -> ParsedDocument:
    return load_file(guide_path, relpath="guides/guida.pdf", max_bytes=MAX)


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


def block_with(doc: ParsedDocument, fragment: str) -> Block:
    matches = [b for b in doc.blocks if fragment in b.text]
    assert len(matches) == 1, f"{fragment!r} in {len(matches)} blocks: {texts(doc.blocks)}"
    return matches[0]


class TestReadingOrder:
    def test_left_column_is_read_before_right_column(self, guide: ParsedDocument) -> None:
        all_text = guide.text
        assert all_text.index("Colonna sinistra inizio") < all_text.index("Colonna destra inizio")

    def test_each_column_is_one_paragraph_without_the_other_columns_words(
        self, guide: ParsedDocument
    ) -> None:
        left = block_with(guide, "Colonna sinistra inizio")
        right = block_with(guide, "Colonna destra inizio")
        assert left.text.endswith("Fine della colonna sinistra.")
        assert "destra" not in left.text
        assert right.text == " ".join(RIGHT_COLUMN)

    def test_full_width_text_frames_the_columns(self, tmp_path: Path) -> None:
        doc = load_bytes(
            make_magazine_pdf(tmp_path / "m.pdf").read_bytes(), name="m.pdf", max_bytes=MAX
        )
        assert texts(doc.blocks)[0] == INTRO
        assert texts(doc.blocks)[-1] == SECTION_TEXT
        assert len(doc.blocks) == 3

    def test_paragraph_running_into_the_next_column_is_joined(self, tmp_path: Path) -> None:
        extracted = parse_pdf(make_magazine_pdf(tmp_path / "m.pdf").read_bytes())
        flowing = extracted.blocks[1].text
        assert flowing.startswith(FLOW_LEFT[0])
        assert "sillabazione internazionale, e continua" in flowing
        assert flowing.endswith("Fine del paragrafo a due colonne.")

    def test_blocks_carry_their_one_based_page(self, guide: ParsedDocument) -> None:
        assert block_with(guide, "Colonna sinistra inizio").page == 1
        assert block_with(guide, TABLE_INTRO).page == 2
        assert block_with(guide, LAST_PARAGRAPH).page == 3


class TestPageFurniture:
    def test_running_header_and_footer_are_dropped(self, guide: ParsedDocument) -> None:
        assert RUNNING_HEADER not in guide.text
        assert "Pagina" not in guide.text
        assert "Pag." not in guide.text

    def test_no_block_is_a_bare_page_number(self, guide: ParsedDocument) -> None:
        assert not [t for t in texts(guide.blocks) if re.fullmatch(r"[\d\s/-]+", t)]

    @pytest.mark.parametrize(
        "footer", ["1", "Pag. 3", "3 / 10", "- 3 -", "Page 3 of 10", "Pagina 3 di 10", "iv"]
    )
    def test_bare_page_number_of_a_one_page_document_is_dropped(
        self, tmp_path: Path, footer: str
    ) -> None:
        paragraphs = ["Primo paragrafo del documento.", "Secondo paragrafo del documento."]
        data = make_text_pdf(tmp_path / "p.pdf", paragraphs, footer=footer).read_bytes()
        assert texts(parse_pdf(data).blocks) == paragraphs

    def test_other_text_in_the_footer_of_a_one_page_document_is_kept(self, tmp_path: Path) -> None:
        data = make_text_pdf(
            tmp_path / "p.pdf", ["Testo."], footer="Nota a piè di pagina"
        ).read_bytes()
        assert texts(parse_pdf(data).blocks) == ["Testo.", "Nota a piè di pagina"]


class TestLinesAndParagraphs:
    def test_hyphenated_word_at_line_end_is_joined(self, guide: ParsedDocument) -> None:
        left = block_with(guide, "Colonna sinistra inizio").text
        assert "progetti di internazionalizzazione presentati" in left
        assert "interna-" not in left

    def test_real_hyphens_are_kept(self, guide: ParsedDocument) -> None:
        left = block_with(guide, "Colonna sinistra inizio").text
        assert "l'e-commerce" in left  # not at a line end
        assert "Nord-America" in left  # at a line end, before a capital

    def test_lines_of_a_column_are_one_paragraph(self, guide: ParsedDocument) -> None:
        left = block_with(guide, "Colonna sinistra inizio").text
        assert left.startswith(" ".join(LEFT_COLUMN[:2]))

    def test_vertical_gap_starts_a_new_paragraph(self, tmp_path: Path) -> None:
        long = "Un paragrafo abbastanza lungo da andare a capo più volte nella pagina. " * 4
        paragraphs = [long.strip(), "Un secondo paragrafo, separato da uno spazio."]
        extracted = parse_pdf(make_text_pdf(tmp_path / "p.pdf", paragraphs).read_bytes())
        assert texts(extracted.blocks) == paragraphs


class TestHeadings:
    def test_larger_font_lines_build_the_heading_path(self, guide: ParsedDocument) -> None:
        assert block_with(guide, "Colonna sinistra inizio").heading_path == (MAIN_HEADING,)
        assert block_with(guide, TABLE_INTRO).heading_path == (MAIN_HEADING, SUBHEADING)
        assert block_with(guide, LAST_PARAGRAPH).heading_path == (MAIN_HEADING, "Contatti")

    def test_headings_are_not_blocks(self, guide: ParsedDocument) -> None:
        assert MAIN_HEADING not in texts(guide.blocks)
        assert SUBHEADING not in texts(guide.blocks)

    def test_short_bold_line_alone_is_a_heading(self, tmp_path: Path) -> None:
        extracted = parse_pdf(make_magazine_pdf(tmp_path / "m.pdf").read_bytes())
        assert SECTION_HEADING not in texts(extracted.blocks)
        assert extracted.blocks[-1].heading_path == (SECTION_HEADING,)


class TestTables:
    def test_each_row_is_one_block_with_cells_joined_by_pipes(self, guide: ParsedDocument) -> None:
        rows = [b for b in guide.blocks if b.is_table_row]
        assert texts(rows) == [" | ".join(row) for row in TABLE_ROWS]
        assert {b.page for b in rows} == {2}
        assert {b.heading_path for b in rows} == {(MAIN_HEADING, SUBHEADING)}

    def test_table_sits_between_the_paragraphs_around_it(self, guide: ParsedDocument) -> None:
        order = texts(guide.blocks)
        first_row = " | ".join(TABLE_ROWS[0])
        assert order.index(TABLE_INTRO) < order.index(first_row) < order.index(TABLE_OUTRO)

    def test_table_text_is_not_repeated_in_paragraphs(self, guide: ParsedDocument) -> None:
        prose = " ".join(b.text for b in guide.blocks if not b.is_table_row)
        assert "Importo massimo" not in prose
        assert "Garanzia export" not in prose


class TestMetadata:
    def test_meaningful_pdf_title_is_the_document_title(self, guide: ParsedDocument) -> None:
        assert guide.meta.title == PDF_TITLE
        assert guide.format == "pdf"

    def test_folder_gives_the_kind(self, guide: ParsedDocument) -> None:
        assert guide.meta.kind == "country_guide"

    @pytest.mark.parametrize("title", [None, "Microsoft Word - guida.docx", "untitled", "x.pdf"])
    def test_file_name_like_titles_give_way_to_the_first_heading(
        self, tmp_path: Path, title: str | None
    ) -> None:
        data = make_pdf(tmp_path / "g.pdf", title=title).read_bytes()
        assert "title" not in parse_pdf(data).fields
        assert load_bytes(data, name="g.pdf", max_bytes=MAX).meta.title == MAIN_HEADING

    def test_heading_equal_to_the_title_is_not_repeated_in_paths(self, tmp_path: Path) -> None:
        data = make_pdf(tmp_path / "g.pdf", title=MAIN_HEADING).read_bytes()
        doc = load_bytes(data, name="g.pdf", max_bytes=MAX)
        assert block_with(doc, TABLE_INTRO).heading_path == (SUBHEADING,)


class TestRefusals:
    def test_password_protected_pdf_is_refused(self, tmp_path: Path) -> None:
        data = make_encrypted_pdf(tmp_path / "e.pdf").read_bytes()
        with pytest.raises(LoadError) as err:
            load_bytes(data, name="e.pdf", max_bytes=MAX)
        assert err.value.reason == "the PDF is password-protected"
        assert "remove the password" in err.value.hint

    def test_pdf_with_only_an_owner_password_is_read(self, tmp_path: Path) -> None:
        data = make_encrypted_pdf(tmp_path / "o.pdf", user_password="").read_bytes()
        doc = load_bytes(data, name="o.pdf", max_bytes=MAX)
        assert "Documento riservato" in doc.text

    def test_aes_encrypted_pdf_is_refused(self, guide_path: Path) -> None:
        pypdf = pytest.importorskip("pypdf")
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(guide_path))
        writer.encrypt(user_password="segreto", owner_password="capo", algorithm="AES-256")
        out = io.BytesIO()
        writer.write(out)
        with pytest.raises(LoadError, match="password-protected"):
            parse_pdf(out.getvalue())

    def test_truncated_pdf_is_refused_with_a_clear_reason(self, guide_path: Path) -> None:
        data = guide_path.read_bytes()
        with pytest.raises(LoadError) as err:
            load_bytes(data[: len(data) // 2], name="t.pdf", max_bytes=MAX)
        assert "truncated" in err.value.reason

    def test_garbage_after_the_pdf_signature_is_refused(self) -> None:
        with pytest.raises(LoadError, match="not a readable PDF"):
            parse_pdf(b"%PDF-1.7\nthis is not a PDF at all\n")

    def test_scanned_pdf_has_no_blocks_and_the_dispatcher_says_no_text(
        self, tmp_path: Path
    ) -> None:
        data = make_scanned_pdf(tmp_path / "s.pdf").read_bytes()
        assert parse_pdf(data).blocks == []
        with pytest.raises(LoadError, match="no text found"):
            load_bytes(data, name="s.pdf", max_bytes=MAX)


def test_parsing_lets_no_warning_escape(guide_path: Path, tmp_path: Path) -> None:
    files = [guide_path, make_encrypted_pdf(tmp_path / "o.pdf", user_password="")]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for path in files:
            parse_pdf(path.read_bytes())

"""The DOCX loader, on real Word files written by python-docx (see documents_factory)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from ingest.errors import LoadError
from ingest.loaders import load_bytes, load_file
from ingest.loaders.docx import parse_docx
from knowledge.documents import Block, ParsedDocument
from tests.ingest.documents_factory import DOCX_TITLE, make_docx

MAX = 10**7


@pytest.fixture(scope="module")
def guide_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_docx(tmp_path_factory.mktemp("docx") / "strumenti.docx")


@pytest.fixture(scope="module")
def guide(guide_path: Path) -> ParsedDocument:
    return load_file(guide_path, relpath="instruments/strumenti.docx", max_bytes=MAX)


def saved(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


class TestBodyOrder:
    def test_paragraphs_lists_and_table_rows_come_in_body_order(
        self, guide: ParsedDocument
    ) -> None:
        assert texts(guide.blocks) == [
            "Introduzione: questa guida descrive gli strumenti disponibili.",
            "I finanziamenti agevolati coprono le spese per l'estero.",
            "Il fondo finanzia la patrimonializzazione.",
            "- Spese ammissibili: fiere",
            "- Spese ammissibili: consulenze",
            "Strumento e gestore | Importo",
            "Fondo 394 | SIMEST | 500.000 euro",
            "SACE | SACE | 1 M",
            "Dopo la tabella: le domande si presentano online.",
            "Scrivere allo sportello.",
            "Dal lunedì al venerdì.",
        ]

    def test_table_rows_are_marked_as_rows(self, guide: ParsedDocument) -> None:
        rows = [b.text for b in guide.blocks if b.is_table_row]
        assert rows == [
            "Strumento e gestore | Importo",
            "Fondo 394 | SIMEST | 500.000 euro",
            "SACE | SACE | 1 M",
        ]

    def test_cell_merged_down_rows_repeats_its_text(self) -> None:
        document = docx.Document()
        table = document.add_table(rows=3, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Paese", "Strumento"
        table.cell(1, 0).merge(table.cell(2, 0)).text = "USA"
        table.cell(1, 1).text, table.cell(2, 1).text = "Prestito", "Garanzia"
        assert texts(parse_docx(saved(document)).blocks) == [
            "Paese | Strumento",
            "USA | Prestito",
            "USA | Garanzia",
        ]


class TestHeadings:
    def test_heading_styles_build_the_heading_path(self, guide: ParsedDocument) -> None:
        paths = {b.text: b.heading_path for b in guide.blocks}
        assert paths["I finanziamenti agevolati coprono le spese per l'estero."] == (
            "Finanziamenti",
        )
        assert paths["Fondo 394 | SIMEST | 500.000 euro"] == ("Finanziamenti", "Fondo 394")
        assert paths["Scrivere allo sportello."] == ("Contatti",)

    def test_italian_heading_style_names_are_headings(self, guide: ParsedDocument) -> None:
        paths = {b.text: b.heading_path for b in guide.blocks}
        assert paths["Dal lunedì al venerdì."] == ("Contatti", "Orari")

    def test_title_paragraph_equal_to_the_title_is_not_in_paths(
        self, guide: ParsedDocument
    ) -> None:
        assert guide.blocks[0].heading_path == ()
        assert all(DOCX_TITLE not in b.heading_path for b in guide.blocks)

    def test_outline_level_makes_a_heading(self) -> None:
        document = docx.Document()
        document.core_properties.title = "Guida ai mercati"
        style = document.styles.add_style("Capitolo", WD_STYLE_TYPE.PARAGRAPH)
        ppr = style.element.get_or_add_pPr()
        outline = ppr.makeelement(qn("w:outlineLvl"), {})
        outline.set(qn("w:val"), "0")
        ppr.append(outline)
        document.add_paragraph("Mercati esteri", style="Capitolo")
        document.add_paragraph("Testo del capitolo.")
        extracted = parse_docx(saved(document))
        assert extracted.first_heading == "Mercati esteri"
        assert extracted.blocks == [Block("Testo del capitolo.", ("Mercati esteri",))]

    def test_table_of_contents_lines_are_skipped(self) -> None:
        document = docx.Document()
        document.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
        document.add_paragraph("Introduzione\t3", style="TOC 1")
        document.add_paragraph("Il testo.")
        assert texts(parse_docx(saved(document)).blocks) == ["Il testo."]


class TestFields:
    def test_core_title_and_language_are_declared_fields(self, guide: ParsedDocument) -> None:
        assert guide.meta.title == DOCX_TITLE
        assert guide.meta.language == "it"
        assert guide.meta.kind == "instrument"
        assert guide.format == "docx"

    def test_without_a_core_title_the_first_heading_is_the_title(self, tmp_path: Path) -> None:
        data = make_docx(tmp_path / "x.docx", title=None, language=None).read_bytes()
        assert "title" not in parse_docx(data).fields
        assert load_bytes(data, name="x.docx", max_bytes=MAX).meta.title == DOCX_TITLE


class TestRefusals:
    def test_truncated_docx_is_refused(self, guide_path: Path) -> None:
        data = guide_path.read_bytes()
        with pytest.raises(LoadError, match="damaged or truncated"):
            load_bytes(data[: len(data) // 2], name="t.docx", max_bytes=MAX)

    def test_zip_that_is_not_a_word_document_is_refused(self) -> None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
        with pytest.raises(LoadError) as err:
            load_bytes(out.getvalue(), name="x.docx", max_bytes=MAX)
        assert err.value.reason == "the file is a ZIP archive but an Excel workbook"

    def test_damaged_document_xml_is_refused(self, guide_path: Path) -> None:
        def cut(data: bytes) -> bytes:
            return data[: len(data) // 2]

        with pytest.raises(LoadError, match="XML is damaged"):
            parse_docx(rewritten(guide_path, "word/document.xml", cut))

    def test_word_template_is_refused_with_its_content_type(self, guide_path: Path) -> None:
        def as_template(data: bytes) -> bytes:
            return data.replace(b"document.main+xml", b"template.main+xml")

        with pytest.raises(LoadError) as err:
            parse_docx(rewritten(guide_path, "[Content_Types].xml", as_template))
        assert err.value.reason.startswith("the file is not a plain Word document")
        assert "template.main+xml" in err.value.reason


def rewritten(path: Path, member: str, change: Callable[[bytes], bytes]) -> bytes:
    """A copy of the DOCX at `path` with one archive member changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, change(data) if item.filename == member else data)
    return out.getvalue()

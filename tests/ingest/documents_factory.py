"""Real PDF and DOCX files for the loader tests, written with reportlab and python-docx, and
documents loaded from memory as an upload is.

The texts are module constants so that tests can assert on them without repeating them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

from ingest.loaders import load_bytes
from knowledge.documents import ParsedDocument


def load(data: str | bytes, name: str = "doc.md") -> ParsedDocument:
    """A document loaded from memory, as an upload is, named `name`."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return load_bytes(raw, name=name, max_bytes=5_000_000)


# --- PDF -------------------------------------------------------------------------------------

PDF_TITLE = "Guida all'export delle imprese lombarde"
RUNNING_HEADER = "Sportello Export Lombardia - Guida 2024"
MAIN_HEADING = "Strumenti per l'estero"
LEFT_COLUMN = [
    "Colonna sinistra inizio: le imprese",
    "lombarde che vendono all'estero possono",
    "chiedere un sostegno per i progetti di interna-",
    "zionalizzazione presentati entro la scadenza del",
    "bando regionale, anche per l'e-commerce e per le",
    "fiere in Nord-",
    "America. Fine della colonna sinistra.",
]
RIGHT_COLUMN = [
    "Colonna destra inizio: le domande si presentano",
    "online sulla piattaforma regionale, allegando il",
    "bilancio e una descrizione del progetto. Fine",
    "della colonna destra.",
]
SUBHEADING = "Finanziamenti agevolati"
TABLE_INTRO = "La tabella riassume i finanziamenti disponibili per le imprese."
TABLE_ROWS = [
    ["Strumento", "Importo massimo", "Tasso"],
    ["Fondo 394", "500.000 euro", "0,5%"],
    ["Garanzia export", "1.000.000 euro", "variabile"],
]
TABLE_OUTRO = "Dopo la tabella il testo continua con le condizioni di accesso."
LAST_HEADING = "Contatti"
LAST_PARAGRAPH = (
    "Per informazioni scrivere allo sportello indicando il codice fiscale dell'impresa."
)

_W, _H = A4
_MARGIN = 56.0
_BODY = ("Helvetica", 10.0)
_LEADING = 14.0


def _running_parts(c: Canvas, page: int, pages: int, *, header: bool) -> None:
    c.setFont("Helvetica", 8)
    if header:
        c.drawString(_MARGIN, _H - 30, RUNNING_HEADER)
        c.drawRightString(_W - _MARGIN, _H - 30, f"Pag. {page}")
    c.drawCentredString(_W / 2, 28, f"Pagina {page} di {pages}")


def _lines(c: Canvas, x: float, y: float, lines: Sequence[str], width: float = _W) -> float:
    c.setFont(*_BODY)
    for line in lines:
        if stringWidth(line, *_BODY) > width:
            raise ValueError(f"{line!r} is wider than {width:.0f} pt")
        c.drawString(x, y, line)
        y -= _LEADING
    return y


def _paragraph(c: Canvas, x: float, y: float, text: str, width: float) -> float:
    return _lines(c, x, y, simpleSplit(text, _BODY[0], _BODY[1], width)) - _LEADING / 2


def make_pdf(path: Path, *, title: str | None = PDF_TITLE, running_header: bool = True) -> Path:
    """Three pages: a heading over two columns, a ruled table, and a last single-column page.

    Every page has a running header (with a page number on the right) and a "Pagina N di 3"
    footer. The left column ends lines with a hyphenated word split across lines
    ("interna-/zionalizzazione") and with a real hyphen before a capital ("Nord-/America").
    """
    c = Canvas(str(path), pagesize=A4)
    if title is not None:
        c.setTitle(title)
    c.setAuthor("Sportello Export")
    pages = 3
    column = (_W - 2 * _MARGIN - 36) / 2

    # Page 1: a big heading across the page, then two columns.
    _running_parts(c, 1, pages, header=running_header)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(_MARGIN, _H - 90, MAIN_HEADING)
    top = _H - 130
    _lines(c, _MARGIN, top, LEFT_COLUMN, column)
    _lines(c, _MARGIN + column + 36, top, RIGHT_COLUMN, column)
    c.showPage()

    # Page 2: a subheading, a paragraph, a ruled table, a paragraph.
    _running_parts(c, 2, pages, header=running_header)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(_MARGIN, _H - 90, SUBHEADING)
    y = _paragraph(c, _MARGIN, _H - 120, TABLE_INTRO, _W - 2 * _MARGIN)
    table = Table(TABLE_ROWS, colWidths=[150, 150, 100])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONT", (0, 0), (-1, -1), "Helvetica", 10),
            ]
        )
    )
    _, height = table.wrapOn(c, _W, _H)
    table.drawOn(c, _MARGIN, y - height)
    _paragraph(c, _MARGIN, y - height - 30, TABLE_OUTRO, _W - 2 * _MARGIN)
    c.showPage()

    # Page 3: single column.
    _running_parts(c, 3, pages, header=running_header)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(_MARGIN, _H - 90, LAST_HEADING)
    _paragraph(c, _MARGIN, _H - 120, LAST_PARAGRAPH, _W - 2 * _MARGIN)
    c.showPage()
    c.save()
    return path


def make_text_pdf(
    path: Path, paragraphs: Sequence[str], *, title: str | None = None, footer: str | None = "1"
) -> Path:
    """One page of body paragraphs (wrapped to the page width), with a centred footer."""
    c = Canvas(str(path), pagesize=A4)
    if title is not None:
        c.setTitle(title)
    y = _H - 80
    for text in paragraphs:
        y = _paragraph(c, _MARGIN, y, text, _W - 2 * _MARGIN)
    if footer is not None:
        c.setFont("Helvetica", 9)
        c.drawCentredString(_W / 2, 28, footer)
    c.showPage()
    c.save()
    return path


INTRO = (
    "Introduzione a tutta pagina: questo paragrafo occupa la larghezza della pagina e precede "
    "le due colonne, come accade spesso nelle brochure delle camere di commercio."
)
FLOW_LEFT = [
    "Prima colonna: il paragrafo comincia qui",
    "e prosegue per alcune righe, fino a",
    "spezzare una parola in fondo alla colonna",
    "con un trattino di sillabazione interna-",
]
FLOW_RIGHT = [
    "zionale, e continua in cima alla seconda",
    "colonna. Fine del paragrafo a due colonne.",
]
SECTION_HEADING = "Requisiti di accesso"
SECTION_TEXT = (
    "Testo a tutta pagina dopo le colonne: le imprese devono avere sede in Lombardia e un "
    "bilancio approvato, depositato presso il registro delle imprese."
)


def make_magazine_pdf(path: Path) -> Path:
    """One page: a full-width introduction, two columns (a paragraph runs from the first into
    the second, hyphenated across them, baselines offset), then a bold body-size heading over a
    full-width paragraph."""
    c = Canvas(str(path), pagesize=A4)
    c.setTitle("Brochure export")
    width = _W - 2 * _MARGIN
    column = (width - 30) / 2
    y = _paragraph(c, _MARGIN, _H - 80, INTRO, width) - 10
    left_end = _lines(c, _MARGIN, y, FLOW_LEFT, column)
    right_end = _lines(c, _MARGIN + column + 30, y - 4, FLOW_RIGHT, column)
    y = min(left_end, right_end) - 20
    c.setFont("Helvetica-Bold", _BODY[1])
    c.drawString(_MARGIN, y, SECTION_HEADING)
    _paragraph(c, _MARGIN, y - _LEADING, SECTION_TEXT, width)
    c.showPage()
    c.save()
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A page with shapes but no text, like a scan without OCR."""
    c = Canvas(str(path), pagesize=A4)
    c.setFillColor(colors.lightgrey)
    c.rect(80, 300, 400, 400, fill=1)
    c.showPage()
    c.save()
    return path


def make_encrypted_pdf(path: Path, *, user_password: str = "segreto", owner: str = "capo") -> Path:
    """A PDF encrypted with reportlab; an empty `user_password` makes it openable by anyone."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    encrypt = StandardEncryption(user_password, ownerPassword=owner, canPrint=1, canCopy=0)
    c = Canvas(str(path), pagesize=A4, encrypt=encrypt)
    c.setFont(*_BODY)
    c.drawString(_MARGIN, _H - 80, "Documento riservato dello sportello export.")
    c.showPage()
    c.save()
    return path


# --- DOCX ------------------------------------------------------------------------------------

DOCX_TITLE = "Guida agli strumenti per l'export"


def make_docx(
    path: Path, *, title: str | None = DOCX_TITLE, language: str | None = "it-IT"
) -> Path:
    """A Word document: title, headings on two levels, paragraphs, a bulleted list, a table.

    The table's first row has a cell merged across two columns, which python-docx reports twice.
    """
    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    if language is not None:
        document.core_properties.language = language
    document.add_heading(DOCX_TITLE, level=0)
    document.add_paragraph("Introduzione: questa guida descrive gli strumenti disponibili.")
    document.add_heading("Finanziamenti", level=1)
    document.add_paragraph("I finanziamenti agevolati coprono le spese per l'estero.")
    document.add_heading("Fondo 394", level=2)
    document.add_paragraph("Il fondo finanzia la patrimonializzazione.")
    document.add_paragraph("Spese ammissibili: fiere", style="List Bullet")
    document.add_paragraph("Spese ammissibili: consulenze", style="List Bullet")
    table = document.add_table(rows=3, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Strumento e gestore"
    table.cell(0, 2).text = "Importo"
    for r, row in enumerate([["Fondo 394", "SIMEST", "500.000 euro"], ["SACE", "SACE", "1 M"]]):
        for col, text in enumerate(row):
            table.cell(r + 1, col).text = text
    document.add_paragraph("Dopo la tabella: le domande si presentano online.")
    document.add_heading("Contatti", level=1)
    document.add_paragraph("Scrivere allo sportello.")
    styles = document.styles
    if "Titolo 2" not in [s.name for s in styles]:
        italian = styles.add_style("Titolo 2", WD_STYLE_TYPE.PARAGRAPH)
        italian.base_style = styles["Normal"]
    document.add_paragraph("Orari", style="Titolo 2")
    document.add_paragraph("Dal lunedì al venerdì.")
    document.save(str(path))
    return path

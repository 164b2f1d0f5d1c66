# -*- coding: utf-8 -*-
"""Writes the 30 documents of tuning_z into ../docs. Run with /work/main/.venv/bin/python."""
import os
from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate, Paragraph, Spacer, Table, TableStyle, ListFlowable, ListItem
from xml.sax.saxutils import escape

from content_md import MD
from content_txt import TXT
from content_html import HTML
from content_docx import DOCX
from content_pdf import PDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "docs")


def write_text(name, text):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(text)


def write_docx(name, blocks):
    doc = Document()
    for b in blocks:
        kind = b[0]
        if kind == "h1":
            doc.add_heading(b[1], level=1)
        elif kind == "h2":
            doc.add_heading(b[1], level=2)
        elif kind == "p":
            doc.add_paragraph(b[1])
        elif kind == "ul":
            for item in b[1]:
                doc.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            rows = b[1]
            t = doc.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    t.cell(i, j).text = cell
        else:
            raise ValueError(kind)
    doc.save(os.path.join(OUT, name))


def write_pdf(name, blocks):
    ss = getSampleStyleSheet()
    cell = ss["BodyText"].clone("cell", fontSize=9, leading=11)
    story = []
    for b in blocks:
        kind = b[0]
        if kind == "h1":
            story.append(Paragraph(escape(b[1]), ss["Title"]))
        elif kind == "h2":
            story.append(Paragraph(escape(b[1]), ss["Heading2"]))
        elif kind == "p":
            story.append(Paragraph(escape(b[1]), ss["BodyText"]))
        elif kind == "ul":
            story.append(ListFlowable([ListItem(Paragraph(escape(i), ss["BodyText"])) for i in b[1]],
                                      bulletType="bullet"))
        elif kind == "table":
            rows = [[Paragraph(escape(c), cell) for c in r] for r in b[1]]
            ncol = len(rows[0])
            width = 16 * cm
            t = Table(rows, colWidths=[width / ncol] * ncol)
            t.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))
            story.append(Spacer(1, 4))
            story.append(t)
            story.append(Spacer(1, 6))
        else:
            raise ValueError(kind)
    SimpleDocTemplate(os.path.join(OUT, name), pagesize=A4,
                      leftMargin=2.5 * cm, rightMargin=2.5 * cm).build(story)


def main():
    os.makedirs(OUT, exist_ok=True)
    for d in (MD, TXT, HTML):
        for name, text in d.items():
            write_text(name, text)
    for name, blocks in DOCX.items():
        write_docx(name, blocks)
    for name, blocks in PDF.items():
        write_pdf(name, blocks)
    print(len(MD) + len(TXT) + len(HTML) + len(DOCX) + len(PDF), "documents written to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()

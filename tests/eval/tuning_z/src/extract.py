# -*- coding: utf-8 -*-
"""Text extraction used by the checks: md/txt raw, html BeautifulSoup get_text(),
docx paragraphs + table cells, pdf pypdf."""
import os
from bs4 import BeautifulSoup
from docx import Document
from pypdf import PdfReader


def extract(path):
    ext = os.path.splitext(path)[1].lower()
    if ext in (".md", ".txt"):
        with open(path, encoding="utf-8") as f:
            return f.read()
    if ext == ".html":
        with open(path, encoding="utf-8") as f:
            return BeautifulSoup(f.read(), "html.parser").get_text()
    if ext == ".docx":
        doc = Document(path)
        parts = [p.text for p in doc.paragraphs]
        for t in doc.tables:
            for row in t.rows:
                for c in row.cells:
                    parts.append(c.text)
        return "\n".join(parts)
    if ext == ".pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    raise ValueError(path)

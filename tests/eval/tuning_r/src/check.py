"""Checks for tuning_r.

- every max_amount and rate in expected_metadata.json is found verbatim in the extracted text
  (md/txt raw; html BeautifulSoup get_text(); docx paragraphs + table cells; pdf pypdf)
- word counts 250-450
- counts by format and language, metadata schema
- the dates recorded in valid_from / valid_until are written in the text
- each document carries several percentages (the rate plus distractors)
"""
import collections
import datetime
import json
import os
import re
import sys

from bs4 import BeautifulSoup
from docx import Document
from pypdf import PdfReader

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DOCS_DIR = os.path.join(ROOT, "docs")

IT_MONTHS = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
             "settembre", "ottobre", "novembre", "dicembre"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


def extract(path):
    ext = path.rsplit(".", 1)[1]
    if ext in ("md", "txt"):
        return open(path, encoding="utf-8").read()
    if ext == "html":
        return BeautifulSoup(open(path, encoding="utf-8").read(), "html.parser").get_text()
    if ext == "docx":
        doc = Document(path)
        parts = [p.text for p in doc.paragraphs]
        for t in doc.tables:
            for row in t.rows:
                for cell in row.cells:
                    parts.append(cell.text)
        return "\n".join(parts)
    if ext == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    raise ValueError(ext)


def date_written(text, iso, lang):
    d = datetime.date.fromisoformat(iso)
    if lang == "it":
        pat = rf"\b{d.day}(°)? {IT_MONTHS[d.month - 1]} {d.year}\b"
    else:
        pat = rf"\b{d.day} {EN_MONTHS[d.month - 1]} {d.year}\b"
    return re.search(pat, text) is not None


def main():
    meta = json.load(open(os.path.join(ROOT, "expected_metadata.json"), encoding="utf-8"))
    files = sorted(os.listdir(DOCS_DIR))
    errors = []
    if sorted(meta) != files:
        errors.append(f"file list mismatch: {set(meta) ^ set(files)}")
    fmt = collections.Counter(f.rsplit(".", 1)[1] for f in files)
    lang = collections.Counter(m["language"] for m in meta.values())
    meanings = collections.Counter(m["rate_meaning"] for m in meta.values())
    print("formats:", dict(fmt))
    print("languages:", dict(lang))
    print("rate_meaning:", dict(meanings))
    if dict(fmt) != {"md": 8, "txt": 6, "html": 6, "docx": 4, "pdf": 4}:
        errors.append(f"format counts {dict(fmt)}")
    if dict(lang) != {"it": 16, "en": 12}:
        errors.append(f"language counts {dict(lang)}")

    keys = ["kind", "country", "language", "front_matter", "valid_from", "valid_until", "terms", "rate_meaning"]
    for f in files:
        m = meta[f]
        text = extract(os.path.join(DOCS_DIR, f))
        words = len(text.split())
        status = []
        if list(m) != keys:
            errors.append(f"{f}: keys {list(m)}")
        if m["kind"] != "instrument" or m["country"] is not None or m["front_matter"] != "none":
            errors.append(f"{f}: kind/country/front_matter")
        t = m["terms"]
        if m["valid_until"]:
            if t.get("deadline") != m["valid_until"]:
                errors.append(f"{f}: deadline != valid_until")
        elif "deadline" in t:
            errors.append(f"{f}: deadline without valid_until")
        for k in ("max_amount", "rate"):
            n = text.count(t[k])
            status.append(f"{k}x{n}")
            if n == 0:
                errors.append(f"{f}: {k} {t[k]!r} NOT FOUND")
        for k in ("valid_from", "valid_until"):
            if m[k] and not date_written(text, m[k], m["language"]):
                errors.append(f"{f}: {k} {m[k]} not written in text")
        if not 250 <= words <= 450:
            errors.append(f"{f}: {words} words")
        pcts = set(re.findall(r"\d+(?:[.,]\d+)?\s?%", text))
        if len(pcts) < 3:
            errors.append(f"{f}: only {len(pcts)} distinct percentages")
        if f.endswith(".md") and text.startswith("---"):
            errors.append(f"{f}: front matter")
        print(f"{f:52s} {m['language']} {words:4d}w pcts={len(pcts):2d} {' '.join(status)}"
              f"  rate={t['rate']!r} max={t['max_amount']!r}")
    print()
    if errors:
        print("ERRORS:")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("ALL CHECKS PASSED")


if __name__ == "__main__":
    main()

"""Generate tuning_r/docs/* and tuning_r/expected_metadata.json.

Run with /work/main/.venv/bin/python src/build.py (from tuning_r/ or anywhere).
Content lives in content_a.py, content_b.py and content_c.py (mini markup, see content_a.py).
"""
import html
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DOCS_DIR = os.path.join(ROOT, "docs")
sys.path.insert(0, HERE)

from content_a import DOCS_A  # noqa: E402
from content_b import DOCS_B  # noqa: E402
from content_c import DOCS_C  # noqa: E402

DOCS = DOCS_A + DOCS_B + DOCS_C


def parse(body):
    """Return a list of blocks: (type, payload)."""
    blocks = []
    for chunk in body.strip().split("\n\n"):
        lines = [l for l in chunk.strip().split("\n") if l.strip()]
        if not lines:
            continue
        first = lines[0]
        if first.startswith("# "):
            blocks.append(("title", first[2:].strip()))
        elif first.startswith("## "):
            blocks.append(("h", first[3:].strip()))
        elif first.startswith("- "):
            blocks.append(("ul", [l[2:].strip() for l in lines]))
        elif first.startswith("|"):
            rows = []
            for l in lines:
                cells = [c.strip() for c in l.strip().strip("|").split("|")]
                rows.append(cells)
            blocks.append(("table", rows))
        else:
            blocks.append(("p", " ".join(l.strip() for l in lines)))
    return blocks


# ------------------------------------------------------------------ md / txt
def render_md(blocks):
    out = []
    for t, p in blocks:
        if t == "title":
            out.append("# " + p)
        elif t == "h":
            out.append("## " + p)
        elif t == "p":
            out.append(p)
        elif t == "ul":
            out.append("\n".join("- " + i for i in p))
        elif t == "table":
            lines = ["| " + " | ".join(p[0]) + " |",
                     "|" + "|".join("---" for _ in p[0]) + "|"]
            lines += ["| " + " | ".join(r) + " |" for r in p[1:]]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def render_txt(blocks):
    out = []
    for t, p in blocks:
        if t == "title":
            out.append(p + "\n" + "=" * min(len(p), 72))
        elif t == "h":
            out.append(p.upper() + "\n" + "-" * min(len(p), 72))
        elif t == "p":
            out.append(p)
        elif t == "ul":
            out.append("\n".join("  * " + i for i in p))
        elif t == "table":
            widths = [max(len(r[i]) for r in p) for i in range(len(p[0]))]
            lines = []
            for k, r in enumerate(p):
                lines.append("  " + "   ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
                if k == 0:
                    lines.append("  " + "   ".join("-" * w for w in widths))
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


# ------------------------------------------------------------------ html
def render_html(blocks, lang):
    e = html.escape
    title = next(p for t, p in blocks if t == "title")
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(title)}</title>",
           "<style>body{font-family:Arial,sans-serif;max-width:820px;margin:2em auto;}"
           "table{border-collapse:collapse;}td,th{border:1px solid #999;padding:4px 8px;}</style>",
           "</head>", "<body>", '<header><p class="breadcrumb">Home &gt; Servizi &gt; Export</p></header>'
           if lang == "it" else '<header><p class="breadcrumb">Home &gt; Services &gt; Export</p></header>',
           "<main>"]
    for t, p in blocks:
        if t == "title":
            out.append(f"<h1>{e(p)}</h1>")
        elif t == "h":
            out.append(f"<h2>{e(p)}</h2>")
        elif t == "p":
            out.append(f"<p>{e(p)}</p>")
        elif t == "ul":
            out.append("<ul>\n" + "\n".join(f"<li>{e(i)}</li>" for i in p) + "\n</ul>")
        elif t == "table":
            rows = ["<tr>" + "".join(f"<th>{e(c)}</th>" for c in p[0]) + "</tr>"]
            rows += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in p[1:]]
            out.append("<table>\n" + "\n".join(rows) + "\n</table>")
    out += ["</main>", "<footer><p>&copy; 2028</p></footer>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ docx
def render_docx(blocks, path):
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    for t, p in blocks:
        if t == "title":
            doc.add_heading(p, level=0)
        elif t == "h":
            doc.add_heading(p, level=1)
        elif t == "p":
            doc.add_paragraph(p)
        elif t == "ul":
            for i in p:
                doc.add_paragraph(i, style="List Bullet")
        elif t == "table":
            tab = doc.add_table(rows=len(p), cols=len(p[0]))
            tab.style = "Table Grid"
            for ri, r in enumerate(p):
                for ci, c in enumerate(r):
                    cell = tab.cell(ri, ci)
                    cell.text = c
                    if ri == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
            doc.add_paragraph("")
    doc.core_properties.title = next(p for t, p in blocks if t == "title")
    doc.save(path)


# ------------------------------------------------------------------ pdf
def render_pdf(blocks, path):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    ss = getSampleStyleSheet()
    e = html.escape
    story = []
    avail = A4[0] - 4 * cm
    for t, p in blocks:
        if t == "title":
            story.append(Paragraph(e(p), ss["Title"]))
        elif t == "h":
            story.append(Paragraph(e(p), ss["Heading2"]))
        elif t == "p":
            story.append(Paragraph(e(p), ss["BodyText"]))
        elif t == "ul":
            for i in p:
                story.append(Paragraph(e(i), ss["BodyText"], bulletText="\u2022"))
        elif t == "table":
            # plain strings (no wrapping) so that each term stays on one line for pypdf
            widths = [max(stringWidth(r[i], "Helvetica-Bold" if k == 0 else "Helvetica", 9)
                          for k, r in enumerate(p)) + 14 for i in range(len(p[0]))]
            scale = min(1.0, avail / sum(widths))
            widths = [w * scale for w in widths]
            tab = Table(p, colWidths=widths, hAlign="LEFT")
            tab.setStyle(TableStyle([
                ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))
            story.append(Spacer(1, 4))
            story.append(tab)
            story.append(Spacer(1, 8))
    SimpleDocTemplate(path, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm,
                      topMargin=2 * cm, bottomMargin=2 * cm,
                      title=next(p for t, p in blocks if t == "title")).build(story)


# ------------------------------------------------------------------ metadata
def metadata(d):
    max_amount, rate, meaning, vfrom, vuntil = d["meta"]
    terms = {"max_amount": max_amount, "rate": rate}
    if vuntil:
        terms["deadline"] = vuntil
    return {
        "kind": "instrument",
        "country": None,
        "language": d["lang"],
        "front_matter": "none",
        "valid_from": vfrom,
        "valid_until": vuntil,
        "terms": terms,
        "rate_meaning": meaning,
    }


def main():
    os.makedirs(DOCS_DIR, exist_ok=True)
    names = [d["file"] for d in DOCS]
    assert len(names) == len(set(names)) == 28, len(names)
    for f in os.listdir(DOCS_DIR):
        os.remove(os.path.join(DOCS_DIR, f))
    meta = {}
    for d in DOCS:
        blocks = parse(d["body"])
        path = os.path.join(DOCS_DIR, d["file"])
        ext = d["file"].rsplit(".", 1)[1]
        if ext == "md":
            open(path, "w", encoding="utf-8").write(render_md(blocks))
        elif ext == "txt":
            open(path, "w", encoding="utf-8").write(render_txt(blocks))
        elif ext == "html":
            open(path, "w", encoding="utf-8").write(render_html(blocks, d["lang"]))
        elif ext == "docx":
            render_docx(blocks, path)
        elif ext == "pdf":
            render_pdf(blocks, path)
        else:
            raise ValueError(ext)
        meta[d["file"]] = metadata(d)
    with open(os.path.join(ROOT, "expected_metadata.json"), "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    print(f"wrote {len(meta)} documents")


if __name__ == "__main__":
    main()

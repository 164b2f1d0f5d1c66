# -*- coding: utf-8 -*-
"""Checks for tuning_z. Run after build.py and meta_q.py:
    /work/main/.venv/bin/python check.py
Exits with status 1 if any check fails."""
import collections
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from extract import extract  # noqa: E402
from meta_q import EVIDENCE, ISSUER_OR_ACRONYM  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DOCS = os.path.join(ROOT, "docs")
errors = []


def err(msg):
    errors.append(msg)


meta = json.load(open(os.path.join(ROOT, "expected_metadata.json"), encoding="utf-8"))
questions = [json.loads(l) for l in open(os.path.join(ROOT, "questions.jsonl"), encoding="utf-8")]
files = sorted(os.listdir(DOCS))
text = {f: extract(os.path.join(DOCS, f)) for f in files}
low = {f: t.lower() for f, t in text.items()}

# ---------- documents ----------
if set(files) != set(meta):
    err("docs/ and expected_metadata.json differ: %s" % (set(files) ^ set(meta)))

C = collections.Counter
fmt = C(os.path.splitext(f)[1][1:] for f in files)
kinds = C(m["kind"] for m in meta.values())
langs = C(m["language"] for m in meta.values())
fms = C(m["front_matter"] for m in meta.values())
print("formats:", dict(fmt))
print("kinds:", dict(kinds))
print("languages:", dict(langs))
print("front matter:", dict(fms))
for want, got in [({"md": 8, "txt": 6, "html": 6, "docx": 5, "pdf": 5}, fmt),
                  ({"instrument": 20, "country_guide": 4, "accord": 2, "faq": 1, "glossary": 1, "other": 2}, kinds),
                  ({"it": 17, "en": 13}, langs),
                  ({"italian_keys": 3, "english_keys": 2, "none": 25}, fms)]:
    if dict(got) != want:
        err("count mismatch: want %s got %s" % (want, dict(got)))

guides = {f: m for f, m in meta.items() if m["kind"] == "country_guide"}
if C(m["language"] for m in guides.values()) != C({"it": 2, "en": 2}):
    err("country guides must be 2 it + 2 en")
if len({m["country"] for m in guides.values()}) != 4 or {"VN", "MX"} & {m["country"] for m in guides.values()}:
    err("country guides must cover 4 different countries, not VN/MX")

IT_KEYS = {"titolo", "tipo", "paese", "aggiornato", "valido_dal", "valido_fino", "scadenza", "fonte", "tag"}
EN_KEYS = {"title", "kind", "country", "updated", "valid_from", "valid_until"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
for f, m in meta.items():
    t = text[f]
    n = len(t.split())
    if not 300 <= n <= 600:
        err("%s: %d words" % (f, n))
    # front matter
    has_fm = f.endswith(".md") and t.startswith("---\n")
    if has_fm:
        block = t.split("---\n")[1]
        keys = {l.split(":")[0].strip() for l in block.splitlines() if ":" in l}
        kind = "italian_keys" if keys <= IT_KEYS else "english_keys" if keys <= EN_KEYS else "mixed"
    else:
        kind = "none"
    if kind != m["front_matter"]:
        err("%s: front matter is %s, metadata says %s" % (f, kind, m["front_matter"]))
    for k in ("valid_from", "valid_until"):
        if m[k] is not None and not ISO.match(m[k]):
            err("%s: bad date %s" % (f, m[k]))
    if m["kind"] == "instrument":
        terms = m["terms"]
        if m["country"] is not None:
            err("%s: instrument country should be null" % f)
        for k in ("max_amount", "rate"):
            if k in terms and terms[k] not in t:
                err("%s: %s %r not found verbatim" % (f, k, terms[k]))
        if terms.get("deadline") != m["valid_until"]:
            err("%s: deadline differs from valid_until" % f)
        if "rate" in terms and not m.get("rate_meaning"):
            err("%s: rate without rate_meaning" % f)
    elif "terms" in m:
        err("%s: terms on a non-instrument" % f)

# ---------- questions ----------
ids = [q["id"] for q in questions]
if ids != ["z%03d" % i for i in range(1, len(ids) + 1)]:
    err("ids not sequential")
qk = C(q["kind"] for q in questions)
ql = C(q["lang"] for q in questions)
print("questions:", len(questions), dict(qk), dict(ql), "it share %.1f%%" % (100.0 * ql["it"] / len(questions)))
if dict(qk) != {"factual": 15, "cross_lingual": 20, "follow_up": 12, "out_of_scope": 25, "ambiguous": 18}:
    err("question kind counts wrong: %s" % dict(qk))
cl = C((q["lang"], q["doc_lang"]) for q in questions if q["kind"] == "cross_lingual")
print("cross_lingual (lang, doc_lang):", dict(cl))
if cl != C({("it", "en"): 12, ("en", "it"): 8}):
    err("cross_lingual split wrong")

by_id = {q["id"]: q for q in questions}
n_must = 0
for q in questions:
    k = q["kind"]
    if q["question"] != q["question"].lower() and not re.search(r"\b[A-Z]{3,5}\b", q["question"]):
        err("%s: question not lowercase" % q["id"])
    if re.search(r"[àèéìòù]", q["question"]):
        err("%s: accent in question" % q["id"])
    for d in q["expected_docs"]:
        if d not in meta:
            err("%s: unknown doc %s" % (q["id"], d))
    if k in ("out_of_scope", "ambiguous"):
        if q["doc_lang"] is not None or q["must_contain"]:
            err("%s: %s must have doc_lang null and empty must_contain" % (q["id"], k))
        if k == "out_of_scope" and q["expected_docs"]:
            err("%s: out_of_scope with expected docs" % q["id"])
        if k == "ambiguous":
            if len(q["expected_docs"]) < 2:
                err("%s: ambiguous with < 2 docs" % q["id"])
            ev = EVIDENCE.get(q["id"], {})
            for d in q["expected_docs"]:
                if d not in ev:
                    err("%s: no evidence for %s" % (q["id"], d))
                elif ev[d] not in text[d]:
                    err("%s: evidence %r not in %s" % (q["id"], ev[d], d))
        continue
    if len(q["expected_docs"]) != 1 or not q["must_contain"]:
        err("%s: needs one expected doc and must_contain" % q["id"])
    d = q["expected_docs"][0]
    if q["doc_lang"] != meta[d]["language"]:
        err("%s: doc_lang mismatch" % q["id"])
    if k == "factual" and q["lang"] != q["doc_lang"]:
        err("%s: factual must be same language" % q["id"])
    if k == "cross_lingual" and q["lang"] == q["doc_lang"]:
        err("%s: cross_lingual must differ" % q["id"])
    if k == "follow_up":
        a = q.get("after")
        if a not in by_id or ids.index(a) >= ids.index(q["id"]):
            err("%s: bad after %s" % (q["id"], a))
        elif by_id[a]["expected_docs"] != q["expected_docs"]:
            err("%s: follow-up on a different doc than %s" % (q["id"], a))
    elif "after" in q:
        err("%s: after on non-follow_up" % q["id"])
    for s in q["must_contain"]:
        n_must += 1
        if s not in text[d]:
            err("%s: must_contain %r not in %s" % (q["id"], s, d))

# ---------- out-of-scope guard: terms (regex, word-bounded) that must appear in no document ----------
ABSENT = {
    "z048": ["giappone", "japan"], "z049": ["anticip", "acconto"], "z050": ["garanzi", "ipotec"],
    "z051": ["sinistr", "liquidazione"], "z052": ["camera di commercio di bergamo", "bergamo chamber"],
    "z053": ["ricerca e sviluppo", "r&d", "research and development"], "z054": ["assicurazione trasporti", "cargo insurance", "marine insurance"],
    "z055": ["busan", "sdoganamento"], "z056": ["visto", "visa", "eta"], "z057": ["container", "nolo", "freight"],
    "z058": ["minimum wage", "salario", "wage"], "z059": ["recording", "recorded", "registrazione del webinar"],
    "z060": ["investment committee", "comitato investimenti"], "z061": ["giorni"], "z062": ["calendario delle giornate"],
    "z063": ["traduzioni giurate", "giurat", "asseverat"], "z064": ["forfait"], "z065": ["cina", "china"],
    "z066": ["edizione 2028", "2028 edition"], "z067": ["leasing"], "z068": ["south africa", "sudafrica"],
    "z069": ["cremona"], "z070": ["tasso di cambio", "exchange rate"], "z071": ["weather", "meteo"],
    "z072": ["tiramis", "ricetta"],
}
# z049, z050, z051, z061, z062 only need the named document to be silent
ONLY_IN = {"z049": "bando_fiere_internazionali_2027.html",
           "z050": "fondo_rotativo_frli.docx", "z051": "polizza_export_facile.html",
           "z061": "garanzia_commesse_estere.docx", "z062": "protocollo_export_agroalimentare.md"}
for qid, terms in ABSENT.items():
    if by_id[qid]["kind"] != "out_of_scope":
        err("%s is not out_of_scope" % qid)
    scope = [ONLY_IN[qid]] if qid in ONLY_IN else files
    for term in terms:
        for f in scope:
            if re.search(r"\b" + re.escape(term), low[f]):
                err("%s: term %r found in %s" % (qid, term, f))

# ---------- ambiguous guard: topics that must appear only in the listed documents ----------
EXCLUSIVE = {
    "z086": (["femminil", "women"], ["voucher_tem_insubria_2027.md", "bando_nuovi_mercati_extra_ue_2027.pdf"]),
    "z087": (["rendicontazione", "final report", "reporting"], ["voucher_tem_insubria_2027.md",
             "bando_certificazioni_export_2027.txt", "bando_nuovi_mercati_extra_ue_2027.pdf"]),
    "z076": (["premio", "premium"], ["export_insurance_shield.md", "polizza_export_facile.html"]),
    "z084": (["preammortamento", "pre-amortisation", "grace period"], ["finanziamento_sviluppo_estero_orobie.md",
             "export_working_capital_loan.txt", "fondo_rotativo_frli.docx", "global_markets_expansion_loan.pdf",
             "finanziamento_penetrazione_commerciale_iclo.pdf", "export_glossary.md"]),
    "z074": (["temporary export manager"], ["voucher_tem_insubria_2027.md", "tem_voucher_lakes_valleys_2027.docx",
             "export_glossary.md"]),
}
for qid, (terms, allowed) in EXCLUSIVE.items():
    for term in terms:
        for f in files:
            if term in low[f] and f not in allowed:
                err("%s: topic term %r also in %s" % (qid, term, f))

for qid in ISSUER_OR_ACRONYM:
    print("issuer/acronym question:", qid, by_id[qid]["question"])

print("must_contain strings checked:", n_must)
print("max_amount/rate strings checked:",
      sum(len([k for k in ("max_amount", "rate") if k in m.get("terms", {})]) for m in meta.values()))
if errors:
    print("\nFAILED (%d):" % len(errors))
    for e in errors:
        print(" -", e)
    sys.exit(1)
print("\nALL CHECKS PASSED")

"""Corpora the benchmarks build in temporary folders: copies of the starter corpus, and
generated Markdown documents that read like the knowledge base's (front matter, sections,
lists, tables, Italian export vocabulary), deterministic for a given seed."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from bench.harness import CORPUS

COUNTRIES = [
    ("Germania", "DE"),
    ("Francia", "FR"),
    ("Stati Uniti", "US"),
    ("Cina", "CN"),
    ("Giappone", "JP"),
    ("Brasile", "BR"),
    ("India", "IN"),
    ("Svizzera", "CH"),
    ("Regno Unito", "GB"),
    ("Emirati Arabi Uniti", "AE"),
    ("Canada", "CA"),
    ("Messico", "MX"),
    ("Vietnam", "VN"),
    ("Polonia", "PL"),
    ("Spagna", "ES"),
    ("Turchia", "TR"),
]
SECTORS = [
    "meccanica strumentale",
    "agroalimentare",
    "moda e accessori",
    "arredo e design",
    "cosmetica",
    "chimica fine",
    "componentistica auto",
    "vino e bevande",
    "dispositivi medici",
    "servizi di logistica",
    "software industriale",
    "packaging",
]
INSTRUMENTS = [
    "voucher per le fiere internazionali",
    "finanziamento agevolato per l'inserimento nei mercati esteri",
    "contributo per l'e-commerce export",
    "garanzia sui crediti all'esportazione",
    "temporary export manager",
    "bando per le certificazioni estere",
    "credito d'imposta per la promozione",
    "missione imprenditoriale di sistema",
]
DOCUMENTS = [
    "visura camerale",
    "ultimo bilancio depositato",
    "preventivo dell'organizzatore",
    "dichiarazione de minimis",
    "piano di internazionalizzazione",
    "fatture quietanzate",
    "contratto con il distributore",
    "certificato di origine",
]
SECTIONS = [
    "In sintesi",
    "Chi può partecipare",
    "Che cosa finanzia",
    "Spese ammissibili",
    "Come presentare la domanda",
    "Documenti da allegare",
    "Scadenze e tempi",
    "Importi e percentuali",
    "Dogana e documenti di trasporto",
    "Esempi pratici",
    "Errori frequenti",
    "Contatti e assistenza",
]
TEMPLATES = [
    "Le imprese del settore {sector} che vogliono vendere in {country} possono chiedere il "
    "{instrument} entro il {date}.",
    "Il contributo copre fino al {pct}% delle spese ammissibili, con un massimo di {amount} "
    "euro per impresa.",
    "Alla domanda vanno allegati i documenti {doc} e {doc2}, firmati digitalmente dal legale "
    "rappresentante.",
    "Per le spedizioni verso {country} serve il codice EORI e, per alcune merci, anche il "
    "documento {doc}.",
    "Lo sportello della Camera di commercio risponde entro {days} giorni lavorativi alle "
    "richieste inviate dal portale.",
    "Nel {year} le esportazioni lombarde verso {country} hanno superato i {amount} milioni di "
    "euro, trainate dal settore {sector}.",
    "Una piccola impresa di {sector} di Brescia ha usato il {instrument} per partecipare a "
    "una fiera in {country} e ha trovato due nuovi distributori.",
    "Le spese sostenute prima della data di presentazione della domanda non sono ammissibili, "
    "nemmeno se legate all'evento.",
    "Il regime de minimis limita gli aiuti a {amount} euro nell'arco di tre esercizi finanziari.",
    "Chi esporta in {country} deve verificare le regole di origine preferenziale previste "
    "dagli accordi commerciali dell'Unione europea.",
    "Il pagamento con lettera di credito documentario protegge il venditore quando il "
    "cliente in {country} è nuovo.",
    "La graduatoria è pubblicata entro {days} giorni dalla chiusura dello sportello e la "
    "rendicontazione va inviata entro il {date}.",
    "Il {instrument} è cumulabile con altri aiuti pubblici solo nei limiti indicati dal "
    "bando e senza superare il {pct}% dei costi.",
    "Gli Incoterms 2020 stabiliscono chi paga il trasporto, l'assicurazione e lo "
    "sdoganamento; per {country} si usa spesso la regola {incoterm}.",
    "Le micro e piccole imprese con sede operativa in Lombardia hanno una riserva pari al "
    "{pct}% della dotazione del {instrument}.",
    "Per ottenere il saldo bisogna caricare sulla piattaforma il documento {doc} entro "
    "{days} giorni dalla fine del progetto.",
]
INCOTERMS = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FOB", "CIF"]


def _sentence(rng: random.Random) -> str:
    country, _ = rng.choice(COUNTRIES)
    doc, doc2 = rng.sample(DOCUMENTS, 2)
    return rng.choice(TEMPLATES).format(
        sector=rng.choice(SECTORS),
        country=country,
        instrument=rng.choice(INSTRUMENTS),
        date=f"{rng.randint(1, 28)} {rng.choice(['marzo', 'giugno', 'settembre', 'dicembre'])}"
        f" {rng.choice([2025, 2026, 2027])}",
        pct=rng.choice([30, 40, 50, 60, 70, 80]),
        amount=f"{rng.randint(2, 300) * 1000:,}".replace(",", "."),
        doc=doc,
        doc2=doc2,
        days=rng.choice([10, 15, 30, 45, 60, 90]),
        year=rng.choice([2022, 2023, 2024]),
        incoterm=rng.choice(INCOTERMS),
    )


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _words(text: str) -> int:
    return len(text.split())


def _front_matter(rng: random.Random, n: int, title: str, country: tuple[str, str]) -> str:
    kind = rng.choice(["instrument", "instrument", "country_guide", "faq", "other"])
    tags = [*rng.sample(SECTORS, 2), country[0].lower()]
    lines = [
        "---",
        f'title: "{title}"',
        f"kind: {kind}",
        "language: it",
        f"updated: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"tags: [{', '.join(tags)}]",
        f"source_url: https://www.example.org/sportello/documento-{n:05d}",
    ]
    if kind == "country_guide":
        lines.append(f"country: {country[1]}")
    if kind == "instrument":
        lines += [
            f"valid_until: {rng.choice([2025, 2026, 2027])}-{rng.randint(1, 12):02d}-28",
            "terms:",
            f'  max_amount: "{rng.randint(5, 500) * 1000:,} euro"'.replace(",", "."),
            f'  rate: "fondo perduto al {rng.choice([30, 50, 70])}%"',
        ]
    lines.append("---")
    return "\n".join(lines)


def realistic_document(rng: random.Random, n: int, min_words: int, max_words: int) -> str:
    """One Markdown document of `min_words`-`max_words` words of body text."""
    country = rng.choice(COUNTRIES)
    instrument = rng.choice(INSTRUMENTS)
    title = f"{instrument[:1].upper()}{instrument[1:]} per {country[0]} (scheda {n})"
    target = rng.randint(min_words, max_words)
    parts = [_front_matter(rng, n, title, country), "", f"# {title}", ""]
    words = 0
    for section in rng.sample(SECTIONS, len(SECTIONS)):
        if words >= target:
            break
        parts += [f"## {section}", ""]
        shape = rng.random()
        if shape < 0.2:
            items = [_sentence(rng) for _ in range(rng.randint(3, 5))]
            parts += [f"- {item}" for item in items] + [""]
            words += sum(_words(i) for i in items)
        elif shape < 0.3:
            parts += ["| Voce | Importo massimo | Quota |", "| --- | --- | --- |"]
            for doc in rng.sample(DOCUMENTS, 3):
                amount, share = rng.randint(1, 90) * 1000, rng.randint(2, 8) * 10
                parts.append(f"| {doc} | {amount} euro | {share}% |")
            parts.append("")
            words += 30
        for _ in range(rng.randint(1, 2)):
            if words >= target:
                break
            paragraph = _paragraph(rng, rng.randint(2, 5))
            parts += [paragraph, ""]
            words += _words(paragraph)
    return "\n".join(parts)


def write_realistic_corpus(
    folder: Path, count: int, *, seed: int = 7, min_words: int = 300, max_words: int = 600
) -> list[Path]:
    """Write `count` realistic documents under kind folders; return their paths."""
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        sub = folder / rng.choice(["instruments", "country_guides", "faq", "services"])
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"scheda-{n:05d}.md"
        path.write_text(realistic_document(rng, n, min_words, max_words), encoding="utf-8")
        paths.append(path)
    return paths


def write_uniform_corpus(
    folder: Path, documents: int, sections: int = 10, *, seed: int = 11
) -> list[Path]:
    """Documents of exactly `sections` sections of 60-170 words: one chunk per section."""
    rng = random.Random(seed)
    paths = []
    for n in range(documents):
        sub = folder / f"lotto-{n // 500:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        country = rng.choice(COUNTRIES)
        title = f"Scheda sintetica {n} per {country[0]}"
        parts = [_front_matter(rng, n, title, country), "", f"# {title}", ""]
        for s in range(sections):
            paragraph = _paragraph(rng, rng.randint(3, 5))
            while _words(paragraph) > 170:
                paragraph = paragraph.rsplit(". ", 1)[0] + "."
            while _words(paragraph) < 60:
                paragraph += " " + _sentence(rng)
            parts += [f"## {SECTIONS[s % len(SECTIONS)]} ({s + 1})", "", paragraph, ""]
        path = sub / f"sintesi-{n:05d}.md"
        path.write_text("\n".join(parts), encoding="utf-8")
        paths.append(path)
    return paths


_TITLE = re.compile(r'^title:\s*"?(.*?)"?\s*$', re.M)


def copy_starter_corpus(folder: Path, copies: int) -> int:
    """Copy the starter corpus `copies` times, each copy edited so no hash repeats.

    Each copy gets its own title suffix (so every chunk's embedding text differs too) and a
    closing editorial note. Returns the number of files written.
    """
    written = 0
    for k in range(1, copies + 1):
        target = folder / f"copia-{k:02d}"
        shutil.copytree(CORPUS, target)
        for path in sorted(target.rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            found = _TITLE.search(text)
            if found:
                title = found.group(1)
                text = text.replace(f"\n# {title}\n", f"\n# {title} (copia {k})\n", 1)
                line = f'title: "{title} (copia {k})"'
                text = text[: found.start()] + line + text[found.end() :]
            text += f"\n\nNota di redazione: copia di prova numero {k} del corpus iniziale.\n"
            path.write_text(text, encoding="utf-8")
            written += 1
    return written

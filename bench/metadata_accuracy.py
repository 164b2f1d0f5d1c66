"""How well document metadata is read (stated leniently, or inferred from the content).

    python -m bench.metadata_accuracy tests/eval/blind_a tests/eval/blind_b [--details]

Each set folder holds `docs/` and `expected_metadata.json` (written by whoever wrote the set).
Every document is loaded as `sportello ingest` loads it; the figures are: documents ingested
(none may be refused for metadata), kind right, country right for country guides, validity
window right for the calls whose text states it, and instrument terms found when the text
states them (read by meaning with the configured embedder, as `sportello ingest` does), both
as written (the expected text inside what was read) and as figures (the same amount and rate
however written: `€ 12.000` is `12.000 euro`), so that a miss shows whether the wrong figure
was read or the right one written another way; then the maximum amount and the rate apart
(as written), for the instruments whose author gave each.
Expected kinds `service` and `glossary` count as our `other` and `faq`. Use `--details` only on
the sets you tune on: it prints each miss.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ingest.chunking import chunk_blocks
from ingest.errors import LoadError
from ingest.loaders import load_file
from ingest.terms import TermsReader, amount_value, read_document_terms
from knowledge.embedders import build_embedder
from knowledge.settings import KnowledgeSettings

_KIND = {"service": "other", "glossary": "faq"}


def _norm(text: Any) -> str:
    return " ".join(str(text or "").lower().replace("\u00a0", " ").split())


def _value(text: Any) -> float | None:
    """The figure a term states, however written (`€ 12.000` and `12,000 euro` are one)."""
    return amount_value(str(text)) if text else None


def score_set(folder: Path, details: bool, reader: TermsReader) -> dict[str, Any]:
    expected: dict[str, dict[str, Any]] = json.loads(
        (folder / "expected_metadata.json").read_text(encoding="utf-8")
    )
    counts = {
        k: [0, 0]
        for k in (
            "ingested",
            "kind",
            "country",
            "validity",
            "terms",
            "terms_value",
            "max_amount",
            "rate",
        )
    }
    for name, want in sorted(expected.items()):
        counts["ingested"][1] += 1
        try:
            doc = load_file(folder / "docs" / name, relpath=name, max_bytes=20_000_000)
            read_document_terms(doc, chunk_blocks(doc.blocks, doc_id=name, doc_hash=""), reader)
            meta = doc.meta
        except LoadError as exc:
            if details:
                print(f"  refused {name}: {exc}")
            continue
        counts["ingested"][0] += 1
        misses = []
        kind = _KIND.get(want["kind"], want["kind"])
        counts["kind"][1] += 1
        if meta.kind.value == kind:
            counts["kind"][0] += 1
        else:
            misses.append(f"kind {meta.kind.value} (expected {kind})")
        if want["kind"] == "country_guide":
            counts["country"][1] += 1
            if meta.country == want.get("country"):
                counts["country"][0] += 1
            else:
                misses.append(f"country {meta.country} (expected {want.get('country')})")
        if want["kind"] == "instrument" and want.get("valid_until"):
            counts["validity"][1] += 1
            got = (
                meta.valid_from.isoformat() if meta.valid_from else None,
                meta.valid_until.isoformat() if meta.valid_until else None,
            )
            if got[1] == want["valid_until"] and (
                not want.get("valid_from") or got[0] == want["valid_from"]
            ):
                counts["validity"][0] += 1
            else:
                misses.append(
                    f"validity {got} (expected {want.get('valid_from')}, {want['valid_until']})"
                )
        terms = want.get("terms") or {}
        if want["kind"] == "instrument" and terms.get("max_amount"):
            counts["terms"][1] += 1
            counts["terms_value"][1] += 1
            got_terms = meta.terms.model_dump() if meta.terms else {}
            ok = _norm(terms["max_amount"]) in _norm(got_terms.get("max_amount"))
            same = _value(terms["max_amount"]) == _value(got_terms.get("max_amount"))
            counts["max_amount"][0] += ok
            counts["max_amount"][1] += 1
            if terms.get("rate"):
                rate_ok = _norm(terms["rate"]) in _norm(got_terms.get("rate"))
                counts["rate"][0] += rate_ok
                counts["rate"][1] += 1
                ok = ok and rate_ok
                same = same and _value(terms["rate"]) == _value(got_terms.get("rate"))
            counts["terms_value"][0] += same
            if ok:
                counts["terms"][0] += 1
            else:
                misses.append(f"terms {got_terms} (expected {terms})")
        if details and misses:
            print(f"  {name}: " + "; ".join(misses))
    return {k: {"right": v[0], "of": v[1]} for k, v in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--details", action="store_true", help="print each miss")
    args = parser.parse_args()
    reader = TermsReader(build_embedder(KnowledgeSettings().embedding_model))
    print(
        "| set | ingested | kind right | country (guides) | validity (calls) | terms "
        "| terms (same figures) | max amount | rate |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for folder in args.sets:
        got = score_set(folder, args.details, reader)
        cells = " | ".join(f"{got[k]['right']}/{got[k]['of']}" for k in got)
        print(f"| {folder.name} | {cells} |")


if __name__ == "__main__":
    main()

"""Language of short messages, and the shorthand of phone messages."""

from __future__ import annotations

import pytest

from knowledge.language import detect_language, expand_shorthand


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("qnto costa x le fiere?", "quanto costa per le fiere?"),
        ("nn so cm fare, xke?", "non so come fare, perché?"),
        ("qnd scade il bando", "quando scade il bando"),
        ("can u apply w/ the form?", "can you apply with the form?"),
        ("Qnto costa?", "quanto costa?"),
        ("fino a qndo vale?", "fino a quando vale?"),
        ("quanti gg di dilazione?", "quanti giorni di dilazione?"),
    ],
)
def test_shorthand_is_written_out(typed: str, meant: str) -> None:
    assert expand_shorthand(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "una cassa 50 cm x 30",
        "R&D grant",
        "EORI number",
        "x-ray machines",
        "l'export",
        "U.S. market",
        "CM Group",
        "Modello X",
    ],
)
def test_units_codes_and_words_are_left_alone(text: str) -> None:
    assert expand_shorthand(text) == text


def test_expanded_shorthand_reads_as_italian() -> None:
    assert detect_language(expand_shorthand("qnto x la fiera")) == "it"

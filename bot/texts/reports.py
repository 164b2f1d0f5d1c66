"""What the quality report says: its Telegram summary (Italian or English), and the charts and
HTML page (Italian). Values are escaped by the caller where the text is HTML."""

from __future__ import annotations

#: The summary sent to Telegram with `/report` and the weekly digest (HTML).
SUMMARY: dict[str, dict[str, str]] = {
    "it": {
        "title": "Sportello Export — qualità",
        "questions": "Domande: {total} ({per_day} al giorno)",
        "outcomes": "Risposte {a} ({ap}) · non coperte {n} ({np}) · chiarimenti {c} ({cp})",
        "escalated": "Ai consulenti: {e} ({ep}) · prima risposta in {m} (mediana)",
        "feedback": "Feedback: 👍 {up} · 👎 {down}",
        "gaps": "Lacune principali",
        "none": "Nessuna domanda senza risposta. 🎉",
        "instruments": "strumenti",
        "purged": "{n} domande senza testo (oltre il periodo di conservazione)",
    },
    "en": {
        "title": "Sportello Export — quality",
        "questions": "Questions: {total} ({per_day} a day)",
        "outcomes": "Answered {a} ({ap}) · not covered {n} ({np}) · clarified {c} ({cp})",
        "escalated": "To advisors: {e} ({ep}) · first reply in {m} (median)",
        "feedback": "Feedback: 👍 {up} · 👎 {down}",
        "gaps": "Top gaps",
        "none": "No unanswered questions. 🎉",
        "instruments": "instruments",
        "purged": "{n} questions without text (past retention)",
    },
}

OUTCOME_LABELS = {
    "answered": "Risposte",
    "clarified": "Chiarimenti chiesti",
    "abstained": "Non coperte",
}
NO_REASON = {"it": "senza motivo", "en": "no reason"}
ONE_QUESTION = "1 domanda"
QUESTIONS = "{n} domande"

# -- charts ----------------------------------------------------------------------------------

CHART_DAY = "Giorno"
CHART_QUESTIONS = "Domande"
CHART_PER_DAY_TITLE = "Domande al giorno per esito ({start:%d/%m/%Y} – {end:%d/%m/%Y})"
CHART_ESCALATED = "Passate ai consulenti"
CHART_SHARE = "% delle domande"
CHART_OUTCOMES_TITLE = "Esiti ({total} domande)"
CHART_USEFUL = "Utili"
CHART_NOT_USEFUL = "Non utili: {reason}"
CHART_RATINGS = "Valutazioni"
CHART_FEEDBACK_TITLE = "Feedback degli utenti"
CHART_NOT_COVERED = "Non coperte"
CHART_DISLIKED = "Risposte non utili"
CHART_TOPIC = "Tema (domanda più tipica)"
CHART_GAPS_TITLE = "Lacune principali della base di conoscenza: domande per tema"

# -- the HTML page ---------------------------------------------------------------------------

PAGE_TITLE = "Sportello Export — qualità e lacune, {period}"
PAGE_HEADING = "Sportello Export — qualità delle risposte e lacune ({period})"
PAGE_GENERATED = (
    "Generato il {at:%d/%m/%Y %H:%M} (ora di Roma). I giorni sono contati nel fuso orario di Roma."
)
PAGE_FIGURES = "Cifre principali"
FIGURE_QUESTIONS = ("Domande", "{total} (in media {per_day} al giorno)")
FIGURE_ANSWERED = ("Con risposta", "{n} ({share})")
FIGURE_ABSTAINED = ("Non coperte dalla base", "{n} ({share})")
FIGURE_CLARIFIED = ("Con richiesta di chiarimento", "{n} ({share})")
FIGURE_ESCALATED = ("Passate ai consulenti (ticket aperti)", "{n} ({share} delle domande)")
FIGURE_FIRST_REPLY = (
    "Tempo mediano alla prima risposta del consulente",
    "{minutes} (su {n} ticket con risposta)",
)
FIGURE_THUMBS_UP = "Feedback positivi"
FIGURE_THUMBS_DOWN = "Feedback negativi"
CHART_TITLES = {
    "per_day": "Domande al giorno per esito",
    "outcomes": "Esiti e feedback",
    "gaps": "Lacune principali",
}
PAGE_CHARTS = "Grafici"
PAGE_GAPS = "Domande senza risposta, raggruppate per tema"
PAGE_GAPS_INTRO = (
    "Domande a cui la base non sapeva rispondere, più quelle con risposta giudicata non "
    "utile, raggruppate per somiglianza di significato (anche tra italiano e inglese). "
    "In tutto {n} domande"
)
PAGE_GAPS_PURGED = (
    ", di cui {purged} già cancellate per il periodo di "
    "conservazione (contate nelle cifre, non nei temi)."
)
PAGE_GAPS_GROUPED = " Raggruppate le {grouped} più recenti; le altre contano solo nelle cifre."
PAGE_BY_COUNTRY = "Per paese"
PAGE_NO_COUNTRY = "Nessun paese nominato nelle domande senza risposta."
PAGE_COUNTRY = "{country} ({code}) — {questions}"
PAGE_INSTRUMENTS = "Strumenti finanziari"
PAGE_INSTRUMENTS_INTRO = "Finanziamenti, contributi, garanzie, assicurazioni, bandi."
PAGE_OTHER_TOPICS = "Altri temi"
TOPICS_NONE = "Nessuna domanda rimasta senza risposta."
TOPICS_MORE = "…e altri {n} temi."
TOPICS_HEADER = ("#", "Domande", "Non coperte", "Non utili", "Esempi", "Paesi", "Tipo")
TOPIC_INSTRUMENTS = "strumenti finanziari"
TOPIC_OTHER = "altro"

"""What the bot says, in Italian and English. Plain text: rendering escapes it for HTML."""

from __future__ import annotations

import datetime as dt

TEXTS: dict[str, dict[str, str]] = {
    "it": {
        "welcome": (
            "Ciao {name}! Sono Sportello Export, l'assistente per le imprese lombarde che "
            "lavorano con l'estero.\n\n"
            "Rispondo su finanziamenti e contributi (SIMEST, SACE, bandi regionali), guide "
            "Paese, dogane, Incoterms e pagamenti, citando sempre le fonti. Se non trovo la "
            "risposta ti metto in contatto con un consulente.\n\n"
            "Scrivimi una domanda, per esempio:"
        ),
        "help": (
            "Scrivi la tua domanda in poche parole, anche con errori: ci penso io.\n\n"
            "/nuovo – ricomincia da capo (dimentico il contesto)\n"
            "/lingua – italiano o inglese\n"
            "/iscrivi – avvisi su Paesi e strumenti (/disiscrivi per smettere)\n"
            "/consulente – parla con un consulente (/fine per chiudere)\n"
            "/privacy – quali dati conservo\n"
            "/cancella – cancella i tuoi dati\n\n"
            "Sotto ogni risposta puoi dirmi se è stata utile."
        ),
        "examples": (
            "Quanto finanzia SIMEST per una fiera all'estero?|"
            "Che documenti servono per esportare negli Stati Uniti?|"
            "Cos'è il numero EORI e come si ottiene?|"
            "Con CIF chi paga l'assicurazione?"
        ),
        "sources": "Fonti",
        "updated": "agg.",
        "closed_on": "chiuso il",
        "btn_up": "👍 Utile",
        "btn_down": "👎 Non utile",
        "btn_advisor": "🧑‍💼 Parla con un consulente",
        "ask_reason": "Grazie! Cosa non andava?",
        "reason_wrong": "Sbagliata",
        "reason_incomplete": "Incompleta",
        "reason_outdated": "Non aggiornata",
        "reason_off_topic": "Non c'entra",
        "thanks_feedback": "Grazie per il riscontro!",
        "clarify_hint": "Tocca un'opzione o riscrivi la domanda con più dettagli.",
        "language_set": "D'ora in poi ti rispondo in italiano.",
        "choose_language": "In che lingua preferisci le risposte?",
        "context_cleared": "Fatto: ripartiamo da zero. Fammi pure una nuova domanda.",
        "advisor_unavailable": (
            "Per parlare con un consulente scrivi a {contact}. Indica la tua domanda, il Paese "
            "e lo strumento che ti interessa: ti risponderanno al più presto."
        ),
        "privacy": (
            "Cosa conservo: la tua lingua, le ultime domande e risposte della chat (per capire "
            "le domande di seguito, dimenticate dopo {ttl} minuti di inattività), le risposte "
            "date con l'esito e i tuoi riscontri. I testi delle domande sono cancellati dopo "
            "{days} giorni; restano solo conteggi anonimi. Non conservo foto, audio o file.\n"
            "Con /cancella elimini subito tutti i tuoi dati."
        ),
        "confirm_delete": "Vuoi davvero cancellare tutti i tuoi dati? Non si può annullare.",
        "btn_confirm_delete": "Sì, cancella",
        "btn_cancel": "No",
        "deleted": "Fatto: ho cancellato {turns} messaggi di contesto, {answers} risposte e "
        "{feedback} riscontri.",
        "delete_cancelled": "Va bene, non ho cancellato nulla.",
        "rate_limited": (
            "Stai scrivendo più in fretta di quanto riesca a rispondere 🙂 Riprova tra {seconds} "
            "secondi."
        ),
        "non_text": (
            "Per ora leggo solo messaggi di testo. Scrivimi la tua domanda su export, "
            "finanziamenti, dogane o Paesi esteri."
        ),
        "truncated": (
            "Il messaggio era molto lungo: ho risposto ai primi {limit} caratteri. Se serve, "
            "mandami il resto in un secondo messaggio."
        ),
        "error": (
            "Scusa, qualcosa è andato storto mentre rispondevo. Riprova tra poco; se il problema "
            "continua usa /consulente."
        ),
        "empty_kb": (
            "La base di conoscenza è vuota: lo staff deve ancora caricare i documenti. "
            "Usa /consulente per parlare con una persona."
        ),
        "edited_note": "Hai modificato il messaggio: ecco la risposta alla nuova versione.",
        "cmd_start": "Inizia e vedi cosa so fare",
        "cmd_help": "Come usare il bot",
        "cmd_lingua": "Cambia lingua (italiano/inglese)",
        "cmd_nuovo": "Ricomincia una nuova conversazione",
        "cmd_consulente": "Parla con un consulente",
        "cmd_privacy": "Quali dati conservo",
        "cmd_cancella": "Cancella i miei dati",
        "esc_confirm": "Passo ai consulenti questa domanda:\n«{question}»\nConfermi?",
        "esc_ask_question": (
            "Scrivi qui la domanda per i consulenti, con i dettagli che ritieni utili."
        ),
        "esc_ask_detail": (
            "Vuoi aggiungere un dettaglio che aiuti il consulente (Paese, strumento, dimensione "
            "dell'impresa)? Scrivilo qui oppure tocca «Salta»."
        ),
        "btn_send": "Sì, invia",
        "btn_skip": "Salta",
        "esc_cancelled": "Va bene, nessuna richiesta inviata ai consulenti.",
        "esc_opened": (
            "Fatto: la tua domanda è arrivata ai consulenti (ticket #{id}). Ti rispondono qui, "
            "in questa chat. Finché il ticket è aperto inoltro a loro i tuoi messaggi; scrivi "
            "/fine per chiuderlo e tornare al bot."
        ),
        "esc_after_hours": "Ora siamo fuori orario: i consulenti riprendono {when}.",
        "esc_routed": (
            "Ho inoltrato il tuo messaggio al consulente (ticket #{id}); non rispondo io finché "
            "il ticket è aperto. Scrivi /fine per chiuderlo e tornare al bot."
        ),
        "esc_already_open": (
            "Hai già un ticket aperto (#{id}): scrivi qui e lo inoltro ai consulenti. /fine per "
            "chiuderlo."
        ),
        "esc_advisor_says": "💬 {name} (consulente):",
        "esc_closed_by_user": "Ticket #{id} chiuso. Da ora torno a risponderti io.",
        "esc_closed_by_advisor": (
            "Il consulente ha chiuso il ticket #{id}. Da ora torno a risponderti io."
        ),
        "esc_rate": "Com'è andata con il consulente? Dai un voto da 1 a 5.",
        "esc_rated": "Grazie del voto!",
        "esc_no_ticket": "Non hai ticket aperti: scrivimi pure la tua domanda.",
        "esc_delivery_failed": "Non sono riuscito a inoltrare il messaggio: riprova tra poco.",
        "cmd_fine": "Chiudi il ticket con il consulente",
        "cmd_iscrivi": "Avvisi su Paesi e strumenti che ti interessano",
        "cmd_disiscrivi": "Smetti di ricevere avvisi",
        "advisor_team": "Sportello Export",
        "sub_menu": (
            "Scegli su cosa ricevere un avviso quando lo staff aggiunge o aggiorna un documento. "
            "Tocca un tema per attivarlo o toglierlo (✅ = attivo)."
        ),
        "sub_kind_instrument": "Finanziamenti e contributi",
        "sub_kind_country_guide": "Guide Paese",
        "sub_kind_faq": "FAQ",
        "sub_btn_done": "Fatto",
        "sub_on": "Avvisi attivi: {topic}",
        "sub_off": "Avvisi tolti: {topic}",
        "sub_summary": "Riceverai un avviso su: {topics}. /disiscrivi per non riceverne più.",
        "sub_summary_none": "Non ricevi avvisi. Con /iscrivi scegli Paesi e temi.",
        "sub_stopped": (
            "Fatto: non riceverai più avvisi (iscrizioni tolte: {count}). Con /iscrivi puoi "
            "riattivarli."
        ),
        "sub_none": "Non eri iscritto ad alcun avviso. Con /iscrivi scegli Paesi e temi.",
        "sub_notice": (
            "📬 Novità nello Sportello Export:\n«{title}»\nTocca «Chiedi» per sapere di cosa "
            "tratta. /disiscrivi per non ricevere più avvisi."
        ),
        "sub_btn_ask": "Chiedi",
        "sub_question": "Di cosa tratta «{title}»?",
        "sub_gone": "Questo avviso non è più disponibile.",
        "sub_cmd_iscrivi": "Avvisi su Paesi e strumenti",
        "sub_cmd_disiscrivi": "Non ricevere più avvisi",
        "sub_country_US": "Stati Uniti",
        "sub_country_CN": "Cina",
        "sub_country_DE": "Germania",
        "sub_country_FR": "Francia",
        "sub_country_AE": "Emirati Arabi Uniti",
        "sub_country_CH": "Svizzera",
        "sub_country_GB": "Regno Unito",
        "sub_country_IN": "India",
        "sub_country_BR": "Brasile",
        "sub_country_JP": "Giappone",
    },
    "en": {
        "welcome": (
            "Hi {name}! I am Sportello Export, the assistant for Lombard firms working with "
            "foreign markets.\n\n"
            "I answer about loans and grants (SIMEST, SACE, regional calls), country guides, "
            "customs, Incoterms and payments, always citing my sources. If I cannot find the "
            "answer I put you in touch with an advisor.\n\n"
            "Ask me a question, for example:"
        ),
        "help": (
            "Type your question in a few words, typos are fine.\n\n"
            "/nuovo – start over (I forget the context)\n"
            "/lingua – Italian or English\n"
            "/iscrivi – alerts on countries and instruments (/disiscrivi stops them)\n"
            "/consulente – talk to an advisor (/fine closes it)\n"
            "/privacy – what data I keep\n"
            "/cancella – delete your data\n\n"
            "Under each answer you can tell me whether it helped."
        ),
        "examples": (
            "How much does SIMEST lend for a trade fair abroad?|"
            "What do I need to export food to the USA?|"
            "What is an EORI number?|"
            "With CIF, who pays the insurance?"
        ),
        "sources": "Sources",
        "updated": "upd.",
        "closed_on": "closed on",
        "btn_up": "👍 Helpful",
        "btn_down": "👎 Not helpful",
        "btn_advisor": "🧑‍💼 Talk to an advisor",
        "ask_reason": "Thanks! What was wrong?",
        "reason_wrong": "Wrong",
        "reason_incomplete": "Incomplete",
        "reason_outdated": "Out of date",
        "reason_off_topic": "Off topic",
        "thanks_feedback": "Thanks for the feedback!",
        "clarify_hint": "Tap an option or ask again with more detail.",
        "language_set": "From now on I will answer in English.",
        "choose_language": "Which language do you prefer?",
        "context_cleared": "Done: we start from scratch. Ask me a new question.",
        "advisor_unavailable": (
            "To talk to an advisor write to {contact}. Mention your question, the country and "
            "the instrument you are interested in: they will answer as soon as possible."
        ),
        "privacy": (
            "What I keep: your language, the last questions and answers of this chat (to "
            "understand follow-ups, forgotten after {ttl} minutes of inactivity), the answers "
            "I gave with their outcome, and your feedback. Question texts are deleted after "
            "{days} days; only anonymous counts remain. I keep no photos, audio or files.\n"
            "/cancella deletes all your data at once."
        ),
        "confirm_delete": "Do you really want to delete all your data? This cannot be undone.",
        "btn_confirm_delete": "Yes, delete",
        "btn_cancel": "No",
        "deleted": "Done: I deleted {turns} context messages, {answers} answers and "
        "{feedback} feedback entries.",
        "delete_cancelled": "Fine, nothing was deleted.",
        "rate_limited": (
            "You are writing faster than I can answer 🙂 Please try again in {seconds} seconds."
        ),
        "non_text": (
            "For now I only read text messages. Ask me about exporting, funding, customs or "
            "foreign markets."
        ),
        "truncated": (
            "Your message was very long: I answered its first {limit} characters. Send me the "
            "rest in another message if needed."
        ),
        "error": (
            "Sorry, something went wrong while answering. Please try again shortly; if it "
            "keeps happening use /consulente."
        ),
        "empty_kb": (
            "The knowledge base is empty: staff have not loaded the documents yet. "
            "Use /consulente to talk to a person."
        ),
        "edited_note": "You edited your message: here is the answer to the new version.",
        "cmd_start": "Start and see what I can do",
        "cmd_help": "How to use the bot",
        "cmd_lingua": "Change language (Italian/English)",
        "cmd_nuovo": "Start a new conversation",
        "cmd_consulente": "Talk to an advisor",
        "cmd_privacy": "What data I keep",
        "cmd_cancella": "Delete my data",
        "esc_confirm": "I will pass this question to the advisors:\n«{question}»\nConfirm?",
        "esc_ask_question": "Write your question for the advisors here, with any useful detail.",
        "esc_ask_detail": (
            "Would you like to add a detail that helps the advisor (country, instrument, size "
            "of your firm)? Write it here or tap “Skip”."
        ),
        "btn_send": "Yes, send",
        "btn_skip": "Skip",
        "esc_cancelled": "Fine, nothing was sent to the advisors.",
        "esc_opened": (
            "Done: your question reached the advisors (ticket #{id}). They will answer here, in "
            "this chat. While the ticket is open I forward your messages to them; send /fine to "
            "close it and talk to the bot again."
        ),
        "esc_after_hours": "We are outside office hours now: the advisors are back {when}.",
        "esc_routed": (
            "I forwarded your message to the advisor (ticket #{id}); I do not answer while the "
            "ticket is open. Send /fine to close it and talk to the bot again."
        ),
        "esc_already_open": (
            "You already have an open ticket (#{id}): write here and I forward it to the "
            "advisors. /fine closes it."
        ),
        "esc_advisor_says": "💬 {name} (advisor):",
        "esc_closed_by_user": "Ticket #{id} closed. From now on I answer again.",
        "esc_closed_by_advisor": "The advisor closed ticket #{id}. From now on I answer again.",
        "esc_rate": "How did it go with the advisor? Rate it from 1 to 5.",
        "esc_rated": "Thanks for rating!",
        "esc_no_ticket": "You have no open ticket: just ask me your question.",
        "esc_delivery_failed": "I could not forward your message: please try again shortly.",
        "cmd_fine": "Close the ticket with the advisor",
        "cmd_iscrivi": "Alerts on the countries and instruments you follow",
        "cmd_disiscrivi": "Stop the alerts",
        "advisor_team": "Sportello Export",
        "sub_menu": (
            "Choose what you want a notice about when staff add or update a document. Tap a "
            "topic to turn it on or off (✅ = on)."
        ),
        "sub_kind_instrument": "Funding and grants",
        "sub_kind_country_guide": "Country guides",
        "sub_kind_faq": "FAQ",
        "sub_btn_done": "Done",
        "sub_on": "Notices on: {topic}",
        "sub_off": "Notices off: {topic}",
        "sub_summary": "You will get a notice about: {topics}. /disiscrivi stops them.",
        "sub_summary_none": "You get no notices. Choose countries and topics with /iscrivi.",
        "sub_stopped": (
            "Done: no more notices (subscriptions removed: {count}). /iscrivi turns them back on."
        ),
        "sub_none": "You had no subscriptions. Choose countries and topics with /iscrivi.",
        "sub_notice": (
            "📬 New in Sportello Export:\n«{title}»\nTap «Ask» to find out what it covers. "
            "/disiscrivi stops these notices."
        ),
        "sub_btn_ask": "Ask",
        "sub_question": "What is «{title}» about?",
        "sub_gone": "This notice is no longer available.",
        "sub_cmd_iscrivi": "Notices on countries and instruments",
        "sub_cmd_disiscrivi": "Stop notices",
        "sub_country_US": "United States",
        "sub_country_CN": "China",
        "sub_country_DE": "Germany",
        "sub_country_FR": "France",
        "sub_country_AE": "United Arab Emirates",
        "sub_country_CH": "Switzerland",
        "sub_country_GB": "United Kingdom",
        "sub_country_IN": "India",
        "sub_country_BR": "Brazil",
        "sub_country_JP": "Japan",
    },
}

COMMANDS = (
    "start",
    "help",
    "lingua",
    "nuovo",
    "consulente",
    "fine",
    "iscrivi",
    "disiscrivi",
    "privacy",
    "cancella",
)

WEEKDAYS = {
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS = {
    "it": (
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def when(language: str, moment: dt.datetime) -> str:
    """`lunedì 28 dicembre alle 09:00` / `Monday 28 December at 09:00`."""
    lang = "en" if language == "en" else "it"
    day = WEEKDAYS[lang][moment.weekday()]
    month = MONTHS[lang][moment.month - 1]
    at = "at" if lang == "en" else "alle"
    return f"{day} {moment.day} {month} {at} {moment:%H:%M}"


FEEDBACK_REASONS = ("wrong", "incomplete", "outdated", "off_topic")


def text(language: str, key: str, **values: object) -> str:
    """A text in the user's language (Italian for anything but English)."""
    table = TEXTS["en"] if language == "en" else TEXTS["it"]
    return table[key].format(**values) if values else table[key]


def examples(language: str) -> list[str]:
    return text(language, "examples").split("|")


def user_language(language_code: str | None) -> str:
    """The reply language for a Telegram `language_code` (`en-GB` → en; others → it)."""
    return "en" if (language_code or "").lower().startswith("en") else "it"

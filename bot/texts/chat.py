"""What the bot says to users in the chat: welcome, help, answers and their buttons,
language, privacy, errors, command descriptions; in Italian and English."""

from __future__ import annotations

IT: dict[str, str] = {
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
    "unknown_command": "Comando non riconosciuto: /help",
    "cmd_start": "Inizia e vedi cosa so fare",
    "cmd_help": "Come usare il bot",
    "cmd_lingua": "Cambia lingua (italiano/inglese)",
    "cmd_nuovo": "Ricomincia una nuova conversazione",
    "cmd_privacy": "Quali dati conservo",
    "cmd_cancella": "Cancella i miei dati",
}

EN: dict[str, str] = {
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
    "unknown_command": "Unknown command: /help",
    "cmd_start": "Start and see what I can do",
    "cmd_help": "How to use the bot",
    "cmd_lingua": "Change language (Italian/English)",
    "cmd_nuovo": "Start a new conversation",
    "cmd_privacy": "What data I keep",
    "cmd_cancella": "Delete my data",
}

#: The terminal chat (`sportello chat`), in Italian.
TERMINAL_GREETING = (
    "Sportello Export: scrivi una domanda (Ctrl-D per uscire, /nuovo per ricominciare).\n"
)
TERMINAL_CONTEXT_CLEARED = "(contesto azzerato)\n"
TERMINAL_RATE_LIMITED = "(troppe domande: riprova tra {seconds} s)\n"

#: `/lingua`: each language named in itself.
LANGUAGE_NAMES = {"it": "🇮🇹 Italiano", "en": "🇬🇧 English"}

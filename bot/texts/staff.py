"""What the bot says to staff: `/kb`, uploads, web sources, expiry warnings (in Italian, the
staff's language). Values are escaped by the caller where the message is HTML."""

from __future__ import annotations

# -- /kb ------------------------------------------------------------------------------------

KB_USAGE = (
    "Uso: /kb · /kb cerca TERMINE · /kb rimuovi DOC · /kb url URL · /kb aggiorna\n"
    "Per aggiungere un documento mandalo come file (PDF, DOCX, MD, TXT, HTML), con "
    "una didascalia facoltativa: tipo=strumento paese=US valido_fino=2027-06-30"
)
KB_FAILED = "❌ {error}"
KB_REFRESHING = "⏳ Aggiorno tutte le fonti…"
KB_REFRESHED = "✅ Aggiornamento: {report}"

#: `/kb`: what the base holds (HTML).
KB_STATS = (
    "<b>Base di conoscenza</b>\n"
    "Documenti: {documents} · passaggi: {chunks}\n"
    "Per tipo: {by_kind}\n"
    "Per lingua: {by_language}\n"
    "Con metadati dedotti dal testo: {inferred}\n"
    "Ultimo aggiornamento: {updated_at}\n"
    "Embedder: {embedder}"
)

#: `/kb cerca` (HTML).
SEARCH_NOTHING = "Nessun documento per «{term}»."
SEARCH_TITLE = "<b>Risultati per «{term}»</b>"
SEARCH_ITEM = "• <code>{doc_id}</code> — {title} ({described})"
SEARCH_INFERRED = "* dedotto dal testo"
VALID_UNTIL = "fino al {date}"

#: `/kb rimuovi` (HTML).
REMOVED = "🗑 Rimosso <code>{doc_id}</code>.{note}"
REMOVED_BUT_IN_SOURCES = (
    "\nNota: il file è nelle fonti configurate (sources.yaml): toglilo anche da lì, "
    "o tornerà al prossimo aggiornamento."
)

#: `/kb url` (HTML).
URL_NEEDED = "❌ Serve un indirizzo http(s)://"
URL_FETCHING = "⏳ Scarico {url}…"
URL_ADDED = "✅ Fonte web aggiunta: {url}\n{report}"
URL_REFUSED = "❌ Non aggiunta: {reason}"

# -- what an ingest did ----------------------------------------------------------------------

REPORT_ADDED = "{n} aggiunti"
REPORT_UPDATED = "{n} aggiornati"
REPORT_REMOVED = "{n} rimossi"
REPORT_GONE = "{n} pagine sparite (rimosse)"
REPORT_FAILED = "{n} con errori"
REPORT_NOTHING = "nessuna modifica"
REPORT_SUMMARY = "{summary}; {chunks} passaggi indicizzati, {seconds:.1f} s."
REPORT_FAILURE = "❌ {path}: {reason}"

# -- jobs ------------------------------------------------------------------------------------

WEB_REFRESH_FAILED = "⚠️ Aggiornamento delle fonti web non riuscito: {error}"
WEB_REFRESHED = "🌐 Aggiornamento delle fonti web: {report}"
EXPIRY_TITLE = "<b>Scadenze da controllare</b>"
EXPIRED = "⛔ <b>{title}</b> è scaduto il {until:%d/%m/%Y} (<code>{doc_id}</code>)"
EXPIRING = "⏳ <b>{title}</b> scade il {until:%d/%m/%Y} (<code>{doc_id}</code>)"

# -- uploads ---------------------------------------------------------------------------------

UPLOAD_DEFAULT_NAME = "documento"
UPLOAD_RECEIVED = "⏳ Ricevuto «{name}»: lo controllo…"
UPLOAD_EMBEDDING = "🧠 Indicizzo i passaggi: {done}/{total}…"
UPLOAD_INDEXING = "🔎 «{title}»: indicizzo…"
UPLOAD_REFUSED = "❌ Rifiutato «{name}»: {reason}"
UPLOAD_NOT_INDEXED = "⚠️ Salvato ma non ancora indicizzato: {error}"
UPLOAD_UNKNOWN_FAILURE = "errore"
UPLOAD_ADDED = "✅ Aggiunto"
UPLOAD_UPDATED = "🔄 Aggiornato"
UPLOAD_DONE = "{verb} «{title}» ({chunks} passaggi).{replaced}\n{understood}"
UPLOAD_REPLACES = "\nSostituisce: {names}"
UPLOAD_TOO_LARGE = "il file supera i 20 MB che Telegram consente ai bot di scaricare"
UPLOAD_TOO_LARGE_HINT = "caricalo con `sportello ingest` dal server"

CAPTION_UNREADABLE = "la didascalia non si legge ({error})"
CAPTION_NOT_KEY_VALUE = (
    "«{part}» non è nella forma chiave=valore (chiavi: tipo, paese, lingua, titolo, "
    "valido_dal, valido_fino, fonte, sostituisce)"
)
CAPTION_UNKNOWN_KEY = "chiave sconosciuta «{key}»"

#: What an upload's metadata was read as.
UNDERSTOOD = "Capito: {fields}."
UNDERSTOOD_KIND = "tipo {value}"
UNDERSTOOD_LANGUAGE = "lingua {value}"
UNDERSTOOD_COUNTRY = "paese {value}"
UNDERSTOOD_VALIDITY = "valido {since} → {until}"
UNDERSTOOD_TERMS = "condizioni: {terms}"
UNDERSTOOD_INFERRED = "(* dedotto dal testo)"
UNDERSTOOD_WARNING = "⚠️ {warning}"
UNDERSTOOD_HOW_TO_CORRECT = (
    "Per correggere, rimanda il file con una didascalia, per esempio: "
    "tipo=bando paese=MX valido_fino=31/03/2027"
)

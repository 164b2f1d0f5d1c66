"""What the bot says to users about advisors and tickets: the request, its confirmation,
the relayed replies, closing and rating; in Italian and English."""

from __future__ import annotations

IT: dict[str, str] = {
    "advisor_unavailable": (
        "Per parlare con un consulente scrivi a {contact}. Indica la tua domanda, il Paese "
        "e lo strumento che ti interessa: ti risponderanno al più presto."
    ),
    "cmd_consulente": "Parla con un consulente",
    "faq_heading": "Risposta dei consulenti",
    "faq_origin": "Fonte: risposta dei consulenti dello Sportello al ticket #{id}.",
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
    "advisor_team": "Sportello Export",
}

EN: dict[str, str] = {
    "advisor_unavailable": (
        "To talk to an advisor write to {contact}. Mention your question, the country and "
        "the instrument you are interested in: they will answer as soon as possible."
    ),
    "cmd_consulente": "Talk to an advisor",
    "faq_heading": "Answer from the advisors",
    "faq_origin": "Source: the advisors' answer to ticket #{id}.",
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
    "advisor_team": "Sportello Export",
}

"""What the bot says to users about notices: `/iscrivi`, `/disiscrivi`, the topics, the
notice itself; in Italian and English."""

from __future__ import annotations

IT: dict[str, str] = {
    "cmd_iscrivi": "Avvisi su Paesi e strumenti che ti interessano",
    "cmd_disiscrivi": "Smetti di ricevere avvisi",
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
}

EN: dict[str, str] = {
    "cmd_iscrivi": "Alerts on the countries and instruments you follow",
    "cmd_disiscrivi": "Stop the alerts",
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
}

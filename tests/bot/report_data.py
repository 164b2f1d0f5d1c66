"""Questions the knowledge base cannot answer, labelled by topic, as users type them: Italian
and English, chat shorthand, typos. The report tests seed the database with them; the same set
measured the grouping threshold of `bot.reports.topics.DEFAULT_SIMILARITY`."""

from __future__ import annotations

LABELLED_GAPS: list[tuple[str, str]] = [
    ("argentina_wine", "Quali dazi paga il vino esportato in Argentina?"),
    ("argentina_wine", "dazi per esportare vino in argentina"),
    ("argentina_wine", "What are the import duties for wine in Argentina?"),
    ("argentina_wine", "Argentina: quanto costano i dazi doganali sul vino?"),
    ("argentina_wine", "che dazio c'è sul vino rosso in Argentina??"),
    ("vietnam_machinery", "Quali sono i dazi per esportare macchinari in Vietnam?"),
    ("vietnam_machinery", "What duties apply to machinery exported to Vietnam?"),
    ("vietnam_machinery", "dazi doganali vietnam per macchine utensili"),
    ("vietnam_machinery", "Vietnam import tariff on industrial machines"),
    ("vietnam_machinery", "quanto si paga di dazio in Vietnam sui macchinari?"),
    ("pensions", "Come funziona la pensione per i dipendenti mandati all'estero?"),
    ("pensions", "pensione di un lavoratore distaccato all'estero, chi paga i contributi?"),
    ("pensions", "How do pensions work for staff posted abroad?"),
    ("pensions", "i contributi pensionistici di un dipendente in trasferta lunga all'estero"),
    ("chile_wine", "Quali dazi paga il vino esportato in Cile?"),
    ("chile_wine", "wine import duties in Chile"),
    ("vietnam_visa", "Serve un visto per andare in Vietnam per affari?"),
    ("vietnam_visa", "Do I need a business visa for Vietnam?"),
    ("vietnam_visa", "visto d'affari vietnam come si ottiene"),
    ("batteries", "Come spedisco all'estero prodotti con batterie al litio?"),
    ("batteries", "shipping lithium batteries abroad, what rules?"),
    ("batteries", "spedizione batterie litio extra UE regole trasporto"),
    ("batteries", "posso spedire via aerea merci con batterie al litio?"),
    ("agent_germany", "Come faccio un contratto con un agente di commercio in Germania?"),
    ("agent_germany", "agente commerciale tedesco: indennità di fine rapporto?"),
    ("agent_germany", "commercial agent contract in Germany, termination indemnity"),
    ("weather", "Che tempo fa a Milano domani?"),
    ("greeting", "ciao, come stai?"),
]

#: Questions about funding instruments the base does not cover (a topic of its own).
INSTRUMENT_GAPS: list[str] = [
    "C'è un finanziamento agevolato per aprire uno showroom in Messico?",
    "finanziamento agevolato showroom messico, quanto è il massimo?",
    "Is there a subsidised loan to open a showroom in Mexico?",
]

#: What a thumbs-down answer was asked, and a question whose text must be escaped.
DISLIKED_QUESTION = "Quanto costa il certificato di origine per la Svizzera?"
SCRIPT_QUESTION = "<script>alert('x')</script> dazi & tasse in Perù?"

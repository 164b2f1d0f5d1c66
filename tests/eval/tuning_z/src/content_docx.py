# -*- coding: utf-8 -*-
"""Word documents of tuning_z (5 files), as block lists. Everything here is invented.
Blocks: ("h1"|"h2", text), ("p", text), ("ul", [items]), ("table", [header, row, ...])."""

DOCX = {}

DOCX["fondo_rotativo_frli.docx"] = [
    ("h1", "Fondo Rotativo Lombardo per l'Internazionalizzazione (FRLI) – Avviso 2027"),
    ("p", "Gestione Fondi Lombardia S.c.p.A., soggetto gestore del Fondo Rotativo Lombardo per "
          "l'Internazionalizzazione (FRLI), pubblica l'avviso 2027 per la concessione di finanziamenti "
          "a medio termine alle PMI lombarde che realizzano programmi di sviluppo sui mercati esteri. "
          "Il Fondo, istituito nel 2019, dispone per il 2027 di una dotazione di 30 milioni di euro."),
    ("h2", "1. Programmi ammissibili"),
    ("p", "Sono ammissibili i programmi di internazionalizzazione di importo compreso tra 100.000 e "
          "900.000 euro che prevedono almeno una delle seguenti attività: apertura di filiali o uffici "
          "commerciali all'estero, avvio di reti di vendita, attività promozionali strutturate in uno o "
          "più paesi, adeguamento di prodotti e processi agli standard dei mercati di destinazione."),
    ("p", "Il programma deve essere realizzato entro 18 mesi dalla data di concessione."),
    ("h2", "2. Caratteristiche del finanziamento"),
    ("p", "Il programma è finanziato per il 50% con risorse del Fondo e per il restante 50% da una "
          "banca convenzionata, a condizioni di mercato. Le condizioni della quota del Fondo sono "
          "riassunte nella tabella seguente."),
    ("table", [
        ["Caratteristica", "Condizione"],
        ["Quota coperta dal Fondo", "50% del programma ammissibile"],
        ["Importo minimo del finanziamento", "€ 50.000"],
        ["Importo massimo del finanziamento per impresa", "€ 450.000"],
        ["Tasso di interesse", "0,50% nominale annuo, fisso"],
        ["Durata", "fino a 7 anni, di cui massimo 2 di preammortamento"],
        ["Rimborso", "rate semestrali costanti posticipate"],
        ["Spese di istruttoria", "nessuna"],
    ]),
    ("p", "La quota bancaria ha la stessa durata della quota del Fondo. L'impresa può chiedere "
          "l'estinzione anticipata in qualsiasi momento senza penali."),
    ("h2", "3. Beneficiari"),
    ("p", "Possono presentare domanda le PMI con sede operativa in Lombardia, iscritte al Registro "
          "delle imprese da almeno 24 mesi, con almeno due bilanci approvati e un fatturato estero "
          "pari ad almeno il 5% del fatturato totale nell'ultimo esercizio."),
    ("h2", "4. Presentazione delle domande"),
    ("p", "Le domande si presentano dal 18 gennaio 2027 all'8 ottobre 2027, esclusivamente tramite il "
          "portale di Gestione Fondi Lombardia, insieme alla lettera di disponibilità della banca "
          "convenzionata a finanziare la propria quota."),
    ("p", "L'istruttoria è svolta a sportello, in ordine cronologico. Gestione Fondi Lombardia valuta "
          "la sostenibilità economico-finanziaria dell'impresa e la coerenza del programma; l'esito è "
          "comunicato tramite PEC."),
    ("h2", "5. Erogazione"),
    ("p", "Il finanziamento è erogato in due tranche: il 60% alla firma del contratto e il 40% "
          "quando l'impresa dimostra di aver sostenuto almeno metà delle spese del programma."),
    ("h2", "6. Contatti"),
    ("p", "Gestione Fondi Lombardia S.c.p.A. – Servizio Fondi per l'Internazionalizzazione – "
          "frli@gestionefondi.example – https://www.gestionefondi.example/frli"),
]

DOCX["tem_voucher_lakes_valleys_2027.docx"] = [
    ("h1", "TEM Voucher 2027 – Lakes & Valleys Chamber of Commerce"),
    ("p", "The Lakes & Valleys Chamber of Commerce launches the 2027 TEM Voucher to help small and "
          "medium-sized enterprises hire a Temporary Export Manager (TEM). The TEM works with the "
          "company for a defined period to analyse foreign markets, build an export plan and start "
          "contacts with distributors and customers. The total budget of the call is EUR 500,000."),
    ("h2", "Amount of the voucher"),
    ("p", "The voucher covers 70% of the TEM fee, net of VAT. The maximum amount depends on the "
          "length of the TEM contract, as shown below."),
    ("table", [
        ["Length of the TEM contract", "Maximum voucher"],
        ["6 to 8 months", "EUR 10,000"],
        ["9 to 11 months", "EUR 14,000"],
        ["12 months or more", "EUR 18,000"],
    ]),
    ("p", "Maximum per company: EUR 18,000. Each company can receive only one voucher under this call. "
          "In the 2026 call the maximum voucher was EUR 15,000."),
    ("h2", "Eligible costs"),
    ("ul", [
        "the TEM fee, based on a written contract of at least 6 months;",
        "travel costs of the TEM for missions abroad, up to 10% of the fee;",
        "market databases and lists of potential buyers purchased by the TEM for the project.",
    ]),
    ("p", "Salaries of company employees, fair participation costs and advertising are not eligible."),
    ("h2", "Who can apply"),
    ("p", "Micro, small and medium-sized enterprises with registered office or an operating site in "
          "the area of the Lakes & Valleys Chamber of Commerce, active and up to date with the annual "
          "chamber fee. The TEM must be chosen from the Chamber's list of qualified export managers "
          "and must not be a shareholder or employee of the company."),
    ("h2", "Application period"),
    ("p", "Applications may be submitted from 3 March 2027 until 18 June 2027 at 17:00 CET, through "
          "the Chamber's online platform. Applications are ranked by date and time of submission."),
    ("p", "The application must include the draft TEM contract, the TEM's CV and a short description "
          "of the target markets. The TEM contract must be signed within 60 days of the grant decision."),
    ("h2", "State aid"),
    ("p", "The voucher is granted under the de minimis regime."),
    ("h2", "Contacts"),
    ("p", "Lakes & Valleys Chamber of Commerce – International Desk – tem@lakesvalleys-chamber.example"),
]

DOCX["mou_lombardy_poland_vlbc.docx"] = [
    ("h1", "Memorandum of Understanding"),
    ("p", "between the Lombardy Export Desk Network (Sportello Export Lombardia), Milan, and the "
          "Vistula-Lombardy Business Council (VLBC), Warsaw, hereinafter the Parties."),
    ("h2", "Preamble"),
    ("p", "Poland is one of the fastest growing markets for Lombard exporters, especially in machinery, "
          "automotive components and food. Both Parties wish to make it easier for small and medium-sized "
          "companies to find partners, information and assistance on the other side, and to exchange "
          "market knowledge on a regular basis."),
    ("h2", "Article 1 – Purpose"),
    ("p", "This Memorandum sets out a framework for cooperation between the Parties to promote trade and "
          "business partnerships between companies based in Lombardy and in Poland."),
    ("h2", "Article 2 – Joint activities"),
    ("table", [
        ["Activity", "Responsible Party", "Frequency"],
        ["B2B matchmaking days for Lombard and Polish companies", "both Parties", "2 per year"],
        ["Market briefings on Polish regions and sectors", "VLBC", "quarterly"],
        ["Desk space in Warsaw for visiting Lombard companies", "VLBC", "up to 10 days per company per year"],
        ["Information on Lombard suppliers for Polish buyers", "Sportello Export Lombardia", "on request"],
    ]),
    ("h2", "Article 3 – Contact persons"),
    ("p", "Each Party appoints a contact person responsible for the implementation of this Memorandum. "
          "For Sportello Export Lombardia: Davide Marchetti, europe@sportelloexport.example. For VLBC: "
          "Katarzyna Nowicka, office@vlbc.example."),
    ("h2", "Article 4 – Costs"),
    ("p", "This Memorandum does not create financial obligations. Each Party bears its own costs. "
          "Services to companies under Article 2 are free of charge unless otherwise agreed in writing."),
    ("h2", "Article 5 – Entry into force and duration"),
    ("p", "This Memorandum enters into force on 1 June 2027 and remains in force for two years, until "
          "31 May 2029. It may be renewed by written agreement of the Parties. Either Party may terminate "
          "it with three months' written notice."),
    ("h2", "Article 6 – Nature of the Memorandum"),
    ("p", "This Memorandum is not legally binding and does not create rights or obligations under "
          "international or national law. It does not prevent either Party from cooperating with other "
          "organisations."),
    ("p", "Signed in Milan on 12 May 2027, in two originals in English."),
]

DOCX["trade_fair_support_oglio_2027.docx"] = [
    ("h1", "Trade Fair Support 2027 – Oglio Valley Chamber of Commerce"),
    ("p", "The Oglio Valley Chamber of Commerce supports local SMEs that exhibit at international trade "
          "fairs, in Italy and abroad. The call has a total budget of EUR 750,000 and covers fairs held "
          "between 1 March 2027 and 29 February 2028."),
    ("h2", "Grant"),
    ("p", "The grant covers 50% of eligible costs, net of VAT, within the following limits per fair:"),
    ("table", [
        ["Fair location", "Maximum grant per fair", "Minimum eligible cost per fair"],
        ["Italy (international fairs)", "EUR 3,000", "EUR 2,000"],
        ["Other EU countries", "EUR 4,500", "EUR 2,000"],
        ["Non-EU countries", "EUR 9,000", "EUR 2,000"],
    ]),
    ("p", "The total grant per company may not exceed EUR 27,000 in the 2027 call, regardless of the "
          "number of fairs."),
    ("h2", "Eligible costs"),
    ("ul", [
        "rental of the exhibition space and registration fees;",
        "stand design, construction and furnishing;",
        "shipping of samples and exhibition material;",
        "interpreters and hostesses hired for the fair.",
    ]),
    ("p", "Travel, accommodation and meals are not eligible."),
    ("h2", "Who can apply"),
    ("p", "Micro, small and medium-sized enterprises with an operating site in the area of the Oglio "
          "Valley Chamber of Commerce, registered and active, and up to date with the annual fee. "
          "Companies attending a fair only as visitors are excluded."),
    ("h2", "Applications"),
    ("p", "Applications: from 25 January 2027 (9:00) to 5 November 2027 (16:00), through the Chamber's "
          "online platform. Each application may cover one or more fairs and must be submitted before "
          "the first fair starts."),
    ("p", "Grants are assigned in order of submission until the budget is used up. The Chamber may "
          "close the call early if the budget is exhausted, and will announce this on its website."),
    ("h2", "Documents to attach"),
    ("ul", [
        "confirmation of registration as an exhibitor from the fair organiser;",
        "quotes or contracts for the stand, the space and the services requested;",
        "a short description of the markets the company expects to reach through each fair.",
    ]),
    ("p", "The grant is paid after the fair, on the basis of paid invoices and photos of the stand."),
    ("h2", "State aid"),
    ("p", "Grants are awarded under the de minimis regime."),
    ("h2", "Contacts"),
    ("p", "Oglio Valley Chamber of Commerce – Internationalisation Office – fairs@ogliovalley-chamber.example"),
]

DOCX["garanzia_commesse_estere.docx"] = [
    ("h1", "Garanzia Commesse Estere – Cofidi Pianura Lombarda"),
    ("p", "Le imprese che partecipano a gare o eseguono commesse all'estero devono spesso presentare "
          "al committente fideiussioni bancarie: garanzie di offerta, di buona esecuzione o di "
          "restituzione dell'anticipo. Queste fideiussioni impegnano le linee di credito dell'impresa "
          "presso la banca. Con la Garanzia Commesse Estere, Cofidi Pianura Lombarda contro-garantisce "
          "la banca che emette la fideiussione, liberando capacità di credito per l'impresa."),
    ("h2", "Misura della garanzia"),
    ("p", "La garanzia di Cofidi Pianura Lombarda copre il 70% dell'importo di ciascuna fideiussione "
          "emessa dalla banca convenzionata. Ciascuna impresa può beneficiare di garanzie fino a un "
          "milione di euro complessivi."),
    ("table", [
        ["Tipo di fideiussione", "Importo massimo per singola fideiussione", "Durata massima"],
        ["Garanzia di offerta (bid bond)", "€ 150.000", "12 mesi"],
        ["Garanzia di buona esecuzione (performance bond)", "€ 400.000", "36 mesi"],
        ["Garanzia di restituzione dell'anticipo (advance payment bond)", "€ 400.000", "24 mesi"],
    ]),
    ("h2", "Commesse ammissibili"),
    ("p", "Sono ammissibili le commesse di fornitura di beni, servizi o lavori verso committenti esteri "
          "pubblici o privati, di valore non inferiore a € 100.000. Sono escluse le commesse verso paesi "
          "soggetti a misure restrittive dell'Unione europea."),
    ("h2", "Costi"),
    ("p", "La garanzia è gratuita per l'impresa: è dovuto solo un diritto fisso di istruttoria di € 150 "
          "per ciascuna richiesta. Restano a carico dell'impresa le commissioni applicate dalla banca "
          "per l'emissione della fideiussione."),
    ("h2", "Beneficiari"),
    ("p", "PMI socie di Cofidi Pianura Lombarda, o che aderiscono al Confidi contestualmente alla "
          "richiesta, con sede operativa in Lombardia, almeno un bilancio approvato e un contratto "
          "o un bando di gara estero documentato. Possono accedere anche le imprese riunite in "
          "raggruppamento temporaneo, purché la capofila sia socia del Confidi."),
    ("h2", "Come funziona"),
    ("p", "L'impresa chiede alla propria banca l'emissione della fideiussione richiesta dal committente "
          "estero e contestualmente presenta domanda a Cofidi Pianura Lombarda. Se il committente escute "
          "la fideiussione, la banca è rimborsata da Cofidi per la quota garantita e si rivale "
          "sull'impresa solo per la parte restante."),
    ("h2", "Disponibilità"),
    ("p", "Le richieste possono essere presentate fino a esaurimento della dotazione del fondo rischi "
          "dedicato, pari a 3 milioni di euro. Cofidi Pianura Lombarda pubblica sul proprio sito lo "
          "stato di utilizzo del fondo."),
    ("h2", "Contatti"),
    ("p", "Cofidi Pianura Lombarda – Ufficio Estero – commesse@cofidipianura.example"),
]

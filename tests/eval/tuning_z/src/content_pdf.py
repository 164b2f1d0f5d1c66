# -*- coding: utf-8 -*-
"""PDF documents of tuning_z (5 files), as block lists. Everything here is invented.
Blocks: ("h1"|"h2", text), ("p", text), ("ul", [items]), ("table", [header, row, ...])."""

PDF = {}

PDF["bando_nuovi_mercati_extra_ue_2027.pdf"] = [
    ("h1", "Bando Nuovi Mercati Extra UE 2027"),
    ("p", "Camera di Commercio Garda-Franciacorta – Area Sviluppo d'Impresa"),
    ("p", "Il bando sostiene le micro, piccole e medie imprese che avviano o consolidano la propria "
          "presenza in paesi esterni all'Unione europea. Sono previsti contributi fino a € 100.000 per "
          "i progetti di filiera presentati da aggregazioni di almeno tre imprese; per la singola "
          "impresa valgono i limiti indicati al punto 3. La dotazione del bando è di 1.500.000 euro."),
    ("h2", "1. Beneficiari"),
    ("p", "Imprese con sede legale o unità operativa nella circoscrizione della Camera di Commercio "
          "Garda-Franciacorta, attive, iscritte al Registro delle imprese e in regola con il diritto "
          "annuale. Sono escluse le imprese che nel 2026 hanno già realizzato più del 50% del fatturato "
          "in paesi extra UE."),
    ("h2", "2. Progetti ammissibili"),
    ("p", "Progetti di promozione commerciale rivolti a uno o più paesi extra UE, con un valore minimo "
          "di € 10.000, da concludersi entro il 31 dicembre 2027. Sono esclusi i paesi soggetti a misure "
          "restrittive dell'Unione europea."),
    ("h2", "3. Misura del contributo"),
    ("p", "Il contributo a fondo perduto è pari al 40% delle spese ammissibili, al netto dell'IVA. "
          "Alle imprese femminili spetta una maggiorazione di 10 punti percentuali."),
    ("p", "Il contributo massimo per singola impresa è di € 35.000."),
    ("p", "Per ciascuna voce di spesa valgono i seguenti massimali di spesa ammissibile:"),
    ("table", [
        ["Voce di spesa", "Massimale di spesa"],
        ["Consulenze per analisi di mercato", "€ 8.000"],
        ["Missioni commerciali all'estero", "€ 10.000"],
        ["Materiale promozionale in lingua", "€ 6.000"],
        ["Registrazione di marchi nei paesi obiettivo", "€ 5.000"],
    ]),
    ("h2", "4. Presentazione delle domande"),
    ("p", "Le domande possono essere presentate dal 1° marzo 2027 alle ore 12:00 del 30 giugno 2027, "
          "esclusivamente tramite la piattaforma telematica della Camera. Le domande sono valutate da "
          "una commissione tecnica, che assegna un punteggio in base alla qualità del progetto e alla "
          "novità dei mercati scelti."),
    ("h2", "5. Rendicontazione e liquidazione"),
    ("p", "La rendicontazione va presentata entro il 28 febbraio 2028, con fatture quietanzate e "
          "relazione finale. Il contributo è liquidato entro 90 giorni dalla verifica."),
    ("h2", "6. Regime di aiuto e contatti"),
    ("p", "Il contributo è concesso in regime de minimis. Informazioni: Area Sviluppo d'Impresa, "
          "nuovimercati@gardafranciacorta-camera.example. Bando approvato con determinazione del "
          "Segretario Generale del 9 febbraio 2027."),
]

PDF["country_guide_poland.pdf"] = [
    ("h1", "Country guide: Poland"),
    ("p", "Sportello Export Lombardia – Europe desk – updated March 2027"),
    ("p", "Poland is the largest economy in Central and Eastern Europe and one of the markets where "
          "Lombard exports have grown fastest in recent years. With about 37 million inhabitants and a "
          "strong manufacturing base, it is both a consumer market and a production hub for German and "
          "Scandinavian groups, which makes it a natural destination for Italian suppliers of machinery "
          "and components."),
    ("h2", "Key figures"),
    ("table", [
        ["Indicator", "Value"],
        ["Population", "about 37 million"],
        ["Currency", "Polish zloty (PLN)"],
        ["Standard VAT rate", "23%"],
        ["Lombardy's exports to Poland (2026)", "EUR 4.9 billion"],
        ["Main regions for industry", "Silesia, Greater Poland, Masovia"],
    ]),
    ("h2", "Single market rules"),
    ("p", "As an EU member state, Poland applies no customs duties on goods coming from Italy and "
          "accepts the CE marking. Sales between VAT-registered businesses follow the EU intra-community "
          "rules: the Italian seller invoices without VAT and the Polish buyer accounts for it under "
          "the reverse charge. For sales to consumers, the distance selling rules apply."),
    ("h2", "Language and labelling"),
    ("p", "Information on consumer products must be provided in Polish: labels, instructions for use "
          "and warranty terms. A Polish sticker can be applied to the original packaging. Contracts "
          "with public bodies must also be in Polish."),
    ("h2", "Distribution"),
    ("p", "Industrial buyers often purchase directly from foreign producers, but they expect local "
          "technical support and spare parts. For consumer goods, national distributors and large "
          "retail chains dominate; e-commerce is widespread and growing quickly."),
    ("h2", "Payment practice"),
    ("p", "Payment terms between businesses are typically 30 to 60 days. Polish law limits payment "
          "terms in commercial transactions and entitles creditors to statutory interest for late "
          "payment, so it is worth checking the contract terms carefully."),
    ("h2", "Business tips"),
    ("ul", [
        "English is widely spoken in business, but Polish materials make a better impression.",
        "Trade fairs in Poznan and Kielce are important for industrial sectors.",
        "Public tenders co-financed by EU funds are a significant opportunity in infrastructure.",
    ]),
    ("p", "Contact: europe@sportelloexport.example"),
]

PDF["global_markets_expansion_loan.pdf"] = [
    ("h1", "Global Markets Expansion Loan 2027"),
    ("p", "Credito Lariano – Corporate Banking"),
    ("p", "The Global Markets Expansion Loan finances the medium-term investments that companies make "
          "to establish a permanent presence abroad. Credito Lariano has allocated a programme budget of "
          "EUR 120 million for 2027."),
    ("h2", "What can be financed"),
    ("ul", [
        "opening of subsidiaries, branches or showrooms abroad;",
        "start-up costs of foreign sales offices, including the first year of rent;",
        "hiring and training of staff dedicated to foreign markets;",
        "promotional programmes lasting at least 12 months in one or more countries.",
    ]),
    ("h2", "Main terms"),
    ("table", [
        ["Feature", "Terms"],
        ["Amount", "from EUR 100,000 to EUR 1.6 million"],
        ["Interest rate", "1.15% per annum, fixed"],
        ["Term", "up to 8 years"],
        ["Pre-amortisation", "up to 24 months"],
        ["Arrangement fee", "0.40% one-off"],
        ["Application window", "11 January 2027 to 10 December 2027"],
    ]),
    ("p", "For reference, the previous 2025-2026 programme applied a fixed rate of 1.45%."),
    ("h2", "Who can apply"),
    ("p", "SMEs and mid-caps with up to 499 employees, with a registered office in Lombardy and at least "
          "three approved financial statements. The investment abroad must be described in a business "
          "plan covering at least three years."),
    ("h2", "How to apply"),
    ("p", "Contact your Credito Lariano relationship manager or write to the Corporate Banking team. "
          "The credit decision is normally taken within 30 days of receiving the complete file. "
          "Disbursement can take place in up to three tranches, according to the progress of the "
          "investment."),
    ("h2", "Good to know"),
    ("p", "The loan can be backed by a public guarantee for SMEs, where eligible, which may reduce the "
          "collateral required. Credito Lariano's international branches network can also help open "
          "local bank accounts for the foreign subsidiary."),
    ("h2", "Documents required"),
    ("ul", [
        "the last three approved financial statements;",
        "the business plan for the foreign investment, with expected costs and revenues;",
        "for subsidiaries, the draft articles of association or the registration documents of the foreign company.",
    ]),
    ("p", "Repayments are made in quarterly instalments after the pre-amortisation period. Early "
          "repayment is allowed, subject to a compensation fee of 0.50% of the amount repaid early."),
    ("p", "Contact: corporate@creditolariano.example"),
]

PDF["finanziamento_penetrazione_commerciale_iclo.pdf"] = [
    ("h1", "Finanziamento Penetrazione Commerciale 2027"),
    ("p", "ICLO – Istituto di Credito Lombardo Orientale"),
    ("p", "ICLO ha destinato 50 milioni di euro al sostegno delle imprese che intendono avviare o "
          "rafforzare programmi di penetrazione commerciale in paesi esterni all'Unione europea. Il "
          "finanziamento copre le spese del programma per un periodo massimo di 24 mesi."),
    ("h2", "Spese finanziabili"),
    ("ul", [
        "apertura e funzionamento di uffici, negozi o magazzini all'estero;",
        "personale assunto per la struttura estera;",
        "attività promozionali, fiere e campagne pubblicitarie nel paese obiettivo;",
        "consulenze legali e fiscali per l'avvio dell'attività all'estero.",
    ]),
    ("h2", "Condizioni"),
    ("table", [
        ["Voce", "Condizione"],
        ["Importo", "da € 30.000 a 1,2 milioni di euro"],
        ["Tasso di interesse", "0,65% fisso su base annua"],
        ["Durata", "60 mesi, di cui 12 di preammortamento"],
        ["Commissioni", "nessuna commissione di istruttoria"],
        ["Quota del programma finanziabile", "fino al 100% delle spese preventivate"],
    ]),
    ("p", "Nel 2026 il tasso applicato era pari all'1,10%."),
    ("h2", "Finestra per le domande"),
    ("table", [
        ["Apertura", "Chiusura"],
        ["07/06/2027", "22/10/2027"],
    ]),
    ("h2", "Beneficiari"),
    ("p", "PMI con sede legale in Lombardia, con almeno due bilanci approvati e un programma di "
          "penetrazione commerciale riferito a uno o più paesi extra UE. Il programma deve indicare "
          "obiettivi di vendita e risorse dedicate."),
    ("h2", "Procedura"),
    ("p", "La domanda si presenta presso le filiali ICLO o tramite il servizio di internet banking per "
          "le imprese. Il contratto va firmato entro 60 giorni dalla delibera; l'erogazione avviene in "
          "un'unica soluzione. ICLO può chiedere in qualsiasi momento informazioni sullo stato "
          "di avanzamento del programma."),
    ("h2", "Documenti da allegare"),
    ("ul", [
        "ultimi due bilanci approvati e situazione contabile aggiornata;",
        "programma di penetrazione commerciale con piano dei costi e dei ricavi attesi;",
        "eventuali contratti di locazione, accordi con distributori o preventivi relativi al paese obiettivo.",
    ]),
    ("h2", "Cumulo con altre agevolazioni"),
    ("p", "Il finanziamento può essere abbinato a contributi a fondo perduto concessi da Camere di "
          "Commercio o da altri enti per le stesse spese, purché la somma non superi il costo del "
          "programma. ICLO mette a disposizione i propri specialisti estero per verificare la "
          "compatibilità tra i diversi strumenti e per assistere l'impresa nella scelta delle modalità "
          "di incasso dai clienti esteri."),
    ("p", "Informazioni: estero@iclo-banca.example"),
]

PDF["voucher_dogane_origine_2027.pdf"] = [
    ("h1", "Voucher Dogane e Origine 2027"),
    ("p", "Promo Mincio – Azienda speciale della Camera di Commercio di Mantova e Alto Mincio"),
    ("p", "Le regole doganali e di origine delle merci incidono sul prezzo finale dei prodotti "
          "esportati e sul rischio di contestazioni. Promo Mincio offre alle PMI un voucher per "
          "acquistare consulenze specialistiche da professionisti qualificati. La dotazione "
          "complessiva è di € 250.000."),
    ("h2", "Consulenze finanziabili"),
    ("table", [
        ["Tipo di consulenza", "Voucher massimo"],
        ["Origine preferenziale e registrazione REX", "€ 2.500"],
        ["Classificazione doganale (codici HS e TARIC)", "€ 1.500"],
        ["Percorso di certificazione AEO", "€ 5.000"],
    ]),
    ("p", "Limite complessivo per impresa: € 6.000. Ogni impresa può ottenere al massimo due "
          "voucher, anche per tipi di consulenza diversi, entro questo limite."),
    ("h2", "Misura dell'agevolazione"),
    ("p", "Il voucher copre l'80% del costo della consulenza, al netto dell'IVA, entro i massimali "
          "indicati. Il restante 20% resta a carico dell'impresa."),
    ("h2", "Beneficiari"),
    ("p", "Micro, piccole e medie imprese con sede o unità locale nella provincia di Mantova, attive "
          "e in regola con il diritto annuale. I consulenti devono essere iscritti all'albo dei doganalisti "
          "o avere almeno cinque anni di esperienza documentata in materia doganale."),
    ("h2", "Domande"),
    ("p", "Domande online dal 13 settembre 2027 (ore 9:00) al 12 novembre 2027 (ore 16:00)."),
    ("p", "I voucher sono assegnati in ordine cronologico fino a esaurimento delle risorse."),
    ("p", "La consulenza deve concludersi entro il 30 giugno 2028."),
    ("h2", "Esempi di consulenze ammesse"),
    ("ul", [
        "verifica del rispetto delle regole di origine previste da un accordo di libero scambio per un prodotto;",
        "predisposizione delle dichiarazioni dei fornitori e delle procedure interne per l'origine;",
        "analisi della classificazione doganale dei prodotti e richiesta di informazioni tariffarie vincolanti;",
        "autovalutazione e preparazione del fascicolo per lo status di operatore economico autorizzato.",
    ]),
    ("h2", "Documenti"),
    ("p", "Alla domanda vanno allegati il preventivo del consulente, con descrizione delle attività e "
          "numero di giornate, e il curriculum del consulente. Al termine l'impresa presenta la fattura "
          "quietanzata e l'elaborato finale prodotto dal consulente."),
    ("h2", "Contatti"),
    ("p", "Promo Mincio – Servizio Estero – dogane@promomincio.example"),
]

# -*- coding: utf-8 -*-
"""Plain-text documents of tuning_z (6 files). Everything here is invented."""

TXT = {}

TXT["garanzia_mercati_esteri_cle.txt"] = """GARANZIA MERCATI ESTERI 2027
Confidi Lombardo Export (CLE) - Avviso alle imprese socie

Pubblicato l'8 gennaio 2027

PREMESSA
Confidi Lombardo Export rilascia garanzie a prima richiesta sui finanziamenti bancari che le PMI socie destinano a programmi di internazionalizzazione. La garanzia consente all'impresa di ottenere credito a condizioni migliori e riduce le garanzie personali richieste dalla banca. Il presente avviso sostituisce quello del 2026, chiuso il 15 dicembre 2026.

FINANZIAMENTI AMMESSI
Sono garantibili i finanziamenti chirografari di importo compreso tra 20.000 e 600.000 euro, con durata da 18 a 60 mesi, erogati da una delle banche convenzionate con CLE e destinati a:
- apertura o potenziamento di sedi commerciali all'estero;
- partecipazione a fiere e missioni internazionali;
- acquisto di servizi di consulenza per l'export;
- capitale circolante collegato a ordini esteri documentati.

MISURA DELLA GARANZIA
La garanzia di CLE offre una copertura fino all'80% del finanziamento.
Importo massimo garantito per impresa: 480.000,00 €
L'importo massimo garantito si riferisce all'insieme delle garanzie in essere a favore della stessa impresa nell'ambito di questo avviso.

COSTI PER L'IMPRESA
Commissione di garanzia: 0,70% annuo sull'importo garantito, calcolata sul debito residuo e addebitata in via anticipata ogni anno.
Per le imprese aderenti a un contratto di rete la commissione è ridotta allo 0,50% annuo.
All'ingresso nel Confidi l'impresa versa una quota associativa una tantum di 250 euro.

CHI PUO' PRESENTARE RICHIESTA
PMI con sede operativa in Lombardia, socie di CLE o che aderiscono al Confidi contestualmente alla richiesta, con almeno un bilancio approvato e senza posizioni classificate a sofferenza presso il sistema bancario.

PROCEDURA
1. L'impresa presenta la richiesta a CLE, anche tramite la banca convenzionata.
2. CLE valuta il merito di credito e delibera entro 20 giorni lavorativi dalla richiesta completa.
3. La banca delibera il finanziamento assistito dalla garanzia e lo eroga.

SCADENZA
Le richieste di garanzia devono pervenire entro il 30 novembre 2027. Le richieste arrivate dopo tale data saranno valutate sull'avviso 2028, se pubblicato.

DOCUMENTI
- modulo di richiesta firmato digitalmente;
- ultimi due bilanci o dichiarazioni dei redditi;
- descrizione del programma di internazionalizzazione con preventivi;
- eventuali ordini esteri per le richieste legate al capitale circolante.

CONTATTI
Confidi Lombardo Export - Ufficio Garanzie
garanzie@cle-confidi.example
https://www.cle-confidi.example/mercati-esteri
"""

TXT["digital_export_voucher_brianza.txt"] = """DIGITAL EXPORT VOUCHER 2027
Brianza Nord Chamber of Commerce - Notice to businesses
Published on 14 April 2027

PURPOSE
The Digital Export Voucher helps micro and small enterprises sell abroad through digital channels. It supports e-commerce projects on foreign marketplaces, the opening of a company web shop for foreign customers and digital marketing campaigns aimed at specific target countries.

BUDGET AND AMOUNT
The Chamber has allocated a total budget of EUR 600,000 to this notice.
The voucher covers 60% of eligible costs, net of VAT. Companies that have never exported before receive an additional 5 percentage points.
Each company may receive a maximum of ten thousand euros per company, whatever the number of projects submitted.
The minimum eligible spend per project is EUR 3,000.
Subscription and commission fees paid to marketplaces are eligible up to EUR 2,000 in total.

ELIGIBLE COSTS
- set-up of a shop on international marketplaces, including product listing and translation of product pages;
- development or localisation of an e-commerce website for foreign markets;
- digital advertising campaigns targeting foreign countries;
- integration of the web shop with international shipping and payment services;
- training on cross-border e-commerce for company staff.

Costs must be invoiced by external suppliers. Internal staff costs and hardware purchases are not eligible.

WHO CAN APPLY
Micro and small enterprises registered with the Brianza Nord Chamber of Commerce, with an active status and up to date with the annual chamber fee. Each company can submit one application.

HOW TO APPLY
The online desk opens at 9:00 on 6 May 2027. Applications are processed on a first-come, first-served basis until the available funds are exhausted; there is no fixed closing date. The Chamber will publish a notice on its website when the budget has been fully committed.

Applications are filed through the chamber's online grants platform and must include a short project description and the quotes of the suppliers.

PROJECT DURATION
Projects must start after the application date and must be completed by 31 March 2028.

STATE AID
The voucher is granted under the de minimis regime.

CONTACTS
Brianza Nord Chamber of Commerce - Business Support Office
digitalexport@brianzanord-chamber.example
https://www.brianzanord-chamber.example/digital-export
"""

TXT["credito_imposta_fiere_2027.txt"] = """CREDITO D'IMPOSTA PER LA PARTECIPAZIONE A FIERE INTERNAZIONALI - ANNUALITA' 2027
Agenzia Lombarda Mercati Esteri (ALME)

COS'E'
Il credito d'imposta sostiene le PMI lombarde che partecipano come espositori a fiere internazionali, in Italia o all'estero. Il beneficio non è un contributo in denaro: l'importo riconosciuto si utilizza in compensazione con il modello F24 per pagare imposte e contributi.

RISORSE
Lo stanziamento complessivo per l'annualità 2027 è di 5 milioni di euro. Se le richieste superano le risorse disponibili, ALME riduce in proporzione il credito spettante a ciascuna impresa.

MISURA DEL BENEFICIO
Il credito d'imposta è pari al 40% delle spese ammissibili sostenute, nel limite massimo di 60 mila euro per impresa.
Per ciascuna fiera le spese agevolabili non possono superare il tetto di 15.000 euro per singola manifestazione.
Il beneficio rientra nel regime de minimis (massimale di 300.000 euro nell'arco di tre esercizi finanziari).

FIERE AMMESSE
Fiere di livello internazionale svolte tra il 1 gennaio e il 31 dicembre 2027: in Italia, se inserite nel calendario nazionale delle manifestazioni internazionali; all'estero, senza limitazioni di paese. Non sono ammesse le fiere esclusivamente virtuali.

SPESE AMMISSIBILI
- affitto dell'area espositiva;
- allestimento dello stand e servizi tecnici;
- iscrizione al catalogo ufficiale della fiera;
- trasporto dei campionari e dei materiali espositivi;
- materiale promozionale stampato per la fiera.
Le spese di viaggio e soggiorno del personale non sono ammissibili.

COME SI RICHIEDE
L'impresa invia ad ALME una comunicazione con l'elenco delle fiere e delle spese sostenute, firmata dal legale rappresentante e con l'attestazione di un revisore o del presidente del collegio sindacale.
La comunicazione va inviata dal 2 novembre 2027 al 31 gennaio 2028, esclusivamente tramite la piattaforma online di ALME.

UTILIZZO DEL CREDITO
ALME pubblica l'elenco dei beneficiari e dell'importo riconosciuto. Il credito è utilizzabile in compensazione a partire dal 1 marzo 2028 e va indicato nella dichiarazione dei redditi relativa al periodo d'imposta in cui è stato riconosciuto.

CUMULO
Il credito è cumulabile con altri aiuti sulle stesse spese solo nel limite del costo sostenuto.

INFORMAZIONI
ALME - Area Incentivi
creditofiere@alme-lombardia.example
"""

TXT["news_export_lombardia_2026.txt"] = """EXPORT LOMBARDO 2026: NUOVO RECORD A 168,4 MILIARDI
Notizia a cura dell'Ufficio Studi dello Sportello Export Lombardia - 2 marzo 2027

Nel 2026 le esportazioni delle imprese lombarde hanno raggiunto 168,4 miliardi di euro, con una crescita del 3,2% rispetto all'anno precedente. Lo indicano le elaborazioni preliminari dell'Ufficio Studi sui dati di commercio estero diffusi a fine febbraio. Le importazioni sono cresciute più lentamente, dell'1,4%, e il saldo commerciale della regione è tornato positivo dopo due anni.

I MERCATI
La Germania resta il primo mercato di destinazione, con il 12,1% del totale, seguita da Francia, Stati Uniti, Svizzera e Spagna. La crescita più forte tra i mercati principali si registra in Polonia (+7,5%), sostenuta dalla domanda di macchinari e componenti per l'industria dell'auto, e in Canada (+5,1%), dove hanno fatto bene arredo e agroalimentare. In calo invece le vendite verso il Regno Unito (-2,3%).

I SETTORI
Macchinari e apparecchiature si confermano il primo settore con 34,7 miliardi di euro. Seguono chimica e farmaceutica, metalli e prodotti in metallo, moda e agroalimentare. Quest'ultimo ha segnato l'aumento più marcato (+6,8%), grazie soprattutto a vini, formaggi e prodotti da forno.

LE PROVINCE
Milano genera da sola oltre un terzo dell'export regionale. Tra le altre province spiccano Bergamo e Brescia, entrambe sopra i 20 miliardi, mentre Como e Varese crescono più della media grazie al tessile tecnico e all'aerospazio.

IL COMMENTO
"Il 2026 dimostra che le imprese lombarde sanno spostarsi rapidamente verso i mercati che crescono", commenta Marta Colombo, responsabile dell'Ufficio Studi. "Resta però un problema dimensionale: meno di un'impresa manifatturiera su tre esporta con continuità, e tra le micro imprese la quota scende sotto il 15%. Per questo è importante che le piccole imprese conoscano gli strumenti di sostegno disponibili e si facciano accompagnare nei primi passi."

LE PROSPETTIVE
Per il 2027 l'Ufficio Studi prevede una crescita più moderata, intorno al 2%, per effetto del rallentamento della domanda europea. Le previsioni restano favorevoli per i mercati dell'Europa centro-orientale e del Nord America, più incerte per il Medio Oriente.

Il rapporto completo, con le tabelle per provincia e per settore, sarà presentato il 23 marzo 2027 a Milano e pubblicato sul sito dello Sportello nella sezione Studi.

Contatti per la stampa: studi@sportelloexport.example
"""

TXT["export_working_capital_loan.txt"] = """EXPORT WORKING CAPITAL LOAN 2027
Banca Alpina Lombarda (BAL) - Product sheet

WHAT IT IS
The Export Working Capital Loan finances the working capital that an SME needs to fulfil export orders: purchase of raw materials and components, production costs, packaging and shipping until the foreign customer pays. BAL has set aside a dedicated ceiling of EUR 40 million for the 2027 programme.

WHO CAN APPLY
- SMEs with a registered office or operating site in Lombardy;
- at least 10% of turnover from exports in the last closed financial year, or documented export orders for at least EUR 100,000;
- a positive credit assessment by BAL.

MAIN TERMS
Amount: loans from EUR 25,000 up to EUR 350,000 per company.
Fixed rate: 0.9% p.a. for the whole duration.
Variable rate option: 3-month Euribor + 1.40%.
Duration: 36 months, including a 6-month grace period (pre-amortisation) during which only interest is paid.
Repayment: monthly instalments after the grace period.
Arrangement fee: 0.25% of the loan amount, one-off.
Early repayment: allowed at any time without penalty.

For comparison, in the 2026 programme the fixed rate was 1.2% p.a.

SECURITY
BAL may ask for a guarantee from a confidi or from the public guarantee fund for SMEs. Where a guarantee is provided, no personal guarantees from the shareholders are required.

HOW TO APPLY
Applications open on 15 April 2027 and close on 31 July 2027. Requests can be submitted in any BAL branch or through the online business banking service, together with:
- the last two financial statements;
- a list of the export orders to be financed, with buyer names, countries and payment terms;
- a short cash-flow plan for the duration of the orders.

BAL gives an answer within 15 working days of receiving the complete file. Disbursement takes place in a single tranche after signature of the loan agreement.

GOOD TO KNOW
The loan can be combined with credit insurance on the financed orders. BAL's trade finance specialists can help structure the transaction and suggest the most suitable payment terms for each buyer.

CONTACT
Banca Alpina Lombarda - Trade Finance Desk
tradefinance@bancaalpina.example
https://www.bancaalpina.example/export-loan
"""

TXT["bando_certificazioni_export_2027.txt"] = """BANDO CERTIFICAZIONI PER L'EXPORT 2027
Camera di Commercio Valle Olona

FINALITA'
Molti mercati esteri chiedono certificazioni di prodotto diverse dalla marcatura CE. Il bando sostiene le micro, piccole e medie imprese della circoscrizione che devono ottenere queste certificazioni per vendere all'estero.

DOTAZIONE
La dotazione finanziaria del bando è di € 700.000.

CONTRIBUTO
Contributo a fondo perduto pari al 45% delle spese ammissibili, al netto dell'IVA.
Alle imprese in possesso del rating di legalità è riconosciuta una premialità del 5%.
Importo massimo concedibile: 14.000,00 €
Investimento minimo: 4.000,00 €

CERTIFICAZIONI AMMESSE
A titolo di esempio:
- certificazioni di sicurezza elettrica per il Nord America (UL, CSA);
- marchio KC per la Corea del Sud;
- certificazione EAC per l'Unione economica eurasiatica;
- certificazioni Halal e Kosher per i prodotti alimentari e cosmetici;
- registrazione degli stabilimenti alimentari presso la FDA.
Non sono ammesse le certificazioni di sistema di gestione (qualità, ambiente, sicurezza).

SPESE AMMISSIBILI
- prove di laboratorio e test di conformità;
- tariffe dell'ente di certificazione;
- consulenza tecnica per la preparazione del fascicolo;
- traduzione della documentazione tecnica.
Sono ammissibili le spese sostenute dal 01/01/2027.

BENEFICIARI
Imprese con sede legale o unità operativa nella circoscrizione della Camera di Commercio Valle Olona, iscritte e attive al Registro delle imprese, in regola con il diritto annuale e con il DURC.

PRESENTAZIONE DELLE DOMANDE
Lo sportello telematico è aperto dal 10/03/2027 fino al 15/11/2027, salvo esaurimento delle risorse.
Le domande sono istruite in ordine cronologico di presentazione. Ogni impresa può presentare una sola domanda, anche per più certificazioni.
Alla domanda vanno allegati il preventivo dell'ente di certificazione o del laboratorio e una breve descrizione del prodotto e del mercato di destinazione.

RENDICONTAZIONE
La rendicontazione, con fatture quietanzate e copia del certificato ottenuto, va presentata entro il 31/03/2028. Se la certificazione non viene rilasciata entro tale data, il contributo è revocato.

REGIME DI AIUTO
Il contributo è concesso in regime de minimis.

CONTATTI
Camera di Commercio Valle Olona - Servizio Promozione Imprese
certificazioni@valleolona-camera.example
"""

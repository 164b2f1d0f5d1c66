# -*- coding: utf-8 -*-
"""Markdown documents of tuning_z (8 files). Everything here is invented."""

MD = {}

MD["voucher_tem_insubria_2027.md"] = """---
titolo: Voucher TEM Insubria 2027 – Temporary Export Manager
tipo: bando
aggiornato: 20/01/2027
valido_dal: 15/02/2027
scadenza: 31 maggio 2027
fonte: Ufficio Internazionalizzazione – Camera di Commercio dell'Insubria
tag: [voucher, TEM, temporary export manager, PMI]
---

# Voucher TEM Insubria 2027

La Camera di Commercio dell'Insubria, attraverso il proprio Ufficio Internazionalizzazione, mette a disposizione delle micro, piccole e medie imprese del territorio un voucher per l'inserimento in azienda di un Temporary Export Manager (TEM), cioè un professionista o una società di servizi che affianchi l'impresa nella definizione e nell'attuazione di un piano di sviluppo sui mercati esteri.

## Dotazione e misura del contributo

La dotazione complessiva del bando è di € 1.200.000. Il voucher copre il 50% delle spese ammissibili, al netto dell'IVA, fino a un massimo di € 25.000 per impresa. Il progetto deve avere un valore minimo di € 8.000.

Alle imprese femminili e alle imprese giovanili spetta una maggiorazione del contributo di 10 punti percentuali, sempre entro il tetto massimo per impresa. Per confronto, nell'edizione 2026 il voucher massimo era pari a € 20.000.

Il contributo è concesso in regime de minimis: l'impresa non deve superare il massimale di 300.000 euro di aiuti nell'arco di tre esercizi finanziari.

## Spese ammissibili

- compenso del TEM, sulla base di un contratto di durata non inferiore a 6 mesi;
- analisi di mercato, selezione dei paesi obiettivo e ricerca di partner esteri svolte dal TEM;
- spese di viaggio del TEM per missioni all'estero, nel limite del 15% del compenso;
- traduzione e adattamento di materiali promozionali per i mercati individuati.

Non sono ammissibili le spese per il personale dipendente dell'impresa, né quelle per la partecipazione a fiere, già sostenute da altri bandi camerali.

## Chi può partecipare

Possono partecipare le imprese con sede legale o unità operativa nelle province di Como e Varese, iscritte al Registro delle imprese, attive e in regola con il pagamento del diritto annuale. Il TEM deve essere iscritto all'elenco dei fornitori accreditati della Camera e non può avere legami di parentela o partecipazioni nell'impresa beneficiaria.

## Come e quando presentare la domanda

Il bando è stato pubblicato il 20 gennaio 2027. Le domande si presentano esclusivamente online, tramite la piattaforma telematica camerale, dalle ore 10:00 del 15 febbraio 2027 alle ore 16:00 del 31 maggio 2027. Le domande sono esaminate in ordine cronologico di arrivo, fino a esaurimento della dotazione.

Alla domanda vanno allegati il contratto o la lettera d'incarico al TEM, il piano di attività con i paesi obiettivo e il preventivo dettagliato.

## Realizzazione e rendicontazione

Il progetto deve concludersi entro 12 mesi dalla comunicazione di concessione. La rendicontazione delle spese, con fatture quietanzate e relazione finale del TEM, va trasmessa entro il 30 aprile 2028. Il contributo è liquidato in un'unica soluzione dopo la verifica della rendicontazione.

## Contatti

Ufficio Internazionalizzazione – Camera di Commercio dell'Insubria
e-mail: tem@insubria-camera.example – sito: https://www.insubria-camera.example/voucher-tem
"""

MD["guida_paese_canada.md"] = """---
titolo: Guida paese – Canada
tipo: guida paese
paese: Canada
aggiornato: 10 febbraio 2027
fonte: Ufficio Studi Sportello Export Lombardia
tag: [Canada, CETA, Nord America, etichettatura, certificazioni]
---

# Canada – guida per le imprese esportatrici

## Perché il Canada

Il Canada è un mercato ad alto potere d'acquisto, con circa 40 milioni di abitanti concentrati in poche grandi aree urbane: Toronto, Montréal, Vancouver e Calgary. Secondo le stime dell'Ufficio Studi, nel 2026 le esportazioni lombarde verso il Canada hanno raggiunto 2,3 miliardi di euro, trainate da macchinari industriali, prodotti farmaceutici, arredo e agroalimentare di qualità.

## Accordo commerciale con l'UE

Dal 2017 gli scambi sono regolati dal CETA, l'accordo economico e commerciale globale tra Unione europea e Canada, applicato in via provvisoria. Il CETA ha eliminato i dazi sulla quasi totalità delle linee tariffarie per i prodotti industriali. Per ottenere il dazio preferenziale l'esportatore rilascia una dichiarazione di origine su fattura; per spedizioni di valore superiore a 6.000 euro serve la registrazione come esportatore REX. Alcuni prodotti agricoli sensibili, come certi formaggi, rientrano in contingenti tariffari con quantità limitate.

## Imposte indirette

Sulle importazioni si applica la GST federale del 5%, la stessa imposta che grava sulle vendite interne. Diverse province applicano un'imposta armonizzata (HST) o una propria imposta provinciale sulle vendite: in Ontario, ad esempio, l'aliquota complessiva HST è del 13%. Conviene chiarire nel contratto chi sostiene queste imposte e chi agisce come importatore registrato.

## Etichettatura

Per i prodotti di consumo l'etichettatura bilingue, in inglese e francese, è obbligatoria a livello federale: nome del prodotto, quantità netta e identità del responsabile devono comparire in entrambe le lingue. In Québec le regole sulla lingua francese sono più stringenti e si estendono a istruzioni, garanzie e cataloghi. Per gli alimenti valgono inoltre le regole federali sulla tabella nutrizionale, diversa da quella europea.

## Certificazioni

I prodotti elettrici destinati al mercato canadese devono essere certificati da un organismo accreditato dallo Standards Council of Canada, ad esempio con la marcatura CSA. La marcatura CE non è riconosciuta: prove e costi di certificazione vanno pianificati per tempo, prima della prima spedizione.

## Distribuzione e pagamenti

Il canale più usato dalle PMI è il distributore o l'agente con copertura nazionale o provinciale; la grande distribuzione richiede volumi e listini in dollari canadesi. Nei rapporti consolidati prevale il pagamento in conto aperto a 30-60 giorni; per i primi ordini è prudente chiedere un anticipo o una lettera di credito confermata.

## Settori con maggiori opportunità

- macchinari per l'industria alimentare e per la lavorazione del legno;
- componentistica per l'industria mineraria ed energetica;
- arredo contract per hotel e uffici;
- vini, formaggi DOP e prodotti da forno.

## Contatti

Desk Nord America dello Sportello Export Lombardia: nordamerica@sportelloexport.example
"""

MD["protocollo_export_agroalimentare.md"] = """---
titolo: Protocollo d'intesa per l'export agroalimentare
tipo: accordo
aggiornato: 18/03/2027
valido_dal: 01/04/2027
valido_fino: 31/03/2030
fonte: Segreteria tecnica del Protocollo
tag: [protocollo, agroalimentare, formazione, credito]
---

# Protocollo d'intesa per il sostegno all'export delle imprese agroalimentari

**tra**

- la Camera di Commercio dell'Insubria, con sede in Varese, rappresentata dal Presidente Giulio Ferrario;
- il Consorzio Agroalimentare Lombardo Export (CALE), rappresentato dalla Presidente Anna Rusconi;
- la Banca Popolare dei Tre Laghi S.p.A., rappresentata dal Direttore Generale Paolo Besana.

## Premesse

Le imprese agroalimentari del territorio sono in prevalenza micro e piccole imprese, con una quota di export inferiore alla media regionale. Le difficoltà più citate sono la conoscenza dei requisiti sanitari ed etichettatura dei paesi di destinazione, la ricerca di importatori affidabili e il finanziamento del capitale circolante legato agli ordini esteri. Le parti intendono coordinare i rispettivi servizi per affrontare questi ostacoli.

## Art. 1 – Oggetto

Il presente protocollo definisce un programma comune di informazione, promozione e accesso al credito a favore delle imprese agroalimentari con sede nelle province di Como e Varese.

## Art. 2 – Impegni della Camera di Commercio

La Camera si impegna a:
- organizzare 4 giornate formative l'anno su etichettatura, requisiti sanitari e documenti doganali dei mercati esteri;
- attivare un help desk dedicato alle imprese del settore presso il proprio Ufficio Internazionalizzazione;
- segnalare al Consorzio le opportunità di missioni e incontri d'affari organizzate dal sistema camerale.

## Art. 3 – Impegni del Consorzio

Il Consorzio si impegna a organizzare almeno 2 missioni incoming di buyer esteri all'anno, a mantenere aggiornata la banca dati dei prodotti dei soci e a diffondere le iniziative del protocollo presso le imprese associate.

## Art. 4 – Impegni della Banca

La Banca si impegna ad applicare una procedura di istruttoria accelerata, con risposta entro 15 giorni lavorativi, alle richieste di anticipo su ordini esteri presentate dalle imprese segnalate dal Consorzio. Le condizioni economiche dedicate sono definite in un accordo attuativo separato.

## Art. 5 – Comitato di coordinamento

È istituito un Comitato di coordinamento composto da un rappresentante per ciascuna parte. Il Comitato si riunisce almeno due volte l'anno, approva il programma delle attività e redige una relazione annuale entro il 31 gennaio di ogni anno.

## Art. 6 – Durata

Il presente protocollo ha durata triennale: entra in vigore il 1° aprile 2027 e resta valido fino al 31 marzo 2030. Alla scadenza può essere rinnovato con atto scritto delle parti; non è previsto il rinnovo tacito.

## Art. 7 – Oneri

Il protocollo non comporta trasferimenti di risorse tra le parti; ciascuna parte sostiene i costi delle proprie attività.

## Art. 8 – Recesso

Ciascuna parte può recedere con comunicazione scritta e un preavviso di tre mesi.

Varese, 18 marzo 2027
"""

MD["export_insurance_shield.md"] = """---
title: Export Insurance Shield – short-term credit insurance for SMEs
kind: credit insurance
country: worldwide (excluding sanctioned countries)
updated: 2027-03-15
valid_from: 2027-04-01
valid_until: 2028-03-31
---

# Export Insurance Shield

Export Insurance Shield is a short-term credit insurance policy offered by AssiNord Credito S.p.A. to small and medium-sized exporters based in Lombardy. It protects the exporter against non-payment by foreign buyers on sales of goods and services with payment terms of up to 180 days.

## What is covered

- **Commercial risk** – insolvency of the buyer or protracted default: the policy indemnifies 90% of the loss.
- **Political risk** – restrictions on currency transfers, war, civil unrest or government measures that prevent payment: the policy indemnifies 95% of the loss.

Losses are indemnified after a waiting period of 150 days from the original due date, provided the exporter has notified the overdue amount within 30 days.

## Limits

The maximum total credit limit per policyholder is EUR 1.8 million. Within that limit, the credit line on any single buyer cannot exceed EUR 400,000. To join the programme the exporter must insure a minimum annual export turnover of EUR 250,000. AssiNord has earmarked a total underwriting capacity of EUR 90 million for the programme.

## Premium

Export Insurance Shield applies a flat premium rate of 0.42% of the insured turnover, invoiced quarterly on the basis of the exporter's sales declarations. For buyers located in countries classified as high risk in AssiNord's country grid, a surcharge of +0.15% applies to the turnover with those buyers. The minimum annual premium is EUR 1,500. Premiums are quoted net of insurance tax.

## Who can apply

- SMEs as defined by EU rules, with a registered office or operating site in Lombardy;
- at least two closed financial years;
- no unpaid insured claims in the previous 24 months.

## How and when to apply

Applications open on 1 April 2027 and close on 31 March 2028. The request is filed online through the AssiNord portal and must include the list of the main foreign buyers with the requested credit lines. AssiNord assesses the buyers and replies within 10 working days. The policy runs for 12 months from its start date and can be renewed.

Export Insurance Shield replaces the "Export Shield Basic" policy of 2025–2026, which stopped accepting new applications on 31 December 2026.

## Contact

AssiNord Credito S.p.A. – SME export team
shield@assinord.example – https://www.assinord.example/shield
"""

MD["country_guide_south_korea.md"] = """---
title: Country guide – South Korea
kind: country guide
country: South Korea
updated: 2027-01-25
---

# South Korea: a guide for Lombard exporters

## Market overview

South Korea has about 51 million inhabitants, half of whom live in the Seoul metropolitan area. Consumers are young, urban and digital, and they pay attention to brand, design and origin. Lombardy's exports to South Korea reached an estimated EUR 1.4 billion in 2026, led by machinery, fashion and leather goods, cosmetics and processed food.

## Trade agreement

The EU–Korea free trade agreement has been applied since 2011 and has removed duties on almost all industrial products. To benefit from the preferential duty, the exporter states the origin of the goods on the invoice; for consignments above EUR 6,000 the exporter must be registered in the REX system. Korean customs carry out frequent origin verifications, so keep supplier declarations and production records for at least five years.

## Taxes at the border

Imported goods are subject to import VAT of 10%, calculated on the customs value plus duty. Some luxury items, such as high-end watches and jewellery, also pay an individual consumption tax.

## Product standards

Electrical and electronic products need the KC mark before they can be sold. KC certification requires tests by a designated Korean laboratory and, for many categories, a factory inspection. Cosmetics need a responsible local distributor who files the product information, and foods need an import declaration to the Ministry of Food and Drug Safety for every consignment.

## Labelling

Korean-language labels are mandatory on consumer products. The label must show the product name, importer, country of origin, ingredients or materials and, for food, the expiry date. Stickers in Korean may be applied over the original label, but they must be applied before customs clearance.

## Distribution

Most SMEs enter the market through an importer-distributor, who also handles registrations and certification files. Large department stores and TV home-shopping channels are important for consumer goods; for B2B products, trade fairs in Seoul and direct visits to industrial groups are the usual route.

## Payment practice

For the first orders, a letter of credit is common and recommended. With established partners, payment by bank transfer at 30 to 60 days is usual.

## Business culture

Hierarchy and personal relationships matter: bring bilingual business cards, expect several meetings before a first order and follow up quickly after each visit.

## Contact

Asia desk of Sportello Export Lombardia: asia@sportelloexport.example
"""

MD["domande_frequenti_sportello.md"] = """# Domande frequenti – Sportello Export Lombardia

**Chi può rivolgersi allo Sportello Export?**
Le imprese iscritte al Registro delle imprese con sede o unità locale in Lombardia, di qualsiasi dimensione e settore. Possono rivolgersi allo Sportello anche le reti d'impresa e i consorzi per l'export.

**Il servizio è gratuito?**
Il primo orientamento è sempre gratuito. Gli approfondimenti specialistici sono gratuiti fino a 3 ore per impresa all'anno; oltre questa soglia si applica una tariffa di 60 euro all'ora più IVA, comunicata in anticipo.

**Come prendo appuntamento?**
Dal modulo online sul sito dello Sportello. Gli appuntamenti, in presenza o in videochiamata, si tengono il martedì e il giovedì dalle 9:00 alle 13:00.

**In quanto tempo rispondete alle richieste via e-mail?**
Rispondiamo entro 3 giorni lavorativi. Per i quesiti che richiedono un parere tecnico di un esperto esterno il tempo può salire a 10 giorni lavorativi; in quel caso avvisiamo l'impresa.

**Potete presentare la domanda di un bando al posto dell'impresa?**
No. Lo Sportello aiuta a verificare i requisiti e a preparare la documentazione, ma la domanda deve essere firmata digitalmente e inviata dal legale rappresentante dell'impresa o da un suo delegato.

**Posso cumulare più agevolazioni per lo stesso progetto?**
Dipende dalle regole di ciascun bando. Molti strumenti sono concessi in regime de minimis: prima di presentare domanda conviene verificare nel Registro nazionale degli aiuti quanto l'impresa ha già ricevuto negli ultimi tre esercizi.

**Dove ottengo il certificato di origine delle merci?**
I certificati di origine sono rilasciati dall'ufficio certificazioni della Camera di Commercio competente per territorio, di norma in modalità telematica. Lo Sportello può spiegare quale documento serve per un certo paese.

**Mi aiutate a trovare un distributore all'estero?**
Lo Sportello segnala missioni, incontri d'affari e iniziative del sistema camerale. La ricerca personalizzata di partner è svolta dai desk paese, dove presenti.

**Come ricevo gli aggiornamenti sui bandi?**
Iscrivendosi alla newsletter quindicinale dal sito. La newsletter segnala i bandi aperti, le scadenze della settimana e gli eventi in programma.

**Lo Sportello dà assistenza su contratti e controversie?**
Lo Sportello fornisce un primo orientamento su clausole contrattuali tipiche, Incoterms e modalità di pagamento. Per la redazione di contratti e per le controversie occorre rivolgersi a un legale.

**I dati che comunico restano riservati?**
Sì. Le informazioni fornite dall'impresa sono usate solo per rispondere alla richiesta e non sono comunicate a terzi senza consenso.

**Come contatto lo Sportello?**
Scrivendo a info@sportelloexport.example o chiamando il numero verde indicato sul sito, dal lunedì al venerdì dalle 9:00 alle 17:00.
"""

MD["export_glossary.md"] = """# Export glossary

A short glossary of terms that recur in the calls, guides and instruments published by Sportello Export Lombardia.

**ATA Carnet** – An international customs document that allows goods such as commercial samples, professional equipment and exhibits for fairs to be exported temporarily without paying duties. A carnet is valid for up to one year and is issued by the Chamber of Commerce.

**Bid bond** – A guarantee issued by a bank on behalf of a company taking part in an international tender. It assures the buyer that the bidder will sign the contract if the tender is awarded.

**Certificate of origin** – A document certifying the country in which goods were produced. The non-preferential certificate is issued by Chambers of Commerce; preferential origin is usually declared by the exporter on the invoice.

**Confidi** – A mutual guarantee consortium that provides guarantees to banks on loans granted to its SME members, making it easier for them to obtain credit.

**Credit insurance** – A policy that protects a seller against the risk that a buyer does not pay, because of insolvency or default (commercial risk) or because of events in the buyer's country (political risk).

**De minimis** – EU rule that allows small amounts of state aid to a single undertaking over three financial years without prior notification to the European Commission.

**Documentary collection** – A payment method in which the exporter's bank sends the shipping documents to the buyer's bank, which releases them against payment or acceptance of a bill of exchange.

**EORI number** – Identification number that every business needs to carry out customs operations in the European Union.

**HS code** – The six-digit code of the Harmonized System used worldwide to classify goods for customs purposes. The EU adds further digits in the Combined Nomenclature and in the TARIC.

**Incoterms®** – Standard rules published by the International Chamber of Commerce that define who pays for transport, insurance and duties and where risk passes from seller to buyer, for example EXW, FCA, CIP or DAP.

**Letter of credit** – A bank's written commitment to pay the exporter, provided that the documents presented comply exactly with the terms of the credit.

**Performance bond** – A guarantee that the exporter will perform a contract as agreed; the buyer can call it if the exporter fails to deliver.

**Pre-amortisation** – The initial period of a loan during which the borrower pays only interest and does not yet repay capital. It is also called a grace period.

**REX** – The EU's registered exporter system. Exporters registered in REX can make out statements on origin for shipments under EU free trade agreements.

**Revolving fund** – A public fund that grants loans and uses the repayments to finance new loans to other companies.

**TEM (Temporary Export Manager)** – An external export specialist hired by a company for a limited period to set up or relaunch its activity on foreign markets.
"""

MD["finanziamento_sviluppo_estero_orobie.md"] = """# FinOrobie – Linea Sviluppo Estero 2027

FinOrobie S.p.A., la società finanziaria di sviluppo delle valli bergamasche, apre la **Linea Sviluppo Estero 2027**, con un plafond complessivo di 20 milioni di euro destinato a finanziare i programmi di internazionalizzazione delle piccole e medie imprese del territorio. La misura è stata approvata con delibera del Consiglio di amministrazione del 28 febbraio 2027.

## Programmi finanziabili

Sono finanziabili i programmi che prevedono una o più delle seguenti attività:

- apertura di show-room, uffici di rappresentanza o magazzini in paesi esteri;
- partecipazione a fiere e missioni commerciali all'estero;
- consulenze per l'analisi dei mercati e per la ricerca di partner;
- registrazione di marchi e brevetti all'estero;
- adeguamento dei prodotti a norme tecniche e certificazioni richieste nei paesi di destinazione;
- formazione del personale dedicato all'export.

Il programma deve essere completato entro 24 mesi dall'erogazione del finanziamento.

## Caratteristiche del finanziamento

Il finanziamento copre fino al 100% delle spese del programma, IVA esclusa, con un importo minimo di 50.000 euro e fino a 900 mila euro per impresa. Il finanziamento è erogato a tasso fisso 0,80% annuo per tutta la durata, senza oneri di estinzione anticipata.

La durata è di 72 mesi, comprensivi di un periodo di preammortamento di 18 mesi, durante il quale l'impresa paga solo gli interessi. Il rimborso avviene con rate trimestrali posticipate a quota capitale costante. Sono previste spese di istruttoria pari allo 0,30% dell'importo finanziato, trattenute al momento dell'erogazione.

Non sono richieste garanzie reali; FinOrobie può chiedere una fideiussione dei soci in funzione del merito di credito.

## Beneficiari

Possono accedere le PMI con sede operativa nella provincia di Bergamo, iscritte al Registro delle imprese da almeno due anni e con almeno un bilancio approvato. Sono escluse le imprese in difficoltà secondo la normativa europea e quelle dei settori della pesca e della produzione agricola primaria.

## Presentazione delle domande

Le domande possono essere presentate dalle ore 10:00 del 12 aprile 2027 alle ore 12:00 del 15 dicembre 2027, salvo chiusura anticipata per esaurimento del plafond. La domanda si compila sul portale di FinOrobie e comprende il piano di internazionalizzazione, i preventivi di spesa e gli ultimi due bilanci.

FinOrobie comunica l'esito dell'istruttoria entro 45 giorni dalla domanda completa. Il contratto di finanziamento va sottoscritto entro 60 giorni dalla delibera.

## Informazioni

FinOrobie S.p.A. – Area Finanza d'impresa
e-mail: sviluppoestero@finorobie.example – https://www.finorobie.example
"""

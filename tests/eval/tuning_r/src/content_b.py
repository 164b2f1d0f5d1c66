# Content for tuning_r: guarantees (5), credit insurance (4). Same markup as content_a.

DOCS_B = [
# ---------------------------------------------------------------- guarantees
dict(file="garanzia_confidi_export.txt", lang="it", kind="guarantee",
meta=("€ 500.000", "0,50% una tantum", "guarantee fee", None, "2028-12-20"),
body="""# GARANZIA EXPORT 2028 – CONFIDI LOMBARDIA NORD

Scheda informativa per le imprese socie

## Che cos'è

La Garanzia Export è una garanzia a prima richiesta rilasciata dal Confidi a favore delle banche convenzionate sui finanziamenti destinati a progetti di internazionalizzazione: partecipazione a fiere, apertura di sedi all'estero, acquisto di scorte per nuovi mercati, certificazioni di prodotto.

## Copertura

Il Confidi rilascia una garanzia fino all'80% del finanziamento. Sono garantiti i finanziamenti di importo compreso tra € 50.000 e € 625.000, con durata da 18 a 72 mesi. L'importo massimo garantito per singola impresa è di € 500.000, anche in presenza di più finanziamenti.

## Costo

Per il rilascio della garanzia l'impresa versa una commissione dello 0,50% una tantum, calcolata sull'importo garantito e trattenuta all'erogazione del finanziamento. Per le start-up iscritte da meno di tre anni la commissione è ridotta allo 0,35%. Non sono previsti costi annuali.

Le imprese non ancora socie sottoscrivono una quota sociale di € 250, restituibile in caso di recesso.

## Tabella riepilogativa

| Voce | Condizione |
| Copertura | fino all'80% del finanziamento |
| Importo del finanziamento | da € 50.000 a € 625.000 |
| Importo massimo garantito per impresa | € 500.000 |
| Commissione | 0,50% una tantum (0,35% start-up) |
| Quota sociale | € 250 |

## Requisiti

Possono accedere le PMI con sede in Lombardia che abbiano realizzato nell'ultimo esercizio almeno il 15% del fatturato all'estero o che presentino un piano export con obiettivi misurabili. Non sono ammesse le imprese con posizioni classificate a sofferenza presso il sistema bancario.

## Banche convenzionate

La garanzia è operativa con gli istituti convenzionati elencati sul sito del Confidi. Il tasso del finanziamento è stabilito dalla banca, che si impegna a riconoscere alle imprese garantite uno sconto di almeno 0,50 punti rispetto alle condizioni standard.

## Scadenza

Le richieste di garanzia a valere sul plafond 2028 devono pervenire entro il 20 dicembre 2028. Il Confidi delibera entro 15 giorni lavorativi dalla ricezione della pratica completa.

Informazioni: garanziaexport@confidilombardianord.example
"""),

dict(file="sme_international_guarantee_window.html", lang="en", kind="guarantee",
meta=("EUR 1.5 million", "70%", "cover", None, "2028-12-31"),
body="""# SME International Guarantee Window

Lombardy Regional Guarantee Fund – Public information sheet

## Overview

The International Guarantee Window makes it easier for small and medium-sized firms to borrow for projects abroad. The Fund guarantees part of the loans that partner banks grant for foreign investment, export orders and the working capital that goes with them. The guarantee is provided free of charge: the Fund charges no fee, no arrangement costs and no annual commission.

## Cover

The guarantee covers up to 70% of the loan principal. For innovative start-ups registered in the special section of the Companies Register, the cover rises to 80%. The guaranteed amount may not exceed EUR 1.5 million per company, counting all loans guaranteed under the Window.

| Feature | Standard | Innovative start-ups |
| Cover of loan principal | 70% | 80% |
| Fee | none | none |
| Loan duration | 18 to 72 months | 18 to 96 months |
| Guaranteed amount per company | up to EUR 1.5 million | up to EUR 1.5 million |

## Which loans

Loans from EUR 50,000 to EUR 3 million granted by partner banks to finance:

- investment in foreign subsidiaries, branches or production sites;
- the fulfilment of export orders, including supplier advances;
- stock and marketing for entry into new foreign markets.

## What the bank must do

The partner bank passes the benefit of the guarantee on to the firm. Under the agreement, the spread charged on guaranteed loans may not exceed 2.50% above the relevant Euribor, and the bank may not ask for personal guarantees on the guaranteed portion.

## Eligibility

SMEs with an operating site in Lombardy that have at least 20% of their turnover from exports, or that present an export plan with at least one confirmed foreign order. Firms in difficulty and firms with loans classified as non-performing are excluded.

## Availability

The Window is open until 31 December 2028 or until the EUR 90 million allocated to it are committed, whichever happens first. Requests are submitted by the partner bank on behalf of the firm.

Contact: window@lrgf.example
"""),

dict(file="garanzia_diretta_fondo_regionale.md", lang="it", kind="guarantee",
meta=("2,5 milioni di euro", "0,25% annuo", "guarantee fee", "2028-04-01", "2029-03-31"),
body="""# Garanzia diretta del Fondo Regionale per l'Internazionalizzazione

Agenzia Regionale per il Credito alle Imprese (ARCI Lombardia)

## Descrizione

Il Fondo Regionale per l'Internazionalizzazione rilascia garanzie dirette a favore delle banche e degli intermediari finanziari che concedono finanziamenti a medio-lungo termine alle imprese lombarde per progetti di sviluppo sui mercati esteri.

## Misura della garanzia

La garanzia copre il 60% del finanziamento. La copertura è elevata all'80% per le start-up innovative e per le imprese che realizzano investimenti in Paesi extra-UE con i quali l'Unione ha concluso accordi di libero scambio. Sono ammissibili finanziamenti fino a 5 milioni di euro, con durata compresa tra 24 e 120 mesi.

L'importo massimo garantito per impresa è pari a 2,5 milioni di euro, anche cumulando più operazioni.

## Costo della garanzia

Il costo della garanzia è pari allo 0,25% annuo sull'importo garantito, versato anticipatamente per l'intera durata al momento del rilascio. Per le imprese con rating di legalità la commissione è ridotta di 5 punti base. Sono inoltre dovute spese di istruttoria forfettarie di € 200.

| Elemento | Condizione |
| Copertura ordinaria | 60% |
| Copertura maggiorata | 80% |
| Commissione | 0,25% annuo sull'importo garantito |
| Importo massimo garantito | 2,5 milioni di euro per impresa |
| Durata del finanziamento | da 24 a 120 mesi |

## Requisiti delle imprese

- sede operativa in Lombardia;
- fatturato estero pari ad almeno il 25% del fatturato totale, oppure un piano di investimento all'estero approvato dall'organo amministrativo;
- assenza di procedure concorsuali e di esposizioni deteriorate.

## Aiuto di Stato

La garanzia costituisce aiuto di Stato. L'equivalente sovvenzione lordo (ESL) è calcolato con il metodo approvato dalla Commissione europea e comunicato all'impresa; di norma è compreso tra l'1% e il 3% dell'importo garantito.

## Periodo di operatività

Le richieste possono essere presentate dal 1° aprile 2028 al 31 marzo 2029 dalle banche convenzionate, per conto delle imprese. La delibera è adottata entro 30 giorni. Informazioni: fondo.internazionalizzazione@arci-lombardia.example
"""),

dict(file="export_loan_guarantee_insubria.docx", lang="en", kind="guarantee",
meta=("EUR 600,000", "0.75% of the guaranteed amount, one-off", "guarantee fee", "2028-03-15", "2028-11-15"),
body="""# Export Loan Guarantee 2028

Insubria Guarantee Consortium – Product information

## What we offer

The Insubria Guarantee Consortium guarantees loans that member firms obtain from partner banks to grow their business abroad. With our guarantee, banks can lend on better terms and ask for less collateral.

## Terms at a glance

| Term | Standard | Innovative SMEs |
| Guarantee cover | 50% of the loan | 70% of the loan |
| Guarantee fee | 0.75% of the guaranteed amount, one-off | 0.75% of the guaranteed amount, one-off |
| Maximum guaranteed amount per firm | EUR 600,000 | EUR 600,000 |
| Loan size | EUR 40,000 to EUR 1.2 million | EUR 40,000 to EUR 1.2 million |

The guarantee fee is charged once, when the guarantee is issued. There is no annual charge. New members also pay a one-off membership contribution of EUR 300, which is refunded if the firm leaves the Consortium.

## Eligible purposes

- working capital for export orders;
- participation in trade fairs and missions abroad;
- investment in foreign sales offices or warehouses;
- product certification for foreign markets.

## Who can apply

SMEs based in the provinces of Varese and Como whose exports account for at least 25% of turnover, or which can show a confirmed export order worth at least 10% of last year's turnover. Innovative SMEs are those registered in the special section of the Companies Register.

## How it works

The firm applies to a partner bank, which sends the request to the Consortium. The Consortium decides within 10 working days. If the firm defaults, the Consortium pays the bank its share of the loss and then seeks recovery from the firm.

## Counter-guarantee

The Consortium is in turn counter-guaranteed by the public SME guarantee fund for up to 80% of its exposure. This does not change the terms for the firm.

## Application period

Requests may be submitted from 15 March 2028 to 15 November 2028.

Contact: export@insubria-guarantee.example
"""),

dict(file="garanzia_classe_rating_confidi.pdf", lang="it", kind="guarantee",
meta=("350.000 euro", "dallo 0,30% all'1,00% annuo", "guarantee fee", None, None),
body="""# Garanzia Mercati Esteri a commissione differenziata

Confidi Pianura Padana – Foglio informativo

## Oggetto

Il Confidi rilascia garanzie a prima richiesta sui finanziamenti bancari destinati a programmi di espansione commerciale all'estero, inclusi gli anticipi su contratti di esportazione e i finanziamenti per scorte destinate a mercati esteri.

## Copertura e importi

La garanzia copre fino al 70% del finanziamento. L'importo massimo garantito per ciascuna impresa socia è di 350.000 euro; il finanziamento garantibile va da 30.000 a 500.000 euro.

## Commissione

La commissione di garanzia varia dallo 0,30% all'1,00% annuo in base alla classe di rating dell'impresa, determinata dal Confidi sulla base degli ultimi due bilanci e della Centrale dei Rischi.

| Classe di rating | Commissione annua |
| A - rischio basso | 0,30% |
| B - rischio medio-basso | 0,55% |
| C - rischio medio | 0,80% |
| D - rischio medio-alto | 1,00% |

La commissione è calcolata sull'importo garantito e pagata in rate annuali anticipate. Le spese di istruttoria sono pari a 150 euro per pratica.

## Requisiti

| Requisito | Soglia |
| Fatturato estero | almeno il 15% del totale |
| Bilanci depositati | almeno 2 |
| Sede | Lombardia o Emilia-Romagna |

Le imprese di nuova costituzione possono accedere presentando un piano commerciale per l'estero e il bilancio previsionale.

## Vantaggi per l'impresa

La garanzia consente di ottenere credito anche in assenza di garanzie reali. Le banche convenzionate applicano ai finanziamenti garantiti uno spread ridotto rispetto alle condizioni ordinarie.

## Controgaranzia e pagamento in caso di insolvenza

La garanzia del Confidi è a sua volta controgarantita dal fondo pubblico di garanzia per le PMI fino al 90% dell'importo garantito; la controgaranzia non modifica le condizioni applicate all'impresa. In caso di inadempimento, il Confidi paga alla banca la quota garantita entro 90 giorni dalla richiesta di escussione.

## Disponibilità

Il prodotto è disponibile senza scadenza, nei limiti del patrimonio di vigilanza del Confidi. Per informazioni: estero@confidipianurapadana.example
"""),

# ---------------------------------------------------------------- credit insurance
dict(file="polizza_credito_export_pmi.md", lang="it", kind="insurance",
meta=("€ 2 milioni", "dallo 0,15% allo 0,60% del fatturato assicurato", "premium", None, None),
body="""# Polizza Credito Export PMI

Assicurazioni Ticino Credito S.p.A. – Set informativo sintetico

## Che cosa copre

La polizza protegge l'impresa esportatrice dal mancato pagamento dei crediti commerciali verso acquirenti esteri, dovuto a insolvenza dichiarata, mancato pagamento protratto oltre 180 giorni dalla scadenza (insolvenza di fatto) o eventi politici che impediscono il trasferimento dei fondi.

## Premio

Il premio è calcolato in percentuale sul fatturato assicurato e varia dallo 0,15% allo 0,60% del fatturato assicurato, in funzione dei Paesi degli acquirenti, della durata delle dilazioni di pagamento e della storia sinistri dell'impresa. Il premio minimo annuo è di € 1.200.

In assenza di sinistri nell'annualità precedente è riconosciuto uno sconto del 10% sul premio di rinnovo. Sul premio si applica l'imposta sulle assicurazioni nella misura prevista dalla legge (12,5%).

## Indennizzo

In caso di sinistro la compagnia corrisponde un indennizzo pari al 90% della perdita, al netto della franchigia. La quota del 10% resta a carico dell'assicurato. L'indennizzo è liquidato entro 30 giorni dalla documentazione completa del sinistro.

| Voce | Condizione |
| Premio | dallo 0,15% allo 0,60% del fatturato assicurato |
| Premio minimo annuo | € 1.200 |
| Indennizzo | 90% della perdita |
| Franchigia annua aggregata | € 5.000 |
| Fido massimo per singolo acquirente | € 250.000 |
| Limite massimo di indennizzo per assicurato | € 2 milioni |

## Limiti

Il limite massimo di indennizzo per assicurato, per ciascuna annualità assicurativa, è di € 2 milioni. Ogni acquirente deve essere approvato dalla compagnia con un fido, che non può superare € 250.000 per singolo acquirente.

## A chi si rivolge

La polizza è destinata alle PMI con fatturato estero compreso tra € 500.000 e € 25 milioni, che vendono con pagamento dilazionato fino a 180 giorni. L'impresa deve assicurare tutto il fatturato estero a credito, salvo le vendite con pagamento anticipato o garantite da lettera di credito confermata.

## Servizi inclusi

- valutazione preventiva dell'affidabilità degli acquirenti;
- monitoraggio continuo degli acquirenti assicurati;
- recupero crediti stragiudiziale in oltre 40 Paesi.

Per un preventivo: export.pmi@ticinocredito.example
"""),

dict(file="single_buyer_credit_insurance.txt", lang="en", kind="insurance",
meta=("EUR 750,000", "0.45% of the insured invoice value", "premium", None, None),
body="""# SINGLE BUYER CREDIT INSURANCE

Alpine Trade Credit Insurance plc - Product summary for Italian exporters

## What the policy does

Single Buyer cover protects an exporter against non-payment by one named foreign customer. It suits firms that do not want to insure their whole turnover but have one or two large customers whose default would hurt. Cover can be taken out for a single contract or for all sales to the named buyer over twelve months.

## Price

The premium is 0.45% of the insured invoice value, payable monthly on the invoices declared. For buyers in countries in OECD risk categories 5 to 7 a country surcharge of 0.20 percentage points applies. The minimum premium per policy is EUR 900. Premiums are exempt from VAT; insurance premium tax applies at 12.5% as required by Italian law.

## What we pay

| Cause of loss | Indemnity |
| Insolvency of the buyer | 85% of the loss |
| Protracted default (over 150 days) | 85% of the loss |
| Political events, transfer restrictions | 90% of the loss |

The waiting period before a claim is paid is 150 days from the original due date for protracted default, and 30 days from the documented insolvency.

## Limits

The credit limit approved on each buyer is set after our analysis and may range from EUR 20,000 to EUR 300,000 per buyer. The total of all limits under Single Buyer policies held by one exporter may not exceed EUR 750,000. This is the maximum amount of cover per policyholder.

## Who can buy it

- companies based in Italy with export sales of at least EUR 250,000 a year;
- sales on open account or documentary collection with credit terms up to 180 days;
- buyers must be private companies; sales to public bodies need our prior approval.

## How to get a quote

Send the buyer's name, country, expected sales and payment terms to singlebuyer@alpinetrade-ci.example. A quote is usually issued within five working days. The policy can start on the first day of the month after acceptance.
"""),

dict(file="assicurazione_rischio_politico.html", lang="it", kind="insurance",
meta=("3 milioni di euro", "0,30% del valore del contratto", "premium", None, None),
body="""# Polizza Rischio Paese – Contratti di esportazione verso Paesi terzi

Mutua Assicuratrice Lombarda Export – Scheda prodotto

## Oggetto della copertura

La polizza tutela le imprese che esportano beni o servizi con pagamento dilazionato verso Paesi al di fuori dell'Unione europea dai rischi di natura politica: guerre e disordini civili, provvedimenti governativi che impediscono il pagamento, restrizioni al trasferimento di valuta, revoca arbitraria delle licenze di importazione. Su richiesta, la copertura può essere estesa al rischio commerciale dell'acquirente.

## Premio

Il premio base è pari allo 0,30% del valore del contratto, per i Paesi nelle categorie di rischio OCSE da 1 a 2. Per le categorie superiori il premio è maggiorato come indicato nella tabella. L'estensione al rischio commerciale comporta una maggiorazione di 0,25 punti percentuali.

| Categoria di rischio OCSE | Premio sul valore del contratto |
| 1 - 2 | 0,30% |
| 3 - 4 | 0,55% |
| 5 - 6 | 0,90% |
| 7 | 1,40% |

Il premio minimo per contratto è di € 800. Il premio è pagato in un'unica soluzione all'emissione della polizza.

## Indennizzo

La compagnia indennizza il 95% della perdita per i rischi politici e l'85% per il rischio commerciale, se esteso. L'indennizzo è corrisposto decorso un periodo di attesa di 90 giorni dal mancato pagamento.

## Limiti

Il valore massimo assicurabile per impresa è pari a 3 milioni di euro, cumulando tutti i contratti assicurati. Il singolo contratto non può avere durata di pagamento superiore a 36 mesi. L'anticipo contrattuale, di norma pari al 15% del valore della fornitura, non è assicurabile.

## Destinatari

- imprese con sede in Lombardia esportatrici verso Paesi terzi;
- contratti di fornitura di beni strumentali, impianti e servizi connessi;
- acquirenti privati o pubblici, previa valutazione della compagnia.

## Contatti

Le richieste di quotazione si inviano a rischiopaese@mutualombarda-export.example indicando Paese, acquirente, valore e condizioni di pagamento. La quotazione è rilasciata entro 10 giorni lavorativi.
"""),

dict(file="whole_turnover_policy.pdf", lang="en", kind="insurance",
meta=("EUR 1,800,000", "0.22% of insured turnover", "premium", None, None),
body="""# Whole Turnover Export Policy

Lakeside Credit Insurance Company – Key information document

## Cover

The Whole Turnover Export Policy insures all of a firm's export sales on credit terms against the insolvency or protracted default of its customers and against political risks in the buyers' countries. Insuring the whole turnover, rather than single buyers, keeps the premium low and gives the firm a continuous view of its customers' creditworthiness.

## Key terms

| Term | Condition |
| Premium | 0.22% of insured turnover |
| Minimum annual premium | EUR 1,500 |
| No-claims discount | 10% at renewal |
| Indemnity, commercial risks | 90% of the loss |
| Indemnity, political risks | 95% of the loss |
| Aggregate indemnity limit | EUR 1,800,000 per policyholder |
| Maximum credit terms | 180 days |

The premium is 0.22% of insured turnover, declared monthly. A discount of 10% is applied at renewal if no claims were paid in the previous policy year. Insurance premium tax is charged on top of the premium.

## Indemnity and limits

We pay 90% of the loss for commercial risks and 95% for political risks. The aggregate indemnity limit is EUR 1,800,000 per policyholder and per policy year; credit limits on individual buyers are set separately, usually up to EUR 400,000 each.

## Eligibility

| Requirement | Threshold |
| Annual export turnover | EUR 1 million to EUR 30 million |
| Share of sales on credit | at least 40% of exports |
| Registered office | Italy |

## Claims

A claim must be notified within 30 days of the buyer's insolvency, or within 150 days of the original due date in the case of protracted default. We pay within 30 days of receiving the complete claim file. Any amounts recovered after payment are shared in the same proportion as the indemnity.

## Contact

Write to wholeturnover@lakeside-ci.example for a quotation. Please attach the breakdown of last year's export sales by country and the list of the ten largest customers.
"""),
]

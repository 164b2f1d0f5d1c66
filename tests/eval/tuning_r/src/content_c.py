# Content for tuning_r: tax credits (3), equity/revolving funds (2), others (2). Same markup as content_a.

DOCS_C = [
# ---------------------------------------------------------------- tax credits
dict(file="credito_imposta_fiere_2028.md", lang="it", kind="tax_credit",
meta=("€ 60.000", "30%", "tax credit share", "2028-09-01", "2028-10-31"),
body="""# Credito d'imposta per la partecipazione a fiere internazionali – annualità 2028

Nota informativa dello Sportello Export della Camera di Commercio di Bergamo Orobie

## In sintesi

Le PMI che partecipano a fiere internazionali, in Italia o all'estero, possono recuperare parte delle spese sostenute attraverso un credito d'imposta, utilizzabile in compensazione nel modello F24. La misura è finanziata con una dotazione nazionale di 10 milioni di euro per l'annualità 2028.

## Misura del credito

Il credito d'imposta è pari al 30% delle spese ammissibili sostenute nel 2028. La percentuale è elevata al 40% per le imprese che partecipano per la prima volta a una fiera internazionale. Le spese devono essere di almeno € 5.000 per impresa, IVA esclusa; l'IVA al 22% non concorre a formare la base di calcolo.

Il credito spetta fino a un importo massimo di € 60.000 per ciascun beneficiario. Poiché le richieste potrebbero superare le risorse disponibili, il Ministero potrà applicare una riduzione proporzionale (riparto) delle percentuali riconosciute.

| Voce | Valore |
| Credito ordinario | 30% delle spese |
| Credito per prima partecipazione | 40% delle spese |
| Spesa minima | € 5.000 |
| Credito massimo per beneficiario | € 60.000 |
| Dotazione 2028 | 10 milioni di euro |

## Spese ammissibili

- affitto degli spazi espositivi e quote di partecipazione;
- allestimento degli stand e relativi servizi;
- attività pubblicitarie, promozionali e di comunicazione connesse alla fiera;
- spese di trasporto dei campionari.

Non sono ammissibili le spese di viaggio e soggiorno del personale.

## Regime di aiuto

Il credito è concesso nel rispetto del regolamento de minimis, con il massimale di € 300.000 nel triennio. Non concorre alla formazione del reddito imponibile né della base imponibile IRAP.

## Utilizzo

Il credito è utilizzabile esclusivamente in compensazione, a decorrere dal giorno successivo alla pubblicazione dell'elenco dei beneficiari, in tre quote annuali di pari importo.

## Domande

Le istanze si presentano in via telematica dal 1° settembre 2028 al 31 ottobre 2028. Lo Sportello Export assiste gratuitamente le imprese nella compilazione: sportelloexport@bergamo-orobie.example
"""),

dict(file="export_digital_tax_credit.html", lang="en", kind="tax_credit",
meta=("EUR 80,000", "25%", "tax credit share", "2028-05-02", "2028-06-30"),
body="""# Tax Credit for Export Digitalisation 2028

Guidance note – Lombardy Export Help Desk

## What it is

The tax credit for export digitalisation rewards SMEs that invest in digital tools used to sell abroad. It is claimed against taxes and social contributions due, through the F24 payment form, and does not count as taxable income.

## Rate of the credit

The tax credit is 25% of eligible expenditure incurred between 1 January and 31 December 2028. Firms located in mountain municipalities receive an additional 5 percentage points. If the total amount claimed nationally exceeds the budget of EUR 45 million, all credits will be reduced by the same percentage.

| Element | Value |
| Basic rate | 25% of eligible expenditure |
| Mountain areas bonus | +5 percentage points |
| Minimum expenditure | EUR 10,000 |
| Maximum credit per company | EUR 80,000 |
| National budget | EUR 45 million |

## Cap

The credit is capped at EUR 80,000 per company, irrespective of the number of projects. Expenditure below EUR 10,000 (net of VAT) does not qualify.

## Eligible expenditure

- cross-border e-commerce platforms and integration with marketplaces;
- software for multilingual product information and export documentation;
- cybersecurity services for online sales, up to 20% of total expenditure;
- consultancy on digital export strategy, up to 30% of total expenditure.

## Who can claim

SMEs resident in Italy for tax purposes, with an operating site in Lombardy, that made at least 5% of their turnover from foreign customers in 2027 or that can show foreign online orders in 2028.

## Procedure

Claims must be filed online between 2 May 2028 and 30 June 2028, with a statement of expenditure certified by a registered auditor. The cost of certification, up to EUR 5,000, is itself eligible. The list of beneficiaries and the percentage actually granted will be published within 60 days of the closing date.

## Help

The Export Help Desk checks draft claims free of charge. Book an appointment at taxcredit@lombardy-exporthelp.example.
"""),

dict(file="credito_imposta_consulenze_internazionali.txt", lang="it", kind="tax_credit",
meta=("30 mila euro", "45%", "tax credit share", None, "2029-02-28"),
body="""# CREDITO D'IMPOSTA PER CONSULENZE DI INTERNAZIONALIZZAZIONE

Scheda di approfondimento – Unione Artigiani Export Lombardia

## Finalità

La misura riconosce un credito d'imposta alle micro, piccole e medie imprese che acquistano servizi di consulenza specialistica per l'ingresso in nuovi mercati esteri: analisi di mercato, assistenza contrattuale e doganale, ricerca di distributori, adeguamento normativo dei prodotti, protezione della proprietà intellettuale all'estero.

## Misura

Il credito d'imposta è pari al 45% delle spese ammissibili per le micro e piccole imprese e al 35% per le medie imprese. Le spese minime per accedere al beneficio sono di 3 mila euro, al netto dell'IVA al 22%, che non rientra mai nella base di calcolo. Le consulenze per la protezione della proprietà intellettuale all'estero sono ammissibili nel limite del 25% delle spese complessive.

Il credito massimo per impresa è di 30 mila euro nel periodo d'imposta. Per le imprese aderenti a una rete d'impresa con progetto comune di internazionalizzazione è riconosciuto un ulteriore credito di 5 mila euro per la quota di spese comuni.

## Requisiti dei consulenti

I servizi devono essere resi da consulenti o società di consulenza con almeno tre anni di esperienza nel settore dell'internazionalizzazione, oppure iscritti nell'elenco dei manager qualificati. Non sono ammissibili le consulenze rese da soci, amministratori o dipendenti dell'impresa, né le consulenze ordinarie di tipo fiscale, legale o contabile.

## Tabella di sintesi

| Dimensione | Percentuale | Credito massimo |
| Micro e piccola impresa | 45% | 30 mila euro |
| Media impresa | 35% | 30 mila euro |

## Utilizzo del credito

Il credito è utilizzabile in compensazione in un'unica soluzione, a partire dal periodo d'imposta successivo a quello di sostenimento delle spese. L'impresa deve conservare le fatture, la relazione finale del consulente e la prova dei pagamenti tracciabili.

## Presentazione

La comunicazione delle spese sostenute nel 2028 va inviata all'Agenzia delle Entrate entro il 28 febbraio 2029. Gli uffici dell'associazione offrono un servizio di verifica preventiva della documentazione.

Informazioni: creditoimposta@unioneartigianiexport.example
"""),

# ---------------------------------------------------------------- equity / revolving
dict(file="fondo_equity_export_lombardia.docx", lang="it", kind="equity",
meta=("€ 3.000.000", "40%", "maximum equity stake", None, None),
body="""# Fondo Lombardia Export Equity

Orobica Capital SGR – Sintesi della politica di investimento

## Il fondo

Il Fondo Lombardia Export Equity è un fondo chiuso di investimento alternativo, con una dotazione di 120 milioni di euro sottoscritta per il 50% dalla Regione e per il restante 50% da investitori istituzionali privati. Il fondo investe nel capitale di rischio di PMI lombarde con programmi di crescita internazionale: acquisizioni all'estero, apertura di filiali produttive o commerciali, sviluppo di nuovi prodotti per i mercati esteri.

## Caratteristiche degli investimenti

| Parametro | Condizione |
| Ticket minimo | € 500.000 |
| Investimento massimo per impresa | € 3.000.000 |
| Quota massima del capitale | fino al 40% del capitale sociale |
| Durata dell'investimento | da 5 a 7 anni |
| Co-investimento privato | almeno il 30% del round |

Il fondo acquisisce esclusivamente partecipazioni di minoranza, fino al 40% del capitale sociale, con la nomina di almeno un consigliere di amministrazione. L'investimento massimo per impresa è di € 3.000.000, anche in più tranche.

## Imprese obiettivo

- PMI con sede in Lombardia e fatturato compreso tra € 5 milioni e € 50 milioni;
- almeno il 20% del fatturato realizzato all'estero nell'ultimo esercizio;
- margine operativo lordo positivo negli ultimi due esercizi;
- un piano industriale che preveda la crescita del fatturato estero.

## Uscita

Il disinvestimento avviene di norma tramite riacquisto delle quote da parte dei soci, cessione a un investitore industriale o quotazione. Il fondo punta a un rendimento lordo (IRR) dell'8% annuo; la commissione di gestione dell'1,75% annuo è a carico dei sottoscrittori del fondo e non delle imprese partecipate.

## Governance

Le decisioni di investimento sono assunte dal comitato investimenti della SGR. Nelle imprese partecipate il fondo chiede diritti di informazione periodica, il gradimento sulle operazioni straordinarie e una clausola di co-vendita.

## Contatti

Le imprese interessate possono inviare un executive summary e gli ultimi due bilanci a dealflow@orobicacapital.example. Non sono previste scadenze: il fondo valuta le proposte su base continuativa fino alla fine del periodo di investimento.
"""),

dict(file="revolving_fund_international_growth.md", lang="en", kind="revolving",
meta=("EUR 400,000", "0.50% per annum, fixed", "interest", "2028-01-12", "2028-09-30"),
body="""# Revolving Fund for International Growth

Regional Agency for Enterprise and Innovation – Call 2028

## The fund

The Revolving Fund for International Growth lends to small and medium-sized firms that invest in expanding abroad. Repayments flow back into the fund and are lent again to other firms. The fund currently holds EUR 30 million.

## What it finances

- opening or enlarging sales offices, showrooms and warehouses abroad;
- foreign trade fairs and promotional campaigns, as part of a wider plan;
- certifications, patents and trademarks needed in target markets;
- hiring of export staff for up to 24 months.

## Terms

The fund can finance up to 80% of an eligible plan; the remaining 20% must be covered by the firm's own resources or a bank loan. Loans are granted at 0.50% per annum, fixed, for up to seven years including a grace period of up to two years. Of the amount granted, 20% is a non-repayable grant, provided the plan is completed and the firm keeps its operating site in Lombardy for three years.

The fund lends up to EUR 400,000 per firm. Plans must be worth at least EUR 75,000. If a bank co-finances the plan, its loan must have a duration of at least 36 months.

| Item | Condition |
| Share of plan financed | up to 80% |
| Interest rate | 0.50% per annum, fixed |
| Non-repayable portion | 20% of the amount granted |
| Maximum per firm | EUR 400,000 |
| Minimum plan | EUR 75,000 |
| Duration | up to 7 years |

## Eligibility

SMEs with an operating site in Lombardy, at least one approved set of accounts and foreign sales of at least 10% of turnover, or a documented plan to reach that share within two years. The aid is granted under the de minimis regime.

## Assessment

Applications are scored on the quality of the plan (50%), the firm's financial soundness (30%) and environmental and social impact (20%). Plans scoring below 60 out of 100 are not funded.

## Dates

Applications may be submitted from 12 January 2028 to 30 September 2028 on the Agency's portal. Contact: revolving@raei-lombardia.example
"""),

# ---------------------------------------------------------------- others
dict(file="export_factoring_line.html", lang="en", kind="factoring",
meta=("EUR 2 million", "0.55% of each assigned invoice", "factoring fee", None, None),
body="""# Export Factoring Line – Non-recourse

Brianza Factor S.p.A. – Product sheet for exporters

## How it works

The Export Factoring Line lets you turn invoices to foreign customers into cash as soon as the goods are shipped. You assign your export invoices to Brianza Factor; we advance most of the amount straight away, collect the receivables from your customers abroad and take over the risk that they do not pay.

## Pricing

The line is priced at an all-in fee of 0.55% of each assigned invoice, for payment terms up to 90 days. The fee includes interest on the advance, collection and the non-payment cover; there are no separate interest charges. For payment terms from 91 to 180 days a supplement of 0.25 percentage points applies. An annual line management fee of EUR 500 is charged regardless of use.

| Item | Condition |
| Fee (terms up to 90 days) | 0.55% of each assigned invoice |
| Supplement (91 to 180 days) | +0.25 percentage points |
| Advance | up to 90% of the invoice value |
| Non-payment cover | 95% of the invoice value |
| Line limit per seller | EUR 2 million |
| Annual management fee | EUR 500 |

## Advance and cover

We advance up to 90% of the invoice value within two working days of receiving the shipping documents. The balance, minus our fee, is paid when the customer pays. If an approved customer fails to pay within 120 days of the due date, we pay you 95% of the invoice value.

## Limits

The line is granted up to EUR 2 million per seller. Within the line, each foreign customer receives an individual limit after our credit check, normally between EUR 25,000 and EUR 500,000. To keep costs low, the seller must expect to assign at least EUR 500,000 of export invoices a year.

## Who can use it

- manufacturers and distributors with their registered office in Italy;
- sales to companies (not consumers) in the EU, the UK, Switzerland, North America and other approved countries;
- invoices in euro, US dollars or pounds sterling; conversion costs for other currencies are charged at cost.

## Getting started

Send us your export sales ledger for the last 12 months and a list of your main foreign customers at exportfactoring@brianzafactor.example. We will send a proposal within ten working days.
"""),

dict(file="controgaranzia_fideiussioni_internazionali.txt", lang="it", kind="counter_guarantee",
meta=("1,25 milioni di euro", "0,40% annuo", "counter-guarantee fee", None, None),
body="""# CONTROGARANZIA SU FIDEIUSSIONI INTERNAZIONALI

Fondo Lombardo Garanzie Commesse Estere – Nota illustrativa per banche e imprese

## A cosa serve

Nelle gare e nei contratti internazionali il committente estero chiede all'esportatore garanzie bancarie: la garanzia di partecipazione (bid bond), di norma tra il 2% e il 5% del valore dell'offerta; la garanzia di buona esecuzione (performance bond), solitamente pari al 10% del valore del contratto; la garanzia di restituzione dell'anticipo (advance payment bond), che copre l'anticipo, spesso pari al 30% del contratto.

Queste garanzie assorbono le linee di credito dell'impresa. Il Fondo interviene con una controgaranzia a favore della banca che emette la fideiussione, così da liberare capacità di credito per le PMI.

## Misura della controgaranzia

Il Fondo controgarantisce il 50% dell'importo della fideiussione emessa dalla banca. La quota è elevata al 70% per le commesse in Paesi con i quali l'Unione europea ha concluso accordi commerciali in vigore.

L'importo massimo controgarantito per impresa è pari a 1,25 milioni di euro, considerando tutte le fideiussioni in essere. Le singole fideiussioni devono avere un importo compreso tra 50.000 e 2.000.000 di euro.

## Costo

La controgaranzia ha un costo pari allo 0,40% annuo, calcolato sull'importo controgarantito e pagato dall'impresa per il tramite della banca. La banca, a sua volta, applica la propria commissione sulla fideiussione, che non può superare l'1,50% annuo sulla parte controgarantita.

| Voce | Condizione |
| Quota controgarantita | 50% (70% Paesi con accordi UE) |
| Commissione del Fondo | 0,40% annuo |
| Commissione massima della banca | 1,50% annuo |
| Importo massimo controgarantito per impresa | 1,25 milioni di euro |
| Durata massima | 60 mesi |

## Beneficiari

PMI e imprese a media capitalizzazione con sede in Lombardia che partecipano a gare o eseguono contratti di fornitura, lavori o servizi all'estero. La commessa deve avere un valore di almeno 200.000 euro.

## Procedura

La richiesta è presentata dalla banca convenzionata, allegando il contratto o il bando di gara e la bozza di fideiussione. Il Fondo delibera entro 10 giorni lavorativi; per i bid bond è prevista una procedura accelerata di 3 giorni.

Informazioni: commesse.estere@flgce.example
"""),
]

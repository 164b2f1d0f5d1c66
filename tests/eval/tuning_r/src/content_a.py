# Content for tuning_r: grants/vouchers (6) and subsidised loans (6).
# Mini markup, blocks separated by blank lines:
#   "# "  title, "## " heading, "- " bullet lines, "|" table rows (first row = header), else paragraph.
# meta: (max_amount, rate, rate_meaning, valid_from, valid_until)

DOCS_A = [
# ---------------------------------------------------------------- grants
dict(file="bando_mercati_lontani_2028.md", lang="it", kind="grant",
meta=("€ 40.000", "50%", "grant share", "2028-03-03", "2028-04-30"),
body="""# Bando «Mercati Lontani 2028» – Contributi a fondo perduto per progetti extra-UE

Camera di Commercio di Valtellina e Adda – Area Promozione e Internazionalizzazione

## 1. Finalità e dotazione

Il bando sostiene le micro, piccole e medie imprese che intendono avviare o consolidare la propria presenza commerciale in Paesi al di fuori dell'Unione europea. La dotazione complessiva è di € 2.400.000, di cui una riserva del 15% destinata alle imprese della filiera agroalimentare.

## 2. Beneficiari

Possono partecipare le MPMI con sede legale o operativa in Lombardia, iscritte al Registro delle imprese e in regola con il diritto annuale, che nell'ultimo esercizio chiuso abbiano realizzato almeno il 20% del fatturato estero sul fatturato complessivo. Le imprese prive di esperienza internazionale possono partecipare solo in aggregazione con almeno un'impresa che soddisfi tale requisito.

## 3. Entità del contributo

Il contributo a fondo perduto è pari al 50% delle spese ammissibili, calcolate al netto dell'IVA al 22%, che non è in alcun caso rimborsabile. Per le imprese femminili e per le imprese giovanili la percentuale è aumentata di +10 punti percentuali. Il contributo massimo concedibile è di € 40.000 per impresa, a fronte di un investimento minimo di € 15.000. Nella precedente edizione il tetto era fissato a € 30.000.

Gli aiuti sono concessi in regime de minimis, nel rispetto del massimale di € 300.000 nell'arco di tre esercizi finanziari.

## 4. Spese ammissibili

- partecipazione a fiere e missioni commerciali in Paesi extra-UE;
- consulenze per l'analisi dei mercati e la ricerca di partner;
- registrazione di marchi e certificazioni richieste nei mercati di destinazione;
- traduzione e adattamento di materiali promozionali e siti web.

Le spese di personale interno sono ammissibili nel limite del 10% del totale del progetto.

## 5. Valutazione

Le domande sono valutate secondo i seguenti criteri:

| Criterio | Peso |
| Qualità e fattibilità del progetto | 40% |
| Coerenza tra prodotto e mercati obiettivo | 30% |
| Ricadute occupazionali e sostenibilità | 20% |
| Possesso del rating di legalità | 10% |

Sono ammessi a contributo i progetti che ottengono almeno 60 punti su 100.

## 6. Presentazione delle domande

Le domande si presentano esclusivamente online dalle ore 10:00 del 3 marzo 2028 alle ore 16:00 del 30 aprile 2028. Informazioni: internazionalizzazione@cciaa-valtellinaadda.example.
"""),

dict(file="voucher_tem_2028.txt", lang="it", kind="grant",
meta=("12.500 euro", "50%", "grant share", None, "2028-06-15"),
body="""# VOUCHER TEMPORARY EXPORT MANAGER – EDIZIONE 2028

Agenzia Lombarda per l'Export (ALEX) – Avviso pubblico n. 4/2028

## Oggetto

L'avviso finanzia l'inserimento in azienda di un Temporary Export Manager (TEM) o di un Digital Export Manager, con contratto di almeno sei mesi, per la definizione e l'attuazione di un piano di sviluppo sui mercati esteri. La dotazione dell'avviso è pari a 1.500.000 euro.

## Chi può partecipare

Le micro, piccole e medie imprese lombarde dei settori manifatturiero, agroalimentare e dei servizi alle imprese. Non è richiesta una quota minima di fatturato estero: l'avviso è rivolto anche a imprese che esportano per la prima volta. Il TEM deve essere scelto tra i professionisti iscritti nell'elenco qualificato dell'Agenzia e deve garantire almeno 20 giornate di presenza in azienda.

## Quanto vale il voucher

Il voucher copre il 50% del costo del contratto con il TEM, IVA esclusa. La percentuale è elevata al 60% per le imprese a prevalente partecipazione femminile o giovanile. Il costo del contratto non può essere inferiore a 8.000 euro.

Il voucher non può superare 12.500 euro per impresa. Nell'edizione 2026 l'importo massimo era di 10.000 euro.

Al momento dell'erogazione il voucher è assoggettato alla ritenuta d'acconto del 4% prevista dalla normativa fiscale.

## Riepilogo

| Voce | Valore |
| Costo minimo del contratto | 8.000 euro |
| Quota coperta dal voucher | 50% (60% imprese femminili o giovanili) |
| Importo massimo per impresa | 12.500 euro |
| Ritenuta d'acconto | 4% |
| Durata minima del contratto | 6 mesi |

## Spese non ammissibili

Non sono ammissibili le spese di viaggio del TEM, i compensi per attività di vendita a provvigione e i contratti stipulati con soci, amministratori o loro parenti entro il secondo grado.

## Scadenza e modalità

Le domande devono essere trasmesse tramite la piattaforma bandi.alex-export.example entro le ore 12:00 del 15 giugno 2028. Le domande sono istruite in ordine cronologico di arrivo; l'Agenzia comunica l'esito entro 60 giorni. La rendicontazione va presentata entro 30 giorni dalla conclusione del contratto, allegando la relazione finale del TEM.

Per informazioni: voucher.tem@alex-export.example
"""),

dict(file="digital_export_voucher_2028.html", lang="en", kind="grant",
meta=("EUR 9,000", "40%", "grant share", "2028-05-02", None),
body="""# Digital Export Voucher 2028

Lombardy Chamber Network – Digital Internationalisation Desk

## What the voucher is for

The Digital Export Voucher helps small businesses sell abroad online. It pays for part of the cost of setting up or improving cross-border e-commerce: opening a store on an international marketplace, translating and localising product catalogues, integrating international payment and shipping services, and running digital advertising campaigns aimed at foreign customers.

## Who can apply

Micro and small enterprises registered with a Lombardy Chamber of Commerce that already have some foreign sales. Applicants must show that at least 5% of their turnover in the last closed financial year came from customers outside Italy. Firms that received the 2026 or 2027 voucher may apply again only for a different target market.

## How much

The voucher covers 40% of eligible costs, net of VAT (22%), which is never eligible. The share rises by 15 percentage points for firms holding the legality rating. The voucher is capped at EUR 9,000 per company; the minimum eligible project is EUR 4,000. Each firm may use at most three suppliers, all of which must be listed in the Chamber Network's register of digital service providers.

| Item | Amount / share |
| Minimum eligible project | EUR 4,000 |
| Voucher share | 40% of eligible costs |
| Bonus for legality rating | +15 percentage points |
| Cap per company | EUR 9,000 |
| Total budget | EUR 900,000 |

The voucher is granted under the de minimis regime. Marketplace sales commissions (typically 8% to 15% of each sale) are not eligible costs.

## Eligible costs

- set-up fees and the first twelve months of subscription to international marketplaces;
- translation and localisation of product content;
- digital advertising aimed at foreign markets, up to 30% of the project;
- training of staff on cross-border e-commerce tools.

## How to apply

Applications open on 2 May 2028 at 9:00 and are handled first come, first served until the budget is used up. The Chamber Network will publish a notice on its website when the funds run out. Projects must be completed within nine months of the grant decision.

Contact: digitalexport@lombardy-chambers.example
"""),

dict(file="bando_fiere_internazionali_2028.docx", lang="it", kind="grant",
meta=("€ 25.000", "50%", "grant share", "2028-01-10", "2028-09-30"),
body="""# Bando Fiere Internazionali 2028

Sistema Camerale Alto Po – Servizio Promozione Estero

## Obiettivo

Il bando concede contributi a fondo perduto alle imprese che partecipano come espositori a fiere internazionali in Italia e all'estero inserite nel calendario ufficiale delle manifestazioni. La dotazione finanziaria è di € 1.800.000.

## Entità del contributo

Il contributo ordinario è pari al 50% delle spese ammissibili, IVA esclusa. Per le medie imprese la percentuale è ridotta come indicato nella tabella seguente. Alle imprese che partecipano per la prima volta a una fiera internazionale spetta una maggiorazione di 10 punti percentuali.

| Dimensione impresa | Quota di contributo | Massimale per singola fiera |
| Micro impresa | 50% | € 6.000 |
| Piccola impresa | 50% | € 8.000 |
| Media impresa | 40% | € 10.000 |

Ogni impresa può chiedere il contributo per un massimo di tre fiere. In ogni caso il contributo complessivo per impresa non può superare € 25.000 nell'anno solare.

## Spese ammissibili

- affitto dello spazio espositivo e quota di iscrizione al catalogo;
- allestimento dello stand, trasporto e assicurazione dei campionari;
- servizi di interpretariato e hostess;
- spese di viaggio del personale, nel limite del 20% delle spese ammissibili.

## Requisiti

Possono partecipare le PMI con sede in Lombardia. La fiera deve avere almeno il 30% di espositori o di visitatori esteri, come risulta dalle statistiche dell'ente organizzatore. Il contributo è concesso in regime de minimis.

## Anticipo ed erogazione

Su richiesta, è possibile ottenere un anticipo del 30% del contributo concesso, previa presentazione di una fideiussione bancaria o assicurativa. Il saldo è erogato entro 90 giorni dalla rendicontazione.

## Termini

Le domande possono essere presentate dal 10 gennaio 2028 al 30 settembre 2028, e comunque almeno 30 giorni prima dell'inizio della fiera. Contatti: fiere@altopo-camere.example
"""),

dict(file="export_networks_grant_2028.pdf", lang="en", kind="grant",
meta=("EUR 35,000", "35%", "grant share", "2028-02-01", "2028-05-31"),
body="""# Export Networks Grant 2028

Lombardy Export Development Agency (LEDA) – Call for proposals

## Purpose

The call supports groups of small and medium-sized enterprises that join forces to enter foreign markets. Eligible applicants are business networks based on a network contract, export consortia and temporary associations of at least three independent SMEs with an operating site in Lombardy. The total budget of the call is EUR 3 million.

## Key terms

| Term | Value |
| Grant rate | 35% |
| Grant rate, networks with a women-led firm | 45% |
| Maximum grant per participating firm | EUR 35,000 |
| Maximum grant per network | EUR 150,000 |
| Minimum project size | EUR 60,000 |

The grant is calculated on eligible costs net of VAT. Where at least one member of the network is a women-led firm, the grant rate of 35% is increased to 45% for the whole network. Grants are awarded under the de minimis regime.

## Eligible costs

| Cost category | Limit |
| Shared export manager and consultancy | no more than 30% of the budget |
| Trade fairs, B2B meetings, missions | no limit |
| Staff costs of member firms | no more than 20% of the budget |
| Certification and IP protection | no limit |

## Requirements

Each member firm must have generated at least 10% of its turnover abroad in one of the last two financial years, unless it is a start-up registered after 1 January 2025. The network must appoint a lead firm that submits the application and receives the payments.

## Selection

| Criterion | Weight |
| Quality of the joint export plan | 35% |
| Complementarity of members | 25% |
| Target market potential | 25% |
| Sustainability and inclusion | 15% |

## Deadlines

Applications may be submitted from 1 February 2028 to 31 May 2028 via the LEDA portal. Projects must last between 12 and 24 months. Questions may be sent to networks@leda-lombardia.example until ten days before the deadline.
"""),

dict(file="b2b_marketplace_voucher.md", lang="en", kind="grant",
meta=("EUR 5,000", "70%", "grant share", "2028-07-01", "2028-10-20"),
body="""# B2B Marketplace Voucher – 2028 call

Chamber of Commerce of the Lodi-Pavia Plains – Export Services Office

## Why this voucher

Many buyers abroad now source from industrial B2B marketplaces before they ever visit a trade fair. This voucher helps local manufacturers get listed on one of these platforms and use it seriously for a full year.

## Who can apply

Manufacturing and wholesale SMEs registered with the Chamber. Applicants must export already: at least 10% of turnover from exports in the 2027 financial statements. Firms that already hold a paid subscription to a B2B marketplace are not eligible for the same platform.

## What the voucher pays

The voucher reimburses 70% of the annual subscription fee to one international B2B marketplace, together with the related onboarding services (catalogue upload, translation of product sheets, training). Firms whose owners are under 35 receive 10 percentage points more.

The voucher is worth up to EUR 5,000 per firm. The subscription and related services must cost at least EUR 2,000, excluding VAT at 22%. Platform commissions on transactions, usually between 3% and 8% of the order value, are not covered.

| | |
| Share reimbursed | 70% |
| Bonus for young owners | +10 percentage points |
| Maximum voucher per firm | EUR 5,000 |
| Minimum spend | EUR 2,000 |
| Call budget | EUR 400,000 |

## Obligations

- the listing must stay active for at least twelve months;
- the firm must complete the platform's verification of company data;
- the firm must send the Chamber a short report on contacts and orders received after six and twelve months.

## How to apply

Applications open on 1 July 2028 and close on 20 October 2028 at 17:00. Applications are ranked by date of submission; a reserve list is kept in case some funds are not used. The Chamber pays the voucher within 60 days of receiving proof of payment of the subscription.

Contact: export@lodipavia-chamber.example
"""),

# ---------------------------------------------------------------- loans
dict(file="finanziamento_patrimonializzazione_export.md", lang="it", kind="loan",
meta=("€ 800.000", "tasso fisso dello 0,85% annuo", "interest", "2028-02-01", "2028-11-30"),
body="""# Finanziamento agevolato per il rafforzamento patrimoniale delle PMI esportatrici

FinExport Lombardia S.p.A. – Scheda prodotto 2028

## A chi si rivolge

Alle piccole e medie imprese con sede in Lombardia, costituite in forma di società di capitali, che nell'ultimo biennio abbiano realizzato in media almeno il 20% del fatturato all'estero. Sono escluse le imprese in difficoltà e quelle che operano nei settori esclusi dal regime de minimis.

## Caratteristiche del finanziamento

Il finanziamento ha lo scopo di migliorare il livello di solidità patrimoniale dell'impresa (rapporto tra patrimonio netto e attivo immobilizzato). L'importo va da un minimo di € 100.000 fino a un massimo di € 800.000 per impresa, e non può comunque superare il 25% dei ricavi medi dell'ultimo biennio.

Il finanziamento è concesso al tasso fisso dello 0,85% annuo per tutta la durata, pari a sei anni di cui due di preammortamento. Di questo importo, una quota fino al 20% è concessa a fondo perduto, elevata al 25% per le imprese con sede nelle aree interne, nel limite di € 160.000.

| Voce | Condizione |
| Importo | da € 100.000 a € 800.000 |
| Durata | 6 anni, di cui 2 di preammortamento |
| Tasso | fisso, 0,85% annuo |
| Quota a fondo perduto | fino al 20% (25% aree interne) |
| Garanzie | nessuna garanzia richiesta |

## Condizioni di mantenimento

L'impresa si impegna a raggiungere, entro la fine del preammortamento, il livello di solidità patrimoniale indicato nel piano. In caso di mancato raggiungimento, la quota a fondo perduto è revocata e il tasso applicato è pari al tasso di riferimento UE maggiorato di 1 punto percentuale. In caso di ritardo nei pagamenti si applicano interessi di mora pari al tasso legale aumentato di 2 punti.

## Cumulo

L'agevolazione è cumulabile con altri aiuti sugli stessi costi nel limite del 100% delle spese e nel rispetto del massimale de minimis di € 300.000.

## Come presentare la domanda

Le domande si presentano sul portale finexport-lombardia.example dal 1° febbraio 2028 al 30 novembre 2028, salvo esaurimento anticipato della dotazione di € 40 milioni. L'istruttoria si conclude entro 90 giorni. Per assistenza: patrimonializzazione@finexport-lombardia.example
"""),

dict(file="prestito_digitalizzazione_export.md", lang="it", kind="loan",
meta=("€ 300.000", "0,50% nominale annuo", "interest", None, None),
body="""# Prestito Digital Export – Finanziamento a tasso agevolato per la digitalizzazione dei processi di vendita all'estero

Banca Popolare del Lario, in convenzione con la Camera di Commercio di Como-Lecco

## Descrizione

Il Prestito Digital Export finanzia gli investimenti in strumenti digitali a supporto dell'export: piattaforme di e-commerce internazionali, sistemi CRM multilingua, configuratori di prodotto online, software per la gestione documentale doganale e la tracciabilità delle spedizioni.

## Importi

Il prestito può coprire fino al 100% del progetto. L'importo massimo finanziabile è di € 300.000 per impresa; l'importo minimo è di € 25.000. Almeno il 60% del progetto deve riguardare spese digitali in senso stretto (software, licenze, servizi cloud, consulenza specialistica). In ogni caso l'importo non può superare il 30% dei ricavi dell'ultimo bilancio approvato.

## Tasso e durata

Il tasso base è pari allo 0,50% nominale annuo, fisso, per durate fino a 36 mesi. Per durate superiori si applicano le condizioni riportate nella tabella.

| Durata del prestito | Tasso nominale annuo fisso |
| fino a 36 mesi | 0,50% |
| da 37 a 60 mesi | 0,70% |
| da 61 a 84 mesi | 0,95% |

Per le imprese in possesso del rating di legalità il tasso è ridotto di 0,10 punti (-0,10%). Le spese di istruttoria sono pari allo 0,20% dell'importo erogato, con un minimo di € 150. Non sono previste commissioni di estinzione anticipata.

## Garanzie

Il prestito è assistito dalla garanzia pubblica per una quota del 60%; la banca non richiede garanzie personali ai soci per importi fino a € 100.000.

## Requisiti

Possono accedere le micro, piccole e medie imprese con sede nelle province di Como e Lecco, iscritte alla Camera e in regola con il pagamento del diritto annuale. L'impresa deve presentare un breve piano di sviluppo digitale per l'estero, anche redatto con il supporto dello Sportello Export camerale.

## Come accedere

Il prodotto è disponibile presso tutte le filiali della banca, a sportello e fino a esaurimento del plafond di € 12 milioni messo a disposizione per il 2028. La risposta di delibera è fornita entro 20 giorni lavorativi dalla consegna della documentazione completa.

Informazioni: digitalexport@bplario.example
"""),

dict(file="export_expansion_loan_2028.txt", lang="en", kind="loan",
meta=("EUR 1.2 million", "0.9% p.a. fixed", "interest", "2028-03-01", "2028-10-31"),
body="""# EXPORT EXPANSION LOAN 2028

Lombardy Development Finance (LDF) - Product sheet

## Purpose

The Export Expansion Loan finances investment plans that increase a firm's sales outside Italy: opening a foreign branch or showroom, hiring export staff, adapting products to foreign standards, and setting up after-sales service abroad.

## Who can apply

SMEs and small mid-caps (up to 499 employees) with a registered office or production site in Lombardy. Applicants must have at least two approved financial statements and must have made at least 15% of their turnover from exports in the most recent one.

## Amount

Loans range from EUR 150,000 to EUR 1.2 million per borrower and may cover up to 100% of the investment plan. The loan may not exceed 35% of the borrower's revenue in the last approved financial statements. Up to 10% of the loan may be used for working capital linked to the plan.

## Interest rate

The rate depends on the duration chosen:

| Duration | Interest rate |
| up to 4 years | 0.9% p.a. fixed |
| 5 to 7 years | 1.15% p.a. fixed |

For the standard case (up to 4 years, including up to 12 months of pre-amortisation) the loan carries 0.9% p.a. fixed. There is no arrangement fee. Early repayment is allowed at any time without penalty after the first 24 months; before then a fee of 1% of the repaid amount applies.

## Security

LDF may ask for a guarantee from a confidi or from the public SME guarantee fund for up to 80% of the loan. Personal guarantees are not requested for loans below EUR 300,000.

## Timing

Applications can be submitted from 1 March 2028 until 31 October 2028 through the LDF online portal. LDF aims to decide within 60 days of receiving a complete file, and the first disbursement (at least 40% of the loan) follows signature of the contract.

## Reporting

Borrowers send a short annual report on export turnover and jobs created for the duration of the loan.

Contact: expansion@ldf-lombardia.example
"""),

dict(file="finanziamento_mercati_emergenti.html", lang="it", kind="loan",
meta=("500 mila euro", "15% del tasso di riferimento UE", "interest", None, "2028-07-31"),
body="""# Finanziamento Mercati Emergenti 2028

Cassa Lombarda per l'Internazionalizzazione – Fondo regionale per i mercati emergenti

## Finalità

Il finanziamento sostiene i programmi di penetrazione commerciale delle imprese lombarde in Paesi emergenti dell'Africa, dell'America Latina, dell'Asia centrale e del Sud-Est asiatico: apertura di uffici di rappresentanza, magazzini o punti vendita, attività promozionali e spese per il personale dedicato.

## Importo

Il finanziamento può coprire fino al 100% delle spese del programma, fino a 500 mila euro per impresa. Per i gruppi di imprese il limite complessivo è di 1 milione di euro. L'importo non può superare il 25% dei ricavi medi dell'ultimo triennio.

## Tasso di interesse

Il tasso agevolato è pari al 15% del tasso di riferimento UE vigente alla data della delibera, fisso per tutta la durata. A titolo indicativo, con un tasso di riferimento al 3,60%, il tasso agevolato risulterebbe pari allo 0,54% annuo. Il tasso di riferimento è pubblicato periodicamente dalla Commissione europea.

Una quota del finanziamento fino al 10% può essere concessa a fondo perduto alle imprese che realizzano il programma in un Paese prioritario individuato dalla Regione.

| Voce | Condizione |
| Durata | 6 anni, di cui 2 di preammortamento |
| Tasso | 15% del tasso di riferimento UE |
| Quota a fondo perduto | fino al 10% |
| Garanzie | esenzione per importi fino a 250 mila euro |

## Requisiti

Possono presentare domanda le imprese con almeno due bilanci depositati. Il fatturato estero dell'ultimo esercizio deve rappresentare almeno il 10% del fatturato totale, oppure l'impresa deve dimostrare contratti o lettere d'intenti con clienti nel Paese obiettivo.

## Spese ammissibili

- spese di costituzione e funzionamento di uffici e show-room all'estero;
- personale dedicato al programma, in Italia o all'estero;
- attività promozionali, viaggi e consulenze.

## Scadenza

Le domande devono essere inviate entro il 31 luglio 2028 tramite il portale della Cassa. Il programma deve concludersi entro 24 mesi dalla stipula. Contatti: emergenti@cassalombarda-int.example
"""),

dict(file="linea_credito_export_bcc.docx", lang="it", kind="loan",
meta=("Euro 1.000.000", "Euribor 6M + 1,20%", "interest", None, None),
body="""# Linea di Credito Export – Finanziamento chirografario a medio termine

BCC Valle Olona – Area Imprese

## Destinatari

Imprese clienti o nuovi clienti con sede nell'area di competenza della banca che realizzano vendite all'estero o intendono avviarle nei prossimi 24 mesi. La linea è riservata alle imprese con fatturato estero pari almeno al 10% del totale, oppure con un piano export validato da un consulente o dallo sportello camerale.

## Finalità

Il finanziamento copre gli investimenti e il capitale circolante legati all'export: scorte per nuovi mercati, partecipazione a fiere, adeguamento di prodotti e certificazioni, apertura di filiali commerciali.

## Importo

Da un minimo di Euro 50.000 a un massimo di Euro 1.000.000 per cliente. La banca può chiedere una garanzia di un confidi convenzionato pari al 50% del finanziamento.

## Tasso

Il tasso è variabile e indicizzato all'Euribor a sei mesi. Il tasso base è pari a Euribor 6M + 1,20% per la durata di 18 mesi; per durate maggiori lo spread aumenta come indicato nella tabella.

| Durata | Tasso applicato |
| 18 mesi | Euribor 6M + 1,20% |
| 36 mesi | Euribor 6M + 1,45% |
| 60 mesi | Euribor 6M + 1,70% |

Per le imprese con rating di legalità lo spread è ridotto di 0,10 punti (-0,10%). Se l'Euribor dovesse assumere valori negativi, sarà considerato pari a zero.

## Altre condizioni

| Voce | Condizione |
| Spese di istruttoria | 0,25% dell'importo, minimo Euro 250 |
| Commissione di estinzione anticipata | nessuna |
| Preammortamento | fino a 6 mesi |
| Periodicità delle rate | mensile o trimestrale |

## Esempio

Per un finanziamento di Euro 200.000 a 36 mesi, con Euribor 6M pari al 2,40%, il tasso nominale annuo sarebbe pari al 3,85% e il TAEG, comprensivo delle spese di istruttoria, al 4,02%. L'esempio ha valore puramente indicativo.

## Come richiederlo

Rivolgersi al gestore imprese della filiale di riferimento o scrivere a export@bccvalleolona.example. La banca si riserva la valutazione del merito creditizio.
"""),

dict(file="trade_fair_working_capital_loan.pdf", lang="en", kind="loan",
meta=("EUR 250,000", "1.35% per annum", "interest", None, "2028-06-30"),
body="""# Trade Fair Working Capital Loan

Banca Agricola Mantovana Nord, in partnership with the Mantua Chamber of Commerce

## What it finances

The loan pre-finances the costs a firm bears before and during an international trade fair: stand rental and fit-out, shipping of samples, travel, hospitality and promotional material. It can cover up to 100% of the fair budget.

## Key terms

| Term | Condition |
| Loan amount | EUR 30,000 to EUR 250,000 |
| Maximum per firm | EUR 250,000 |
| Interest rate | fixed, 1.35% per annum |
| ESG reduction | -0.15 percentage points |
| Arrangement fee | 0.30% flat |
| Duration | 36 months |
| Grace period | 6 months |

The loan carries a fixed rate of 1.35% per annum for the whole 36 months. Firms that hold an ESG rating from a recognised agency, or that publish a sustainability report, get a reduction of 0.15 percentage points. The maximum per firm is EUR 250,000, even where a firm takes part in several fairs in the same year.

## Who can apply

SMEs registered with the Mantua Chamber of Commerce that exhibit at a fair listed in the international fair calendar, and whose export sales were at least 10% of turnover in the last financial year. Start-ups may apply if they present a signed exhibitor contract.

## Link with the Chamber's fair grant

Firms that obtain the Chamber's fair grant (which covers 50% of stand costs) may use this loan to bridge the period until the grant is paid. In that case the bank accepts the grant decision as collateral and the grace period is extended to 9 months.

## How to apply

Applications close on 30 June 2028 and must be submitted at any branch of the bank, together with the exhibitor contract and the fair budget. The bank decides within 15 working days.

Contact: fairs@bamn-bank.example
"""),
]

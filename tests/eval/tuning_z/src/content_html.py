# -*- coding: utf-8 -*-
"""HTML documents of tuning_z (6 files). Everything here is invented.
Each paragraph stays on one source line so that get_text() keeps phrases intact."""

HTML = {}

HTML["bando_fiere_internazionali_2027.html"] = """<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<title>Bando Fiere Internazionali 2027 – Camera di Commercio Lomellina e Oltrepò</title>
</head>
<body>
<header><p>Camera di Commercio Lomellina e Oltrepò › Bandi e contributi › Internazionalizzazione</p></header>
<main>
<h1>Bando Fiere Internazionali 2027</h1>
<p>Il bando sostiene la partecipazione delle micro, piccole e medie imprese della circoscrizione, in qualità di espositori, a fiere internazionali in Italia e all'estero. La dotazione complessiva è di € 900.000.</p>

<h2>Contributo</h2>
<p>Contributo a fondo perduto del 50% delle spese ammissibili, al netto dell'IVA, entro i massimali per singola fiera indicati nella tabella.</p>
<table border="1">
<thead><tr><th>Tipo di fiera</th><th>Contributo massimo per fiera</th></tr></thead>
<tbody>
<tr><td>Fiere internazionali in paesi UE (Italia compresa)</td><td>€ 5.000</td></tr>
<tr><td>Fiere in paesi extra UE</td><td>€ 8.000</td></tr>
<tr><td>Fiere virtuali o ibride</td><td>€ 2.000</td></tr>
</tbody>
</table>
<p>Ogni impresa può presentare domanda per più fiere. Il contributo complessivo per impresa non può superare € 24.000 per l'intera durata del bando.</p>

<h2>Spese ammissibili</h2>
<ul>
<li>affitto dell'area espositiva e quota di iscrizione;</li>
<li>allestimento dello stand, arredi e impianti;</li>
<li>inserimento nel catalogo ufficiale della manifestazione;</li>
<li>trasporto di campionari e materiali espositivi;</li>
<li>servizi di interpretariato in fiera.</li>
</ul>
<p>Non sono ammissibili le spese di viaggio, vitto e alloggio del personale, né le spese per omaggi e degustazioni.</p>

<h2>Fiere ammesse</h2>
<p>Sono ammesse le fiere che si svolgono tra il 1° giugno 2027 e il 31 marzo 2028. Le fiere in Italia devono essere qualificate come internazionali nel calendario nazionale. Non sono ammesse le fiere alle quali l'impresa partecipa soltanto come visitatore.</p>

<h2>Beneficiari</h2>
<p>Micro, piccole e medie imprese con sede legale o unità operativa nella circoscrizione della Camera di Commercio Lomellina e Oltrepò, attive e in regola con il pagamento del diritto annuale.</p>

<h2>Quando presentare la domanda</h2>
<table border="1">
<thead><tr><th>Apertura</th><th>Chiusura</th></tr></thead>
<tbody><tr><td>3 maggio 2027, ore 10:00</td><td>30 settembre 2027, ore 16:00</td></tr></tbody>
</table>
<p>La domanda va presentata prima della fiera, tramite la piattaforma telematica camerale, allegando la conferma di iscrizione come espositore e il preventivo delle spese. Le domande sono valutate in ordine cronologico. Per confronto, l'edizione 2026 del bando si era chiusa il 29 settembre 2026.</p>

<h2>Regime di aiuto</h2>
<p>I contributi sono concessi in regime de minimis.</p>

<h2>Contatti</h2>
<p>Ufficio Promozione e Internazionalizzazione – e-mail: fiere@lomellina-camera.example – telefono 0382 000 210</p>
</main>
<footer><p>Pagina pubblicata il 12 aprile 2027.</p></footer>
</body>
</html>
"""

HTML["webinar_selling_to_brazil.html"] = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Webinar – Selling to Brazil: taxes, distribution and market entry</title>
</head>
<body>
<header><p>Sportello Export Lombardia › Events › Webinars</p></header>
<main>
<h1>Selling to Brazil: taxes, distribution and market entry</h1>
<p><strong>Online webinar – 14 October 2027, 10:00–12:00 (Italian time)</strong></p>
<p>Brazil is the largest market in Latin America and a key destination for Lombard machinery, components and food products. At the same time, it is known for a complex tax system, long customs procedures and a distribution landscape that differs greatly from state to state. This webinar, organised by Sportello Export Lombardia with the Italian-Brazilian Business Forum (IBBF), gives SMEs a practical overview of what to expect before they ship their first order.</p>

<h2>Programme</h2>
<table border="1">
<thead><tr><th>Time</th><th>Topic</th><th>Speaker</th></tr></thead>
<tbody>
<tr><td>10:00</td><td>Welcome and introduction</td><td>Laura Pozzi, Sportello Export Lombardia</td></tr>
<tr><td>10:10</td><td>The Brazilian market in figures: sectors and regions with the best prospects</td><td>Ricardo Almeida, IBBF São Paulo</td></tr>
<tr><td>10:35</td><td>Import taxes in Brazil: how the tax burden on imported goods is built up</td><td>Chiara Longhi, tax advisor</td></tr>
<tr><td>11:00</td><td>Customs registration, import licences and the role of the importer of record</td><td>Marco Terzi, customs broker</td></tr>
<tr><td>11:25</td><td>Choosing a distributor: contracts, exclusivity and payment terms</td><td>Fernanda Costa, IBBF</td></tr>
<tr><td>11:45</td><td>Questions and answers</td><td>All speakers</td></tr>
</tbody>
</table>

<h2>Who should attend</h2>
<p>Export managers, owners and sales staff of Lombard SMEs that already sell in Latin America or are evaluating Brazil as a new market. No previous knowledge of the Brazilian system is required.</p>

<h2>How to register</h2>
<p>Participation is free of charge, but registration is required by 11 October 2027. Places are limited to 150 participants and are assigned in order of registration. Registered participants receive the Zoom link by e-mail the day before the event.</p>
<p>Register here: <a href="https://www.sportelloexport.example/events/brazil-2027">www.sportelloexport.example/events/brazil-2027</a></p>

<h2>Follow-up</h2>
<p>Companies interested in Brazil can book a free one-to-one meeting with the IBBF experts in the two weeks following the webinar. Meetings last 30 minutes and take place online; requests are collected through the registration form.</p>

<h2>Contacts</h2>
<p>Sportello Export Lombardia – Events team – events@sportelloexport.example</p>
</main>
<footer><p>Published on 8 September 2027.</p></footer>
</body>
</html>
"""

HTML["lombardy_international_growth_fund.html"] = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lombardy International Growth Fund (LIGF) – Orobie Capital SGR</title>
</head>
<body>
<header><p>Orobie Capital SGR › Funds › LIGF</p></header>
<main>
<h1>Lombardy International Growth Fund (LIGF)</h1>
<p>The Lombardy International Growth Fund is a closed-end fund managed by Orobie Capital SGR. It invests in the share capital of Lombard SMEs that have a credible plan to grow on foreign markets, for example by opening a subsidiary, acquiring a foreign distributor or building a production site abroad. The fund has total commitments of EUR 60 million from regional banks, foundations and private investors; its first closing took place on 15 December 2026.</p>

<h2>Investment policy</h2>
<ul>
<li>Target companies: SMEs with registered office in Lombardy, turnover between EUR 5 million and EUR 80 million and at least 15% of sales abroad.</li>
<li>Ticket size: between EUR 300,000 and EUR 2 million per company, in one or more rounds.</li>
<li>Stake: minority stakes of no more than 40% of the share capital; the founders keep control of the company.</li>
<li>Instruments: capital increases, possibly combined with convertible shareholder loans.</li>
<li>Holding period: 5 to 7 years.</li>
</ul>

<h2>What the fund brings</h2>
<p>Besides capital, LIGF offers its portfolio companies a seat on the board of directors, access to a network of advisers in the main export markets and support in the search for acquisition targets abroad. The fund does not take part in day-to-day management.</p>

<h2>Exit</h2>
<p>At the end of the holding period, the fund normally sells its stake back to the founders at a price based on a formula agreed at the time of investment. Alternatively, the stake may be sold to an industrial partner or, for larger companies, listed on the stock exchange.</p>

<h2>Sectors excluded</h2>
<p>The fund does not invest in real estate, financial services, weapons, gambling or companies whose main activity is the extraction of fossil fuels.</p>

<h2>How to submit an expression of interest</h2>
<p>Expressions of interest can be submitted from 22 February 2027 to 29 October 2027 through the form on this page. The form asks for the last three financial statements, a summary of the international expansion plan and the amount of capital needed.</p>
<p>Companies that pass the first screening are invited to present their plan to the fund team; the full due diligence takes about three months.</p>

<h2>Contacts</h2>
<p>Orobie Capital SGR – LIGF team – ligf@orobiecapital.example – https://www.orobiecapital.example/ligf</p>
</main>
<footer><p>Last updated on 10 February 2027.</p></footer>
</body>
</html>
"""

HTML["polizza_export_facile.html"] = """<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<title>Polizza Export Facile – Lario Assicurazioni Crediti</title>
</head>
<body>
<header><p>Lario Assicurazioni Crediti S.p.A. › Imprese › Assicurazione del credito</p></header>
<main>
<h1>Polizza Export Facile</h1>
<p>Export Facile è la polizza di assicurazione del credito di Lario Assicurazioni Crediti S.p.A. pensata per le piccole e medie imprese che vendono all'estero con pagamento dilazionato. Protegge l'impresa dal mancato pagamento delle fatture emesse verso clienti esteri, con dilazioni di pagamento fino a 120 giorni.</p>

<h2>Rischi coperti</h2>
<ul>
<li><strong>Rischio commerciale</strong> (insolvenza di diritto o di fatto dell'acquirente): copertura dell'85% della perdita.</li>
<li><strong>Rischio politico</strong> (eventi nel paese dell'acquirente che impediscono il pagamento, come guerre, blocco dei trasferimenti valutari o provvedimenti delle autorità): copertura del 90% della perdita.</li>
</ul>

<h2>Quanto costa</h2>
<p>Il premio è pari allo 0,35% del fatturato assicurato, calcolato sulle vendite dichiarate ogni trimestre. Per gli acquirenti situati in paesi ad alto rischio si applica una maggiorazione di +0,20% sul fatturato verso tali acquirenti. Il premio minimo annuo è di € 1.200. Gli importi si intendono al netto delle imposte.</p>

<h2>Massimali</h2>
<p>La polizza copre un fido complessivo fino a 2 milioni di euro per assicurato. Il fido su ciascun acquirente non può superare € 250.000 ed è concesso da Lario Assicurazioni dopo la valutazione dell'acquirente. Per aderire occorre assicurare un fatturato export annuo di almeno € 200.000.</p>

<h2>A chi si rivolge</h2>
<p>Alle PMI con sede in Italia che esportano beni o servizi con pagamento dilazionato, con almeno un bilancio approvato. La polizza copre tutti i paesi, esclusi quelli soggetti a sanzioni internazionali.</p>

<h2>Come aderire</h2>
<p>La polizza può essere sottoscritta in qualsiasi momento dell'anno. L'impresa compila il questionario online indicando fatturato export, principali acquirenti e condizioni di pagamento; Lario Assicurazioni invia una proposta entro 7 giorni lavorativi. La polizza ha durata annuale e si rinnova tacitamente, salvo disdetta con 60 giorni di preavviso.</p>

<h2>Servizi inclusi</h2>
<ul>
<li>valutazione e monitoraggio continuo degli acquirenti esteri;</li>
<li>recupero crediti stragiudiziale all'estero;</li>
<li>area riservata online per gestire fidi e dichiarazioni di fatturato.</li>
</ul>

<h2>Contatti</h2>
<p>Lario Assicurazioni Crediti S.p.A. – Servizio Clienti Imprese – export@lario-assicurazioni.example</p>
</main>
<footer><p>Messaggio pubblicitario con finalità promozionale. Prima della sottoscrizione leggere il set informativo.</p></footer>
</body>
</html>
"""

HTML["guida_paese_marocco.html"] = """<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<title>Guida paese: Marocco – Sportello Export Lombardia</title>
</head>
<body>
<header><p>Sportello Export Lombardia › Guide paese › Africa</p></header>
<main>
<h1>Guida paese: Marocco</h1>
<p>Il Marocco, con circa 37 milioni di abitanti, è una delle economie più dinamiche del Nord Africa e una piattaforma verso l'Africa occidentale. Casablanca è il centro economico e finanziario, Tangeri il principale polo industriale e logistico, Rabat la capitale amministrativa. Le esportazioni lombarde verso il Marocco hanno superato nel 2026 1,1 miliardi di euro, con in testa macchinari, prodotti chimici e componenti per l'auto.</p>

<h2>Rapporti commerciali con l'UE</h2>
<p>Gli scambi sono regolati dall'accordo di associazione UE–Marocco, che ha creato un'area di libero scambio per i prodotti industriali: i beni di origine UE entrano in esenzione di dazio, a condizione di presentare la prova dell'origine preferenziale (certificato EUR.1 o dichiarazione di origine dell'esportatore autorizzato). Per molti prodotti agricoli e alimentari restano dazi o contingenti.</p>

<h2>Imposte all'importazione</h2>
<p>Oltre agli eventuali dazi, le merci importate scontano l'IVA all'importazione (TVA), con aliquota ordinaria del 20%. Sono previste aliquote ridotte per alcuni beni di largo consumo.</p>

<h2>Lingue ed etichettatura</h2>
<p>Le lingue ufficiali sono l'arabo e l'amazigh; il francese è la lingua degli affari e dell'amministrazione. Per i prodotti alimentari l'etichetta deve riportare le informazioni obbligatorie in arabo; è ammessa una sovraetichetta applicata prima della commercializzazione. Per gli altri prodotti di consumo è di norma accettata l'etichetta in francese.</p>

<h2>Logistica e zone franche</h2>
<p>Il porto di Tanger Med è tra i più grandi del Mediterraneo e collega il Marocco con i porti italiani con servizi settimanali. Nelle zone di accelerazione industriale intorno a Tangeri e Kenitra si concentrano le imprese dell'automotive e dell'aeronautica, con agevolazioni fiscali per chi vi si insedia.</p>

<h2>Pagamenti</h2>
<p>Per i primi ordini sono frequenti la lettera di credito e la rimessa documentaria. Con clienti affidabili si concedono termini di pagamento di 60-90 giorni. La valuta è il dirham (MAD); i pagamenti verso l'estero sono soggetti alla normativa valutaria marocchina, che richiede documenti giustificativi alla banca del compratore.</p>

<h2>Consigli pratici</h2>
<ul>
<li>Il rapporto personale è decisivo: prevedere più visite e incontri di persona.</li>
<li>Il francese è indispensabile per documentazione commerciale e cataloghi.</li>
<li>Negli appalti pubblici è spesso richiesta la presenza di un partner locale.</li>
</ul>

<h2>Contatti</h2>
<p>Desk Africa dello Sportello Export Lombardia – africa@sportelloexport.example</p>
</main>
<footer><p>Aggiornamento: marzo 2027.</p></footer>
</body>
</html>
"""

HTML["cross_border_ecommerce_grant_2027.html"] = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Cross-border E-commerce Grant 2027 – ARPI</title>
</head>
<body>
<header><p>ARPI – Regional Agency for International Promotion › Funding › Digital export</p></header>
<main>
<h1>Cross-border E-commerce Grant 2027</h1>
<p>The Regional Agency for International Promotion (ARPI) supports Lombard SMEs that want to build or strengthen their online sales to consumers and businesses abroad. The call has a total budget of EUR 3 million and finances structured projects of cross-border e-commerce, from the opening of a foreign marketplace store to the integration of logistics and customer service in the target countries.</p>

<h2>Key facts</h2>
<ul>
<li>Grant share: 35% of eligible costs</li>
<li>Max grant: up to 75k per company</li>
<li>Minimum project size: EUR 20,000</li>
<li>Project duration: 12 months from the grant decision</li>
</ul>
<p>The 2026 edition of the call was capped at 50k per company; the higher cap for 2027 reflects the larger projects received last year.</p>

<h2>Eligible costs</h2>
<ul>
<li>opening and management of stores on foreign marketplaces, including fees for the first year;</li>
<li>localisation of the web shop: translations, local payment methods, currency and tax settings;</li>
<li>digital marketing campaigns in the target countries;</li>
<li>integration with international logistics providers and return management;</li>
<li>temporary hiring of a digital export specialist, up to 30% of the project.</li>
</ul>
<p>Purchase of hardware, the company's ordinary website and internal staff costs are not eligible.</p>

<h2>Who can apply</h2>
<p>SMEs with an operating site in Lombardy that sell their own products or services, alone or grouped in a business network. Start-ups are admitted if they have closed at least one financial year.</p>

<h2>Selection</h2>
<p>Projects are assessed by ARPI's evaluation committee on the basis of quality of the plan, consistency of the budget, target markets and the company's previous online experience. Projects must reach at least 60 points out of 100 to be funded; funded projects are ranked until the budget is used up.</p>

<h2>Application window</h2>
<p>Applications open on 15 June 2027 and close on 15 October 2027 at 17:00. The ranking will be published within 90 days of the closing date.</p>

<h2>Contacts</h2>
<p>ARPI – Digital Export Unit – ecommerce@arpi-lombardia.example – https://www.arpi-lombardia.example/ecommerce-2027</p>
</main>
<footer><p>Call published on 20 May 2027.</p></footer>
</body>
</html>
"""

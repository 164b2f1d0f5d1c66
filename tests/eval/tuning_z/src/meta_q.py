# -*- coding: utf-8 -*-
"""Writes ../expected_metadata.json and ../questions.jsonl for tuning_z.
EVIDENCE (not written out) lists, for every ambiguous question, the string in each listed
document that answers it; check.py verifies those strings too."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")


def inst(lang, fm, vf, vu, max_amount, rate, meaning, deadline=True):
    terms = {"max_amount": max_amount}
    if rate is not None:
        terms["rate"] = rate
    if deadline and vu:
        terms["deadline"] = vu
    d = {"kind": "instrument", "country": None, "language": lang, "front_matter": fm,
         "valid_from": vf, "valid_until": vu, "terms": terms}
    if rate is not None:
        d["rate_meaning"] = meaning
    return d


def other(kind, country, lang, fm, vf=None, vu=None):
    return {"kind": kind, "country": country, "language": lang, "front_matter": fm,
            "valid_from": vf, "valid_until": vu}


META = {
    # md
    "voucher_tem_insubria_2027.md": inst("it", "italian_keys", "2027-02-15", "2027-05-31", "€ 25.000", "50%", "grant share"),
    "guida_paese_canada.md": other("country_guide", "CA", "it", "italian_keys"),
    "protocollo_export_agroalimentare.md": other("accord", None, "it", "italian_keys", "2027-04-01", "2030-03-31"),
    "export_insurance_shield.md": inst("en", "english_keys", "2027-04-01", "2028-03-31", "EUR 1.8 million", "0.42%", "premium"),
    "country_guide_south_korea.md": other("country_guide", "KR", "en", "english_keys"),
    "domande_frequenti_sportello.md": other("faq", None, "it", "none"),
    "export_glossary.md": other("glossary", None, "en", "none"),
    "finanziamento_sviluppo_estero_orobie.md": inst("it", "none", "2027-04-12", "2027-12-15", "900 mila euro", "0,80% annuo", "interest"),
    # txt
    "garanzia_mercati_esteri_cle.txt": inst("it", "none", None, "2027-11-30", "480.000,00 €", "0,70% annuo", "guarantee fee"),
    "digital_export_voucher_brianza.txt": inst("en", "none", "2027-05-06", None, "ten thousand euros", "60%", "grant share"),
    "credito_imposta_fiere_2027.txt": inst("it", "none", "2027-11-02", "2028-01-31", "60 mila euro", "40%", "tax credit share of costs"),
    "news_export_lombardia_2026.txt": other("other", None, "it", "none"),
    "export_working_capital_loan.txt": inst("en", "none", "2027-04-15", "2027-07-31", "EUR 350,000", "0.9% p.a.", "interest"),
    "bando_certificazioni_export_2027.txt": inst("it", "none", "2027-03-10", "2027-11-15", "14.000,00 €", "45%", "grant share"),
    # html
    "bando_fiere_internazionali_2027.html": inst("it", "none", "2027-05-03", "2027-09-30", "€ 24.000", "50%", "grant share"),
    "webinar_selling_to_brazil.html": other("other", "BR", "en", "none"),
    "lombardy_international_growth_fund.html": inst("en", "none", "2027-02-22", "2027-10-29", "EUR 2 million", "40%",
                                                    "maximum equity stake (share of capital)"),
    "polizza_export_facile.html": inst("it", "none", None, None, "2 milioni di euro", "0,35%", "premium"),
    "guida_paese_marocco.html": other("country_guide", "MA", "it", "none"),
    "cross_border_ecommerce_grant_2027.html": inst("en", "none", "2027-06-15", "2027-10-15", "75k", "35%", "grant share"),
    # docx
    "fondo_rotativo_frli.docx": inst("it", "none", "2027-01-18", "2027-10-08", "€ 450.000", "0,50% nominale annuo, fisso", "interest"),
    "tem_voucher_lakes_valleys_2027.docx": inst("en", "none", "2027-03-03", "2027-06-18", "EUR 18,000", "70%", "grant share"),
    "mou_lombardy_poland_vlbc.docx": other("accord", "PL", "en", "none", "2027-06-01", "2029-05-31"),
    "trade_fair_support_oglio_2027.docx": inst("en", "none", "2027-01-25", "2027-11-05", "EUR 27,000", "50%", "grant share"),
    "garanzia_commesse_estere.docx": inst("it", "none", None, None, "un milione di euro", "70%",
                                          "guarantee cover (share of each bank bond counter-guaranteed)"),
    # pdf
    "bando_nuovi_mercati_extra_ue_2027.pdf": inst("it", "none", "2027-03-01", "2027-06-30", "€ 35.000", "40%", "grant share"),
    "country_guide_poland.pdf": other("country_guide", "PL", "en", "none"),
    "global_markets_expansion_loan.pdf": inst("en", "none", "2027-01-11", "2027-12-10", "EUR 1.6 million", "1.15% per annum, fixed", "interest"),
    "finanziamento_penetrazione_commerciale_iclo.pdf": inst("it", "none", "2027-06-07", "2027-10-22", "1,2 milioni di euro",
                                                           "0,65% fisso su base annua", "interest"),
    "voucher_dogane_origine_2027.pdf": inst("it", "none", "2027-09-13", "2027-11-12", "€ 6.000", "80%", "grant share"),
}

# short names
D1, D2, D3, D4 = "voucher_tem_insubria_2027.md", "guida_paese_canada.md", "protocollo_export_agroalimentare.md", "export_insurance_shield.md"
D5, D6, D7, D8 = "country_guide_south_korea.md", "domande_frequenti_sportello.md", "export_glossary.md", "finanziamento_sviluppo_estero_orobie.md"
D9, D10, D11, D12 = "garanzia_mercati_esteri_cle.txt", "digital_export_voucher_brianza.txt", "credito_imposta_fiere_2027.txt", "news_export_lombardia_2026.txt"
D13, D14 = "export_working_capital_loan.txt", "bando_certificazioni_export_2027.txt"
D15, D16, D17 = "bando_fiere_internazionali_2027.html", "webinar_selling_to_brazil.html", "lombardy_international_growth_fund.html"
D18, D19, D20 = "polizza_export_facile.html", "guida_paese_marocco.html", "cross_border_ecommerce_grant_2027.html"
D21, D22, D23 = "fondo_rotativo_frli.docx", "tem_voucher_lakes_valleys_2027.docx", "mou_lombardy_poland_vlbc.docx"
D24, D25 = "trade_fair_support_oglio_2027.docx", "garanzia_commesse_estere.docx"
D26, D27, D28 = "bando_nuovi_mercati_extra_ue_2027.pdf", "country_guide_poland.pdf", "global_markets_expansion_loan.pdf"
D29, D30 = "finanziamento_penetrazione_commerciale_iclo.pdf", "voucher_dogane_origine_2027.pdf"
LOANS = [D8, D13, D21, D28, D29]
GUIDES = [D2, D5, D19, D27]

Q = []          # (lang, question, expected_docs, must_contain, kind, after)
EVIDENCE = {}   # id -> {doc: string}


def add(lang, question, docs, must, kind, after=None, evidence=None):
    qid = "z%03d" % (len(Q) + 1)
    Q.append((qid, lang, question, docs, must, kind, after))
    if evidence:
        EVIDENCE[qid] = evidence
    return qid


# ---- factual (15: 11 it, 4 en) ----
f_tem = add("it", "voucher tem insubria qnt mi danno al max?", [D1], ["€ 25.000"], "factual")
f_orob = add("it", "finorobie linea svilupo estero che tasso?", [D8], ["0,80% annuo"], "factual")
add("it", "garanzia mercati esteri del cle entro qndo mando la richiesta", [D9], ["30 novembre 2027"], "factual")
f_cred = add("it", "credito d imposta fiere alme: % e tetto x impresa?", [D11], ["40%", "60 mila euro"], "factual")
add("it", "bando certificazzioni valle olona fino a qndo e aperto?", [D14], ["15/11/2027"], "factual")
f_fiere = add("it", "bando fiere lomellina qnt danno max x una fiera extra ue", [D15], ["€ 8.000"], "factual")
f_lario = add("it", "la polizza di lario assicurazioni qnt costa?", [D18], ["0,35%"], "factual")          # issuer only
add("it", "garanzia commesse estere cofidi pianura copertura %?", [D25], ["70%"], "factual")
add("it", "FRLI che tasso fa?", [D21], ["0,50% nominale annuo"], "factual")                                # acronym only
add("it", "ICLO finanziamento importo max?", [D29], ["1,2 milioni di euro"], "factual")                   # issuer acronym only
f_nm = add("it", "bando nuovi mercati extra ue garda franciacorta scadenza domande?", [D26], ["30 giugno 2027"], "factual")
f_bal = add("en", "bal export working capital loan fixed rate?", [D13], ["0.9% p.a."], "factual")
f_ligf = add("en", "LIGF max ticket per company?", [D17], ["EUR 2 million"], "factual")                  # acronym only
f_kr = add("en", "korea do i need lables in korean on consumer goods", [D5], ["Korean-language labels"], "factual")
add("en", "brazil webinar when and what time", [D16], ["14 October 2027", "10:00"], "factual")

# ---- cross_lingual (20: 12 it->en doc, 8 en->it doc) ----
c_shield = add("it", "export insurance shield di assinord: premio qnt?", [D4], ["0.42%"], "cross_lingual")
add("it", "corea del sud iva all import qnt e?", [D5], ["10%"], "cross_lingual")
c_dig = add("it", "voucher digital export brianza nord: % e max x impresa?", [D10], ["60%", "ten thousand euros"], "cross_lingual")
add("it", "prestito capitale circolante bal importo max e durata?", [D13], ["EUR 350,000", "36 months"], "cross_lingual")
add("it", "fondo ligf qnt quota max del capitale prendno?", [D17], ["40%"], "cross_lingual")
add("it", "contributo e-commerce arpi max x azienda?", [D20], ["75k"], "cross_lingual")
c_lakes = add("it", "voucher tem lakes valleys con contratto 12 mesi qnt?", [D22], ["EUR 18,000"], "cross_lingual")
add("it", "accordo con polonia vlbc fino a qndo vale?", [D23], ["31 May 2029"], "cross_lingual")
add("it", "fiere oglio valley max x fiera extra ue?", [D24], ["EUR 9,000"], "cross_lingual")
add("it", "polonia etichette in polacco obbligatorie?", [D27], ["in Polish"], "cross_lingual")
add("it", "credito lariano global markets lona tasso?", [D28], ["1.15% per annum"], "cross_lingual")
add("it", "carnet ata cos e e qnt dura?", [D7], ["up to one year"], "cross_lingual")
add("en", "canada labels must be english and french?", [D2], ["inglese e francese"], "cross_lingual")
add("en", "finorobie loan max amount per company?", [D8], ["900 mila euro"], "cross_lingual")
add("en", "customs voucher promo mincio max per company?", [D30], ["€ 6.000"], "cross_lingual")
add("en", "valle olona certification grant max amount?", [D14], ["14.000,00 €"], "cross_lingual")
add("en", "agrifood protocol insubria valid until when?", [D3], ["31 marzo 2030"], "cross_lingual")
add("en", "sportello export how fast do u answer emails", [D6], ["3 giorni lavorativi"], "cross_lingual")
add("en", "lombardy exports 2026 total value?", [D12], ["168,4 miliardi"], "cross_lingual")
add("en", "morocco usual payment terms?", [D19], ["60-90 giorni"], "cross_lingual")

# ---- follow_up (12: 9 it, 3 en) ----
add("it", "e che % copre?", [D1], ["50%"], "follow_up", after=f_tem)
add("it", "e la durata? c e preammortamento?", [D8], ["72 mesi", "18 mesi"], "follow_up", after=f_orob)
add("it", "e in totale x impresa?", [D15], ["€ 24.000"], "follow_up", after=f_fiere)
add("it", "e x le imprese femminili c e qlcs in piu?", [D26], ["10 punti percentuali"], "follow_up", after=f_nm)
add("it", "e x un contratto di 6 mesi?", [D22], ["EUR 10,000"], "follow_up", after=c_lakes)
add("en", "and the deadline?", [D13], ["31 July 2027"], "follow_up", after=f_bal)
add("it", "e se il cliente e in un paese a rischio?", [D4], ["+0.15%"], "follow_up", after=c_shield)
add("it", "e x le medie imprese?", [D10], ["Micro and small enterprises"], "follow_up", after=c_dig)
add("en", "and until when can we apply?", [D17], ["29 October 2027"], "follow_up", after=f_ligf)
add("it", "c e un limite x singola fiera?", [D11], ["15.000 euro"], "follow_up", after=f_cred)
add("en", "what about electrical products, any certification needed?", [D5], ["KC mark"], "follow_up", after=f_kr)
add("it", "c e una scadenza?", [D10], ["first-come, first-served"], "follow_up", after=c_dig)

# ---- out_of_scope (25: 19 it, 6 en; 23 close to a document's topic) ----
OOS = [
    ("it", "guida paese giappone dazi sul vino?"),
    ("it", "bando fiere lomellina si puo avere un anticipo del contributo?"),
    ("it", "fondo FRLI chiede garanzie reali o ipoteca?"),
    ("it", "polizza export facile in qnt giorni pagano il sinistro?"),
    ("it", "voucher digitale camera di commercio di bergamo 2027 quanto da?"),
    ("it", "credito d imposta x ricerca e sviluppo su prodotti x export c e?"),
    ("it", "assicurazione trasporto merci via nave avete qlcs?"),
    ("it", "corea tempi medi sdoganamento al porto di busan?"),
    ("it", "canada serve il visto x un viaggio d affari di una settimana?"),
    ("it", "marocco qnt costa spedire un container da genova a casablanca?"),
    ("en", "poland minimum wage 2027?"),
    ("en", "brazil webinar will there be a recording?"),
    ("en", "LIGF who sits on the investment committee?"),
    ("it", "garanzia commesse estere cofidi in qnt giorni deliberano?"),
    ("it", "protocollo agroalimentare insubria prossima giornata formativa qndo?"),
    ("it", "sportello export fate traduzioni giurate?"),
    ("en", "what does forfaiting mean?"),
    ("it", "export lombardo verso la cina nel 2026 qnt?"),
    ("it", "bando nuovi mercati extra ue 2028 qndo esce?"),
    ("it", "leasing agevolato x macchinari da esportare?"),
    ("en", "south africa country guide import duties on furniture?"),
    ("it", "bando export camera di commercio di cremona?"),
    ("it", "cambio dirham euro oggi?"),
    ("en", "weather in seoul next week?"),
    ("it", "ricetta tiramisu veloce"),
]
for lang, q in OOS:
    add(lang, q, [], [], "out_of_scope")

# ---- ambiguous (18: 17 it, 1 en) ----
add("it", "qnt e il tasso del finanziamento agevolato x l estero?", LOANS, [], "ambiguous",
    evidence={D8: "0,80% annuo", D13: "0.9% p.a.", D21: "0,50% nominale annuo", D28: "1.15% per annum",
              D29: "0,65% fisso su base annua"})
add("it", "voucher tem che % delle spese copre?", [D1, D22], [], "ambiguous",
    evidence={D1: "copre il 50% delle spese ammissibili", D22: "70% of the TEM fee"})
add("it", "contributo x fiere estere qnt max x singola fiera?", [D11, D15, D24], [], "ambiguous",
    evidence={D11: "15.000 euro per singola manifestazione", D15: "Contributo massimo per fiera",
              D24: "Maximum grant per fair"})
add("it", "assicurazone crediti export premio qnt?", [D4, D18], [], "ambiguous",
    evidence={D4: "0.42%", D18: "0,35%"})
add("it", "garanzia confidi copre qnt %?", [D9, D25], [], "ambiguous",
    evidence={D9: "copertura fino all'80% del finanziamento", D25: "copre il 70% dell'importo"})
add("it", "voucher fino a qndo posso fare domanda?", [D1, D10, D22, D30], [], "ambiguous",
    evidence={D1: "31 maggio 2027", D10: "there is no fixed closing date", D22: "18 June 2027",
              D30: "12 novembre 2027"})
add("it", "guida paese etichetta in lingua locale obbligatoria?", GUIDES, [], "ambiguous",
    evidence={D2: "inglese e francese", D5: "Korean-language labels", D19: "in arabo", D27: "in Polish"})
add("it", "aliquota iva del paese qnt e?", GUIDES, [], "ambiguous",
    evidence={D2: "GST federale del 5%", D5: "import VAT of 10%", D19: "aliquota ordinaria del 20%", D27: "23%"})
add("it", "contributo x e-commerce qnt max?", [D10, D20], [], "ambiguous",
    evidence={D10: "ten thousand euros", D20: "75k"})
add("it", "protocollo d intesa qnt dura?", [D3, D23], [], "ambiguous",
    evidence={D3: "durata triennale", D23: "two years"})
add("en", "export loan max amount?", LOANS, [], "ambiguous",
    evidence={D8: "900 mila euro", D13: "EUR 350,000", D21: "€ 450.000", D28: "EUR 1.6 million",
              D29: "1,2 milioni di euro"})
add("it", "qnt dura il preammortamneto?", LOANS, [], "ambiguous",
    evidence={D8: "preammortamento di 18 mesi", D13: "6-month grace period", D21: "massimo 2 di preammortamento",
              D28: "up to 24 months", D29: "12 di preammortamento"})
add("it", "assicurazione credito rischio politico coperto al qnt?", [D4, D18], [], "ambiguous",
    evidence={D4: "95%", D18: "copertura del 90% della perdita"})
add("it", "ci sono maggiorazioni x imprese femminili?", [D1, D26], [], "ambiguous",
    evidence={D1: "imprese femminili", D26: "femminili spetta una maggiorazione"})
add("it", "entro qndo va fatta la rendicontazione delle spese?", [D1, D14, D26], [], "ambiguous",
    evidence={D1: "30 aprile 2028", D14: "31/03/2028", D26: "28 febbraio 2028"})
add("it", "spese ammissibili del voucher tem?", [D1, D22], [], "ambiguous",
    evidence={D1: "compenso del TEM", D22: "the TEM fee"})
add("it", "maggiorazione premio x paesi ad alto rischio?", [D4, D18], [], "ambiguous",
    evidence={D4: "+0.15%", D18: "+0,20%"})
add("it", "garanzia qnt costa la commissione?", [D9, D25], [], "ambiguous",
    evidence={D9: "0,70% annuo", D25: "diritto fisso di istruttoria"})

ISSUER_OR_ACRONYM = ["z007", "z009", "z010", "z013"]


def doc_lang(docs):
    langs = {META[d]["language"] for d in docs}
    return langs.pop() if len(langs) == 1 else None


def main():
    with open(os.path.join(ROOT, "expected_metadata.json"), "w", encoding="utf-8") as f:
        json.dump(META, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open(os.path.join(ROOT, "questions.jsonl"), "w", encoding="utf-8") as f:
        for qid, lang, q, docs, must, kind, after in Q:
            rec = {"id": qid, "lang": lang,
                   "doc_lang": None if kind in ("out_of_scope", "ambiguous") else doc_lang(docs),
                   "question": q, "expected_docs": docs, "must_contain": must, "kind": kind}
            if after:
                rec["after"] = after
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(len(META), "metadata entries,", len(Q), "questions written")


if __name__ == "__main__":
    main()

"""The HTML loader: main content only, headings as paths, table rows as blocks."""

from __future__ import annotations

import warnings

import pytest

from ingest.errors import LoadError
from ingest.loaders import load_bytes
from ingest.loaders.html import MAX_DEPTH, parse_html
from knowledge.documents import Block, ParsedDocument

MAX = 10**7

PAGE = """<!DOCTYPE html>
<html lang="it-IT">
<head>
  <title>Fondo 394 per l'export | Sportello Export Lombardia</title>
  <meta property="og:title" content="Fondo 394 per l'export">
  <link rel="canonical" href="https://example.org/strumenti/fondo-394">
  <style>body { color: red }</style>
  <script>var tracking = "script text";</script>
</head>
<body class="home page-with-sidebar">
  <a class="skip-link" href="#main">Vai al contenuto</a>
  <div id="cookie-banner">Usiamo i cookie per migliorare il sito. <button>Accetta</button></div>
  <header class="site-header"><div class="logo">Regione Lombardia</div>
    <nav><ul><li><a href="/">Home</a></li><li>Menu strumenti</li></ul></nav></header>
  <nav aria-label="Breadcrumb"><ol><li>Home</li><li>Percorso strumenti</li></ol></nav>
  <main id="main" class="has-sidebar">
    <article>
      <header><h1>Fondo 394 per l'export</h1><p>Aggiornato il 3 marzo 2025</p></header>
      <p>Il <b>fondo</b> finanzia&nbsp;le imprese
         che   esportano.</p>
      <div class="social-share">Condividi su Facebook</div>
      <h2>Chi può chiedere</h2>
      <ul>
        <li>PMI con sede in Italia</li>
        <li>Imprese con <a href="#">bilancio</a> depositato
          <ul><li>da almeno due esercizi</li></ul></li>
      </ul>
      <div>Testo libero in un div<br>che va a capo<br><br>e un secondo paragrafo</div>
      <h3>Importi</h3>
      <table>
        <thead><tr><th>Strumento</th><th>Importo massimo</th></tr></thead>
        <tbody><tr><td>Fondo 394</td><td>500.000 €</td></tr><tr><td></td><td></td></tr></tbody>
      </table>
      <h2>Come fare domanda</h2>
      <p>Online sul portale SIMEST.<!-- commento nascosto --></p>
      <form class="newsletter-signup"><label>Iscriviti alla newsletter</label><input></form>
      <aside class="related">Articoli correlati</aside>
    </article>
  </main>
  <footer>Copyright Regione Lombardia</footer>
  <div class="gdpr-consent" style="display: none">Consenso GDPR</div>
</body>
</html>
"""

FURNITURE = [
    "Vai al contenuto",
    "Usiamo i cookie",
    "Accetta",
    "Regione Lombardia",
    "Menu strumenti",
    "Percorso strumenti",
    "Condividi su Facebook",
    "newsletter",
    "Articoli correlati",
    "Copyright",
    "Consenso GDPR",
    "script text",
    "color: red",
    "commento nascosto",
]


@pytest.fixture(scope="module")
def page() -> ParsedDocument:
    return load_bytes(PAGE.encode(), name="fondo-394.html", max_bytes=MAX)


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


class TestMainContent:
    @pytest.mark.parametrize("fragment", FURNITURE)
    def test_page_furniture_is_left_out(self, page: ParsedDocument, fragment: str) -> None:
        assert fragment not in page.text

    def test_main_content_is_kept_in_document_order(self, page: ParsedDocument) -> None:
        assert texts(page.blocks) == [
            "Aggiornato il 3 marzo 2025",
            "Il fondo finanzia le imprese che esportano.",
            "- PMI con sede in Italia",
            "- Imprese con bilancio depositato",
            "- da almeno due esercizi",
            "Testo libero in un div che va a capo",
            "e un secondo paragrafo",
            "Strumento | Importo massimo",
            "Fondo 394 | 500.000 €",
            "Online sul portale SIMEST.",
        ]

    def test_body_is_read_when_there_is_no_main_element(self) -> None:
        html = (
            "<body><div class='menu'>Voce di menu</div><div id='content'>"
            "<h2>Requisiti</h2><p>Sede in Lombardia.</p></div><footer>Piede</footer></body>"
        )
        extracted = parse_html(html)
        assert texts(extracted.blocks) == ["Sede in Lombardia."]
        assert extracted.first_heading == "Requisiti"

    def test_wrapper_named_like_furniture_that_holds_the_content_is_kept(self) -> None:
        html = (
            "<body><div class='layout-with-sidebar'><div class='sidebar'>Laterale</div>"
            "<p>Il contenuto vero della pagina, abbastanza lungo da essere quasi tutto.</p>"
            "</div></body>"
        )
        assert texts(parse_html(html).blocks) == [
            "Il contenuto vero della pagina, abbastanza lungo da essere quasi tutto."
        ]

    def test_the_only_article_is_the_content_root(self) -> None:
        html = "<body><p>Fuori</p><article><p>Dentro</p></article></body>"
        assert texts(parse_html(html).blocks) == ["Dentro"]

    def test_hidden_elements_are_left_out(self) -> None:
        html = "<main><p hidden>Nascosto</p><p aria-hidden='true'>Anche</p><p>Visibile</p></main>"
        assert texts(parse_html(html).blocks) == ["Visibile"]


class TestStructure:
    def test_headings_build_the_heading_path(self, page: ParsedDocument) -> None:
        paths = {b.text: b.heading_path for b in page.blocks}
        assert paths["- PMI con sede in Italia"] == ("Chi può chiedere",)
        assert paths["Fondo 394 | 500.000 €"] == ("Chi può chiedere", "Importi")
        assert paths["Online sul portale SIMEST."] == ("Come fare domanda",)

    def test_h1_equal_to_the_title_is_not_in_the_paths(self, page: ParsedDocument) -> None:
        assert all("Fondo 394 per l'export" not in b.heading_path for b in page.blocks)

    def test_table_rows_are_blocks_with_cells_joined_by_pipes(self, page: ParsedDocument) -> None:
        rows = [b for b in page.blocks if b.is_table_row]
        assert texts(rows) == ["Strumento | Importo massimo", "Fondo 394 | 500.000 €"]

    def test_layout_tables_are_read_as_text(self) -> None:
        html = "<title>Pagina</title><table><tr><td><h2>Sezione</h2><p>Testo</p></td></tr></table>"
        extracted = parse_html(html)
        assert extracted.blocks == [Block("Testo", ("Sezione",))]

    def test_each_definition_is_a_block_named_by_its_term(self) -> None:
        html = (
            "<h2>Condizioni</h2><dl><dt>Importo massimo</dt><dd>350.000 euro</dd>"
            "<dt>Tasso:</dt><dd>0,80% annuo</dd><dd>1,00% oltre i 5 anni</dd>"
            "<dt>Note</dt><dt>Durata</dt><dd>fino a 6 anni</dd></dl>"
        )
        assert texts(parse_html(html).blocks) == [
            "Importo massimo: 350.000 euro",
            "Tasso: 0,80% annuo",
            "Tasso: 1,00% oltre i 5 anni",
            "Note",
            "Durata: fino a 6 anni",
        ]

    def test_whitespace_and_invisible_characters_are_collapsed(self) -> None:
        html = "<p>  Export\u200b   verso\n\t gli\u00a0USA  </p>"
        assert texts(parse_html(html).blocks) == ["Export verso gli USA"]


class TestFields:
    def test_title_language_and_canonical_url(self, page: ParsedDocument) -> None:
        assert page.meta.title == "Fondo 394 per l'export"
        assert page.meta.language == "it"
        assert page.meta.source_url == "https://example.org/strumenti/fondo-394"
        assert page.format == "html"

    @pytest.mark.parametrize(
        ("html", "title"),
        [
            ("<title>Garanzia SACE | Sportello Export</title><p>Testo</p>", "Garanzia SACE"),
            ("<title>Garanzia SACE – Sportello</title><h1>Garanzia SACE</h1>", "Garanzia SACE"),
            ("<title>Dazi - guida pratica</title><h1>Dogane</h1>", "Dazi - guida pratica"),
        ],
    )
    def test_site_name_is_stripped_from_the_title_element(self, html: str, title: str) -> None:
        assert parse_html(html).fields["title"] == title

    def test_first_heading_is_the_first_h1(self) -> None:
        html = "<body><h2>Prima</h2><p>a</p><h1>Principale</h1><p>b</p></body>"
        assert parse_html(html).first_heading == "Principale"

    def test_page_without_title_takes_its_first_heading(self) -> None:
        doc = load_bytes(b"<h1>Guida USA</h1><p>Testo.</p>", name="x.html", max_bytes=MAX)
        assert doc.meta.title == "Guida USA"


class TestHostileInput:
    def test_deeply_nested_page_is_refused_not_crashing(self) -> None:
        html = "<html><body>" + "<div>" * 100_000 + "testo" + "</div>" * 100_000
        with pytest.raises(LoadError) as err:
            load_bytes(html.encode(), name="deep.html", max_bytes=MAX)
        assert err.value.reason.startswith("the page is nested too deeply")

    def test_nesting_below_the_cap_is_read(self) -> None:
        html = "<div>" * (MAX_DEPTH - 10) + "in fondo"
        assert texts(parse_html(html).blocks) == ["in fondo"]

    def test_malformed_html_is_read_as_well_as_possible(self) -> None:
        html = (
            "<p>non chiuso <b>grassetto <i>corsivo</p>"
            "<li>voce<table><tr><td>a<td>b</table>&bogus; <"
        )
        assert texts(parse_html(html).blocks) == [
            "non chiuso grassetto corsivo",
            "- voce",
            "a | b",
            "&bogus; <",
        ]

    @pytest.mark.parametrize("text", ["https://example.org/pagina", "pagina.html", ""])
    def test_markup_that_looks_like_a_url_raises_no_warning(self, text: str) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parse_html(text)

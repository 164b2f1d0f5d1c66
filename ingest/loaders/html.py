"""HTML: the main content of a page, without navigation, banners and other page furniture.

The content root is the page's `<main>` (or `[role=main]`, or its only `<article>`), else
`<body>`. Inside it, scripts, forms, navigation, headers and footers, and elements whose id,
class, role or aria-label name a menu, a sidebar, a cookie banner or the like are skipped.
Headings build the heading path; paragraphs, list items and loose text become blocks, each table
row one block, each definition of a definition list one block named by its term (`Tasso:
0,80%`). The tree is walked with an explicit stack, never by recursion, and pages nested deeper
than `MAX_DEPTH` are refused.
"""

from __future__ import annotations

import functools
import itertools
import re
import warnings
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from ingest.errors import LoadError
from ingest.loaders.extracted import Extracted
from knowledge.documents import Block

MAX_DEPTH = 512  # real pages stay well under 100 levels; this refuses pathological ones

_SKIP_TAGS = frozenset(
    "script style noscript template svg math iframe frame frameset object embed canvas "
    "button select option textarea input nav aside footer dialog head".split()
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body dd details dialog div dl dt fieldset figcaption "
    "figure footer form header hgroup hr li main nav ol p pre section summary table tbody thead "
    "tfoot tr td th caption ul center".split()
) | frozenset(_HEADINGS)
_FURNITURE = (
    "cookie",
    "consent",
    "banner",
    "gdpr",
    "nav",
    "menu",
    "breadcrumb",
    "sidebar",
    "footer",
    "share",
    "social",
    "newsletter",
    "skip",
    "popup",
    "modal",
    "advert",
)
_FALSE_FRIENDS = frozenset({"shared", "navigable", "skipped"})  # content class names
_FURNITURE_ROLES = frozenset(
    "navigation banner contentinfo complementary search menu menubar dialog alertdialog".split()
)
_WORD = re.compile(r"[a-z0-9]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BREAK = "\x00"  # stands for <br> in collected text until a block is flushed
_PARAGRAPH_BREAK = re.compile(r"\x00[ \t\r\n]*\x00")
_INVISIBLE = {**dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\xad")), 0: " "}
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ")
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.I)


def parse_html(text: str) -> Extracted:
    """Parse a web page: main content as blocks; title, language and canonical URL as fields."""
    with warnings.catch_warnings():
        # bs4 warns when markup looks like a URL or like XML; a page is parsed as HTML regardless.
        warnings.simplefilter("ignore", UserWarning)
        soup = BeautifulSoup(text, "lxml")
    _check_depth(soup)
    fields, page_title = _fields(soup)
    root = _content_root(soup)
    if root is None:
        return Extracted(blocks=[], format="html", fields=fields)
    reader = _Reader(root)
    reader.read()
    if "title" not in fields and page_title:
        fields["title"] = _without_site_name(page_title, reader.first_heading)
    title = str(fields.get("title") or reader.first_heading or "")
    blocks = reader.blocks
    if title:
        blocks = [
            Block(b.text, b.heading_path[1:], b.page, b.is_table_row)
            if b.heading_path and _same_title(b.heading_path[0], title)
            else b
            for b in blocks
        ]
    return Extracted(
        blocks=blocks, format="html", fields=fields, first_heading=reader.first_heading
    )


def _clean(text: str) -> str:
    return " ".join(text.translate(_INVISIBLE).split())


def _check_depth(soup: BeautifulSoup) -> None:
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        tag, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise LoadError(
                f"the page is nested too deeply (more than {MAX_DEPTH} levels of elements)",
                "this does not look like a real web page; save its text as a document instead",
            )
        stack.extend((child, depth + 1) for child in tag.children if isinstance(child, Tag))


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value) if value is not None else ""


def _fields(soup: BeautifulSoup) -> tuple[dict[str, Any], str]:
    """Declared fields (og:title, language, canonical URL) and the <title> text."""
    fields: dict[str, Any] = {}
    for meta in soup.find_all("meta"):
        if _attr(meta, "property").lower() == "og:title" and _clean(_attr(meta, "content")):
            fields["title"] = _clean(_attr(meta, "content"))
            break
    page_title = _clean(soup.title.get_text()) if soup.title is not None else ""
    html = soup.find("html")
    lang = ""
    if isinstance(html, Tag):
        lang = _attr(html, "lang") or _attr(html, "xml:lang")
    m = _LANGUAGE.match(lang.strip())
    if m:
        fields["language"] = m.group(1).lower()
    for link in soup.find_all("link"):
        rels = _attr(link, "rel").lower().split()
        href = _attr(link, "href").strip()
        if "canonical" in rels and href.startswith(("http://", "https://")):
            fields["source_url"] = href
            break
    return fields, page_title


def _without_site_name(title: str, heading: str | None) -> str:
    """`Fondo 394 | SIMEST` → `Fondo 394`: the page's own title without the site's name.

    The part before a dash is taken only when the page's heading confirms it ("Dazi - guida
    pratica" may well be the whole title); a short part after " | " is always a site name.
    """
    if heading and _same_title(heading, title):
        return heading
    for sep in (" | ", " :: "):
        head, found, tail = title.rpartition(sep)
        if found and len(head.strip()) >= 3 and len(tail) <= 40:
            return head.strip()
    return title


def _same_title(heading: str, title: str) -> bool:
    h, t = heading.casefold(), title.casefold()
    return h == t or any(t.startswith(h + sep.casefold()) for sep in _TITLE_SEPARATORS)


def _iter_tags(root: Tag) -> Iterator[Tag]:
    for node in root.descendants:
        if isinstance(node, Tag):
            yield node


def _content_root(soup: BeautifulSoup) -> Tag | None:
    body = soup.body if soup.body is not None else soup
    mains: list[Tag] = []
    articles: list[Tag] = []
    for tag in _iter_tags(body):
        if tag.name == "main" or _attr(tag, "role").lower() == "main":
            mains.append(tag)
        elif tag.name == "article":
            articles.append(tag)
    top_articles = [a for a in articles if a.find_parent("article") is None]
    for candidate in (*mains, *(top_articles if len(top_articles) == 1 else [])):
        if _clean(candidate.get_text()):
            return candidate
    return body if isinstance(body, Tag) else None


def _looks_like_furniture(tag: Tag) -> bool:
    if tag.has_attr("hidden") or _attr(tag, "aria-hidden").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(_attr(tag, "style")):
        return True
    if _attr(tag, "role").lower() in _FURNITURE_ROLES:
        return True
    names = " ".join(_attr(tag, a) for a in ("id", "class", "role", "aria-label")).lower()
    words = _WORD.findall(names.replace("_", " "))
    return any(
        (w.startswith(f) or w.endswith(f)) and w not in _FALSE_FRIENDS
        for w in words
        for f in _FURNITURE
    )


class _Reader:
    """Walks the content root in document order, collecting blocks and the heading path."""

    def __init__(self, root: Tag) -> None:
        self.root = root
        self.blocks: list[Block] = []
        self._first_h1: str | None = None
        self._first_any: str | None = None
        self._path: list[tuple[int, str]] = []
        self._decisions: dict[int, bool] = {}
        self._inline: list[str] = []
        self._list_item = False
        self._keep = self._protected()

    def _protected(self) -> set[int]:
        """The root and the ancestors of its first visible h1: never skipped as furniture."""
        keep = {id(self.root)}
        for h1 in self.root.find_all("h1"):
            ancestors = list(itertools.takewhile(lambda t: t is not self.root, h1.parents))
            if any(self._skipped_by_name(t) for t in (h1, *ancestors)):
                continue
            keep.update(id(t) for t in ancestors)
            break
        return keep

    def skipped(self, tag: Tag) -> bool:
        """Whether `tag` is page furniture (or invisible) rather than content."""
        key = id(tag)
        if key not in self._decisions:
            self._decisions[key] = key not in self._keep and (
                self._skipped_by_name(tag) or self._is_furniture(tag)
            )
        return self._decisions[key]

    def _skipped_by_name(self, tag: Tag) -> bool:
        if tag.name in _SKIP_TAGS:
            return True
        if tag.name == "header":
            return not self._inside_content(tag)
        if tag.name == "form":
            return tag.find(["h1", "h2", "h3", "main", "article"]) is None
        return False

    def _is_furniture(self, tag: Tag) -> bool:
        if not _looks_like_furniture(tag):
            return False
        # A wrapper named like furniture ("page-with-sidebar") that holds most of the text
        # is the content itself.
        return len(_clean(tag.get_text())) < 0.6 * self._root_length

    @functools.cached_property
    def _root_length(self) -> int:
        return len(_clean(self.root.get_text()))

    def _inside_content(self, tag: Tag) -> bool:
        if self.root.name in ("main", "article") or _attr(self.root, "role").lower() == "main":
            return True
        return tag.find_parent(["main", "article"]) is not None

    def read(self) -> None:
        # The stack holds tags to enter and ("end", tag) markers to leave block elements.
        stack: list[Any] = [self.root]
        while stack:
            node = stack.pop()
            if isinstance(node, tuple):
                self._flush()
                self._list_item = False
                continue
            if isinstance(node, NavigableString):
                if not isinstance(node, PreformattedString):
                    self._inline.append(str(node))
                continue
            if not isinstance(node, Tag) or (node is not self.root and self.skipped(node)):
                continue
            name = node.name
            if name in _HEADINGS:
                self._flush()
                self._heading(_HEADINGS[name], self.text_of(node))
                continue
            if name == "table" and not self._is_layout_table(node):
                self._flush()
                self._table(node)
                continue
            if name == "dl" and node.find("dt") is not None:
                self._flush()
                self._definitions(node)
                continue
            if name == "br":
                self._inline.append(_BREAK)
                continue
            if name in _BLOCK_TAGS:
                self._flush()
                if name == "li":
                    self._list_item = True
                stack.append(("end", node))
            stack.extend(reversed(node.contents))
        self._flush()

    def text_of(self, tag: Tag) -> str:
        """The visible text inside `tag`, without skipped elements, whitespace collapsed."""
        parts: list[str] = []
        stack: list[Any] = [tag]
        while stack:
            node = stack.pop()
            if isinstance(node, NavigableString):
                if not isinstance(node, PreformattedString):
                    parts.append(str(node))
            elif isinstance(node, Tag) and (node is tag or not self.skipped(node)):
                if node is not tag and node.name in _BLOCK_TAGS:
                    parts.append(" ")
                stack.extend(reversed(node.contents))
        return _clean("".join(parts))

    def _path_tuple(self) -> tuple[str, ...]:
        return tuple(t for _, t in self._path)

    def _flush(self) -> None:
        texts = [_clean(t) for t in _PARAGRAPH_BREAK.split("".join(self._inline))]
        self._inline.clear()
        for text in filter(None, texts):
            if self._list_item:
                text = f"- {text}"
                self._list_item = False
            self.blocks.append(Block(text, self._path_tuple()))

    def _heading(self, level: int, text: str) -> None:
        text = text.rstrip("¶#🔗 ").strip()
        if not text:
            return
        self._path[:] = [(lv, t) for lv, t in self._path if lv < level] + [(level, text)]
        self._first_any = self._first_any or text
        if level == 1:
            self._first_h1 = self._first_h1 or text

    @property
    def first_heading(self) -> str | None:
        """The first h1, or else the first heading of any level."""
        return self._first_h1 or self._first_any

    def _is_layout_table(self, table: Tag) -> bool:
        """Tables used for page layout: read as text, not as rows."""
        if _attr(table, "role").lower() in ("presentation", "none"):
            return True
        nested = table.find(["table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"])
        return nested is not None

    def _definitions(self, dl: Tag) -> None:
        """A definition list: each definition one block, named by its term (`Tasso: 0,80%`)."""
        term: str | None = None
        defined = True
        for item in dl.find_all(["dt", "dd"]):
            if item.find_parent("dl") is not dl or self.skipped(item):
                continue
            text = self.text_of(item)
            if item.name == "dt":
                if term and not defined:  # a term without a definition stands alone
                    self.blocks.append(Block(term, self._path_tuple()))
                term, defined = text.rstrip(":").strip() or None, False
            elif text:
                self.blocks.append(Block(f"{term}: {text}" if term else text, self._path_tuple()))
                defined = True
        if term and not defined:
            self.blocks.append(Block(term, self._path_tuple()))

    def _table(self, table: Tag) -> None:
        caption = table.find("caption")
        if isinstance(caption, Tag) and self.text_of(caption):
            self.blocks.append(Block(self.text_of(caption), self._path_tuple()))
        for row in table.find_all("tr"):
            cells = [self.text_of(cell) for cell in row.find_all(["td", "th"], recursive=False)]
            if any(cells):
                self.blocks.append(Block(" | ".join(cells), self._path_tuple(), is_table_row=True))

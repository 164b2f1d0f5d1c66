"""Telegram's text formatting: parse HTML, MarkdownV2 and legacy Markdown into text + entities.

The parsers follow tdlib's (``td/telegram/MessageEntity.cpp``, checked against the test vectors
in tdlib's ``test/message_entities.cpp``) closely enough that text Telegram refuses is refused
here with the same message, and the visible text, whose length Telegram limits, is the same.
They are not complete: URL normalisation, custom emoji and the finer points of MarkdownV2
blockquotes and pre-block languages are simplified. Entity offsets and lengths are in UTF-16
code units, as in the Bot API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "EntityParseError",
    "FormattedText",
    "detect_entities",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
    "utf16_len",
]


class EntityParseError(ValueError):
    """Text that Telegram refuses with "Bad Request: can't parse entities: <message>"."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Bot API entity offsets."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class FormattedText:
    """Visible text and its entities (Bot API ``MessageEntity`` dicts)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)

    def stripped(self) -> FormattedText:
        """Drop leading and trailing whitespace as Telegram does, moving entities along."""
        body = self.text.strip()
        if not body:
            return FormattedText("")
        lead = utf16_len(self.text[: len(self.text) - len(self.text.lstrip())])
        end = utf16_len(body)
        entities = []
        for entity in self.entities:
            start = max(entity["offset"] - lead, 0)
            stop = min(entity["offset"] + entity["length"] - lead, end)
            if stop > start:
                entities.append({**entity, "offset": start, "length": stop - start})
        return FormattedText(body, entities)


class _Builder:
    """Collects visible text and the entities opened and closed over it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0
        self.entities: list[dict[str, Any]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.offset += utf16_len(text)

    def close(self, kind: str, start: int, **extra: Any) -> None:
        if self.offset > start:
            self.entities.append({"type": kind, "offset": start, "length": self.offset - start})
            self.entities[-1].update({k: v for k, v in extra.items() if v is not None})

    def result(self) -> FormattedText:
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return FormattedText("".join(self.parts), entities)


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode())


# --- HTML ------------------------------------------------------------------------------------

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_HTML_TAGS = {*_SIMPLE_TAGS, "a", "span", "tg-emoji", "blockquote"}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SURROGATE_ERROR = (
    "Text contains invalid Unicode characters after decoding HTML entities, "
    "check for unmatched surrogate code units"
)


@dataclass
class _OpenTag:
    name: str
    start: int
    attributes: dict[str, str]
    first_part: int  # index into the builder's parts where the tag's content begins


def _decode_html_entity(source: str, index: int) -> tuple[str, int] | None:
    """Decode the entity at ``source[index] == '&'``: (text, next index), or None if literal."""
    end = index + 1
    if source.startswith("#", end):
        end += 1
        base, digits = 10, "0123456789"
        if source[end : end + 1] in ("x", "X"):
            base, digits, end = 16, "0123456789abcdefABCDEF", end + 1
        start, code = end, 0
        while end < len(source) and source[end] in digits:
            code = code * base + int(source[end], base)
            if code >= 0x10FFFF:
                return None
            end += 1
        if end == start or code == 0:
            return None
        if 0xD800 <= code <= 0xDFFF:
            raise EntityParseError(_SURROGATE_ERROR)
        decoded = chr(code)
    else:
        while end < len(source) and source[end].isascii() and source[end].isalpha():
            end += 1
        decoded_or_none = _NAMED_ENTITIES.get(source[index + 1 : end])
        if decoded_or_none is None:
            return None
        decoded = decoded_or_none
    if source.startswith(";", end):
        end += 1
    return decoded, end


def _decode_html(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        decoded = _decode_html_entity(text, i) if text[i] == "&" else None
        if decoded is None:
            out.append(text[i])
            i += 1
        else:
            out.append(decoded[0])
            i = decoded[1]
    return "".join(out)


def _html_attributes(source: str, i: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    """Parse attributes from ``source[i]`` up to '>'; return them and the index after '>'."""
    n, at = len(source), _byte_offset(source, begin)
    attributes: dict[str, str] = {}
    while True:
        while i < n and source[i].isspace():
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {at}")
        if source[i] == ">":
            return attributes, i + 1
        name_start = i
        while i < n and not source[i].isspace() and source[i] not in "=>":
            i += 1
        name = source[name_start:i].lower()
        if not name:
            raise EntityParseError(f'Empty attribute name in the tag "{tag}" at byte offset {at}')
        while i < n and source[i].isspace():
            i += 1
        if i >= n or source[i] != "=":
            if tag == "blockquote":  # <blockquote expandable>: a bare flag is allowed here only
                attributes[name] = ""
                continue
            raise EntityParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {at}'
            )
        i += 1
        while i < n and source[i].isspace():
            i += 1
        if i >= n:
            raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {at}')
        if source[i] in "'\"":
            close = source.find(source[i], i + 1)
            if close == -1:
                raise EntityParseError(f"Unclosed start tag at byte offset {at}")
            attributes[name] = _decode_html(source[i + 1 : close])
            i = close + 1
        else:
            token_start = i
            while i < n and ((source[i].isascii() and source[i].isalnum()) or source[i] in ".-"):
                i += 1
            if i >= n or not (source[i].isspace() or source[i] == ">"):
                token_at = _byte_offset(source, token_start)
                raise EntityParseError(f"Unexpected end of name token at byte offset {token_at}")
            attributes[name] = source[token_start:i].lower()


def _looks_like_url(text: str) -> bool:
    return bool(text) and not any(c.isspace() for c in text) and ("." in text or "://" in text)


def _close_html_tag(out: _Builder, tag: _OpenTag, stack: list[_OpenTag]) -> None:
    attrs = tag.attributes
    if tag.name == "a":
        inner = "".join(out.parts[tag.first_part :])
        url = attrs.get("href") or (inner if _looks_like_url(inner) else "")
        if url:
            out.close("text_link", tag.start, url=url)
    elif tag.name == "span":
        out.close("spoiler", tag.start)
    elif tag.name == "tg-emoji":
        out.close("custom_emoji", tag.start, custom_emoji_id=attrs.get("emoji-id"))
    elif tag.name == "blockquote":
        kind = "expandable_blockquote" if "expandable" in attrs else "blockquote"
        out.close(kind, tag.start)
    elif tag.name == "code" and stack and stack[-1].name == "pre" and stack[-1].start == tag.start:
        language = attrs.get("class", "").removeprefix("language-")
        if language:  # <pre><code class="language-x"> is one pre entity with a language
            stack[-1].attributes["language"] = language
        else:
            out.close("code", tag.start)
    elif tag.name == "pre":
        out.close("pre", tag.start, language=attrs.get("language"))
    else:
        out.close(_SIMPLE_TAGS[tag.name], tag.start)


def parse_html(source: str) -> FormattedText:
    """Parse Bot API HTML; raise :class:`EntityParseError` with Telegram's message."""
    out, stack = _Builder(), list[_OpenTag]()
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if char == "&":
            decoded = _decode_html_entity(source, i)
            out.add(decoded[0] if decoded else "&")
            i = decoded[1] if decoded else i + 1
            continue
        if char != "<":
            stop = min(
                (p for p in (source.find("<", i), source.find("&", i)) if p != -1), default=n
            )
            out.add(source[i:stop])
            i = stop
            continue
        begin, at = i, _byte_offset(source, i)
        i += 1
        if i < n and source[i] == "/":
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {at}")
            i += 1
            name_start = i
            while i < n and not source[i].isspace() and source[i] != ">":
                i += 1
            name = source[name_start:i].lower()
            while i < n and source[i].isspace():
                i += 1
            if i >= n or source[i] != ">":
                raise EntityParseError(f"Unclosed end tag at byte offset {at}")
            tag = stack.pop()
            if name and name != tag.name:
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {at}, expected "</{tag.name}>", '
                    f'found "</{name}>"'
                )
            _close_html_tag(out, tag, stack)
            i += 1
            continue
        while i < n and not source[i].isspace() and source[i] != ">":
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {at}")
        name = source[begin + 1 : i].lower()
        if name not in _HTML_TAGS:
            raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {at}')
        attributes, i = _html_attributes(source, i, name, begin)
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {at}')
        if name == "tg-emoji" and not attributes.get("emoji-id"):
            raise EntityParseError(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {at}'
            )
        stack.append(_OpenTag(name, out.offset, attributes, len(out.parts)))
    if stack:
        raise EntityParseError(
            f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"'
        )
    return out.result()


# --- MarkdownV2 ------------------------------------------------------------------------------

_MDV2_RESERVED = set("]()>#+-=|{}.!")
_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
}


@dataclass
class _OpenMark:
    kind: str
    start: int
    at: int  # byte offset of the opening mark, for error messages
    language: str | None = None


def _url_end(source: str, i: int) -> int:
    """Index of the ')' closing a MarkdownV2 URL that starts at ``i``, honouring '\\' escapes."""
    while i < len(source):
        if source[i] == "\\":
            i += 2
        elif source[i] == ")":
            return i
        else:
            i += 1
    return -1


def parse_markdown_v2(source: str) -> FormattedText:
    """Parse Bot API MarkdownV2; raise :class:`EntityParseError` with Telegram's message."""
    out, stack = _Builder(), list[_OpenMark]()
    quote_start: int | None = None
    i, n = 0, len(source)

    def top() -> str | None:
        return stack[-1].kind if stack else None

    def toggle(kind: str) -> None:
        if top() == kind:
            mark = stack.pop()
            out.close(mark.kind, mark.start, language=mark.language)
        else:
            stack.append(_OpenMark(kind, out.offset, _byte_offset(source, i)))

    while i < n:
        char = source[i]
        at_line_start = i == 0 or source[i - 1] in "\r\n"
        if char in "\r\n" and quote_start is not None and not source.startswith(">", i + 1):
            out.add(char)
            out.close("blockquote", quote_start)
            quote_start, i = None, i + 1
            continue
        if char == "\\" and i + 1 < n and 0 < ord(source[i + 1]) <= 126:
            out.add(source[i + 1])
            i += 2
            continue
        if top() in ("code", "pre"):
            closer = "```" if top() == "pre" else "`"
            if source.startswith(closer, i):
                toggle(top() or "")
                i += len(closer)
            else:
                out.add(char)
                i += 1
            continue
        if at_line_start and (char == ">" or source.startswith("**>", i)):
            if quote_start is None:
                quote_start = out.offset
            i += 1 if char == ">" else 3
            continue
        if source.startswith("```", i):
            mark_at = i
            i += 3
            newline = source.find("\n", i)
            language = source[i:newline] if newline != -1 else ""
            if language and not any(c.isspace() for c in language):
                i = newline + 1
            stack.append(
                _OpenMark("pre", out.offset, _byte_offset(source, mark_at), language or None)
            )
            continue
        if char == "`":
            toggle("code")
            i += 1
        elif char == "*":
            toggle("bold")
            i += 1
        elif char == "~":
            toggle("strikethrough")
            i += 1
        elif char == "_":
            if top() == "italic" and not source.startswith("__", i):
                toggle("italic")
                i += 1
            elif source.startswith("__", i):
                toggle("underline")
                i += 2
            else:
                toggle("italic")
                i += 1
        elif source.startswith("||", i):
            if (
                top() != "spoiler"
                and quote_start is not None
                and source[i + 2 : i + 3] in ("", "\n", "\r")
            ):
                i += 2  # "||" at the end of a quoted line marks the quote expandable
                continue
            toggle("spoiler")
            i += 2
        elif char == "[":
            stack.append(_OpenMark("text_link", out.offset, _byte_offset(source, i)))
            i += 1
        elif char == "]" and top() == "text_link":
            mark = stack.pop()
            i += 1
            if source.startswith("(", i):
                end = _url_end(source, i + 1)
                if end == -1:
                    at = _byte_offset(source, i + 1)
                    raise EntityParseError(f"Can't find end of a URL at byte offset {at}")
                url = re.sub(r"\\(.)", r"\1", source[i + 1 : end])
                i = end + 1
                if url:
                    out.close("text_link", mark.start, url=url)
        elif char in _MDV2_RESERVED:
            raise EntityParseError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        else:
            out.add(char)
            i += 1
    if stack:
        mark = stack[-1]
        name = "PreCode" if mark.kind == "pre" and mark.language else _MDV2_NAMES[mark.kind]
        raise EntityParseError(f"Can't find end of {name} entity at byte offset {mark.at}")
    if quote_start is not None:
        out.close("blockquote", quote_start)
    return out.result()


# --- legacy Markdown -------------------------------------------------------------------------

_MARKDOWN_MARKS = {"*": "bold", "_": "italic", "`": "code"}


def parse_markdown(source: str) -> FormattedText:
    """Parse the legacy Bot API Markdown (``*bold*``, ``_italic_``, code, pre, links)."""
    out = _Builder()
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if char == "\\" and i + 1 < n and source[i + 1] in "_*`[":
            out.add(source[i + 1])
            i += 2
            continue
        if char not in "_*`[":
            out.add(char)
            i += 1
            continue
        at = _byte_offset(source, i)
        error = EntityParseError(f"Can't find end of the entity starting at byte offset {at}")
        if source.startswith("```", i):
            end = source.find("```", i + 3)
            if end == -1:
                raise error
            start = out.offset
            out.add(source[i + 3 : end])
            out.close("pre", start)
            i = end + 3
        elif char == "[":
            close = source.find("]", i + 1)
            if close == -1:
                raise error
            start = out.offset
            out.add(source[i + 1 : close])
            i = close + 1
            if source.startswith("(", i):
                end = source.find(")", i)
                if end == -1:
                    raise error
                out.close("text_link", start, url=source[i + 1 : end])
                i = end + 1
        else:
            end = source.find(char, i + 1)
            if end == -1:
                raise error
            start = out.offset
            out.add(source[i + 1 : end])
            out.close(_MARKDOWN_MARKS[char], start)
            i = end + 1
    return out.result()


# --- entities Telegram detects in what users write -------------------------------------------

_DETECTED = re.compile(
    r"(?P<bot_command>(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)"
    r"|(?P<mention>(?<![\w@])@[A-Za-z0-9_]{5,32})"
    r"|(?P<url>https?://[^\s<>\"]+)"
)


def detect_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram adds to a user's plain text: /commands, @mentions and URLs."""
    entities = []
    for match in _DETECTED.finditer(text):
        kind = match.lastgroup or ""
        entities.append(
            {
                "type": kind,
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
        )
    return entities

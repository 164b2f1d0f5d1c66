"""Markdown (with or without YAML front matter) and plain text."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ingest.errors import LoadError
from ingest.loaders.extracted import Extracted
from knowledge.documents import Block

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_TABLE_RULE = re.compile(r"^\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
# `Importo massimo: € 18.000`, `- cap: EUR 250k per company`: a field's short label (a few
# words, no figure), a colon and its value; or an item of a list typed in plain text. Staff
# write such lines one under the other without a blank line between them: each is a clause of
# its own, not the words of one sentence (the first label would name every figure).
_FIELD_LINE = re.compile(r"^(?:[-*•–][ \t]+([^\W\d_])|([^\W\d_a-zà-ÿ]))([^:|\d]{0,60}?):[ \t]+\S")
_FIELD_WORDS = 6
FIELD_SEPARATOR = " · "
_TEXT_ITEM = re.compile(r"^(?:[-*+•–]|\d{1,3}[.)])[ \t]+\S")
_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: keep alt text
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)[^)]*\)"), r"\1 (\2)"),  # links: text (url)
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"<[^>\n]{1,200}>"), ""),  # inline HTML tags
]
MAX_NESTING = 64


class _MetadataLoader(yaml.SafeLoader):
    """YAML as staff write metadata: only `true` and `false` are booleans (YAML 1.2), so
    `country: NO` is Norway and `lingua: no` is not false."""


_MetadataLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_MetadataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_metadata_yaml(text: str) -> Any:
    """Parse metadata YAML (front matter, a sidecar file) with YAML 1.2 booleans."""
    return yaml.load(text, Loader=_MetadataLoader)  # a SafeLoader: no arbitrary objects


def plain_inline(text: str) -> str:
    """Markdown inline markup to plain text (links keep their URL)."""
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return (front matter mapping, body); no front matter gives an empty mapping."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        data = load_metadata_yaml(m.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise LoadError(
            f"front matter is not valid YAML{where}",
            "fix the block between the --- lines at the top of the file",
        ) from exc
    if data is None:
        return {}, text[m.end() :]
    if not isinstance(data, dict):
        raise LoadError(
            "front matter is not a mapping of fields", "write it as `key: value` lines"
        )
    return data, text[m.end() :]


def is_field_line(line: str) -> bool:
    """Whether a line is a `label: value` field (a label of a few words, no figure)."""
    m = _FIELD_LINE.match(line.strip())
    # A label starts a line with a capital or after a bullet: a line of prose wrapped by hand
    # ("voci di spesa: affitto dello stand") goes on its sentence.
    return m is not None and len(m.group(0).split(":")[0].split()) <= _FIELD_WORDS


def join_lines(lines: list[str]) -> str:
    """A paragraph's lines as one text: a line that is a field or a list item (in plain text)
    is a clause of its own, set off by ` · ` (the terms reader reads each field with its own
    label; the lines stay one answer unit, as a card is read whole); other lines continue the
    sentence (prose wrapped by hand)."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and (is_field_line(line) or _TEXT_ITEM.match(line)) and out[-1] not in ".;:!?":
            out += FIELD_SEPARATOR
        elif out:
            out += " "
        out += line
    return out


def _table_row(line: str) -> str:
    cells = [plain_inline(c) for c in line.strip().strip("|").split("|")]
    return " | ".join(c for c in cells)


def parse_markdown_body(body: str) -> tuple[list[Block], str | None]:
    """Blocks of a Markdown body with heading paths; also the first heading, if any."""
    blocks: list[Block] = []
    path: list[tuple[int, str]] = []
    first_heading: str | None = None
    para: list[str] = []
    table_header: str | None = None
    in_fence = False

    def heading_path() -> tuple[str, ...]:
        return tuple(t for _, t in path)

    def flush() -> None:
        if para:
            text = plain_inline(join_lines(para))
            if text:
                blocks.append(Block(text, heading_path()))
            para.clear()

    lines = body.splitlines()
    for i, raw in enumerate(lines):
        line = raw.rstrip()
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            para.append(line)
            continue
        nesting = len(line) - len(line.lstrip(">"))
        if nesting > MAX_NESTING or (len(line) - len(line.lstrip(" \t"))) > 4 * MAX_NESTING:
            raise LoadError(
                f"line {i + 1} is nested more than {MAX_NESTING} levels deep",
                "this does not look like a real document; flatten it and retry",
            )
        line = line.lstrip("> ").rstrip() if line.startswith(">") else line
        heading = _HEADING.match(line)
        if (
            heading is None
            and line.strip()
            and i + 1 < len(lines)
            and _SETEXT.match(lines[i + 1].strip())
            and not para
            and not line.lstrip().startswith("|")
        ):
            level = 1 if lines[i + 1].strip().startswith("=") else 2
            heading_text = plain_inline(line)
            lines[i + 1] = ""
            heading = None
            flush()
            path[:] = [(lv, t) for lv, t in path if lv < level] + [(level, heading_text)]
            first_heading = first_heading or heading_text
            continue
        if heading:
            flush()
            level = len(heading.group(1))
            heading_text = plain_inline(heading.group(2))
            path[:] = [(lv, t) for lv, t in path if lv < level] + [(level, heading_text)]
            first_heading = first_heading or heading_text
            table_header = None
            continue
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            flush()
            if _TABLE_RULE.match(stripped):
                continue
            row = _table_row(stripped)
            if table_header is None:
                table_header = row
                blocks.append(Block(row, heading_path(), is_table_row=True))
            else:
                blocks.append(Block(row, heading_path(), is_table_row=True))
            continue
        table_header = None
        if not stripped:
            flush()
            continue
        if _LIST_ITEM.match(line):
            flush()
            para.append(_LIST_ITEM.sub("- ", line, count=1).strip())
            continue
        para.append(stripped)
    flush()
    return blocks, first_heading


def parse_markdown(text: str) -> Extracted:
    """Parse Markdown: front matter becomes declared fields, headings become heading paths."""
    front, body = split_front_matter(text)
    blocks, first_heading = parse_markdown_body(body)
    fields = {k: v for k, v in front.items() if v is not None}
    title = str(fields.get("title") or first_heading or "")
    # The H1 repeating the title is not worth repeating in every chunk's heading path.
    if title:
        blocks = [
            Block(b.text, b.heading_path[1:], b.page, b.is_table_row)
            if b.heading_path and b.heading_path[0] == title
            else b
            for b in blocks
        ]
    return Extracted(blocks=blocks, format="markdown", fields=fields, first_heading=first_heading)


def parse_text(text: str) -> Extracted:
    """Plain text: paragraphs separated by blank lines; a short first line is the title."""
    paragraphs = [
        " ".join(join_lines(p.splitlines()).split())
        for p in re.split(r"\n[ \t]*\n", text)
        if p.strip()
    ]
    first: str | None = None
    if len(paragraphs) > 1 and len(paragraphs[0]) <= 120 and not paragraphs[0].endswith("."):
        first = paragraphs[0].rstrip(":")
        paragraphs = paragraphs[1:]
    return Extracted(blocks=[Block(p) for p in paragraphs], format="text", first_heading=first)

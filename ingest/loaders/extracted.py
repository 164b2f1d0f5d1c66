"""What every format parser returns, before metadata defaults are applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from knowledge.documents import Block


@dataclass(slots=True)
class Extracted:
    """Blocks in reading order, the metadata the file declares, and its first heading."""

    blocks: list[Block]
    format: str
    fields: dict[str, Any] = field(default_factory=dict)
    first_heading: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    @property
    def headed_text(self) -> str:
        """The text with each section's heading on a line of its own where the section starts,
        as a reader sees it: a heading says what the lines under it are ("Finestra per le
        domande" over a row of two dates)."""
        lines: list[str] = []
        current: tuple[str, ...] = ()
        for block in self.blocks:
            if block.heading_path and block.heading_path != current:
                lines.append(block.heading_path[-1])
            current = block.heading_path
            lines.append(block.text)
        return "\n".join(lines)

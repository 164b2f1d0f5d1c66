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

"""All settings of the product: the knowledge base's plus the bot's."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator

from knowledge.settings import KnowledgeSettings, refuse_placeholder


class Settings(KnowledgeSettings):
    """Every setting, read from the environment and `.env` (see `.env.example`)."""

    database_url: str = Field(default="", description="SQLAlchemy URL; empty = SQLite in DATA_DIR")
    telegram_bot_token: SecretStr | None = Field(default=None, description="Token from BotFather")
    telegram_api_url: str = Field(
        default="https://api.telegram.org/bot", description="Bot API base URL"
    )
    advisors_chat_id: int | None = Field(default=None, description="Advisors' group chat id")
    staff_ids: str = Field(default="", description="Comma-separated Telegram user ids of staff")

    @field_validator("telegram_bot_token")
    @classmethod
    def _no_placeholder_token(cls, v: SecretStr | None) -> SecretStr | None:
        return refuse_placeholder(v, "TELEGRAM_BOT_TOKEN")

    @field_validator("staff_ids")
    @classmethod
    def _staff_ids(cls, v: str) -> str:
        bad = [p for p in v.replace(" ", "").split(",") if p and not p.lstrip("-").isdigit()]
        if bad:
            raise ValueError(f"STAFF_IDS must be numeric Telegram user ids, not {', '.join(bad)}")
        return v

    @property
    def staff_id_set(self) -> frozenset[int]:
        return frozenset(int(p) for p in self.staff_ids.replace(" ", "").split(",") if p)

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL; the default is a SQLite file in DATA_DIR."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'sportello.db').resolve()}"

"""All settings of the product: the knowledge base's plus the bot's."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator

from bot.office_hours import DEFAULT_HOLIDAYS, OfficeHours
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
    webhook_url: str = Field(default="", description="Public HTTPS URL; empty = long polling")
    webhook_secret: SecretStr | None = Field(default=None, description="Webhook secret token")
    webhook_listen: str = Field(default="127.0.0.1", description="Webhook server address")
    webhook_port: int = Field(default=8443, description="Webhook server port")
    questions_per_minute: int = Field(default=10, ge=1, description="Per-user rate limit")
    max_message_chars: int = Field(default=1500, ge=100, description="Longer messages are cut")
    context_turns: int = Field(default=4, ge=0, le=20, description="Turns kept for follow-ups")
    context_ttl_minutes: int = Field(default=60, ge=1, description="Context forgotten after")
    retention_days: int = Field(default=180, ge=1, description="Days question texts are kept")
    advisor_contact: str = Field(
        default="lo sportello internazionalizzazione della tua Camera di commercio",
        description="Where users reach a person while escalation is not configured",
    )
    office_hours: str = Field(default="09:00-18:00", description="Advisors' hours, Europe/Rome")
    office_days: str = Field(default="mon-fri", description="Advisors' working days")
    holidays: str = Field(default=DEFAULT_HOLIDAYS, description="MM-DD, YYYY-MM-DD, easter-monday")
    advisor_signature: str = Field(
        default="first_name", description="'first_name' of the advisor, or a fixed team name"
    )
    reminder_unclaimed_minutes: float = Field(default=30, gt=0, description="Raise unclaimed")
    reminder_unanswered_minutes: float = Field(default=120, gt=0, description="Remind assignee")
    reminder_check_seconds: float = Field(default=60.0, gt=0, description="Reminder job period")
    metrics_host: str = Field(default="127.0.0.1", description="/healthz and /metrics address")
    metrics_port: int = Field(default=0, ge=0, le=65535, description="0 = off")
    log_format: Literal["text", "json"] = Field(default="text", description="Log line format")
    staff_chat_id: int | None = Field(
        default=None, description="Staff group: its members are staff; reports go there"
    )
    refresh_interval_hours: float = Field(default=24, gt=0, description="Web sources refresh")
    expiry_warning_days: int = Field(default=7, ge=0, description="Warn before valid_until")
    digest_weekday: str = Field(default="mon", description="Weekly digest day; empty = off")
    digest_time: str = Field(default="08:30", description="Weekly digest time, Europe/Rome")

    @field_validator("telegram_bot_token")
    @classmethod
    def _no_placeholder_token(cls, v: SecretStr | None) -> SecretStr | None:
        return refuse_placeholder(v, "TELEGRAM_BOT_TOKEN")

    @field_validator("webhook_secret")
    @classmethod
    def _no_placeholder_webhook_secret(cls, v: SecretStr | None) -> SecretStr | None:
        checked = refuse_placeholder(v, "WEBHOOK_SECRET")
        if checked is not None:
            raw = checked.get_secret_value()
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", raw):
                raise ValueError("WEBHOOK_SECRET: use 1-256 characters among A-Z a-z 0-9 _ -")
        return checked

    @field_validator("staff_ids")
    @classmethod
    def _staff_ids(cls, v: str) -> str:
        bad = [p for p in v.replace(" ", "").split(",") if p and not p.lstrip("-").isdigit()]
        if bad:
            raise ValueError(f"STAFF_IDS must be numeric Telegram user ids, not {', '.join(bad)}")
        return v

    @field_validator("office_hours", "office_days", "holidays")
    @classmethod
    def _office_fields(cls, v: str) -> str:
        return v.strip()

    @model_validator(mode="after")
    def _office_parses(self) -> Settings:
        try:
            OfficeHours.parse(self.office_hours, self.office_days, self.holidays)
        except ValueError as exc:
            raise ValueError(
                f"OFFICE_HOURS/OFFICE_DAYS: use forms like 09:00-18:00 and mon-fri ({exc})"
            ) from exc
        return self

    @property
    def office(self) -> OfficeHours:
        """The advisors' office hours."""
        return OfficeHours.parse(self.office_hours, self.office_days, self.holidays)

    @property
    def staff_id_set(self) -> frozenset[int]:
        return frozenset(int(p) for p in self.staff_ids.replace(" ", "").split(",") if p)

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL; the default is a SQLite file in DATA_DIR."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'sportello.db').resolve()}"

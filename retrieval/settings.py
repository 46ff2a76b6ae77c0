"""Every setting in one place, read from `HANDOFF_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HANDOFF_", extra="ignore")

    # -- records and index (retrieval) --
    data_dir: Path = Field(default_factory=lambda: Path(user_data_dir("handoff", appauthor=False)))
    # sqlite:///path or postgresql+psycopg://user:pass@host/db; unset means SQLite under data_dir.
    database_url: SecretStr | None = None
    default_dealer: str = "default"
    phone_region: str = "US"
    embedder: Literal["wordllama", "openai"] = "wordllama"
    openai_embedding_model: str = "text-embedding-3-small"
    # host:port of a `chroma run` server; unset means Chroma embedded under data_dir.
    chroma_server: str | None = None
    # Longer messages are stored cut to this length, with a note (the brief's work per message stays bounded).
    max_message_chars: int = Field(default=50_000, ge=1_000)
    # -- briefs (agent) --
    engine: Literal["offline", "openai", "auto"] = "offline"
    llm_model: str = "gpt-4o-mini"
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "HANDOFF_OPENAI_API_KEY"))
    llm_base_url: str | None = None
    llm_timeout: float = Field(default=30.0, gt=0)
    llm_retries: int = Field(default=2, ge=0, le=10)
    prompt_token_budget: int = Field(default=6000, ge=1000)
    tokenizer: Literal["o200k_base", "cl100k_base"] = "o200k_base"
    # -- serving (api) --
    max_body_bytes: int = Field(default=1_000_000, ge=1_000)
    workers: int = Field(default=1, ge=1, le=64)
    # Requests per key ("20/second", "600/minute"); empty for no limit.
    rate_limit: str | None = "50/second"
    # Seconds a request waits for brief work before it gets 503 (the work itself is bounded by message length).
    brief_timeout: float = Field(default=30.0, gt=0)

    @field_validator("rate_limit")
    @classmethod
    def _rate(cls, value: str | None) -> str | None:
        if not value:
            return None
        from limits import parse

        try:
            parse(value)
        except ValueError:
            raise ValueError("HANDOFF_RATE_LIMIT must look like 20/second or 600/minute") from None
        return value

    @property
    def shared_storage(self) -> bool:
        """True when several processes can share the store: Chroma embedded is not process-safe."""
        return bool(self.chroma_server)

    def database(self) -> str | None:
        return self.database_url.get_secret_value() if self.database_url else None

    @field_validator("chroma_server")
    @classmethod
    def _host_port(cls, value: str | None) -> str | None:
        if value and not value.rsplit(":", 1)[-1].isdigit():
            raise ValueError("HANDOFF_CHROMA_SERVER must look like host:port, e.g. 127.0.0.1:8001")
        return value or None


@lru_cache
def get_settings() -> Settings:
    return Settings()

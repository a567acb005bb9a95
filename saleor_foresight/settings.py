"""Settings, read from ``FORESIGHT_*`` environment variables.

Two shapes of deployment:

* **embedded** (no ``FORESIGHT_DATABASE_URL``): a SQLite file and a media folder
  under ``FORESIGHT_DATA_DIR``; an encryption key is generated into that folder
  on first start; Saleors on loopback may install the app.
* **production** (``FORESIGHT_DATABASE_URL`` set): every secret must be given,
  and no Saleor may install until ``FORESIGHT_ALLOWED_SALEOR_URLS`` says which.

``load_settings()`` turns every validation failure into a ``ConfigurationError``
whose message names the variable and the reason.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Annotated

from cryptography.fernet import Fernet, MultiFernet
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .errors import ConfigurationError

ENV_PREFIX = "FORESIGHT_"

# A Saleor on this machine, as a developer runs it next to the embedded default.
LOOPBACK_SALEOR_PATTERN = r"https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?/graphql/"

PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "placeholder"})


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    data_dir: Path = Path("foresight-data")
    database_url: str | None = None
    media_dir: Path | None = None
    public_url: str | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    allowed_saleor_urls: str | None = None
    encryption_keys: Annotated[tuple[str, ...], NoDecode] = ()
    saleor_timeout: float = Field(default=10.0, gt=0, le=120)
    saleor_attempts: int = Field(default=4, ge=1, le=10)
    saleor_backoff: float = Field(default=0.5, ge=0, le=60)
    jwks_refetch_interval: float = Field(default=60.0, ge=0)
    trusted_proxy_header: str | None = None
    homepage_url: str | None = None
    support_url: str | None = None
    log_level: str = "INFO"

    @field_validator("encryption_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(k.strip() for k in value.split(",") if k.strip())
        return value

    @field_validator("encryption_keys")
    @classmethod
    def _check_keys(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for key in value:
            if key.lower() in PLACEHOLDER_SECRETS:
                raise ValueError("a placeholder is not a key; generate one (see README)")
            try:
                Fernet(key.encode())
            except (ValueError, TypeError) as exc:
                raise ValueError(
                    "each key must be 32 url-safe base64-encoded bytes (a Fernet key)"
                ) from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not value.startswith(("postgresql", "sqlite")):
            raise ValueError("must be a postgresql:// (or sqlite://) SQLAlchemy URL")
        return value

    @field_validator("allowed_saleor_urls")
    @classmethod
    def _check_pattern(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value

    @field_validator("homepage_url", "support_url")
    @classmethod
    def _check_link(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s]*)?", value):
            raise ValueError("must be an absolute http(s) URL")
        return value

    @field_validator("public_url")
    @classmethod
    def _check_public_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
            raise ValueError(
                "must be an absolute http(s) URL such as https://foresight.example.com"
            )
        return value.rstrip("/")

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @model_validator(mode="after")
    def _production_needs_secrets(self) -> Settings:
        if not self.embedded and not self.encryption_keys:
            raise ValueError(
                "FORESIGHT_ENCRYPTION_KEYS: required when FORESIGHT_DATABASE_URL is set "
                "(the embedded default generates one; production must keep its own)"
            )
        return self

    @property
    def embedded(self) -> bool:
        """True when running on the embedded SQLite default."""
        return self.database_url is None

    @property
    def sqlalchemy_url(self) -> str:
        """The async SQLAlchemy URL for the configured database."""
        if self.database_url is None:
            return f"sqlite+aiosqlite:///{(self.data_dir / 'foresight.sqlite3').resolve()}"
        return to_async_url(self.database_url)

    @property
    def media_root(self) -> Path:
        return self.media_dir if self.media_dir is not None else self.data_dir / "media"

    @property
    def base_url(self) -> str:
        """The address Saleor and browsers reach Foresight at."""
        if self.public_url is not None:
            return self.public_url
        return f"http://{self.host}:{self.port}"

    @property
    def saleor_url_pattern(self) -> re.Pattern[str] | None:
        """Which Saleor API URLs may install; ``None`` allows none."""
        if self.allowed_saleor_urls is not None:
            return re.compile(self.allowed_saleor_urls) if self.allowed_saleor_urls else None
        return re.compile(LOOPBACK_SALEOR_PATTERN) if self.embedded else None

    def saleor_url_allowed(self, api_url: str) -> bool:
        pattern = self.saleor_url_pattern
        return pattern is not None and pattern.fullmatch(api_url) is not None

    @cached_property
    def cipher(self) -> MultiFernet:
        """Encrypts with the first key, decrypts with any (key rotation)."""
        keys = self.encryption_keys or (self._embedded_key(),)
        return MultiFernet([Fernet(k.encode()) for k in keys])

    def _embedded_key(self) -> str:
        path = self.data_dir / "encryption.key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(Fernet.generate_key().decode())
            path.chmod(0o600)
        return path.read_text().strip()


def to_async_url(url: str) -> str:
    """Name the async driver SQLAlchemy should use for a plain database URL."""
    for plain, driver in (
        ("postgresql://", "postgresql+psycopg://"),
        ("postgres://", "postgresql+psycopg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    return url


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, or raise a ConfigurationError naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"])
            name = f"{ENV_PREFIX}{field.upper()}" if field else "settings"
            reason = str(error["msg"]).removeprefix("Value error, ")
            problems.append(reason if reason.startswith(ENV_PREFIX) else f"{name}: {reason}")
        raise ConfigurationError("; ".join(problems)) from None


def new_encryption_key() -> str:
    """A fresh key for FORESIGHT_ENCRYPTION_KEYS."""
    return Fernet.generate_key().decode()

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

import contextlib
import os
import re
import secrets
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from cryptography.fernet import Fernet, MultiFernet
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .client_address import Network, parse_networks
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
    port: int = Field(default=8700, ge=1, le=65535)  # not 8000: Saleor's own
    workers: int = Field(default=1, ge=1, le=64)
    # how uvicorn treats clients (saleor_foresight/server.py): slow or idle ones are dropped
    http_header_timeout: float = Field(default=10.0, gt=0, le=300)
    http_keep_alive_timeout: int = Field(default=5, ge=1, le=300)
    http_max_header_bytes: int = Field(default=16 * 1024, ge=4096, le=1024 * 1024)
    http_limit_concurrency: int = Field(default=200, ge=1)
    http_graceful_shutdown_timeout: int = Field(default=30, ge=0, le=3600)
    allowed_saleor_urls: str | None = None
    encryption_keys: Annotated[tuple[str, ...], NoDecode] = ()
    saleor_timeout: float = Field(default=10.0, gt=0, le=120)
    saleor_attempts: int = Field(default=4, ge=1, le=10)
    saleor_backoff: float = Field(default=0.5, ge=0, le=60)
    jwks_refetch_interval: float = Field(default=60.0, ge=0)
    trusted_proxy_header: str | None = None
    # the proxies whose ``trusted_proxy_header`` is believed (addresses or CIDR networks)
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()
    run_worker: bool = True
    checkout_cache_ttl: float = Field(default=600, ge=0, le=86400)
    # after an install, bring in the orders placed this many days before it (0: none)
    backfill_days: int = Field(default=90, ge=0, le=3650)
    backfill_page_size: int = Field(default=50, ge=1, le=100)  # Saleor gives 100 at most
    strict_acceptance_channels: Annotated[tuple[str, ...], NoDecode] = ()
    # deployment-wide CORS origins, for every installation; each adds its own (plugin/origins.py)
    storefront_origins: Annotated[tuple[str, ...], NoDecode] = ()
    secret_key: str | None = None
    storage: Literal["local", "s3"] | None = None
    s3_bucket: str | None = None
    s3_region: str | None = None
    s3_endpoint_url: str | None = None
    s3_addressing_style: Literal["auto", "path", "virtual"] = "auto"
    s3_server_side_encryption: Literal["AES256", "aws:kms"] | None = None
    s3_kms_key_id: str | None = None
    s3_key_prefix: str = ""
    s3_object_lock_days: int = Field(default=0, ge=0, le=36500)
    upload_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1024, le=1024 * 1024 * 1024)
    upload_ticket_ttl: int = Field(default=900, ge=30, le=7 * 24 * 3600)
    download_url_ttl: int = Field(default=300, ge=10, le=7 * 24 * 3600)
    # photos decoded at once per process (confirms and claim photos); a 12 MP photo takes
    # about 50 MiB while it is checked, so this bounds the memory a burst of confirms takes
    image_decode_concurrency: int = Field(default=2, ge=1)
    # the memory one photo's check may take (photos/images.decoded_bytes); claim photos,
    # which anyone holding an order ID and its email can send, get the lower bound
    image_max_decoded_bytes: int = Field(default=384 * 1024 * 1024, ge=32 * 1024 * 1024)
    claim_photo_max_decoded_bytes: int = Field(default=64 * 1024 * 1024, ge=32 * 1024 * 1024)
    # database connections per process (runtime.py): the request pool serves GraphQL,
    # pages and uploads; a reserved pool serves Saleor's webhook deliveries and the job
    # worker, so a storefront burst never starves them; a request waits at most
    # db_pool_timeout seconds for its turn or a connection, then is answered 503
    db_pool_size: int = Field(default=5, ge=1, le=1000)
    db_max_overflow: int = Field(default=10, ge=0, le=1000)
    db_pool_timeout: float = Field(default=5.0, gt=0, le=60)
    db_webhook_pool_size: int = Field(default=5, ge=1, le=100)
    # GraphQL requests each process runs at once (default: pool size + overflow); the rest
    # wait their turn, holding neither CPU nor connection, at most graphql_queue_timeout s
    graphql_concurrency: int | None = Field(default=None, ge=1, le=10000)
    graphql_queue_timeout: float = Field(default=10.0, gt=0, le=60)
    homepage_url: str | None = None
    support_url: str | None = None
    log_level: str = "INFO"

    @field_validator(
        "encryption_keys",
        "strict_acceptance_channels",
        "storefront_origins",
        "trusted_proxies",
        mode="before",
    )
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

    @field_validator("storefront_origins")
    @classmethod
    def _check_origins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for origin in value:
            if not re.fullmatch(r"https?://[^\s/?#]+", origin):
                raise ValueError(f"{origin!r} is not an origin such as https://shop.example.com")
        return tuple(origin.lower() for origin in value)

    @field_validator("trusted_proxies")
    @classmethod
    def _check_proxies(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(str(network) for network in parse_networks(value))

    @field_validator("secret_key")
    @classmethod
    def _check_secret_key(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value.lower() in PLACEHOLDER_SECRETS or len(value) < 32:
            raise ValueError("must be a random string of at least 32 characters")
        return value

    @model_validator(mode="after")
    def _production_needs_secrets(self) -> Settings:
        if not self.embedded and not self.encryption_keys:
            raise ValueError(
                "FORESIGHT_ENCRYPTION_KEYS: required when FORESIGHT_DATABASE_URL is set "
                "(the embedded default generates one; production must keep its own)"
            )
        if not self.embedded and self.secret_key is None:
            raise ValueError(
                "FORESIGHT_SECRET_KEY: required when FORESIGHT_DATABASE_URL is set "
                "(it signs upload forms and download links; the embedded default generates one)"
            )
        if self.storage == "s3" and not self.s3_bucket:
            raise ValueError("FORESIGHT_S3_BUCKET: required when FORESIGHT_STORAGE is s3")
        return self

    @property
    def graphql_slots(self) -> int:
        """How many GraphQL requests a process runs at once."""
        if self.graphql_concurrency is not None:
            return self.graphql_concurrency
        return self.db_pool_size + self.db_max_overflow

    def strict_acceptance(self, channel: str) -> bool:
        """Whether orders of ``channel`` are confirmed only once acceptance is complete."""
        channels = self.strict_acceptance_channels
        return "*" in channels or channel in channels

    @property
    def storage_backend(self) -> Literal["local", "s3"]:
        """S3 when a bucket is configured (or asked for), else the local media folder."""
        if self.storage is not None:
            return self.storage
        return "s3" if self.s3_bucket else "local"

    @cached_property
    def signing_key(self) -> bytes:
        """The HMAC key for upload forms and download links of the local storage."""
        if self.secret_key is not None:
            return self.secret_key.encode()
        return self._embedded_secret("secret.key", lambda: secrets.token_urlsafe(48)).encode()

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
    def trusted_proxy_networks(self) -> tuple[Network, ...]:
        return parse_networks(self.trusted_proxies)

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
        return self._embedded_secret("encryption.key", lambda: Fernet.generate_key().decode())

    def _embedded_secret(self, name: str, generate: Callable[[], str]) -> str:
        """A secret generated into the data folder on first use (embedded default only)."""
        path = self.data_dir / name
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):  # another worker wrote it first
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as file:
                    file.write(generate())
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

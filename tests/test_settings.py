"""Settings: the embedded default works with nothing set; a bad setting names its variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from saleor_foresight.errors import ConfigurationError
from saleor_foresight.settings import load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("FORESIGHT_"):
            monkeypatch.delenv(name)


def test_embedded_default_uses_sqlite_and_media_under_one_folder(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)

    assert settings.embedded
    assert settings.sqlalchemy_url == f"sqlite+aiosqlite:///{tmp_path.resolve()}/foresight.sqlite3"
    assert settings.media_root == tmp_path / "media"
    assert settings.base_url == "http://127.0.0.1:8700"


def test_embedded_default_generates_and_keeps_its_encryption_key(tmp_path: Path) -> None:
    ciphertext = load_settings(data_dir=tmp_path).cipher.encrypt(b"token")

    # a second start reads the same key back
    assert load_settings(data_dir=tmp_path).cipher.decrypt(ciphertext) == b"token"
    assert (tmp_path / "encryption.key").stat().st_mode & 0o077 == 0


def test_embedded_default_allows_a_saleor_on_loopback_only(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)

    assert settings.saleor_url_allowed("http://localhost:8000/graphql/")
    assert settings.saleor_url_allowed("http://127.0.0.1:8000/graphql/")
    assert not settings.saleor_url_allowed("https://shop.example.com/graphql/")
    assert not settings.saleor_url_allowed("http://127.0.0.1.evil.com/graphql/")


def production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORESIGHT_DATABASE_URL", "postgresql://db/foresight")
    monkeypatch.setenv("FORESIGHT_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv("FORESIGHT_SECRET_KEY", "k" * 40)


def test_production_allows_no_saleor_until_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    production(monkeypatch)

    settings = load_settings()

    assert not settings.embedded
    assert settings.sqlalchemy_url == "postgresql+psycopg://db/foresight"
    assert not settings.saleor_url_allowed("http://localhost:8000/graphql/")


def test_allowed_saleor_urls_must_match_the_whole_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORESIGHT_ALLOWED_SALEOR_URLS", r"https://shop\.example\.com/graphql/")

    settings = load_settings()

    assert settings.saleor_url_allowed("https://shop.example.com/graphql/")
    assert not settings.saleor_url_allowed("https://shop.example.com/graphql/x")
    assert not settings.saleor_url_allowed("https://evil.com/?https://shop.example.com/graphql/")


def test_rotation_decrypts_with_an_old_key_and_encrypts_with_the_new() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    ciphertext = load_settings(encryption_keys=old).cipher.encrypt(b"token")

    rotated = load_settings(encryption_keys=f"{new},{old}").cipher

    assert rotated.decrypt(ciphertext) == b"token"
    assert Fernet(new.encode()).decrypt(rotated.rotate(ciphertext)) == b"token"


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("FORESIGHT_PORT", "eighty", "FORESIGHT_PORT"),
        ("FORESIGHT_PORT", "70000", "FORESIGHT_PORT"),
        ("FORESIGHT_DATABASE_URL", "mysql://db/x", "FORESIGHT_DATABASE_URL: must be a postgresql"),
        (
            "FORESIGHT_ALLOWED_SALEOR_URLS",
            "https://(",
            "FORESIGHT_ALLOWED_SALEOR_URLS: not a valid",
        ),
        (
            "FORESIGHT_PUBLIC_URL",
            "foresight.example.com",
            "FORESIGHT_PUBLIC_URL: must be an absolute",
        ),
        ("FORESIGHT_ENCRYPTION_KEYS", "change-me", "FORESIGHT_ENCRYPTION_KEYS: a placeholder"),
        ("FORESIGHT_ENCRYPTION_KEYS", "short", "FORESIGHT_ENCRYPTION_KEYS: each key must be"),
        ("FORESIGHT_LOG_LEVEL", "LOUD", "FORESIGHT_LOG_LEVEL: must be DEBUG"),
    ],
)
def test_a_bad_setting_names_the_variable_and_the_reason(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, reason: str
) -> None:
    monkeypatch.setenv(variable, value)

    with pytest.raises(ConfigurationError) as raised:
        load_settings()

    assert reason in str(raised.value)


def test_production_without_an_encryption_key_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORESIGHT_DATABASE_URL", "postgresql://db/foresight")

    with pytest.raises(ConfigurationError, match="FORESIGHT_ENCRYPTION_KEYS: required"):
        load_settings()


def test_production_without_a_secret_key_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    production(monkeypatch)
    monkeypatch.delenv("FORESIGHT_SECRET_KEY")

    with pytest.raises(ConfigurationError, match="FORESIGHT_SECRET_KEY: required"):
        load_settings()


def test_embedded_default_generates_and_keeps_its_signing_key(tmp_path: Path) -> None:
    first = load_settings(data_dir=tmp_path).signing_key

    assert len(first) >= 32
    assert load_settings(data_dir=tmp_path).signing_key == first


def test_storage_is_local_unless_a_bucket_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().storage_backend == "local"
    monkeypatch.setenv("FORESIGHT_S3_BUCKET", "evidence")
    assert load_settings().storage_backend == "s3"


def test_s3_storage_without_a_bucket_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORESIGHT_STORAGE", "s3")

    with pytest.raises(ConfigurationError, match="FORESIGHT_S3_BUCKET: required"):
        load_settings()

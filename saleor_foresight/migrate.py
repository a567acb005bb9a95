"""Bring a database to the newest schema with Alembic, from code (no alembic.ini needed)."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory


def alembic_config(url: str, connection: Any = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("saleor_foresight") / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()

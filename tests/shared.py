"""Saleor 3.23.28 as the tests know it: its schema (BSD-3-Clause, licence beside it) and the
deliveries recorded from a real instance, carried in ``tests/saleor/``, and loaders for them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
SALEOR_DIR = Path(__file__).resolve().parent / "saleor"
SCHEMA_PATH = SALEOR_DIR / "schema.graphql"
VECTORS_DIR = SALEOR_DIR / "vectors"


def load_vector(name: str) -> Any:
    return json.loads((VECTORS_DIR / name).read_text())


def webhook_vector_names() -> list[str]:
    return sorted(p.name for p in VECTORS_DIR.glob("webhook-*.json"))


@cache
def saleor_schema_sdl() -> str:
    return SCHEMA_PATH.read_text()

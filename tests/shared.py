"""Where the read-only ``shared/`` folder lies beside the project, and loaders for it."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = Path(os.environ.get("FORESIGHT_SHARED_DIR", REPO_ROOT.parent / "shared"))
SCHEMA_PATH = SHARED_DIR / "saleor" / "schema.graphql"
VECTORS_DIR = SHARED_DIR / "saleor" / "vectors"


def load_vector(name: str) -> Any:
    return json.loads((VECTORS_DIR / name).read_text())


def webhook_vector_names() -> list[str]:
    return sorted(p.name for p in VECTORS_DIR.glob("webhook-*.json"))


@cache
def saleor_schema_sdl() -> str:
    return SCHEMA_PATH.read_text()

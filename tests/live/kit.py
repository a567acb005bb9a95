"""The real-Saleor kit (``../shared/real-saleor``), as the live suite talks to it.

The kit's ``setup.sh`` starts a real Saleor 3.23.28, the Dummy Pay app and the Saleor Dashboard on
loopback and writes a ready file (shell ``KEY=value`` lines). This module finds that file, talks
to Saleor's GraphQL API as staff, and runs the kit's own helpers (Dummy Pay's CLI) as
subprocesses, the way a shop's staff and payment app would.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

KIT_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "real-saleor"


def kit_home() -> Path:
    """The kit's work dir, found as its scripts find it."""
    return Path(os.environ.get("REAL_SALEOR_HOME") or Path(tempfile.gettempdir()) / "real-saleor")


def read_ready() -> dict[str, str] | None:
    """The ready file's settings, or None when no kit is up."""
    ready = Path(os.environ.get("READY_FILE") or kit_home() / "ready")
    if not ready.is_file():
        return None
    values: dict[str, str] = {}
    for line in ready.read_text().splitlines():
        line = line.strip()
        if line.startswith("export "):
            line = line[len("export ") :]
        key, sep, value = line.partition("=")
        if sep and key.isidentifier():
            parsed = shlex.split(value)
            values[key] = parsed[0] if parsed else ""
    return values


class SaleorRefused(AssertionError):
    pass


@dataclass
class Kit:
    """A running kit: its Saleor's API URL, its Dashboard's and a staff member's token."""

    api_url: str
    staff_email: str
    staff_password: str
    dashboard_url: str = ""
    _token: str | None = None

    @property
    def staff_token(self) -> str:
        if self._token is None:
            data = self.gql(
                "mutation($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) "
                "{ token errors { code message } } }",
                {"e": self.staff_email, "p": self.staff_password},
                token=None,
            )["tokenCreate"]
            if data["errors"]:
                raise SaleorRefused(data["errors"])
            self._token = str(data["token"])
        return self._token

    def gql(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = ""
    ) -> dict[str, Any]:
        """Run a document on Saleor (as staff unless ``token`` is given; None: anonymous)."""
        bearer = self.staff_token if token == "" else token
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        response = httpx.post(
            self.api_url,
            json={"query": query, "variables": variables or {}},
            headers=headers,
            timeout=120,
        )
        body = response.json()
        if body.get("errors"):
            raise SaleorRefused(json.dumps(body["errors"], indent=1))
        data: dict[str, Any] = body["data"]
        return data

    def mutate(
        self, name: str, query: str, variables: dict[str, Any] | None = None, **kw: Any
    ) -> dict[str, Any]:
        """A mutation whose payload must carry no errors; returns the payload."""
        payload: dict[str, Any] = self.gql(query, variables, **kw)[name]
        if payload.get("errors"):
            raise SaleorRefused(f"{name}: {payload['errors']}")
        return payload

    def dummy_pay(self, *args: str) -> dict[str, Any]:
        """Run Dummy Pay's CLI (``pay``, ``refund``, ``status``); its JSON answer."""
        done = subprocess.run(  # noqa: S603 (the kit's own helper, fixed arguments)
            [sys.executable, str(KIT_DIR / "dummy_pay.py"), *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        if done.returncode != 0:
            raise SaleorRefused(f"dummy_pay {args[0]}: {done.stderr[-2000:]}")
        answer: dict[str, Any] = json.loads(done.stdout)
        return answer


def connect() -> Kit | None:
    """The running kit, or None."""
    ready = read_ready()
    if ready is None or not ready.get("SALEOR_API_URL"):
        return None
    kit = Kit(
        api_url=ready["SALEOR_API_URL"],
        staff_email=ready.get("SALEOR_STAFF_EMAIL") or "admin@example.com",
        staff_password=ready.get("SALEOR_STAFF_PASSWORD") or "admin",
        dashboard_url=ready.get("DASHBOARD_URL", ""),
    )
    try:
        kit.gql("{ shop { name } }", token=None)
    except (httpx.HTTPError, ValueError, SaleorRefused):
        return None
    return kit

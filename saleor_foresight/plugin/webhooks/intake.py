"""Webhook intake: prove the sender, take each delivery once, record it and its effect together.

Order of steps, each a refusal before any write:
1. the ``Saleor-Api-Url`` names an active installation (else UnknownInstallation → 401);
   only a webhook taken ``after_removal`` (APP_DELETED) may name a removed one: it is
   verified and checked like the others, then answered ``ALREADY_REMOVED`` with no effect;
2. ``Saleor-Signature`` verifies against that installation's JWKS (else SignatureError → 401).
   Only a delivery that passes step 3 may make us refetch the JWKS for a key id we do not
   hold (``plugin/keys.py``); one that finds this interval's refetch already spent is
   answered 503 (KeyRefetchPending), so Saleor retries it once the keys can be refetched;
3. the event is one we subscribe to, on its own route, and the body is a JSON object that
   is ours: of the route's event type, built for our app, with its ``issuedAt``
   (``binding.py``; else WebhookError → 400, final for Saleor).
Then one transaction stores the delivery (unique on installation, event and
body hash: a repeat is answered as a duplicate with no second effect) and runs
the handler. A handler that finds the snapshot lacking what it needs raises WebhookError
before it writes (400, nothing stored); any other failure rolls everything back and
propagates, so the HTTP edge answers 5xx and Saleor retries.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ... import bodies
from ...errors import UnknownInstallation, WebhookError
from ...settings import Settings
from .. import installations
from ..keys import KeyStore
from ..models import Installation, WebhookDelivery
from ..signature import verify_webhook_signature
from . import BY_EVENT
from .base import Delivery, Webhook
from .binding import issued_at_of

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 2 * 1024 * 1024


class Outcome(StrEnum):
    TAKEN = "TAKEN"
    DUPLICATE = "DUPLICATE"
    ALREADY_REMOVED = "ALREADY_REMOVED"


class _Duplicate(Exception):
    pass


class Intake:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        keys: KeyStore,
        settings: Settings,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._keys = keys
        self._settings = settings

    async def take(self, route_event: str, headers: Mapping[str, str], body: bytes) -> Outcome:
        installation = await self._installation(route_event, headers.get("saleor-api-url", ""))

        def ours() -> tuple[Webhook, dict[str, Any], datetime]:
            webhook = BY_EVENT.get(route_event.upper())
            header_event = headers.get("saleor-event", "").upper()
            if webhook is None or header_event != webhook.event:
                raise WebhookError(f"not an event this app subscribes to: {header_event or '-'}")
            payload = _payload(body)
            return webhook, payload, issued_at_of(webhook, installation, payload)

        signature = headers.get("saleor-signature", "")
        await self._keys.verify(
            installation,
            lambda jwks: verify_webhook_signature(signature, body, jwks),
            before_refetch=ours,
        )
        webhook, payload, issued_at = ours()
        delivery = Delivery(
            id=uuid.uuid4(), event=webhook.event, payload=payload, issued_at=issued_at
        )
        if not installation.active:
            outcome = await self._after_removal(installation, webhook, delivery)
            if outcome is not None:
                return outcome
            # installed again meanwhile: an ordinary delivery
        try:
            async with self._sessionmaker.begin() as session:
                await self._record(session, installation.id, delivery, body)
                current = await session.get(Installation, installation.id)
                assert current is not None
                await webhook.handler(session, current, delivery, self._settings)
        except _Duplicate:
            logger.info("duplicate %s delivery ignored", delivery.event)
            return Outcome.DUPLICATE
        except WebhookError as exc:
            logger.warning("%s delivery %s refused: %s", delivery.event, delivery.id, exc)
            raise
        except Exception:
            logger.exception("processing %s delivery %s failed", delivery.event, delivery.id)
            raise
        return Outcome.TAKEN

    async def _installation(self, route_event: str, api_url: str) -> Installation:
        async with self._sessionmaker() as session:
            found = await installations.find(session, api_url)
        webhook = BY_EVENT.get(route_event.upper())
        if found is not None and not found.active and webhook and webhook.after_removal:
            return found
        if found is None or not found.active:
            raise UnknownInstallation(f"no active installation for {api_url}")
        return found

    async def _after_removal(
        self, installation: Installation, webhook: Webhook, delivery: Delivery
    ) -> Outcome | None:
        """A verified delivery of ours for a removed installation: the handler checks it
        (and changes nothing, the installation being removed already); nothing is recorded.
        None when the installation is active again (installed meanwhile)."""
        try:
            async with self._sessionmaker.begin() as session:
                current = await session.get(Installation, installation.id, with_for_update=True)
                assert current is not None
                if current.active:
                    return None
                await webhook.handler(session, current, delivery, self._settings)
        except WebhookError as exc:
            logger.warning("%s delivery %s refused: %s", delivery.event, delivery.id, exc)
            raise
        logger.info("%s for a removed installation answered with no effect", delivery.event)
        return Outcome.ALREADY_REMOVED

    async def _record(
        self, session: AsyncSession, installation_id: uuid.UUID, delivery: Delivery, body: bytes
    ) -> None:
        body_hash = hashlib.sha256(body).hexdigest()
        seen = await session.scalar(
            select(WebhookDelivery.id).where(
                WebhookDelivery.installation_id == installation_id,
                WebhookDelivery.event == delivery.event,
                WebhookDelivery.body_sha256 == body_hash,
            )
        )
        if seen is not None:
            raise _Duplicate
        session.add(
            WebhookDelivery(
                id=delivery.id,
                installation_id=installation_id,
                event=delivery.event,
                body_sha256=body_hash,
                issued_at=delivery.issued_at,
                payload=delivery.payload,
            )
        )
        try:
            await session.flush()
        except IntegrityError:
            # A twin of this delivery committed between our check and our insert.
            raise _Duplicate from None


def _payload(body: bytes) -> dict[str, Any]:
    if len(body) > MAX_BODY_BYTES:
        raise WebhookError("body too large")
    try:
        payload = bodies.loads(body)
    except bodies.NotJson as exc:
        raise WebhookError(str(exc)) from None
    if not isinstance(payload, dict):
        raise WebhookError("body is not a JSON object")
    return payload

"""Keep every installation's webhooks in step with the manifest.

Saleor keeps the subscription query each webhook was created with at installation, so a
release that changes a query in ``WEBHOOKS`` would reach existing installations only when they
reinstall. Instead, each start of the app schedules one ``plugin.webhook_sync`` job per active
installation and manifest version (dedupe key ``webhook-sync:<digest of the manifest's
webhooks>``), so it runs once per release and installation, with the queue's retries.

The job reads the app's own webhooks (``AppWebhooks``) and, for each of ours whose query
differs from the manifest's, replaces the query (``WebhookUpdate``; nothing else changes).
Queries are compared parsed and printed, so whitespace, commas and comments do not count; a
second run finds nothing to change. Ours means: named as the manifest names it and subscribed
to the same event. Any other webhook is left alone; one of ours that Saleor lacks is reported,
not created (reinstalling the app creates it).

A run that leaves every webhook of the manifest in step marks the installation bound
(``Installation.webhooks_bound``): its queries select ``recipient``, so from then on intake
refuses a delivery without one (``webhooks/binding.py``).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError, parse, print_ast
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..jobs.models import Job
from ..jobs.queue import Handler, enqueue
from . import installations
from .models import Installation, InstallationStatus
from .saleor_client import SaleorClient
from .saleor_types import SaleorWebhook
from .webhooks import WEBHOOKS, Webhook

logger = logging.getLogger(__name__)

WEBHOOK_SYNC = "plugin.webhook_sync"


def normalise(query: str) -> str:
    """A query as GraphQL reads it: layout, commas and comments do not count."""
    try:
        return print_ast(parse(query))
    except GraphQLError:
        return " ".join(query.split())


def manifest_digest(webhooks: Iterable[Webhook] = WEBHOOKS) -> str:
    """Changes when a webhook of the manifest is added, removed, renamed or its query changes."""
    parts = sorted(f"{w.name}\x1f{w.event}\x1f{normalise(w.subscription)}" for w in webhooks)
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


def dedupe_key(digest: str) -> str:
    return f"webhook-sync:{digest}"


@dataclass(frozen=True)
class SyncReport:
    """What one run found, by webhook name."""

    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()  # our name, other events: left alone
    missing: tuple[str, ...] = ()  # in the manifest, not in Saleor

    @property
    def complete(self) -> bool:
        """Every webhook of the manifest is in Saleor with the manifest's query."""
        return not self.skipped and not self.missing


async def sync_webhooks(client: SaleorClient, webhooks: Sequence[Webhook] = WEBHOOKS) -> SyncReport:
    """Bring the subscription queries of our webhooks in this Saleor in step with ``webhooks``."""
    wanted = {w.name: w for w in webhooks}
    held = await client.app_webhooks()
    updated: list[str] = []
    unchanged: list[str] = []
    skipped: list[str] = []
    for webhook in held:
        ours = wanted.get(webhook.name)
        if ours is None:
            continue  # not a webhook of our manifest
        if not _same_events(webhook, ours):
            skipped.append(webhook.name)
            logger.warning(
                "webhook %s (%s) in %s is subscribed to %s, not %s: left unchanged",
                webhook.name, webhook.id, client.api_url,
                sorted(webhook.async_events | webhook.sync_events), ours.event,
            )  # fmt: skip
            continue
        if normalise(webhook.subscription_query or "") == normalise(ours.subscription):
            unchanged.append(webhook.name)
            continue
        await client.webhook_update_query(webhook.id, ours.subscription)
        updated.append(webhook.name)
        logger.info(
            "webhook %s (%s) in %s: subscription query brought in step with the manifest",
            webhook.name, webhook.id, client.api_url,
        )  # fmt: skip
    missing = sorted(set(wanted) - {w.name for w in held})
    if missing:
        logger.warning(
            "%s lacks the webhooks %s of the manifest: reinstall the app to create them",
            client.api_url, ", ".join(missing),
        )  # fmt: skip
    return SyncReport(tuple(updated), tuple(unchanged), tuple(skipped), tuple(missing))


def _same_events(held: SaleorWebhook, ours: Webhook) -> bool:
    return held.async_events == {ours.event} and not held.sync_events


async def schedule(session: AsyncSession, digest: str | None = None) -> list[uuid.UUID]:
    """Enqueue a sync for every active installation that has none for this manifest version.

    One query finds them; after the first start of a release it finds none.
    """
    digest = digest or manifest_digest()
    key = dedupe_key(digest)
    scheduled = exists().where(Job.installation_id == Installation.id, Job.dedupe_key == key)
    due = list(
        await session.scalars(
            select(Installation.id).where(
                Installation.status == InstallationStatus.ACTIVE, ~scheduled
            )
        )
    )
    for installation_id in due:
        await enqueue(session, installation_id, WEBHOOK_SYNC, {"manifest": digest}, dedupe_key=key)
    return due


async def schedule_at_start(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Called by the app's lifespan; a failure here is logged and never stops the start."""
    try:
        async with sessionmaker.begin() as session:
            due = await schedule(session)
    except IntegrityError:
        logger.info("webhook sync: another process scheduled this release's jobs")
        return
    except SQLAlchemyError as exc:
        logger.warning("webhook sync not scheduled (the next start tries again): %s", exc)
        return
    if due:
        logger.info("webhook sync scheduled for %d installation(s)", len(due))


def webhook_sync_handler(
    sessionmaker: async_sessionmaker[AsyncSession],
    load: Callable[[uuid.UUID], Awaitable[Installation]],
    client_for: Callable[[Installation], SaleorClient],
) -> Handler:
    async def run(installation_id: uuid.UUID, payload: Mapping[str, Any]) -> None:
        installation = await load(installation_id)
        if not installation.active:
            return  # removed since: a reinstall gets the manifest's webhooks anyway
        report = await sync_webhooks(client_for(installation))
        if report.complete and not installation.webhooks_bound:
            await installations.mark_bound_by_id(sessionmaker, installation_id)
            logger.info("installation %s: every webhook query selects recipient", installation_id)
        elif not report.complete:
            logger.warning(
                "installation %s (%s) stays exposed: webhooks %s are not the manifest's",
                installation_id, installation.saleor_api_url,
                ", ".join((*report.missing, *report.skipped)),
            )  # fmt: skip

    return run


__all__ = [
    "WEBHOOK_SYNC",
    "SyncReport",
    "dedupe_key",
    "manifest_digest",
    "normalise",
    "schedule",
    "schedule_at_start",
    "sync_webhooks",
    "webhook_sync_handler",
]

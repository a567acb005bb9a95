"""The manifest Saleor installs from: every subscription query is one Saleor 3.23 accepts,
and the checks of Saleor's own manifest validation that apply to an app pass."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    build_schema,
    parse,
    validate,
)
from graphql.language import FieldNode, FragmentDefinitionNode, InlineFragmentNode
from semantic_version import NpmSpec, Version

from saleor_foresight.plugin.manifest import build_manifest
from saleor_foresight.plugin.webhooks import WEBHOOKS
from saleor_foresight.settings import load_settings
from tests.shared import saleor_schema_sdl

SALEOR_VERSION = "3.23.28"
URL = re.compile(r"https?://[^\s/?#]+(/[^\s]*)?")


@cache
def schema() -> GraphQLSchema:
    return build_schema(saleor_schema_sdl())


def enum_values(name: str) -> set[str]:
    enum = schema().get_type(name)
    assert isinstance(enum, GraphQLEnumType)
    return set(enum.values)


def camel(event: str) -> str:
    return "".join(part.capitalize() for part in event.split("_"))


def subscription_event_types(query: str) -> set[str]:
    """What Saleor's SubscriptionQuery checks: one subscription on ``event``; the event types."""
    document = parse(query)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert len(operations) == 1
    assert operations[0].operation == OperationType.SUBSCRIPTION
    root_fields = operations[0].selection_set.selections
    assert [f.name.value for f in root_fields if isinstance(f, FieldNode)] == ["event"]
    assert len(root_fields) == 1
    event_field = root_fields[0]
    assert isinstance(event_field, FieldNode) and event_field.selection_set is not None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    assert all(f.type_condition.name.value in {"Order", "Fulfillment"} for f in fragments.values())
    return {
        s.type_condition.name.value
        for s in event_field.selection_set.selections
        if isinstance(s, InlineFragmentNode) and s.type_condition is not None
    }


@pytest.fixture
def manifest() -> dict[str, Any]:
    return build_manifest(load_settings(public_url="https://foresight.example.com/app-root"))


@pytest.mark.parametrize("webhook", WEBHOOKS, ids=lambda w: w.event)
def test_every_subscription_query_validates_against_saleors_schema(webhook: Any) -> None:
    errors = validate(schema(), parse(webhook.subscription))

    assert errors == []


@pytest.mark.parametrize("webhook", WEBHOOKS, ids=lambda w: w.event)
def test_every_subscription_is_on_the_event_it_is_declared_for(webhook: Any) -> None:
    assert subscription_event_types(webhook.subscription) == {camel(webhook.event)}
    assert webhook.event in enum_values("WebhookEventTypeAsyncEnum")


def test_manifest_carries_the_fields_saleor_requires(manifest: dict[str, Any]) -> None:
    for field in ("id", "version", "name", "about", "tokenTargetUrl"):
        assert isinstance(manifest[field], str) and manifest[field].strip(), field
    assert manifest["author"].strip()
    Version(manifest["version"])


def test_manifest_urls_come_from_the_public_url(manifest: dict[str, Any]) -> None:
    base = "https://foresight.example.com/app-root"
    assert manifest["tokenTargetUrl"] == f"{base}/api/register"
    assert manifest["appUrl"] == f"{base}/dashboard/app"
    for key in ("appUrl", "tokenTargetUrl", "homepageUrl", "supportUrl"):
        assert URL.fullmatch(manifest[key]), key
    for webhook in manifest["webhooks"]:
        assert webhook["targetUrl"].startswith(f"{base}/api/webhooks/")


def test_manifest_asks_for_permissions_saleor_knows_and_no_more(manifest: dict[str, Any]) -> None:
    assert set(manifest["permissions"]) <= enum_values("PermissionEnum")
    assert sorted(manifest["permissions"]) == [
        "HANDLE_PAYMENTS",
        "MANAGE_CHECKOUTS",
        "MANAGE_ORDERS",
    ]


def test_required_saleor_version_is_satisfied_by_the_measured_saleor(
    manifest: dict[str, Any],
) -> None:
    spec = NpmSpec(manifest["requiredSaleorVersion"])

    assert spec.match(Version(SALEOR_VERSION))
    assert not spec.match(Version("3.21.0"))


def test_manifest_webhooks_are_unique_and_active(manifest: dict[str, Any]) -> None:
    names = [w["name"] for w in manifest["webhooks"]]
    assert len(names) == len(set(names))
    assert all(w["isActive"] and len(w["asyncEvents"]) == 1 for w in manifest["webhooks"])


def test_manifest_declares_the_dashboard_pages_within_the_apps_permissions(
    manifest: dict[str, Any],
) -> None:
    mounts = {e["mount"]: e for e in manifest["extensions"]}
    assert set(mounts) == {
        "ORDER_DETAILS_WIDGETS",
        "ORDER_DETAILS_MORE_ACTIONS",
        "NAVIGATION_ORDERS",
    }
    for extension in manifest["extensions"]:
        assert set(extension["permissions"]) <= set(manifest["permissions"])
        if extension["target"] == "APP_PAGE":
            assert extension["url"].startswith("/")  # Saleor: APP_PAGE takes a path
        else:
            assert URL.fullmatch(extension["url"])


async def test_manifest_is_served_as_saleor_requests_it(client: httpx.AsyncClient) -> None:
    # Saleor's GET carries only these headers (see the recorded manifest request)
    response = await client.get(
        "/api/manifest", headers={"User-Agent": "Saleor/3.23", "Saleor-Schema-Version": "3.23"}
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["tokenTargetUrl"] == "https://foresight.test/api/register"
    assert {w["asyncEvents"][0] for w in body["webhooks"]} == {w.event for w in WEBHOOKS}

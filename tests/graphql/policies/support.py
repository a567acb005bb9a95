"""Building policies through the staff API, as the Dashboard's policy editor does."""

from __future__ import annotations

from typing import Any

import httpx

from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble

POLICY_FIELDS = """
fragment PolicyFields on Policy {
  id kind name requiresAcceptance active fallbackLanguage
  targeting { channels countries productTypes categories collections products
              attributes { attribute values } }
  versions { id number status current contentHash returnWindowDays acceptedOrders
             translations { languageCode title bodyMarkdown bodyHtml consentLabel } }
}
"""

POLICY_CREATE = (
    """
mutation Create($input: PolicyCreateInput!) {
  policyCreate(input: $input) { policy { ...PolicyFields } errors { field code message } }
}
"""
    + POLICY_FIELDS
)

POLICY_DRAFT_SAVE = (
    """
mutation Draft($policy: ID!, $input: PolicyDraftInput!) {
  policyDraftSave(policy: $policy, input: $input) {
    policy { ...PolicyFields } errors { field code message }
  }
}
"""
    + POLICY_FIELDS
)

POLICY_PUBLISH = (
    """
mutation Publish($policy: ID!) {
  policyPublish(policy: $policy) { policy { ...PolicyFields } errors { field code message } }
}
"""
    + POLICY_FIELDS
)


def manager_token(saleor: SaleorDouble) -> str:
    return saleor.staff_token(user_permissions=("MANAGE_SETTINGS", "MANAGE_ORDERS"))


async def staff_call(
    client: httpx.AsyncClient, saleor: SaleorDouble, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    response = await gql(client, saleor, query, variables, token=manager_token(saleor))
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = next(iter(body["data"].values()))
    return data


async def published_policy(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    *,
    kind: str = "RETURN_TERMS",
    title: str = "Return terms",
    body: str = "You may return goods within **30 days**.",
    consent: str = "I accept the return terms",
    targeting: dict[str, Any] | None = None,
    required: bool = True,
    return_window_days: int | None = 30,
    translations: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """A policy with one published version; returns the policy as the API shows it."""
    created = await staff_call(
        client, saleor, POLICY_CREATE,
        {"input": {"kind": kind, "name": title, "requiresAcceptance": required,
                   "targeting": targeting or {}}},
    )  # fmt: skip
    assert created["errors"] == [], created
    policy_id = created["policy"]["id"]
    drafted = await staff_call(
        client, saleor, POLICY_DRAFT_SAVE,
        {"policy": policy_id, "input": {
            "returnWindowDays": return_window_days if kind == "RETURN_TERMS" else None,
            "translations": translations or [
                {"languageCode": "EN", "title": title, "body": body, "consentLabel": consent}
            ],
        }},
    )  # fmt: skip
    assert drafted["errors"] == [], drafted
    published = await staff_call(client, saleor, POLICY_PUBLISH, {"policy": policy_id})
    assert published["errors"] == [], published
    policy: dict[str, Any] = published["policy"]
    return policy


def current_version(policy: dict[str, Any]) -> dict[str, Any]:
    return next(v for v in policy["versions"] if v["current"])

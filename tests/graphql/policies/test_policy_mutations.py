"""Staff manage policies through the API: create, draft, publish, retarget, deactivate."""

from __future__ import annotations

import httpx

from tests.graphql.conftest import gql
from tests.graphql.policies.support import (
    POLICY_CREATE,
    POLICY_DRAFT_SAVE,
    POLICY_PUBLISH,
    current_version,
    published_policy,
    staff_call,
)
from tests.saleor_double import SaleorDouble

POLICY_UPDATE = """
mutation Update($id: ID!, $input: PolicyUpdateInput!) {
  policyUpdate(id: $id, input: $input) {
    policy { id active requiresAcceptance targeting { countries attributes { attribute values } } }
    errors { field code message }
  }
}
"""

POLICY_DEACTIVATE = """
mutation Deactivate($id: ID!) {
  policyDeactivate(id: $id) { policy { id active } errors { field code message } }
}
"""

POLICIES = """
query { policies { id name active versions { number status current acceptedOrders } } }
"""


async def test_a_published_version_carries_its_hash_and_sanitised_html(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    policy = await published_policy(
        client, installed,
        body='Returns in **30 days**. <script>alert(1)</script><img src=x onerror="alert(2)">'
        "[terms](javascript:alert(3))",
    )  # fmt: skip

    version = current_version(policy)
    (translation,) = version["translations"]
    assert len(version["contentHash"]) == 64
    assert "<strong>30 days</strong>" in translation["bodyHtml"]
    for hostile in ("<script", "onerror", 'href="javascript:', "<img"):
        assert hostile not in translation["bodyHtml"]
    assert version["returnWindowDays"] == 30


async def test_publishing_a_new_draft_supersedes_the_old_version_which_stays(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    policy = await published_policy(client, installed)
    first = current_version(policy)

    await staff_call(
        client, installed, POLICY_DRAFT_SAVE,
        {"policy": policy["id"], "input": {"returnWindowDays": 14, "translations": [
            {"languageCode": "EN", "title": "Return terms", "body": "14 days now.",
             "consentLabel": "I accept"}]}},
    )  # fmt: skip
    republished = await staff_call(client, installed, POLICY_PUBLISH, {"policy": policy["id"]})

    versions = republished["policy"]["versions"]
    assert [(v["number"], v["current"]) for v in versions] == [(1, False), (2, True)]
    assert versions[0]["contentHash"] == first["contentHash"]
    assert versions[1]["contentHash"] != first["contentHash"]


async def test_staff_without_manage_settings_cannot_change_policies(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    token = installed.staff_token(user_permissions=("MANAGE_ORDERS",))
    variables = {"input": {"kind": "CUSTOM", "name": "Sneaky"}}

    as_orders_staff = await gql(client, installed, POLICY_CREATE, variables, token=token)
    as_buyer = await gql(
        client, installed, POLICY_CREATE, variables, token=installed.customer_token()
    )

    for response in (as_orders_staff, as_buyer):
        (error,) = response.json()["errors"]
        assert error["extensions"]["code"] == "PERMISSION_DENIED"
    listed = await gql(client, installed, POLICIES, token=token)
    assert listed.json()["data"]["policies"] == []


async def test_bad_input_is_a_typed_error_and_changes_nothing(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    created = await staff_call(
        client, installed, POLICY_CREATE, {"input": {"kind": "CUSTOM", "name": "Care"}}
    )
    policy_id = created["policy"]["id"]

    too_long = await staff_call(
        client, installed, POLICY_DRAFT_SAVE,
        {"policy": policy_id, "input": {"translations": [
            {"languageCode": "EN", "title": "Care", "body": "x" * 20_001, "consentLabel": "OK"}]}},
    )  # fmt: skip
    no_draft = await staff_call(client, installed, POLICY_PUBLISH, {"policy": policy_id})
    bad_country = await staff_call(
        client, installed, POLICY_UPDATE,
        {"id": policy_id, "input": {"targeting": {"countries": ["Germany"]}}},
    )  # fmt: skip

    assert too_long["errors"][0]["code"] == "TOO_LONG"
    assert no_draft["errors"][0]["code"] == "NO_DRAFT"
    assert bad_country["errors"][0]["code"] == "INVALID"
    assert too_long["policy"] is None
    listed = await staff_call(client, installed, POLICIES, {})
    assert listed == [{"id": policy_id, "name": "Care", "active": True, "versions": []}]


async def test_an_invalid_return_window_names_the_field_as_the_api_spells_it(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a return policy
    created = await staff_call(
        client, installed, POLICY_CREATE, {"input": {"kind": "RETURN_TERMS", "name": "Returns"}}
    )

    # when staff save a draft whose return window is past the limit
    saved = await staff_call(
        client, installed, POLICY_DRAFT_SAVE,
        {"policy": created["policy"]["id"], "input": {"returnWindowDays": 3651, "translations": [
            {"languageCode": "EN", "title": "Returns", "body": "Ten years.",
             "consentLabel": "I accept"}]}},
    )  # fmt: skip

    # then the error names the input field in camelCase, as the schema does
    (error,) = saved["errors"]
    assert (error["field"], error["code"]) == ("returnWindowDays", "INVALID")
    assert saved["policy"] is None


async def test_retargeting_and_deactivating_take_effect(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    policy = await published_policy(client, installed, kind="COLOUR_DIFFERENCE")

    updated = await staff_call(
        client, installed, POLICY_UPDATE,
        {"id": policy["id"], "input": {"requiresAcceptance": False, "targeting": {
            "countries": ["de"], "attributes": [{"attribute": "colour"}]}}},
    )  # fmt: skip
    deactivated = await staff_call(client, installed, POLICY_DEACTIVATE, {"id": policy["id"]})

    assert updated["policy"]["targeting"] == {
        "countries": ["DE"], "attributes": [{"attribute": "colour", "values": []}],
    }  # fmt: skip
    assert updated["policy"]["requiresAcceptance"] is False
    assert deactivated["policy"]["active"] is False

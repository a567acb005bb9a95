"""policyPreview: the editor's preview is the HTML buyers get, for staff managing policies."""

from __future__ import annotations

import httpx

from tests.graphql.conftest import gql
from tests.graphql.policies.support import manager_token, published_policy
from tests.graphql.policies.test_checkout_disclosures import disclosures_of
from tests.saleor_double import SaleorDouble

POLICY_PREVIEW = """
query Preview($input: PolicyPreviewInput!) {
  policyPreview(input: $input) { bodyHtml errors { field code message } }
}
"""

TRICKY_BODY = (
    '\r\n# Returns\r\n\r\nSee [our terms](https://shop.test/terms "title") or '
    '[this](javascript:alert(1)) and <a href="https://evil.test" onclick="x()">raw</a>.\r\n'
    '<script>alert(2)</script><img src=x onerror="alert(3)">\n\n'
    "<div onclick='x'>\nblock\n</div>\n\n"
    f"- {'Rücksendungsbedingungsverzeichnis' * 20}\n- **30 days**   \n"
)


async def test_the_preview_is_what_buyers_are_shown(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a published policy with a body full of links, injected HTML and a very long word
    await published_policy(client, installed, body=TRICKY_BODY)
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    (shown,) = (await disclosures_of(client, installed, checkout["id"]))["disclosures"]

    # when staff preview the same body in the editor
    response = await gql(
        client, installed, POLICY_PREVIEW, {"input": {"body": TRICKY_BODY}},
        token=manager_token(installed),
    )  # fmt: skip

    # then the preview is, byte for byte, the HTML the buyer got
    preview = response.json()["data"]["policyPreview"]
    assert preview == {"bodyHtml": shown["html"], "errors": []}
    assert '<a href="https://shop.test/terms" rel="noopener nofollow">' in preview["bodyHtml"]
    for hostile in ("<script", "onerror", "onclick", 'href="javascript:', "<img", "evil.test"):
        assert hostile not in preview["bodyHtml"]


async def test_a_body_over_the_limit_is_a_typed_error(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    response = await gql(
        client, installed, POLICY_PREVIEW,
        {"input": {"body": "x" * 20_001, "languageCode": "de"}}, token=manager_token(installed),
    )  # fmt: skip

    preview = response.json()["data"]["policyPreview"]
    assert preview["bodyHtml"] is None
    (error,) = preview["errors"]
    assert (error["field"], error["code"]) == ("body", "TOO_LONG")
    assert "(DE)" in error["message"]


async def test_only_staff_who_manage_settings_may_preview(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    variables = {"input": {"body": "**Hi**"}}
    orders_staff = installed.staff_token(user_permissions=("MANAGE_ORDERS",))

    as_orders_staff = await gql(client, installed, POLICY_PREVIEW, variables, token=orders_staff)
    as_buyer = await gql(
        client, installed, POLICY_PREVIEW, variables, token=installed.customer_token()
    )
    anonymous = await gql(client, installed, POLICY_PREVIEW, variables)

    for response in (as_orders_staff, as_buyer, anonymous):
        (error,) = response.json()["errors"]
        assert error["extensions"]["code"] == "PERMISSION_DENIED"

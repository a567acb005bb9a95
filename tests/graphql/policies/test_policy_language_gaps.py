"""Policy.missingLanguages: the languages buyers check out in that a policy has no text for,
so staff see the gap in the policy editor before buyers read the fallback."""

from __future__ import annotations

import httpx

from tests.graphql.conftest import gql
from tests.graphql.policies.support import current_version, published_policy, staff_call
from tests.saleor_double import SaleorDouble

ACCEPT = """
mutation Accept($checkoutId: ID!, $versionIds: [ID!]!, $languageCode: String) {
  acceptDisclosures(checkoutId: $checkoutId, versionIds: $versionIds, languageCode: $languageCode) {
    errors { code }
  }
}
"""
GAPS = "query { policies { name missingLanguages { channel languageCode acceptances } } }"


async def accept_in(
    client: httpx.AsyncClient, saleor: SaleorDouble, version_id: str, language: str
) -> None:
    checkout = saleor.add_checkout([(saleor.add_product(), 1)])
    variables = {"checkoutId": checkout["id"], "versionIds": [version_id], "languageCode": language}
    body = (await gql(client, saleor, ACCEPT, variables)).json()
    assert body["data"]["acceptDisclosures"]["errors"] == [], body


async def test_a_language_buyers_use_without_a_text_shows_as_a_gap(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given English-only return terms, and German-and-English colour notes
    returns = current_version(await published_policy(client, installed))
    await published_policy(
        client, installed, kind="COLOUR_DIFFERENCE", title="Colours", required=False,
        translations=[
            {"languageCode": "EN", "title": "Colours", "body": "May differ.", "consentLabel": "OK"},
            {"languageCode": "DE", "title": "Farben", "body": "Abweichend.", "consentLabel": "OK"},
        ],
    )  # fmt: skip

    # when two buyers check out in German (one from Austria) and one in English
    await accept_in(client, installed, returns["id"], "de")
    await accept_in(client, installed, returns["id"], "DE_AT")
    await accept_in(client, installed, returns["id"], "EN")

    # then the return terms lack German; the colour notes lack nothing
    policies = {
        p["name"]: p["missingLanguages"] for p in await staff_call(client, installed, GAPS, {})
    }
    assert policies["Return terms"] == [
        {"channel": "default-channel", "languageCode": "DE", "acceptances": 1},
        {"channel": "default-channel", "languageCode": "DE_AT", "acceptances": 1},
    ]
    assert policies["Colours"] == []

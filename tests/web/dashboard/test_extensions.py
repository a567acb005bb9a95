"""The manifest's Dashboard extensions, checked against Saleor's rules.

Since Saleor 3.22 the API keeps an extension's mount and target as plain strings
(``AppExtension.mountName`` / ``targetName``); the Dashboard decides which it knows. The lists
below are the values Saleor 3.22+ and its Dashboard accept (Saleor's
``app/types.py`` and the Dashboard's ``extensions/domain`` manifest schema)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from graphql import GraphQLEnumType, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType

from saleor_foresight.plugin.manifest import PERMISSIONS, build_manifest
from saleor_foresight.settings import Settings
from saleor_foresight.web.dashboard import dashboard_app_url, dashboard_extensions
from tests.saleor_double import saleor_schema
from tests.web.dashboard.conftest import ON_SESSION_LOOP

TARGETS = {"POPUP", "APP_PAGE", "NEW_TAB", "WIDGET"}
WIDGET_MOUNTS = {
    "ORDER_DETAILS_WIDGETS", "DRAFT_ORDER_DETAILS_WIDGETS", "PRODUCT_DETAILS_WIDGETS",
    "VOUCHER_DETAILS_WIDGETS", "GIFT_CARD_DETAILS_WIDGETS", "CUSTOMER_DETAILS_WIDGETS",
    "COLLECTION_DETAILS_WIDGETS",
}  # fmt: skip
ORDER_AND_NAVIGATION_MOUNTS = {
    "ORDER_DETAILS_MORE_ACTIONS", "ORDER_OVERVIEW_CREATE", "ORDER_OVERVIEW_MORE_ACTIONS",
    "ORDER_DETAILS_WIDGETS", "DRAFT_ORDER_DETAILS_WIDGETS", "DRAFT_ORDER_DETAILS_MORE_ACTIONS",
    "DRAFT_ORDER_OVERVIEW_CREATE", "DRAFT_ORDER_OVERVIEW_MORE_ACTIONS",
    "NAVIGATION_CATALOG", "NAVIGATION_ORDERS", "NAVIGATION_CUSTOMERS", "NAVIGATION_DISCOUNTS",
    "NAVIGATION_TRANSLATIONS", "NAVIGATION_PAGES",
}  # fmt: skip
# Saleor's rule for a relative extension URL (a path, with an optional query and fragment)
URL_PATH = re.compile(r"(/[^\s?#]*)(\?[^\s#]*)?(#[^\s#]*)?")
BASE = "https://foresight.example.com"


@pytest.fixture
def extensions() -> list[dict[str, Any]]:
    return dashboard_extensions(BASE)


def test_the_three_places_staff_meet_foresight(extensions: list[dict[str, Any]]) -> None:
    assert [(e["mount"], e["target"]) for e in extensions] == [
        ("ORDER_DETAILS_WIDGETS", "WIDGET"),
        ("ORDER_DETAILS_MORE_ACTIONS", "POPUP"),
        ("NAVIGATION_ORDERS", "APP_PAGE"),
    ]
    assert all(e["label"].strip() for e in extensions)


def test_saleor_takes_mount_and_target_as_strings() -> None:
    for type_name in ("AppExtension", "AppManifestExtension"):
        extension = saleor_schema().get_type(type_name)
        assert isinstance(extension, GraphQLObjectType)
        for field in ("mountName", "targetName"):
            kind = extension.fields[field].type
            assert isinstance(kind, GraphQLNonNull)
            assert isinstance(kind.of_type, GraphQLScalarType) and kind.of_type.name == "String"
        assert "settings" in extension.fields  # where the manifest's options are kept


def test_mounts_and_targets_are_ones_the_dashboard_knows(
    extensions: list[dict[str, Any]],
) -> None:
    for extension in extensions:
        assert extension["mount"] in ORDER_AND_NAVIGATION_MOUNTS
        assert extension["target"] in TARGETS
        if extension["target"] == "WIDGET":
            assert extension["mount"] in WIDGET_MOUNTS
        options = extension.get("options", {})
        assert set(options) <= {"widgetTarget", "newTabTarget"}
        if "widgetTarget" in options:
            assert extension["target"] == "WIDGET"
            # GET: the iframe loads and takes its token through app-bridge
            assert options["widgetTarget"] == {"method": "GET"}
        if "newTabTarget" in options:
            assert extension["target"] == "NEW_TAB"


def test_permissions_are_some_of_the_apps(extensions: list[dict[str, Any]]) -> None:
    known = saleor_schema().get_type("PermissionEnum")
    assert isinstance(known, GraphQLEnumType)
    for extension in extensions:
        assert extension["permissions"] == ["MANAGE_ORDERS"]
        assert set(extension["permissions"]) <= set(PERMISSIONS)
        assert set(extension["permissions"]) <= set(known.values)


def test_app_pages_are_relative_and_the_others_absolute(
    extensions: list[dict[str, Any]],
) -> None:
    for extension in extensions:
        url = extension["url"]
        if extension["target"] == "APP_PAGE":
            assert URL_PATH.fullmatch(url), url
        else:
            parts = urlsplit(url)
            assert parts.scheme == "https" and parts.netloc == "foresight.example.com", url


@ON_SESSION_LOOP
async def test_every_extension_reaches_a_page(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # the Dashboard appends an APP_PAGE URL to the app's appUrl (the manifest's, now or once
    # it is dashboard_app_url), and loads the others as they are
    app_urls = {build_manifest(settings)["appUrl"], dashboard_app_url(settings.base_url)}
    for extension in dashboard_extensions(settings.base_url):
        urls = (
            [f"{app_url}{extension['url']}" for app_url in app_urls]
            if extension["target"] == "APP_PAGE"
            else [extension["url"]]
        )
        for url in urls:
            response = await client.get(url, follow_redirects=True)
            assert response.status_code == 200, url
            assert "frame-ancestors *" in response.headers["content-security-policy"], url

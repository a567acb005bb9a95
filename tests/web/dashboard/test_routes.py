"""The Dashboard pages' routes: what they serve, and the headers that let the Dashboard frame
them and nothing else run in them."""

from __future__ import annotations

import re
from types import SimpleNamespace

import httpx
import pytest
from starlette.applications import Starlette

from saleor_foresight.settings import Settings
from saleor_foresight.web.dashboard import (
    ASSET_TYPES,
    DASHBOARD_ROUTES,
    PAGES,
    STATIC_DIR,
    content_security_policy,
    render_page,
)
from tests.web.dashboard.conftest import ON_SESSION_LOOP

PAGE_PATHS = [
    "/dashboard/order-widget",
    "/dashboard/dispatch-popup",
    "/dashboard/app",
    "/dashboard/app/",
    "/dashboard/app/packing",
    "/dashboard/app/claims/Q2xhaW06MQ==",
]


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


@ON_SESSION_LOOP
@pytest.mark.parametrize("path", PAGE_PATHS)
async def test_pages_are_served_framable_with_a_strict_policy(
    client: httpx.AsyncClient, settings: Settings, path: str
) -> None:
    response = await client.get(f"{path}?saleorApiUrl=https%3A%2F%2Fsaleor.test%2Fgraphql%2F")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "x-frame-options" not in response.headers
    policy = directives(response.headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["*"]
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'", settings.base_url]
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'none'"]


@ON_SESSION_LOOP
async def test_pages_load_their_files_from_the_public_address(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    response = await client.get("/dashboard/app/policies")

    scripts = re.findall(r'<script type="module" src="([^"]+)"', response.text)
    assert scripts == [f"{settings.base_url}/dashboard/static/inbox.js"]
    assert f'href="{settings.base_url}/dashboard/static/dashboard.css"' in response.text
    assert "{{static}}" not in response.text


def test_every_page_names_only_files_that_exist(settings: Settings) -> None:
    for name in PAGES:
        for path in re.findall(
            r'(?:src|href)="[^"]*/dashboard/static/([^"]+)"', render_page(name, settings)
        ):
            assert (STATIC_DIR / path).is_file(), path


def test_every_module_imports_only_files_that_exist() -> None:
    for script in STATIC_DIR.glob("*.js"):
        for name in re.findall(r'from "\./([^"]+)"', script.read_text()):
            assert (STATIC_DIR / name).is_file(), f"{script.name} imports {name}"


@ON_SESSION_LOOP
@pytest.mark.parametrize(
    "name", sorted(p.name for p in STATIC_DIR.iterdir() if p.suffix in ASSET_TYPES)
)
async def test_files_are_served_with_their_type(client: httpx.AsyncClient, name: str) -> None:
    response = await client.get(f"/dashboard/static/{name}")

    assert response.status_code == 200
    assert response.headers["content-type"] == ASSET_TYPES[f".{name.rsplit('.', 1)[1]}"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content == (STATIC_DIR / name).read_bytes()


@ON_SESSION_LOOP
@pytest.mark.parametrize("name", ["graphql.js", "dom.js"])
async def test_the_modules_shared_with_the_widget_are_served_beside_the_pages(
    client: httpx.AsyncClient, name: str
) -> None:
    # when a page's module imports ../shared/<name> (from /dashboard/static/)
    response = await client.get(f"/dashboard/shared/{name}")
    again = await client.get(
        f"/dashboard/shared/{name}", headers={"If-None-Match": response.headers["etag"]}
    )

    # then it is served as the pages' own files are, and revalidated by its ETag
    assert response.status_code == 200
    assert response.headers["content-type"] == ASSET_TYPES[".js"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-cache"
    assert response.content == (STATIC_DIR.parent / "shared" / name).read_bytes()
    assert again.status_code == 304


@ON_SESSION_LOOP
@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/shared/missing.js",
        "/dashboard/shared/..%2Fdashboard%2Fapp.html",
        "/dashboard/static/app.html",
        "/dashboard/static/missing.js",
        "/dashboard/static/..%2Fdashboard.py",
        "/dashboard/static/%2e%2e/dashboard.py",
        "/dashboard/static/",
        "/dashboard/nothing",
    ],
)
async def test_nothing_else_is_served(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)

    assert response.status_code == 404
    assert "python" not in response.text.lower()


@ON_SESSION_LOOP
async def test_the_old_app_address_leads_to_the_app_page(settings: Settings) -> None:
    # given the routes alone (app.py answers /app itself until it mounts DASHBOARD_ROUTES)
    app = Starlette(routes=DASHBOARD_ROUTES)
    app.state.foresight = SimpleNamespace(settings=settings)
    transport = httpx.ASGITransport(app=app)

    async with httpx.AsyncClient(transport=transport, base_url=settings.base_url) as client:
        response = await client.get("/app/packing?saleorApiUrl=x&id=1")
        bare = await client.get("/app")

    assert response.status_code == 307
    assert response.headers["location"] == (
        f"{settings.base_url}/dashboard/app/packing?saleorApiUrl=x&id=1"
    )
    assert bare.headers["location"] == f"{settings.base_url}/dashboard/app"


def test_the_policy_allows_the_bucket_when_photos_live_in_s3(settings: Settings) -> None:
    on_minio = settings.model_copy(
        update={"s3_bucket": "photos", "s3_endpoint_url": "http://minio.internal:9000"}
    )
    on_ip = settings.model_copy(
        update={"s3_bucket": "photos", "s3_endpoint_url": "http://127.0.0.1:9000"}
    )
    on_aws = settings.model_copy(update={"s3_bucket": "photos", "s3_endpoint_url": None})

    minio = directives(content_security_policy(on_minio))
    ip = directives(content_security_policy(on_ip))
    aws = directives(content_security_policy(on_aws))
    local = directives(content_security_policy(settings))

    # path-style and virtual-hosted addresses of the endpoint; an IP has no subdomains
    assert {"http://minio.internal:9000", "http://*.minio.internal:9000"} <= set(minio["img-src"])
    assert "http://*.minio.internal:9000" in minio["connect-src"]
    assert ip["connect-src"][-1] == "http://127.0.0.1:9000"
    assert (
        "https://*.amazonaws.com" in aws["connect-src"]
        and "https://*.amazonaws.com" in aws["img-src"]
    )
    assert local["connect-src"] == ["'self'", settings.base_url]

"""Storefront origins: one written form per origin, what is refused and why, and the union
the preflights answer from."""

from __future__ import annotations

from typing import cast

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.plugin import installations, origins
from saleor_foresight.plugin.origins import (
    MAX_ORIGINS,
    PreflightOrigins,
    StorefrontOriginError,
    StorefrontOriginErrorCode,
    StorefrontOriginsRefused,
)
from saleor_foresight.runtime import AppState
from tests.policies.factories import counting_queries
from tests.saleor_double import SaleorDouble


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://shop.example.com", "https://shop.example.com"),
        ("  HTTPS://Shop.Example.COM/  ", "https://shop.example.com"),
        ("https://shop.example.com:443", "https://shop.example.com"),
        ("https://shop.example.com:8443", "https://shop.example.com:8443"),
        ("https://bücher.example", "https://xn--bcher-kva.example"),
        ("https://[2001:DB8:0:0::1]:8443", "https://[2001:db8::1]:8443"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("http://127.0.0.1:80", "http://127.0.0.1"),
        ("https://localhost", "https://localhost"),
    ],
)
def test_an_origin_is_kept_as_browsers_write_it(given: str, kept: str) -> None:
    assert origins.normalise(given) == kept


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("", "is not an origin"),
        ("shop.example.com", "is not an origin"),
        ("ftp://shop.example.com", "is not an origin"),
        ("https:shop.example.com", "is not an origin"),
        ("https://shop example.com", "is not an origin"),
        ("https://shop.example.com/checkout", "has a path"),
        ("https://shop.example.com?x=1", "has a path"),
        ("https://shop.example.com#top", "has a path"),
        ("https://user:secret@shop.example.com", "user name or password"),
        ("https://shop.example.com:0", "invalid port"),
        ("https://shop.example.com:99999", "invalid port"),
        ("https://shop.example.com:", "invalid port"),
        ("https://[::1", "is not an origin"),
        ("https://*.example.com", "wildcards"),
        ("https://shop..example.com", "no valid host"),
        ("https://-shop.example.com", "no valid host"),
        ("http://shop.example.com", "must use https://"),
        ("http://192.168.1.10:3000", "must use https://"),
        ("null", "is not an origin"),
    ],
)
def test_what_is_no_origin_is_refused_and_named(given: str, why: str) -> None:
    with pytest.raises(StorefrontOriginError) as refused:
        origins.normalise(given)

    assert refused.value.code == StorefrontOriginErrorCode.INVALID
    assert refused.value.field == "origins"
    assert refused.value.origin == given
    assert why in refused.value.message
    assert repr(given) in refused.value.message


def test_a_list_is_normalised_once_per_origin_in_the_order_given() -> None:
    kept = origins.normalise_all(
        ["https://b.example", "https://A.example:443", "https://b.example/", "https://a.example"]
    )

    assert kept == ["https://b.example", "https://a.example"]


def test_every_bad_origin_of_a_list_is_reported_at_once() -> None:
    with pytest.raises(StorefrontOriginsRefused) as refused:
        origins.normalise_all(["http://shop.example.com", "https://ok.example", "nope"])

    assert [(e.code, e.origin) for e in refused.value.errors] == [
        (StorefrontOriginErrorCode.INVALID, "http://shop.example.com"),
        (StorefrontOriginErrorCode.INVALID, "nope"),
    ]


def test_more_than_the_limit_is_too_many_but_repeats_do_not_count() -> None:
    enough = [f"https://shop{n}.example" for n in range(MAX_ORIGINS)]
    assert origins.normalise_all([*enough, *enough]) == enough

    with pytest.raises(StorefrontOriginsRefused) as refused:
        origins.normalise_all([*enough, "https://one-more.example"])

    (error,) = refused.value.errors
    assert (error.code, error.field, error.origin) == (
        StorefrontOriginErrorCode.TOO_MANY, "origins", None,
    )  # fmt: skip
    assert str(MAX_ORIGINS) in error.message


async def install(state: AppState, saleor: SaleorDouble, given: list[str]) -> None:
    async with state.sessionmaker.begin() as session:
        installation = await installations.save(
            session,
            state.settings.cipher,
            installations.NewInstallation(
                saleor.api_url, saleor.api_url, "3.23", saleor.app_id, saleor.app_token,
                saleor.jwks,
            ),
        )  # fmt: skip
        await origins.replace(session, installation.id, given)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_the_union_holds_active_installations_only(state: AppState) -> None:
    # given two shops with origins, one of them since removed
    await install(state, SaleorDouble("https://a.test/graphql/"), ["https://a.example"])
    await install(state, SaleorDouble("https://b.test/graphql/"), ["https://b.example"])
    async with state.sessionmaker.begin() as session:
        removed = await installations.find(session, "https://b.test/graphql/")
        assert removed is not None
        installations.mark_removed(removed)

    # when the union is read
    union = PreflightOrigins(state.sessionmaker)

    # then only the active shop's origins are in it
    assert await union.lists("https://a.example")
    assert not await union.lists("https://b.example")


async def test_the_union_is_read_once_per_ttl_and_at_once_after_forget(state: AppState) -> None:
    # given a union read once
    clock = Clock()
    union = PreflightOrigins(state.sessionmaker, ttl=30, clock=clock)
    await install(state, SaleorDouble("https://a.test/graphql/"), ["https://a.example"])
    assert await union.lists("https://a.example")

    # when a shop adds an origin in another process, then within the ttl no query is sent
    await install(state, SaleorDouble("https://b.test/graphql/"), ["https://b.example"])
    with counting_queries(state.sessionmaker) as statements:
        assert not await union.lists("https://b.example")
    assert statements == []

    # and once the ttl has passed, the union is read again
    clock.now += 30
    assert await union.lists("https://b.example")

    # when a list changes in this process, forget() drops the union at once
    async with state.sessionmaker.begin() as session:
        found = await installations.find(session, "https://b.test/graphql/")
        assert found is not None
        await origins.replace(session, found.id, [])
    union.forget()
    assert not await union.lists("https://b.example")


async def test_a_union_read_while_a_list_changed_is_not_kept(state: AppState) -> None:
    # given a read that a change overtakes: forget() comes while the read is on its way
    await install(state, SaleorDouble("https://a.test/graphql/"), ["https://a.example"])
    union: PreflightOrigins

    def overtaken() -> AsyncSession:
        union.forget()
        return state.sessionmaker()

    union = PreflightOrigins(cast(async_sessionmaker[AsyncSession], overtaken))
    assert await union.lists("https://a.example")

    # then what that read saw is not kept: the next call reads again
    with counting_queries(state.sessionmaker) as statements:
        assert await union.lists("https://a.example")
    assert len(statements) == 1

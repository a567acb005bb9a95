"""Keys: one shape, namespaced by installation, no way out of the namespace."""

from __future__ import annotations

import uuid

import pytest

from saleor_foresight.storage import InvalidKey, check_key, installation_of, new_key
from saleor_foresight.storage.keys import check_prefix, object_name
from tests.storage.support import INSTALLATION


def test_a_new_key_names_its_installation_and_kind() -> None:
    # when a key is made for a dispatch photo
    key = new_key(INSTALLATION, "dispatch-photo")

    # then it reads <installation>/<kind>/<uuid> and passes its own check
    installation, kind, object_id = key.split("/")
    assert installation == str(INSTALLATION)
    assert kind == "dispatch-photo"
    assert uuid.UUID(object_id).version == 4
    assert check_key(key, INSTALLATION) == key
    assert installation_of(key) == INSTALLATION


def test_every_new_key_is_new() -> None:
    assert len({new_key(INSTALLATION, "claim-photo") for _ in range(100)}) == 100


@pytest.mark.parametrize("kind", ["", "Photo", "photo/../x", "-photo", "a" * 33, "photo."])
def test_a_kind_that_could_bend_the_path_is_refused(kind: str) -> None:
    with pytest.raises(InvalidKey):
        new_key(INSTALLATION, kind)


def test_a_key_of_another_installation_is_refused() -> None:
    # given a key of one installation
    key = new_key(INSTALLATION, "dispatch-photo")

    # then checking it for another fails
    with pytest.raises(InvalidKey, match="another installation"):
        check_key(key, uuid.uuid4())


@pytest.mark.parametrize(
    "key",
    [
        "",
        "..",
        "../../etc/passwd",
        "%2e%2e/secret",
        "/abs/path",
        f"{INSTALLATION}/dispatch-photo",
        f"{INSTALLATION}/dispatch-photo/../x",
        f"{INSTALLATION}/dispatch-photo/{uuid.uuid4()}/",
        f"{INSTALLATION}//dispatch-photo/{uuid.uuid4()}",
        f"{INSTALLATION}/dispatch-photo/{uuid.uuid4()}.jpg",
        f"{INSTALLATION}/dispatch-photo/{uuid.uuid4()}\n",
        f"{INSTALLATION}/dispatch-photo/{str(uuid.uuid4()).upper()}",
        f"{INSTALLATION}/dispatch-photo/{uuid.uuid4().hex}",
        f"prefix/{INSTALLATION}/dispatch-photo/{uuid.uuid4()}",
    ],
)
def test_a_key_of_another_shape_is_refused(key: str) -> None:
    with pytest.raises(InvalidKey):
        check_key(key)


def test_the_bucket_name_puts_the_prefix_in_front() -> None:
    key = new_key(INSTALLATION, "dispatch-photo")

    assert object_name("", key) == key
    assert object_name("shops/eu", key) == f"shops/eu/{key}"
    with pytest.raises(InvalidKey):
        object_name("shops", "../" + key)


@pytest.mark.parametrize(
    ("prefix", "normalised"), [("", ""), ("/", ""), ("foresight/", "foresight"), ("a/b.c", "a/b.c")]
)
def test_a_plain_prefix_is_normalised(prefix: str, normalised: str) -> None:
    assert check_prefix(prefix) == normalised


@pytest.mark.parametrize("prefix", ["..", "a/../b", "a//b", ".hidden", "a b", "a\\b"])
def test_a_prefix_that_could_bend_the_path_is_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="segments"):
        check_prefix(prefix)

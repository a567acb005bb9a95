"""Every operation Foresight sends to Saleor parses and validates against Saleor's schema."""

from __future__ import annotations

from importlib.resources import files

import pytest
from graphql import FieldNode, OperationDefinitionNode, OperationType, parse, validate
from graphql.validation import NoDeprecatedCustomRule

from saleor_foresight.plugin.saleor_client import load_operation, may_retry, operation_file_name
from tests.saleor_double import saleor_schema

OPERATIONS_DIR = files("saleor_foresight.plugin") / "operations"
OPERATION_FILES = sorted(p.name for p in OPERATIONS_DIR.iterdir() if p.name.endswith(".graphql"))

# Deprecated fields we use on purpose, with the reason; anything else deprecated fails.
# ``attributes`` gave way to ``assignedAttributes`` (3.22), an interface with one type per
# attribute input kind; the old field still answers every kind in one shape.
ALLOWED_DEPRECATIONS = {
    "The field ProductVariant.attributes is deprecated. Use the `assignedAttributes` field"
    " instead.",
    "The field Product.attributes is deprecated. Use the `assignedAttributes` field instead.",
}


def read(file_name: str) -> str:
    return (OPERATIONS_DIR / file_name).read_text(encoding="utf-8")


def document_of(file_name: str) -> str:
    """What the client sends for the file: it, and the webhook fragments it names."""
    return load_operation(operation_file_name_to_name(file_name))


def operation_file_name_to_name(file_name: str) -> str:
    return "".join(part.capitalize() for part in file_name.removesuffix(".graphql").split("_"))


def operation_in(file_name: str) -> OperationDefinitionNode:
    document = parse(document_of(file_name))
    return next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))


def fields_of(node: OperationDefinitionNode | FieldNode) -> list[FieldNode]:
    selections = node.selection_set.selections if node.selection_set else ()
    return [selection for selection in selections if isinstance(selection, FieldNode)]


MUTATION_FILES = [
    name for name in OPERATION_FILES if operation_in(name).operation == OperationType.MUTATION
]


def test_the_operations_the_client_needs_are_all_there() -> None:
    # given
    needed = {
        "AppId",
        "CheckoutForDisclosure",
        "UpdatePrivateMetadata",
        "OrderConfirm",
        "OrderNoteAdd",
        "OrderGrantRefundCreate",
        "TransactionRequestRefundForGrantedRefund",
        "OrderFulfillmentReturnProducts",
        "OrderForRecord",
        "OrdersCreatedSince",
        "ChannelsOrderSettings",
        "ShopChannels",
    }

    # when
    shipped = set(OPERATION_FILES)

    # then
    assert {operation_file_name(name) for name in needed} <= shipped


@pytest.mark.parametrize("file_name", OPERATION_FILES)
def test_operation_validates_against_saleor_schema(file_name: str) -> None:
    # given what the client sends for it
    document = parse(document_of(file_name))

    # when
    errors = validate(saleor_schema(), document)

    # then
    assert [error.message for error in errors] == []


@pytest.mark.parametrize("file_name", OPERATION_FILES)
def test_operation_file_holds_one_operation_named_after_the_file(file_name: str) -> None:
    # given
    document = parse(document_of(file_name))

    # when
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]

    # then
    assert len(operations) == 1
    assert operations[0].name is not None
    name = operations[0].name.value
    assert operation_file_name(name) == file_name
    assert load_operation(name).startswith(read(file_name))


@pytest.mark.parametrize("file_name", OPERATION_FILES)
def test_operation_uses_no_deprecated_field_but_the_allowed_ones(file_name: str) -> None:
    # given
    document = parse(document_of(file_name))

    # when
    errors = validate(saleor_schema(), document, [NoDeprecatedCustomRule])

    # then
    assert {error.message for error in errors} <= ALLOWED_DEPRECATIONS


@pytest.mark.parametrize("file_name", MUTATION_FILES)
def test_every_mutation_selects_its_payload_errors(file_name: str) -> None:
    # given
    payload = fields_of(operation_in(file_name))[0]

    # when
    selected = {field.name.value: field for field in fields_of(payload)}

    # then
    assert "errors" in selected
    assert {field.name.value for field in fields_of(selected["errors"])} >= {
        "field",
        "code",
        "message",
    }


def test_the_order_reads_select_what_the_webhooks_record() -> None:
    # given the fragment every order webhook selects
    webhook_fragment = files("saleor_foresight.plugin") / "webhooks" / "order_fields.graphql"

    # when the reads of orders are loaded
    reads = [load_operation("OrderForRecord"), load_operation("OrdersCreatedSince")]

    # then each sends that very fragment
    for document in reads:
        assert "...ForesightOrder" in document
        assert document.endswith(webhook_fragment.read_text(encoding="utf-8"))


# Mutations Saleor may receive twice with the same result; adding one here is a decision.
IDEMPOTENT_MUTATIONS = {"UpdatePrivateMetadata", "WebhookUpdate"}


def operation_name_of(file_name: str) -> str:
    name = operation_in(file_name).name
    assert name is not None
    return name.value


def test_only_reads_and_the_declared_idempotent_mutations_are_retried() -> None:
    # given every operation we ship
    names = {operation_name_of(f): f for f in OPERATION_FILES}

    # when
    retried = {name for name in names if may_retry(name)}

    # then a query is retried; a mutation only when its file says why it is idempotent
    queries = {n for n, f in names.items() if f not in MUTATION_FILES}
    assert retried == queries | IDEMPOTENT_MUTATIONS
    for name in IDEMPOTENT_MUTATIONS:
        assert "\n# idempotent: " in "\n" + read(names[name])

"""Every GraphQL document the Dashboard pages send validates against Foresight's schema, so
the pages and the API cannot drift apart unnoticed.

The pages keep each document in a module constant (``const NAME = `query …```), sometimes
built from other constants (``${LIST_FIELDS}``); the constants are read and put together here
as the browser would. A document may ask for a field the API does not have yet only when its
page asks ``apiFields()`` first (``fields.has("Query.<field>")``)."""

from __future__ import annotations

import re
from functools import cache

import pytest
from graphql import GraphQLSchema, build_schema, parse, validate

from saleor_foresight.graphql.schema import schema
from saleor_foresight.web.dashboard import STATIC_DIR

CONSTANT = re.compile(r'\bconst (?P<name>\w+) =\s*(?:`(?P<template>[^`]*)`|"(?P<text>[^"\n]*)")')
PLACEHOLDER = re.compile(r"\$\{(\w+)\}")
OPERATION = re.compile(r"^\s*(?:query|mutation)\s+(\w+)")
MISSING_FIELD = re.compile(r"Cannot query field '(\w+)' on type '(Query|Mutation)'")


@cache
def constants() -> dict[str, tuple[str, str]]:
    """Every string constant of the pages' modules: name -> (module, text)."""
    found = {}
    for path in sorted(STATIC_DIR.glob("*.js")):
        for match in CONSTANT.finditer(path.read_text(encoding="utf-8")):
            text = match["template"] if match["template"] is not None else match["text"]
            found[match["name"]] = (path.name, text)
    return found


def expand(text: str) -> str:
    return PLACEHOLDER.sub(lambda m: expand(constants()[m[1]][1]), text)


def dashboard_documents() -> list[tuple[str, str]]:
    return [
        (f"{module}:{name}", expand(text))
        for name, (module, text) in constants().items()
        if OPERATION.match(text)
    ]


def guarded(field: str, kind: str) -> bool:
    """Whether some page checks the API has the field before asking for it."""
    check = f'fields.has("{kind}.{field}")'
    return any(check in path.read_text(encoding="utf-8") for path in STATIC_DIR.glob("*.js"))


@cache
def foresight_schema() -> GraphQLSchema:
    return build_schema(schema.as_str())


def test_the_pages_send_the_documents_of_the_rules_features() -> None:
    operations = {OPERATION.match(document)[1] for _, document in dashboard_documents()}  # type: ignore[index]
    assert {
        "ForesightPackingQueue",
        "ForesightStaffNotifications",
        "ForesightStaffNotificationsMarkRead",
        "ForesightReport",
        "ForesightChannelRules",
        "ForesightChannelRulesUpdate",
    } <= operations


@pytest.mark.parametrize(("where", "document"), dashboard_documents())
def test_each_document_validates_against_the_schema(where: str, document: str) -> None:
    errors = [e.message for e in validate(foresight_schema(), parse(document))]
    missing = [MISSING_FIELD.match(message) for message in errors]
    # a field still to come is fine where the page asks apiFields() about it first
    unexplained = [
        message
        for message, match in zip(errors, missing, strict=True)
        if match is None or not guarded(match[1], match[2])
    ]
    assert unexplained == [], f"{where}: {unexplained}"

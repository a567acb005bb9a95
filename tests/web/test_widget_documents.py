"""Every GraphQL document the storefront widget sends validates against Foresight's schema,
so the widget and the API cannot drift apart unnoticed."""

from __future__ import annotations

import re
from functools import cache

import pytest
from graphql import GraphQLSchema, build_schema, parse, validate

from saleor_foresight.graphql.schema import schema
from saleor_foresight.web.static_files import STATIC_DIR
from tests.saleor_double import saleor_schema

DOCUMENT = re.compile(r"(?<![A-Za-z])graphql`(?P<body>[^`]*)`")
SALEOR_DOCUMENT = re.compile(r"saleorGraphql`(?P<body>[^`]*)`")


def widget_documents(pattern: re.Pattern[str] = DOCUMENT) -> list[tuple[str, str]]:
    found = []
    for path in sorted((STATIC_DIR / "widget").rglob("*.js")):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found.append((path.relative_to(STATIC_DIR).as_posix(), match["body"]))
    return found


@cache
def foresight_schema() -> GraphQLSchema:
    return build_schema(schema.as_str())


def test_the_widget_sends_the_documents_it_needs() -> None:
    operations = {
        re.search(r"(query|mutation) (\w+)", body).group(2)  # type: ignore[union-attr]
        for _, body in widget_documents()
    }
    assert {
        "ForesightCheckoutDisclosures",
        "ForesightAcceptDisclosures",
        "ForesightOrderAcceptances",
        "ForesightOrderDispatch",
    } <= operations


@pytest.mark.parametrize(("module", "document"), widget_documents())
def test_each_document_validates_against_the_schema(module: str, document: str) -> None:
    assert "${" not in document, f"{module}: documents are plain text, without interpolation"
    errors = validate(foresight_schema(), parse(document))
    assert errors == [], f"{module}: {[e.message for e in errors]}"


def test_the_widget_reports_to_saleor_when_it_let_the_buyer_pay_without_foresight() -> None:
    (found,) = widget_documents(SALEOR_DOCUMENT)
    assert "ForesightReportUnreachable" in found[1]


@pytest.mark.parametrize(("module", "document"), widget_documents(SALEOR_DOCUMENT))
def test_each_saleor_document_validates_against_saleors_schema(module: str, document: str) -> None:
    errors = validate(saleor_schema(), parse(document))
    assert errors == [], f"{module}: {[e.message for e in errors]}"

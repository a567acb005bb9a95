"""The public schema is committed as SDL; a change to the API shows up as a change to that file."""

from __future__ import annotations

from pathlib import Path

import pytest

from saleor_foresight import cli
from saleor_foresight.graphql.schema import sdl

# what clients build against, committed beside the schema's module
COMMITTED = Path(cli.__file__).parent / "graphql" / "schema.graphql"


def test_committed_sdl_matches_the_schema() -> None:
    assert COMMITTED.read_text() == sdl(), (
        "The GraphQL schema changed: run `saleor-foresight export-schema > "
        "saleor_foresight/graphql/schema.graphql` and commit it."
    )


def test_export_schema_prints_the_sdl(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["export-schema"]) == 0
    assert capsys.readouterr().out == sdl()

"""Photo fixtures: the dispatch shop (an order shipped in one parcel), its clock and the
local storage, for the pipeline's tests that run through dispatch uploads."""

from __future__ import annotations

from tests.dispatch import conftest as dispatch_fixtures

shop = dispatch_fixtures.shop
clock = dispatch_fixtures.clock
storage = dispatch_fixtures.storage

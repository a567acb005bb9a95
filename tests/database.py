"""Which database the tests run on."""

import os

# postgresql://user@host:port/db — set by .ci/run for the second pass of the suite.
TEST_DATABASE_URL = os.environ.get("FORESIGHT_TEST_DATABASE_URL", "")

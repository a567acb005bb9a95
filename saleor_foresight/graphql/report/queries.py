"""foresightReport: what Foresight did, by month and channel. Needs MANAGE_ORDERS.

Bad input is a GraphQL error whose ``extensions.code`` is the report's own code
(INVALID_MONTH, RANGE_REVERSED, RANGE_TOO_LONG); nothing is read or changed.
"""

from __future__ import annotations

import strawberry

from ...report import monthly
from ...report.errors import ReportError
from ...report.period import MAX_MONTHS, period
from ..access import MANAGE_ORDERS
from ..context import Info
from ..errors import ApiError
from .types import ForesightReport


class ReportInputError(ApiError):
    """A report asked for with bad months; ``code`` is the report's error code."""

    def __init__(self, error: ReportError) -> None:
        super().__init__(error.message)
        self.code = error.code.value


@strawberry.type
class ReportQuery:
    @strawberry.field(
        description="What Foresight did, by month (in the shop's time zone) and channel, from "
        f"`since` to `until` (both YYYY-MM, included, at most {MAX_MONTHS} months): claims by "
        "reason and outcome, guidance shown and the claims filed after it, claims resolved in "
        "the shop or escalated, refunds, and orders shipped without proof above the "
        "thresholds; `csv` gives the same as CSV. Needs MANAGE_ORDERS. Bad months are an "
        "error with code INVALID_MONTH, RANGE_REVERSED or RANGE_TOO_LONG."
    )
    async def foresight_report(
        self, info: Info, since: str, until: str, channel: str | None = None
    ) -> ForesightReport:
        context = info.context
        context.staff(MANAGE_ORDERS)
        try:
            months = period(since, until)
        except ReportError as error:
            raise ReportInputError(error) from None
        report = await monthly.monthly(context.session, context.installation.id, months, channel)
        return ForesightReport.of(report)

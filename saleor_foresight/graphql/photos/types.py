"""GraphQL types every photo upload shares, dispatch photos and claim photos alike.

``UploadTicket`` (with its ``UploadField``\\ s) is how the browser posts a file straight to
storage. ``error_codes`` builds a domain's error enum from its own codes and the photo
pipeline's (``photos.errors.PhotoErrorCode``, each code once), so ``DispatchErrorCode`` and
``ClaimErrorCode`` keep every value clients match on while the image codes are defined once.
A field of such an enum is declared ``code: StrEnum = strawberry.field(graphql_type=...)``
and answers the domain's code or the pipeline's, whichever the error carries.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import strawberry

from ...photos.errors import PhotoErrorCode
from ...storage import UploadTicket as Ticket


def error_codes(name: str, own: type[StrEnum]) -> type[StrEnum]:
    """The GraphQL enum ``name``: ``own``'s codes, then the photo pipeline's not among them."""
    members = {code.name: code.value for enum in (own, PhotoErrorCode) for code in enum}
    codes = StrEnum(name, members)  # type: ignore[misc]  # members built, not literal
    strawberry.enum(codes, name=name)
    return codes


@strawberry.type(description="One form field of an upload ticket.")
class UploadField:
    name: str
    value: str


@strawberry.type(
    description="Post `fields` in this order, then the file last as `file`, to `url` "
    "(multipart/form-data), as for an S3 presigned POST."
)
class UploadTicket:
    url: str
    fields: list[UploadField]
    expires_at: datetime
    max_bytes: int
    content_type: str

    @classmethod
    def of(cls, ticket: Ticket) -> UploadTicket:
        return cls(
            url=ticket.url,
            fields=[UploadField(name=k, value=v) for k, v in ticket.fields.items()],
            expires_at=ticket.expires_at,
            max_bytes=ticket.max_bytes,
            content_type=ticket.content_type,
        )

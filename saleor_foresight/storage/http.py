"""The local storage's HTTP edge: browser uploads and signed downloads, answered as S3 would.

``POST /storage/upload`` takes the form of an ``UploadTicket`` (fields first,
the file last in a part named ``file``). It streams the body through
python-multipart's push parser: the fields before the file are checked against
the signed policy before one byte of the file is kept, and the file goes to
disk as it arrives, refused once it passes the policy's limit, whatever the
request's Content-Length said. Success is 204 (or 200/201 when the form asks
with ``success_action_status``); failures carry S3's XML error body, so one
browser client serves both backends: 403 ``AccessDenied`` (forged or expired
policy, a broken condition), 400 ``EntityTooLarge`` / ``EntityTooSmall`` /
``MalformedPOSTRequest``, 412 ``PreconditionFailed`` (the key is taken). A request body
larger than any form could be (the largest file a ticket allows, plus the fields) is
413 ``EntityTooLarge``, read no further.

``GET /storage/download`` serves an object for a signed, unexpired link:
403 ``AccessDenied`` otherwise, 404 ``NoSuchKey`` when the object is gone.

Both answer ``Access-Control-Allow-Origin: *``: they use no cookies, the
signature is the only authority, and storefronts upload from their own origin.
"""

from __future__ import annotations

from contextlib import aclosing
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from .. import bodies
from .base import ObjectInfo, content_disposition
from .errors import InvalidTicket, ObjectExists, ObjectNotFound, ObjectTooLarge, StorageError
from .local import IncomingObject, LocalStorage
from .signing import FILE_FIELD

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

MAX_FIELDS = 16
MAX_FIELD_BYTES = 16 * 1024
MAX_FORM_OVERHEAD = MAX_FIELDS * MAX_FIELD_BYTES + 64 * 1024  # fields, part headers, boundaries
STATUS = {"AccessDenied": 403, "EntityTooSmall": 400, "MalformedPOSTRequest": 400}
CORS = {"Access-Control-Allow-Origin": "*"}


def _error(status: int, code: str, message: str) -> Response:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{escape(message)}</Message></Error>"
    )
    return Response(body, status_code=status, media_type="application/xml", headers=CORS)


def _local(request: Request) -> LocalStorage | None:
    storage = getattr(request.app.state, "storage", None)
    return storage if isinstance(storage, LocalStorage) else None


class _FormEvents:
    """python-multipart callbacks, queued so the route can await between chunks."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}
        self.events: list[tuple[str, bytes]] = []
        self._name = ""
        self._header_name = self._header_value = b""
        self._disposition = b""
        self._value = bytearray()

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": lambda data, start, end: self._header(data[start:end], b""),
            "on_header_value": lambda data, start, end: self._header(b"", data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self._disposition, self._value = b"", bytearray()

    def _header(self, name: bytes, value: bytes) -> None:
        self._header_name += name
        self._header_value += value
        if len(self._header_value) > MAX_FIELD_BYTES:
            raise _Malformed("a part header is too long")

    def _header_end(self) -> None:
        if self._header_name.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = self._header_value = b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        if self._name == FILE_FIELD:
            self.events.append(("file", b""))
        elif self._name in self.fields or len(self.fields) >= MAX_FIELDS:
            raise _Malformed("a form field repeats, or there are too many")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._name == FILE_FIELD:
            if self.events and self.events[-1][0] == "data":
                self.events[-1] = ("data", self.events[-1][1] + data[start:end])
            else:
                self.events.append(("data", data[start:end]))
            return
        self._value += data[start:end]
        if len(self._value) > MAX_FIELD_BYTES:
            raise _Malformed(f"form field {self._name!r} is too long")

    def _part_end(self) -> None:
        if self._name == FILE_FIELD:
            self.events.append(("end", b""))
        else:
            self.fields[self._name] = self._value.decode("utf-8", "replace")


class _Malformed(Exception):
    pass


async def _receive(storage: LocalStorage, request: Request) -> tuple[ObjectInfo, int]:
    """Stream one upload to disk; the stored object and the success status to answer."""
    media_type, params = parse_options_header(request.headers.get("content-type"))
    if media_type != b"multipart/form-data" or not params.get(b"boundary"):
        raise _Malformed("the body must be multipart/form-data")
    form = _FormEvents()
    parser = MultipartParser(params[b"boundary"], form.callbacks())
    incoming: IncomingObject | None = None
    status = 204
    try:
        limit = storage.upload_max_bytes + MAX_FORM_OVERHEAD
        async with aclosing(bodies.stream(request, limit)) as chunks:
            async for chunk in chunks:
                parser.write(chunk)
                for kind, data in form.events:
                    if kind == "file":
                        grant = storage.verify_upload(form.fields)
                        status = grant.success_status
                        incoming = await storage.open_upload(
                            grant.key,
                            grant.content_type,
                            max_bytes=grant.max_bytes,
                            min_bytes=grant.min_bytes,
                        )
                    elif incoming is None:
                        raise _Malformed("file data outside the file part")
                    elif kind == "data":
                        await incoming.write(data)
                    else:  # the file part ended: S3 ignores whatever follows
                        return await incoming.commit(), status
                form.events.clear()
        raise _Malformed("the form has no complete file part")
    finally:
        if incoming is not None:
            await incoming.abort()


async def upload(request: Request) -> Response:
    storage = _local(request)
    if storage is None:
        return _error(404, "NoSuchUpload", "This Foresight stores objects in S3.")
    try:
        info, status = await _receive(storage, request)
    except InvalidTicket as exc:
        return _error(STATUS.get(exc.code, 403), exc.code, str(exc))
    except ObjectTooLarge as exc:
        return _error(400, "EntityTooLarge", f"The upload exceeds the {exc.limit} bytes allowed.")
    except bodies.BodyTooLarge as exc:
        return _error(413, "EntityTooLarge", f"The request exceeds the {exc.limit} bytes allowed.")
    except bodies.BodyTimedOut:
        return _error(400, "RequestTimeout", "The upload stopped before it ended.")
    except ObjectExists:
        return _error(412, "PreconditionFailed", "An object with this key already exists.")
    except (_Malformed, MultipartParseError) as exc:
        return _error(400, "MalformedPOSTRequest", str(exc) or "The form is not valid.")
    except ClientDisconnect:
        return _error(400, "IncompleteBody", "The client went away before the upload ended.")
    headers = {**CORS, "ETag": info.etag or ""}
    if status != 201:
        return Response(status_code=status, headers=headers)
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<PostResponse><Bucket>local</Bucket><Key>{escape(info.key)}</Key>"
        f"<ETag>{escape(info.etag or '')}</ETag></PostResponse>"
    )
    return Response(body, status_code=201, media_type="application/xml", headers=headers)


async def download(request: Request) -> Response:
    storage = _local(request)
    if storage is None:
        return _error(404, "NoSuchKey", "This Foresight stores objects in S3.")
    try:
        key, filename = storage.verify_download(request.query_params)
        info = await storage.head(key)
    except ObjectNotFound:
        return _error(404, "NoSuchKey", "The object does not exist.")
    except StorageError as exc:  # InvalidTicket, or a key that is not one
        return _error(403, "AccessDenied", str(exc))
    headers = {
        **CORS,
        "Content-Disposition": content_disposition(filename) if filename else "inline",
        "Cache-Control": "private, no-transform",
        "X-Content-Type-Options": "nosniff",
        # uploaded files never run as a page on Foresight's origin
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    return FileResponse(storage.path_of(key), media_type=info.content_type, headers=headers)


ROUTES = [
    Route("/storage/upload", upload, methods=["POST"]),
    Route("/storage/download", download, methods=["GET"]),
]

"""Write a pack: one ZIP, streamed from storage into storage, with memory flat in the photos.

Members, in this order (every path is fixed by this module; see EVIDENCE_SCHEMA.md):

1. the provider's documents (PDFs of the accepted disclosures; PayPal and Stripe packs);
2. each dispatch photo as stored (``photos/``), read one at a time, hashed and checked
   against the SHA-256 recorded at upload, then, for a provider pack, its copy fitted to
   the provider's limits (PayPal: ``paypal/files/``; Stripe: into one shipping PDF) — made
   like the buyer copy, never the original: no metadata (GPS included), turned upright;
3. the provider's request bodies (``paypal/<REASON>.json`` or ``stripe/dispute-evidence.json``);
4. ``summary.html``; 5. ``evidence.json``; 6. ``SHA256SUMS`` (every member above, and
   ``evidence.json`` itself).

Memory: the ZIP goes out in 64 KiB chunks (stream-zip) into ``Storage.put_stream``, which
holds about one part of it at a time (an S3 multipart upload; a file on the local storage); a
photo's bytes are held only while it is written and fitted, then dropped. What grows with
the photo count is their metadata (a few hundred bytes each) and, for Stripe, the shipping
PDF, which is capped by Stripe's 5 MB. Photos are stored uncompressed in the ZIP (they are
compressed already); text is deflated.
"""

from __future__ import annotations

import hashlib
import stat
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

import anyio.to_thread
from stream_zip import NO_COMPRESSION_64, ZIP_AUTO, AsyncMemberFile, async_stream_zip

from ..dispatch.models import DispatchPhoto
from ..policies.models import PolicyKind
from ..storage import ObjectNotFound, ObjectTooLarge, Storage, new_key
from . import schema, summary
from .documents import claim_thread_pdf, disclosures_pdf, photo_text, shipping_text
from .gather import Facts
from .models import Provider
from .pdf import Document
from .providers import ProviderFile
from .providers.limits import GIF, JPEG, MB, PAYPAL, PDF, PNG, STRIPE, fit_image
from .readiness import Readiness
from .view import PackFile, PackRequest, PackView, PhotoCheck

PACK_KIND = "evidence-pack"
ZIP_TYPE = "application/zip"
MODE = stat.S_IFREG | 0o644
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}
TYPES = {"JPEG": JPEG, "PNG": PNG, "WEBP": "image/webp", "HEIF": "image/heif"}
FILE_EXTENSIONS = {JPEG: "jpg", PNG: "png", GIF: "gif"}
JSON = "application/json"
SHIPPING_PDF = "stripe/files/shipping-documentation.pdf"
COPY_DETAIL = "a copy made like the buyer's: upright, without EXIF (GPS included), XMP or ICC"
# room kept in Stripe's shipping PDF for its text and PDF structure
PDF_OVERHEAD = 200_000


@dataclass(frozen=True)
class BuiltPack:
    key: str
    sha256: str
    byte_size: int
    view: PackView


async def write_pack(
    storage: Storage, facts: Facts, request: PackRequest, readiness: Readiness | None
) -> BuiltPack:
    """Stream the pack into a fresh key; the key, the ZIP's SHA-256 and size."""
    view = PackView(facts, request, readiness)
    key = new_key(facts.installation_id, PACK_KIND)
    chunks = async_stream_zip(_members(storage, view))
    stored = await storage.put_stream(key, chunks, content_type=ZIP_TYPE)
    assert stored.sha256 is not None  # put_stream hashes what it writes
    return BuiltPack(key, stored.sha256, stored.size, view)


def member(
    view: PackView, path: str, data: bytes, role: str, content_type: str, at: datetime
) -> AsyncMemberFile:
    """A ZIP member of ``data``, recorded with its hash in the view."""
    view.files.append(
        PackFile(path, role, content_type, len(data), hashlib.sha256(data).hexdigest())
    )
    compressible = content_type.startswith("text/") or content_type == JSON
    method = (
        ZIP_AUTO(len(data), level=6)
        if compressible
        else NO_COMPRESSION_64(len(data), zlib.crc32(data))
    )
    return (path, at, MODE, method, _once(data))


def provider_member(
    view: PackView, path: str, data: bytes, role: str, content_type: str, at: datetime
) -> AsyncMemberFile | None:
    """A file of the provider's folder, or None (named) when it breaks the provider's limits."""
    limits = view.limits
    assert limits is not None
    used = sum(f.byte_size for f in view.provider_files)
    if len(data) > limits.max_file_bytes:
        view.adjustments.leave_out(
            path,
            f"{len(data)} bytes; {limits.provider} takes at most {limits.max_file_bytes} a file",
        )
        return None
    if limits.max_total_bytes is not None and used + len(data) > limits.max_total_bytes:
        view.adjustments.leave_out(
            path,
            f"{limits.provider} takes {limits.max_total_bytes} "
            "bytes in all; the files before it use that up",
        )
        return None
    entry = member(view, path, data, role, content_type, at)
    view.provider_files.append(
        ProviderFile(path, role, content_type, len(data), view.files[-1].sha256)
    )
    return entry


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _members(storage: Storage, view: PackView) -> AsyncIterator[AsyncMemberFile]:
    facts = view.facts
    async for entry in _provider_documents(view):
        yield entry
    shipping = Document(f"Dispatch proof - order {facts.order.number}")
    share = _photo_share(view)
    for index, (parcel, photo) in enumerate(facts.photos, 1):
        data = await _read(storage, view, photo, index, parcel.fulfillment.number)
        if data is None:
            continue
        path = view.photo_paths[photo.id]
        content_type = TYPES.get(photo.format, JPEG)
        yield member(view, path, data, "dispatch-photo", content_type, photo.uploaded_at)
        caption = photo_text(parcel.fulfillment, photo)
        fitted = await _fit(view, shipping, data, path, index, share, caption)
        if fitted is not None:
            yield fitted
        del data
    async for entry in _closing(view, shipping):
        yield entry


async def _provider_documents(view: PackView) -> AsyncIterator[AsyncMemberFile]:
    provider, at = view.request.provider, view.facts.gathered_at
    if provider is Provider.GENERIC:
        return
    for name, role, document in _documents(view.facts, provider):
        data = await anyio.to_thread.run_sync(document.output)
        path = f"{provider.lower()}/files/{name}"
        if document.folded:
            detail = "text folded to Latin-1; the exact text is in summary.html"
            view.adjustments.adjust(name, path, ("FOLDED",), detail)
        entry = provider_member(view, path, data, role, PDF, at)
        if entry is not None:
            yield entry


async def _fit(
    view: PackView,
    shipping: Document,
    data: bytes,
    path: str,
    index: int,
    share: int,
    caption: str,
) -> AsyncMemberFile | None:
    """The photo's copy for the provider: a PayPal file, or a page of Stripe's shipping PDF."""
    provider = view.request.provider
    if provider is Provider.GENERIC:
        return None
    accepted = PAYPAL.content_types if provider is Provider.PAYPAL else frozenset({JPEG})
    fitted = await anyio.to_thread.run_sync(fit_image, data, accepted, share)
    if fitted is None:
        view.adjustments.leave_out(path, f"cannot be made smaller than {share} bytes")
        return None
    target = SHIPPING_PDF
    if provider is Provider.PAYPAL:
        target = f"paypal/files/dispatch-photo-{index}.{FILE_EXTENSIONS[fitted.content_type]}"
    detail = f"{fitted.width}x{fitted.height}; {COPY_DETAIL}"
    view.adjustments.adjust(path, target, fitted.actions, detail)
    if provider is Provider.PAYPAL:
        at = view.facts.gathered_at
        return provider_member(view, target, fitted.data, "dispatch-photo", fitted.content_type, at)
    shipping.photo(fitted.data, fitted.width, fitted.height, caption)
    return None


async def _closing(view: PackView, shipping: Document) -> AsyncIterator[AsyncMemberFile]:
    """Stripe's shipping PDF, the provider's requests, the summary, evidence.json, sums."""
    at = view.facts.gathered_at
    if view.request.provider is Provider.STRIPE:
        shipping.paragraph(shipping_text(view.facts))
        data = await anyio.to_thread.run_sync(shipping.output)
        entry = provider_member(view, SHIPPING_PDF, data, "shipping-documentation", PDF, at)
        if entry is not None:
            yield entry
    for path, body in schema.provider_requests(view).items():
        view.provider_requests[path] = body
        yield member(view, path, schema.json_bytes(body), "provider-request", JSON, at)
    yield member(view, "summary.html", summary.render(view).encode(), "summary", "text/html", at)
    document = schema.json_bytes(schema.document(view))
    yield member(view, "evidence.json", document, "evidence", JSON, at)
    sums = "".join(f"{f.sha256}  {f.path}\n" for f in view.files)
    yield member(view, "SHA256SUMS", sums.encode(), "checksums", "text/plain", at)


def _documents(facts: Facts, provider: Provider) -> list[tuple[str, str, Document]]:
    found: list[tuple[str, str, Document]] = []
    everything = disclosures_pdf(facts)
    if everything is not None:
        found.append(("disclosures.pdf", "disclosures", everything))
    returns = disclosures_pdf(facts, PolicyKind.RETURN_TERMS)
    if returns is not None:
        found.append(
            (
                "refund-policy.pdf" if provider is Provider.STRIPE else "return-policy.pdf",
                "refund-policy" if provider is Provider.STRIPE else "return-policy",
                returns,
            )
        )
    if provider is Provider.STRIPE and facts.claim is not None:
        found.append(
            (
                "customer-communication.pdf",
                "customer-communication",
                claim_thread_pdf(facts, facts.claim),
            )
        )
    return found


def _photo_share(view: PackView) -> int:
    """The bytes each photo may take in the provider's files, so that all of them fit."""
    count = max(len(view.facts.photos), 1)
    if view.request.provider is Provider.PAYPAL:
        used = sum(f.byte_size for f in view.provider_files)
        room = (PAYPAL.max_total_bytes or 0) - used
        return max(min(PAYPAL.max_file_bytes, room // count), 0)
    if view.request.provider is Provider.STRIPE:
        return min(
            STRIPE.max_file_bytes - PDF_OVERHEAD,
            (STRIPE.max_file_bytes - PDF_OVERHEAD) // count,
            1 * MB,
        )
    return 0


async def _read(
    storage: Storage, view: PackView, photo: DispatchPhoto, index: int, parcel: int
) -> bytes | None:
    """The original's bytes, checked against the recorded hash; None (named) if unreadable."""
    extension = EXTENSIONS.get(photo.format, "bin")
    path = f"photos/parcel-{parcel}-photo-{index}-{str(photo.id)[:8]}.{extension}"
    view.photo_paths[photo.id] = path
    try:
        data = await storage.read(photo.original_key, max_bytes=photo.byte_size)
    except ObjectNotFound:
        problem = "the original is missing from storage"
    except ObjectTooLarge:
        problem = "the stored original is larger than recorded"
    else:
        computed = hashlib.sha256(data).hexdigest()
        view.photo_checks.append(
            PhotoCheck(
                photo.id,
                path,
                photo.sha256,
                computed,
                None if computed == photo.sha256 else "altered",
            )
        )
        return data
    view.photo_checks.append(PhotoCheck(photo.id, None, photo.sha256, None, problem))
    view.adjustments.leave_out(path, problem)
    del view.photo_paths[photo.id]
    return None

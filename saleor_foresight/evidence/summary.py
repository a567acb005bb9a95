"""``summary.html``: the pack for a person, one self-contained page.

No script, no external style, font or image: the photos are the ZIP's own files, linked by
relative path. Every value is HTML-escaped; the disclosures' full texts are rendered from
their hashed Markdown by the same sanitiser the storefront uses (``policies.content``).
Sections: the timeline, the order, the terms accepted (full text and how they were shown),
the dispatch proof (parcels, tracking, photos with hashes and times), the claim, the
provider mapping and what was fitted or left out, the verification, and every file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from ..money import format_money
from ..policies.content import render_markdown
from .documents import carrier_of, how_shown, timeline, when
from .schema import SCHEMA
from .view import PackView

STYLE = (
    "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "color:#111}table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid"
    " #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}code{word-break:break-all}"
    ".bad{color:#a00;font-weight:bold}.ok{color:#060}blockquote{border-left:3px solid #999;"
    "margin:.5rem 0;padding-left:1rem}img{max-width:18rem;height:auto}"
)


def e(value: object) -> str:
    return escape("" if value is None else str(value))


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def render(view: PackView) -> str:
    facts, request = view.facts, view.request
    order = facts.order
    verdict = (
        '<p class="ok">Every hash and chain verified.</p>'
        if view.verified
        else '<p class="bad">Verification FAILED: see Verification.</p>'
    )
    parts = [
        "<!doctype html><html lang=en><meta charset=utf-8>",
        f"<title>Evidence pack, order {e(order.number)}</title><style>{STYLE}</style>",
        f"<h1>Evidence pack for order {e(order.number)}</h1>",
        f"<p>Pack <code>{e(request.id)}</code>, {e(request.provider.value)}"
        f"{', reason ' + e(request.reason.value) if request.reason else ''}; asked by "
        f"{e(request.requested_by)} at {e(when(request.created_at))}; built "
        f"{e(when(facts.gathered_at))}. Schema <code>{SCHEMA}</code>.</p>",
        verdict,
        "<h2>Timeline</h2>",
        table(["When", "What", ""], ((e(when(t)), e(k), e(s)) for t, k, s in timeline(facts))),
        _order(view),
        _acceptances(view),
        _dispatch(view),
        _claim(view),
        _provider(view),
        _verification(view),
        "<h2>Files</h2><p>Every file of the pack but <code>evidence.json</code> and "
        "<code>SHA256SUMS</code> (which lists all, with their SHA-256):</p>",
        table(
            ["Path", "Role", "Bytes", "SHA-256"],
            (
                (
                    f"<code>{e(f.path)}</code>",
                    e(f.role),
                    e(f.byte_size),
                    f"<code>{e(f.sha256)}</code>",
                )
                for f in view.files
            ),
        ),
        "</html>",
    ]
    return "\n".join(parts)


def _order(view: PackView) -> str:
    order = view.facts.order
    rows = [
        ("Saleor order", f"<code>{e(order.saleor_id)}</code>"),
        ("Placed", e(when(order.created_at))),
        ("Channel", e(order.channel_slug)),
        ("Buyer", e(order.user_email or order.user_id)),
        (
            "Total",
            e(format_money(order.total_gross, order.currency) if order.total_gross else None),
        ),
        ("Shipping", e(order.shipping_method_name)),
        ("Country", e(order.shipping_country)),
    ]
    lines = table(
        ["Product", "Variant", "SKU", "Quantity"],
        ((e(li.product_name), e(li.variant_name), e(li.sku), e(li.quantity)) for li in order.lines),
    )
    return "<h2>Order</h2>" + table(["", ""], rows) + lines


def _acceptances(view: PackView) -> str:
    parts = ["<h2>Terms accepted before payment</h2>"]
    if not view.facts.acceptances:
        parts.append("<p>No acceptance is bound to this order.</p>")
    for acceptance in view.facts.acceptances:
        parts.append(
            f"<h3>Acceptance <code>{e(acceptance.id)}</code></h3><p>Record SHA-256 "
            f"<code>{e(acceptance.record_hash)}</code>, link {e(acceptance.sequence)}, previous "
            f"<code>{e(acceptance.prev_hash)}</code>.</p>"
        )
        for item in acceptance.items:
            parts.append(
                f"<h4>{e(item.title)}</h4><p>{e(how_shown(acceptance, item))}</p>"
                f"<p>Consent control: “{e(item.consent_label)}”</p>"
                f"<blockquote>{render_markdown(item.translation.body_markdown)}</blockquote>"
            )
    return "\n".join(parts)


def _dispatch(view: PackView) -> str:
    facts = view.facts
    parts = [f"<h2>Dispatch proof</h2><p>Carrier: {e(carrier_of(facts.order) or 'unknown')}</p>"]
    for parcel in facts.parcels:
        f = parcel.fulfillment
        parts.append(
            f"<h3>Parcel {e(f.number)} ({e(f.status)})</h3><p>Shipped {e(when(f.created_at))}; "
            f"tracking number <code>{e(f.tracking_number or 'none')}</code>.</p>"
        )
        rows = []
        for photo in parcel.photos:
            path = view.photo_paths.get(photo.id)
            image = (
                f'<a href="{e(path)}"><img src="{e(path)}" alt="parcel photo"></a>'
                if path
                else "missing"
            )
            rows.append(
                (
                    image,
                    f"<code>{e(photo.id)}</code><br>file <code>{e(path)}</code>",
                    f"<code>{e(photo.sha256)}</code>",
                    f"taken {e(photo.captured_at or 'unrecorded')} (camera); received "
                    f"{e(when(photo.uploaded_at))} from {e(photo.uploaded_by_email)}; "
                    f"{e(photo.width)}x{e(photo.height)}, {e(photo.byte_size)} bytes",
                )
            )
        parts.append(table(["Photo", "Id", "SHA-256", "Times"], rows))
        for hidden in parcel.hidden:
            parts.append(
                f"<p>Photo <code>{e(hidden.id)}</code> (SHA-256 <code>{e(hidden.sha256)}</code>) "
                f"was hidden from the buyer on {e(when(hidden.hidden_at))}: "
                f"{e(hidden.hidden_reason)}; it is not in this pack.</p>"
            )
    return "\n".join(parts)


def _claim(view: PackView) -> str:
    claim = view.facts.claim
    if claim is None:
        return ""
    messages = table(
        ["When", "Who", "Step", "Message"],
        ((e(when(m.at)), e(m.actor), e(m.action), e(m.text)) for m in claim.messages),
    )
    resolutions = "".join(f"<p>{e(r.text)}</p>" for r in claim.resolutions)
    photos = (
        "<h3>Photos the buyer sent</h3>"
        + table(
            ["Sent", "SHA-256", "Bytes", "Format"],
            (
                (e(when(f.uploaded_at)), f"<code>{e(f.sha256)}</code>", e(f.byte_size), e(f.format))
                for f in claim.photos
            ),
        )
        if claim.photos
        else ""
    )
    return (
        f"<h2>Claim {e(claim.number)}</h2><p>Reason {e(claim.reason)}, wished "
        f"{e(claim.wished_resolution)}, now {e(claim.status)}.</p>{messages}{photos}"
        f"<h3>Resolution</h3>{resolutions or '<p>None yet.</p>'}"
    )


def _provider(view: PackView) -> str:
    limits = view.limits
    if limits is None:
        return ""
    files = table(
        ["File", "Role", "Type", "Bytes", "SHA-256"],
        (
            (
                f"<code>{e(f.path)}</code>",
                e(f.role),
                e(f.content_type),
                e(f.byte_size),
                f"<code>{e(f.sha256)}</code>",
            )
            for f in view.provider_files
        ),
    )
    requests = "".join(f"<li><code>{e(p)}</code></li>" for p in sorted(view.provider_requests))
    adjusted = table(
        ["Source", "Became", "What", "Detail"],
        (
            (e(a["source"]), e(a["file"]), e(", ".join(a["actions"])), e(a["detail"]))
            for a in view.adjustments.adjusted
        ),
    )
    left = table(
        ["Left out", "Why"], ((e(x["source"]), e(x["reason"])) for x in view.adjustments.left_out)
    )
    return (
        f"<h2>For {e(limits.provider)}</h2><p>Request bodies, shaped as the provider's API "
        f"takes them (Foresight does not send them):</p><ul>{requests}</ul>{files}"
        f"<h3>Fitted to the provider's limits</h3>{adjusted}<h3>Left out</h3>{left}"
    )


def _verification(view: PackView) -> str:
    chain = view.facts.chain

    def mark(ok: bool) -> str:
        return '<span class="ok">ok</span>' if ok else '<span class="bad">FAILED</span>'

    rows = [
        (
            "Acceptance chain of the shop",
            mark(chain.ok),
            e(
                f"{chain.records_checked} records, {chain.versions_checked} versions; tampered "
                f"records {[str(i) for i in chain.tampered_records]}, tampered versions "
                f"{[str(i) for i in chain.tampered_versions]}, broken links "
                f"{[str(i) for i in chain.broken_links]}, head mismatch {chain.head_mismatch}"
            ),
        ),
    ]
    rows += [
        (
            f"Acceptance {e(c.acceptance_id)}",
            mark(c.ok),
            e(f"stored {c.stored_hash}, recomputed {c.recomputed_hash}"),
        )
        for c in view.facts.record_checks
    ]
    rows += [
        (
            f"Photo {e(c.photo_id)}",
            mark(c.ok),
            e(f"recorded {c.recorded_sha256}, read {c.computed_sha256 or c.problem}"),
        )
        for c in view.photo_checks
    ]
    if view.facts.claim is not None:
        rows.append(
            ("Claim log", mark(bool(view.facts.claim.log.get("ok"))), e(view.facts.claim.log))
        )
    return "<h2>Verification</h2>" + table(["What", "Result", "Detail"], rows)

// A claim's detail: the facts, the items, the offer or resolution, the thread, what the
// shop already knows (acceptances, parcels, photos), and the actions staff may take now.

import { h } from "../shared/dom.js";
import { gql } from "./api.js";
import { ACTIONS, composer, REJECTION_CODES } from "./claim-actions.js";
import { due, LIST_FIELDS, statusBadge } from "./claim-status.js";
import { badge, dashboardLink, errorNotice, formatAgo, formatDateTime, httpUrl, humanize, notice, orderPath, shortHash, show, spinner } from "./ui.js";

const RESOLUTION_FIELDS = `
  id kind status amount currency includeShipping refundedAmount replacementOrderNumber
  lastError attempts nextAttemptAt confirmedAt createdAt
  lines { productName quantity }`;

const CLAIM = `
query ForesightClaim($id: ID!) {
  claim(id: $id) {
    ${LIST_FIELDS}
    escalatedAt rejectionCode closedAt availableActions
    lines { orderLineId name sku quantity }
    offer { ${RESOLUTION_FIELDS} }
    resolution { ${RESOLUTION_FIELDS} }
    messages { id action author authorEmail body internal createdAt photos { id thumbnailUrl url } }
    order {
      userEmail totalGross currency shippingMethodName maxDeliveryDays
      acceptances { acceptedAt items { title versionNumber kind contentHash } }
      dispatchProof { fulfillments { id number trackingNumber photos { id thumbnailUrl url capturedAt uploadedAt } } }
    }
  }
}`;

function money(amount, currency) {
  if (amount === null || amount === undefined) return "";
  try {
    return new Intl.NumberFormat(document.documentElement.lang || undefined, { style: "currency", currency }).format(Number(amount));
  } catch {
    return `${amount} ${currency ?? ""}`.trim();
  }
}

function photoStrip(photos, label) {
  if (!photos || photos.length === 0) return null;
  return h(
    "ul",
    { class: "photos photos-small", "aria-label": label },
    photos.map((photo) =>
      h(
        "li",
        { class: "photo" },
        h("a", { href: httpUrl(photo.url), target: "_blank", rel: "noopener noreferrer" }, h("img", { src: httpUrl(photo.thumbnailUrl), alt: label, loading: "lazy" })),
      ),
    ),
  );
}

function messageItem(message) {
  const who =
    message.author === "STAFF" ? message.authorEmail || "Staff" : message.author === "BUYER" ? `Buyer${message.authorEmail ? ` (${message.authorEmail})` : ""}` : "Foresight";
  return h(
    "li",
    { class: `event event-${String(message.author).toLowerCase()}${message.internal ? " event-internal" : ""}` },
    h(
      "div",
      { class: "event-head" },
      h("strong", {}, who),
      h("span", { class: "muted" }, humanize(message.action)),
      message.internal ? badge("internal note", "neutral") : null,
      h("time", { datetime: message.createdAt, title: formatDateTime(message.createdAt) }, formatAgo(message.createdAt)),
    ),
    message.body ? h("p", { class: "event-message" }, message.body) : null,
    photoStrip(message.photos, "Photo from the thread"),
  );
}

function resolutionCard(title, resolution) {
  if (!resolution) return null;
  const amount = resolution.refundedAmount ?? resolution.amount;
  return h(
    "div",
    { class: "card resolution" },
    h("h3", { class: "subtitle" }, title, " ", badge(humanize(resolution.status), resolution.status === "FAILED" ? "critical" : "neutral")),
    h(
      "p",
      {},
      humanize(resolution.kind),
      amount !== null && amount !== undefined ? ` · ${money(amount, resolution.currency)}` : "",
      resolution.includeShipping ? " · shipping included" : "",
      resolution.replacementOrderNumber ? ` · replacement order #${resolution.replacementOrderNumber}` : "",
    ),
    resolution.lastError ? notice(`Saleor: ${resolution.lastError}`, "error") : null,
    resolution.nextAttemptAt ? h("p", { class: "muted small" }, `Tried ${resolution.attempts ?? 0} times; next ${formatAgo(resolution.nextAttemptAt)}.`) : null,
  );
}

function evidence(claim) {
  const order = claim.order;
  const parcels = order?.dispatchProof?.fulfillments ?? [];
  return h(
    "aside",
    { class: "card evidence", "aria-label": "What the shop knows" },
    h("h3", { class: "subtitle" }, "What the shop knows"),
    h("h4", { class: "section-title" }, "Accepted before paying"),
    (order?.acceptances ?? []).length === 0
      ? h("p", { class: "muted" }, "Nothing recorded.")
      : h(
          "ul",
          { class: "plain" },
          order.acceptances.flatMap((record) =>
            record.items.map((item) =>
              h("li", {}, `${item.title} v${item.versionNumber}`, h("span", { class: "hash hash-line", title: item.contentHash }, `${formatDateTime(record.acceptedAt)} · sha256 ${shortHash(item.contentHash)}`)),
            ),
          ),
        ),
    h("h4", { class: "section-title" }, "Parcels"),
    parcels.length === 0
      ? h("p", { class: "muted" }, "Not shipped.")
      : parcels.map((parcel) =>
          h(
            "div",
            { class: "parcel" },
            h("p", { class: "parcel-head" }, h("strong", {}, `Parcel ${parcel.number}`), " · ", parcel.trackingNumber || "no tracking number"),
            photoStrip(parcel.photos, `Photo of parcel ${parcel.number}`) ?? h("p", { class: "muted small" }, "No dispatch photo."),
          ),
        ),
    order?.shippingMethodName
      ? h("p", { class: "muted small" }, `${order.shippingMethodName}${order.maxDeliveryDays ? `, up to ${order.maxDeliveryDays} days` : ""}`)
      : null,
  );
}

export async function showClaim(target, id, back, message = null) {
  show(target, spinner());
  let claim;
  try {
    claim = (await gql(CLAIM, { id })).claim;
  } catch (error) {
    show(target, h("button", { type: "button", class: "link back", onclick: back }, "← All claims"), errorNotice(error));
    return;
  }
  const reload = (done) => showClaim(target, id, back, done);
  const actions = claim.availableActions.filter((name) => ACTIONS[name]);
  const panel = h("div", { class: "composer-slot" });
  const buttons = h(
    "div",
    { class: "actions claim-actions", role: "group", "aria-label": "Actions" },
    actions.map((name) => {
      const action = ACTIONS[name];
      return h(
        "button",
        {
          type: "button",
          class: name === "MESSAGE" ? "button button-primary" : "button",
          dataset: { action: name },
          onclick: async (event) => {
            for (const button of buttons.children) button.setAttribute("aria-pressed", "false");
            event.currentTarget.setAttribute("aria-pressed", "true");
            if (action.fields.length === 0) {
              // nothing to fill in: act at once
              show(panel, composer(action, claim.id, reload));
              panel.querySelector("form").requestSubmit();
            } else {
              show(panel, composer(action, claim.id, reload));
              panel.querySelector("textarea, select, input")?.focus();
            }
          },
        },
        action.label,
      );
    }),
  );

  show(
    target,
    h("button", { type: "button", class: "link back", onclick: back }, "← All claims"),
    h("h2", { class: "title" }, `Claim #${claim.number} `, statusBadge(claim.status)),
    message ? notice(message, "success") : null,
    h(
      "div",
      { class: "claim-grid" },
      h(
        "div",
        { class: "claim-main" },
        h(
          "dl",
          { class: "facts" },
          h("dt", {}, "Order"),
          h("dd", {}, dashboardLink(orderPath(claim.orderId), `#${claim.orderNumber}`), ` · ${claim.channel}`),
          h("dt", {}, "Reason"),
          h("dd", {}, humanize(claim.reason)),
          h("dt", {}, "Buyer wishes"),
          h("dd", {}, humanize(claim.wishedResolution)),
          h("dt", {}, "Buyer"),
          h("dd", {}, claim.order?.userEmail ?? ""),
          h("dt", {}, "Filed"),
          h("dd", {}, formatDateTime(claim.createdAt)),
          claim.dueAt ? [h("dt", {}, "Answer due"), h("dd", {}, formatDateTime(claim.dueAt), " ", due(claim))] : null,
          h("dt", {}, "Assigned to"),
          h("dd", {}, claim.assignee?.email ?? "nobody"),
          claim.rejectionCode ? [h("dt", {}, "Rejected"), h("dd", {}, REJECTION_CODES[claim.rejectionCode] ?? humanize(claim.rejectionCode))] : null,
        ),
        claim.lines.length > 0
          ? h(
              "ul",
              { class: "lines" },
              claim.lines.map((line) =>
                h("li", {}, `${line.quantity} × ${line.name}`, line.sku ? ` · ${line.sku}` : ""),
              ),
            )
          : null,
        resolutionCard("Offer", claim.offer),
        resolutionCard("Resolution", claim.resolution),
        h("h3", { class: "subtitle" }, "Thread"),
        h("ol", { class: "events" }, claim.messages.map(messageItem)),
        actions.length > 0 ? [buttons, panel] : h("p", { class: "muted" }, "Nothing for the shop to do now."),
      ),
      evidence(claim),
    ),
  );
}

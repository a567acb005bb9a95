// A claim's detail: the facts, the items, the offer or resolution, the thread (opening with
// the buyer's report), what the shop already knows (acceptances, the one that bears on the
// claim's reason first as the shop's evidence, parcels, photos), and the actions staff may take
// now: decisions apart from the conversation.

import { h } from "../shared/dom.js";
import { gql } from "./api.js";
import { ACTIONS, composer, GROUPS, REJECTION_CODES } from "./claim-actions.js";
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

// what each step of the thread is, in words ("File" is the buyer's report that opened it)
const STEP_LABELS = {
  FILE: "Buyer's report",
  MESSAGE: "Message",
  NOTE: "Note",
  REQUEST_INFO: "Asked for information",
  OFFER: "Offer",
  ACCEPT_OFFER: "Accepted the offer",
  DECLINE_OFFER: "Declined the offer",
  MISS_DEADLINE: "Deadline missed",
  CONFIRM_RESOLUTION: "Saleor confirmed",
  FAIL_RESOLUTION: "Saleor failed",
  RETRY_RESOLUTION: "Tried again",
};

// the policy kinds whose acceptance is the shop's evidence against a claim of this reason
const EVIDENCE_KINDS = {
  COLOUR_DIFFERENT: ["COLOUR_DIFFERENCE"],
  RETURN: ["RETURN_TERMS"],
  NOT_RECEIVED: ["DELIVERY_TIME"],
};

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
      h("span", { class: "muted" }, STEP_LABELS[message.action] ?? humanize(message.action)),
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

/** What the buyer accepted, the items bearing on the claim's reason first and marked. */
function acceptedItems(claim) {
  const bearing = new Set(EVIDENCE_KINDS[claim.reason] ?? []);
  const items = (claim.order?.acceptances ?? []).flatMap((record) => record.items.map((item) => ({ item, record })));
  if (items.length === 0) return h("p", { class: "muted" }, "Nothing recorded.");
  const first = [...items.filter((x) => bearing.has(x.item.kind)), ...items.filter((x) => !bearing.has(x.item.kind))];
  return h(
    "ul",
    { class: "plain" },
    first.map(({ item, record }) => {
      const evidence = bearing.has(item.kind);
      return h(
        "li",
        { class: evidence ? "accepted accepted-evidence" : "accepted", dataset: { kind: item.kind } },
        evidence ? [badge("The shop's evidence", "info"), " "] : null,
        `${item.title} v${item.versionNumber}`,
        evidence ? h("span", { class: "small" }, ` — the buyer accepted this before paying, and the claim is about it (${humanize(claim.reason)}).`) : null,
        h("span", { class: "hash hash-line", title: item.contentHash }, `${formatDateTime(record.acceptedAt)} · sha256 ${shortHash(item.contentHash)}`),
      );
    }),
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
    acceptedItems(claim),
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
  const buttons = [];
  const button = (name) => {
    const action = ACTIONS[name];
    const element = h(
      "button",
      {
        type: "button",
        class: name === "MESSAGE" ? "button button-primary" : "button",
        dataset: { action: name },
        onclick: async (event) => {
          for (const other of buttons) other.setAttribute("aria-pressed", "false");
          event.currentTarget.setAttribute("aria-pressed", "true");
          show(panel, composer(action, claim, reload));
          if (action.fields.length === 0) {
            panel.querySelector("form").requestSubmit(); // nothing to fill in: act at once
          } else {
            panel.querySelector("textarea, select, input")?.focus();
          }
        },
      },
      action.label,
    );
    buttons.push(element);
    return element;
  };
  // decisions on the claim apart from the conversation with the buyer
  const groups = GROUPS.map(([group, label]) => {
    const names = actions.filter((name) => ACTIONS[name].group === group);
    if (names.length === 0) return null;
    return h(
      "div",
      { class: `action-group action-group-${group}`, role: "group", "aria-label": label },
      h("h4", { class: "section-title" }, label),
      h("div", { class: "actions claim-actions" }, names.map(button)),
    );
  });

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
        actions.length > 0 ? [groups, panel] : h("p", { class: "muted" }, "Nothing for the shop to do now."),
      ),
      evidence(claim),
    ),
  );
}

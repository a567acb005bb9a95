// The buyer's claims: each with its status, reason, items, thread and the shop's offer (accept
// or decline it), a reply box, and the "report a problem" flow (./claim-form.js).
//
// A storefront may still put its own content in <div slot="claims">…</div> inside
// <foresight-order>: it shows below the section.

import { graphql } from "../../shared/graphql.js";
import { h } from "../../shared/dom.js";
import { uid } from "../dom.js";
import { claimStyles, reportForm, run } from "./claim-form.js";

export const ORDER_CLAIMS = graphql`
  query ForesightOrderClaims($orderId: ID!, $email: String) {
    orderClaims(orderId: $orderId, email: $email) {
      id number status reason wishedResolution createdAt dueAt closedAt availableActions
      lines { orderLineId name quantity }
      offer {
        id kind status amount currency includeShipping
        lines { orderLineId productName quantity }
      }
      resolution { id kind status amount currency refundedAmount replacementOrderNumber }
      messages {
        id action author body createdAt
        photos { id url thumbnailUrl }
      }
    }
  }
`;

export const CLAIM_OPTIONS = graphql`
  query ForesightClaimOptions($orderId: ID!, $email: String) {
    claimOptions(orderId: $orderId, email: $email) {
      orderId expectedDeliveryBy returnWindowEndsAt suggestCancellation
      reasons { reason availability explanation mayFile needsConfirmation opensAt closesAt evidence }
      parcels {
        shippedAt expectedDeliveryBy
        fulfillment { id number trackingNumber photos { id url thumbnailUrl } }
      }
      colourWarnings { versionId title consentLabel acceptedAt }
      returnTerms { versionId title consentLabel acceptedAt returnWindowDays }
      lines { id name quantity claimable }
    }
  }
`;

export const CLAIM_OFFER_ACCEPT = graphql`
  mutation ForesightClaimOfferAccept($id: ID!, $offerId: ID!, $email: String) {
    claimOfferAccept(id: $id, offerId: $offerId, email: $email) {
      claim { id status }
      errors { field code message }
    }
  }
`;

export const CLAIM_OFFER_DECLINE = graphql`
  mutation ForesightClaimOfferDecline($id: ID!, $offerId: ID!, $email: String, $message: String) {
    claimOfferDecline(id: $id, offerId: $offerId, email: $email, message: $message) {
      claim { id status }
      errors { field code message }
    }
  }
`;

export const CLAIM_MESSAGE_SEND = graphql`
  mutation ForesightClaimMessageSend($id: ID!, $message: String!, $email: String) {
    claimMessageSend(id: $id, message: $message, email: $email) {
      claim { id status }
      errors { field code message }
    }
  }
`;

export const CLAIM_ESCALATE = graphql`
  mutation ForesightClaimEscalate($id: ID!, $email: String) {
    claimEscalate(id: $id, email: $email) {
      claim { id status }
      errors { field code message }
    }
  }
`;

export const CLAIM_WITHDRAW = graphql`
  mutation ForesightClaimWithdraw($id: ID!, $email: String) {
    claimWithdraw(id: $id, email: $email) {
      claim { id status }
      errors { field code message }
    }
  }
`;

export const section = {
  name: "claims",

  async load({ client, orderId, email, signal }) {
    const [claims, options] = await Promise.allSettled([
      client.request(ORDER_CLAIMS, { orderId, email }, { signal }),
      client.request(CLAIM_OPTIONS, { orderId, email }, { signal }),
    ]);
    if (claims.status === "rejected") throw claims.reason;
    // Without the options the claims still show; only the "report a problem" flow is left out.
    const guidance = options.status === "fulfilled" ? options.value.claimOptions : null;
    return { claims: claims.value.orderClaims, options: guidance };
  },

  render(data, view) {
    const headingId = uid("claims");
    const section = h(
      "section",
      { class: "panel claims", part: "section claims", "aria-labelledby": headingId },
      claimStyles(view.element.shadowRoot),
      view.heading(0, view.t("claims.heading"), { id: headingId, class: "heading" }),
    );
    if (data.claims.length) {
      section.append(h("ul", { class: "claim-list", role: "list" }, data.claims.map((c) => claimItem(c, view))));
    } else {
      section.append(h("p", { class: "muted" }, view.t("claims.none")));
    }
    if (data.options) section.append(reportForm(data.options, view));
    section.append(h("slot", { name: "claims" }));
    return section;
  },
};

function claimItem(claim, view) {
  const open = !claim.closedAt;
  return h(
    "li",
    { class: "claim", part: "claim", "data-status": claim.status },
    view.heading(1, [
      view.t("claims.number", { number: claim.number }),
      " · ",
      view.t(`claims.reason.${claim.reason}`),
    ], { class: "subheading" }),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, view.t("claims.status")),
      h("dd", {}, h("span", { class: `status status-${claim.status.toLowerCase()}`, part: "claim-status" },
        view.t(`claims.status.${claim.status}`))),
      h("dt", {}, view.t("claims.filed")),
      h("dd", {}, view.formatTime(claim.createdAt)),
      h("dt", {}, view.t("claims.wished")),
      h("dd", {}, view.t(`claims.kind.${claim.wishedResolution}`)),
      claim.lines.length ? [
        h("dt", {}, view.t("claims.items")),
        h("dd", {}, h("ul", { class: "plain", role: "list" }, claim.lines.map((line) =>
          h("li", {}, view.t("claims.line", { quantity: line.quantity, name: line.name }))))),
      ] : null,
      open && claim.dueAt ? [
        h("dt", {}, view.t("claims.due")),
        h("dd", {}, view.formatTime(claim.dueAt)),
      ] : null,
    ),
    claim.offer && claim.offer.status === "OFFERED" ? offerBlock(claim, view) : null,
    claim.resolution ? resolutionBlock(claim.resolution, view) : null,
    thread(claim, view),
    actions(claim, view),
  );
}

function describeResolution(resolution, view) {
  const amount = resolution.amount && resolution.currency
    ? view.t("claims.amount", { amount: resolution.amount, currency: resolution.currency })
    : null;
  return [view.t(`claims.kind.${resolution.kind}`), amount ? ` (${amount})` : ""].join("");
}

function offerBlock(claim, view) {
  const offer = claim.offer;
  const headingId = uid("offer");
  const answer = (mutation, key, button) =>
    run(view, mutation, { id: claim.id, offerId: offer.id, email: view.email }, view.t(key), button);
  return h(
    "div",
    { class: "offer", part: "claim-offer", role: "group", "aria-labelledby": headingId },
    h("p", { id: headingId, class: "offer-title" }, view.t("claims.offer", { offer: describeResolution(offer, view) })),
    offer.lines.length ? h("ul", { class: "plain small", role: "list" }, offer.lines.map((line) =>
      h("li", {}, view.t("claims.line", { quantity: line.quantity, name: line.productName })))) : null,
    offer.includeShipping ? h("p", { class: "small" }, view.t("claims.includeShipping")) : null,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "primary", part: "accept-offer-button",
        onclick: (event) => answer(CLAIM_OFFER_ACCEPT, "claims.accepted", event.currentTarget) }, view.t("claims.acceptOffer")),
      h("button", { type: "button", class: "secondary", part: "decline-offer-button",
        onclick: (event) => answer(CLAIM_OFFER_DECLINE, "claims.declined", event.currentTarget) }, view.t("claims.declineOffer")),
    ),
  );
}

function resolutionBlock(resolution, view) {
  return h(
    "p",
    { class: "resolution", part: "claim-resolution" },
    view.t("claims.resolution", {
      resolution: describeResolution(resolution, view),
      status: view.t(`claims.resolutionStatus.${resolution.status}`),
    }),
    resolution.refundedAmount && resolution.currency
      ? [" ", view.t("claims.refunded", { amount: resolution.refundedAmount, currency: resolution.currency })]
      : null,
  );
}

function thread(claim, view) {
  if (!claim.messages.length) return null;
  const labelId = uid("thread");
  return h(
    "div",
    { class: "thread" },
    h("p", { id: labelId, class: "small muted" }, view.t("claims.thread")),
    h("ol", { class: "messages", "aria-labelledby": labelId }, claim.messages.map((message) =>
      h(
        "li",
        { class: `message from-${message.author.toLowerCase()}`, part: "claim-message" },
        h("p", { class: "small muted" }, view.t("claims.said", {
          author: view.t(`claims.author.${message.author}`),
          time: view.formatTime(message.createdAt),
        })),
        message.body ? h("p", { class: "body" }, message.body) : null,
        message.photos.length ? h("ul", { class: "claim-photos", role: "list" }, message.photos.map((photo, index) =>
          h("li", {}, h("a", { href: photo.url, target: "_blank", rel: "noopener noreferrer" },
            h("img", { src: photo.thumbnailUrl, alt: view.t("claims.photoAlt", { index: index + 1 }), loading: "lazy" }),
            h("span", { class: "visually-hidden" }, ` ${view.t("dispatch.newTab")}`))))) : null,
      ))),
  );
}

function actions(claim, view) {
  const can = new Set(claim.availableActions);
  const parts = [];
  if (can.has("MESSAGE")) {
    const fieldId = uid("reply");
    const box = h("textarea", { id: fieldId, rows: 2, maxlength: 5000 });
    parts.push(h(
      "form",
      {
        class: "reply",
        onsubmit: (event) => {
          event.preventDefault();
          const message = box.value.trim();
          if (!message) {
            view.showError(view.t("claims.messageMissing"));
            box.focus();
            return;
          }
          run(view, CLAIM_MESSAGE_SEND, { id: claim.id, message, email: view.email }, view.t("claims.sent"), event.submitter);
        },
      },
      h("label", { for: fieldId }, view.t("claims.reply", { number: claim.number })),
      box,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary" }, view.t("claims.send"))),
    ));
  }
  const buttons = [];
  if (can.has("ESCALATE")) {
    buttons.push(h("button", { type: "button", class: "secondary",
      onclick: (event) => run(view, CLAIM_ESCALATE, { id: claim.id, email: view.email }, view.t("claims.escalated"), event.currentTarget) },
    view.t("claims.escalate")));
  }
  if (can.has("WITHDRAW")) {
    buttons.push(h("button", { type: "button", class: "secondary",
      onclick: (event) => {
        if (!window.confirm(view.t("claims.withdrawConfirm"))) return;
        run(view, CLAIM_WITHDRAW, { id: claim.id, email: view.email }, view.t("claims.withdrawn"), event.currentTarget);
      } },
    view.t("claims.withdraw")));
  }
  if (buttons.length) parts.push(h("div", { class: "actions" }, buttons));
  return parts.length ? parts : null;
}

// The buyer's claims: each with its status, reason, items, thread and the shop's offer (accept
// it, once more confirming what it is worth, or decline it), a reply box, and the "report a
// problem" flow (./claim-form.js). What the buyer did is confirmed in the claim they did it to,
// with focus moved there; an error shows beside the button they pressed.
//
// A storefront may still put its own content in <div slot="claims">…</div> inside
// <foresight-order>: it shows below the section.

import { graphql } from "../../shared/graphql.js";
import { h } from "../../shared/dom.js";
import { uid } from "../dom.js";
import {
  cancellationRequest,
  claimStyles,
  confirmation,
  localError,
  reportForm,
  run,
  takeFlash,
} from "./claim-form.js";

export const ORDER_CLAIMS = graphql`
  query ForesightOrderClaims($orderId: ID!, $email: String) {
    orderClaims(orderId: $orderId, email: $email) {
      id number status reason wishedResolution createdAt dueOn closedAt availableActions
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
      orderId expectedDeliveryOn returnWindowEndsOn suggestCancellation
      reasons {
        reason availability explanation explanationKey explanationParams { name value isDay }
        mayFile needsConfirmation opensOn closesOn evidence
      }
      parcels {
        shippedAt
        fulfillment { id number trackingNumber expectedDeliveryOn photos { id url thumbnailUrl } }
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
    const flashed = takeFlash(view);
    const known = flashed?.claimId && data.claims.some((c) => c.id === flashed.claimId);
    if (flashed && !known) section.append(confirmation(flashed.text));
    if (data.claims.length) {
      section.append(h("ul", { class: "claim-list", role: "list" },
        data.claims.map((c) => claimItem(c, view, known && c.id === flashed.claimId ? flashed.text : null))));
    } else {
      section.append(h("p", { class: "muted" }, view.t("claims.none")));
    }
    if (data.options) {
      const pending = data.claims.some((c) => c.reason === "CANCELLATION" && !c.closedAt);
      const cancel = pending ? null : cancellationRequest(data.options, view);
      if (cancel) section.append(cancel);
      section.append(reportForm(data.options, view));
    }
    section.append(h("slot", { name: "claims" }));
    return section;
  },
};

function claimItem(claim, view, flashed) {
  const open = !claim.closedAt;
  return h(
    "li",
    { class: "claim", part: "claim", "data-status": claim.status },
    flashed ? confirmation(flashed) : null,
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
      open && claim.dueOn ? [
        h("dt", {}, view.t("claims.due")),
        h("dd", {}, view.formatDay(claim.dueOn)),
      ] : null,
    ),
    claim.offer && claim.offer.status === "OFFERED" ? offerBlock(claim, view) : null,
    claim.resolution ? resolutionBlock(claim.resolution, view) : null,
    thread(claim, view),
    actions(claim, view),
  );
}

function describeResolution(resolution, view) {
  const amount = resolution.amount && resolution.currency ? view.formatMoney(resolution.amount, resolution.currency) : null;
  return [view.t(`claims.kind.${resolution.kind}`), amount ? ` (${amount})` : ""].join("");
}

const MONEY_KINDS = new Set(["REFUND", "PARTIAL_REFUND", "RETURN_AND_REFUND"]);

/**
 * Ask once more before an answer that cannot be taken back: `question`, then "yes" (the
 * action) or "go back". Drawn in place of `actions`; focus moves to the question's yes.
 */
function confirmInPlace(actions, question, yes, act) {
  const before = [...actions.childNodes];
  const restore = () => {
    actions.replaceChildren(...before);
    before[0]?.focus();
  };
  const yesButton = h("button", { type: "button", class: "primary", onclick: (event) => act(event.currentTarget, restore) }, yes);
  actions.replaceChildren(
    h("p", { class: "confirm-offer" }, question),
    yesButton,
    h("button", { type: "button", class: "secondary", onclick: restore }, actions.dataset.goBack),
  );
  yesButton.focus();
}

function offerBlock(claim, view) {
  const offer = claim.offer;
  const headingId = uid("offer");
  const error = localError();
  const variables = { id: claim.id, offerId: offer.id, email: view.email };
  const answer = (mutation, key, button) =>
    run(view, mutation, variables, { done: view.t(key), button, errorAt: error, claimId: claim.id });
  const described = describeResolution(offer, view);
  const actions = h(
    "div",
    { class: "actions", "data-go-back": view.t("claims.goBack") },
    h("button", { type: "button", class: "primary", part: "accept-offer-button",
      onclick: (event) => {
        if (!MONEY_KINDS.has(offer.kind)) return answer(CLAIM_OFFER_ACCEPT, "claims.accepted", event.currentTarget);
        confirmInPlace(actions, view.t("claims.acceptConfirm", { offer: described }), view.t("claims.acceptYes"),
          (button) => answer(CLAIM_OFFER_ACCEPT, "claims.accepted", button));
      } }, view.t("claims.acceptOffer")),
    h("button", { type: "button", class: "secondary", part: "decline-offer-button",
      onclick: (event) => answer(CLAIM_OFFER_DECLINE, "claims.declined", event.currentTarget) }, view.t("claims.declineOffer")),
  );
  return h(
    "div",
    { class: "offer", part: "claim-offer", role: "group", "aria-labelledby": headingId },
    h("p", { id: headingId, class: "offer-title" }, view.t("claims.offer", { offer: described })),
    offer.lines.length ? h("ul", { class: "plain small", role: "list" }, offer.lines.map((line) =>
      h("li", {}, view.t("claims.line", { quantity: line.quantity, name: line.productName })))) : null,
    offer.includeShipping ? h("p", { class: "small" }, view.t("claims.includeShipping")) : null,
    error.node,
    actions,
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
      ? [" ", view.t("claims.refunded", { amount: view.formatMoney(resolution.refundedAmount, resolution.currency) })]
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
        message.body ? h("p", { class: "body" }, systemWords(message, view) ?? message.body) : null,
        message.photos.length ? h("ul", { class: "claim-photos", role: "list" }, message.photos.map((photo, index) =>
          h("li", {}, h("a", { href: photo.url, target: "_blank", rel: "noopener noreferrer" },
            h("img", { src: photo.thumbnailUrl, alt: view.t("claims.photoAlt", { index: index + 1 }), loading: "lazy" }),
            h("span", { class: "visually-hidden" }, ` ${view.t("dispatch.newTab")}`))))) : null,
      ))),
  );
}

/** Foresight's own messages in the buyer's language (the thread keeps the English it wrote). */
function systemWords(message, view) {
  if (message.author !== "SYSTEM") return null;
  const key = `claims.system.${message.action}`;
  const words = view.t(key);
  return words === key ? null : words;
}

function actions(claim, view) {
  const can = new Set(claim.availableActions);
  const parts = [];
  const step = (mutation, variables, key, button, errorAt) =>
    run(view, mutation, { id: claim.id, email: view.email, ...variables },
      { done: view.t(key), button, errorAt, claimId: claim.id });
  if (can.has("MESSAGE")) {
    const fieldId = uid("reply");
    const box = h("textarea", { id: fieldId, rows: 2, maxlength: 5000 });
    const error = localError();
    parts.push(h(
      "form",
      {
        class: "reply",
        onsubmit: (event) => {
          event.preventDefault();
          const message = box.value.trim();
          if (!message) {
            error.show(view.t("claims.messageMissing"), box);
            return;
          }
          step(CLAIM_MESSAGE_SEND, { message }, "claims.sent", event.submitter, error);
        },
      },
      h("label", { for: fieldId }, view.t("claims.reply", { number: claim.number })),
      box,
      error.node,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary" }, view.t("claims.send"))),
    ));
  }
  const error = localError();
  const buttons = h("div", { class: "actions", "data-go-back": view.t("claims.goBack") });
  if (can.has("ESCALATE")) {
    buttons.append(h("button", { type: "button", class: "secondary",
      onclick: (event) => step(CLAIM_ESCALATE, {}, "claims.escalated", event.currentTarget, error) },
    view.t("claims.escalate")));
  }
  if (can.has("WITHDRAW")) {
    buttons.append(h("button", { type: "button", class: "secondary",
      onclick: () => confirmInPlace(buttons, view.t("claims.withdrawConfirm"), view.t("claims.withdrawYes"),
        (button) => step(CLAIM_WITHDRAW, {}, "claims.withdrawn", button, error)) },
    view.t("claims.withdraw")));
  }
  if (buttons.childNodes.length) parts.push(error.node, buttons);
  return parts.length ? parts : null;
}

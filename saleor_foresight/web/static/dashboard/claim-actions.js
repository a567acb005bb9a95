// What staff do with a claim. Every action is a row of ACTIONS: its group (a decision on the
// claim, the conversation with the buyer, or the handling), the API's mutation, the fields
// staff fill in, and how they become variables; a claim shows the buttons of the actions its
// availableActions names, by group (an action the API offers but this table lacks is not
// shown). composer() is the form of one action on one claim.

import { h } from "../shared/dom.js";
import { gql } from "./api.js";
import { bridge } from "./bridge.js";
import { errorNotice, formatMoney, humanize, notice, show, spinner } from "./ui.js";

const PAYLOAD = "claim { id } errors { field code message }";

const RESOLUTION_KINDS = ["REFUND", "PARTIAL_REFUND", "REPLACEMENT", "RETURN_AND_REFUND"];
export const REJECTION_CODES = {
  DELIVERED: "The tracking shows the parcel delivered",
  NO_EVIDENCE: "Nothing supports the claim",
  OUTSIDE_POLICY: "Outside the accepted terms",
  DISCLOSED: "The difference was disclosed and accepted",
  DUPLICATE: "Handled in another claim",
  OTHER: "Another reason",
};

export const GROUPS = [
  ["decision", "Decide"],
  ["conversation", "Talk to the buyer"],
  ["handling", "Handling"],
];

function resolutionInput(values) {
  const partial = values.kind === "PARTIAL_REFUND";
  return {
    kind: values.kind,
    // the lines and quantities chosen; a partial refund is an amount, not lines
    lines: partial ? [] : values.lines,
    amount: partial ? values.amount : null,
    includeShipping: values.includeShipping,
  };
}

// the staff actions: label, the API's mutation, the composer's fields, the variables
export const ACTIONS = {
  MESSAGE: {
    group: "conversation",
    label: "Reply",
    mutation: "claimMessageSend",
    document: `mutation ForesightClaimReply($id: ID!, $message: String!) { claimMessageSend(id: $id, message: $message) { ${PAYLOAD} } }`,
    fields: ["message"],
    variables: (id, v) => ({ id, message: v.message }),
    done: "Your reply was sent to the buyer.",
  },
  REQUEST_INFO: {
    group: "conversation",
    label: "Ask for information",
    mutation: "claimRequestInfo",
    document: `mutation ForesightClaimAsk($id: ID!, $message: String!) { claimRequestInfo(id: $id, message: $message) { ${PAYLOAD} } }`,
    fields: ["message"],
    variables: (id, v) => ({ id, message: v.message }),
    done: "The buyer was asked; the claim waits for their answer.",
  },
  OFFER: {
    group: "decision",
    label: "Offer a resolution",
    mutation: "claimOffer",
    document: `mutation ForesightClaimOffer($id: ID!, $input: ClaimResolutionInput!, $message: String) { claimOffer(id: $id, input: $input, message: $message) { ${PAYLOAD} } }`,
    fields: ["kind", "money", "lines", "amount", "includeShipping", "optionalMessage"],
    variables: (id, v) => ({ id, input: resolutionInput(v), message: v.message || null }),
    done: "The offer was sent; the buyer accepts or declines it.",
  },
  RESOLVE: {
    group: "decision",
    label: "Resolve now",
    mutation: "claimResolve",
    document: `mutation ForesightClaimResolve($id: ID!, $input: ClaimResolutionInput, $message: String) { claimResolve(id: $id, input: $input, message: $message) { ${PAYLOAD} } }`,
    fields: ["kind", "money", "lines", "amount", "includeShipping", "optionalMessage"],
    variables: (id, v) => ({ id, input: resolutionInput(v), message: v.message || null }),
    done: "The resolution is being carried out in Saleor.",
  },
  SETTLE: {
    group: "decision",
    label: "Close as settled",
    mutation: "claimResolve",
    document: `mutation ForesightClaimSettle($id: ID!, $message: String) { claimResolve(id: $id, message: $message) { ${PAYLOAD} } }`,
    fields: ["optionalMessage"],
    hint: "Closes the claim as resolved with nothing to do in Saleor (the parcel turned up, or the buyer was refunded another way).",
    variables: (id, v) => ({ id, message: v.message || null }),
    done: "The claim is closed as settled.",
  },
  REJECT: {
    group: "decision",
    label: "Reject",
    mutation: "claimReject",
    document: `mutation ForesightClaimReject($id: ID!, $code: ClaimRejectionCode!, $message: String!) { claimReject(id: $id, code: $code, message: $message) { ${PAYLOAD} } }`,
    fields: ["code", "message"],
    variables: (id, v) => ({ id, code: v.code, message: v.message }),
    done: "The claim was rejected; the buyer may escalate it once.",
  },
  NOTE: {
    group: "conversation",
    label: "Internal note",
    mutation: "claimNoteAdd",
    document: `mutation ForesightClaimNote($id: ID!, $note: String!) { claimNoteAdd(id: $id, note: $note) { ${PAYLOAD} } }`,
    fields: ["message"],
    hint: "Only staff see notes.",
    variables: (id, v) => ({ id, note: v.message }),
    done: "Note added.",
  },
  ASSIGN: {
    group: "handling",
    label: "Assign to me",
    mutation: "claimAssign",
    document: `mutation ForesightClaimAssign($id: ID!, $assigneeId: ID, $assigneeEmail: String) { claimAssign(id: $id, assigneeId: $assigneeId, assigneeEmail: $assigneeEmail) { ${PAYLOAD} } }`,
    fields: [],
    variables: (id) => ({ id, assigneeId: bridge.user.id || null, assigneeEmail: bridge.user.email || null }),
    done: "The claim is yours.",
  },
  RETRY_RESOLUTION: {
    group: "handling",
    label: "Try again in Saleor",
    mutation: "claimResolutionRetry",
    document: `mutation ForesightClaimRetry($id: ID!) { claimResolutionRetry(id: $id) { ${PAYLOAD} } }`,
    fields: [],
    variables: (id) => ({ id }),
    done: "Foresight asks Saleor again.",
  },
};

/** The order's money beside an offer: its currency, its total, the most a refund may be. */
function moneyFacts(claim) {
  const order = claim.order ?? {};
  const total = formatMoney(order.totalGross, order.currency);
  if (!total) return h("p", { class: "muted small" }, `Amounts are in ${order.currency ?? "the order's currency"}.`);
  return h(
    "dl",
    { class: "facts money-facts" },
    h("dt", {}, "Currency"),
    h("dd", {}, order.currency ?? ""),
    h("dt", {}, "Order total"),
    h("dd", {}, total),
    h("dt", {}, "At most refundable"),
    h("dd", {}, total, h("span", { class: "muted small" }, " (the order's total; refunds made outside Foresight are not taken off)")),
  );
}

/** A quantity per claimed line: the offer covers those above 0 (never more than claimed). */
function linePicker(claim) {
  return h(
    "fieldset",
    { class: "lines-picker", dataset: { except: "PARTIAL_REFUND" } },
    h("legend", {}, "Items and quantities"),
    claim.lines.map((line) =>
      h(
        "label",
        { class: "line-choice" },
        h("input", {
          type: "number",
          name: `quantity:${line.orderLineId}`,
          min: "0",
          max: String(line.quantity),
          step: "1",
          value: String(line.quantity),
          class: "input-short",
          "aria-label": `Quantity of ${line.name}`,
        }),
        ` of ${line.quantity} × ${line.name}`,
      ),
    ),
  );
}

function control(name, claim) {
  const currency = claim.order?.currency ?? "";
  switch (name) {
    case "message":
      return h("label", { class: "field" }, h("span", { class: "field-label" }, "Message"), h("textarea", { name: "message", rows: "4", required: true, maxlength: "5000" }));
    case "optionalMessage":
      return h("label", { class: "field" }, h("span", { class: "field-label" }, "Message to the buyer (optional)"), h("textarea", { name: "message", rows: "3", maxlength: "5000" }));
    case "kind":
      return h(
        "label",
        { class: "field" },
        h("span", { class: "field-label" }, "Resolution"),
        h("select", { name: "kind" }, RESOLUTION_KINDS.map((kind) => h("option", { value: kind }, humanize(kind)))),
      );
    case "money":
      return moneyFacts(claim);
    case "lines":
      return claim.lines.length > 0 ? linePicker(claim) : null;
    case "amount":
      return h(
        "label",
        { class: "field", dataset: { only: "PARTIAL_REFUND" } },
        h("span", { class: "field-label" }, currency ? `Amount (${currency})` : "Amount"),
        h("input", { type: "number", name: "amount", min: "0", step: "0.01", max: claim.order?.totalGross ?? null }),
      );
    case "includeShipping":
      return h("label", { class: "check" }, h("input", { type: "checkbox", name: "includeShipping" }), " Refund the shipping too");
    case "code":
      return h(
        "label",
        { class: "field" },
        h("span", { class: "field-label" }, "Why"),
        h("select", { name: "code" }, Object.entries(REJECTION_CODES).map(([code, label]) => h("option", { value: code }, label))),
      );
    default:
      return null;
  }
}

export function composer(action, claim, onDone) {
  const claimId = claim.id;
  const status = h("div", {});
  const form = h(
    "form",
    { class: "form composer", dataset: { action: action.mutation } },
    action.fields.map((name) => control(name, claim)),
    action.hint ? h("p", { class: "muted small" }, action.hint) : null,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "button button-primary" }, action.label)),
    status,
  );
  const kind = form.querySelector("select[name=kind]");
  const amount = form.querySelector("[data-only=PARTIAL_REFUND]");
  const lines = form.querySelector("[data-except=PARTIAL_REFUND]");
  const syncKind = () => {
    if (amount) amount.hidden = kind?.value !== "PARTIAL_REFUND";
    if (lines) lines.hidden = kind?.value === "PARTIAL_REFUND";
  };
  kind?.addEventListener("change", syncKind);
  syncKind();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const values = {
      message: String(data.get("message") ?? "").trim(),
      kind: data.get("kind"),
      amount: data.get("amount") || null,
      includeShipping: data.get("includeShipping") === "on",
      code: data.get("code"),
      lines: [...data.entries()]
        .filter(([name, quantity]) => name.startsWith("quantity:") && Number(quantity) > 0)
        .map(([name, quantity]) => ({ orderLineId: name.slice("quantity:".length), quantity: Number(quantity) })),
    };
    if (action.fields.includes("lines") && values.kind !== "PARTIAL_REFUND" && claim.lines.length > 0 && values.lines.length === 0) {
      show(status, notice("Choose at least one item, or offer a partial refund.", "warning"));
      return;
    }
    show(status, spinner("Sending…"));
    form.querySelector("button[type=submit]").disabled = true;
    try {
      const payload = (await gql(action.document, action.variables(claimId, values)))[action.mutation];
      if (payload.errors.length > 0) {
        show(status, notice(payload.errors.map((e) => e.message).join(" "), "error"));
        return;
      }
      bridge.notify({ status: "success", title: action.label, text: action.done });
      onDone(action.done);
    } catch (error) {
      show(status, errorNotice(error));
    } finally {
      form.querySelector("button[type=submit]").disabled = false;
    }
  });
  return form;
}

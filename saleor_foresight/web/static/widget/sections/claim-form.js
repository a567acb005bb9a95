// The "report a problem" flow of the claims section, a short sequence: which items (and how
// many, where more than one), what is wrong (with what the shop knows about each reason: open,
// not open yet, closed, and the evidence such as the dispatch photos and the tracking number),
// then a message, the wished resolution and photos (claimPhotoUploadCreate tickets, posted
// straight to storage), then claimCreate. Before anything shipped, one notice with a request to
// cancel instead. Each reason's guidance the buyer opens is reported (claimGuidanceShown). Also
// the helpers the claim actions share: run(), errors beside the control, confirmations where
// the buyer acted, and the section's styles.

import { graphql } from "../../shared/graphql.js";
import { h } from "../../shared/dom.js";
import { uid } from "../dom.js";

export const CLAIM_PHOTO_UPLOAD_CREATE = graphql`
  mutation ForesightClaimPhotoUploadCreate($orderId: ID!, $contentType: String!, $byteSize: Int!, $email: String) {
    claimPhotoUploadCreate(orderId: $orderId, contentType: $contentType, byteSize: $byteSize, email: $email) {
      upload { id expiresAt }
      ticket { url fields { name value } expiresAt maxBytes contentType }
      errors { field code message }
    }
  }
`;

export const CLAIM_CREATE = graphql`
  mutation ForesightClaimCreate($input: ClaimCreateInput!) {
    claimCreate(input: $input) {
      claim { id number status }
      errors { field code message }
    }
  }
`;

export const CLAIM_GUIDANCE_SHOWN = graphql`
  mutation ForesightClaimGuidanceShown($orderId: ID!, $reason: ClaimReason!, $email: String) {
    claimGuidanceShown(orderId: $orderId, reason: $reason, email: $email) {
      errors { field code message }
    }
  }
`;

const RESOLUTIONS = ["REFUND", "REPLACEMENT", "RETURN_AND_REFUND", "PARTIAL_REFUND"];
const PHOTO_TYPES = "image/jpeg,image/png,image/webp,image/heic,image/heif";

// The guidance views reported in this page load, by order and reason: once each.
const reported = new Set();

const CLAIMS_CSS = `
.claim-list { list-style: none; margin: 0 0 var(--_gap); padding: 0; display: grid; gap: var(--_gap); }
.claim { border-top: 1px solid var(--_border); padding-top: 0.75rem; }
.claim:first-child { border-top: 0; padding-top: 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 0.75rem; margin: 0 0 0.75rem; }
.facts dt { color: var(--_muted); }
.facts dd { margin: 0; }
.plain { list-style: none; margin: 0; padding: 0; }
.status { font-weight: 600; }
.status-offer_made, .status-waiting_for_buyer { color: var(--_accent); }
.status-resolving, .status-resolved { color: var(--_success); }
.status-rejected, .status-escalated { color: var(--_error); }
.offer {
  border: 1px solid var(--_accent); border-radius: var(--_radius);
  padding: 0.75rem; margin: 0 0 0.75rem;
}
.offer .actions { margin-top: 0.5rem; }
.offer-title { font-weight: 600; }
.resolution { font-weight: 600; }
.messages { list-style: none; margin: 0 0 0.75rem; padding: 0; display: grid; gap: 0.5rem; }
.message { padding: 0.5rem 0.75rem; border-radius: var(--_radius); border: 1px solid var(--_border); }
.message.from-buyer { background: color-mix(in srgb, var(--_accent) 6%, transparent); }
.message p { margin: 0 0 0.25rem; white-space: pre-wrap; }
.message p:last-child { margin: 0; }
.claim-photos, .evidence-photos { list-style: none; margin: 0.25rem 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
.claim-photos img, .evidence-photos img {
  display: block; width: 6rem; height: 6rem; object-fit: cover;
  border-radius: var(--_radius); border: 1px solid var(--_border);
}
.reply label, .report-form label.block, .report-form .field > label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
textarea, select, input[type="number"], input[type="file"] {
  font: inherit; color: inherit; max-width: 100%;
  border: 1px solid var(--_border); border-radius: calc(var(--_radius) / 2); padding: 0.4rem 0.5rem;
  background: var(--_surface);
}
textarea { width: 100%; resize: vertical; }
.reply .actions { margin-top: 0.5rem; }
.report { margin-top: var(--_gap); border-top: 1px solid var(--_border); }
.report-form { margin-top: var(--_gap); display: grid; gap: var(--_gap); }
.report-form[hidden] { display: none; }
fieldset {
  border: 1px solid var(--_border); border-radius: var(--_radius); margin: 0; padding: 0.5rem 0.75rem 0.75rem;
  min-inline-size: 0; /* a fieldset is as wide as its widest content otherwise */
}
input[type="file"], select { width: 100%; }
legend { font-weight: 600; padding: 0 0.25rem; }
.line-row { display: flex; align-items: center; gap: 0.75rem; justify-content: space-between; padding: 0.25rem 0; }
.line-row label { min-width: 0; }
.reason { padding: 0.4rem 0; border-top: 1px dashed var(--_border); }
.reason:first-of-type { border-top: 0; }
.reason > label { display: flex; gap: 0.5rem; align-items: baseline; cursor: pointer; }
.reason input[type="radio"] { accent-color: var(--_accent); }
.reason input:disabled + span { color: var(--_muted); }
.reason .badge.open { color: var(--_success); }
.reason .badge.closed { color: var(--_error); }
.guidance {
  margin: 0.4rem 0 0 1.5rem; padding: 0.5rem 0.75rem;
  border-inline-start: 3px solid var(--_accent); background: color-mix(in srgb, var(--_border) 18%, transparent);
}
.guidance[hidden] { display: none; }
.guidance p { margin: 0 0 0.4rem; }
.guidance label { display: flex; gap: 0.5rem; align-items: flex-start; font-weight: 600; }
.hint { color: var(--_muted); font-size: 0.875em; margin: 0.25rem 0 0; }
.line-item { padding: 0.25rem 0; }
.line-item .line-row { justify-content: flex-start; gap: 0.5rem; }
.line-item input[type="checkbox"] { flex: none; width: 1.15rem; height: 1.15rem; accent-color: var(--_accent); }
.quantity-row { margin: 0.25rem 0 0 1.65rem; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.quantity-row[hidden], .step[hidden], .cancel-form[hidden], .local-error[hidden] { display: none; }
.quantity-row input { width: 5rem; }
.local-error {
  margin: 0; padding: 0.5rem 0.75rem; border: 1px solid var(--_error); border-radius: var(--_radius);
  background: var(--_error-surface); color: var(--_error); font-weight: 600;
}
.confirmation {
  margin: 0 0 0.75rem; padding: 0.5rem 0.75rem; border: 1px solid var(--_success);
  border-radius: var(--_radius); color: var(--_success); font-weight: 600;
}
.confirmation::before { content: "✓ "; }
.nothing-shipped { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.75rem; margin-top: var(--_gap); }
.notice-title { font-weight: 600; }
.cancel-form { display: grid; gap: 0.5rem; margin-top: 0.5rem; }
.confirm-offer { margin: 0.5rem 0 0; font-weight: 600; }
[aria-invalid="true"] { outline: 2px solid var(--_error); outline-offset: 1px; }
`;

let sheet = null;

/**
 * The section's styles, added to the element's shadow root once: a constructed sheet (pages
 * whose CSP refuses inline styles still apply it), else a <style> element to put in the section.
 */
export function claimStyles(root) {
  if (root && "adoptedStyleSheets" in root && "replaceSync" in CSSStyleSheet.prototype) {
    if (sheet === null) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CLAIMS_CSS);
    }
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return null;
  }
  return h("style", {}, CLAIMS_CSS);
}

// A confirmation waiting for the next render, per element: {text, claimId}. The claims section
// shows it where the buyer acted (in the claim, or above the list) and moves focus there.
const flashes = new WeakMap();

export function flash(view, text, claimId = null) {
  flashes.set(view.element, { text, claimId });
}

/** The confirmation to show in this render, if any (shown once). */
export function takeFlash(view) {
  const found = flashes.get(view.element) ?? null;
  flashes.delete(view.element);
  return found;
}

/** A confirmation the buyer sees where they are looking: focused once it is on the page. */
export function confirmation(text) {
  const node = h("p", { class: "confirmation", part: "claim-confirmation", tabindex: "-1" }, text);
  queueMicrotask(() => {
    if (node.isConnected) node.focus();
  });
  return node;
}

/**
 * An error shown beside the control the buyer used: `show(text)` moves focus to it,
 * `show(text, field)` focuses the field and describes it by the error instead.
 */
export function localError() {
  const id = uid("error");
  const node = h("p", { id, class: "local-error", part: "claim-error", tabindex: "-1", hidden: true });
  let described = null;
  const clear = () => {
    node.hidden = true;
    node.textContent = "";
    if (described) {
      const rest = (described.getAttribute("aria-describedby") ?? "").split(" ").filter((x) => x && x !== id);
      if (rest.length) described.setAttribute("aria-describedby", rest.join(" "));
      else described.removeAttribute("aria-describedby");
      described = null;
    }
  };
  const show = (text, field = null) => {
    clear();
    node.textContent = text;
    node.hidden = false;
    if (field) {
      const ids = (field.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
      field.setAttribute("aria-describedby", [...ids, id].join(" "));
      described = field;
      field.focus();
    } else {
      node.focus();
    }
  };
  return { node, show, clear };
}

/**
 * Send one claim mutation. On success the confirmation `done` (text, or a function of the
 * payload) waits for the reload of the order, in the claim acted on; errors show at `errorAt`
 * (a localError) beside the button. A busy `button` ignores more presses.
 */
export async function run(view, document, variables, { done, button, errorAt, claimId = null }) {
  if (button?.getAttribute("aria-disabled") === "true") return null;
  button?.setAttribute("aria-disabled", "true");
  errorAt.clear();
  try {
    const data = await view.client().request(document, variables);
    const payload = Object.values(data)[0];
    if (payload.errors?.length) {
      errorAt.show(claimErrorText(payload.errors[0], view));
      return null;
    }
    flash(view, typeof done === "function" ? done(payload) : done, claimId ?? payload.claim?.id ?? null);
    view.refresh();
    return payload;
  } catch (error) {
    errorAt.show(view.element.errorText(error, "claims.notFound"));
    return null;
  } finally {
    button?.removeAttribute("aria-disabled");
  }
}

/** A ClaimError in the buyer's language where the widget has words for its code. */
export function claimErrorText(error, view) {
  const key = `claims.error.${error.code}`;
  const text = view.t(key);
  return text === key ? error.message || view.t("error.generic") : text;
}

/** The reasons the form offers: not CANCELLATION (its own notice, before anything shipped),
 * and none that are closed only because nothing shipped. */
function formReasons(options) {
  return options.reasons.filter(
    (option) => option.reason !== "CANCELLATION" && !(options.suggestCancellation && option.availability === "CLOSED"),
  );
}

export function reportForm(options, view) {
  const formId = uid("report");
  // Built on first opening: until the buyer asks, the page holds only the button.
  let form = null;
  const toggle = h(
    "button",
    { type: "button", class: "secondary", part: "report-button", "aria-expanded": "false" },
    view.t("claims.report"),
  );
  const holder = h("div", { class: "report", part: "report" }, h("div", { class: "actions" }, toggle));
  toggle.addEventListener("click", () => {
    if (form === null) {
      form = buildForm(options, view, formId);
      form.hidden = true;
      holder.append(form);
      toggle.setAttribute("aria-controls", formId);
    }
    const show = form.hidden;
    form.hidden = !show;
    toggle.setAttribute("aria-expanded", String(show));
    if (show) form.querySelector("fieldset:not([hidden]) input:not([disabled]), textarea, select")?.focus();
  });
  return holder;
}

/**
 * Before anything shipped: one notice, and a request to cancel (a CANCELLATION claim for every
 * item still claimable, which staff answer). Null when the order cannot take one.
 */
export function cancellationRequest(options, view) {
  const option = options.reasons.find((o) => o.reason === "CANCELLATION");
  if (!options.suggestCancellation || option?.availability !== "OPEN") return null;
  const lines = options.lines.filter((line) => line.claimable > 0);
  const key = randomKey(); // one name for this request: a retry returns the claim already filed
  const headingId = uid("nothing-shipped");
  const messageId = uid("cancel-message");
  const message = h("textarea", { id: messageId, rows: 2, maxlength: 5000 });
  const error = localError();
  const send = h("button", { type: "submit", class: "primary", part: "cancel-send" }, view.t("claims.cancelSend"));
  const form = h(
    "form",
    {
      class: "cancel-form", hidden: true,
      onsubmit: (event) => {
        event.preventDefault();
        const input = {
          orderId: view.orderId, email: view.email, reason: "CANCELLATION", wishedResolution: "REFUND",
          lines: lines.map((line) => ({ orderLineId: line.id, quantity: line.claimable })),
          message: message.value.trim() || view.t("claims.cancelDefault"), idempotencyKey: key,
        };
        run(view, CLAIM_CREATE, { input }, {
          done: (payload) => view.t("claims.cancelSent", { number: payload.claim.number }), button: send, errorAt: error,
        });
      },
    },
    h("label", { for: messageId }, view.t("claims.cancelMessage")),
    message,
    error.node,
    h("div", { class: "actions" }, send),
  );
  const open = h("button", {
    type: "button", class: "secondary", part: "cancel-request", "aria-expanded": "false",
    onclick: () => {
      form.hidden = false;
      open.setAttribute("aria-expanded", "true");
      message.focus();
    },
  }, view.t("claims.cancelRequest"));
  return h(
    "div",
    { class: "nothing-shipped", part: "nothing-shipped", role: "group", "aria-labelledby": headingId },
    h("p", { id: headingId, class: "notice-title" }, view.t("claims.nothingShipped")),
    h("p", {}, view.t("claims.nothingShippedText")),
    lines.length ? [h("div", { class: "actions" }, open), form] : null,
  );
}

const MAX_PHOTOS = 5;

/**
 * The report as a short sequence: which items (a box per line, how many only where more than
 * one could be meant), then what is wrong with the shop's guidance for it, then the message,
 * the wished resolution and photos. Each step checks itself before the next shows.
 */
function buildForm(options, view, formId) {
  const reasonGroup = `reason-${formId}`;
  // One name for this filing: a retry after a lost answer returns the claim already filed.
  const filingKey = randomKey();
  const error = localError();

  const picked = [];
  const lineRows = options.lines.map((line) => {
    const boxId = uid("item");
    if (line.claimable < 1) {
      return h("p", { class: "line-row muted" }, h("span", {}, line.name), " ", h("span", { class: "small" }, view.t("claims.nothingLeft")));
    }
    const box = h("input", { id: boxId, type: "checkbox", "data-line-id": line.id });
    let quantity = null;
    const quantityRow = line.claimable > 1 ? (() => {
      const id = uid("quantity");
      quantity = h("input", { id, type: "number", min: 1, max: line.claimable, step: 1, value: 1, inputmode: "numeric" });
      return h("div", { class: "quantity-row", hidden: true },
        h("label", { for: id }, view.t("claims.quantity", { name: line.name, max: line.claimable })), quantity);
    })() : null;
    box.addEventListener("change", () => {
      if (quantityRow) quantityRow.hidden = !box.checked;
    });
    picked.push({ line, box, quantity });
    return h("div", { class: "line-item" },
      h("div", { class: "line-row" }, box, h("label", { for: boxId }, line.name)),
      quantityRow);
  });

  const reasons = formReasons(options).map((option) => reasonOption(option, options, view, reasonGroup));
  const showGuidance = () => {
    for (const reason of reasons) reason.guidance.hidden = !reason.radio.checked;
    const chosen = reasons.find((r) => r.radio.checked);
    if (chosen) reportGuidanceShown(chosen.option.reason, view);
  };
  for (const reason of reasons) reason.radio.addEventListener("change", showGuidance);

  const messageId = uid("message");
  const message = h("textarea", { id: messageId, rows: 4, maxlength: 5000, required: true, "aria-required": "true" });
  const wishId = uid("wish");
  const wish = h("select", { id: wishId }, RESOLUTIONS.map((kind) => h("option", { value: kind }, view.t(`claims.kind.${kind}`))));
  const photoId = uid("photo");
  const photoHint = uid("photo-hint");
  const photo = h("input", { id: photoId, type: "file", multiple: true, accept: PHOTO_TYPES, "aria-describedby": photoHint });

  const titles = [view.t("claims.whichItems"), view.t("claims.whatWrong"), view.t("claims.details")];
  const legend = (index) => h("legend", {}, view.t("claims.step", { step: index + 1, steps: titles.length, title: titles[index] }));
  const steps = [
    h("fieldset", { class: "step" }, legend(0), lineRows),
    h("fieldset", { class: "step", hidden: true }, legend(1), reasons.map((r) => r.node)),
    h("fieldset", { class: "step", hidden: true }, legend(2),
      h("div", { class: "field" }, h("label", { for: messageId }, view.t("claims.message")), message),
      h("div", { class: "field" }, h("label", { for: wishId }, view.t("claims.wish")), wish),
      h("div", { class: "field" },
        h("label", { for: photoId }, view.t("claims.photo")), photo,
        h("p", { id: photoHint, class: "hint" }, view.t("claims.photoHint")))),
  ];
  let current = 0;
  const back = h("button", { type: "button", class: "secondary", hidden: true }, view.t("claims.back"));
  const next = h("button", { type: "submit", class: "primary", part: "report-submit" }, view.t("claims.continue"));
  const show = (index) => {
    current = index;
    steps.forEach((step, i) => { step.hidden = i !== index; });
    back.hidden = index === 0;
    next.textContent = view.t(index === steps.length - 1 ? "claims.submit" : "claims.continue");
    error.clear();
    steps[index].querySelector("input:not([disabled]), textarea, select")?.focus();
  };
  back.addEventListener("click", () => show(current - 1));

  const form = h(
    "form",
    { id: formId, class: "report-form", novalidate: true, "aria-label": view.t("claims.report") },
    steps,
    error.node,
    h("div", { class: "actions" }, back, next),
  );

  const chosenLines = () => picked.filter((p) => p.box.checked);
  const checks = [
    () => {
      if (!picked.length) return true;
      if (!chosenLines().length) return error.show(view.t("claims.itemsMissing"), picked[0].box) ?? false;
      for (const { line, quantity } of chosenLines()) {
        const count = quantity ? Number(quantity.value) : 1;
        if (!Number.isInteger(count) || count < 1 || count > line.claimable) {
          return error.show(view.t("claims.quantityInvalid"), quantity) ?? false;
        }
      }
      return true;
    },
    () => {
      const chosen = reasons.find((r) => r.radio.checked);
      if (!chosen) {
        const first = reasons.find((r) => !r.radio.disabled);
        return error.show(view.t("claims.reasonMissing"), first?.radio ?? null) ?? false;
      }
      if (chosen.confirm && !chosen.confirm.checked) return error.show(view.t("claims.confirmMissing"), chosen.confirm) ?? false;
      return true;
    },
    () => {
      if (!message.value.trim()) return error.show(view.t("claims.messageMissing"), message) ?? false;
      if ((photo.files?.length ?? 0) > MAX_PHOTOS) return error.show(view.t("claims.tooManyPhotos"), photo) ?? false;
      return true;
    },
  ];

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (next.getAttribute("aria-disabled") === "true") return;
    error.clear();
    if (!checks[current]()) return;
    if (current < steps.length - 1) {
      show(current + 1);
      return;
    }
    const chosen = reasons.find((r) => r.radio.checked);
    next.setAttribute("aria-disabled", "true");
    try {
      const photoUploadIds = [];
      for (const file of photo.files ?? []) {
        const uploadId = await uploadPhoto(file, view, error);
        if (!uploadId) return;
        photoUploadIds.push(uploadId);
      }
      const lines = chosenLines().map(({ line, quantity }) => ({
        orderLineId: line.id, quantity: quantity ? Number(quantity.value) : 1,
      }));
      const input = {
        orderId: view.orderId, email: view.email, reason: chosen.option.reason, lines,
        message: message.value.trim(), wishedResolution: wish.value, photoUploadIds,
        confirmEarly: Boolean(chosen.confirm?.checked), idempotencyKey: filingKey,
      };
      next.removeAttribute("aria-disabled");
      await run(view, CLAIM_CREATE, { input }, {
        done: (payload) => view.t("claims.filedAs", { number: payload.claim.number }), button: next, errorAt: error,
      });
    } catch (failure) {
      error.show(view.element.errorText(failure, "claims.notFound"));
    } finally {
      next.removeAttribute("aria-disabled");
    }
  });
  return form;
}

function reasonOption(option, options, view, group) {
  const id = uid("reason");
  const hintId = uid("reason-hint");
  const radio = h("input", {
    id, type: "radio", name: group, value: option.reason, disabled: !option.mayFile, "aria-describedby": hintId,
  });
  const availability = option.availability;
  const badge = h("span", { class: `badge ${availability === "OPEN" ? "open" : availability === "CLOSED" ? "closed" : ""}` },
    availability === "NOT_OPEN_YET" && option.opensOn
      ? view.t("claims.opensOn", { date: view.formatDay(option.opensOn) })
      : availability === "CLOSED" && option.closesOn
        ? view.t("claims.closedOn", { date: view.formatDay(option.closesOn) })
        : view.t(`claims.availability.${availability}`));
  const confirm = option.needsConfirmation ? h("input", { type: "checkbox", id: uid("confirm") }) : null;
  const guidance = h(
    "div",
    { class: "guidance", part: "claim-guidance" },
    evidence(option, options, view),
    confirm ? h("label", {}, confirm, h("span", {}, view.t("claims.confirmEarly"))) : null,
  );
  guidance.hidden = true;
  const node = h(
    "div",
    { class: "reason" },
    h("label", { for: id }, radio, h("span", {}, view.t(`claims.reason.${option.reason}`)), badge),
    h("p", { id: hintId, class: "hint" }, explain(option, view)),
    guidance,
  );
  return { option, radio, guidance, confirm, node };
}

/** The shop's guidance for a reason in the buyer's language (its message key, with each day
 * written as a day of the shop's calendar); Foresight's English words for a key the widget
 * does not know yet. */
function explain(option, view) {
  const key = `claims.explain.${option.explanationKey}`;
  const params = Object.fromEntries(
    (option.explanationParams ?? []).map((p) => [p.name, p.isDay ? view.formatDay(p.value) : p.value]),
  );
  const text = view.t(key, params);
  return text === key ? option.explanation : text;
}

function evidence(option, options, view) {
  const shown = [];
  for (const kind of option.evidence) {
    if (kind === "TRACKING") {
      for (const parcel of options.parcels) {
        const tracking = parcel.fulfillment.trackingNumber;
        shown.push(h("p", {}, view.t("claims.evidence.tracking", { number: parcel.fulfillment.number }), " ",
          tracking ? h("code", {}, tracking) : view.t("dispatch.noTracking")));
      }
    } else if (kind === "EXPECTED_DELIVERY") {
      for (const parcel of options.parcels) {
        shown.push(h("p", {}, view.t("claims.evidence.expected", {
          shipped: view.formatTime(parcel.shippedAt, { dateOnly: true }),
          date: view.formatDay(parcel.fulfillment.expectedDeliveryOn),
        })));
      }
    } else if (kind === "DISPATCH_PHOTOS") {
      for (const parcel of options.parcels) {
        if (!parcel.fulfillment.photos.length) continue;
        shown.push(h("p", {}, view.t("claims.evidence.photos", { number: parcel.fulfillment.number })));
        shown.push(h("ul", { class: "evidence-photos", role: "list" }, parcel.fulfillment.photos.map((photo, index) =>
          h("li", {}, h("a", { href: photo.url, target: "_blank", rel: "noopener noreferrer" },
            h("img", { src: photo.thumbnailUrl, loading: "lazy",
              alt: view.t("dispatch.photoAlt", { number: parcel.fulfillment.number, index: index + 1 }) }),
            h("span", { class: "visually-hidden" }, ` ${view.t("dispatch.newTab")}`))))));
      }
    } else if (kind === "COLOUR_WARNING" || kind === "RETURN_TERMS") {
      const terms = kind === "COLOUR_WARNING" ? options.colourWarnings : options.returnTerms;
      for (const accepted of terms) {
        shown.push(h("p", {}, view.t("claims.evidence.accepted", {
          label: accepted.consentLabel, time: view.formatTime(accepted.acceptedAt, { dateOnly: true }),
        })));
      }
    } else if (kind === "CANCELLATION") {
      shown.push(h("p", {}, view.t("claims.suggestCancellation")));
    }
  }
  return shown;
}

/**
 * Tell Foresight the buyer saw a reason's guidance (for the shop's report of the claims it
 * prevented): once per order and reason in a page load, without waiting, and whatever the
 * answer, the form never hears of it.
 */
function reportGuidanceShown(reason, view) {
  const key = `${view.orderId}\n${reason}`;
  if (reported.has(key)) return;
  reported.add(key);
  const variables = { orderId: view.orderId, reason, email: view.email };
  Promise.resolve()
    .then(() => view.client().request(CLAIM_GUIDANCE_SHOWN, variables))
    .catch(() => {}); // not counted, and nothing to tell the buyer
}

/** 32 random hex digits (getRandomValues works on plain-HTTP pages too, unlike randomUUID). */
function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Ask for a ticket, post the file to storage; the upload's id, or null (error shown). */
async function uploadPhoto(file, view, error) {
  const created = await view.client().request(CLAIM_PHOTO_UPLOAD_CREATE, {
    orderId: view.orderId, contentType: file.type || "image/jpeg", byteSize: file.size, email: view.email,
  });
  const answer = created.claimPhotoUploadCreate;
  if (answer.errors?.length) {
    error.show(claimErrorText(answer.errors[0], view));
    return null;
  }
  const body = new FormData();
  for (const field of answer.ticket.fields) body.append(field.name, field.value);
  body.append("file", file, file.name);
  let response;
  try {
    response = await fetch(answer.ticket.url, { method: "POST", body, credentials: "omit" });
  } catch {
    error.show(view.t("claims.error.upload"));
    return null;
  }
  if (!response.ok) {
    error.show(view.t("claims.error.upload"));
    return null;
  }
  return answer.upload.id;
}

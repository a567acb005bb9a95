// The "report a problem" flow of the claims section: which items and how many, what is wrong
// (with what the shop knows about each reason: open, not open yet, closed, and the evidence
// such as the dispatch photos and the tracking number), a message, the wished resolution and
// an optional photo (a claimPhotoUploadCreate ticket, posted straight to storage), then
// claimCreate. Each reason's guidance the buyer opens is reported (claimGuidanceShown). Also the
// helpers the claim actions share: run() and the section's styles.

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
fieldset { border: 1px solid var(--_border); border-radius: var(--_radius); margin: 0; padding: 0.5rem 0.75rem 0.75rem; }
legend { font-weight: 600; padding: 0 0.25rem; }
.line-row { display: flex; align-items: center; gap: 0.75rem; justify-content: space-between; padding: 0.25rem 0; }
.line-row input { width: 5rem; }
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

/**
 * Send one claim mutation; on success announce `done` and load the order again. A busy
 * `button` ignores more presses. Errors go to the element's alert region.
 */
export async function run(view, document, variables, done, button) {
  if (button?.getAttribute("aria-disabled") === "true") return null;
  button?.setAttribute("aria-disabled", "true");
  view.showError("");
  try {
    const data = await view.client().request(document, variables);
    const payload = Object.values(data)[0];
    if (payload.errors?.length) {
      view.showError(claimErrorText(payload.errors[0], view));
      return null;
    }
    view.announce(typeof done === "function" ? done(payload) : done);
    view.refresh();
    return payload;
  } catch (error) {
    view.showError(view.element.errorText(error, "claims.notFound"));
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
    if (show) form.querySelector("input:not([disabled]), textarea, select")?.focus();
  });
  return holder;
}

function buildForm(options, view, formId) {
  const reasonGroup = `reason-${formId}`;
  // One name for this filing: a retry after a lost answer returns the claim already filed.
  const filingKey = randomKey();
  const quantities = [];
  const lineRows = options.lines.map((line) => {
    const id = uid("quantity");
    const name = line.name;
    if (line.claimable < 1) {
      return h("p", { class: "line-row muted" }, h("span", {}, name), h("span", { class: "small" }, view.t("claims.nothingLeft")));
    }
    const input = h("input", { id, type: "number", min: 0, max: line.claimable, step: 1, value: 0, inputmode: "numeric" });
    quantities.push({ line, input });
    return h(
      "div",
      { class: "line-row" },
      h("label", { for: id }, view.t("claims.quantityFor", { name, max: line.claimable })),
      input,
    );
  });

  const reasons = options.reasons.map((option) => reasonOption(option, options, view, reasonGroup));
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
  const photo = h("input", { id: photoId, type: "file", accept: PHOTO_TYPES, "aria-describedby": photoHint });
  const submit = h("button", { type: "submit", class: "primary", part: "report-submit" }, view.t("claims.submit"));

  const form = h(
    "form",
    { id: formId, class: "report-form", novalidate: true, "aria-label": view.t("claims.report") },
    options.suggestCancellation ? h("p", { class: "hint" }, view.t("claims.suggestCancellation")) : null,
    h("fieldset", {}, h("legend", {}, view.t("claims.whichItems")), lineRows),
    h("fieldset", {}, h("legend", {}, view.t("claims.whatWrong")), reasons.map((r) => r.node)),
    h("div", { class: "field" }, h("label", { for: messageId }, view.t("claims.message")), message),
    h("div", { class: "field" }, h("label", { for: wishId }, view.t("claims.wish")), wish),
    h(
      "div",
      { class: "field" },
      h("label", { for: photoId }, view.t("claims.photo")),
      photo,
      h("p", { id: photoHint, class: "hint" }, view.t("claims.photoHint")),
    ),
    h("div", { class: "actions" }, submit),
  );

  const invalid = (field, key) => {
    field.setAttribute("aria-invalid", "true");
    view.showError(view.t(key));
    field.focus();
    return false;
  };

  form.addEventListener("input", (event) => event.target.removeAttribute?.("aria-invalid"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.getAttribute("aria-disabled") === "true") return;
    const chosen = reasons.find((r) => r.radio.checked);
    if (!chosen) {
      const first = reasons.find((r) => !r.radio.disabled);
      return first ? invalid(first.radio, "claims.reasonMissing") : view.showError(view.t("claims.reasonMissing"));
    }
    const lines = [];
    for (const { line, input } of quantities) {
      const quantity = Number(input.value || 0);
      if (!Number.isInteger(quantity) || quantity < 0 || quantity > line.claimable) {
        return invalid(input, "claims.quantityInvalid");
      }
      if (quantity > 0) lines.push({ orderLineId: line.id, quantity });
    }
    if (!lines.length && chosen.option.reason !== "OTHER") {
      return quantities.length ? invalid(quantities[0].input, "claims.itemsMissing") : view.showError(view.t("claims.itemsMissing"));
    }
    if (!message.value.trim()) return invalid(message, "claims.messageMissing");
    if (chosen.confirm && !chosen.confirm.checked) return invalid(chosen.confirm, "claims.confirmMissing");

    submit.setAttribute("aria-disabled", "true");
    view.showError("");
    view.announce(view.t("claims.sending"));
    try {
      const photoUploadIds = [];
      const file = photo.files?.[0];
      if (file) {
        const uploadId = await uploadPhoto(file, view);
        if (!uploadId) {
          photo.setAttribute("aria-invalid", "true");
          photo.focus();
          return;
        }
        photoUploadIds.push(uploadId);
      }
      const input = {
        orderId: view.orderId, email: view.email, reason: chosen.option.reason, lines,
        message: message.value.trim(), wishedResolution: wish.value, photoUploadIds,
        confirmEarly: Boolean(chosen.confirm?.checked), idempotencyKey: filingKey,
      };
      submit.removeAttribute("aria-disabled");
      await run(view, CLAIM_CREATE, { input }, (payload) => view.t("claims.filedAs", { number: payload.claim.number }), submit);
    } catch (error) {
      view.showError(view.element.errorText(error, "claims.notFound"));
    } finally {
      submit.removeAttribute("aria-disabled");
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
    availability === "NOT_OPEN_YET" && option.opensAt
      ? view.t("claims.opensOn", { date: view.formatTime(option.opensAt, { dateOnly: true }) })
      : availability === "CLOSED" && option.closesAt
        ? view.t("claims.closedOn", { date: view.formatTime(option.closesAt, { dateOnly: true }) })
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
    h("p", { id: hintId, class: "hint" }, option.explanation),
    guidance,
  );
  return { option, radio, guidance, confirm, node };
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
          date: view.formatTime(parcel.expectedDeliveryBy, { dateOnly: true }),
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
async function uploadPhoto(file, view) {
  const created = await view.client().request(CLAIM_PHOTO_UPLOAD_CREATE, {
    orderId: view.orderId, contentType: file.type || "image/jpeg", byteSize: file.size, email: view.email,
  });
  const answer = created.claimPhotoUploadCreate;
  if (answer.errors?.length) {
    view.showError(claimErrorText(answer.errors[0], view));
    return null;
  }
  const body = new FormData();
  for (const field of answer.ticket.fields) body.append(field.name, field.value);
  body.append("file", file, file.name);
  let response;
  try {
    response = await fetch(answer.ticket.url, { method: "POST", body, credentials: "omit" });
  } catch {
    view.showError(view.t("claims.error.upload"));
    return null;
  }
  if (!response.ok) {
    view.showError(view.t("claims.error.upload"));
    return null;
  }
  return answer.upload.id;
}

// <foresight-checkout>: the disclosures that apply to a checkout — a consent checkbox for each
// one the buyer must accept, the others as notices — and an accept button. Keeps the shop's pay
// button disabled until the buyer has accepted. An acceptance that still holds for the cart
// (a reload, the buyer coming back) shows as accepted, with "Change" to decide again.
//
//   <foresight-checkout api="https://foresight.example.com"
//                       saleor-api-url="https://shop.example.com/graphql/"
//                       checkout-id="Q2hlY2tvdXQ6…" pay-button="#pay"></foresight-checkout>
//
// Properties: token / getToken (the customer's access token), messages, ready (read only),
// acceptance (read only). Methods: refresh(). Events (bubbling, composed):
// foresight:change {ready}, foresight:accepted {acceptanceId, recordHash, acceptedAt,
// checkoutId, versionIds, restored} (restored: recorded before this page loaded),
// foresight:error {code, message}, foresight:released {reason, checkoutId} (Foresight could not be reached and the channel's fallback let the buyer pay;
// see fallback.js). Attributes for a first visit: when-unreachable, release-after,
// unreachable-message.

import { ApiError, graphql } from "../shared/graphql.js";
import { h, policyBody } from "../shared/dom.js";
import { ForesightElement } from "./base.js";
import { uid } from "./dom.js";
import {
  DEFAULT_FALLBACK,
  attributeFallback,
  cachedFallback,
  isUnreachable,
  keepFallback,
  reportUnreachable,
} from "./fallback.js";
import { saleorLanguageCode } from "./i18n.js";
import { PayButtonGate } from "./pay-button.js";

// A policy longer than this (in characters of text) shows its start, with the rest one tap away.
const LONG_TERMS = 600;

export const DISCLOSURES = graphql`
  query ForesightCheckoutDisclosures($checkoutId: ID!, $languageCode: String) {
    checkoutDisclosures(checkoutId: $checkoutId, languageCode: $languageCode) {
      acceptanceRequired
      disclosures {
        versionId kind versionNumber title html consentLabel required contentHash languageCode
        fellBack coversEveryLine lines { lineId name }
      }
      acceptance { id recordHash acceptedAt versionIds }
      checkoutFallback { whenUnreachable releaseAfterSeconds message }
    }
  }
`;

export const ACCEPT = graphql`
  mutation ForesightAcceptDisclosures(
    $checkoutId: ID!, $versionIds: [ID!]!, $languageCode: String
  ) {
    acceptDisclosures(
      checkoutId: $checkoutId, versionIds: $versionIds, languageCode: $languageCode
    ) {
      acceptance { id recordHash acceptedAt }
      disclosures {
        versionId kind versionNumber title html consentLabel required contentHash languageCode
        fellBack coversEveryLine lines { lineId name }
      }
      errors { field code message }
    }
  }
`;

export class ForesightCheckout extends ForesightElement {
  static observedAttributes = [...ForesightElement.observedAttributes, "checkout-id", "pay-button"];

  // loading | failed | open | accepting | accepted | empty | released
  #phase = "loading";
  #fallbackTimer = null;
  #releasedMessage = null;
  #disclosures = [];
  #required = false;
  #checked = new Set();
  #changed = new Set();
  #invalid = new Set();
  #acceptance = null;
  #changing = false;
  #expanded = new Set();
  #failure = null;
  #generation = 0;
  #controls = new Map();
  #form = null;
  #acceptButton = null;
  #confirmation = null;
  #lastReady = null;
  #gate = new PayButtonGate(this, () => this.ready, () => this.t("checkout.payHeld"));

  /** True once the buyer may pay: accepted, nothing needs accepting, or Foresight could not be
   * reached and the channel's fallback released the button. */
  get ready() {
    if (this.#phase === "accepted" || this.#phase === "empty" || this.#phase === "released") return true;
    return (this.#phase === "open" || this.#phase === "accepting") && !this.#required;
  }

  /** The acceptance recorded in this page: {id, recordHash, acceptedAt}, or null. */
  get acceptance() {
    return this.#acceptance ? { ...this.#acceptance } : null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.#gate.connect();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#gate.disconnect();
    this.#disarm();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (name === "pay-button") this.#gate.selectorChanged(oldValue);
    else super.attributeChangedCallback(name, oldValue, newValue);
  }

  async load(signal) {
    this.#generation += 1;
    const generation = this.#generation;
    this.#setPhase("loading");
    this.render();
    this.#arm(); // an answer that never comes counts as unreachable too
    let shown;
    try {
      const checkoutId = this.getAttribute("checkout-id");
      if (!checkoutId) throw new ApiError("CONFIG", "checkout-id");
      const variables = { checkoutId, languageCode: this.#languageCode() };
      shown = (await this.client().request(DISCLOSURES, variables, { signal })).checkoutDisclosures;
    } catch (error) {
      if (signal.aborted) throw error;
      if (generation !== this.#generation) return; // released meanwhile
      if (!isUnreachable(error)) this.#disarm();
      this.#failure = error;
      this.#setPhase("failed");
      this.render();
      this.showError(this.errorText(error, "checkout.notFound"));
      this.emitError(error);
      return;
    }
    if (generation !== this.#generation) return; // released meanwhile
    this.#disarm();
    keepFallback(this.getAttribute("saleor-api-url"), shown.checkoutFallback);
    this.clearError();
    this.#disclosures = shown.disclosures;
    this.#required = shown.acceptanceRequired;
    this.#checked = new Set(shown.acceptance?.versionIds ?? []);
    this.#changed = new Set();
    this.#invalid = new Set();
    this.#changing = false;
    this.#acceptance = shown.acceptance ? { ...shown.acceptance } : null;
    const held = this.#acceptance !== null && shown.disclosures.length > 0;
    this.#setPhase(held ? "accepted" : shown.disclosures.length ? "open" : "empty");
    this.render();
    if (held) this.#emitAccepted(this.#acceptance, true);
  }

  /** The language asked for: only one the page or the element names, else the checkout's. */
  #languageCode() {
    const named = this.closest("[lang]")?.getAttribute("lang") || document.documentElement.lang;
    return named ? saleorLanguageCode(named) : null;
  }

  /** The channel's fallback: what Foresight said last in this browser, else the element's
   * attributes, else release after 4 seconds (see fallback.js). */
  get checkoutFallback() {
    return (
      cachedFallback(this.getAttribute("saleor-api-url")) ?? attributeFallback(this) ?? { ...DEFAULT_FALLBACK }
    );
  }

  /** Foresight has not answered (yet): with RELEASE, let the buyer pay once the wait is over. */
  #arm() {
    if (this.#fallbackTimer !== null) return;
    const chosen = this.checkoutFallback;
    if (chosen.whenUnreachable !== "RELEASE") return;
    const during = this.#phase === "loading" ? "load" : "accept";
    this.#fallbackTimer = setTimeout(() => {
      this.#fallbackTimer = null;
      this.#release(chosen, during);
    }, chosen.releaseAfterSeconds * 1000);
  }

  #disarm() {
    if (this.#fallbackTimer === null) return;
    clearTimeout(this.#fallbackTimer);
    this.#fallbackTimer = null;
  }

  #release(chosen, during) {
    if (!this.isConnected || this.ready) return;
    this.#generation += 1; // an answer still on its way is too late now
    this.#releasedMessage = chosen.message ?? this.t("checkout.unreachable");
    this.clearError();
    this.#setPhase("released");
    this.render();
    this.announce(this.#releasedMessage);
    const checkoutId = this.getAttribute("checkout-id");
    this.emit("foresight:released", { reason: "UNREACHABLE", checkoutId });
    reportUnreachable(this.getAttribute("saleor-api-url"), checkoutId, during);
  }

  render() {
    this.#controls.clear();
    this.#form = this.#acceptButton = this.#confirmation = null;
    this.body.replaceChildren();
    this.body.removeAttribute("aria-busy");
    if (this.#phase === "released") {
      this.body.append(
        h("div", { class: "panel released", part: "container released" }, h("p", { class: "released-text" }, this.#releasedMessage)),
      );
      return;
    }
    if (this.#phase === "loading") {
      this.body.setAttribute("aria-busy", "true");
      this.body.append(h("p", { class: "muted" }, this.t("checkout.loading")));
      return;
    }
    if (this.#phase === "failed") {
      this.body.append(this.failurePanel(this.errorText(this.#failure, "checkout.notFound")));
      return;
    }
    if (this.#phase === "empty") return;
    const headingId = uid("heading");
    this.#form = h(
      "form",
      { novalidate: true, "aria-labelledby": headingId, onsubmit: (event) => this.#onSubmit(event) },
      this.heading(0, this.t("checkout.heading"), {
        id: headingId, class: "heading", part: "heading", tabindex: "-1",
      }),
      h("p", { class: "intro", part: "intro" }, this.t(this.#introKey())),
      h("ul", { class: "disclosures", role: "list" }, this.#disclosures.map((d) => this.#item(d))),
      this.#footer(),
    );
    this.body.append(h("div", { class: "panel", part: "container" }, this.#form));
  }

  #introKey() {
    if (this.#phase === "accepted") return "checkout.acceptedIntro";
    if (!this.#required) return "checkout.introInfo";
    return this.#changing ? "checkout.changing" : "checkout.intro";
  }

  #item(disclosure) {
    const id = disclosure.versionId;
    const coversId = uid("covers");
    const changed = this.#changed.has(id);
    const accepted = this.#phase === "accepted";
    const badge = !disclosure.required
      ? h("span", { class: "badge notice" }, this.t("checkout.notice"))
      : accepted
        ? h("span", { class: "badge accepted-badge" }, this.t("checkout.acceptedBadge"))
        : h("span", { class: "badge required", "aria-hidden": "true" }, this.t("checkout.required"));
    const covers = disclosure.coversEveryLine || !disclosure.lines.length ? null : h(
      "p",
      { id: coversId, class: "covers", part: "disclosure-covers" },
      this.t("checkout.covers", { items: this.#list(disclosure.lines.map((line) => line.name)) }),
    );
    return h(
      "li",
      { class: changed ? "disclosure changed" : "disclosure", part: "disclosure" },
      this.heading(
        1,
        [
          h("span", {}, disclosure.title),
          badge,
          changed ? h("span", { class: "badge new" }, this.t("checkout.updated")) : null,
        ],
        { class: "title subheading", part: "disclosure-title" },
      ),
      covers,
      disclosure.fellBack ? h("p", { class: "muted small", part: "disclosure-language" },
        this.t("checkout.onlyIn", { language: this.#languageName(disclosure.languageCode) })) : null,
      this.#body(disclosure),
      this.#consent(disclosure, covers ? coversId : null),
    );
  }

  /** The policy's text; a long one shows its start, the rest behind "Read the full terms". */
  #body(disclosure) {
    const id = disclosure.versionId;
    const bodyId = uid("terms");
    const body = h(
      "div",
      { id: bodyId, class: "policy-body", part: "disclosure-body", lang: htmlLang(disclosure.languageCode) },
      policyBody(disclosure.html, { topHeading: Math.min(this.headingLevel + 2, 6) }),
    );
    if ((body.textContent ?? "").length <= LONG_TERMS) return body;
    const expanded = this.#expanded.has(id);
    body.classList.toggle("collapsed", !expanded);
    const toggle = h(
      "button",
      {
        type: "button", class: "link", part: "read-more", "aria-expanded": String(expanded), "aria-controls": bodyId,
        onclick: () => {
          const open = !this.#expanded.has(id);
          if (open) this.#expanded.add(id);
          else this.#expanded.delete(id);
          body.classList.toggle("collapsed", !open);
          toggle.setAttribute("aria-expanded", String(open));
          toggle.textContent = this.t(open ? "checkout.readLess" : "checkout.readMore");
        },
      },
      this.t(expanded ? "checkout.readLess" : "checkout.readMore"),
    );
    return h("div", { class: "terms" }, body, toggle);
  }

  /** The consent: a checkbox for a required disclosure while the buyer decides, what they
   * agreed to once accepted, nothing for a notice. */
  #consent(disclosure, coversId) {
    if (!disclosure.required) return null;
    if (this.#phase === "accepted") {
      return h("p", { class: "consent consent-given", part: "consent" }, disclosure.consentLabel);
    }
    const id = disclosure.versionId;
    const boxId = uid("consent");
    const errorId = uid("consent-error");
    const described = coversId;
    const invalid = this.#invalid.has(id);
    const checkbox = h("input", {
      type: "checkbox",
      id: boxId,
      part: "checkbox",
      required: true,
      "aria-describedby": [described, invalid ? errorId : null].filter(Boolean).join(" ") || null,
      "aria-invalid": invalid ? "true" : null,
      "data-version-id": id,
      onchange: (event) => this.#toggle(id, event.target.checked),
    });
    checkbox.checked = this.#checked.has(id);
    const error = h(
      "p",
      { id: errorId, class: "field-error", part: "field-error", hidden: !invalid },
      this.t("checkout.fieldMissing"),
    );
    this.#controls.set(id, { checkbox, error, described, errorId });
    return [
      h(
        "div",
        { class: "consent", part: "consent" },
        checkbox,
        h("label", { for: boxId, part: "consent-label" }, disclosure.consentLabel),
      ),
      error,
    ];
  }

  /** "English" for "EN", in the widget's language. */
  #languageName(code) {
    const tag = htmlLang(code) ?? "";
    try {
      return new Intl.DisplayNames([this.language], { type: "language" }).of(tag) ?? tag;
    } catch {
      return tag;
    }
  }

  /** "A, B and C" in the widget's language. */
  #list(names) {
    try {
      return new Intl.ListFormat(this.language, { type: "conjunction" }).format(names);
    } catch {
      return names.join(", ");
    }
  }

  #footer() {
    if (this.#phase === "accepted") {
      this.#confirmation = h(
        "p",
        { class: "accepted", part: "accepted", tabindex: "-1" },
        this.t("checkout.accepted", { time: this.formatTime(this.#acceptance.acceptedAt) }),
      );
      const change = this.#required
        ? h("button", { type: "button", class: "secondary", part: "change-button", onclick: () => this.#change() },
            this.t("checkout.change"))
        : null;
      return h("div", { class: "actions" }, this.#confirmation, change);
    }
    if (!this.#required) return null; // notices only: nothing to accept
    const busy = this.#phase === "accepting";
    this.#acceptButton = h(
      "button",
      { type: "submit", class: "primary", part: "accept-button", "aria-disabled": busy ? "true" : null },
      this.t(busy ? "checkout.accepting" : "checkout.accept"),
    );
    return h("div", { class: "actions" }, this.#acceptButton);
  }

  #toggle(id, checked) {
    if (checked) this.#checked.add(id);
    else this.#checked.delete(id);
    if (checked && this.#invalid.delete(id)) {
      this.#markInvalid(id, false);
      if (this.#invalid.size === 0) this.clearError();
    }
  }

  #markInvalid(id, invalid) {
    const control = this.#controls.get(id);
    if (!control) return;
    control.error.hidden = !invalid;
    const described = [control.described, invalid ? control.errorId : null].filter(Boolean).join(" ");
    if (described) control.checkbox.setAttribute("aria-describedby", described);
    else control.checkbox.removeAttribute("aria-describedby");
    if (invalid) control.checkbox.setAttribute("aria-invalid", "true");
    else control.checkbox.removeAttribute("aria-invalid");
  }

  /** Decide again: the boxes as accepted, payment held until the buyer accepts once more. */
  #change() {
    this.#changing = true;
    this.#acceptance = null;
    this.#setPhase("open");
    this.render();
    const first = this.#disclosures.find((d) => d.required);
    (first ? this.#controls.get(first.versionId)?.checkbox : this.#acceptButton)?.focus();
  }

  #onSubmit(event) {
    event.preventDefault();
    if (this.#phase === "open") this.#accept();
  }

  async #accept() {
    const missing = this.#disclosures.filter((d) => d.required && !this.#checked.has(d.versionId));
    if (missing.length) {
      this.#invalid = new Set(missing.map((d) => d.versionId));
      for (const d of this.#disclosures) this.#markInvalid(d.versionId, this.#invalid.has(d.versionId));
      this.showError(this.t("checkout.missing", { count: missing.length }));
      this.#controls.get(missing[0].versionId)?.checkbox.focus();
      return;
    }
    const generation = this.#generation;
    const checkoutId = this.getAttribute("checkout-id");
    // the notices shown are recorded with the boxes ticked
    const versionIds = this.#disclosures
      .filter((d) => !d.required || this.#checked.has(d.versionId))
      .map((d) => d.versionId);
    this.clearError();
    this.#setPhase("accepting");
    this.#showBusy(true);
    let payload;
    try {
      const variables = { checkoutId, versionIds, languageCode: this.#languageCode() };
      payload = (await this.client().request(ACCEPT, variables)).acceptDisclosures;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#backToOpen(this.errorText(error, "checkout.notFound"));
      this.emitError(error);
      if (isUnreachable(error)) this.#arm();
      else this.#disarm();
      return;
    }
    if (generation !== this.#generation) return;
    this.#disarm();
    const [refusal] = payload.errors;
    if (refusal?.code === "STALE_DISCLOSURES") {
      this.#showFresh(payload.disclosures);
      return;
    }
    if (refusal) {
      this.#backToOpen(this.t(refusal.code === "NOT_FOUND" ? "checkout.notFound" : "error.generic"));
      this.emitError(refusal);
      return;
    }
    this.#acceptance = { ...payload.acceptance, versionIds };
    this.#changing = false;
    this.#setPhase("accepted");
    this.render();
    this.#confirmation?.focus();
    this.#emitAccepted(this.#acceptance, false);
  }

  #emitAccepted(acceptance, restored) {
    this.emit("foresight:accepted", {
      acceptanceId: acceptance.id,
      recordHash: acceptance.recordHash,
      acceptedAt: acceptance.acceptedAt,
      checkoutId: this.getAttribute("checkout-id"),
      versionIds: [...acceptance.versionIds],
      restored,
    });
  }

  #backToOpen(message) {
    this.#setPhase("open");
    this.#showBusy(false);
    this.showError(message);
  }

  #showBusy(busy) {
    if (this.#form) this.#form.toggleAttribute("aria-busy", busy);
    if (!this.#acceptButton) return;
    if (busy) this.#acceptButton.setAttribute("aria-disabled", "true");
    else this.#acceptButton.removeAttribute("aria-disabled");
    this.#acceptButton.textContent = this.t(busy ? "checkout.accepting" : "checkout.accept");
  }

  /** What applies changed (STALE_DISCLOSURES): show the fresh list, keep the ticks that still
   * stand, mark what is new, say so, and put the buyer on the first box to look at. */
  #showFresh(fresh) {
    const before = new Set(this.#disclosures.map((d) => d.versionId));
    const now = new Set(fresh.map((d) => d.versionId));
    this.#disclosures = fresh;
    this.#required = fresh.some((d) => d.required);
    this.#checked = new Set([...this.#checked].filter((id) => now.has(id)));
    this.#changed = new Set(fresh.filter((d) => !before.has(d.versionId)).map((d) => d.versionId));
    this.#invalid = new Set();
    this.#setPhase(fresh.length ? "open" : "empty");
    this.render();
    this.showError(this.t("checkout.stale"));
    const next =
      fresh.find((d) => this.#changed.has(d.versionId)) ??
      fresh.find((d) => d.required && !this.#checked.has(d.versionId));
    const target = next ? this.#controls.get(next.versionId)?.checkbox : this.#acceptButton;
    target?.focus();
  }

  #setPhase(phase) {
    this.#phase = phase;
    this.setState(phase);
    this.#gate.apply();
    const ready = this.ready;
    if (ready !== this.#lastReady) {
      this.#lastReady = ready;
      this.emit("foresight:change", { ready });
    }
  }
}

/** Saleor's "PT_BR" as an HTML lang tag, "pt-BR". */
function htmlLang(code) {
  if (!code) return null;
  const [language, region] = code.split("_");
  return region ? `${language.toLowerCase()}-${region}` : language.toLowerCase();
}

// <foresight-checkout>: the disclosures that apply to a checkout, a consent checkbox for each,
// and an accept button. Keeps the shop's pay button disabled until the buyer has accepted.
//
//   <foresight-checkout api="https://foresight.example.com"
//                       saleor-api-url="https://shop.example.com/graphql/"
//                       checkout-id="Q2hlY2tvdXQ6…" pay-button="#pay"></foresight-checkout>
//
// Properties: token / getToken (the customer's access token), messages, ready (read only),
// acceptance (read only). Methods: refresh(). Events (bubbling, composed):
// foresight:change {ready}, foresight:accepted {acceptanceId, recordHash, acceptedAt,
// checkoutId, versionIds}, foresight:error {code, message}, foresight:released {reason,
// checkoutId} (Foresight could not be reached and the channel's fallback let the buyer pay;
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

export const DISCLOSURES = graphql`
  query ForesightCheckoutDisclosures($checkoutId: ID!, $languageCode: String) {
    checkoutDisclosures(checkoutId: $checkoutId, languageCode: $languageCode) {
      acceptanceRequired
      disclosures {
        versionId kind versionNumber title html consentLabel required contentHash languageCode
      }
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
  #failure = null;
  #generation = 0;
  #controls = new Map();
  #form = null;
  #acceptButton = null;
  #confirmation = null;
  #lastReady = null;
  #gate = new PayButtonGate(this, () => this.ready);

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
    this.#checked = new Set();
    this.#changed = new Set();
    this.#invalid = new Set();
    this.#acceptance = null;
    this.#setPhase(shown.disclosures.length ? "open" : "empty");
    this.render();
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
      h("p", { class: "intro", part: "intro" }, this.t(this.#required ? "checkout.intro" : "checkout.introInfo")),
      h("ul", { class: "disclosures", role: "list" }, this.#disclosures.map((d) => this.#item(d))),
      this.#footer(),
    );
    this.body.append(h("div", { class: "panel", part: "container" }, this.#form));
  }

  #item(disclosure) {
    const id = disclosure.versionId;
    const titleId = uid("title");
    const boxId = uid("consent");
    const errorId = uid("consent-error");
    const invalid = this.#invalid.has(id);
    const changed = this.#changed.has(id);
    const checkbox = h("input", {
      type: "checkbox",
      id: boxId,
      part: "checkbox",
      required: disclosure.required,
      "aria-describedby": invalid ? `${titleId} ${errorId}` : titleId,
      "aria-invalid": invalid ? "true" : null,
      disabled: this.#phase === "accepted",
      "data-version-id": id,
      onchange: (event) => this.#toggle(id, event.target.checked),
    });
    checkbox.checked = this.#checked.has(id);
    const error = h(
      "p",
      { id: errorId, class: "field-error", part: "field-error", hidden: !invalid },
      this.t("checkout.fieldMissing"),
    );
    this.#controls.set(id, { checkbox, error, titleId, errorId });
    return h(
      "li",
      { class: changed ? "disclosure changed" : "disclosure", part: "disclosure" },
      this.heading(
        1,
        [
          h("span", { id: titleId }, disclosure.title),
          h(
            "span",
            { class: disclosure.required ? "badge required" : "badge", "aria-hidden": "true" },
            this.t(disclosure.required ? "checkout.required" : "checkout.optional"),
          ),
          changed ? h("span", { class: "badge new" }, this.t("checkout.updated")) : null,
        ],
        { class: "title subheading", part: "disclosure-title" },
      ),
      h(
        "div",
        { class: "policy-body", part: "disclosure-body", lang: htmlLang(disclosure.languageCode) },
        policyBody(disclosure.html, { topHeading: Math.min(this.headingLevel + 2, 6) }),
      ),
      h(
        "div",
        { class: "consent", part: "consent" },
        checkbox,
        h("label", { for: boxId, part: "consent-label" }, disclosure.consentLabel),
      ),
      error,
    );
  }

  #footer() {
    if (this.#phase === "accepted") {
      this.#confirmation = h(
        "p",
        { class: "accepted", part: "accepted", tabindex: "-1" },
        this.t("checkout.accepted", { time: this.formatTime(this.#acceptance.acceptedAt) }),
      );
      return h("div", { class: "actions" }, this.#confirmation);
    }
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
    if (invalid) {
      control.checkbox.setAttribute("aria-invalid", "true");
      control.checkbox.setAttribute("aria-describedby", `${control.titleId} ${control.errorId}`);
    } else {
      control.checkbox.removeAttribute("aria-invalid");
      control.checkbox.setAttribute("aria-describedby", control.titleId);
    }
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
    const versionIds = this.#disclosures.filter((d) => this.#checked.has(d.versionId)).map((d) => d.versionId);
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
    this.#acceptance = { ...payload.acceptance };
    this.#setPhase("accepted");
    this.render();
    this.#confirmation?.focus();
    this.emit("foresight:accepted", {
      acceptanceId: payload.acceptance.id,
      recordHash: payload.acceptance.recordHash,
      acceptedAt: payload.acceptance.acceptedAt,
      checkoutId,
      versionIds,
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

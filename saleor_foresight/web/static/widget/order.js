// <foresight-order>: what the shop can show a buyer about one order, section by section: the
// order with its items and parcels (tracking numbers, the carrier's link, the expected day,
// dispatch photos), (with the claims feature) their claims and the "report a problem" flow,
// and the terms they accepted.
//
//   <foresight-order api="https://foresight.example.com"
//                    saleor-api-url="https://shop.example.com/graphql/"
//                    order-id="T3JkZXI6…" email="guest@example.com"></foresight-order>
//
// A signed-in buyer gives a token (token / getToken) instead of the email. Methods: refresh().
// Events: foresight:error {code, message}.
//
// A section is one module exporting `section = {name, load(context), render(data, view)}`:
//   load({client, orderId, email, signal}) -> data (or throws an ApiError); null: nothing to load
//   render(data, view) -> a Node or null; `view` offers t, tParts, formatTime, formatDay,
//   formatMoney, heading, headingLevel, loadedAt, orderId, email, the element, refresh(),
//   announce(), showError() and client() (for mutations). No default exports: the stable addresses re-export names.
// A section whose field this Foresight does not have yet (UNSUPPORTED) is left out.

import { ApiError } from "../shared/graphql.js";
import { h } from "../shared/dom.js";
import { ForesightElement } from "./base.js";
import { section as acceptances } from "./sections/acceptances.js";
import { section as claims } from "./sections/claims.js";
import { section as dispatch } from "./sections/dispatch.js";

/** Photo links live a few minutes: a page shown again after this long loads afresh. */
const FRESH_FOR_MS = 4 * 60 * 1000;

export class ForesightOrder extends ForesightElement {
  static observedAttributes = [...ForesightElement.observedAttributes, "order-id", "email"];
  static alertFirst = true;

  /** The sections, in page order: the order and its shipping, problems, then the terms. */
  static sections = [dispatch, claims, acceptances];

  // loading | loaded | failed | not-found
  #phase = "loading";
  #results = [];
  #failure = null;
  #loadedAt = 0;

  #onVisible = () => {
    const stale = Date.now() - this.#loadedAt > FRESH_FOR_MS;
    if (document.visibilityState === "visible" && this.#phase === "loaded" && stale) this.refresh();
  };

  connectedCallback() {
    super.connectedCallback();
    document.addEventListener("visibilitychange", this.#onVisible);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener("visibilitychange", this.#onVisible);
  }

  /** When the data on show was loaded (ms since the epoch), 0 before. */
  get loadedAt() {
    return this.#loadedAt;
  }

  async load(signal) {
    this.#setPhase("loading");
    let context;
    try {
      const orderId = this.getAttribute("order-id");
      if (!orderId) throw new ApiError("CONFIG", "order-id");
      context = { client: this.client(), orderId, email: this.getAttribute("email") || null, signal };
    } catch (error) {
      this.#fail(error);
      return;
    }
    const sections = this.constructor.sections;
    const settled = await Promise.allSettled(
      sections.map((section) => (section.load ? section.load(context) : null)),
    );
    if (signal.aborted) throw new DOMException("superseded", "AbortError");
    this.#results = sections.map((section, index) => {
      const outcome = settled[index];
      return outcome.status === "fulfilled"
        ? { section, data: outcome.value, error: null }
        : { section, data: null, error: outcome.reason };
    });
    const failed = this.#results.filter((r) => r.error && r.error.code !== "UNSUPPORTED");
    const loaded = this.#results.some((r) => r.section.load && !r.error);
    if (!loaded && failed.length) {
      this.#fail(failed[0].error);
      return;
    }
    this.#loadedAt = Date.now();
    this.clearError();
    this.#setPhase("loaded");
    if (failed.length) {
      this.showError(this.errorText(failed[0].error, "order.notFound"));
      this.emitError(failed[0].error);
    }
  }

  #fail(error) {
    this.#failure = error;
    this.#setPhase(error?.code === "NOT_FOUND" ? "not-found" : "failed");
    this.showError(this.errorText(error, "order.notFound"));
    this.emitError(error);
  }

  #setPhase(phase) {
    this.#phase = phase;
    this.setState(phase);
    this.render();
  }

  render() {
    this.body.replaceChildren();
    this.body.removeAttribute("aria-busy");
    if (this.#phase === "loading") {
      this.body.setAttribute("aria-busy", "true");
      this.body.append(h("p", { class: "muted" }, this.t("order.loading")));
      return;
    }
    if (this.#phase === "failed") {
      this.body.append(this.failurePanel(this.errorText(this.#failure, "order.notFound")));
      return;
    }
    if (this.#phase !== "loaded") return;
    const view = this.#view();
    for (const result of this.#results) {
      if (result.error) continue;
      const node = result.section.render(result.data, view);
      if (node) this.body.append(node);
    }
  }

  #view() {
    return {
      element: this,
      language: this.language,
      headingLevel: this.headingLevel,
      loadedAt: this.#loadedAt,
      orderId: this.getAttribute("order-id"),
      email: this.getAttribute("email") || null,
      t: (key, params) => this.t(key, params),
      tParts: (key, nodes) => this.tParts(key, nodes),
      formatTime: (value, options) => this.formatTime(value, options),
      formatMoney: (amount, currency) => this.formatMoney(amount, currency),
      formatDay: (day) => this.formatDay(day),
      heading: (offset, text, attributes) => this.heading(offset, text, attributes),
      refresh: () => this.refresh(),
      announce: (text) => this.announce(text),
      showError: (text) => this.showError(text),
      client: () => this.client(),
    };
  }
}

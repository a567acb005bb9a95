// What every Foresight element shares: its shadow root and live regions, the attributes that
// say where Foresight and the shop's Saleor are, the customer's token, messages, and loading.

import { ApiError, createClient } from "../shared/graphql.js";
import { h } from "../shared/dom.js";
import { speak } from "./dom.js";
import { formatDateTime, formatDay, formatMoney, languageOf, normaliseMessages, translator } from "./i18n.js";
import { adoptStyles } from "./styles.js";

/** Foresight's base URL when no `api` attribute names it: where this module was served from. */
const SERVED_FROM = (() => {
  const url = new URL(import.meta.url);
  const path = url.pathname.replace(/\/web\/(v\/[^/]+\/)?widget\/[^/]+$/, "/");
  return new URL(path === url.pathname ? "/" : path, url).href;
})();

const UPGRADED_PROPERTIES = ["token", "getToken", "messages"];

export class ForesightElement extends HTMLElement {
  static observedAttributes = ["api", "saleor-api-url", "lang", "heading-level"];

  /** Put errors above the content (true) or below it, next to the element's own button. */
  static alertFirst = false;

  #token = null;
  #getToken = null;
  #messages = null;
  #loadQueued = false;
  #controller = null;
  #lastState = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    adoptStyles(root);
    // Live regions exist before anything is said in them, so screen readers announce changes.
    this.alertRegion = h("div", { class: "alert", role: "alert", part: "error" });
    this.statusRegion = h("div", { class: "visually-hidden", role: "status" });
    this.body = h("div", { class: "content", part: "content" });
    const wrapper = h("div", { class: this.constructor.alertFirst ? "alert-first" : "" });
    if (this.constructor.alertFirst) wrapper.append(this.alertRegion, this.body);
    else wrapper.append(this.body, this.alertRegion);
    root.append(wrapper, this.statusRegion);
  }

  connectedCallback() {
    // Properties set before the element was defined sit on the instance: take them over.
    for (const name of UPGRADED_PROPERTIES) {
      if (Object.hasOwn(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
    this.requestLoad();
  }

  disconnectedCallback() {
    this.#controller?.abort();
    this.#controller = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected) return;
    if (name === "heading-level") this.render();
    else this.requestLoad();
  }

  /** The customer's access token, for storefronts that hold it in a variable. */
  get token() {
    return this.#token;
  }

  set token(value) {
    const before = this.#signedIn();
    this.#token = value || null;
    this.#credentialsSet(before);
  }

  /** An (async) function returning the customer's access token or null; called per request. */
  get getToken() {
    return this.#getToken;
  }

  set getToken(callback) {
    if (callback !== null && callback !== undefined && typeof callback !== "function") {
      throw new TypeError("getToken must be a function returning a token (or a promise of one)");
    }
    const before = this.#signedIn();
    this.#getToken = callback ?? null;
    this.#credentialsSet(before);
  }

  #signedIn() {
    return this.#getToken !== null || this.#token !== null;
  }

  /** A buyer who signs in (or out) is another viewer: load again. A refreshed token is not. */
  #credentialsSet(before) {
    if (before !== this.#signedIn() && this.isConnected) this.requestLoad();
  }

  /** Message overrides by language, e.g. {de: {"checkout.accept": "…"}}. */
  get messages() {
    return this.#messages;
  }

  set messages(value) {
    this.#messages = normaliseMessages(value);
    if (this.isConnected) this.render();
  }

  /** The language shown: the element's `lang`, an ancestor's, or the page's. */
  get language() {
    return languageOf(this);
  }

  get headingLevel() {
    const level = Number.parseInt(this.getAttribute("heading-level") ?? "2", 10);
    return Number.isInteger(level) ? Math.min(Math.max(level, 1), 5) : 2;
  }

  t(key, params) {
    return translator(this.language, this.#messages)(key, params);
  }

  /** A message with nodes in its placeholders: tParts("dispatch.trackWith", {number: codeNode}). */
  tParts(key, nodes) {
    const markers = Object.fromEntries(Object.keys(nodes).map((name) => [name, `\u0000${name}\u0000`]));
    return this.t(key, markers)
      .split("\u0000")
      .map((part, index) => (index % 2 === 1 ? nodes[part] : part))
      .filter((part) => part !== "");
  }

  formatDay(day) {
    return formatDay(day, this.language);
  }

  formatMoney(amount, currency) {
    return formatMoney(amount, currency, this.language);
  }

  formatTime(value, options) {
    return formatDateTime(value, this.language, options);
  }

  heading(offset, text, attributes = {}) {
    const level = Math.min(this.headingLevel + offset, 6);
    return h(`h${level}`, attributes, text);
  }

  /** Load again soon (once, however many attributes change in one go). */
  requestLoad() {
    if (this.#loadQueued) return;
    this.#loadQueued = true;
    queueMicrotask(() => {
      this.#loadQueued = false;
      if (this.isConnected) this.refresh();
    });
  }

  /** Load everything again now; a load still running is abandoned. */
  async refresh() {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    try {
      await this.load(controller.signal);
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  }

  /** Subclasses: fetch and render; `signal` aborts when a newer load starts. */
  async load(_signal) {}

  /** Subclasses: draw this.body from the element's state. */
  render() {}

  /** The client for Foresight's API, or an ApiError("CONFIG") naming what is missing. */
  client() {
    const saleorApiUrl = this.getAttribute("saleor-api-url");
    if (!saleorApiUrl) throw new ApiError("CONFIG", "saleor-api-url");
    const base = this.getAttribute("api") || SERVED_FROM;
    const endpoint = new URL("graphql/", base.endsWith("/") ? base : `${base}/`).href;
    // the buyer's token, asked for on every request; once more after a refusal when the
    // storefront gave a callback (a refreshed token), else the refusal stands
    const token = () => resolveToken(() => (this.#getToken ? this.#getToken() : this.#token));
    return createClient({
      endpoint,
      saleorApiUrl: () => saleorApiUrl,
      token,
      retry: async () => (this.#getToken !== null ? { token: await token() } : null),
    });
  }

  /** Say something politely (status) or urgently and visibly (alert). */
  announce(text) {
    speak(this.statusRegion, text);
  }

  showError(text) {
    speak(this.alertRegion, text);
  }

  clearError() {
    this.alertRegion.textContent = "";
  }

  /** The words for a failed request, by its code. */
  errorText(error, notFoundKey) {
    switch (error?.code) {
      case "NETWORK":
        return this.t("error.network");
      case "INVALID_TOKEN":
      case "TOKEN_CALLBACK":
        return this.t("error.token");
      case "UNKNOWN_SALEOR":
        return this.t("error.unknownSaleor");
      case "CONFIG":
        return this.t("error.config", { name: error.message });
      case "NOT_FOUND":
        return this.t(notFoundKey);
      default:
        return this.t("error.generic");
    }
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** Reflect the phase as the `state` attribute, for storefront styles and tests. */
  setState(state) {
    if (this.#lastState === state) return;
    this.#lastState = state;
    this.setAttribute("state", state);
  }

  emitError(error) {
    this.emit("foresight:error", { code: error?.code ?? "UNKNOWN", message: String(error?.message ?? error) });
  }

  /** What a failed load shows: the reason and a way to try again. The alert region says the
   * same aloud and is hidden from view meanwhile (see the styles), so it shows once. */
  failurePanel(text) {
    return h(
      "div",
      { class: "panel failure", part: "container" },
      h("p", { class: "failure-text" }, text),
      h(
        "button",
        { type: "button", class: "secondary", part: "retry-button", onclick: () => this.refresh() },
        this.t("retry"),
      ),
    );
  }
}

/** What the storefront's token or callback gives: a token, or null (a guest). */
async function resolveToken(token) {
  try {
    const value = await token();
    return typeof value === "string" && value.trim() ? value.trim() : null;
  } catch (error) {
    throw new ApiError("TOKEN_CALLBACK", String(error?.message ?? error));
  }
}

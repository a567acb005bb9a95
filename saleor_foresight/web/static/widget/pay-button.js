// Holding the storefront's pay button until the buyer has accepted: <foresight-checkout
// pay-button="#pay"> finds the button(s) by selector, first beside the element (its document or
// shadow root), then in the page.
//
// While not ready, every matching button is disabled, `aria-disabled="true"`, marked held
// (`data-foresight-held`), and says why: `aria-description` and a `title` ("Accept the terms
// above to pay"), so a buyer who finds it dimmed learns what it waits for. Once ready, only held buttons are released: a button the storefront
// disabled for its own reasons stays disabled. A storefront holds its button from the first
// paint, before the widget has loaded, by writing it `disabled data-foresight-held`. A
// mutation observer keeps the hold when a framework renders the button later or re-enables it.

export const HELD = "data-foresight-held";
const EXPLAINED = "data-foresight-reason"; // the title and description are ours to take back

export class PayButtonGate {
  #host;
  #isReady;
  #reason;
  #observer = null;

  constructor(host, isReady, reason = () => "") {
    this.#host = host;
    this.#isReady = isReady;
    this.#reason = reason;
  }

  connect() {
    this.disconnect();
    if (!this.#host.getAttribute("pay-button") || !this.#host.isConnected) return;
    const root = this.#host.getRootNode();
    this.#observer = new MutationObserver(() => this.apply());
    this.#observer.observe(root === document ? document.documentElement : root, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["disabled"],
    });
    this.apply();
  }

  disconnect() {
    this.#observer?.disconnect();
    this.#observer = null;
  }

  /** The selector changed: let go of what the old one held, hold what the new one finds. */
  selectorChanged(oldSelector) {
    this.#release(oldSelector);
    this.connect();
  }

  apply() {
    if (!this.#host.isConnected) return;
    if (this.#isReady()) {
      this.#release(this.#host.getAttribute("pay-button"));
      return;
    }
    for (const button of this.#buttons(this.#host.getAttribute("pay-button"))) {
      const held = button.hasAttribute(HELD);
      if (button.disabled && !held) continue; // the storefront's own reasons
      // write only what differs: the observer sees these writes too
      if (!button.disabled) button.disabled = true;
      if (button.getAttribute("aria-disabled") !== "true") button.setAttribute("aria-disabled", "true");
      if (!held) button.setAttribute(HELD, "");
      const reason = this.#reason();
      if (reason && (button.hasAttribute(EXPLAINED) || !button.hasAttribute("title"))) {
        if (button.getAttribute("title") !== reason) button.setAttribute("title", reason);
        if (button.getAttribute("aria-description") !== reason) button.setAttribute("aria-description", reason);
        if (!button.hasAttribute(EXPLAINED)) button.setAttribute(EXPLAINED, "");
      }
    }
  }

  #release(selector) {
    for (const button of this.#buttons(selector)) {
      if (!button.hasAttribute(HELD)) continue;
      button.removeAttribute(HELD);
      button.removeAttribute("aria-disabled");
      if (button.hasAttribute(EXPLAINED)) {
        button.removeAttribute(EXPLAINED);
        button.removeAttribute("title");
        button.removeAttribute("aria-description");
      }
      button.disabled = false;
    }
  }

  #buttons(selector) {
    if (!selector) return [];
    try {
      const root = this.#host.getRootNode();
      const near = root !== document && root.querySelectorAll ? [...root.querySelectorAll(selector)] : [];
      return near.length ? near : [...document.querySelectorAll(selector)];
    } catch {
      console.warn(`foresight-checkout: pay-button="${selector}" is not a valid selector`);
      return [];
    }
  }
}

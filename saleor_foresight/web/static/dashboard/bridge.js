// Saleor Dashboard app-bridge: how a page inside the Dashboard's iframe gets its token.
//
// The Dashboard loads the page with ?domain=&saleorApiUrl=&id=&theme=&locale= (and, on order
// mounts, &orderId=) and talks to it with window.postMessage (protocol version 1):
//
//   Dashboard -> page   {type: "handshake", payload: {token, version: 1, saleorVersion, dashboardVersion}}
//                       {type: "tokenRefresh", payload: {token}}      a fresh token before expiry
//                       {type: "theme", payload: {theme: "light" | "dark"}}
//                       {type: "localeChanged", payload: {locale}}
//                       {type: "redirect", payload: {path}}            the app's deep path changed
//                       {type: "response", payload: {actionId, ok}}    the answer to an action
//   page -> Dashboard   {type: "notifyReady" | "notification" | "redirect" | "updateRouting",
//                        payload: {actionId, ...}}
//
// Origins: a message counts only when it comes from the parent window itself and from the
// Dashboard's origin: the parent's origin as the browser reports it (location.ancestorOrigins,
// else the referrer the Dashboard's page sent), else the origin of ?saleorApiUrl (a Dashboard
// served by Saleor itself). Actions are posted to that origin only, never to "*". The token is
// not trusted here: Foresight verifies it on every request; the page only reads its claims
// (issuer, expiry) to address and time its requests.

const PROTOCOL_VERSION = 1;
const RESPONSE_TIMEOUT_MS = 5000;
const TOKEN_TIMEOUT_MS = 20000;
const EXPIRY_SKEW_S = 5;
const RESIZE_MESSAGE = "saleor:widget:resize";

export class BridgeError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "BridgeError";
    this.code = code;
  }
}

function httpUrl(value) {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

function originOf(value) {
  const url = httpUrl(value);
  return url ? new URL(url).origin : null;
}

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function base64UrlJson(part) {
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The claims of a JWT, unverified (Foresight verifies); null when it is not a JWT. */
export function readClaims(token) {
  const parts = typeof token === "string" ? token.split(".") : [];
  if (parts.length !== 3) return null;
  try {
    const claims = base64UrlJson(parts[1]);
    return isObject(claims) ? claims : null;
  } catch {
    return null;
  }
}

function newActionId(crypto) {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function dashboardOrigin(win, saleorApiUrl) {
  const ancestors = win.location.ancestorOrigins;
  if (ancestors && ancestors.length > 0 && ancestors[0] !== "null") return ancestors[0];
  return originOf(win.document.referrer) ?? originOf(saleorApiUrl);
}

export class Bridge {
  constructor(win = window) {
    this.window = win;
    const params = new URL(win.location.href).searchParams;
    this.params = params;
    this.saleorApiUrl = httpUrl(params.get("saleorApiUrl"));
    this.appId = params.get("id") ?? "";
    this.theme = params.get("theme") === "dark" ? "dark" : "light";
    this.locale = params.get("locale") || win.navigator.language || "en";
    this.framed = win.parent !== win;
    this.origin = this.framed ? dashboardOrigin(win, this.saleorApiUrl) : null;
    this.versions = {};
    this.path = null;
    this._token = null;
    this._claims = null;
    this._tokenWaiters = new Set();
    this._listeners = new Map();
    this._pending = new Map();
    this._onMessage = (event) => this._receive(event);
    win.addEventListener("message", this._onMessage);
    this._applyTheme();
    this._applyLocale();
  }

  /** Tell the Dashboard the page is listening; it answers with a handshake. */
  start() {
    return this._dispatch("notifyReady", {});
  }

  get connected() {
    return this._token !== null;
  }

  /** The staff member as the token says (for hints only; Foresight decides). */
  get user() {
    const claims = this._claims ?? {};
    const permissions = Array.isArray(claims.user_permissions) ? claims.user_permissions : [];
    return {
      id: typeof claims.user_id === "string" ? claims.user_id : "",
      email: typeof claims.email === "string" ? claims.email : "",
      permissions,
    };
  }

  /** The Saleor-Api-Url to send: the token's issuer (what Foresight checks it against). */
  get apiUrl() {
    return httpUrl(this._claims?.iss) ?? this.saleorApiUrl;
  }

  /** The current token; waits for the handshake, or for a refresh once it has expired. */
  token({ timeout = TOKEN_TIMEOUT_MS } = {}) {
    if (this._token !== null && !this._expired()) return Promise.resolve(this._token);
    if (!this.framed) {
      return Promise.reject(
        new BridgeError("NOT_IN_DASHBOARD", "Open this page from the Saleor Dashboard."),
      );
    }
    const stale = this._token;
    return this._waitForToken((token) => token !== stale || !this._expired(), timeout);
  }

  /** A token other than the current one (after Foresight refused the current one). */
  nextToken({ timeout = TOKEN_TIMEOUT_MS } = {}) {
    const current = this._token;
    return this._waitForToken((token) => token !== current, timeout);
  }

  on(type, callback) {
    if (!this._listeners.has(type)) this._listeners.set(type, new Set());
    this._listeners.get(type).add(callback);
    return () => this._listeners.get(type)?.delete(callback);
  }

  /** A toast in the Dashboard: status is "info" | "success" | "warning" | "error". */
  notify({ status = "info", title = "", text = "" } = {}) {
    return this._dispatch("notification", { status, title, text });
  }

  /** Navigate the Dashboard: a Dashboard path ("/orders/…") or a URL (newContext: new tab). */
  redirect(to, { newContext = false } = {}) {
    return this._dispatch("redirect", { to, newContext });
  }

  /** Keep the app's own route in the Dashboard's address, so a reload comes back here. */
  updateRouting(newRoute) {
    return this._dispatch("updateRouting", { newRoute });
  }

  /** Report the content's height to the Dashboard, which sizes a widget's iframe to it. */
  autoHeight(element) {
    if (!this.framed || !this.origin || typeof ResizeObserver === "undefined") return;
    let reported = 0;
    const report = () => {
      const height = Math.ceil(Math.max(element.getBoundingClientRect().height, element.scrollHeight));
      if (height > 0 && height !== reported) {
        reported = height;
        this.window.parent.postMessage({ type: RESIZE_MESSAGE, height }, this.origin);
      }
    };
    new ResizeObserver(report).observe(element);
    report();
  }

  _expired() {
    const exp = this._claims?.exp;
    return typeof exp === "number" && exp - EXPIRY_SKEW_S <= Date.now() / 1000;
  }

  _waitForToken(accept, timeout) {
    return new Promise((resolve, reject) => {
      const waiter = (token) => {
        if (!accept(token)) return false;
        clearTimeout(timer);
        resolve(token);
        return true;
      };
      const timer = setTimeout(() => {
        this._tokenWaiters.delete(waiter);
        reject(
          new BridgeError(
            "NO_TOKEN",
            "The Dashboard did not hand over a session. Reload the page in the Saleor Dashboard.",
          ),
        );
      }, timeout);
      this._tokenWaiters.add(waiter);
    });
  }

  _setToken(token) {
    if (typeof token !== "string" || readClaims(token) === null) return;
    this._token = token;
    this._claims = readClaims(token);
    for (const waiter of [...this._tokenWaiters]) {
      if (waiter(token)) this._tokenWaiters.delete(waiter);
    }
    this._emit("token", token);
  }

  _receive(event) {
    if (!this.framed || event.source !== this.window.parent || event.origin !== this.origin) return;
    const data = event.data;
    if (!isObject(data) || typeof data.type !== "string" || !isObject(data.payload)) return;
    const payload = data.payload;
    switch (data.type) {
      case "handshake":
        if (payload.version !== PROTOCOL_VERSION) {
          console.warn(`app-bridge: handshake version ${payload.version}, expected ${PROTOCOL_VERSION}`);
        }
        this.versions = {
          saleor: typeof payload.saleorVersion === "string" ? payload.saleorVersion : "",
          dashboard: typeof payload.dashboardVersion === "string" ? payload.dashboardVersion : "",
        };
        this._setToken(payload.token);
        this._emit("handshake", this.versions);
        break;
      case "tokenRefresh":
        this._setToken(payload.token);
        break;
      case "theme":
        if (payload.theme === "light" || payload.theme === "dark") {
          this.theme = payload.theme;
          this._applyTheme();
          this._emit("theme", this.theme);
        }
        break;
      case "localeChanged":
        if (typeof payload.locale === "string" && payload.locale) {
          this.locale = payload.locale;
          this._applyLocale();
          this._emit("locale", this.locale);
        }
        break;
      case "redirect":
        if (typeof payload.path === "string") {
          this.path = payload.path;
          this._emit("redirect", payload.path);
        }
        break;
      case "response": {
        const settle = this._pending.get(payload.actionId);
        if (settle) settle(payload.ok === true);
        break;
      }
      default:
        break;
    }
  }

  _dispatch(type, payload) {
    if (!this.framed || !this.origin) return Promise.resolve(false);
    const actionId = newActionId(this.window.crypto);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this._pending.delete(actionId);
        resolve(false);
      }, RESPONSE_TIMEOUT_MS);
      this._pending.set(actionId, (ok) => {
        clearTimeout(timer);
        this._pending.delete(actionId);
        resolve(ok);
      });
      this.window.parent.postMessage({ type, payload: { ...payload, actionId } }, this.origin);
    });
  }

  _emit(type, value) {
    for (const callback of this._listeners.get(type) ?? []) {
      try {
        callback(value);
      } catch (error) {
        console.error(error);
      }
    }
  }

  _applyTheme() {
    this.window.document.documentElement.dataset.theme = this.theme;
  }

  _applyLocale() {
    this.window.document.documentElement.lang = this.locale.replace("_", "-");
  }
}

export const bridge = new Bridge(window);
bridge.start();

// Saleor Dashboard app-bridge: how a page inside the Dashboard's iframe gets its token.
//
// Matched message by message against the Dashboard 3.23.27 (its AppFrame, in
// src/extensions/views/ViewManifestExtension/components/AppFrame/). The Dashboard loads the page
// with ?domain=&saleorApiUrl=&id=&theme= (and extension params such as &orderId=; no locale)
// and talks to it with window.postMessage (protocol version 1):
//
//   Dashboard -> page   {type: "handshake", payload: {token, version: 1, saleorVersion, dashboardVersion}}
//                         on the iframe's load and again on notifyReady: it arrives twice
//                       {type: "tokenRefresh", payload: {token}}      a fresh token before expiry,
//                         to app pages and widgets only, never to a popup
//                       {type: "theme", payload: {theme: "light" | "dark"}}
//                       {type: "localeChanged", payload: {locale}}   after the handshake, and on a change
//                       {type: "redirect", payload: {path}}            the Dashboard's whole path
//                         ("/extensions/app/<id>/claims"): the page takes the app's route from it
//                       {type: "response", payload: {actionId, ok}}    the answer to an action
//   page -> Dashboard   {type: "notifyReady" | "notification" | "redirect" | "updateRouting" |
//                        "widgetResize", payload: {actionId, ...}}    (the Dashboard drops a
//                        message without actionId; a widget is 200 px high until widgetResize)
//
// Origins: a message counts only when it comes from the parent window itself and from the
// Dashboard's origin: the parent's origin as the browser reports it (location.ancestorOrigins,
// else the referrer the Dashboard's page sent), else the origin of ?saleorApiUrl (a Dashboard
// served by Saleor itself). Actions are posted to that origin only, never to "*". The token is
// not trusted here: Foresight verifies it on every request; the page only reads its claims
// (issuer, expiry) to address and time its requests.
//
// Foresight's frames in one Dashboard (the order widget and the photo popup on an order's
// page) also talk to each other: a popup gets no tokenRefresh, so it takes a fresh token from a
// widget, and a popup that added photos tells the widget to show them. These messages go from a
// frame of the Dashboard's window to another frame of that same window, to Foresight's own
// origin only, and are taken only from such a frame of Foresight's origin:
//
//   frame -> frames     {type: "foresight:token", payload: {token}}       on every token received
//                       {type: "foresight:tokenRequest", payload: {}}     "who has a fresher one?"
//                       {type: "foresight:event", payload: {name, detail}}  e.g. photosAdded
//
// A relayed token is taken only for the same Saleor, app and staff member as the page's own,
// and only when it expires later (or the page's own has expired or was refused).

const PROTOCOL_VERSION = 1;
const RESPONSE_TIMEOUT_MS = 5000;
const TOKEN_TIMEOUT_MS = 20000;
const EXPIRY_SKEW_S = 5;
const MAX_WIDGET_HEIGHT = 5000; // the Dashboard caps a widget's height there
const FRAMES = "foresight:"; // the prefix of messages between Foresight's own frames

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

function expiredClaims(claims) {
  const exp = claims?.exp;
  return typeof exp === "number" && exp - EXPIRY_SKEW_S <= Date.now() / 1000;
}

/**
 * The app's own route in a path the Dashboard names: "/extensions/app/<id>/claims/7" (or the
 * older "/apps/<id>/app/claims/7", behind any mount prefix) is "/claims/7"; a path that is
 * already the app's route stays as it is.
 */
export function appRoute(path) {
  const parts = String(path).split("?")[0].split("/");
  for (let i = 0; i + 2 < parts.length; i++) {
    const extensions = parts[i] === "extensions" && parts[i + 1] === "app";
    const apps = parts[i] === "apps" && parts[i + 2] === "app";
    if (extensions || apps) return `/${parts.slice(i + 3).join("/")}`;
  }
  return parts.join("/") || "/";
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
    // the Dashboard names no locale in the URL: it follows with localeChanged
    this.locale = win.navigator.language || "en";
    this.framed = win.parent !== win;
    this.origin = this.framed ? dashboardOrigin(win, this.saleorApiUrl) : null;
    this.versions = {};
    this.path = null;
    this._token = null;
    this._claims = null;
    this._refused = null;
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
    const waiting = this._waitForToken((token) => token !== stale || !this._expired(), timeout);
    if (stale !== null) this._toFrames("tokenRequest", {});
    return waiting;
  }

  /** A token other than ``refused`` (the one Foresight refused; by default the current one). */
  nextToken({ refused = this._token, timeout = TOKEN_TIMEOUT_MS } = {}) {
    if (this._token !== null && this._token !== refused && !this._expired()) return Promise.resolve(this._token);
    this._refused = refused;
    const waiting = this._waitForToken((token) => token !== refused, timeout);
    this._toFrames("tokenRequest", {});
    return waiting;
  }

  /** The Dashboard's path of one of the app's own routes ("/claims" -> "/extensions/app/<id>/claims"). */
  dashboardPath(route) {
    return `/extensions/app/${encodeURIComponent(this.appId)}${route}`;
  }

  /** Tell Foresight's other frames in this Dashboard (listeners: on(`frames:${name}`)). */
  tellFrames(name, detail = {}) {
    this._toFrames("event", { name, detail });
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
      const height = Math.min(Math.ceil(element.getBoundingClientRect().height), MAX_WIDGET_HEIGHT);
      if (height > 0 && height !== reported) {
        reported = height;
        this._dispatch("widgetResize", { height });
      }
    };
    new ResizeObserver(report).observe(element);
    report();
  }

  _expired() {
    return expiredClaims(this._claims);
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
    const changed = token !== this._token;
    this._token = token;
    this._claims = readClaims(token);
    for (const waiter of [...this._tokenWaiters]) {
      if (waiter(token)) this._tokenWaiters.delete(waiter);
    }
    if (changed) this._toFrames("token", { token });
    this._emit("token", token);
  }

  /** A token another of Foresight's frames holds: taken when it is the same session, fresher. */
  _offerToken(token) {
    const claims = readClaims(token);
    const mine = this._claims;
    if (claims === null || mine === null || token === this._token || expiredClaims(claims)) return;
    if (claims.iss !== mine.iss || claims.app !== mine.app || claims.user_id !== mine.user_id) return;
    const needed = this._expired() || this._refused === this._token;
    if (!needed && !(typeof claims.exp === "number" && claims.exp > (mine.exp ?? Infinity))) return;
    this._setToken(token);
  }

  /** Foresight's other frames in the Dashboard's window (a popup, the widgets, the app page). */
  _frames() {
    if (!this.framed) return [];
    const found = [];
    const frames = this.window.parent.frames; // across origins: its length and its windows only
    for (let i = 0; i < frames.length; i++) {
      if (frames[i] !== this.window) found.push(frames[i]);
    }
    return found;
  }

  _toFrames(type, payload) {
    for (const frame of this._frames()) {
      // to Foresight's origin only: the browser drops it for a frame of any other origin
      frame.postMessage({ type: `${FRAMES}${type}`, payload }, this.window.location.origin);
    }
  }

  _fromFrame(event) {
    const data = event.data;
    if (!isObject(data) || typeof data.type !== "string" || !isObject(data.payload)) return;
    const payload = data.payload;
    switch (data.type) {
      case `${FRAMES}token`:
        this._offerToken(payload.token);
        break;
      case `${FRAMES}tokenRequest`:
        if (this._token !== null && !this._expired()) {
          event.source.postMessage({ type: `${FRAMES}token`, payload: { token: this._token } }, this.window.location.origin);
        }
        break;
      case `${FRAMES}event`:
        if (typeof payload.name === "string") this._emit(`frames:${payload.name}`, isObject(payload.detail) ? payload.detail : {});
        break;
      default:
        break;
    }
  }

  _receive(event) {
    if (!this.framed) return;
    if (event.source !== this.window.parent) {
      if (event.origin === this.window.location.origin && this._frames().includes(event.source)) this._fromFrame(event);
      return;
    }
    if (event.origin !== this.origin) return;
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
        {
          const first = this._token === null;
          this._setToken(payload.token);
          // a popup's token is as old as the Dashboard's list of extensions: ask for a fresher
          if (first && this._token !== null) this._toFrames("tokenRequest", {});
        }
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
        if (typeof payload.locale === "string" && payload.locale && payload.locale !== this.locale) {
          this.locale = payload.locale;
          this._applyLocale();
          this._emit("locale", this.locale);
        }
        break;
      case "redirect":
        if (typeof payload.path === "string") {
          this.path = appRoute(payload.path);
          this._emit("redirect", this.path);
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

// Small DOM helpers for the Dashboard pages, over the element builder they share with the
// widget (../shared/dom.js). Text always goes in as text nodes: nothing here parses HTML, so
// nothing a buyer or the API wrote can become markup.

import { append, h } from "../shared/dom.js";
import { bridge } from "./bridge.js";

/** Replace an element's content. */
export function show(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

function locale() {
  return document.documentElement.lang || undefined;
}

function asDate(value) {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(value) {
  const date = asDate(value);
  if (!date) return "";
  return new Intl.DateTimeFormat(locale(), {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(date);
}

export function formatAgo(value) {
  const date = asDate(value);
  if (!date) return "";
  const seconds = (date.getTime() - Date.now()) / 1000;
  const steps = [
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
  ];
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: "auto" });
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, "minute");
}

/** A URL from the API for href/src: http(s) only, anything else goes nowhere. */
export function httpUrl(value) {
  try {
    const url = new URL(value, window.location.href);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : "about:blank";
  } catch {
    return "about:blank";
  }
}

/** A count as the staff member's locale writes it. */
export function formatNumber(value) {
  const number = Number(value);
  return Number.isFinite(number) ? new Intl.NumberFormat(locale()).format(number) : "";
}

/** An amount (a Decimal from the API, as a string) with its ISO 4217 code: "USD 900.00". */
export function formatMoney(amount, currency) {
  if (amount === null || amount === undefined || amount === "") return "";
  const number = Number(amount);
  if (!Number.isFinite(number)) return String(amount);
  if (currency) {
    try {
      return new Intl.NumberFormat(locale(), { style: "currency", currency, currencyDisplay: "code" }).format(number);
    } catch {
      // not a currency Intl knows: the amount and the code as they are
    }
  }
  return [new Intl.NumberFormat(locale(), { maximumFractionDigits: 4 }).format(number), currency].filter(Boolean).join(" ");
}

export function shortHash(hash) {
  return hash ? `${hash.slice(0, 12)}…` : "";
}

export function humanize(code) {
  const text = String(code ?? "").toLowerCase().replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function badge(text, tone = "neutral") {
  return h("span", { class: `badge badge-${tone}` }, text);
}

export function notice(text, tone = "info") {
  return h("p", { class: `notice notice-${tone}`, role: tone === "error" ? "alert" : "status" }, text);
}

export function spinner(text = "Loading…") {
  return h("p", { class: "loading", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), text);
}

/**
 * A link to a page of the Dashboard, by its Dashboard path: a Saleor order
 * (`/orders/<id>`, see orderPath) or a route of Foresight's own page (appPath). Its href is
 * that path (what the link leads to); the Dashboard navigates, in a new tab for a middle click
 * or with Ctrl/⌘/Shift, as links do. A path of the app's page keeps the app open on that route.
 */
export function dashboardLink(path, label) {
  const open = (event, newContext) => {
    event.preventDefault();
    bridge.redirect(path, { newContext });
  };
  return h(
    "a",
    {
      href: path,
      class: "link",
      onclick: (event) => open(event, event.ctrlKey || event.metaKey || event.shiftKey),
      onauxclick: (event) => {
        if (event.button === 1) open(event, true);
      },
    },
    label,
  );
}

/** The Dashboard's path of a Saleor order's page. */
export function orderPath(orderId) {
  return `/orders/${encodeURIComponent(orderId)}`;
}

/** The Dashboard's path of a route of Foresight's own page ("/claims/<id>"): a route alone
 * would leave the Dashboard. */
export function appPath(route) {
  return bridge.dashboardPath(route);
}

/** An error as the page shows it; and why, when the page is not inside the Dashboard. */
export function errorNotice(error) {
  if (error?.code === "NOT_IN_DASHBOARD") {
    return notice("This page works inside the Saleor Dashboard: open Foresight from there.", "warning");
  }
  return notice(error?.message ?? String(error), "error");
}

/** Why an order is "not found": Saleor does not know it either, or the staff member may not read it. */
export function orderNotFound() {
  if (!bridge.user.permissions.includes("MANAGE_ORDERS")) {
    return notice("Foresight shows orders to staff with the MANAGE_ORDERS permission.", "warning");
  }
  return notice("Neither Foresight nor Saleor knows this order. Try again in a moment.", "info");
}

/** A labelled form control, with an optional hint below. */
export function field(label, control, hint) {
  return h("label", { class: "field" }, h("span", { class: "field-label" }, label), control, hint ? h("small", { class: "muted" }, hint) : null);
}

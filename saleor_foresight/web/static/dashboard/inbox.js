// The app's page (appUrl, and NAVIGATION_ORDERS as APP_PAGE): tabs for claims, the packing
// queue, staff notifications (their unread count in the tab's label), the monthly report,
// policies and the rules per channel. The tab is part of the path (/dashboard/app/packing),
// kept in the Dashboard's address with updateRouting, so a reload or a shared link comes back.
// Above the tabs, how bringing in the orders placed before the install stands (backfill.js).

import { h } from "../shared/dom.js";
import { gql } from "./api.js";
import { mountBackfill } from "./backfill.js";
import { bridge } from "./bridge.js";
import { mountClaims } from "./claims.js";
import { mountNotifications, unreadCount } from "./notifications.js";
import { mountPacking } from "./packing.js";
import { mountPolicies } from "./policies.js";
import { mountReport } from "./report.js";
import { mountRules } from "./rules.js";
import { errorNotice, formatNumber, notice, show, spinner } from "./ui.js";

const TABS = ["claims", "packing", "notifications", "report", "policies", "rules"];
const APP_PATH = "/dashboard/app";

const VIEWER = "query ForesightViewer { viewer { kind email permissions } }";

const panel = document.getElementById("panel");
const appBase = (() => {
  const path = window.location.pathname;
  const at = path.indexOf(APP_PATH);
  return at >= 0 ? path.slice(0, at + APP_PATH.length) : APP_PATH;
})();

function routeOf(path) {
  const rest = path.startsWith(appBase) ? path.slice(appBase.length) : path;
  const [name, ...more] = rest.split("/").filter(Boolean).map(decodeURIComponent);
  return TABS.includes(name) ? { tab: name, more } : null;
}

function tabOfPath(path) {
  return routeOf(path)?.tab ?? null;
}

/** Keep a route of the app (e.g. "/claims/<id>") in the frame's and the Dashboard's address. */
function route(path) {
  const target = `${appBase}${path}`;
  if (window.location.pathname !== target) window.history.pushState({}, "", `${target}${window.location.search}`);
  bridge.updateRouting(path);
}

// -- tabs --------------------------------------------------------------------------------

const MOUNTS = {
  claims: mountClaims,
  packing: mountPacking,
  notifications: mountNotifications,
  report: mountReport,
  policies: mountPolicies,
  rules: mountRules,
};
let current = null;
let mounting = false;
let viewer = null;
let unreadAsked = false;
let unreadKnown = false; // the Notifications tab said it: an earlier answer is stale

/** The unread notifications in the tab's label: in words for screen readers, not colour alone. */
function showUnread(count) {
  unreadKnown = true;
  const label = document.querySelector("#tab-notifications .tab-count");
  if (!label) return;
  label.hidden = !count;
  show(label, formatNumber(count ?? 0), h("span", { class: "visually-hidden" }, " unread"));
}

async function select(tab, { routed = true, more = [], again = false } = {}) {
  if (tab === current && !again) return;
  current = tab;
  for (const button of document.querySelectorAll(".tab")) {
    const active = button.dataset.tab === tab;
    button.setAttribute("aria-selected", String(active));
    button.tabIndex = active ? 0 : -1;
  }
  panel.setAttribute("aria-labelledby", `tab-${tab}`);
  if (routed) route(`/${tab}`);
  const target = h("div", { class: "tab-body", dataset: { tab } });
  show(panel, target);
  show(target, spinner());
  mounting = true;
  try {
    viewer ??= (await gql(VIEWER)).viewer;
    if (viewer.kind !== "STAFF") {
      show(target, notice("Foresight did not accept the Dashboard's session as staff.", "error"));
      return;
    }
    if (!unreadAsked) {
      unreadAsked = true;
      // the page works without it
      mountBackfill(document.getElementById("backfill")).catch(() => {});
      // the tab works without its count
      unreadCount().then((count) => (unreadKnown ? null : showUnread(count)), () => {});
    }
    await MOUNTS[tab](target, { viewer, path: more, route, onCount: showUnread });
  } catch (error) {
    show(target, errorNotice(error));
  } finally {
    if (panel.firstChild === target) mounting = false;
  }
}

for (const button of document.querySelectorAll(".tab")) {
  button.addEventListener("click", () => select(button.dataset.tab));
}
document.querySelector(".tabs").addEventListener("keydown", (event) => {
  if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
  const step = event.key === "ArrowRight" ? 1 : -1;
  const next = TABS[(TABS.indexOf(current) + step + TABS.length) % TABS.length];
  select(next).then(() => document.getElementById(`tab-${next}`).focus());
});
window.addEventListener("popstate", () => select(tabOfPath(window.location.pathname) ?? "claims", { routed: false }));
// the Dashboard's path, as the app's route (bridge.js): a tab other than the one shown
bridge.on("redirect", (path) => {
  const tab = tabOfPath(path);
  if (tab) select(tab, { routed: false });
});
// the staff member's locale: the tab again, its dates and numbers in it
bridge.on("locale", () => {
  if (mounting) return; // the tab being mounted renders in it
  const at = routeOf(window.location.pathname) ?? { tab: current ?? "claims", more: [] };
  select(at.tab, { routed: false, more: at.more, again: true });
});

const start = routeOf(window.location.pathname) ?? { tab: "claims", more: [] };
select(start.tab, { routed: false, more: start.more });

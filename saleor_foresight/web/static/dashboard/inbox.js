// The app's page (appUrl, and NAVIGATION_ORDERS as APP_PAGE): tabs for claims, the packing
// queue and policies. The tab is part of the path (/dashboard/app/packing), kept in the
// Dashboard's address with updateRouting, so a reload or a shared link comes back to it.

import { apiFields, gql } from "./api.js";
import { bridge } from "./bridge.js";
import { mountClaims } from "./claims.js";
import { mountPolicies } from "./policies.js";
import { errorNotice, formatAgo, formatDateTime, h, notice, orderLink, show, spinner } from "./ui.js";
import { PhotoUploader } from "./uploader.js";

const TABS = ["claims", "packing", "policies"];
const APP_PATH = "/dashboard/app";
const PAGE_SIZE = 25;

const PACKING_QUEUE = `
query ForesightPackingQueue($channel: String, $first: Int, $after: String) {
  packingQueue(channel: $channel, first: $first, after: $after) {
    edges {
      node {
        orderId orderNumber channel waitingSince
        fulfillment { id number status trackingNumber }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

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

// -- packing queue ---------------------------------------------------------------------

function packingRow(entry) {
  const uploads = h("ul", { class: "uploads" });
  const state = h("span", { class: "muted" }, `shipped ${formatAgo(entry.waitingSince)}`);
  const input = h("input", { type: "file", accept: "image/*", capture: "environment", multiple: true, class: "visually-hidden" });
  const row = h(
    "li",
    { class: "queue-row", dataset: { order: entry.orderNumber } },
    h(
      "div",
      { class: "queue-main" },
      h("strong", {}, orderLink(entry.orderId, `Order #${entry.orderNumber}`)),
      h(
        "span",
        { class: "queue-meta" },
        `Parcel ${entry.fulfillment.number} · ${entry.channel} · `,
        entry.fulfillment.trackingNumber || "no tracking number",
        " · ",
        h("time", { datetime: entry.waitingSince, title: formatDateTime(entry.waitingSince) }, state),
      ),
    ),
    h("label", { class: "button button-primary" }, input, "Take photo"),
    uploads,
  );
  const uploader = new PhotoUploader({
    list: uploads,
    orderId: entry.orderId,
    fulfillmentId: entry.fulfillment.id,
    onAdded: () => {
      row.dataset.done = "true";
      show(state, "photo added");
    },
  });
  input.addEventListener("change", () => {
    if (input.files.length > 0) uploader.add([...input.files]);
    input.value = "";
  });
  return row;
}

async function mountPacking(target) {
  const fields = await apiFields();
  if (!fields.has("Query.packingQueue")) {
    show(target, notice("Dispatch photos are not available in this Foresight yet.", "info"));
    return;
  }
  const list = h("ul", { class: "queue", "aria-label": "Parcels without a photo" });
  const more = h("button", { type: "button", class: "button", hidden: true }, "Show more");
  const status = h("div", {});
  const channel = h("input", { type: "search", name: "channel", placeholder: "All channels", "aria-label": "Channel slug" });
  let after = null;

  const load = async (reset) => {
    if (reset) {
      after = null;
      list.replaceChildren();
    }
    show(status, spinner());
    more.hidden = true;
    try {
      const data = await gql(PACKING_QUEUE, { channel: channel.value.trim() || null, first: PAGE_SIZE, after });
      const page = data.packingQueue;
      for (const edge of page.edges) list.append(packingRow(edge.node));
      after = page.pageInfo.endCursor;
      more.hidden = !page.pageInfo.hasNextPage;
      show(status, list.children.length === 0 ? notice("Every shipped parcel has a photo.", "success") : null);
    } catch (error) {
      show(status, errorNotice(error));
    }
  };

  more.addEventListener("click", () => load(false));
  show(
    target,
    h(
      "form",
      {
        class: "toolbar",
        onsubmit: (event) => {
          event.preventDefault();
          load(true);
        },
      },
      h("p", { class: "muted" }, "Shipped parcels still without a photo, oldest first. Photograph each parcel before it leaves."),
      h("div", { class: "toolbar-controls" }, channel, h("button", { type: "submit", class: "button" }, "Show")),
    ),
    list,
    status,
    more,
  );
  await load(true);
}

// -- tabs --------------------------------------------------------------------------------

const MOUNTS = { claims: mountClaims, packing: mountPacking, policies: mountPolicies };
let current = null;
let viewer = null;

async function select(tab, { routed = true, more = [] } = {}) {
  if (tab === current) return;
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
  try {
    viewer ??= (await gql(VIEWER)).viewer;
    if (viewer.kind !== "STAFF") {
      show(target, notice("Foresight did not accept the Dashboard's session as staff.", "error"));
      return;
    }
    await MOUNTS[tab](target, { viewer, path: more, route });
  } catch (error) {
    show(target, errorNotice(error));
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
bridge.on("redirect", (path) => {
  const tab = tabOfPath(path);
  if (tab) select(tab, { routed: false });
});

const start = routeOf(window.location.pathname) ?? { tab: "claims", more: [] };
select(start.tab, { routed: false, more: start.more });

// Claims in the Dashboard: the inbox (claims by status, most urgent first; a claim opens its
// detail, claim-detail.js) and an order's claims for the order widget.

import { h } from "../shared/dom.js";
import { apiFields, gql } from "./api.js";
import { showClaim } from "./claim-detail.js";
import { due, LIST_FIELDS, statusBadge } from "./claim-status.js";
import { appPath, dashboardLink, errorNotice, humanize, notice, show, spinner } from "./ui.js";

const CLAIMS = `
query ForesightClaims($filter: ClaimFilterInput, $first: Int, $after: String) {
  claims(filter: $filter, first: $first, after: $after) {
    totalCount
    edges { node { ${LIST_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const ORDER_CLAIMS = `
query ForesightOrderClaims($orderId: ID!) {
  orderClaims(orderId: $orderId) { id number status reason dueAt overdue }
}`;

const FILTERS = [
  ["Needs an answer", { statuses: ["OPEN", "ESCALATED"] }],
  ["With the buyer", { statuses: ["WAITING_FOR_BUYER", "OFFER_MADE"] }],
  ["Being carried out", { statuses: ["RESOLVING"] }],
  ["Saleor refused", { resolutionFailed: true }],
  ["Closed", { statuses: ["RESOLVED", "REJECTED", "WITHDRAWN"] }],
  ["All", null],
];

const PAGE_SIZE = 25;

function claimRow(claim, onOpen) {
  return h(
    "li",
    { class: "claim-row", dataset: { claim: claim.number } },
    h(
      "button",
      { type: "button", class: "claim-open", onclick: () => onOpen(claim.id) },
      h("span", {}, h("strong", {}, `Claim #${claim.number}`), " ", statusBadge(claim.status)),
      h(
        "span",
        { class: "claim-meta" },
        `${humanize(claim.reason)} · wishes ${humanize(claim.wishedResolution).toLowerCase()} · order #${claim.orderNumber}`,
        claim.order?.userEmail ? ` · ${claim.order.userEmail}` : "",
        claim.assignee?.email ? ` · ${claim.assignee.email}` : "",
      ),
    ),
    due(claim),
  );
}

/** The Claims tab; `path` is the rest of its route ([claim id] opens that claim). */
export async function mountClaims(target, { path = [], route = () => {} } = {}) {
  const fields = await apiFields();
  if (!fields.has("Query.claims")) {
    show(target, notice("Claims are not available in this Foresight yet. Buyers' claims will be answered here.", "info"));
    return;
  }
  let filter = FILTERS[0][1];
  let after = null;
  const list = h("ul", { class: "claims", "aria-label": "Claims" });
  const status = h("div", {});
  const count = h("span", { class: "muted" });
  const more = h("button", { type: "button", class: "button", hidden: true }, "Show more");
  const listView = h("div", {});
  const detailView = h("div", { hidden: true });

  const back = () => {
    detailView.hidden = true;
    listView.hidden = false;
    route("/claims");
    load(true);
  };
  const open = (id) => {
    listView.hidden = true;
    detailView.hidden = false;
    route(`/claims/${encodeURIComponent(id)}`);
    showClaim(detailView, id, back);
  };

  const load = async (reset) => {
    if (reset) {
      after = null;
      list.replaceChildren();
    }
    show(status, spinner());
    more.hidden = true;
    try {
      const page = (await gql(CLAIMS, { filter, first: PAGE_SIZE, after })).claims;
      for (const edge of page.edges) list.append(claimRow(edge.node, open));
      after = page.pageInfo.endCursor;
      more.hidden = !page.pageInfo.hasNextPage;
      show(count, page.totalCount === 1 ? "1 claim" : `${page.totalCount} claims`);
      show(status, list.children.length === 0 ? notice("No claim here.", "success") : null);
    } catch (error) {
      show(status, errorNotice(error));
    }
  };

  const filters = h(
    "div",
    { class: "segmented", role: "group", "aria-label": "Claims by status" },
    FILTERS.map(([label, value], index) =>
      h(
        "button",
        {
          type: "button",
          class: "segment",
          "aria-pressed": String(index === 0),
          onclick: (event) => {
            for (const button of filters.children) button.setAttribute("aria-pressed", "false");
            event.currentTarget.setAttribute("aria-pressed", "true");
            filter = value;
            load(true);
          },
        },
        label,
      ),
    ),
  );
  more.addEventListener("click", () => load(false));
  show(listView, h("div", { class: "toolbar" }, filters, count), list, status, more);
  show(target, listView, detailView);
  if (path.length > 0) {
    listView.hidden = true;
    detailView.hidden = false;
    await showClaim(detailView, path[0], back);
    return;
  }
  await load(true);
}

/** The order widget's claims section; null when the API has no claims yet. */
export async function orderClaimsSection(orderId) {
  const fields = await apiFields();
  if (!fields.has("Query.orderClaims")) return null;
  const section = (...content) => h("section", { class: "section" }, h("h2", { class: "section-title" }, "Claims"), ...content);
  try {
    const claims = (await gql(ORDER_CLAIMS, { orderId })).orderClaims;
    return section(
      claims.length === 0
        ? h("p", { class: "muted" }, "No claim.")
        : h(
            "ul",
            { class: "plain" },
            claims.map((claim) =>
              h("li", {}, dashboardLink(appPath(`/claims/${encodeURIComponent(claim.id)}`), h("strong", {}, `Claim #${claim.number}`)), " ", statusBadge(claim.status), ` ${humanize(claim.reason)} `, due(claim)),
            ),
          ),
      claims.length > 0 ? h("p", { class: "muted small" }, "Answer claims in Orders → Claims and packing.") : null,
    );
  } catch (error) {
    return section(errorNotice(error));
  }
}

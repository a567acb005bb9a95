// The Packing queue tab: orders still to pack and shipped parcels lacking proof (no visible
// photo; or no tracking number where the channel's rules ask for one), riskiest first as
// Foresight ranks them, each with what the rules flag; a parcel with a "Take photo" button that
// uploads straight from the row, an order to pack with what to do first.

import { h } from "../shared/dom.js";
import { apiFields, gql } from "./api.js";
import { channelPicker } from "./channels.js";
import { warningLine } from "./dispatch-warnings.js";
import { badge, dashboardLink, errorNotice, formatAgo, formatDateTime, formatMoney, notice, orderPath, show, spinner } from "./ui.js";
import { PhotoUploader } from "./uploader.js";

const PAGE_SIZE = 25;

const PACKING_QUEUE = `
query ForesightPackingQueue($channel: String, $first: Int, $after: String) {
  packingQueue(channel: $channel, first: $first, after: $after) {
    edges {
      node {
        orderId orderNumber channel waitingSince
        orderTotal currency risk hasPhoto warnings signatureRequired shipped
        fulfillment { id number status trackingNumber }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** An order still to pack: no parcel to photograph until Saleor has one. */
function toPackRow(entry, rank) {
  const total = formatMoney(entry.orderTotal, entry.currency);
  return h(
    "li",
    { class: "queue-row", dataset: { order: entry.orderNumber, rank, stage: "to-pack" } },
    h(
      "div",
      { class: "queue-main" },
      h(
        "span",
        { class: "queue-title" },
        h("span", { class: "queue-rank", title: `Risk ${formatMoney(entry.risk, entry.currency)}` }, h("span", { class: "visually-hidden" }, "Risk rank "), `#${rank}`),
        h("strong", {}, dashboardLink(orderPath(entry.orderId), `Order #${entry.orderNumber}`)),
        total ? h("span", { class: "queue-total" }, total) : null,
      ),
      warningLine(entry.warnings, entry.signatureRequired, badge("To pack", "info")),
      h(
        "span",
        { class: "queue-meta" },
        `${entry.channel} · `,
        h("time", { datetime: entry.waitingSince, title: formatDateTime(entry.waitingSince) }, `placed ${formatAgo(entry.waitingSince)}`),
      ),
      h("span", { class: "muted small" }, "Fulfil it in Saleor as you pack it; its parcel then waits here for the photo, before it leaves."),
    ),
  );
}

function packingRow(entry, rank) {
  if (!entry.fulfillment) return toPackRow(entry, rank);
  const uploads = h("ul", { class: "uploads" });
  const state = h("span", { class: "muted" }, `shipped ${formatAgo(entry.waitingSince)}`);
  const photo = entry.hasPhoto ? badge("Photo on record", "success") : badge("No photo yet", "neutral");
  const input = h("input", { type: "file", accept: "image/*", capture: "environment", multiple: true, class: "visually-hidden" });
  const total = formatMoney(entry.orderTotal, entry.currency);
  const row = h(
    "li",
    { class: "queue-row", dataset: { order: entry.orderNumber, rank } },
    h(
      "div",
      { class: "queue-main" },
      h(
        "span",
        { class: "queue-title" },
        h("span", { class: "queue-rank", title: `Risk ${formatMoney(entry.risk, entry.currency)}` }, h("span", { class: "visually-hidden" }, "Risk rank "), `#${rank}`),
        h("strong", {}, dashboardLink(orderPath(entry.orderId), `Order #${entry.orderNumber}`)),
        total ? h("span", { class: "queue-total" }, total) : null,
      ),
      warningLine(entry.warnings, entry.signatureRequired, photo),
      h(
        "span",
        { class: "queue-meta" },
        `Parcel ${entry.fulfillment.number} · ${entry.channel} · `,
        entry.fulfillment.trackingNumber || "no tracking number",
        " · ",
        h("time", { datetime: entry.waitingSince, title: formatDateTime(entry.waitingSince) }, state),
      ),
    ),
    h("label", { class: "button button-primary" }, input, entry.hasPhoto ? "Add photo" : "Take photo"),
    uploads,
  );
  const uploader = new PhotoUploader({
    list: uploads,
    orderId: entry.orderId,
    fulfillmentId: entry.fulfillment.id,
    onAdded: () => {
      row.dataset.done = "true";
      photo.className = "badge badge-success";
      show(photo, "Photo on record");
      show(state, "photo added");
    },
  });
  input.addEventListener("change", () => {
    if (input.files.length > 0) uploader.add([...input.files]);
    input.value = "";
  });
  return row;
}

/** The Packing queue tab. */
export async function mountPacking(target) {
  const fields = await apiFields();
  if (!fields.has("Query.packingQueue")) {
    show(target, notice("Dispatch photos are not available in this Foresight yet.", "info"));
    return;
  }
  const list = h("ol", { class: "queue", "aria-label": "Orders to pack and parcels lacking proof, riskiest first" });
  const more = h("button", { type: "button", class: "button", hidden: true }, "Show more");
  const status = h("div", {});
  const channel = await channelPicker({ any: "All channels" });
  let after = null;

  const load = async (reset) => {
    if (reset) {
      after = null;
      list.replaceChildren();
    }
    show(status, spinner());
    more.hidden = true;
    try {
      const data = await gql(PACKING_QUEUE, { channel: channel.value() || null, first: PAGE_SIZE, after });
      const page = data.packingQueue;
      for (const edge of page.edges) list.append(packingRow(edge.node, list.children.length + 1));
      after = page.pageInfo.endCursor;
      more.hidden = !page.pageInfo.hasNextPage;
      show(
        status,
        list.children.length === 0
          ? notice("Nothing to pack, and every shipped parcel has a photo. Those the rules want tracked have a tracking number.", "success")
          : null,
      );
    } catch (error) {
      show(status, errorNotice(error));
    }
  };

  more.addEventListener("click", () => load(false));
  if (channel.known) channel.control.addEventListener("change", () => load(true));
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
      h(
        "div",
        {},
        h("p", {}, "Orders to pack and shipped parcels lacking proof. Riskiest first: the order's total times the proofs it lacks (a photo, a tracking number)."),
        h("p", { class: "muted small" }, "Totals are not converted between currencies: choose a channel to rank one currency. Photograph each parcel before it leaves."),
      ),
      h("div", { class: "toolbar-controls" }, channel.control, channel.known ? null : h("button", { type: "submit", class: "button" }, "Show")),
    ),
    channel.note,
    list,
    status,
    more,
  );
  await load(true);
}

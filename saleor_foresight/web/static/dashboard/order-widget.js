// The order widget (ORDER_DETAILS_WIDGETS, WIDGET): what the buyer accepted before paying,
// the parcels with their photos, and the order's claims once the API has them.

import { h } from "../shared/dom.js";
import { apiFields, gql } from "./api.js";
import { bridge } from "./bridge.js";
import { orderClaimsSection } from "./claims.js";
import { badge, errorNotice, formatDateTime, httpUrl, notice, orderNotFound, shortHash, show } from "./ui.js";

const ACCEPTANCES = `
query ForesightOrderAcceptances($orderId: ID!) {
  orderAcceptances(orderId: $orderId) {
    id acceptedAt recordHash languageCode
    items { versionId kind title versionNumber required contentHash }
  }
}`;

const DISPATCH = `
query ForesightOrderDispatch($orderId: ID!) {
  orderDispatchProof(orderId: $orderId) {
    fulfillments {
      id number status trackingNumber
      photos { id thumbnailUrl url hidden capturedAt uploadedAt }
    }
  }
}`;

const root = document.getElementById("root");
const orderId = bridge.params.get("orderId");

function section(title, ...children) {
  return h("section", { class: "section" }, h("h2", { class: "section-title" }, title), ...children);
}

function acceptanceSection(acceptances) {
  if (acceptances.length === 0) {
    return section(
      "Accepted before paying",
      notice("No acceptance recorded for this order: the buyer accepted none of your policies in the shop.", "warning"),
    );
  }
  return section(
    "Accepted before paying",
    acceptances.map((record) =>
      h(
        "div",
        { class: "record" },
        h(
          "ul",
          { class: "plain" },
          record.items.map((item) =>
            h(
              "li",
              {},
              h("strong", {}, item.title),
              ` v${item.versionNumber} `,
              item.required ? badge("required", "neutral") : null,
              h("span", { class: "hash hash-line", title: item.contentHash }, `sha256 ${shortHash(item.contentHash)}`),
            ),
          ),
        ),
        h(
          "p",
          { class: "muted small" },
          `Accepted ${formatDateTime(record.acceptedAt)}`,
          record.languageCode ? ` · ${record.languageCode}` : "",
          h("span", { class: "hash hash-line", title: record.recordHash }, `record ${shortHash(record.recordHash)}`),
        ),
      ),
    ),
  );
}

function dispatchSection(proof) {
  const parcels = proof?.fulfillments ?? [];
  if (parcels.length === 0) return section("Dispatch proof", h("p", { class: "muted" }, "Not shipped yet."));
  return section(
    "Dispatch proof",
    parcels.map((parcel) =>
      h(
        "div",
        { class: "parcel" },
        h(
          "p",
          { class: "parcel-head" },
          h("strong", {}, `Parcel ${parcel.number}`),
          " · ",
          parcel.trackingNumber || "no tracking number",
        ),
        parcel.photos.length === 0
          ? notice("No photo yet: add one with ⋯ → Add dispatch photos.", "warning")
          : h(
              "ul",
              { class: "photos photos-small" },
              parcel.photos.map((photo) =>
                h(
                  "li",
                  { class: "photo" },
                  h(
                    "a",
                    { href: httpUrl(photo.url), target: "_blank", rel: "noopener noreferrer", title: formatDateTime(photo.capturedAt ?? photo.uploadedAt) },
                    h("img", { src: httpUrl(photo.thumbnailUrl), alt: `Photo of parcel ${parcel.number}`, loading: "lazy" }),
                  ),
                  photo.hidden ? badge("hidden", "warning") : null,
                ),
              ),
            ),
      ),
    ),
  );
}

let loads = 0;
let loading = false;

/** Fetch and show the order's record; a later call wins over one still running. */
async function load() {
  const mine = ++loads;
  loading = true;
  const settle = (...content) => {
    if (mine !== loads) return;
    loading = false;
    show(root, ...content);
  };
  try {
    const fields = await apiFields();
    const [acceptances, dispatch, claims] = await Promise.all([
      gql(ACCEPTANCES, { orderId }).then((data) => data.orderAcceptances),
      fields.has("Query.orderDispatchProof")
        ? gql(DISPATCH, { orderId }).then((data) => data.orderDispatchProof)
        : Promise.resolve(undefined),
      orderClaimsSection(orderId),
    ]);
    settle(acceptanceSection(acceptances), dispatch === undefined ? null : dispatchSection(dispatch), claims);
  } catch (error) {
    settle(error.code === "NOT_FOUND" ? orderNotFound() : errorNotice(error));
  }
}

function main() {
  bridge.autoHeight(document.body);
  if (!orderId) {
    show(root, notice("This widget belongs on an order's page.", "warning"));
    return;
  }
  // the photo popup on this order's page added photos; the staff member's locale changed
  bridge.on("frames:photosAdded", (detail) => (detail.orderId === orderId ? load() : null));
  bridge.on("locale", () => (loading ? null : load())); // a load under way renders in it
  load();
}

main();

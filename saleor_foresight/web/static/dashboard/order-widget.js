// The order widget (ORDER_DETAILS_WIDGETS, WIDGET): what the buyer accepted before paying,
// the parcels with their photos and an "Add photo" for each, and the order's claims (each a
// link to it on the app's page) once the API has them.

import { h } from "../shared/dom.js";
import { apiFields, gql } from "./api.js";
import { bridge } from "./bridge.js";
import { orderClaimsSection } from "./claims.js";
import { badge, errorNotice, formatDateTime, httpUrl, notice, orderNotFound, shortHash, show } from "./ui.js";
import { PhotoUploader } from "./uploader.js";

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

/** "Add photo" for one parcel: the camera on a phone, the files elsewhere, uploaded from here
 * (app-bridge has no action that opens the ⋯ popup, so the widget takes the photo itself). */
function addPhoto(parcel) {
  const uploads = h("ul", { class: "uploads", "aria-label": `Uploads for parcel ${parcel.number}` });
  const input = h("input", { type: "file", accept: "image/*", capture: "environment", multiple: true, class: "visually-hidden" });
  const uploader = new PhotoUploader({
    list: uploads,
    orderId,
    fulfillmentId: parcel.id,
    onSettled: ({ added }) => {
      if (added === 0) return; // each failed row says why, with "Try again" where it helps
      bridge.tellFrames("photosAdded", { orderId }); // a photo popup open beside the widget
      load();
    },
  });
  input.addEventListener("change", () => {
    if (input.files.length > 0) uploader.add([...input.files]);
    input.value = "";
  });
  const label = parcel.photos.length === 0 ? "Add photo" : "Add another photo";
  return [h("label", { class: "button button-small" }, input, label), uploads];
}

function dispatchSection(proof) {
  const parcels = proof?.fulfillments ?? [];
  if (parcels.length === 0) return section("Dispatch proof", h("p", { class: "muted" }, "Not shipped yet."));
  return section(
    "Dispatch proof",
    parcels.map((parcel) =>
      h(
        "div",
        { class: "parcel", dataset: { parcel: parcel.number } },
        h(
          "p",
          { class: "parcel-head" },
          h("strong", {}, `Parcel ${parcel.number}`),
          " · ",
          parcel.trackingNumber || "no tracking number",
        ),
        parcel.photos.length === 0
          ? notice("No photo yet.", "warning")
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
        addPhoto(parcel),
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

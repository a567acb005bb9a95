// "Add dispatch photos" (ORDER_DETAILS_MORE_ACTIONS, POPUP): pick the parcel, take or choose
// photos (on a phone the camera opens), watch each upload, see the parcel's photos.

import { h } from "../shared/dom.js";
import { gql } from "./api.js";
import { bridge } from "./bridge.js";
import { badge, errorNotice, formatDateTime, httpUrl, notice, orderNotFound, show } from "./ui.js";
import { PhotoUploader } from "./uploader.js";

const PARCELS = `
query ForesightDispatchParcels($orderId: ID!) {
  orderDispatchProof(orderId: $orderId) {
    orderId
    orderNumber
    fulfillments {
      id number status trackingNumber createdAt
      photos { id thumbnailUrl url hidden capturedAt uploadedAt uploadedBy }
    }
  }
}`;

const root = document.getElementById("root");
const orderId = bridge.params.get("orderId");

function photoTile(photo) {
  return h(
    "li",
    { class: "photo" },
    h(
      "a",
      { href: httpUrl(photo.url), target: "_blank", rel: "noopener noreferrer", title: "Open the photo" },
      h("img", { src: httpUrl(photo.thumbnailUrl), alt: `Dispatch photo taken ${formatDateTime(photo.capturedAt ?? photo.uploadedAt)}`, loading: "lazy" }),
    ),
    h(
      "span",
      { class: "photo-caption" },
      formatDateTime(photo.capturedAt ?? photo.uploadedAt),
      photo.hidden ? [" ", badge("hidden", "warning")] : null,
    ),
  );
}

function parcelLabel(parcel) {
  const tracking = parcel.trackingNumber ? ` · ${parcel.trackingNumber}` : " · no tracking number";
  const photos = parcel.photos.length === 1 ? "1 photo" : `${parcel.photos.length} photos`;
  return `Parcel ${parcel.number}${tracking} · ${photos}`;
}

function pickerInput({ capture }) {
  return h("input", {
    type: "file",
    accept: "image/*",
    capture: capture ? "environment" : null,
    multiple: true,
    class: "visually-hidden",
  });
}

function render(proof) {
  const parcels = proof.fulfillments;
  if (parcels.length === 0) {
    show(
      root,
      h("h1", { class: "title" }, `Dispatch photos · order #${proof.orderNumber}`),
      notice("This order has no shipped parcel yet. Fulfil it in Saleor first, then add its photos here.", "info"),
    );
    return;
  }
  // the first parcel still without a photo, else the newest
  let current = parcels.find((p) => p.photos.length === 0) ?? parcels[parcels.length - 1];
  const gallery = h("ul", { class: "photos", "aria-label": "Photos of this parcel" });
  const uploads = h("ul", { class: "uploads", "aria-label": "Uploads" });
  const summary = h("p", { class: "summary", role: "status" });

  const labels = new Map(parcels.map((parcel) => [parcel, h("span", {}, parcelLabel(parcel))]));
  const showGallery = () => {
    if (current.photos.length === 0) show(gallery, h("li", { class: "empty" }, "No photo of this parcel yet."));
    else show(gallery, current.photos.map(photoTile));
    show(labels.get(current), parcelLabel(current));
  };

  const uploader = new PhotoUploader({
    list: uploads,
    orderId: proof.orderId,
    fulfillmentId: current.id,
    onAdded: (photo) => {
      current.photos.push({ ...photo, hidden: false });
      showGallery();
    },
    onSettled: ({ added, failed }) => {
      if (added > 0) {
        // the order's widget, underneath, shows them without a reload
        bridge.tellFrames("photosAdded", { orderId: proof.orderId });
        const text = added === 1 ? "1 photo added." : `${added} photos added.`;
        show(summary, failed > 0 ? `${text} ${failed} failed.` : text);
        bridge.notify({ status: failed > 0 ? "warning" : "success", title: "Dispatch photos", text });
      } else if (failed > 0) {
        show(summary, failed === 1 ? "The photo was not added." : `${failed} photos were not added.`);
      }
    },
  });

  const choices = parcels.map((parcel) =>
    h(
      "label",
      { class: "choice" },
      h("input", {
        type: "radio",
        name: "parcel",
        value: parcel.id,
        checked: parcel === current,
        onchange: () => {
          current = parcel;
          uploader.setFulfillment(parcel.id);
          showGallery();
        },
      }),
      labels.get(parcel),
    ),
  );

  const camera = pickerInput({ capture: true });
  const library = pickerInput({ capture: false });
  for (const input of [camera, library]) {
    input.addEventListener("change", () => {
      if (input.files.length > 0) uploader.add([...input.files]);
      input.value = "";
    });
  }

  bridge.on("locale", () => showGallery()); // the captions' dates in the staff member's locale
  show(
    root,
    h("h1", { class: "title" }, `Dispatch photos · order #${proof.orderNumber}`),
    parcels.length > 1
      ? h("fieldset", { class: "parcels" }, h("legend", {}, "Parcel"), choices)
      : h("p", { class: "muted" }, labels.get(current)),
    h(
      "div",
      { class: "pickers" },
      h("label", { class: "button button-primary button-large" }, camera, "Take photo"),
      h("label", { class: "button button-large" }, library, "Choose photos"),
    ),
    uploads,
    summary,
    h("h2", { class: "subtitle" }, "Photos of this parcel"),
    gallery,
    h("p", { class: "muted small" }, "Buyers see these photos (without location data) with the tracking number on their order page."),
  );
  showGallery();
}

async function main() {
  if (!orderId) {
    show(root, notice("Open this from an order: ⋯ → Add dispatch photos.", "warning"));
    return;
  }
  try {
    const data = await gql(PARCELS, { orderId });
    if (data.orderDispatchProof) render(data.orderDispatchProof);
    else show(root, orderNotFound());
  } catch (error) {
    show(root, error.code === "NOT_FOUND" ? orderNotFound() : errorNotice(error));
  }
}

main();

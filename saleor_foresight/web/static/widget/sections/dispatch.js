// The order first: its number and items, then its parcels: the tracking number (a link to the
// carrier's tracking page where the carrier is known), when each was shipped and is expected,
// and the photos staff took when packing it (thumbnails linking to the buyer copy; the links
// are short-lived).

import { graphql } from "../../shared/graphql.js";
import { h } from "../../shared/dom.js";
import { uid } from "../dom.js";

export const ORDER_DISPATCH = graphql`
  query ForesightOrderDispatch($orderId: ID!, $email: String) {
    orderDispatchProof(orderId: $orderId, email: $email) {
      orderNumber shippingMethodName
      items { name quantity }
      fulfillments {
        id number status trackingNumber carrier trackingUrl createdAt expectedDeliveryOn
        photos { id url thumbnailUrl width height capturedAt uploadedAt }
      }
    }
  }
`;

const THUMBNAIL_EDGE = 400;
/** A photo that fails to load after this long was probably an expired link: load again. */
const LINKS_TRUSTED_FOR_MS = 30 * 1000;

export const section = {
  name: "dispatch",

  async load({ client, orderId, email, signal }) {
    const data = await client.request(ORDER_DISPATCH, { orderId, email }, { signal });
    return data.orderDispatchProof;
  },

  render(proof, view) {
    if (!proof) return null;
    const orderId = uid("order");
    const shippingId = uid("dispatch");
    const parcels = proof.fulfillments ?? [];
    return h(
      "section",
      { class: "panel", part: "section order", "aria-labelledby": orderId },
      view.heading(0, view.t("order.heading", { number: proof.orderNumber }), { id: orderId, class: "heading" }),
      proof.items?.length ? h("dl", { class: "order-facts" },
        h("dt", {}, view.t("order.items")),
        h("dd", {}, h("ul", { class: "plain", role: "list" }, proof.items.map((item) =>
          h("li", {}, view.t("claims.line", { quantity: item.quantity, name: item.name }))))),
        proof.shippingMethodName ? [
          h("dt", {}, view.t("order.shippingMethod")),
          h("dd", {}, proof.shippingMethodName),
        ] : null,
      ) : null,
      h(
        "section",
        { class: "shipping", part: "section dispatch", "aria-labelledby": shippingId },
        view.heading(1, view.t("dispatch.heading"), { id: shippingId, class: "subheading" }),
        parcels.length
          ? h("ul", { class: "parcels", role: "list" }, parcels.map((p) => parcel(p, view)))
          : h("p", { class: "muted" }, view.t("dispatch.none")),
      ),
    );
  },
};

function trackingOf(fulfillment, view) {
  if (!fulfillment.trackingNumber) return h("span", { class: "muted" }, view.t("dispatch.noTracking"));
  const number = h("code", { part: "tracking" }, fulfillment.trackingNumber);
  if (!fulfillment.trackingUrl) return number;
  return h(
    "a",
    { href: fulfillment.trackingUrl, target: "_blank", rel: "noopener noreferrer", part: "tracking-link" },
    view.tParts("dispatch.trackWith", { number, carrier: fulfillment.carrier ?? "" }),
    h("span", { class: "visually-hidden" }, ` ${view.t("dispatch.newTab")}`),
  );
}

function parcel(fulfillment, view) {
  const photosId = uid("photos");
  return h(
    "li",
    { class: "parcel", part: "parcel" },
    view.heading(2, view.t("dispatch.parcel", { number: fulfillment.number }), { class: "subheading" }),
    h(
      "dl",
      {},
      h("dt", {}, view.t("dispatch.tracking")),
      h("dd", {}, trackingOf(fulfillment, view)),
      fulfillment.createdAt ? [
        h("dt", {}, view.t("dispatch.shipped")),
        h("dd", {}, view.formatTime(fulfillment.createdAt, { dateOnly: true })),
      ] : null,
      fulfillment.expectedDeliveryOn ? [
        h("dt", {}, view.t("dispatch.expected")),
        h("dd", {}, view.formatDay(fulfillment.expectedDeliveryOn)),
      ] : null,
    ),
    fulfillment.photos.length
      ? [
          h("p", { id: photosId, class: "small" }, view.t("dispatch.photos")),
          h(
            "ul",
            { class: "photos", role: "list", "aria-labelledby": photosId },
            fulfillment.photos.map((photo, index) => picture(fulfillment, photo, index, view)),
          ),
        ]
      : null,
  );
}

function picture(fulfillment, photo, index, view) {
  const scale = Math.min(1, THUMBNAIL_EDGE / Math.max(photo.width, photo.height, 1));
  const taken = photo.capturedAt || photo.uploadedAt;
  const image = h("img", {
    src: photo.thumbnailUrl,
    alt: view.t("dispatch.photoAlt", { number: fulfillment.number, index: index + 1 }),
    width: Math.round(photo.width * scale),
    height: Math.round(photo.height * scale),
    loading: "lazy",
    decoding: "async",
    onerror: () => {
      if (Date.now() - view.loadedAt > LINKS_TRUSTED_FOR_MS) view.refresh();
    },
  });
  return h(
    "li",
    { class: "photo", part: "photo" },
    h(
      "a",
      { href: photo.url, target: "_blank", rel: "noopener noreferrer" },
      image,
      h("span", { class: "visually-hidden" }, ` ${view.t("dispatch.newTab")}`),
    ),
    taken ? h("p", { class: "muted small" }, view.t("dispatch.taken", { time: view.formatTime(taken) })) : null,
  );
}

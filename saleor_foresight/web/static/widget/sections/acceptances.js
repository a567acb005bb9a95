// The terms the buyer accepted for this order, with the exact text of each version. The
// record's hash is the shop's evidence (it goes into the evidence pack), not the buyer's to read.

import { graphql } from "../../shared/graphql.js";
import { h, policyBody } from "../../shared/dom.js";
import { uid } from "../dom.js";

export const ORDER_ACCEPTANCES = graphql`
  query ForesightOrderAcceptances($orderId: ID!, $email: String) {
    orderAcceptances(orderId: $orderId, email: $email) {
      id acceptedAt
      items { versionId kind versionNumber title consentLabel required contentHash languageCode html }
    }
  }
`;

export const section = {
  name: "acceptances",

  async load({ client, orderId, email, signal }) {
    const data = await client.request(ORDER_ACCEPTANCES, { orderId, email }, { signal });
    return data.orderAcceptances;
  },

  render(records, view) {
    const headingId = uid("acceptances");
    const section = h(
      "section",
      { class: "panel", part: "section acceptances", "aria-labelledby": headingId },
      view.heading(0, view.t("acceptances.heading"), { id: headingId, class: "heading" }),
    );
    if (!records.length) {
      section.append(h("p", { class: "muted" }, view.t("acceptances.none")));
      return section;
    }
    section.append(h("ul", { class: "records", role: "list" }, records.map((r) => record(r, view))));
    return section;
  },
};

function record(accepted, view) {
  return h(
    "li",
    { class: "record-item", part: "acceptance" },
    h("p", { class: "muted small" }, view.t("acceptances.acceptedOn", { time: view.formatTime(accepted.acceptedAt) })),
    accepted.items.map((item) => acceptedItem(item, view)),
  );
}

function acceptedItem(item, view) {
  return h(
    "div",
    { class: "accepted-item", part: "accepted-item" },
    view.heading(1, [item.title, " ", h("span", { class: "muted small" }, view.t("acceptances.version", { number: item.versionNumber }))], {
      class: "subheading",
    }),
    h("p", {}, item.required ? view.t("acceptances.consent", { label: item.consentLabel }) : view.t("acceptances.shown")),
    h(
      "details",
      { part: "accepted-text" },
      h("summary", {}, view.t("acceptances.showText")),
      h("div", { class: "policy-body" }, policyBody(item.html, { topHeading: view.headingLevel + 2 })),
    ),
  );
}

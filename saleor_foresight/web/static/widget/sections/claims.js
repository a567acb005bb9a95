// The buyer's claims and the "report a problem" flow (guidance from what the shop knows, photo
// upload, messages) arrive with the claims feature as this module: a `section` with
// {name, load(context), render(data, view)} like the others (see ../order.js).
//
// Until then the section is a slot: a storefront may put its own content there with
// <div slot="claims">…</div> inside <foresight-order>.

import { h } from "../dom.js";

export const section = {
  name: "claims",
  load: null,
  render() {
    return h("div", { class: "claims", part: "section claims" }, h("slot", { name: "claims" }));
  },
};

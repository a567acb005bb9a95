// Foresight's storefront widget: import this module once and use the elements.
//
//   <script type="module" src="https://foresight.example.com/static/widget/foresight.js"></script>
//   <foresight-checkout …></foresight-checkout>   (see checkout.js)
//   <foresight-order …></foresight-order>         (see order.js)

import { ForesightCheckout } from "./checkout.js";
import { ForesightOrder } from "./order.js";

export { ApiError } from "../shared/graphql.js";
export { ForesightElement } from "./base.js";
export { MESSAGES } from "./i18n.js";
export { ForesightCheckout, ForesightOrder };

for (const [name, element] of [
  ["foresight-checkout", ForesightCheckout],
  ["foresight-order", ForesightOrder],
]) {
  if (!customElements.get(name)) customElements.define(name, element);
}

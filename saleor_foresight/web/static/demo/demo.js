// Demo storefront: set the Foresight elements up from this page's address, then load the widget.
//
//   checkout.html?saleor-api-url=…&checkout-id=…[&lang=de]#token=<customer access token>
//   order.html?saleor-api-url=…&order-id=…&email=…
//
// The token rides in the fragment, which browsers never send to a server. Properties are set
// before the widget defines its elements, as a storefront's framework may do; the elements take
// them over when they upgrade.

const query = new URLSearchParams(location.search);
const fragment = new URLSearchParams(location.hash.slice(1));
const token = fragment.get("token");

window.demo = { events: [], tokenCalls: 0 };

for (const element of document.querySelectorAll("foresight-checkout, foresight-order")) {
  element.setAttribute("api", query.get("api") || location.origin);
  const names = ["saleor-api-url", "checkout-id", "order-id", "email", "lang"];
  for (const name of [...names, "when-unreachable", "release-after", "unreachable-message"]) {
    const value = query.get(name);
    if (value) element.setAttribute(name, value);
  }
  if (token) {
    // as a storefront would: ask its auth for a fresh token on every request
    element.getToken = async () => {
      window.demo.tokenCalls += 1;
      return token;
    };
  }
}

const log = document.getElementById("events");
for (const type of ["foresight:change", "foresight:accepted", "foresight:error", "foresight:released"]) {
  document.addEventListener(type, (event) => {
    window.demo.events.push({ type, detail: event.detail });
    const item = document.createElement("li");
    item.textContent = `${type} ${JSON.stringify(event.detail)}`;
    log?.append(item);
  });
}

document.getElementById("pay")?.addEventListener("click", () => {
  document.getElementById("pay-result").textContent = "Demo: the payment would start now.";
});

await import("../widget/foresight.js");

// The app page's header line on the orders placed before the install: how many Foresight has
// brought in from Saleor, and whether that is still running, done, or failed (and why).

import { h } from "../shared/dom.js";
import { apiFields, gql } from "./api.js";
import { formatDateTime, formatNumber, show } from "./ui.js";

const BACKFILL = `
query ForesightOrderBackfill {
  orderBackfill { status orders pages since finishedAt lastError }
}`;

const REFRESH_MS = 15000;

function describe(backfill) {
  const orders = `${formatNumber(backfill.orders)} ${backfill.orders === 1 ? "order" : "orders"}`;
  const since = formatDateTime(backfill.since);
  if (backfill.status === "DONE") {
    return [`Orders from before the install: ${orders} since ${since} brought in.`, "success"];
  }
  if (backfill.status === "FAILED") {
    return [`Bringing in the orders from before the install stopped after ${orders}: ${backfill.lastError ?? "unknown error"}.`, "error"];
  }
  const retry = backfill.lastError ? ` Retrying after: ${backfill.lastError}.` : "";
  return [`Bringing in the orders from before the install (since ${since}): ${orders} so far.${retry}`, "info"];
}

/** Fill ``element`` with the backfill's state, and keep it current while it runs. */
export async function mountBackfill(element) {
  const fields = await apiFields();
  if (!fields.has("Query.orderBackfill")) return;
  const { orderBackfill: backfill } = await gql(BACKFILL);
  if (!backfill) return;
  const [text, tone] = describe(backfill);
  element.hidden = false;
  element.dataset.status = backfill.status;
  show(element, h("span", { class: `notice notice-${tone} backfill-text` }, text));
  if (backfill.status === "RUNNING") {
    setTimeout(() => mountBackfill(element).catch(() => {}), REFRESH_MS);
  }
}

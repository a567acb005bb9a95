// When Foresight cannot be reached: the channel's checkout fallback, and what releasing does.
//
// The setting comes with every answer to the disclosures (`checkoutFallback`) and is kept in
// the storefront's localStorage per shop (its Saleor API URL), so the widget knows it on a
// later visit when Foresight does not answer. Before it has ever heard from Foresight in this
// browser, it takes the element's attributes the storefront renders
// (`when-unreachable="hold|release"`, `release-after="<seconds>"`, `unreachable-message`),
// else the default: release after 4 seconds with a neutral message.
//
// Releasing reports it to the shop's Saleor: the checkout's public metadata key
// `foresight.unreachable` (writable with the checkout id alone), which Saleor copies to the
// order, so Foresight can flag the order "placed without acceptance: Foresight unreachable".

import { saleorGraphql } from "../shared/graphql.js";

export const DEFAULT_FALLBACK = Object.freeze({ whenUnreachable: "RELEASE", releaseAfterSeconds: 4, message: null });
const STORAGE_PREFIX = "foresight:checkout-fallback:";
const MIN_SECONDS = 1;
const MAX_SECONDS = 60;

export const REPORT_UNREACHABLE = saleorGraphql`
  mutation ForesightReportUnreachable($id: ID!, $value: String!) {
    updateMetadata(id: $id, input: [{ key: "foresight.unreachable", value: $value }]) {
      errors { field code }
    }
  }
`;

/** A setting as Foresight or the storefront gave it, or null when it is none. */
export function normaliseFallback(value) {
  if (!value || typeof value !== "object") return null;
  const mode = String(value.whenUnreachable ?? "").toUpperCase();
  if (mode !== "HOLD" && mode !== "RELEASE") return null;
  const seconds = Number(value.releaseAfterSeconds ?? DEFAULT_FALLBACK.releaseAfterSeconds);
  return {
    whenUnreachable: mode,
    releaseAfterSeconds: Number.isFinite(seconds) ? Math.min(Math.max(seconds, MIN_SECONDS), MAX_SECONDS) : DEFAULT_FALLBACK.releaseAfterSeconds,
    message: typeof value.message === "string" && value.message.trim() ? value.message.trim() : null,
  };
}

/** What Foresight said last in this browser for the shop, or null. */
export function cachedFallback(saleorApiUrl) {
  try {
    return normaliseFallback(JSON.parse(localStorage.getItem(STORAGE_PREFIX + saleorApiUrl) ?? "null"));
  } catch {
    return null; // storage blocked or garbled: as if never heard
  }
}

export function keepFallback(saleorApiUrl, value) {
  const chosen = normaliseFallback(value);
  if (!chosen) return;
  try {
    localStorage.setItem(STORAGE_PREFIX + saleorApiUrl, JSON.stringify(chosen));
  } catch {
    // storage blocked: the attributes or the default hold next time
  }
}

/** The element's own attributes, when the storefront renders them. */
export function attributeFallback(element) {
  const mode = element.getAttribute("when-unreachable");
  if (!mode) return null;
  return normaliseFallback({
    whenUnreachable: mode,
    releaseAfterSeconds: element.getAttribute("release-after") ?? undefined,
    message: element.getAttribute("unreachable-message"),
  });
}

/** Tell the shop's Saleor that the buyer was let through without Foresight (best effort). */
export async function reportUnreachable(saleorApiUrl, checkoutId, during) {
  if (!saleorApiUrl || !checkoutId) return;
  const value = JSON.stringify({ at: new Date().toISOString(), during });
  try {
    await fetch(saleorApiUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query: REPORT_UNREACHABLE, variables: { id: checkoutId, value } }),
      credentials: "omit",
    });
  } catch {
    // Saleor unreachable too: the order still arrives without acceptance and is flagged so
  }
}

/** Whether a failed request means Foresight could not be reached (rather than refused). */
export function isUnreachable(error) {
  const code = error?.code ?? "";
  return code === "NETWORK" || code === "BAD_RESPONSE" || /^HTTP_5\d\d$/.test(code);
}

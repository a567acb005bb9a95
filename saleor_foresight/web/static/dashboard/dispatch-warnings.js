// What a channel's rules flag on a shipped parcel (DispatchWarning), in staff's words: badges
// that say it in text, so the colour only repeats what the words say.

import { h } from "../shared/dom.js";
import { badge } from "./ui.js";

export const WARNING_TEXT = {
  NO_TRACKING: "No tracking number",
  ADDRESS_CHANGED: "Address changed since the order",
};

/** The badges of a parcel's warnings, and "Signature on delivery" when the rules ask for one. */
export function warningBadges(warnings, signatureRequired) {
  return [
    ...warnings.map((warning) => badge(WARNING_TEXT[warning] ?? warning, "critical")),
    signatureRequired ? badge("Signature on delivery", "warning") : null,
  ].filter(Boolean);
}

/** The badges in a row of their own; null when there is nothing to show. */
export function warningLine(warnings, signatureRequired, ...more) {
  const badges = [...warningBadges(warnings, signatureRequired), ...more.filter(Boolean)];
  return badges.length > 0 ? h("span", { class: "badges" }, badges) : null;
}

// The channel picker of the Rules, Report and Packing queue tabs: the shop's channels as Saleor
// lists them (shopChannels: slug, name, currency), so staff choose a channel rather than type
// its slug, and its currency comes with it. Asked once per page; a failure is asked again.
// Where the list cannot be had (an older Foresight, Saleor not answering) the picker is the
// slug box it replaces, saying why.

import { h } from "../shared/dom.js";
import { apiFields, gql } from "./api.js";
import { notice } from "./ui.js";

const SHOP_CHANNELS = `query ForesightShopChannels { shopChannels { slug name currency isActive } }`;

let asked = null;

/** The shop's channels, active ones first; null when this Foresight cannot list them. */
export function shopChannels() {
  asked ??= (async () => {
    const fields = await apiFields();
    if (!fields.has("Query.shopChannels")) return null;
    return (await gql(SHOP_CHANNELS)).shopChannels;
  })();
  asked.catch(() => {
    asked = null;
  });
  return asked;
}

function optionLabel(channel) {
  return [channel.name, channel.currency, channel.isActive ? null : "inactive"].filter(Boolean).join(" · ");
}

/**
 * A control naming a channel: `{control, note, value(), currency(), known}`. `any` names the
 * option for every channel (none: a channel must be chosen); `value` the channel shown first.
 * `currency()` is the chosen channel's currency in Saleor, or null when it is not known.
 */
export async function channelPicker({ value = "", any = null, label = "Channel" } = {}) {
  let channels = null;
  let failed = null;
  try {
    channels = await shopChannels();
  } catch (error) {
    failed = error;
  }
  if (channels === null) {
    const input = h("input", { type: "search", name: "channel", value, placeholder: any ?? "default-channel", "aria-label": `${label} slug`, autocomplete: "off" });
    const why = failed ? `Saleor's channels could not be read (${failed.message}): type the channel's slug.` : null;
    return { control: input, note: why ? notice(why, "warning") : null, value: () => input.value.trim(), currency: () => null, known: false };
  }
  const listed = channels.some((c) => c.slug === value);
  const select = h(
    "select",
    { name: "channel", "aria-label": label },
    any !== null ? h("option", { value: "" }, any) : h("option", { value: "", disabled: true, selected: !value }, "Choose a channel"),
    channels.map((c) => h("option", { value: c.slug, selected: c.slug === value }, optionLabel(c))),
    // a route may name a channel Saleor no longer lists: shown as it is, not silently changed
    value && !listed ? h("option", { value, selected: true }, `${value} (not in Saleor)`) : null,
  );
  const none = channels.length === 0 ? notice("Saleor lists no channel for this shop.", "info") : null;
  return {
    control: select,
    note: none,
    value: () => select.value,
    currency: () => channels.find((c) => c.slug === select.value)?.currency ?? null,
    known: true,
  };
}

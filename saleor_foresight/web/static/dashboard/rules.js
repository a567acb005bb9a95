// The Rules tab: a channel's thresholds (channelRules, channelRulesUpdate; MANAGE_SETTINGS),
// in the channel's currency. The channel is chosen from the shop's channels (channels.js) and
// its currency follows it. An empty threshold is no rule. Foresight's typed errors show
// beside the field they name. The channel is part of the route (/rules/<channel>).
// Then the channel's checkout fallback (what the storefront widget does when Foresight cannot
// be reached) and, in a strict channel, a warning when Saleor confirms its orders by itself.
// Below them, the shop's storefront origins (storefrontOrigins, storefrontOriginsUpdate): the
// pages whose browsers may call Foresight for this shop, one per line.

import { h } from "../shared/dom.js";
import { apiFields, gql } from "./api.js";
import { bridge } from "./bridge.js";
import { channelPicker } from "./channels.js";
import { errorNotice, formatDateTime, notice, show, spinner } from "./ui.js";

const MANAGE_SETTINGS = "MANAGE_SETTINGS";

const RULES_FIELDS = `channel currency instantRefundBelow trackedShippingAbove signatureAbove updatedAt updatedBy
    checkoutFallback { whenUnreachable releaseAfterSeconds message }
    strictAcceptance confirmsNewOrdersAutomatically`;

const RULES = `
query ForesightChannelRules($channel: String!) {
  channelRules(channel: $channel) {
    ${RULES_FIELDS}
  }
}`;

const RULES_UPDATE = `
mutation ForesightChannelRulesUpdate($channel: String!, $input: ChannelRulesInput!) {
  channelRulesUpdate(channel: $channel, input: $input) {
    rules { ${RULES_FIELDS} }
    errors { field code message }
  }
}`;

const STRICT_WARNING =
  "Strict mode is on for this channel, but Saleor confirms every new order of it by itself (Configuration → Channels → “Automatically confirm all new orders” is on), so strict mode cannot hold an order without acceptance. Turn that setting off in Saleor.";

const ORIGINS = `
query ForesightStorefrontOrigins {
  storefrontOrigins
}`;

const ORIGINS_UPDATE = `
mutation ForesightStorefrontOriginsUpdate($origins: [String!]!) {
  storefrontOriginsUpdate(origins: $origins) {
    origins
    errors { field code message origin }
  }
}`;

// [API field, label, hint]
const THRESHOLDS = [
  [
    "instantRefundBelow",
    "Instant refund below",
    "A not-received or damaged claim on an order worth less, filed after its expected delivery, gets a refund offer at once.",
  ],
  [
    "trackedShippingAbove",
    "Tracked shipping above",
    "Staff are warned when a parcel of an order worth more leaves without a tracking number, or to an address changed since the order.",
  ],
  ["signatureAbove", "Signature on delivery above", "Above it, the warning asks for a signature on delivery (750 unless changed)."],
];
const AMOUNT = /^-?\d+(\.\d+)?$/;
const AMOUNT_ERRORS = {
  NEGATIVE: "The amount cannot be negative.",
  INVALID: "The amount is too large.",
};

/** A stored amount as staff typed it: "150.0000" -> "150", "25.5000" -> "25.5". */
function plainAmount(value) {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** A control (shown inside `shown`) with its label, hint and error line, which describe it. */
function fieldRow(name, label, control, hint, shown = control) {
  const id = `rules-${name}`;
  const error = h("small", { class: "field-error", id: `${id}-error`, hidden: true });
  control.id = id;
  control.setAttribute("aria-describedby", `${id}-hint ${id}-error`);
  return {
    row: h(
      "div",
      { class: "field", dataset: { field: name } },
      h("label", { class: "field-label", for: id }, label),
      shown,
      h("small", { class: "muted", id: `${id}-hint` }, hint),
      error,
    ),
    error: (message) => {
      show(error, message ?? "");
      error.hidden = !message;
      if (message) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    },
  };
}

/** The currency box: the channel's own currency in Saleor when known (it follows the channel,
 * nothing to type), else the orders' currency or what staff name. */
function currencyControl(rules, channelCurrency) {
  if (channelCurrency) {
    const input = h("input", { name: "currency", value: channelCurrency, readonly: true, class: "input-short" });
    return { input, hint: "The channel's currency in Saleor: every amount below is in it." };
  }
  const input = h("input", { name: "currency", value: rules.currency ?? "", maxlength: "3", autocomplete: "off", placeholder: "EUR", class: "input-short" });
  const hint = rules.currency ? "The channel's currency: every amount below is in it." : "No order of this channel is on record yet: name its currency (ISO 4217, e.g. EUR).";
  return { input, hint };
}

function rulesForm(rules, { channelCurrency, onSaved }) {
  const status = h("div", {});
  const { input: currency, hint: currencyHint } = currencyControl(rules, channelCurrency);
  const currencyRow = fieldRow("currency", "Currency", currency, currencyHint);
  const shownCurrency = channelCurrency ?? rules.currency ?? "";
  const suffixes = [];
  const amounts = THRESHOLDS.map(([name, label, hint]) => {
    const input = h("input", { name, value: plainAmount(rules[name]), inputmode: "decimal", autocomplete: "off", placeholder: "no rule" });
    const suffix = h("span", { class: "muted", "aria-hidden": "true" }, shownCurrency);
    suffixes.push(suffix);
    const shown = h("span", { class: "amount" }, input, suffix);
    const { row, error } = fieldRow(name, label, input, `${hint} Empty: no rule.`, shown);
    return { name, input, row, error };
  });
  const fallback = rules.checkoutFallback ?? { whenUnreachable: "RELEASE", releaseAfterSeconds: 4, message: null };
  const mode = h(
    "select",
    { name: "whenUnreachable" },
    h("option", { value: "RELEASE", selected: fallback.whenUnreachable === "RELEASE" }, "Let the buyer pay after a wait"),
    h("option", { value: "HOLD", selected: fallback.whenUnreachable === "HOLD" }, "Keep the pay button disabled"),
  );
  const seconds = h("input", { name: "releaseAfterSeconds", value: String(fallback.releaseAfterSeconds), inputmode: "numeric", autocomplete: "off", class: "input-short" });
  const message = h("textarea", { name: "message", rows: "2", maxlength: "500", placeholder: "The widget's neutral wording (English and German)" });
  message.value = fallback.message ?? "";
  const modeRow = fieldRow("checkoutFallback.whenUnreachable", "When Foresight cannot be reached", mode, "What the storefront's checkout does if Foresight does not answer. Orders placed meanwhile arrive without acceptance and are flagged.");
  const secondsRow = fieldRow("checkoutFallback.releaseAfterSeconds", "Wait before letting the buyer pay", seconds, "Seconds, 1 to 60.");
  const messageRow = fieldRow("checkoutFallback.message", "Message to the buyer", message, "In the shop's own words; empty for the widget's neutral wording, which never names Foresight.");
  currency.addEventListener("input", () => {
    for (const suffix of suffixes) show(suffix, currency.value.trim().toUpperCase());
  });
  const errorsByField = {
    currency: currencyRow.error,
    ...Object.fromEntries(amounts.map((a) => [a.name, a.error])),
    "checkoutFallback.whenUnreachable": modeRow.error,
    "checkoutFallback.releaseAfterSeconds": secondsRow.error,
    "checkoutFallback.message": messageRow.error,
  };

  const clear = () => {
    for (const showError of Object.values(errorsByField)) showError(null);
    show(status, null);
  };

  /** Errors beside their fields; those naming no field above the button. Focus the first. */
  const refuse = (errors) => {
    const general = [];
    for (const error of errors) {
      const showError = errorsByField[error.field];
      if (!showError) {
        general.push(error.message);
        continue;
      }
      const amount = amounts.some((a) => a.name === error.field);
      showError(amount ? (AMOUNT_ERRORS[error.code] ?? error.message) : error.message);
    }
    show(status, general.length > 0 ? notice(general.join(" "), "error") : null);
    form.querySelector("[aria-invalid=true]")?.focus();
  };

  const form = h(
    "form",
    {
      class: "form rules-form",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        clear();
        const input = { currency: currency.value.trim().toUpperCase() || null };
        const wrong = [];
        for (const { name, input: control } of amounts) {
          const value = control.value.trim();
          if (value !== "" && !AMOUNT.test(value)) {
            wrong.push({ field: name, code: "FORMAT", message: "Write an amount such as 150 or 24.99, or leave it empty for no rule." });
          }
          input[name] = value === "" ? null : value;
        }
        const wait = seconds.value.trim();
        if (!/^\d+$/.test(wait)) {
          wrong.push({ field: "checkoutFallback.releaseAfterSeconds", code: "FORMAT", message: "Write a whole number of seconds, 1 to 60." });
        }
        input.checkoutFallback = { whenUnreachable: mode.value, releaseAfterSeconds: Number(wait), message: message.value.trim() || null };
        if (wrong.length > 0) {
          refuse(wrong);
          return;
        }
        show(status, spinner("Saving…"));
        try {
          const payload = (await gql(RULES_UPDATE, { channel: rules.channel, input })).channelRulesUpdate;
          if (payload.errors.length > 0) {
            refuse(payload.errors);
            return;
          }
          onSaved(payload.rules);
        } catch (error) {
          show(status, errorNotice(error));
        }
      },
    },
    currencyRow.row,
    amounts.map((a) => a.row),
    h("p", { class: "muted small" }, "An order worth exactly a threshold is on the safe side of it."),
    h("h3", { class: "subtitle" }, "Checkout fallback"),
    modeRow.row,
    secondsRow.row,
    messageRow.row,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "button button-primary" }, "Save rules")),
    status,
  );
  return form;
}

/** The storefront origins form: one origin per line; refusals beside the field, each naming its origin. */
function originsForm(origins, { onSaved }) {
  const status = h("div", {});
  const text = h("textarea", {
    name: "origins",
    rows: String(Math.max(3, origins.length + 1)),
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "https://shop.example.com",
  });
  text.value = origins.join("\n");
  const { row, error } = fieldRow(
    "origins",
    "Storefront origins",
    text,
    "One per line, such as https://shop.example.com: the storefront's address without a path (http:// only for localhost). Browsers on these pages may call Foresight for this shop.",
  );

  const form = h(
    "form",
    {
      class: "form rules-form origins-form",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        error(null);
        const given = text.value.split("\n").map((line) => line.trim()).filter((line) => line !== "");
        show(status, spinner("Saving…"));
        try {
          const payload = (await gql(ORIGINS_UPDATE, { origins: given })).storefrontOriginsUpdate;
          if (payload.errors.length > 0) {
            show(status, null);
            error(payload.errors.map((e) => e.message).join(" "));
            text.focus();
            return;
          }
          onSaved(payload.origins);
        } catch (failure) {
          show(status, errorNotice(failure));
        }
      },
    },
    row,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "button button-primary" }, "Save origins")),
    status,
  );
  return form;
}

/** The shop's storefront origins, in `target`; nothing when this Foresight has none yet. */
async function mountOrigins(target, fields) {
  if (!fields.has("Query.storefrontOrigins")) return;
  const render = (origins, message) => {
    show(
      target,
      h(
        "section",
        { class: "card" },
        h("h2", { class: "subtitle" }, "Storefront origins"),
        h("p", { class: "muted small" }, "The shop's storefronts that show Foresight's widget on their own address."),
        message ? notice(message, "success") : null,
        originsForm(origins, {
          onSaved: (next) => {
            bridge.notify({ status: "success", title: "Storefront origins saved", text: `${next.length} origin(s)` });
            render(next, "Origins saved.");
          },
        }),
      ),
    );
  };
  show(target, spinner());
  try {
    render((await gql(ORIGINS)).storefrontOrigins, null);
  } catch (error) {
    show(target, errorNotice(error));
  }
}

/** The Rules tab; `path` is the rest of its route ([channel] opens that channel). */
export async function mountRules(target, { viewer, path = [], route = () => {} } = {}) {
  const fields = await apiFields();
  if (!fields.has("Query.channelRules")) {
    show(target, notice("Rules per channel are not available in this Foresight yet.", "info"));
    return;
  }
  if (!viewer.permissions.includes(MANAGE_SETTINGS)) {
    show(target, notice("A channel's rules and the shop's storefront origins are read and changed by staff with the MANAGE_SETTINGS permission.", "warning"));
    return;
  }
  const picker = await channelPicker({ value: path[0] ?? "" });
  if (picker.known) picker.control.addEventListener("change", () => open(picker.value()));
  const body = h("div", {});
  const originsSection = h("div", {});

  const open = async (slug, { routed = true } = {}) => {
    if (routed) route(slug ? `/rules/${encodeURIComponent(slug)}` : "/rules");
    if (!slug) {
      show(body, notice(picker.known ? "Choose a channel to see its rules." : "Name a channel (its slug, as in Configuration → Channels) to see its rules.", "info"));
      return;
    }
    show(body, spinner());
    try {
      render((await gql(RULES, { channel: slug })).channelRules, null);
    } catch (error) {
      show(body, errorNotice(error));
    }
  };

  const render = (rules, message) => {
    show(
      body,
      h(
        "section",
        { class: "card" },
        h("h2", { class: "subtitle" }, `Rules of ${rules.channel}`),
        h(
          "p",
          { class: "muted small" },
          rules.updatedAt ? `Last changed ${formatDateTime(rules.updatedAt)}${rules.updatedBy ? ` by ${rules.updatedBy}` : ""}.` : "Not saved yet: these are the defaults.",
        ),
        rules.strictAcceptance && rules.confirmsNewOrdersAutomatically ? notice(STRICT_WARNING, "warning") : null,
        message ? notice(message, "success") : null,
        rulesForm(rules, {
          channelCurrency: picker.value() === rules.channel ? picker.currency() : null,
          onSaved: (next) => {
            bridge.notify({ status: "success", title: "Rules saved", text: next.channel });
            render(next, "Rules saved.");
          },
        }),
      ),
    );
  };

  show(
    target,
    h("p", { class: "muted" }, "What Foresight does on its own, per channel and in the channel's currency."),
    h(
      "form",
      {
        class: "toolbar-controls rules-channel",
        onsubmit: (event) => {
          event.preventDefault();
          open(picker.value());
        },
      },
      picker.control,
      // a list opens the chosen channel at once; a slug box waits for Open (or Enter)
      picker.known ? null : h("button", { type: "submit", class: "button" }, "Open"),
    ),
    picker.note,
    body,
    originsSection,
  );
  await Promise.all([
    open(picker.value(), { routed: false }), // the route is already this one
    mountOrigins(originsSection, fields),
  ]);
}

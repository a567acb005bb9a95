// The policy editor's forms: a new policy, a policy's settings (where it applies), and the
// table of published versions.

import { h } from "../shared/dom.js";
import { CREATE, KINDS, mutate, UPDATE } from "./policy-api.js";
import { badge, errorNotice, field, formatDateTime, humanize, shortHash, show, spinner } from "./ui.js";

function list(text) {
  return text
    .split(/[,\n]/)
    .map((value) => value.trim())
    .filter(Boolean);
}

function attributeRules(text) {
  // one rule a line: "colour" (any value) or "colour: red, blue"
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [attribute, values = ""] = line.split(/:(.*)/s);
      return { attribute: attribute.trim(), values: list(values) };
    });
}

function attributeText(rules) {
  return rules.map((rule) => (rule.values.length ? `${rule.attribute}: ${rule.values.join(", ")}` : rule.attribute)).join("\n");
}

/** Radio buttons of which none is chosen at first: the form asks until staff pick one. */
function choice(name, legend, options) {
  const inputs = options.map(([value]) => h("input", { type: "radio", name, value, required: true }));
  const element = h(
    "fieldset",
    { class: "choice" },
    h("legend", {}, legend),
    options.map(([, label], i) => h("label", { class: "check" }, inputs[i], " ", label)),
  );
  return { element, value: () => inputs.find((input) => input.checked)?.value ?? null };
}

/** The form that creates a policy; onCreated(policy) once it exists. */
export function newPolicyForm({ onCreated }) {
  const name = h("input", { name: "name", required: true, maxlength: "200", autocomplete: "off" });
  const kind = h("select", { name: "kind" }, KINDS.map((k) => h("option", { value: k }, humanize(k))));
  const active = choice("active", "Shown at checkout", [
    ["true", "Active: buyers see it at checkout once it is published"],
    ["false", "Inactive: kept for later, shown to no buyer"],
  ]);
  const required = choice("requiresAcceptance", "Acceptance", [
    ["true", "Buyers must accept it before paying"],
    ["false", "Buyers are shown it, nothing to accept"],
  ]);
  const fallback = h("input", { name: "fallbackLanguage", value: "EN", maxlength: "10", autocomplete: "off" });
  const status = h("div", {});
  const form = h(
    "form",
    {
      class: "card form",
      onsubmit: async (event) => {
        event.preventDefault();
        show(status, spinner("Creating…"));
        try {
          const policy = await mutate(
            CREATE,
            {
              input: {
                name: name.value.trim(),
                kind: kind.value,
                requiresAcceptance: required.value() === "true",
                active: active.value() === "true",
                fallbackLanguage: fallback.value.trim().toUpperCase() || "EN",
              },
            },
            "policyCreate",
          );
          onCreated(policy);
        } catch (error) {
          show(status, errorNotice(error));
        }
      },
    },
    h("h2", { class: "title" }, "New policy"),
    field("Name (staff only)", name),
    field("Kind", kind),
    active.element,
    required.element,
    field("Fallback language", fallback, "Shown when the buyer's language has no translation (e.g. EN, DE, PT_BR)."),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "button button-primary" }, "Create policy")),
    status,
  );
  return { form, focus: () => name.focus() };
}

/** The published versions, newest first, with their hashes and acceptances. */
export function versionsTable(published) {
  if (published.length === 0) return null;
  return h(
    "section",
    { class: "card" },
    h("h3", { class: "subtitle" }, "Published versions"),
    h(
      "table",
      { class: "table" },
      h("thead", {}, h("tr", {}, h("th", {}, "Version"), h("th", {}, "Published"), h("th", {}, "Content hash"), h("th", {}, "Orders accepted"))),
      h(
        "tbody",
        {},
        [...published].reverse().map((v) =>
          h(
            "tr",
            { dataset: { version: v.number } },
            h("td", {}, `v${v.number} `, v.current ? badge("current", "success") : null),
            h("td", {}, formatDateTime(v.publishedAt)),
            h("td", { class: "hash", title: v.contentHash ?? "" }, shortHash(v.contentHash)),
            h("td", {}, String(v.acceptedOrders)),
          ),
        ),
      ),
    ),
  );
}

/** A policy's settings and where it applies; onSaved(policy) after a change. */
export function settingsForm(policy, { canEdit, onSaved }) {
  const disabled = !canEdit;
  const t = policy.targeting;
  const name = h("input", { name: "name", value: policy.name, maxlength: "200", disabled });
  const required = h("input", { type: "checkbox", name: "requiresAcceptance", checked: policy.requiresAcceptance, disabled });
  const active = h("input", { type: "checkbox", name: "active", checked: policy.active, disabled });
  const fallback = h("input", { name: "fallbackLanguage", value: policy.fallbackLanguage, maxlength: "10", disabled });
  const channels = h("input", { name: "channels", value: t.channels.join(", "), disabled, placeholder: "all channels" });
  const countries = h("input", { name: "countries", value: t.countries.join(", "), disabled, placeholder: "all countries" });
  const attributes = h("textarea", { name: "attributes", rows: "3", disabled, placeholder: "colour\nmaterial: wool, silk" });
  attributes.value = attributeText(t.attributes);
  const byId = t.productTypes.length + t.categories.length + t.collections.length + t.products.length;
  const status = h("div", {});
  return h(
    "details",
    { class: "card settings" },
    h("summary", {}, "Settings and where it applies"),
    h(
      "form",
      {
        class: "form",
        onsubmit: async (event) => {
          event.preventDefault();
          show(status, spinner("Saving…"));
          try {
            const policyNow = await mutate(
              UPDATE,
              {
                id: policy.id,
                input: {
                  name: name.value.trim(),
                  requiresAcceptance: required.checked,
                  active: active.checked,
                  fallbackLanguage: fallback.value.trim().toUpperCase(),
                  targeting: {
                    channels: list(channels.value),
                    countries: list(countries.value).map((c) => c.toUpperCase()),
                    productTypes: t.productTypes,
                    categories: t.categories,
                    collections: t.collections,
                    products: t.products,
                    attributes: attributeRules(attributes.value),
                  },
                },
              },
              "policyUpdate",
            );
            onSaved(policyNow);
          } catch (error) {
            show(status, errorNotice(error));
          }
        },
      },
      field("Name (staff only)", name),
      h("label", { class: "check" }, required, " Buyers must accept it before paying"),
      h("label", { class: "check" }, active, " Active (shown at checkout)"),
      field("Fallback language", fallback),
      field("Channels", channels, "Channel slugs, separated by commas; empty: every channel."),
      field("Shipping countries", countries, "Country codes such as DE, FR; empty: every country."),
      field("Variant attributes", attributes, 'One a line: "colour" for any value, or "colour: red, blue".'),
      byId > 0 ? h("p", { class: "muted small" }, `Also limited to ${byId} product types, categories, collections or products (kept as they are).`) : null,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "button", disabled }, "Save settings")),
      status,
    ),
  );
}

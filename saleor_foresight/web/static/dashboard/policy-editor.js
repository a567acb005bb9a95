// The policy editor: a policy's draft per language with a live preview, saving and
// publishing it (a published version never changes), its versions and its settings.

import { h, policyBody } from "../shared/dom.js";
import { gql } from "./api.js";
import { bridge } from "./bridge.js";
import { MANAGE_SETTINGS, mutate, PREVIEW, PUBLISH, SAVE_DRAFT } from "./policy-api.js";
import { newPolicyForm, settingsForm, versionsTable } from "./policy-forms.js";
import { badge, errorNotice, field, humanize, notice, show, spinner } from "./ui.js";

const PREVIEW_DELAY_MS = 250;

function draftOf(policy) {
  const draft = policy.versions.find((v) => v.status === "DRAFT");
  const current = policy.versions.find((v) => v.current);
  const source = draft ?? current;
  const translations = new Map();
  for (const t of source?.translations ?? []) {
    translations.set(t.languageCode, { title: t.title, body: t.bodyMarkdown, consentLabel: t.consentLabel, html: t.bodyHtml });
  }
  if (translations.size === 0) translations.set(policy.fallbackLanguage, { title: "", body: "", consentLabel: "", html: null });
  return {
    saved: Boolean(draft),
    // what the unedited text is: the saved draft, or the version buyers see now
    shows: draft ? "The saved draft, as Foresight renders it for buyers." : current ? `Version ${current.number}, as buyers see it now.` : "",
    returnWindowDays: source?.returnWindowDays ?? null,
    translations,
  };
}

/** "German (DE)" for "DE", "German (Austria) (DE_AT)" for "DE_AT". */
function languageName(code) {
  const tag = code.replace("_", "-");
  try {
    const name = new Intl.DisplayNames(["en"], { type: "language" }).of(tag);
    return name && name !== tag ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** A warning for each language buyers check out in that the published text lacks. */
function languageGaps(policy) {
  const gaps = policy.missingLanguages ?? [];
  if (!gaps.length) return null;
  const fallback = languageName(policy.fallbackLanguage);
  return h(
    "div",
    { class: "notice notice-warning language-gaps" },
    h("p", {}, `Buyers read this policy in ${fallback} where it has no text in their language:`),
    h("ul", {}, gaps.map((gap) => h("li", {},
      `${languageName(gap.languageCode)} in ${gap.channel}: ${gap.acceptances} checkout${gap.acceptances === 1 ? "" : "s"} in the last 90 days`))),
    h("p", {}, "Add a translation in that language and publish it."),
  );
}

export class PolicyEditor {
  constructor({ target, viewer, onChange }) {
    this.target = target;
    this.canEdit = viewer.permissions.includes(MANAGE_SETTINGS);
    this.onChange = onChange;
    this.policy = null;
  }

  open(policy) {
    this.policy = policy;
    this.draft = draftOf(policy);
    this.language = this.draft.translations.has(policy.fallbackLanguage)
      ? policy.fallbackLanguage
      : [...this.draft.translations.keys()][0];
    this.dirty = false;
    this.render();
  }

  openNew() {
    this.policy = null;
    const { form, focus } = newPolicyForm({
      onCreated: (policy) => {
        this.onChange(policy);
        this.open(policy);
      },
    });
    show(this.target, form);
    focus();
  }

  render() {
    const policy = this.policy;
    const published = policy.versions.filter((v) => v.status === "PUBLISHED");
    const current = policy.versions.find((v) => v.current);
    show(
      this.target,
      h(
        "header",
        { class: "editor-head" },
        h("h2", { class: "title" }, policy.name, " "),
        h(
          "p",
          { class: "badges" },
          badge(humanize(policy.kind), "neutral"),
          " ",
          policy.active ? badge("active", "success") : badge("inactive", "neutral"),
          " ",
          current ? badge(`published v${current.number}`, "info") : badge("not published", "warning"),
          " ",
          policy.requiresAcceptance ? badge("acceptance required", "neutral") : null,
        ),
      ),
      this.canEdit ? null : notice("You can read policies; changing them needs the MANAGE_SETTINGS permission.", "info"),
      languageGaps(policy),
      this.renderDraft(),
      versionsTable(published),
      settingsForm(policy, { canEdit: this.canEdit, onSaved: (saved) => this.replace(saved) }),
    );
  }

  renderDraft() {
    const draft = this.draft;
    const entry = draft.translations.get(this.language);
    const disabled = !this.canEdit;
    const title = h("input", { name: "title", value: entry.title, maxlength: "200", disabled, autocomplete: "off" });
    const consent = h("input", { name: "consentLabel", value: entry.consentLabel, maxlength: "300", disabled, autocomplete: "off" });
    const body = h("textarea", { name: "body", rows: "12", disabled, spellcheck: "true" });
    body.value = entry.body;
    const days =
      this.policy.kind === "RETURN_TERMS"
        ? h("input", { type: "number", name: "returnWindowDays", min: "0", max: "3650", value: draft.returnWindowDays ?? "", disabled })
        : null;
    const status = h("div", { class: "editor-status" });
    const preview = h("div", { class: "preview-body policy-text", "aria-live": "polite" });
    const previewTitle = h("h3", { class: "preview-title" });
    const previewConsent = h("span", {});
    const previewSource = h("small", { class: "muted" });

    let timer = null;
    let asked = 0;
    const renderPreview = () => {
      show(previewTitle, entry.title || "Title");
      show(previewConsent, entry.consentLabel || "Consent label");
      if (!this.dirty && entry.html !== null) {
        show(preview, policyBody(entry.html));
        show(previewSource, draft.shows);
        return;
      }
      clearTimeout(timer);
      const ticket = ++asked;
      show(previewSource, "Live preview, as Foresight renders it for buyers.");
      if (entry.body.trim() === "") {
        show(preview);
        return;
      }
      // Foresight renders the text as it will for buyers: the same code, asked once typing pauses
      timer = setTimeout(async () => {
        try {
          const { bodyHtml, errors } = (await gql(PREVIEW, { input: { body: entry.body, languageCode: this.language } })).policyPreview;
          if (ticket !== asked) return;
          if (errors.length > 0) {
            show(preview, notice(errors.map((e) => e.message).join(" "), "warning"));
          } else {
            show(preview, policyBody(bodyHtml));
          }
        } catch (error) {
          if (ticket === asked) show(preview, errorNotice(error));
        }
      }, PREVIEW_DELAY_MS);
    };

    const edited = () => {
      entry.title = title.value;
      entry.consentLabel = consent.value;
      entry.body = body.value;
      if (days) draft.returnWindowDays = days.value === "" ? null : Number(days.value);
      this.dirty = true;
      publish.disabled = !this.canEdit;
      renderPreview();
    };
    for (const control of [title, consent, body, days].filter(Boolean)) control.addEventListener("input", edited);

    const save = h("button", { type: "button", class: "button", disabled }, "Save draft");
    const publish = h("button", { type: "button", class: "button button-primary", disabled: disabled || !(draft.saved || this.dirty) }, "Publish");
    save.addEventListener("click", () => this.saveDraft(status));
    publish.addEventListener("click", () => this.confirmPublish(status, publish));

    const languages = h(
      "div",
      { class: "segmented", role: "group", "aria-label": "Languages" },
      [...draft.translations.keys()].map((code) =>
        h(
          "button",
          {
            type: "button",
            class: "segment",
            "aria-pressed": String(code === this.language),
            onclick: () => {
              this.language = code;
              this.render();
            },
          },
          code,
          code === this.policy.fallbackLanguage ? " (fallback)" : "",
        ),
      ),
    );
    const newLanguage = h("input", { name: "language", placeholder: "e.g. DE", maxlength: "10", size: "6", disabled, "aria-label": "Language code" });
    const addLanguage = h(
      "button",
      {
        type: "button",
        class: "button button-small",
        disabled,
        onclick: () => {
          const code = newLanguage.value.trim().toUpperCase().replace("-", "_");
          if (!/^[A-Z]{2,3}(_[A-Z0-9]{2,4})?$/.test(code)) {
            show(status, notice("A language code is like EN, DE or PT_BR.", "warning"));
            return;
          }
          if (!draft.translations.has(code)) {
            const from = draft.translations.get(this.language);
            draft.translations.set(code, { title: from.title, body: from.body, consentLabel: from.consentLabel, html: null });
            this.dirty = true;
          }
          this.language = code;
          this.render();
        },
      },
      "Add language",
    );
    const removeLanguage =
      this.language !== this.policy.fallbackLanguage && !disabled
        ? h(
            "button",
            {
              type: "button",
              class: "link",
              onclick: () => {
                draft.translations.delete(this.language);
                this.language = this.policy.fallbackLanguage;
                if (!draft.translations.has(this.language)) this.language = [...draft.translations.keys()][0];
                this.dirty = true;
                this.render();
              },
            },
            `Remove ${this.language}`,
          )
        : null;

    const section = h(
      "section",
      { class: "card editor" },
      h(
        "div",
        { class: "editor-bar" },
        h("h3", { class: "subtitle" }, draft.saved ? "Draft" : "New draft"),
        languages,
        h("span", { class: "language-add" }, newLanguage, addLanguage),
        removeLanguage,
      ),
      h(
        "div",
        { class: "editor-grid" },
        h(
          "div",
          { class: "editor-fields" },
          field("Title buyers see", title),
          field("Text (Markdown)", body, "**bold**, *italic*, lists with -, headings with ###, [links](https://…). HTML is not shown."),
          field("Words beside the checkbox", consent),
          days ? field("Return window (days)", days) : null,
        ),
        h(
          "div",
          { class: "preview", "aria-label": "Preview" },
          h("p", { class: "preview-label" }, "Preview ", previewSource),
          h(
            "div",
            { class: "preview-frame" },
            previewTitle,
            preview,
            h("label", { class: "check" }, h("input", { type: "checkbox", disabled: true }), " ", previewConsent),
          ),
        ),
      ),
      h("div", { class: "actions" }, save, publish),
      status,
    );
    renderPreview();
    return section;
  }

  draftInput() {
    return {
      translations: [...this.draft.translations.entries()].map(([languageCode, t]) => ({
        languageCode,
        title: t.title,
        body: t.body,
        consentLabel: t.consentLabel,
      })),
      returnWindowDays: this.policy.kind === "RETURN_TERMS" ? this.draft.returnWindowDays : null,
    };
  }

  async saveDraft(status) {
    show(status, spinner("Saving…"));
    try {
      const policy = await mutate(SAVE_DRAFT, { policy: this.policy.id, input: this.draftInput() }, "policyDraftSave");
      this.replace(policy);
      show(this.target.querySelector(".editor-status"), notice("Draft saved. Buyers see it once you publish it.", "success"));
    } catch (error) {
      show(status, errorNotice(error));
    }
  }

  /** Publishing cannot be undone, and buyers see it at once: ask first, beside the button. */
  confirmPublish(status, publish) {
    const where = this.policy.active
      ? "This is what buyers will see at checkout from now on"
      : "This is what buyers will see once the policy is active";
    const cancel = h("button", { type: "button", class: "button" }, "Cancel");
    const confirm = h("button", { type: "button", class: "button button-primary" }, "Publish now");
    const close = () => {
      show(status);
      publish.disabled = false;
      publish.focus();
    };
    cancel.addEventListener("click", close);
    confirm.addEventListener("click", () => this.publish(status));
    publish.disabled = true;
    show(
      status,
      h(
        "div",
        { class: "confirm", role: "alertdialog", "aria-label": "Publish this text?" },
        h("p", {}, h("strong", {}, "Publish this text? "), `${where}, and a published version never changes.`),
        h("div", { class: "actions" }, confirm, cancel),
      ),
    );
    confirm.focus();
  }

  async publish(status) {
    show(status, spinner("Publishing…"));
    try {
      if (this.dirty || !this.draft.saved) {
        await mutate(SAVE_DRAFT, { policy: this.policy.id, input: this.draftInput() }, "policyDraftSave");
      }
      const policy = await mutate(PUBLISH, { policy: this.policy.id }, "policyPublish");
      this.replace(policy);
      const current = policy.versions.find((v) => v.current);
      const text = `Version ${current?.number ?? ""} is published: buyers see it from now on.`;
      show(this.target.querySelector(".editor-status"), notice(text, "success"));
      bridge.notify({ status: "success", title: policy.name, text });
    } catch (error) {
      show(status, errorNotice(error));
    }
  }

  replace(policy) {
    const language = this.language;
    this.onChange(policy);
    this.open(policy);
    if (this.draft.translations.has(language)) {
      this.language = language;
      this.render();
    }
  }

}

// The widget's styles, isolated in each element's shadow root. Theme them from the storefront
// with CSS custom properties on the element (or any ancestor):
//
//   foresight-checkout, foresight-order {
//     --foresight-font: inherit;          --foresight-accent: #0b5fff;
//     --foresight-radius: 6px;            --foresight-surface: #fff;
//   }
//
// and reach single parts with ::part(), e.g. foresight-checkout::part(accept-button).

export const CSS = `
:host {
  --_font: var(--foresight-font, inherit);
  --_text: var(--foresight-text, inherit);
  --_muted: var(--foresight-muted, #555d6b);
  --_surface: var(--foresight-surface, #ffffff);
  --_border: var(--foresight-border, #cfd4dc);
  --_accent: var(--foresight-accent, #1f5fd1);
  --_accent-text: var(--foresight-accent-text, #ffffff);
  --_error: var(--foresight-error, #b42318);
  --_error-surface: var(--foresight-error-surface, #fef3f2);
  --_success: var(--foresight-success, #067647);
  --_radius: var(--foresight-radius, 8px);
  --_gap: var(--foresight-gap, 1rem);
  --_focus: var(--foresight-focus, var(--_accent));
  display: block;
  font-family: var(--_font);
  color: var(--_text);
  line-height: 1.5;
  /* no text, however long its words or links, widens the page */
  overflow-wrap: anywhere;
  max-width: 100%;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }

.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}

.panel {
  background: var(--_surface);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  padding: var(--_gap);
}
.panel + .panel { margin-top: var(--_gap); }

h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 0 0 0.5rem; }
.heading { font-size: 1.25em; }
.subheading { font-size: 1.05em; }
p { margin: 0 0 0.75rem; }
.muted { color: var(--_muted); }
.small { font-size: 0.875em; }

.intro { color: var(--_muted); }

.disclosures { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_gap); }
.disclosure {
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  padding: calc(var(--_gap) * 0.75);
}
.disclosure.changed { border-color: var(--_accent); box-shadow: 0 0 0 1px var(--_accent); }
.disclosure .title { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: baseline; }
.badge {
  display: inline-block; font-size: 0.75rem; font-weight: 600; letter-spacing: 0.02em;
  padding: 0.05rem 0.45rem; border-radius: 999px; border: 1px solid currentColor;
  color: var(--_muted);
}
.badge.required { color: var(--_text); }
.badge.new { color: var(--_accent); }
.badge.accepted-badge { color: var(--_success); }
.covers { font-weight: 600; margin-bottom: 0.5rem; }

.policy-body.collapsed {
  max-height: 9.5em; overflow: hidden;
  -webkit-mask-image: linear-gradient(to bottom, #000 60%, transparent);
  mask-image: linear-gradient(to bottom, #000 60%, transparent);
}
button.link {
  background: none; border: 0; padding: 0.25rem 0; color: var(--_accent);
  text-decoration: underline; font-weight: 600;
}

.policy-body { font-size: 0.95em; }
.policy-body pre { white-space: pre-wrap; }
/* a policy's own headings (### and below) never read smaller than its text */
.policy-body h3, .policy-body h4, .policy-body h5, .policy-body h6 {
  font-weight: 700; margin: 0.75rem 0 0.35rem; line-height: 1.3;
}
.policy-body h3 { font-size: 1.15em; }
.policy-body h4 { font-size: 1.05em; }
.policy-body h5, .policy-body h6 { font-size: 1em; }
.policy-body table { display: block; max-width: 100%; overflow-x: auto; }
.policy-body > :last-child { margin-bottom: 0; }
.policy-body ul, .policy-body ol { margin: 0 0 0.75rem; padding-inline-start: 1.25rem; }
.policy-body blockquote {
  margin: 0 0 0.75rem; padding-inline-start: 0.75rem; border-inline-start: 3px solid var(--_border);
}
a { color: var(--_accent); }

.consent {
  display: flex; gap: 0.6rem; align-items: flex-start; margin-top: 0.75rem;
  padding-top: 0.75rem; border-top: 1px solid var(--_border);
}
.consent input {
  flex: none; width: 1.25rem; height: 1.25rem; margin: 0.15rem 0 0;
  accent-color: var(--_accent); cursor: pointer;
}
.consent input:disabled { cursor: default; }
.consent label { cursor: pointer; font-weight: 600; min-width: 0; }
.consent-given { display: block; font-weight: 600; margin-bottom: 0; }
.consent-given::before { content: "✓ "; color: var(--_success); }
.consent input[aria-invalid="true"] { outline: 2px solid var(--_error); outline-offset: 2px; }
.field-error { color: var(--_error); font-size: 0.875em; margin: 0.35rem 0 0 1.85rem; }
.field-error[hidden] { display: none; }

.actions { margin-top: var(--_gap); display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; }
button {
  font: inherit; cursor: pointer; border-radius: var(--_radius);
  padding: 0.6rem 1.1rem; border: 1px solid var(--_accent);
}
button.primary { background: var(--_accent); color: var(--_accent-text); font-weight: 600; }
button.secondary { background: transparent; color: var(--_accent); }
button[aria-disabled="true"] { opacity: 0.65; cursor: progress; }

:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
[tabindex="-1"]:focus { outline: none; }
[tabindex="-1"]:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }

.accepted { color: var(--_success); font-weight: 600; margin: 0; }
.accepted::before { content: "✓ "; }

.alert:not(:empty) {
  margin-top: var(--_gap); padding: 0.75rem var(--_gap);
  border: 1px solid var(--_error); border-radius: var(--_radius);
  background: var(--_error-surface); color: var(--_error); font-weight: 600;
}
.alert-first .alert:not(:empty) { margin: 0 0 var(--_gap); }
/* a failed load shows its reason in the panel; the alert still says it aloud */
:host([state="failed"]) .alert {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.failure-text { color: var(--_error); font-weight: 600; }
.released-text { margin: 0; }

.records { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
.record-item { border-top: 1px solid var(--_border); padding-top: 0.75rem; }
.record-item:first-child { border-top: 0; padding-top: 0; }
.accepted-item { margin-top: 0.75rem; }
.accepted-item + .accepted-item { border-top: 1px dashed var(--_border); padding-top: 0.75rem; }
.accepted-item p { margin-bottom: 0.5rem; }
details summary { cursor: pointer; color: var(--_accent); }
details[open] summary { margin-bottom: 0.5rem; }
details .policy-body {
  padding: 0.5rem 0.75rem; border-inline-start: 3px solid var(--_border);
  background: color-mix(in srgb, var(--_border) 18%, transparent);
}
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }

.order-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 0.75rem; margin: 0 0 var(--_gap); }
.order-facts dt { color: var(--_muted); }
.order-facts dd { margin: 0; }
.order-facts .plain { list-style: none; margin: 0; padding: 0; }
.shipping { border-top: 1px solid var(--_border); padding-top: 0.75rem; }
.parcels { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_gap); }
.parcel dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 0.75rem; margin: 0 0 0.75rem; }
.parcel dt { color: var(--_muted); }
.parcel dd { margin: 0; }
.photos {
  list-style: none; margin: 0; padding: 0;
  display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: 0.75rem;
}
.photo a { display: block; border-radius: var(--_radius); overflow: hidden; border: 1px solid var(--_border); }
.photo img { display: block; width: 100%; height: auto; background: var(--_border); }
.photo p { margin: 0.25rem 0 0; }

@media (forced-colors: active) {
  .badge, .disclosure, .panel, .alert:not(:empty) { border-color: CanvasText; }
  button.primary { border-color: ButtonText; }
}
@media (prefers-reduced-motion: no-preference) {
  .disclosure.changed { transition: box-shadow 0.2s ease-in; }
}
`;

let shared = null;

/** Give a shadow root the styles: one constructed sheet for all elements where the browser
 * has them, a <style> element elsewhere. */
export function adoptStyles(root) {
  if ("adoptedStyleSheets" in Document.prototype && "replaceSync" in CSSStyleSheet.prototype) {
    if (shared === null) {
      shared = new CSSStyleSheet();
      shared.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, shared];
    return;
  }
  const style = document.createElement("style");
  style.textContent = CSS;
  root.append(style);
}

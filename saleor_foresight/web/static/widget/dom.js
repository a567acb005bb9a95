// Small DOM helpers: build elements without innerHTML, and keep only the markup a policy body
// may hold (defence in depth: Foresight already sanitises bodies on the server).

let counter = 0;

/** An id unique in the page, for ARIA references inside one shadow root. */
export function uid(prefix) {
  counter += 1;
  return `foresight-${prefix}-${counter}`;
}

/**
 * Build an element: h("p", {class: "note", onclick: handler}, "text", child, [more]).
 * Attribute values: a string or number is set, `true` sets an empty attribute, `false`,
 * `null` and `undefined` leave it out; `on<event>` with a function adds a listener.
 * Children: nodes, strings (as text, never parsed), arrays, and null/false (skipped).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

const KEPT = new Set([
  "P", "BR", "STRONG", "EM", "UL", "OL", "LI", "BLOCKQUOTE", "CODE", "H3", "H4", "H5", "H6", "A",
]);
const DROPPED = new Set([
  "SCRIPT", "STYLE", "TEMPLATE", "IFRAME", "OBJECT", "EMBED", "NOSCRIPT", "SVG", "MATH",
  "TEXTAREA", "SELECT", "BUTTON", "INPUT", "FORM", "IMG", "VIDEO", "AUDIO",
]);
const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/**
 * A policy body (HTML from the API) as a fragment holding only the elements Foresight's
 * sanitiser allows, without attributes except a safe link target. Parsed in an inert
 * document: nothing in it runs or loads. Its headings (h3 and below) start at `topHeading`,
 * so they sit under the title they belong to.
 */
export function policyBody(html, { topHeading = 3 } = {}) {
  const parsed = new DOMParser().parseFromString(`<!doctype html><body>${html ?? ""}`, "text/html");
  const fragment = document.createDocumentFragment();
  copyChildren(parsed.body, fragment, Math.max(0, topHeading - 3));
  return fragment;
}

function copyChildren(from, to, shift) {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.append(node.data);
    } else if (node.nodeType === Node.ELEMENT_NODE && !DROPPED.has(node.tagName)) {
      if (!KEPT.has(node.tagName)) {
        copyChildren(node, to, shift); // unknown wrapper: keep its content
        continue;
      }
      const copy = document.createElement(tagFor(node.tagName, shift));
      if (node.tagName === "A") {
        const href = safeHref(node.getAttribute("href"));
        if (href) {
          copy.href = href;
          copy.target = "_blank";
          copy.rel = "noopener noreferrer nofollow";
        }
      }
      copyChildren(node, copy, shift);
      to.append(copy);
    }
  }
}

function tagFor(tagName, shift) {
  const heading = /^H([3-6])$/.exec(tagName);
  return heading ? `h${Math.min(6, Number(heading[1]) + shift)}` : tagName.toLowerCase();
}

function safeHref(value) {
  if (!value) return null;
  try {
    const url = new URL(value, document.baseURI);
    return LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** Put `text` in a live region so assistive technology reads it, even when it repeats. */
export function speak(region, text) {
  if (region.textContent === text && text) {
    region.textContent = "";
    setTimeout(() => {
      region.textContent = text;
    }, 50);
  } else {
    region.textContent = text ?? "";
  }
}

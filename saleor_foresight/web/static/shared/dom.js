// The one element builder of the widget and the Dashboard pages, and the one way a policy body
// reaches the screen. Nothing here hands a string to innerHTML: text goes in as text nodes, and
// a policy body is copied node by node through an allowlist.

/**
 * Build an element: h("p", {class: "note", onclick: handler}, "text", child, [more]).
 * Attribute values: a string or number is set, `true` sets an empty attribute, `false`,
 * `null` and `undefined` leave it out; `on<event>` with a function adds a listener;
 * `dataset` with an object sets data-* attributes.
 * Children: nodes, strings (as text, never parsed), arrays, and null/false (skipped).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Append children as h() takes them. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
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
 * A policy body (HTML from the API, which Foresight already sanitised with nh3) as a fragment
 * holding only the elements that sanitiser allows, without attributes except a safe link
 * target: a second lock, not the first. Parsed in an inert document: nothing in it runs or
 * loads. Its headings (h3 and below) start at `topHeading`, so they sit under their title.
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

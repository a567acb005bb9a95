// Policy bodies on screen, without ever handing a string to innerHTML.
//
// safeFragment(html): HTML that Foresight already sanitised (nh3), parsed in an inert document
// and copied element by element through the same allowlist (p br strong em ul ol li blockquote
// code h3-h6, links with http/https/mailto): a second lock, not the first. Foresight renders
// Markdown itself (the editor's live preview asks policyPreview).

const ALLOWED = new Set(["P", "BR", "STRONG", "EM", "UL", "OL", "LI", "BLOCKQUOTE", "CODE", "H3", "H4", "H5", "H6", "A"]);
const DROPPED_WITH_CONTENT = new Set(["SCRIPT", "STYLE", "TEMPLATE", "IFRAME", "OBJECT", "EMBED", "NOSCRIPT", "TEXTAREA", "TITLE"]);
const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

function safeHref(value) {
  try {
    const url = new URL(value);
    return LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function link(href, children) {
  const a = document.createElement("a");
  a.href = href;
  a.rel = "noopener nofollow noreferrer";
  a.target = "_blank";
  a.append(...children);
  return a;
}

function copyAllowed(source, target) {
  for (const node of source.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      target.append(document.createTextNode(node.nodeValue));
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      const tag = node.tagName.toUpperCase();
      if (DROPPED_WITH_CONTENT.has(tag)) continue;
      if (!ALLOWED.has(tag)) {
        copyAllowed(node, target); // keep the text of an unknown element, as nh3 does
        continue;
      }
      if (tag === "A") {
        const holder = document.createDocumentFragment();
        copyAllowed(node, holder);
        const href = safeHref(node.getAttribute("href") ?? "");
        target.append(href ? link(href, [holder]) : holder);
        continue;
      }
      const element = document.createElement(tag.toLowerCase());
      copyAllowed(node, element);
      target.append(element);
    }
  }
}

/** Foresight's sanitised HTML as a DocumentFragment, through the allowlist once more. */
export function safeFragment(html) {
  const parsed = new DOMParser().parseFromString(`<body>${html ?? ""}</body>`, "text/html");
  const fragment = document.createDocumentFragment();
  copyAllowed(parsed.body, fragment);
  return fragment;
}

// Policy bodies on screen, without ever handing a string to innerHTML.
//
// safeFragment(html): HTML that Foresight already sanitised (nh3), parsed in an inert document
// and copied element by element through the same allowlist (p br strong em ul ol li blockquote
// code h3-h6, links with http/https/mailto): a second lock, not the first.
//
// previewMarkdown(text): a small Markdown renderer for the editor's live preview while the
// server has no preview query: paragraphs, h3-h6, lists, quotes, **strong**, *em*, `code` and
// links, built as DOM nodes. Raw HTML is dropped (script and style with their content), as
// Foresight does. It approximates CommonMark; the saved draft shows Foresight's own rendering.

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

// -- the live preview's Markdown -------------------------------------------------------

function dropHtml(text) {
  return text
    .replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, "")
    .replace(/<!--[\s\S]*?(-->|$)/g, "")
    .replace(/<\/?[A-Za-z][^>]*>/g, "");
}

const INLINE =
  /`([^`]+)`|\*\*(.+?)\*\*|__(.+?)__|\*([^*\s](?:[^*]*[^*\s])?)\*|_([^_\s](?:[^_]*[^_\s])?)_|\[([^\]]+)\]\(([^)\s]+)\)/g;

function inline(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    last = match.index + match[0].length;
    const [, code, strong1, strong2, em1, em2, label, href] = match;
    if (code !== undefined) {
      const element = document.createElement("code");
      element.textContent = code;
      nodes.push(element);
    } else if (strong1 !== undefined || strong2 !== undefined) {
      const element = document.createElement("strong");
      element.append(...inline(strong1 ?? strong2));
      nodes.push(element);
    } else if (em1 !== undefined || em2 !== undefined) {
      const element = document.createElement("em");
      element.append(...inline(em1 ?? em2));
      nodes.push(element);
    } else {
      const url = safeHref(href);
      nodes.push(url ? link(url, inline(label)) : document.createTextNode(label));
    }
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

function block(tag, text) {
  const element = document.createElement(tag);
  element.append(...inline(text));
  return element;
}

/** An approximate, safe rendering of a policy body for the live preview. */
export function previewMarkdown(markdown) {
  const fragment = document.createDocumentFragment();
  const lines = dropHtml(markdown ?? "").split(/\r?\n/);
  let paragraph = [];
  let list = null;
  let quote = null;

  const flush = () => {
    if (paragraph.length > 0) fragment.append(block("p", paragraph.join(" ")));
    paragraph = [];
    list = null;
    quote = null;
  };

  for (const raw of lines) {
    const line = raw.trim();
    const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line);
    const bullet = /^[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\d{1,9}[.)]\s+(.*)$/.exec(line);
    const quoted = /^>\s?(.*)$/.exec(line);
    if (line === "") {
      flush();
    } else if (heading) {
      flush();
      // Foresight keeps h3-h6; a bigger heading loses its tag and stays a line of text
      fragment.append(block(heading[1].length >= 3 ? `h${heading[1].length}` : "p", heading[2]));
    } else if (bullet || numbered) {
      const tag = bullet ? "ul" : "ol";
      if (paragraph.length > 0 || (list && list.tagName.toLowerCase() !== tag)) flush();
      if (!list) {
        list = document.createElement(tag);
        fragment.append(list);
      }
      list.append(block("li", (bullet ?? numbered)[1]));
    } else if (quoted) {
      if (!quote) {
        flush();
        quote = document.createElement("blockquote");
        fragment.append(quote);
      }
      quote.append(block("p", quoted[1]));
    } else if (list && /^\s{2,}/.test(raw)) {
      list.lastElementChild?.append(document.createTextNode(" "), ...inline(line));
    } else {
      if (list || quote) flush();
      paragraph.push(line);
    }
  }
  flush();
  return fragment;
}

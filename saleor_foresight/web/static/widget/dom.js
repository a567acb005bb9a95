// The widget's own DOM helpers: ids for ARIA references, and live regions. Elements are built
// with h() and policy bodies shown with policyBody() (../shared/dom.js, shared with the
// Dashboard pages).

let counter = 0;

/** An id unique in the page, for ARIA references inside one shadow root. */
export function uid(prefix) {
  counter += 1;
  return `foresight-${prefix}-${counter}`;
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

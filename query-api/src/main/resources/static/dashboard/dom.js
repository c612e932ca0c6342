// Small helpers for building DOM without a framework.

/** An element with attributes (properties for on* handlers) and children. */
export function h(tag, attributes = {}, ...children) {
  const svg = ['svg', 'g', 'rect', 'text', 'path', 'title', 'line', 'circle'].includes(tag);
  const element = svg
    ? document.createElementNS('http://www.w3.org/2000/svg', tag)
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'className') element.setAttribute('class', value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Tells screen readers something (the page's polite live region). */
export function announce(text) {
  const region = document.getElementById('announcer');
  if (region) region.textContent = text;
}

/** A stable colour per speaker label: the same name gets the same colour on every page. */
// Dark enough for text on white (contrast above 4.5:1).
const PALETTE = ['#1f5fa8', '#b0282e', '#2b7a2b', '#6b4c9a', '#8c4b2b', '#a8327e', '#55595f',
  '#6e6200', '#0b6e7f', '#a34f00'];

export function speakerColour(speaker) {
  let hash = 0;
  for (const character of speaker) hash = (hash * 31 + character.codePointAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

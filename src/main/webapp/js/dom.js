// Small DOM helpers shared by the views. Nothing runs at import time.

import { dateText } from './format.js';

/** Builds an element: h('a', {href: '#', class: 'x'}, 'text', child). Text is always text, never HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/**
 * Looks up a view's elements once, by id: elements({list: 'sessions-list'}) → {list: <ul>}. A missing id is an
 * error at start-up, not a null later.
 */
export function elements(ids) {
  const found = {};
  for (const [name, id] of Object.entries(ids)) {
    const el = document.getElementById(id);
    if (!el) throw new Error(`The page has no element #${id}.`);
    found[name] = el;
  }
  return found;
}

const ICONS = {
  download: 'M12 3v11m0 0-4.5-4.5M12 14l4.5-4.5M4 17v3h16v-3',
  copy: 'M8 8h11v12H8zM5 16H4V4h11v1',
  folder: 'M3 6h6l2 2h10v11H3z',
  file: 'M6 3h8l4 4v14H6zM14 3v4h4',
};

/** An inline SVG icon (download, copy, folder, file), hidden from screen readers. */
export function icon(name) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

/** A <time> in the browser's time zone, with the exact instant in its datetime attribute. */
export function timeEl(iso) {
  return h('time', { datetime: iso, title: new Date(iso).toString() }, dateText(iso));
}

let announcer = null;

/** Says text to screen readers through the page's live region. */
export function announce(text) {
  announcer ??= document.getElementById('announcer');
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = text; }, 50);
}

/** Copies text to the clipboard; resolves to whether it worked. */
export async function copyText(text, fallbackInput) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API refused (no permission, no focus): the older way, through a selected field.
    const field = fallbackInput || h('textarea', { class: 'visually-hidden' }, text);
    if (!fallbackInput) document.body.append(field);
    field.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    if (!fallbackInput) field.remove();
    return ok;
  }
}

/** Hands a blob to the browser as a file download named name. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// The preview panel: one file's facts, its preview (code, Markdown, image, PDF, CSV), and its actions —
// download, a pre-signed link, share, delete — with its version history (versions.js).

import { getBytes, getJson, request } from '../api.js';
import { announce, copyText, elements, h, icon, timeEl } from '../dom.js';
import { csvTable, numericColumns } from '../csv.js';
import { bytesText, count, dateText, humanSize, lineCount } from '../format.js';
import { languageLabel, languageOf, previewKind, previewMediaType } from '../file-kinds.js';
import { fileHash, fileName, folderOf, isExternal, resolvePath, urls } from '../paths.js';
import { ApiError } from '../problem.js';
import { state } from '../state.js';
import { canWrite } from '../token.js';
import { typeInfo } from '../types.js';
import { confirmDialog } from './dialogs.js';
import { emptyState, errorState, loadingState } from './states.js';
import { downloadFile, showTransferError } from './transfer.js';
import { markSelected } from './tree.js';
import { openShareDialog } from './shares.js';
import { showVersions } from './versions.js';

const TEXT_PREVIEW_BYTES = 256 * 1024;       // code, text, Markdown, CSV: the first 256 KiB only
const MEDIA_PREVIEW_MAX = 20 * 1024 * 1024;  // images and PDFs up to 20 MiB are fetched whole
const CSV_PREVIEW_ROWS = 500;

let els;
let onDeleted = async () => {};

/** Looks up the panel's elements and wires its buttons; deleted(path) runs after a file is deleted. */
export function init({ deleted }) {
  els = elements({
    placeholder: 'preview-placeholder', view: 'preview-view', title: 'preview-title', path: 'preview-path',
    facts: 'preview-facts', body: 'preview-body', download: 'file-download', expiry: 'link-expiry', link: 'file-link',
    remove: 'file-delete', linkResult: 'link-result', linkUrl: 'link-url', linkStatus: 'link-status', share: 'file-share',
  });
  onDeleted = deleted;
  els.download.addEventListener('click', () => withShown(downloadFile));
  els.link.addEventListener('click', () => withShown(copyLink));
  els.remove.addEventListener('click', () => withShown(deleteFile));
  els.share.addEventListener('click', () => withShown((a) => openShareDialog(a.path)));
}

function shown() {
  return state.selectedPath ? state.artifacts.find((x) => x.path === state.selectedPath) || null : null;
}

function withShown(action) {
  const a = shown();
  if (a) action(a);
}

/** Selects path (or nothing) in the tree and previews it; focuses the preview when the person opened it. */
export function selectFile(path) {
  state.selectedPath = path;
  markSelected();
  const a = shown();
  if (path && !a && state.artifacts.length) {
    renderPreview(null);
    els.placeholder.replaceChildren(errorState('No such file.', new ApiError(404, 'Not found', `This session has no file ${path}.`)));
    state.focusPreview = false;
    return;
  }
  renderPreview(a);
  if (a && state.focusPreview) {
    // Take focus and the eye to the preview, which is below the tree on narrow screens.
    const stacked = window.matchMedia('(max-width: 1179px)').matches;
    els.title.focus({ preventScroll: !stacked });
  }
  state.focusPreview = false;
}

/** Shows artifact a's facts and loads its preview, or the placeholder for null. */
export function renderPreview(a) {
  if (state.previewAbort) state.previewAbort.abort();
  state.previewAbort = null;
  revokePreviewUrls();
  els.placeholder.hidden = !!a;
  els.view.hidden = !a;
  showVersions(a);
  if (!a) {
    els.placeholder.replaceChildren(
      h('h2', { class: 'visually-hidden' }, 'Preview'),
      h('p', {}, 'Select a file to preview it, download it or copy a link to it.'));
    return;
  }
  const info = typeInfo(state.types, a.type);
  els.title.replaceChildren(h('span', { class: `badge t-${a.type}`, 'aria-hidden': 'true' }, info.badge), ' ', fileName(a.path));
  els.path.textContent = a.path;
  const facts = [
    ['Type', info.label],
    ['Size', h('span', {}, `${humanSize(a.size)} (${bytesText(a.size)})`)],
    ['Created', timeEl(a.created_at)],
    ['Media type', a.mime_type],
    ['SHA-256', h('span', { class: 'sha-full' },
      h('code', { class: 'mono', id: 'preview-sha' }, a.sha256),
      h('button', {
        type: 'button', class: 'icon-button', 'aria-label': 'Copy SHA-256', title: 'Copy SHA-256',
        onclick: async (e) => {
          const button = e.currentTarget;
          const ok = await copyText(a.sha256);
          announce(ok ? 'SHA-256 copied.' : 'Copy failed: select the hash and copy it.');
          button.classList.add(ok ? 'done' : 'failed');
        },
      }, icon('copy')))],
  ];
  if (a.metadata && Object.keys(a.metadata).length) facts.push(['Metadata', h('code', { class: 'mono' }, JSON.stringify(a.metadata))]);
  const wide = new Set(['SHA-256', 'Metadata']);
  els.facts.replaceChildren(...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { class: wide.has(k) ? 'wide' : null }, v)]));
  els.remove.hidden = !canWrite(state.claims);
  els.share.hidden = !canWrite(state.claims);
  els.linkResult.hidden = true;
  loadPreview(a);
}

function blobUrl(blob) {
  const url = URL.createObjectURL(blob);
  state.previewUrls.push(url);
  return url;
}

function revokePreviewUrls() {
  state.previewUrls.forEach((u) => URL.revokeObjectURL(u));
  state.previewUrls = [];
}

async function loadPreview(a) {
  const kind = previewKind(a.path, a.mime_type);
  if (kind === 'none') {
    els.body.replaceChildren(emptyState(`No preview for ${a.mime_type || 'this kind of file'}; download it instead.`));
    return;
  }
  const controller = new AbortController();
  state.previewAbort = controller;
  els.body.replaceChildren(loadingState(`Loading preview of ${fileName(a.path)}…`));
  const url = urls.download(state.session.session_id, a.path, true);
  try {
    let content;
    if (kind === 'image' || kind === 'svg' || kind === 'pdf') {
      if (a.size > MEDIA_PREVIEW_MAX) {
        els.body.replaceChildren(emptyState(`This file is ${humanSize(a.size)}, too large to preview here; download it instead.`));
        return;
      }
      content = mediaPreview(a, kind, await getBytes(url, { signal: controller.signal }));
    } else {
      const truncated = a.size > TEXT_PREVIEW_BYTES;
      const headers = truncated ? { Range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` } : {};
      const bytes = await getBytes(url, { signal: controller.signal, headers });
      // stream: true drops a multi-byte character cut in half at the end of a partial read.
      const text = new TextDecoder('utf-8').decode(bytes, { stream: truncated });
      content = [];
      if (truncated) {
        content.push(h('p', { class: 'notice' },
          `Showing the first ${humanSize(TEXT_PREVIEW_BYTES)} of ${humanSize(a.size)}. Download the file for all of it.`));
      }
      if (kind === 'markdown') content.push(await markdownPreview(a, text));
      else if (kind === 'csv') content.push(csvPreview(a, text, truncated));
      else content.push(codePreview(a, text));
    }
    if (controller.signal.aborted) return;
    els.body.replaceChildren(...[content].flat(3));
  } catch (e) {
    if (e.name === 'AbortError') return;
    els.body.replaceChildren(errorState(`The preview of ${fileName(a.path)} could not be loaded.`, e, () => loadPreview(a)));
  }
}

function mediaPreview(a, kind, bytes) {
  const url = blobUrl(new Blob([bytes], { type: previewMediaType(kind, a.mime_type) }));
  if (kind === 'pdf') {
    return [
      h('iframe', { class: 'pdf-frame', src: url, title: `PDF preview of ${fileName(a.path)}` }),
      h('p', { class: 'hint' }, 'Shown in the browser’s PDF viewer. ',
        h('a', { href: url, target: '_blank', rel: 'noopener' }, 'Open it in a new tab'), '.'),
    ];
  }
  // An SVG shown through <img> is a static image: its scripts never run and it loads nothing.
  return h('figure', { class: 'image-preview' },
    h('img', { src: url, alt: `Preview of ${a.path}` }),
    h('figcaption', {}, a.path));
}

function codePreview(a, text) {
  const language = languageOf(a.path) || 'plaintext';
  const code = h('code', { class: `hljs language-${language}` });
  if (window.hljs && window.hljs.getLanguage(language)) {
    code.innerHTML = window.hljs.highlight(text, { language, ignoreIllegals: true }).value; // escaped by highlight.js
  } else {
    code.textContent = text;
  }
  return [
    h('p', { class: 'code-meta' }, `${count(lineCount(text), 'line', 'lines')} · ${languageLabel(language)}`),
    h('pre', { class: 'code', tabindex: '0', 'aria-label': `Contents of ${a.path}` }, code),
  ];
}

async function markdownPreview(a, text) {
  const article = h('article', { class: 'markdown', 'aria-label': `Rendered ${a.path}` });
  if (!window.marked || !window.DOMPurify) {
    article.append(h('pre', {}, text));
    return article;
  }
  // Sanitised: no script, no event handlers, no javascript: URLs, no forms; then links and images fixed up.
  const html = window.marked.parse(text, { async: false, gfm: true });
  article.innerHTML = window.DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input'] });
  const folder = folderOf(a.path);
  const dir = folder ? `${folder}/` : '';
  for (const link of article.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href');
    if (isExternal(href)) {
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
    } else if (!href.startsWith('#')) {
      const target = resolvePath(dir, href);
      if (target && state.artifacts.some((x) => x.path === target)) link.href = fileHash(state.session.session_id, target);
    }
  }
  if (window.hljs) article.querySelectorAll('pre code').forEach((code) => window.hljs.highlightElement(code));
  // Images that are files of this session are fetched with the token; other remote images are not loaded.
  await Promise.all([...article.querySelectorAll('img')].map(async (img) => {
    const src = img.getAttribute('src') || '';
    if (src.startsWith('data:')) return;
    img.removeAttribute('src');
    const target = isExternal(src) ? null : resolvePath(dir, src);
    const artifact = target && state.artifacts.find((x) => x.path === target);
    if (!artifact) {
      img.replaceWith(h('span', { class: 'notice' }, `[image not shown: ${img.getAttribute('alt') || src}]`));
      return;
    }
    try {
      const bytes = await getBytes(urls.download(state.session.session_id, target));
      const type = target.endsWith('.svg') ? 'image/svg+xml' : artifact.mime_type;
      img.src = blobUrl(new Blob([bytes], { type }));
    } catch {
      img.replaceWith(h('span', { class: 'notice' }, `[image ${target} could not be loaded]`));
    }
  }));
  return article;
}

function csvPreview(a, text, truncated) {
  const table = csvTable(text, CSV_PREVIEW_ROWS, truncated);
  if (!table) return emptyState('This CSV file is empty.');
  const { head, body, partial } = table;
  const numeric = numericColumns(head, body);
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `Table ${a.path}` },
    h('table', { class: 'csv' },
      h('caption', {}, `${fileName(a.path)}: ${count(body.length, 'row', 'rows')}${partial ? ' (first part)' : ''}`),
      h('thead', {}, h('tr', {}, head.map((c, i) => h('th', { scope: 'col', class: numeric[i] ? 'num' : null }, c)))),
      h('tbody', {}, body.map((r) => h('tr', {}, head.map((_, i) => h('td', { class: numeric[i] ? 'num' : null }, r[i] ?? '')))))));
}

async function copyLink(a) {
  const seconds = Number(els.expiry.value);
  const label = els.expiry.selectedOptions[0].textContent;
  els.linkResult.hidden = false;
  els.linkStatus.textContent = 'Creating link…';
  els.linkUrl.value = '';
  try {
    const link = await getJson(urls.link(state.session.session_id, a.path, seconds));
    els.linkUrl.value = link.download_url;
    const ok = await copyText(link.download_url, els.linkUrl);
    els.linkStatus.textContent = `${ok ? 'Copied to the clipboard.' : 'Select the link and copy it.'} Valid for ${label},`
      + ` until ${dateText(link.expires_at)}; anyone with it can download this file.`;
    announce(ok ? `Link copied, valid for ${label}.` : 'Link created; select it and copy it.');
  } catch (e) {
    els.linkStatus.textContent = '';
    els.linkResult.hidden = true;
    showTransferError('No link could be made', e);
  }
}

async function deleteFile(a) {
  const ok = await confirmDialog(`Delete ${fileName(a.path)}?`,
    `${a.path} (${humanSize(a.size)}) is removed from this session and from storage. This cannot be undone.`, 'Delete');
  if (!ok) {
    els.remove.focus();
    return;
  }
  try {
    await request(urls.artifact(state.session.session_id, a.path), { method: 'DELETE' });
    announce(`Deleted ${a.path}.`);
    await onDeleted(a.path);
  } catch (e) {
    showTransferError(`${a.path} could not be deleted`, e);
  }
}

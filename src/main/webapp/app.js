// The artifacts page: sign in with a token, browse an organization's sessions, and preview, download, link,
// upload and delete their artifacts through the service's own API (see API.md). Plain modern JavaScript;
// marked, DOMPurify and highlight.js are loaded from WebJars by index.html as globals.

const TOKEN_KEY = 'artifact-service.token';      // sessionStorage: the token lives as long as the tab
const TEXT_PREVIEW_BYTES = 256 * 1024;           // code, text, Markdown, CSV: the first 256 KiB only
const MEDIA_PREVIEW_MAX = 20 * 1024 * 1024;      // images and PDFs up to 20 MiB are fetched whole
const CSV_PREVIEW_ROWS = 500;

const TYPES = [
  { type: 'readme', label: 'README', badge: 'MD', folder: '' },
  { type: 'cloudformation', label: 'CloudFormation', badge: 'CFN', folder: 'cloudformation' },
  { type: 'terraform', label: 'Terraform', badge: 'TF', folder: 'terraform' },
  { type: 'lambda', label: 'Lambda', badge: 'λ', folder: 'lambda' },
  { type: 'diagram', label: 'Diagrams', badge: 'DIA', folder: 'diagrams' },
  { type: 'pricing', label: 'Pricing', badge: '$', folder: 'pricing' },
];

const $ = (id) => document.getElementById(id);

// ------------------------------------------------------------------------------------------- state

const state = {
  token: null,
  claims: null,
  localMode: false,
  sessions: [],
  sessionsCursor: null,
  session: null,         // the open session (from the sessions list or GET /api/sessions/{id})
  artifacts: [],         // every artifact of the open session
  selectedPath: null,
  selectedTypes: new Set(),
  previewAbort: null,
  loadSeq: 0,
};

// ------------------------------------------------------------------------------------------- helpers

/** Builds an element: h('a', {href: '#', class: 'x'}, 'text', child). Text is always text, never HTML. */
function h(tag, attrs = {}, ...children) {
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

const ICONS = {
  download: 'M12 3v11m0 0-4.5-4.5M12 14l4.5-4.5M4 17v3h16v-3',
  copy: 'M8 8h11v12H8zM5 16H4V4h11v1',
  folder: 'M3 6h6l2 2h10v11H3z',
  file: 'M6 3h8l4 4v14H6zM14 3v4h4',
};

function icon(name) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

const numberFormat = new Intl.NumberFormat();

/** 1536 → "1.5 KiB"; exact bytes go in a title attribute. */
function humanSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = -1;
  do { value /= 1024; unit++; } while (value >= 1024 && unit < units.length - 1);
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

function bytesText(bytes) {
  return `${numberFormat.format(bytes)} bytes`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A <time> in the browser's time zone, with the exact instant in its datetime attribute. */
function timeEl(iso) {
  const date = new Date(iso);
  return h('time', { datetime: iso, title: date.toString() }, dateFormat.format(date));
}

function announce(text) {
  const el = $('announcer');
  el.textContent = '';
  setTimeout(() => { el.textContent = text; }, 50);
}

function encodePath(path) {
  return path.split('/').map(encodeURIComponent).join('/');
}

function fileName(path) {
  return path.slice(path.lastIndexOf('/') + 1);
}

function typeInfo(type) {
  return TYPES.find((t) => t.type === type) || { type, label: type, badge: type.slice(0, 3).toUpperCase(), folder: type };
}

/** The claims of a JWT, read without verifying it (the service verifies; the page only shows them). */
function decodeClaims(token) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '='));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

function groupsOf(claims) {
  const groups = claims && claims.groups;
  return Array.isArray(groups) ? groups : typeof groups === 'string' ? [groups] : [];
}

function canWrite() {
  return groupsOf(state.claims).includes('artifacts.write');
}

function tokenExpired() {
  return state.claims && typeof state.claims.exp === 'number' && state.claims.exp * 1000 <= Date.now();
}

async function copyText(text, fallbackInput) {
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

// ------------------------------------------------------------------------------------------- API

/** An API failure with the problem+json (RFC 9457) fields the service sends. */
class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

async function problemOf(response) {
  let title = response.statusText || `HTTP ${response.status}`;
  let detail = '';
  try {
    const body = await response.json();
    title = body.title || title;
    detail = body.detail || '';
  } catch {
    // not problem+json: keep the status line
  }
  return new ApiError(response.status, title, detail || `The service answered ${response.status} ${title}.`);
}

/** fetch() with the token; resolves to the response for 2xx, else throws ApiError. */
async function api(path, { method = 'GET', headers = {}, body, signal } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method, body, signal, cache: 'no-store',
      headers: { Authorization: `Bearer ${state.token}`, ...headers },
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Network error', `The service could not be reached (${e.message}).`);
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

async function apiJson(path, options) {
  return (await api(path, { ...options, headers: { Accept: 'application/json', ...(options && options.headers) } })).json();
}

/** Reads a response body while reporting progress (fraction, or null when the length is unknown). */
async function readBlob(response, onProgress) {
  const total = Number(response.headers.get('Content-Length')) || 0;
  if (!response.body) return response.blob();
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress(received, total);
  }
  return new Blob(chunks, { type: response.headers.get('Content-Type') || 'application/octet-stream' });
}

/** Hands a blob to the browser as a file download. */
function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function filenameFrom(response, fallback) {
  const header = response.headers.get('Content-Disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try { return decodeURIComponent(star[1]); } catch { /* fall through */ }
  }
  const plain = /filename="([^"]+)"/i.exec(header);
  return plain ? plain[1] : fallback;
}

// ------------------------------------------------------------------------------------------- states

/** The shared look of loading, empty and error states: never a blank panel. */
function loadingState(text) {
  return h('div', { class: 'state loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

function emptyState(text, ...more) {
  return h('div', { class: 'state empty' }, h('p', {}, text), ...more);
}

function errorState(what, error, retry) {
  const detail = error instanceof ApiError ? error.detail : String(error && error.message || error);
  const box = h('div', { class: 'state error', role: 'alert' },
    h('p', { class: 'error-title' }, what),
    h('p', { class: 'error-detail' }, detail));
  if (error instanceof ApiError && error.status) {
    box.append(h('p', { class: 'error-status' }, `HTTP ${error.status} · ${error.title}`));
  }
  if (error instanceof ApiError && error.status === 401) {
    if (tokenExpired()) {
      box.append(h('p', { class: 'error-hint' },
        `Your token expired ${dateFormat.format(new Date(state.claims.exp * 1000))}. Sign in with a new one.`));
    }
    box.append(h('button', { type: 'button', class: 'button primary', onclick: () => signOut('Sign in again.') }, 'Sign in again'));
  } else if (retry) {
    box.append(h('button', { type: 'button', class: 'button', onclick: retry }, 'Try again'));
  }
  return box;
}

function show(containerId, ...children) {
  $(containerId).replaceChildren(...children);
}

// ------------------------------------------------------------------------------------------- sign-in

async function loadPageConfig() {
  try {
    const response = await fetch('page/config', { cache: 'no-store' });
    if (response.ok) state.localMode = (await response.json()).local_mode === true;
  } catch {
    state.localMode = false;
  }
  $('demo-token').hidden = !state.localMode;
  $('demo-token-hint').hidden = !state.localMode;
}

function showSignIn(message) {
  $('app').hidden = true;
  $('identity').hidden = true;
  $('sign-in').hidden = false;
  const error = $('sign-in-error');
  error.hidden = !message;
  error.textContent = message || '';
  $('token-input').focus();
}

function signIn(token) {
  token = token.trim().replace(/^Bearer\s+/i, '');
  const claims = decodeClaims(token);
  if (!claims) {
    showSignIn('That is not a JWT: expected three base64url parts separated by dots.');
    return;
  }
  state.token = token;
  state.claims = claims;
  sessionStorage.setItem(TOKEN_KEY, token);
  $('token-input').value = '';
  $('sign-in').hidden = true;
  $('app').hidden = false;
  renderIdentity();
  loadSessions();
  route();
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  Object.assign(state, { token: null, claims: null, sessions: [], session: null, artifacts: [], selectedPath: null });
  if (location.hash && location.hash !== '#/') history.replaceState(null, '', '#/');
  showSignIn(message);
}

function renderIdentity() {
  const c = state.claims;
  const groups = groupsOf(c);
  const access = groups.includes('artifacts.write') ? 'read and write' : groups.includes('artifacts.read') ? 'read only' : 'no access groups';
  const parts = [`${c.sub || c.upn || 'unknown user'}`, `organization ${c.org_id || '(none)'}`, access];
  if (typeof c.exp === 'number') {
    const exp = new Date(c.exp * 1000);
    parts.push(exp <= new Date() ? `expired ${dateFormat.format(exp)}` : `until ${dateFormat.format(exp)}`);
  }
  $('identity-text').textContent = parts.join(' · ');
  $('identity').hidden = false;
}

async function useDemoToken() {
  const button = $('demo-token');
  button.disabled = true;
  try {
    const response = await fetch('page/demo-token', { cache: 'no-store' });
    if (!response.ok) throw await problemOf(response);
    signIn((await response.json()).token);
  } catch (e) {
    showSignIn(`No demo token: ${e instanceof ApiError ? e.detail : e.message}`);
  } finally {
    button.disabled = false;
  }
}

// ------------------------------------------------------------------------------------------- sessions

async function loadSessions(more = false) {
  if (!more) {
    state.sessions = [];
    state.sessionsCursor = null;
    show('sessions-state', loadingState('Loading sessions…'));
    $('sessions-list').replaceChildren();
  }
  const query = more && state.sessionsCursor ? `?cursor=${encodeURIComponent(state.sessionsCursor)}` : '';
  try {
    const page = await apiJson(`api/sessions${query}`);
    state.sessions.push(...page.sessions);
    state.sessionsCursor = page.next_cursor || null;
    show('sessions-state');
    if (state.sessions.length === 0) {
      show('sessions-state', emptyState('No sessions in this organization yet.'));
    }
    renderSessions();
  } catch (e) {
    show('sessions-state', errorState('The sessions could not be loaded.', e, () => loadSessions()));
  }
}

function renderSessions() {
  const list = $('sessions-list');
  list.replaceChildren(...state.sessions.map((s) => {
    const current = state.session && state.session.session_id === s.session_id;
    return h('li', {},
      h('a', {
        href: `#/sessions/${s.session_id}`, class: 'session-link', 'aria-current': current ? 'page' : null,
        dataset: { sessionId: s.session_id },
      },
      h('span', { class: 'session-name' }, s.title || 'Untitled session'),
      h('span', { class: 'session-sub' }, timeEl(s.created_at)),
      h('span', { class: 'session-sub' },
        `${numberFormat.format(s.artifact_count)} ${s.artifact_count === 1 ? 'file' : 'files'} · `,
        h('span', { title: bytesText(s.total_size) }, humanSize(s.total_size)))));
  }));
  $('sessions-more').hidden = !state.sessionsCursor;
}

// ------------------------------------------------------------------------------------------- routing

function parseRoute() {
  const m = /^#\/sessions\/([0-9a-fA-F-]{36})(?:\/files\/(.+))?$/.exec(location.hash);
  if (!m) return { sessionId: null, path: null };
  let path = null;
  if (m[2]) {
    try { path = m[2].split('/').map(decodeURIComponent).join('/'); } catch { path = null; }
  }
  return { sessionId: m[1].toLowerCase(), path };
}

function fileHash(sessionId, path) {
  return `#/sessions/${sessionId}/files/${encodePath(path)}`;
}

async function route() {
  if (!state.token) return;
  const { sessionId, path } = parseRoute();
  if (!sessionId) {
    state.session = null;
    $('session-empty').hidden = false;
    $('session-view').hidden = true;
    renderSessions();
    return;
  }
  if (!state.session || state.session.session_id !== sessionId) {
    await openSession(sessionId);
  }
  if (path !== state.selectedPath) {
    state.focusPreview = true;
    selectFile(path);
  }
}

// ------------------------------------------------------------------------------------------- one session

async function openSession(sessionId) {
  const seq = ++state.loadSeq;
  state.session = state.sessions.find((s) => s.session_id === sessionId) || { session_id: sessionId, title: '' };
  state.artifacts = [];
  state.selectedPath = null;
  state.selectedTypes.clear();
  $('session-empty').hidden = true;
  $('session-view').hidden = false;
  $('upload-open').hidden = !canWrite();
  renderSessions();
  renderSessionHead(false);
  renderPreview(null);
  $('artifacts-tree').replaceChildren();
  show('artifacts-state', loadingState('Loading artifacts…'));
  try {
    const [session, artifacts] = await Promise.all([
      apiJson(`api/sessions/${sessionId}`),
      listAll(sessionId),
    ]);
    if (seq !== state.loadSeq) return;
    state.session = session;
    state.artifacts = artifacts;
    renderSessionHead();
    renderTree();
    announce(`${session.title || 'Session'}: ${artifacts.length} ${artifacts.length === 1 ? 'file' : 'files'}.`);
  } catch (e) {
    if (seq !== state.loadSeq) return;
    show('artifacts-state', errorState('The artifacts of this session could not be loaded.', e, () => openSession(sessionId)));
  }
}

/** Every artifact of a session, following next_cursor. */
async function listAll(sessionId) {
  const all = [];
  let cursor = null;
  do {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const page = await apiJson(`api/artifacts/list/${sessionId}${query}`);
    all.push(...page.artifacts);
    cursor = page.next_cursor;
  } while (cursor && all.length < 100_000);
  return all;
}

async function reloadArtifacts(selectPath) {
  const sessionId = state.session.session_id;
  try {
    state.artifacts = await listAll(sessionId);
    const s = state.sessions.find((x) => x.session_id === sessionId);
    if (s) {
      s.artifact_count = state.artifacts.length;
      s.total_size = state.artifacts.reduce((sum, a) => sum + a.size, 0);
      renderSessions();
    }
    state.session.artifact_count = state.artifacts.length;
    state.session.total_size = state.artifacts.reduce((sum, a) => sum + a.size, 0);
    renderSessionHead();
    renderTree();
    if (selectPath !== undefined) {
      // Show the uploaded file, or nothing after a delete, even when the address does not change.
      const target = selectPath ? fileHash(sessionId, selectPath) : `#/sessions/${sessionId}`;
      if (location.hash !== target) history.pushState(null, '', target);
      selectFile(selectPath);
    }
  } catch (e) {
    show('artifacts-state', errorState('The artifacts of this session could not be reloaded.', e, () => reloadArtifacts()));
  }
}

function renderSessionHead(loaded = true) {
  const s = state.session;
  $('session-title').textContent = s.title || (s.created_at ? 'Untitled session' : 'Session');
  const parts = [];
  if (typeof s.artifact_count === 'number') {
    parts.push([`${numberFormat.format(s.artifact_count)} ${s.artifact_count === 1 ? 'file' : 'files'}`]);
    parts.push([h('span', { title: bytesText(s.total_size) }, humanSize(s.total_size))]);
  }
  if (s.created_at) parts.push(['created ', timeEl(s.created_at), s.created_by ? ` by ${s.created_by}` : '']);
  parts.push([h('span', { class: 'mono' }, s.session_id)]);
  $('session-meta').replaceChildren(...parts.flatMap((p, i) => (i ? [' · ', ...p] : p)));
  // Actions only once the session's artifacts are known (never on a loading or error screen).
  $('session-actions').hidden = !loaded;
  $('selected-types-hint').hidden = !loaded || !state.artifacts.length;
  $('download-all').disabled = !state.artifacts.length;
  updateSelectedTypesButton();
}

function updateSelectedTypesButton() {
  const n = state.selectedTypes.size;
  const button = $('download-selected');
  button.disabled = n === 0;
  button.textContent = n === 0 ? 'Download selected types (ZIP)'
    : `Download ${[...state.selectedTypes].map((t) => typeInfo(t).label).join(', ')} (ZIP)`;
}

// ------------------------------------------------------------------------------------------- the tree

/** Groups artifacts by type (in TYPES order, unknown types last) and nests each group's paths as folders. */
function groupArtifacts(artifacts) {
  const groups = new Map();
  for (const a of artifacts) {
    if (!groups.has(a.type)) groups.set(a.type, []);
    groups.get(a.type).push(a);
  }
  const order = (t) => { const i = TYPES.findIndex((x) => x.type === t); return i < 0 ? TYPES.length : i; };
  return [...groups.entries()].sort((x, y) => order(x[0]) - order(y[0]) || (x[0] < y[0] ? -1 : 1));
}

function buildTree(artifacts, info) {
  const root = { name: '', folder: info.folder, folders: new Map(), files: [] };
  for (const a of artifacts) {
    const inside = a.type === 'readme' ? a.path : a.path.slice(a.path.indexOf('/') + 1);
    const segments = inside.split('/');
    let node = root;
    for (const segment of segments.slice(0, -1)) {
      if (!node.folders.has(segment)) {
        node.folders.set(segment, { name: segment, folder: node.folder ? `${node.folder}/${segment}` : segment, folders: new Map(), files: [] });
      }
      node = node.folders.get(segment);
    }
    node.files.push(a);
  }
  return root;
}

function renderTree() {
  const container = $('artifacts-tree');
  if (!state.artifacts.length) {
    container.replaceChildren();
    show('artifacts-state', emptyState('No artifacts generated yet.',
      canWrite() ? h('p', { class: 'hint' }, 'Drop files here or use “Upload…” to add some.') : null));
    return;
  }
  show('artifacts-state');
  const present = new Set(state.artifacts.map((a) => a.type));
  for (const t of [...state.selectedTypes]) if (!present.has(t)) state.selectedTypes.delete(t);
  updateSelectedTypesButton();
  const sections = groupArtifacts(state.artifacts).map(([type, artifacts]) => {
    const info = typeInfo(type);
    const total = artifacts.reduce((sum, a) => sum + a.size, 0);
    const headingId = `type-${type}`;
    const checkbox = h('input', {
      type: 'checkbox', class: 'type-select', value: type, checked: state.selectedTypes.has(type),
      onchange: (e) => {
        if (e.target.checked) state.selectedTypes.add(type); else state.selectedTypes.delete(type);
        updateSelectedTypesButton();
      },
    });
    return h('section', { class: 'type-group card', 'aria-labelledby': headingId, dataset: { type, folder: info.folder } },
      h('div', { class: 'type-head', dataset: { folder: info.folder } },
        h('span', { class: `badge t-${type}`, 'aria-hidden': 'true' }, info.badge),
        h('h2', { id: headingId }, info.label),
        h('span', { class: 'type-total' }, `${artifacts.length} ${artifacts.length === 1 ? 'file' : 'files'} · `,
          h('span', { title: bytesText(total) }, humanSize(total))),
        h('label', { class: 'check type-check' }, checkbox, 'Include in ZIP', h('span', { class: 'visually-hidden' }, `: ${info.label}`))),
      h('ul', { class: 'tree', role: 'list' }, renderNode(buildTree(artifacts, info), 0)));
  });
  container.replaceChildren(...sections);
  markSelected();
}

function renderNode(node, depth) {
  const items = [];
  for (const folder of [...node.folders.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    items.push(h('li', { class: 'folder', dataset: { folder: folder.folder } },
      h('details', { open: true },
        h('summary', { style: null }, icon('folder'), h('span', { class: 'folder-name' }, `${folder.name}/`),
          h('span', { class: 'visually-hidden' }, ` folder, ${countFiles(folder)} files`)),
        h('ul', { class: 'tree', role: 'list' }, renderNode(folder, depth + 1)))));
  }
  for (const a of node.files) items.push(renderFile(a));
  return items;
}

function countFiles(node) {
  let n = node.files.length;
  for (const f of node.folders.values()) n += countFiles(f);
  return n;
}

function renderFile(a) {
  const name = fileName(a.path);
  return h('li', { class: 'file', dataset: { path: a.path, sha256: a.sha256, size: a.size } },
    h('a', { class: 'file-open', href: fileHash(state.session.session_id, a.path), title: `Preview ${a.path}` },
      icon('file'), h('span', { class: 'file-name' }, name)),
    h('span', { class: 'file-size', title: bytesText(a.size) }, humanSize(a.size)),
    h('span', { class: 'file-date' }, timeEl(a.created_at)),
    h('button', {
      type: 'button', class: 'sha', title: `SHA-256 ${a.sha256} (click to copy)`,
      'aria-label': `${a.sha256.slice(0, 8)}: copy SHA-256 of ${name}`, onclick: (e) => copySha(a, e.currentTarget),
    }, icon('copy'), h('span', { class: 'mono' }, a.sha256.slice(0, 8))),
    h('button', {
      type: 'button', class: 'icon-button', 'aria-label': `Download ${name}`, title: `Download ${name}`,
      onclick: () => downloadFile(a),
    }, icon('download')));
}

async function copySha(a, button) {
  const ok = await copyText(a.sha256);
  const label = button.querySelector('.mono');
  const old = label.textContent;
  label.textContent = ok ? 'copied' : 'copy failed';
  announce(ok ? `SHA-256 of ${fileName(a.path)} copied.` : 'The SHA-256 could not be copied; it is in the preview panel.');
  setTimeout(() => { label.textContent = old; }, 1500);
}

function markSelected() {
  for (const li of document.querySelectorAll('#artifacts-tree li.file')) {
    const selected = li.dataset.path === state.selectedPath;
    li.classList.toggle('selected', selected);
    const link = li.querySelector('.file-open');
    if (selected) link.setAttribute('aria-current', 'true'); else link.removeAttribute('aria-current');
  }
}

// ------------------------------------------------------------------------------------------- transfers

let transferTimer = null;

/** Shows a transfer's progress (fraction 0..1, or null when unknown); a finished one fades after a while. */
function transfer(text, fraction) {
  clearTimeout(transferTimer);
  $('transfer').hidden = text === null;
  if (text === null) return;
  if (fraction === 1) transferTimer = setTimeout(() => { $('transfer').hidden = true; }, 10_000);
  $('transfer-text').textContent = text;
  const bar = $('transfer-progress');
  if (fraction === null || fraction === undefined) bar.removeAttribute('value'); else bar.value = Math.round(fraction * 100);
}

async function downloadFile(a) {
  const name = fileName(a.path);
  transfer(`Downloading ${name}…`, 0);
  try {
    const response = await api(`api/artifacts/download/${state.session.session_id}/${encodePath(a.path)}`);
    const blob = await readBlob(response, (got, total) => transfer(`Downloading ${name}… ${humanSize(got)}`, total ? got / total : null));
    saveBlob(blob, name);
    transfer(`Downloaded ${name} (${humanSize(blob.size)}).`, 1);
    announce(`Downloaded ${name}.`);
  } catch (e) {
    transfer(null);
    showTransferError(`${name} could not be downloaded`, e);
  }
}

async function downloadBundle(types) {
  const id = state.session.session_id;
  const query = types.length ? `?${types.map((t) => `type=${encodeURIComponent(t)}`).join('&')}` : '';
  const fallback = types.length ? `artifacts-${id}-${types.join('-')}.zip` : `artifacts-${id}.zip`;
  transfer('Preparing ZIP…', null);
  try {
    const response = await api(`api/artifacts/bundle/${id}${query}`);
    const blob = await readBlob(response, (got) => transfer(`Downloading ZIP… ${humanSize(got)}`, null));
    const name = types.length ? fallback : filenameFrom(response, fallback);
    saveBlob(blob, name);
    transfer(`Downloaded ${name} (${humanSize(blob.size)}).`, 1);
    announce(`Downloaded ${name}.`);
  } catch (e) {
    transfer(null);
    showTransferError('The ZIP could not be downloaded', e);
  }
}

function showTransferError(what, e) {
  const box = errorState(`${what}.`, e);
  box.classList.add('transfer-error');
  const close = h('button', { type: 'button', class: 'button small', onclick: () => box.remove() }, 'Dismiss');
  box.append(close);
  document.querySelector('.session-head').append(box);
}

// ------------------------------------------------------------------------------------------- preview

function selectFile(path) {
  state.selectedPath = path;
  markSelected();
  const a = path && state.artifacts.find((x) => x.path === path);
  if (path && !a && state.artifacts.length) {
    renderPreview(null);
    $('preview-placeholder').replaceChildren(errorState('No such file.', new ApiError(404, 'Not found', `This session has no file ${path}.`)));
    return;
  }
  renderPreview(a || null);
  if (a && state.focusPreview) {
    // Opened by the person (not by a reload): take focus and the eye to the preview, below the tree on narrow screens.
    const title = $('preview-title');
    const stacked = window.matchMedia('(max-width: 1179px)').matches;
    title.focus({ preventScroll: !stacked });
  }
  state.focusPreview = false;
}

function previewKind(a) {
  const name = fileName(a.path).toLowerCase();
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  if (['md', 'markdown'].includes(ext)) return 'markdown';
  if (ext === 'svg') return 'svg';
  if (['png', 'jpg', 'jpeg', 'gif', 'webp'].includes(ext)) return 'image';
  if (ext === 'pdf') return 'pdf';
  if (ext === 'csv') return 'csv';
  if (languageOf(a)) return 'code';
  if ((a.mime_type || '').startsWith('text/')) return 'code';
  return 'none';
}

function languageOf(a) {
  const name = fileName(a.path).toLowerCase();
  if (/^requirements.*\.txt$/.test(name)) return 'pip-requirements';
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
  return {
    tf: 'hcl', tfvars: 'hcl', hcl: 'hcl', yaml: 'yaml', yml: 'yaml', json: 'json', template: 'yaml',
    py: 'python', txt: 'plaintext', sh: 'bash', bash: 'bash', js: 'javascript', ts: 'typescript',
    xml: 'xml', ini: 'ini', cfg: 'ini', toml: 'ini', sql: 'sql', go: 'go', java: 'java', makefile: 'makefile',
  }[ext] || null;
}

function renderPreview(a) {
  if (state.previewAbort) state.previewAbort.abort();
  state.previewAbort = null;
  revokePreviewUrls();
  $('preview-placeholder').hidden = !!a;
  $('preview-view').hidden = !a;
  if (!a) {
    $('preview-placeholder').replaceChildren(
      h('h2', { class: 'visually-hidden' }, 'Preview'),
      h('p', {}, 'Select a file to preview it, download it or copy a link to it.'));
    return;
  }
  const info = typeInfo(a.type);
  $('preview-title').replaceChildren(h('span', { class: `badge t-${a.type}`, 'aria-hidden': 'true' }, info.badge), ' ', fileName(a.path));
  $('preview-path').textContent = a.path;
  const facts = [
    ['Type', info.label],
    ['Size', h('span', {}, `${humanSize(a.size)} (${bytesText(a.size)})`)],
    ['Created', timeEl(a.created_at)],
    ['Media type', a.mime_type],
    ['SHA-256', h('span', { class: 'sha-full' },
      h('code', { class: 'mono', id: 'preview-sha' }, a.sha256),
      h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Copy SHA-256', title: 'Copy SHA-256', onclick: async (e) => {
        const ok = await copyText(a.sha256);
        announce(ok ? 'SHA-256 copied.' : 'Copy failed: select the hash and copy it.');
        e.currentTarget.classList.add(ok ? 'done' : 'failed');
      } }, icon('copy')))],
  ];
  if (a.metadata && Object.keys(a.metadata).length) facts.push(['Metadata', h('code', { class: 'mono' }, JSON.stringify(a.metadata))]);
  const wide = new Set(['SHA-256', 'Metadata']);
  $('preview-facts').replaceChildren(...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { class: wide.has(k) ? 'wide' : null }, v)]));
  $('file-delete').hidden = !canWrite();
  $('link-result').hidden = true;
  $('file-download').onclick = () => downloadFile(a);
  $('file-link').onclick = () => copyLink(a);
  $('file-delete').onclick = () => deleteFile(a);
  loadPreview(a);
}

let previewUrls = [];

function blobUrl(blob) {
  const url = URL.createObjectURL(blob);
  previewUrls.push(url);
  return url;
}

function revokePreviewUrls() {
  previewUrls.forEach((u) => URL.revokeObjectURL(u));
  previewUrls = [];
}

async function loadPreview(a) {
  const body = $('preview-body');
  const kind = previewKind(a);
  if (kind === 'none') {
    body.replaceChildren(emptyState(`No preview for ${a.mime_type || 'this kind of file'}; download it instead.`));
    return;
  }
  const controller = new AbortController();
  state.previewAbort = controller;
  body.replaceChildren(loadingState(`Loading preview of ${fileName(a.path)}…`));
  const url = `api/artifacts/download/${state.session.session_id}/${encodePath(a.path)}?disposition=inline`;
  try {
    let content;
    if (kind === 'image' || kind === 'svg' || kind === 'pdf') {
      if (a.size > MEDIA_PREVIEW_MAX) {
        body.replaceChildren(emptyState(`This file is ${humanSize(a.size)}, too large to preview here; download it instead.`));
        return;
      }
      const bytes = await (await api(url, { signal: controller.signal })).arrayBuffer();
      content = mediaPreview(a, kind, bytes);
    } else {
      const truncated = a.size > TEXT_PREVIEW_BYTES;
      const headers = truncated ? { Range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` } : {};
      const bytes = await (await api(url, { signal: controller.signal, headers })).arrayBuffer();
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
    body.replaceChildren(...[content].flat(3));
  } catch (e) {
    if (e.name === 'AbortError') return;
    body.replaceChildren(errorState(`The preview of ${fileName(a.path)} could not be loaded.`, e, () => loadPreview(a)));
  }
}

function mediaPreview(a, kind, bytes) {
  const type = kind === 'svg' ? 'image/svg+xml' : kind === 'pdf' ? 'application/pdf' : (a.mime_type || 'application/octet-stream');
  const url = blobUrl(new Blob([bytes], { type }));
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
  const language = languageOf(a) || 'plaintext';
  const code = h('code', { class: `hljs language-${language}` });
  if (window.hljs && hljs.getLanguage(language)) {
    code.innerHTML = hljs.highlight(text, { language, ignoreIllegals: true }).value; // escaped by highlight.js
  } else {
    code.textContent = text;
  }
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return [
    h('p', { class: 'code-meta' }, `${numberFormat.format(lines)} ${lines === 1 ? 'line' : 'lines'} · ${languageLabel(language)}`),
    h('pre', { class: 'code', tabindex: '0', 'aria-label': `Contents of ${a.path}` }, code),
  ];
}

function languageLabel(language) {
  return { hcl: 'Terraform (HCL)', 'pip-requirements': 'pip requirements', yaml: 'YAML', json: 'JSON', python: 'Python', plaintext: 'plain text' }[language] || language;
}

async function markdownPreview(a, text) {
  const html = window.marked ? marked.parse(text, { async: false, gfm: true }) : null;
  const article = h('article', { class: 'markdown', 'aria-label': `Rendered ${a.path}` });
  if (html === null || !window.DOMPurify) {
    article.append(h('pre', {}, text));
    return article;
  }
  // Sanitised: no script, no event handlers, no javascript: URLs, no forms; then links and images fixed up.
  article.innerHTML = DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input'] });
  const dir = a.path.includes('/') ? a.path.slice(0, a.path.lastIndexOf('/') + 1) : '';
  for (const link of article.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href');
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) {
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
    } else if (!href.startsWith('#')) {
      const target = resolvePath(dir, href.split('#')[0]);
      if (target && state.artifacts.some((x) => x.path === target)) link.href = fileHash(state.session.session_id, target);
    }
  }
  for (const code of article.querySelectorAll('pre code')) {
    if (window.hljs) hljs.highlightElement(code);
  }
  // Images that are files of this session are fetched with the token; other remote images are not loaded.
  const images = [...article.querySelectorAll('img')];
  await Promise.all(images.map(async (img) => {
    const src = img.getAttribute('src') || '';
    if (src.startsWith('data:')) return;
    img.removeAttribute('src');
    const target = /^[a-z][a-z0-9+.-]*:|^\/\//i.test(src) ? null : resolvePath(dir, src);
    const artifact = target && state.artifacts.find((x) => x.path === target);
    if (!artifact) {
      img.replaceWith(h('span', { class: 'notice' }, `[image not shown: ${img.getAttribute('alt') || src}]`));
      return;
    }
    try {
      const bytes = await (await api(`api/artifacts/download/${state.session.session_id}/${encodePath(target)}`)).arrayBuffer();
      const type = target.endsWith('.svg') ? 'image/svg+xml' : artifact.mime_type;
      img.src = blobUrl(new Blob([bytes], { type }));
    } catch {
      img.replaceWith(h('span', { class: 'notice' }, `[image ${target} could not be loaded]`));
    }
  }));
  return article;
}

function resolvePath(dir, relative) {
  let decoded;
  try { decoded = decodeURIComponent(relative.split('?')[0]); } catch { return null; }
  const out = [];
  for (const segment of (dir + decoded).split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') { if (!out.length) return null; out.pop(); } else out.push(segment);
  }
  return out.join('/');
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
function parseCsv(text, maxRows) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
      if (rows.length > maxRows) return { rows, more: true };
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return { rows, more: false };
}

function csvPreview(a, text, truncated) {
  const { rows, more } = parseCsv(text, CSV_PREVIEW_ROWS);
  if (truncated && rows.length > 1 && !more) rows.pop(); // the last row may be cut off
  if (!rows.length) return emptyState('This CSV file is empty.');
  const [head, ...body] = rows;
  const shown = body.slice(0, CSV_PREVIEW_ROWS);
  const numeric = head.map((_, i) => shown.length > 0 && shown.every((r) => r[i] === undefined || r[i] === '' || /^-?[\d.,]+%?$/.test(r[i])));
  const table = h('table', { class: 'csv' },
    h('caption', {}, `${fileName(a.path)}: ${shown.length} ${shown.length === 1 ? 'row' : 'rows'}${more || truncated ? ' (first part)' : ''}`),
    h('thead', {}, h('tr', {}, head.map((c, i) => h('th', { scope: 'col', class: numeric[i] ? 'num' : null }, c)))),
    h('tbody', {}, shown.map((r) => h('tr', {}, head.map((_, i) => h('td', { class: numeric[i] ? 'num' : null }, r[i] ?? ''))))));
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `Table ${a.path}` }, table);
}

// ------------------------------------------------------------------------------------------- links

async function copyLink(a) {
  const seconds = Number($('link-expiry').value);
  const label = $('link-expiry').selectedOptions[0].textContent;
  const result = $('link-result');
  const status = $('link-status');
  result.hidden = false;
  status.textContent = 'Creating link…';
  $('link-url').value = '';
  try {
    const link = await apiJson(`api/artifacts/download-url/${state.session.session_id}/${encodePath(a.path)}?expires_in=${seconds}`);
    $('link-url').value = link.download_url;
    const ok = await copyText(link.download_url, $('link-url'));
    const until = dateFormat.format(new Date(link.expires_at));
    status.textContent = `${ok ? 'Copied to the clipboard.' : 'Select the link and copy it.'} Valid for ${label}, until ${until}; anyone with it can download this file.`;
    announce(ok ? `Link copied, valid for ${label}.` : 'Link created; select it and copy it.');
  } catch (e) {
    status.textContent = '';
    result.hidden = true;
    showTransferError('No link could be made', e);
  }
}

// ------------------------------------------------------------------------------------------- delete

function confirmDialog(title, text, okLabel) {
  const dialog = $('confirm-dialog');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = okLabel;
  dialog.returnValue = '';
  dialog.showModal();
  $('confirm-cancel').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}

async function deleteFile(a) {
  const ok = await confirmDialog(`Delete ${fileName(a.path)}?`,
    `${a.path} (${humanSize(a.size)}) is removed from this session and from storage. This cannot be undone.`, 'Delete');
  if (!ok) { $('file-delete').focus(); return; }
  try {
    await api(`api/artifacts/${state.session.session_id}/${encodePath(a.path)}`, { method: 'DELETE' });
    announce(`Deleted ${a.path}.`);
    state.selectedPath = null;
    await reloadArtifacts(null);
    $('session-title').focus();
  } catch (e) {
    showTransferError(`${a.path} could not be deleted`, e);
  }
}

// ------------------------------------------------------------------------------------------- upload

/** PUT with upload progress (fetch() cannot report it); resolves to {status, body}. */
function putWithProgress(url, file, headers, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('Authorization', `Bearer ${state.token}`);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
    xhr.onerror = () => reject(new ApiError(0, 'Network error', 'The upload did not reach the service.'));
    xhr.send(file);
  });
}

function problemFromText(status, text) {
  try {
    const p = JSON.parse(text);
    return new ApiError(status, p.title || `HTTP ${status}`, p.detail || '');
  } catch {
    return new ApiError(status, `HTTP ${status}`, `The service answered ${status}.`);
  }
}

function normaliseFolder(folder) {
  return folder.trim().replace(/^\/+|\/+$/g, '').replace(/\/{2,}/g, '/');
}

/**
 * Uploads files into a folder one after another, showing progress through report(text, fraction).
 * Existing paths are replaced only when replace is true; otherwise the person is asked.
 * Returns the paths uploaded; throws the first failure.
 */
async function uploadFiles(files, folder, replace, report) {
  const done = [];
  for (const [i, file] of files.entries()) {
    const path = folder ? `${folder}/${file.name}` : file.name;
    const url = `api/artifacts/upload/${state.session.session_id}/${encodePath(path)}`;
    const prefix = files.length > 1 ? `(${i + 1}/${files.length}) ` : '';
    const exists = state.artifacts.some((x) => x.path === path);
    let overwrite = replace;
    if (exists && !overwrite) {
      overwrite = await confirmDialog(`Replace ${file.name}?`, `${path} already exists in this session. Replace it with the file you chose (${humanSize(file.size)})?`, 'Replace');
      if (!overwrite) continue;
    }
    const headers = overwrite ? {} : { 'If-None-Match': '*' };
    report(`${prefix}Uploading ${path}… 0%`, 0);
    const answer = await putWithProgress(url, file, headers, (f) => report(`${prefix}Uploading ${path}… ${Math.round(f * 100)}%`, f));
    if (answer.status !== 200 && answer.status !== 201) {
      const error = problemFromText(answer.status, answer.body);
      if (answer.status === 412) error.detail = `${path} already exists; tick “Replace files that already exist” to replace it.`;
      error.path = path;
      throw error;
    }
    done.push(path);
    report(`${prefix}Uploaded ${path}.`, 1);
  }
  return done;
}

let droppedFiles = null;

function openUploadDialog(folder, files) {
  const dialog = $('upload-dialog');
  $('upload-folder').value = folder ?? (state.selectedPath && state.selectedPath.includes('/')
    ? state.selectedPath.slice(0, state.selectedPath.lastIndexOf('/')) : '');
  $('upload-folders').replaceChildren(...knownFolders().map((f) => h('option', { value: f })));
  $('upload-files').value = '';
  droppedFiles = files || null;
  $('upload-dropped').hidden = !droppedFiles;
  $('upload-dropped').textContent = droppedFiles ? `Dropped: ${droppedFiles.map((f) => f.name).join(', ')}` : '';
  $('upload-error').hidden = true;
  $('upload-progress').hidden = true;
  $('upload-submit').disabled = false;
  dialog.showModal();
  (droppedFiles ? $('upload-folder') : $('upload-files')).focus();
}

function knownFolders() {
  const folders = new Set(TYPES.filter((t) => t.folder).map((t) => t.folder));
  for (const a of state.artifacts) {
    const parts = a.path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  return [...folders].sort();
}

async function submitUpload(event) {
  event.preventDefault();
  const files = droppedFiles || [...$('upload-files').files];
  const error = $('upload-error');
  error.hidden = true;
  if (!files.length) {
    error.textContent = 'Choose at least one file.';
    error.hidden = false;
    $('upload-files').focus();
    return;
  }
  const folder = normaliseFolder($('upload-folder').value);
  $('upload-submit').disabled = true;
  $('upload-progress').hidden = false;
  const report = (text, fraction) => {
    $('upload-progress-text').textContent = text;
    $('upload-progress-bar').value = Math.round(fraction * 100);
  };
  try {
    const done = await uploadFiles(files, folder, $('upload-replace').checked, report);
    $('upload-dialog').close();
    if (done.length) {
      announce(`Uploaded ${done.length} ${done.length === 1 ? 'file' : 'files'}.`);
      await reloadArtifacts(done[done.length - 1]);
    }
  } catch (e) {
    error.textContent = `${e.path ? `${e.path}: ` : ''}${e.detail || e.message}`;
    error.hidden = false;
    $('upload-submit').disabled = false;
    await reloadArtifacts();
  }
}

// Drag and drop: a folder of the tree (or a type's heading) is the target; elsewhere the dialog asks.
function dropTarget(event) {
  return event.target.closest && event.target.closest('[data-folder]');
}

function setupDragAndDrop() {
  const pane = $('tree-pane');
  const hasFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  pane.addEventListener('dragover', (e) => {
    if (!hasFiles(e) || !canWrite() || !state.session) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    const target = dropTarget(e);
    for (const el of pane.querySelectorAll('.drop-target')) if (el !== target) el.classList.remove('drop-target');
    pane.classList.toggle('drop-anywhere', !target);
    if (target) target.classList.add('drop-target');
  });
  pane.addEventListener('dragleave', (e) => {
    if (!pane.contains(e.relatedTarget)) {
      pane.classList.remove('drop-anywhere');
      for (const el of pane.querySelectorAll('.drop-target')) el.classList.remove('drop-target');
    }
  });
  pane.addEventListener('drop', async (e) => {
    if (!hasFiles(e) || !canWrite() || !state.session) return;
    e.preventDefault();
    pane.classList.remove('drop-anywhere');
    for (const el of pane.querySelectorAll('.drop-target')) el.classList.remove('drop-target');
    const files = [...e.dataTransfer.files];
    if (!files.length) return;
    const target = dropTarget(e);
    if (!target) { openUploadDialog(null, files); return; }
    const folder = target.dataset.folder;
    try {
      const done = await uploadFiles(files, folder, false, (text, f) => transfer(text, f));
      if (done.length) {
        announce(`Uploaded ${done.length} ${done.length === 1 ? 'file' : 'files'} to ${folder || 'the top folder'}.`);
        await reloadArtifacts(done[done.length - 1]);
      }
    } catch (err) {
      transfer(null);
      showTransferError(`Upload to ${folder || 'the top folder'} failed`, err);
      await reloadArtifacts();
    }
  });
}

// ------------------------------------------------------------------------------------------- grammars

/** Terraform / HCL, which highlight.js's common bundle lacks. */
function hclLanguage(hljs) {
  const interpolation = { className: 'subst', begin: /\$\{/, end: /\}/, keywords: 'for in if else' };
  return {
    name: 'HCL',
    aliases: ['terraform', 'tf'],
    keywords: {
      keyword: 'resource data variable output module provider terraform locals moved import check dynamic content for in if else for_each count depends_on lifecycle',
      literal: 'true false null',
      type: 'string number bool list map set object tuple any',
    },
    contains: [
      hljs.HASH_COMMENT_MODE,
      hljs.C_LINE_COMMENT_MODE,
      hljs.C_BLOCK_COMMENT_MODE,
      { className: 'string', begin: /<<-?\s*([A-Z][A-Z0-9_]*)\s*$/, end: /^\s*[A-Z][A-Z0-9_]*\s*$/, contains: [interpolation] },
      { className: 'string', begin: /"/, end: /"/, contains: [hljs.BACKSLASH_ESCAPE, interpolation] },
      { className: 'number', begin: /\b\d+(\.\d+)?\b/ },
      { className: 'attr', begin: /\b[A-Za-z_][\w-]*(?=\s*=(?!=))/ },
      { className: 'built_in', begin: /\b[a-z_][\w]*(?=\()/ },
    ],
  };
}

/** pip's requirements.txt: names, version specifiers, options, comments. */
function requirementsLanguage(hljs) {
  return {
    name: 'pip requirements',
    contains: [
      hljs.HASH_COMMENT_MODE,
      { className: 'meta', begin: /^\s*-{1,2}[\w-]+/m },
      { className: 'title', begin: /^[A-Za-z0-9][A-Za-z0-9._-]*/m },
      { className: 'operator', begin: /===|==|~=|!=|>=|<=|>|</ },
      { className: 'number', begin: /\b\d+(\.[\w]+)*\b/ },
      { className: 'string', begin: /;/, end: /$/ },
    ],
  };
}

// ------------------------------------------------------------------------------------------- start

function wire() {
  $('sign-in-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = $('token-input').value;
    if (!value.trim()) { showSignIn('Paste a token first.'); return; }
    signIn(value);
  });
  $('demo-token').addEventListener('click', useDemoToken);
  $('sign-out').addEventListener('click', () => signOut());
  $('sessions-refresh').addEventListener('click', () => loadSessions());
  $('sessions-more').addEventListener('click', () => loadSessions(true));
  $('download-all').addEventListener('click', () => downloadBundle([]));
  $('download-selected').addEventListener('click', () => downloadBundle([...state.selectedTypes]));
  $('upload-open').addEventListener('click', () => openUploadDialog());
  $('upload-form').addEventListener('submit', submitUpload);
  $('upload-cancel').addEventListener('click', () => $('upload-dialog').close());
  $('upload-files').addEventListener('change', () => {
    droppedFiles = null;
    $('upload-dropped').hidden = true;
  });
  window.addEventListener('hashchange', route);
  setupDragAndDrop();
}

async function start() {
  if (window.hljs) {
    hljs.registerLanguage('hcl', hclLanguage);
    hljs.registerLanguage('pip-requirements', requirementsLanguage);
  }
  wire();
  await loadPageConfig();
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) signIn(saved); else showSignIn();
  document.body.dataset.ready = 'true';
}

start();

// One session: its header (title, facts, ZIP buttons) and the loading of its artifacts into the tree and preview.

import { getJson } from '../api.js';
import { announce, elements, h, timeEl } from '../dom.js';
import { bytesText, count, humanSize } from '../format.js';
import { totalSize } from '../artifact-tree.js';
import { compareHash, fileHash, sessionHash, urls } from '../paths.js';
import { state } from '../state.js';
import { typeInfo } from '../types.js';
import * as preview from './preview.js';
import { renderSessions } from './sessions.js';
import { allowShare, clearShares, loadShares } from './shares.js';
import { errorState, loadingState } from './states.js';
import { downloadBundle } from './transfer.js';
import * as tree from './tree.js';
import { allowUpload } from './upload.js';

const MAX_ARTIFACTS = 100_000;

let els;

/** Looks up the header's elements and wires the ZIP buttons. */
export function init() {
  els = elements({
    none: 'session-empty', view: 'session-view', title: 'session-title', meta: 'session-meta',
    actions: 'session-actions', hint: 'selected-types-hint', all: 'download-all', selected: 'download-selected',
    compare: 'session-compare',
  });
  els.all.addEventListener('click', () => downloadBundle([]));
  els.selected.addEventListener('click', () => downloadBundle([...state.selectedTypes]));
}

/** No session open: the hint to choose one. */
export function showNone() {
  state.session = null;
  els.none.hidden = false;
  els.view.hidden = true;
  renderSessions();
}

/** Hides the session (another view, Compare sessions, is shown); its address opens it again. */
export function hide() {
  state.session = null;
  state.selectedPath = null;
  els.none.hidden = true;
  els.view.hidden = true;
  renderSessions();
}

/** Opens a session: its header at once, then its artifacts (an answer for a session since left is dropped). */
export async function openSession(sessionId) {
  const seq = ++state.loadSeq;
  state.session = state.sessions.find((s) => s.session_id === sessionId) || { session_id: sessionId, title: '' };
  state.artifacts = [];
  state.selectedPath = null;
  state.selectedTypes.clear();
  els.none.hidden = true;
  els.view.hidden = false;
  allowUpload();
  allowShare();
  clearShares();
  renderSessions();
  renderHead(false);
  preview.renderPreview(null);
  tree.clear();
  tree.showState(loadingState('Loading artifacts…'));
  try {
    const [session, artifacts] = await Promise.all([getJson(urls.session(sessionId)), listAll(sessionId)]);
    if (seq !== state.loadSeq) return;
    state.session = session;
    state.artifacts = artifacts;
    renderHead();
    tree.renderTree();
    announce(`${session.title || 'Session'}: ${count(artifacts.length, 'file', 'files')}.`);
    loadShares();
  } catch (e) {
    if (seq !== state.loadSeq) return;
    tree.showState(errorState('The artifacts of this session could not be loaded.', e, () => openSession(sessionId)));
  }
}

/** Every artifact of a session, following next_cursor. */
async function listAll(sessionId) {
  const all = [];
  let cursor = null;
  do {
    const page = await getJson(urls.list(sessionId, cursor));
    all.push(...page.artifacts);
    cursor = page.next_cursor;
  } while (cursor && all.length < MAX_ARTIFACTS);
  return all;
}

/**
 * Lists the open session's artifacts again after a change, updating counts everywhere; then selects selectPath
 * (null: nothing, as after a delete; undefined: leaves the selection alone).
 */
export async function reloadArtifacts(selectPath) {
  const sessionId = state.session.session_id;
  try {
    state.artifacts = await listAll(sessionId);
    const total = totalSize(state.artifacts);
    for (const s of [state.sessions.find((x) => x.session_id === sessionId), state.session]) {
      if (s) Object.assign(s, { artifact_count: state.artifacts.length, total_size: total });
    }
    renderSessions();
    renderHead();
    tree.renderTree();
    if (selectPath !== undefined) {
      // Show the uploaded file, or nothing after a delete, even when the address does not change.
      const target = selectPath ? fileHash(sessionId, selectPath) : sessionHash(sessionId);
      if (location.hash !== target) history.pushState(null, '', target);
      preview.selectFile(selectPath);
    }
  } catch (e) {
    tree.showState(errorState('The artifacts of this session could not be reloaded.', e, () => reloadArtifacts()));
  }
}

/** Moves focus to the session's title (after a delete, whose preview is gone). */
export function focusTitle() {
  els.title.focus();
}

/** Draws the header; its actions only once the artifacts are known (never on a loading or error screen). */
function renderHead(loaded = true) {
  const s = state.session;
  els.title.textContent = s.title || (s.created_at ? 'Untitled session' : 'Session');
  const parts = [];
  if (typeof s.artifact_count === 'number') {
    parts.push([count(s.artifact_count, 'file', 'files')]);
    parts.push([h('span', { title: bytesText(s.total_size) }, humanSize(s.total_size))]);
  }
  if (s.created_at) parts.push(['created ', timeEl(s.created_at), s.created_by ? ` by ${s.created_by}` : '']);
  parts.push([h('span', { class: 'mono' }, s.session_id)]);
  els.meta.replaceChildren(...parts.flatMap((p, i) => (i ? [' · ', ...p] : p)));
  els.actions.hidden = !loaded;
  els.hint.hidden = !loaded || !state.artifacts.length;
  els.all.disabled = !state.artifacts.length;
  els.compare.href = compareHash(s.session_id);
  updateSelectedTypesButton();
}

/** "Download Terraform, Lambda (ZIP)" for the ticked types; disabled when none is. */
export function updateSelectedTypesButton() {
  const n = state.selectedTypes.size;
  els.selected.disabled = n === 0;
  els.selected.textContent = n === 0 ? 'Download selected types (ZIP)'
    : `Download ${[...state.selectedTypes].map((t) => typeInfo(state.types, t).label).join(', ')} (ZIP)`;
}

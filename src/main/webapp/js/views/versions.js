// A file's version history in the preview panel (GET /api/artifacts/versions/...): each version's size, date and
// author, the changes from the version before it, a download of that version and, for writers, Restore.

import { getJson, postJson } from '../api.js';
import { announce, elements, h, timeEl } from '../dom.js';
import { isDiffable } from '../file-kinds.js';
import { bytesText, humanSize } from '../format.js';
import { fileName, urls } from '../paths.js';
import { state } from '../state.js';
import { canWrite } from '../token.js';
import { confirmDialog } from './dialogs.js';
import { showDiff } from './diff-view.js';
import { errorState, loadingState } from './states.js';
import { downloadFile, showTransferError } from './transfer.js';

let els;
let onRestored = async () => {};
let loading = null;     // AbortController of the history or diff being loaded
let diffOpener = null;  // the button that opened the diff, focused again when it closes

/** Looks up the section's elements; restored(path) runs after a restore (to list the artifacts again). */
export function init({ restored }) {
  els = elements({
    section: 'versions', heading: 'versions-title', state: 'versions-state', list: 'versions-list', diff: 'diff-view',
    diffTitle: 'diff-title', diffBody: 'diff-body', diffClose: 'diff-close',
  });
  onRestored = restored;
  els.diffClose.addEventListener('click', () => {
    hideDiff();
    if (diffOpener && diffOpener.isConnected) diffOpener.focus();
  });
}

function abortLoading() {
  if (loading) loading.abort();
  loading = new AbortController();
  return loading.signal;
}

function hideDiff() {
  els.diff.hidden = true;
  els.diffBody.replaceChildren();
}

/** Loads and lists artifact a's versions, newest first; null empties the section. */
export async function showVersions(a) {
  const signal = abortLoading();
  hideDiff();
  els.list.replaceChildren();
  els.section.hidden = !a;
  if (!a) return;
  els.state.replaceChildren(loadingState('Loading versions…'));
  try {
    const history = await getJson(urls.versions(state.session.session_id, a.path), { signal });
    if (signal.aborted) return;
    const versions = history.versions || [];
    els.state.replaceChildren(...(versions.length > 1 ? []
      : [h('p', { class: 'hint' }, 'Only one version so far; uploading over this file keeps it here.')]));
    els.list.replaceChildren(...versions.map((v, i) => versionItem(a, v, versions[i + 1])));
  } catch (e) {
    if (e.name === 'AbortError') return;
    els.state.replaceChildren(errorState('The versions of this file could not be loaded.', e, () => showVersions(a)));
  }
}

function action(label, detail, onclick, className = 'button small') {
  return h('button', { type: 'button', class: className, onclick }, label, h('span', { class: 'visually-hidden' }, detail));
}

function versionItem(a, v, previous) {
  return h('li', { class: `version${v.current ? ' current' : ''}`, dataset: { version: v.version } },
    h('div', { class: 'version-head' },
      h('span', { class: 'version-no' }, `Version ${v.version}`),
      v.current ? h('span', { class: 'tag' }, 'current') : null,
      h('span', { class: 'version-facts' },
        h('span', { title: bytesText(v.size) }, humanSize(v.size)), ' · ', timeEl(v.created_at),
        v.created_by ? ` · by ${v.created_by}` : '')),
    h('div', { class: 'version-actions' },
      previous && isDiffable(a.path, a.mime_type) ? action('Compare with previous', ` (version ${previous.version} to ${v.version})`,
        (e) => compare(a, previous.version, v.version, e.currentTarget), 'button small version-compare') : null,
      action('Download this version', ` (version ${v.version})`, () => downloadFile(a, v.version),
        'button small version-download'),
      canWrite(state.claims) && !v.current
        ? action('Restore', ` version ${v.version}`, (e) => restore(a, v, e.currentTarget), 'button small version-restore')
        : null));
}

async function compare(a, from, to, opener) {
  diffOpener = opener;
  const signal = abortLoading();
  els.diff.hidden = false;
  els.diffTitle.textContent = `Changes from version ${from} to version ${to}`;
  els.diffTitle.focus();
  await showDiff(els.diffBody, urls.diff(state.session.session_id, a.path, { from, to }),
    `Changes to ${a.path} from version ${from} to version ${to}`, signal);
}

async function restore(a, v, button) {
  const ok = await confirmDialog(`Restore version ${v.version} of ${fileName(a.path)}?`,
    `Its contents (${humanSize(v.size)}) become a new current version of ${a.path}. The version you replace stays in `
    + 'the history.', 'Restore');
  if (!ok) {
    button.focus();
    return;
  }
  try {
    const artifact = await postJson(urls.restore(state.session.session_id, a.path, v.version));
    announce(`Restored version ${v.version} of ${a.path} as version ${artifact.version}.`);
    await onRestored(a.path);
    els.heading.focus();
  } catch (e) {
    showTransferError(`Version ${v.version} of ${a.path} could not be restored`, e);
  }
}

// Downloads of one file or a ZIP, with their progress and failures in the session's header.

import { download } from '../api.js';
import { announce, elements, h, saveBlob } from '../dom.js';
import { humanSize } from '../format.js';
import { fileName, filenameFromDisposition, urls } from '../paths.js';
import { state } from '../state.js';
import { errorState } from './states.js';

let els;

/** Looks up the progress line and the header that shows failures. */
export function init() {
  els = elements({ box: 'transfer', text: 'transfer-text', bar: 'transfer-progress', head: 'session-head' });
}

/** Shows a transfer's progress (fraction 0..1, or null when unknown); text null hides it; a finished one fades. */
export function transfer(text, fraction) {
  clearTimeout(state.transferTimer);
  els.box.hidden = text === null;
  if (text === null) return;
  if (fraction === 1) state.transferTimer = setTimeout(() => { els.box.hidden = true; }, 10_000);
  els.text.textContent = text;
  if (fraction === null || fraction === undefined) els.bar.removeAttribute('value');
  else els.bar.value = Math.round(fraction * 100);
}

/** A dismissible error box under the session's header. */
export function showTransferError(what, e) {
  const box = errorState(`${what}.`, e);
  box.classList.add('transfer-error');
  box.append(h('button', { type: 'button', class: 'button small', onclick: () => box.remove() }, 'Dismiss'));
  els.head.append(box);
}

/** Downloads one artifact of the open session as a file: its current version, or version when given. */
export async function downloadFile(a, version = null) {
  const name = fileName(a.path);
  transfer(`Downloading ${name}${version ? ` (version ${version})` : ''}…`, 0);
  try {
    const { blob } = await download(urls.download(state.session.session_id, a.path, false, version),
      (got, total) => transfer(`Downloading ${name}… ${humanSize(got)}`, total ? got / total : null));
    saveBlob(blob, name);
    transfer(`Downloaded ${name} (${humanSize(blob.size)}).`, 1);
    announce(`Downloaded ${name}.`);
  } catch (e) {
    transfer(null);
    showTransferError(`${name} could not be downloaded`, e);
  }
}

/** Downloads the open session's ZIP: all of it, or only the given types. */
export async function downloadBundle(types) {
  const id = state.session.session_id;
  const fallback = types.length ? `artifacts-${id}-${types.join('-')}.zip` : `artifacts-${id}.zip`;
  transfer('Preparing ZIP…', null);
  try {
    const { blob, response } = await download(urls.bundle(id, types),
      (got) => transfer(`Downloading ZIP… ${humanSize(got)}`, null));
    const name = types.length ? fallback : filenameFromDisposition(response.headers.get('Content-Disposition'), fallback);
    saveBlob(blob, name);
    transfer(`Downloaded ${name} (${humanSize(blob.size)}).`, 1);
    announce(`Downloaded ${name}.`);
  } catch (e) {
    transfer(null);
    showTransferError('The ZIP could not be downloaded', e);
  }
}

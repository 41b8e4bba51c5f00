// Uploads: the upload dialog, and files dropped onto a folder of the tree (or anywhere on it, which opens the
// dialog). Writers only; each file is one PUT with progress.

import { upload } from '../api.js';
import { announce, elements, h } from '../dom.js';
import { count, humanSize } from '../format.js';
import { folderOf, joinPath, knownFolders, normaliseFolder, urls } from '../paths.js';
import { errorDetail } from '../problem.js';
import { state } from '../state.js';
import { canWrite } from '../token.js';
import { typeFolders } from '../types.js';
import { confirmDialog } from './dialogs.js';
import { showTransferError, transfer } from './transfer.js';

let els;
let onUploaded = async () => {};

/**
 * Looks up the dialog's elements and wires it and the tree pane's drag and drop; uploaded(lastPath) runs after
 * uploads (lastPath undefined after a failure, to reload what did arrive).
 */
export function init({ uploaded }) {
  els = elements({
    open: 'upload-open', dialog: 'upload-dialog', form: 'upload-form', folder: 'upload-folder',
    folders: 'upload-folders', folderHint: 'upload-folder-hint', files: 'upload-files', dropped: 'upload-dropped',
    replace: 'upload-replace', progress: 'upload-progress', progressText: 'upload-progress-text',
    progressBar: 'upload-progress-bar', error: 'upload-error', cancel: 'upload-cancel', submit: 'upload-submit',
    pane: 'tree-pane',
  });
  onUploaded = uploaded;
  els.open.addEventListener('click', () => openUploadDialog());
  els.form.addEventListener('submit', submitUpload);
  els.cancel.addEventListener('click', () => els.dialog.close());
  els.files.addEventListener('change', () => {
    state.droppedFiles = null;
    els.dropped.hidden = true;
  });
  setupDragAndDrop();
}

/** Says in the dialog which folders set which type (from the server's types). */
export function describeTypes() {
  const folders = typeFolders(state.types);
  const topLevel = state.types.filter((t) => !t.folder).map((t) => t.label);
  if (!folders.length) return;
  const list = folders.length > 1 ? `${folders.slice(0, -1).join(', ')} or ${folders[folders.length - 1]}` : folders[0];
  els.folderHint.replaceChildren(`The first folder sets the type: ${list}.`,
    ...(topLevel.length ? [` Leave it empty for a ${topLevel.join(' or ')} (`, h('code', {}, '*.md'), ') at the top.'] : []));
}

/** Shows or hides Upload… as the token allows. */
export function allowUpload() {
  els.open.hidden = !canWrite(state.claims);
}

/** Opens the dialog for folder (default: the selected file's), with files already dropped, if any. */
export function openUploadDialog(folder, files) {
  els.folder.value = folder ?? (state.selectedPath ? folderOf(state.selectedPath) : '');
  els.folders.replaceChildren(...knownFolders(state.artifacts, typeFolders(state.types)).map((f) => h('option', { value: f })));
  els.files.value = '';
  state.droppedFiles = files || null;
  els.dropped.hidden = !state.droppedFiles;
  els.dropped.textContent = state.droppedFiles ? `Dropped: ${state.droppedFiles.map((f) => f.name).join(', ')}` : '';
  els.error.hidden = true;
  els.progress.hidden = true;
  els.submit.disabled = false;
  els.dialog.showModal();
  (state.droppedFiles ? els.folder : els.files).focus();
}

/**
 * Uploads files into folder one after another, reporting report(text, fraction). Existing paths are replaced only
 * when replace is true; otherwise the person is asked. Returns the paths uploaded; throws the first failure, with
 * its path.
 */
async function uploadFiles(files, folder, replace, report) {
  const done = [];
  for (const [i, file] of files.entries()) {
    const path = joinPath(folder, file.name);
    const prefix = files.length > 1 ? `(${i + 1}/${files.length}) ` : '';
    let overwrite = replace;
    if (!overwrite && state.artifacts.some((x) => x.path === path)) {
      overwrite = await confirmDialog(`Replace ${file.name}?`,
        `${path} already exists in this session. Replace it with the file you chose (${humanSize(file.size)})?`, 'Replace');
      if (!overwrite) continue;
    }
    report(`${prefix}Uploading ${path}… 0%`, 0);
    try {
      await upload(urls.upload(state.session.session_id, path), file, overwrite ? {} : { 'If-None-Match': '*' },
        (f) => report(`${prefix}Uploading ${path}… ${Math.round(f * 100)}%`, f));
    } catch (error) {
      if (error.status === 412) error.detail = `${path} already exists; tick “Replace files that already exist” to replace it.`;
      error.path = path;
      throw error;
    }
    done.push(path);
    report(`${prefix}Uploaded ${path}.`, 1);
  }
  return done;
}

async function submitUpload(event) {
  event.preventDefault();
  const files = state.droppedFiles || [...els.files.files];
  els.error.hidden = true;
  if (!files.length) {
    els.error.textContent = 'Choose at least one file.';
    els.error.hidden = false;
    els.files.focus();
    return;
  }
  const folder = normaliseFolder(els.folder.value);
  els.submit.disabled = true;
  els.progress.hidden = false;
  const report = (text, fraction) => {
    els.progressText.textContent = text;
    els.progressBar.value = Math.round(fraction * 100);
  };
  try {
    const done = await uploadFiles(files, folder, els.replace.checked, report);
    els.dialog.close();
    if (done.length) {
      announce(`Uploaded ${count(done.length, 'file', 'files')}.`);
      await onUploaded(done[done.length - 1]);
    }
  } catch (e) {
    els.error.textContent = `${e.path ? `${e.path}: ` : ''}${errorDetail(e)}`;
    els.error.hidden = false;
    els.submit.disabled = false;
    await onUploaded(undefined);
  }
}

// Drag and drop: a folder of the tree (or a type's heading) is the target; elsewhere the dialog asks.
function dropTarget(event) {
  return event.target.closest ? event.target.closest('[data-folder]') : null;
}

function clearDropMarks() {
  els.pane.classList.remove('drop-anywhere');
  for (const el of els.pane.querySelectorAll('.drop-target')) el.classList.remove('drop-target');
}

function setupDragAndDrop() {
  const pane = els.pane;
  const accepts = (e) => e.dataTransfer && [...e.dataTransfer.types].includes('Files') && canWrite(state.claims) && state.session;
  pane.addEventListener('dragover', (e) => {
    if (!accepts(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    const target = dropTarget(e);
    for (const el of pane.querySelectorAll('.drop-target')) if (el !== target) el.classList.remove('drop-target');
    pane.classList.toggle('drop-anywhere', !target);
    if (target) target.classList.add('drop-target');
  });
  pane.addEventListener('dragleave', (e) => {
    if (!pane.contains(e.relatedTarget)) clearDropMarks();
  });
  pane.addEventListener('drop', async (e) => {
    if (!accepts(e)) return;
    e.preventDefault();
    clearDropMarks();
    const files = [...e.dataTransfer.files];
    if (!files.length) return;
    const target = dropTarget(e);
    if (!target) {
      openUploadDialog(null, files);
      return;
    }
    const folder = target.dataset.folder;
    try {
      const done = await uploadFiles(files, folder, false, (text, f) => transfer(text, f));
      if (done.length) {
        announce(`Uploaded ${count(done.length, 'file', 'files')} to ${folder || 'the top folder'}.`);
        await onUploaded(done[done.length - 1]);
      }
    } catch (err) {
      transfer(null);
      showTransferError(`Upload to ${folder || 'the top folder'} failed`, err);
      await onUploaded(undefined);
    }
  });
}

// The artifact tree: the open session's files grouped by type, each group a tree of folders.

import { groupArtifacts, buildTree, countFiles, groupFolder, sortedFolders, totalSize } from '../artifact-tree.js';
import { announce, copyText, elements, h, icon, timeEl } from '../dom.js';
import { bytesText, count, humanSize } from '../format.js';
import { fileHash, fileName } from '../paths.js';
import { state } from '../state.js';
import { canWrite } from '../token.js';
import { typeInfo } from '../types.js';
import { downloadFile } from './transfer.js';
import { emptyState } from './states.js';

let els;
let onTypesChanged = () => {};

/** Looks up the tree's elements; typesChanged runs when a type is ticked or unticked for the ZIP. */
export function init({ typesChanged }) {
  els = elements({ state: 'artifacts-state', tree: 'artifacts-tree' });
  onTypesChanged = typesChanged;
}

/** Shows a loading or error box instead of the tree (none: just the tree). */
export function showState(...boxes) {
  els.state.replaceChildren(...boxes);
}

/** Removes the tree. */
export function clear() {
  els.tree.replaceChildren();
}

/** Draws the open session's artifacts; unticks types that are gone. */
export function renderTree() {
  if (!state.artifacts.length) {
    els.tree.replaceChildren();
    showState(emptyState('No artifacts generated yet.',
      canWrite(state.claims) ? h('p', { class: 'hint' }, 'Drop files here or use “Upload…” to add some.') : null));
    return;
  }
  showState();
  const present = new Set(state.artifacts.map((a) => a.type));
  for (const t of [...state.selectedTypes]) if (!present.has(t)) state.selectedTypes.delete(t);
  onTypesChanged();
  els.tree.replaceChildren(...groupArtifacts(state.artifacts, state.types).map(([type, artifacts]) => typeGroup(type, artifacts)));
  markSelected();
}

function typeGroup(type, artifacts) {
  const info = typeInfo(state.types, type);
  const folder = groupFolder(artifacts, info.folder);
  const total = totalSize(artifacts);
  const headingId = `type-${type}`;
  const checkbox = h('input', {
    type: 'checkbox', class: 'type-select', value: type, checked: state.selectedTypes.has(type),
    onchange: (e) => {
      if (e.target.checked) state.selectedTypes.add(type); else state.selectedTypes.delete(type);
      onTypesChanged();
    },
  });
  return h('section', { class: 'type-group card', 'aria-labelledby': headingId, dataset: { type, folder } },
    h('div', { class: 'type-head', dataset: { folder } },
      h('span', { class: `badge t-${type}`, 'aria-hidden': 'true' }, info.badge),
      h('h2', { id: headingId }, info.label),
      h('span', { class: 'type-total' }, `${count(artifacts.length, 'file', 'files')} · `,
        h('span', { title: bytesText(total) }, humanSize(total))),
      h('label', { class: 'check type-check' }, checkbox, 'Include in ZIP', h('span', { class: 'visually-hidden' }, `: ${info.label}`))),
    h('ul', { class: 'tree', role: 'list' }, renderNode(buildTree(artifacts, folder))));
}

/**
 * The list items of a tree node (artifact-tree.js buildTree): its folders, open, as <details> a keyboard can fold,
 * then its files drawn by fileItem(entry).
 */
export function renderNode(node, fileItem = renderFile) {
  const items = sortedFolders(node).map((folder) => h('li', { class: 'folder', dataset: { folder: folder.folder } },
    h('details', { open: true },
      h('summary', {}, icon('folder'), h('span', { class: 'folder-name' }, `${folder.name}/`),
        h('span', { class: 'visually-hidden' }, ` folder, ${countFiles(folder)} files`)),
      h('ul', { class: 'tree', role: 'list' }, renderNode(folder, fileItem)))));
  return [...items, ...node.files.map((f) => fileItem(f))];
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

/** Highlights the selected file's row (state.selectedPath). */
export function markSelected() {
  for (const li of els.tree.querySelectorAll('li.file')) {
    const selected = li.dataset.path === state.selectedPath;
    li.classList.toggle('selected', selected);
    const link = li.querySelector('.file-open');
    if (selected) link.setAttribute('aria-current', 'true'); else link.removeAttribute('aria-current');
  }
}

// Compare sessions (#/compare/{a}/{b}): two sessions of the organization picked, GET /api/sessions/{a}/compare/{b}
// drawn as the artifact tree with each path marked added, removed or changed, and a changed path's diff
// (?against_session) beside it.

import { getJson } from '../api.js';
import { buildTree, groupArtifacts, groupFolder } from '../artifact-tree.js';
import { comparisonCounts, comparisonEntries, comparisonText } from '../compare.js';
import { announce, elements, h, icon } from '../dom.js';
import { dateText, humanSize } from '../format.js';
import { compareHash, fileHash, fileName, urls } from '../paths.js';
import { state } from '../state.js';
import { typeInfo } from '../types.js';
import { showDiff } from './diff-view.js';
import { whenSessionsLoaded } from './sessions.js';
import { emptyState, errorState, loadingState } from './states.js';
import { renderNode } from './tree.js';

const MARKS = { added: '+', removed: '−', changed: '±' };

let els;
let shown = null;      // {from, to} of the comparison on screen
let loading = null;    // AbortController of the comparison or diff being loaded

/** Looks up the view's elements and wires the form. */
export function init() {
  els = elements({
    view: 'compare-view', title: 'compare-title', form: 'compare-form', from: 'compare-from', to: 'compare-to',
    error: 'compare-error', summary: 'compare-summary', state: 'compare-state', tree: 'compare-tree',
    placeholder: 'compare-placeholder', diff: 'compare-diff', diffTitle: 'compare-diff-title', diffBody: 'compare-diff-body',
  });
  els.form.addEventListener('submit', (e) => {
    e.preventDefault();
    const [from, to] = [els.from.value, els.to.value];
    els.error.hidden = !!(from && to && from !== to);
    if (!from || !to) els.error.textContent = 'Choose two sessions.';
    else if (from === to) els.error.textContent = 'Choose two different sessions.';
    if (!els.error.hidden) {
      (from ? els.to : els.from).focus();
      return;
    }
    const target = compareHash(from, to);
    if (location.hash === target) show({ from, to }, true); else location.hash = target;
  });
}

/** Hides the view (another address is shown). */
export function hide() {
  els.view.hidden = true;
}

function sessionLabel(s) {
  return `${s.title || 'Untitled session'} · ${dateText(s.created_at)}`;
}

function fillPicker(select, chosen) {
  const options = [h('option', { value: '' }, 'Choose a session…'),
    ...state.sessions.map((s) => h('option', { value: s.session_id }, sessionLabel(s)))];
  if (chosen && !state.sessions.some((s) => s.session_id === chosen)) options.push(h('option', { value: chosen }, `Session ${chosen}`));
  select.replaceChildren(...options);
  select.value = chosen || '';
}

/** Shows the view for the address's sessions (either may be null: the pickers wait for a choice). */
export async function show({ from, to }, again = false) {
  els.view.hidden = false;
  await whenSessionsLoaded();
  fillPicker(els.from, from);
  fillPicker(els.to, to);
  els.error.hidden = true;
  if (!from || !to) {
    shown = null;
    els.summary.textContent = 'Choose the session to compare from and the one to compare to.';
    els.state.replaceChildren();
    els.tree.replaceChildren();
    showPlaceholder();
    els.title.focus();
    return;
  }
  if (!again && shown && shown.from === from && shown.to === to) return;
  shown = { from, to };
  await loadComparison(from, to);
}

function showPlaceholder() {
  els.placeholder.hidden = false;
  els.diff.hidden = true;
  els.diffBody.replaceChildren();
}

function abortLoading() {
  if (loading) loading.abort();
  loading = new AbortController();
  return loading.signal;
}

async function loadComparison(from, to) {
  const signal = abortLoading();
  els.summary.textContent = '';
  els.tree.replaceChildren();
  showPlaceholder();
  els.state.replaceChildren(loadingState('Comparing the sessions…'));
  try {
    const comparison = await getJson(urls.compare(from, to), { signal });
    if (signal.aborted) return;
    const entries = comparisonEntries(comparison, state.types);
    els.summary.textContent = comparisonText(comparison);
    els.state.replaceChildren(...(entries.length ? [] : [emptyState('Both sessions have the same files with the same contents.')]));
    els.tree.replaceChildren(...groupArtifacts(entries, state.types).map(([type, list]) => typeGroup(type, list, from, to)));
    announce(comparisonText(comparison));
  } catch (e) {
    if (e.name === 'AbortError') return;
    els.state.replaceChildren(errorState('The sessions could not be compared.', e, () => loadComparison(from, to)));
  }
}

function typeGroup(type, entries, from, to) {
  const info = typeInfo(state.types, type);
  const c = comparisonCounts({
    added: entries.filter((e) => e.status === 'added'), removed: entries.filter((e) => e.status === 'removed'),
    changed: entries.filter((e) => e.status === 'changed'),
  });
  const headingId = `compare-type-${type}`;
  return h('section', { class: 'type-group card', 'aria-labelledby': headingId, dataset: { type } },
    h('div', { class: 'type-head' },
      h('span', { class: `badge t-${type}`, 'aria-hidden': 'true' }, info.badge),
      h('h2', { id: headingId }, info.label),
      h('span', { class: 'type-total' }, `${c.added} added · ${c.removed} removed · ${c.changed} changed`)),
    h('ul', { class: 'tree', role: 'list' },
      renderNode(buildTree(entries, groupFolder(entries, info.folder)), (e) => compareItem(e, from, to))));
}

function compareItem(e, from, to) {
  const name = fileName(e.path);
  const mark = h('span', { class: `change-mark change-${e.status}` },
    h('span', { 'aria-hidden': 'true' }, MARKS[e.status]), ` ${e.status}`);
  const label = [icon('file'), h('span', { class: 'file-name' }, name)];
  const open = e.status === 'changed'
    ? h('button', {
      type: 'button', class: 'file-open link-button', title: `Show the changes to ${e.path}`,
      onclick: () => showChange(e, from, to),
    }, ...label, h('span', { class: 'visually-hidden' }, ': show the changes'))
    : h('a', {
      class: 'file-open', href: fileHash(e.status === 'added' ? to : from, e.path),
      title: `Open ${e.path} in the session it is in`,
    }, ...label);
  const sizes = e.status === 'changed' ? `${humanSize(e.from_size)} → ${humanSize(e.to_size)}` : '';
  return h('li', { class: `file compare-file status-${e.status}`, dataset: { path: e.path, status: e.status } },
    open, h('span', { class: 'file-size' }, sizes), mark);
}

async function showChange(e, from, to) {
  for (const li of els.tree.querySelectorAll('li.file')) li.classList.toggle('selected', li.dataset.path === e.path);
  const signal = abortLoading();
  els.placeholder.hidden = true;
  els.diff.hidden = false;
  els.diffTitle.textContent = `Changes to ${e.path}`;
  els.diffTitle.focus({ preventScroll: !window.matchMedia('(max-width: 1179px)').matches });
  await showDiff(els.diffBody, urls.diff(to, e.path, { againstSession: from }),
    `Changes to ${e.path} from the first session to the second`, signal);
}

// A unified diff drawn for people: added lines green, removed red, hunk headers apart, with line numbers. Used by
// a file's version history and by Compare sessions. Every character of the diff goes in as text, never as HTML.

import { getText } from '../api.js';
import { announce, h } from '../dom.js';
import { diffSides, diffStats, parseDiff } from '../diff.js';
import { count } from '../format.js';
import { emptyState, errorState, loadingState } from './states.js';

const SIGNS = { add: 'Added', del: 'Removed' };

const NO_CHANGES = 'No changes: both sides have the same contents.';

/** The sentence that sums up a diff: "+2 −1 · 2 lines added, 1 line removed · from version 1 to version 2". */
function summary(lines) {
  const stats = diffStats(lines);
  const sides = diffSides(lines);
  return `${count(stats.added, 'line', 'lines')} added, ${count(stats.removed, 'line', 'lines')} removed`
    + `${sides.from && sides.to ? ` · from ${sides.from} to ${sides.to}` : ''}`;
}

/** The diff text as a <pre> of lines (class diff-{kind}), with the counts above it; an empty text says "no changes". */
export function renderDiff(text, label) {
  const lines = parseDiff(text);
  if (!lines.length) return [emptyState(NO_CHANGES)];
  const stats = diffStats(lines);
  const rows = lines.map((l) => h('span', {
    class: `diff-line diff-${l.kind}`,
    dataset: { no: `${String(l.oldNo ?? '').padStart(5)} ${String(l.newNo ?? '').padStart(5)}` },
    title: SIGNS[l.kind] ? `${SIGNS[l.kind]} line ${l.kind === 'add' ? l.newNo : l.oldNo}` : null,
  }, l.text, '\n'));
  return [
    h('p', { class: 'diff-stats' },
      h('span', { class: 'diff-count-add' }, `+${stats.added}`), ' ',
      h('span', { class: 'diff-count-del' }, `−${stats.removed}`), ' · ', summary(lines)),
    h('pre', { class: 'code diff', tabindex: '0', 'aria-label': label }, ...rows),
  ];
}

/**
 * Loads the diff at url into container (a loading state first, the API's problem on failure, with Try again);
 * resolves when it is shown. signal aborts it.
 */
export async function showDiff(container, url, label, signal) {
  container.replaceChildren(loadingState('Loading the changes…'));
  try {
    const text = await getText(url, { signal, headers: { Accept: 'text/x-diff, application/problem+json' } });
    if (signal && signal.aborted) return;
    container.replaceChildren(...renderDiff(text, label));
    announce(text ? `Changes shown: ${summary(parseDiff(text))}.` : NO_CHANGES);
  } catch (e) {
    if (e.name === 'AbortError') return;
    container.replaceChildren(errorState('The changes could not be shown.', e, () => showDiff(container, url, label, signal)));
  }
}

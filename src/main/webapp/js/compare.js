// Two sessions compared (GET /api/sessions/{a}/compare/{b}) as entries of the page's artifact tree, each marked
// added, removed or changed. Pure: no DOM.

import { typeOfPath } from './types.js';

/** Status of an entry: only in the other session, only in this one, in both with other bytes. */
export const STATUSES = ['added', 'removed', 'changed'];

/**
 * The comparison's paths as tree entries {path, type, status, size, from_size, to_size, from_sha256, to_sha256}, in
 * path order (code points, as the API lists artifacts); type from the path and the type table (types.js). size is
 * the bytes in the session the path is in (the other one for changed paths).
 */
export function comparisonEntries(comparison, table) {
  const entries = [
    ...(comparison.added || []).map((path) => ({ path, status: 'added' })),
    ...(comparison.removed || []).map((path) => ({ path, status: 'removed' })),
    ...(comparison.changed || []).map((c) => ({ ...c, status: 'changed', size: c.to_size })),
  ];
  for (const e of entries) e.type = typeOfPath(table, e.path);
  return entries.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** How many paths were added, removed, changed and left unchanged. */
export function comparisonCounts(comparison) {
  return {
    added: (comparison.added || []).length,
    removed: (comparison.removed || []).length,
    changed: (comparison.changed || []).length,
    unchanged: comparison.unchanged_count || 0,
  };
}

/** "2 added · 1 removed · 3 changed · 5 unchanged", or "No differences: 5 unchanged files". */
export function comparisonText(comparison) {
  const c = comparisonCounts(comparison);
  if (!c.added && !c.removed && !c.changed) {
    return `No differences: ${c.unchanged} unchanged ${c.unchanged === 1 ? 'file' : 'files'}.`;
  }
  return `${c.added} added · ${c.removed} removed · ${c.changed} changed · ${c.unchanged} unchanged`;
}

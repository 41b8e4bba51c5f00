// Unified diffs (text/x-diff, as `diff -u`, git and the service's diff endpoint write them) read line by line so
// that the page can colour them. Pure: no DOM.

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;

/**
 * The lines of a unified diff, each {kind, text, oldNo, newNo}: kind is 'file' (a "--- " or "+++ " header), 'hunk'
 * ("@@ -a,b +c,d @@"), 'add', 'del', 'context', 'note' ("\ No newline at end of file") or 'meta' (anything else
 * outside a hunk, such as "diff --git"); text is the whole line as sent (its +, - or space included); oldNo and
 * newNo are the line numbers in the older and newer file (null where the line has none). The hunk headers' counts
 * decide where a hunk ends, so a removed line that starts with "-- " is never taken for a header. An empty text
 * gives no lines.
 */
export function parseDiff(text) {
  const raw = text.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  const lines = [];
  let oldNo = 0;
  let newNo = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for (const line of raw) {
    const inHunk = oldLeft > 0 || newLeft > 0;
    const first = line.charAt(0);
    if (inHunk && first === ' ') {
      lines.push({ kind: 'context', text: line, oldNo: oldNo++, newNo: newNo++ });
      oldLeft--;
      newLeft--;
    } else if (inHunk && first === '-' && oldLeft > 0) {
      lines.push({ kind: 'del', text: line, oldNo: oldNo++, newNo: null });
      oldLeft--;
    } else if (inHunk && first === '+' && newLeft > 0) {
      lines.push({ kind: 'add', text: line, oldNo: null, newNo: newNo++ });
      newLeft--;
    } else if (first === '\\') {
      lines.push({ kind: 'note', text: line, oldNo: null, newNo: null });
    } else {
      const hunk = HUNK.exec(line);
      if (hunk) {
        oldNo = Number(hunk[1]);
        newNo = Number(hunk[3]);
        oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
        newLeft = hunk[4] === undefined ? 1 : Number(hunk[4]);
        lines.push({ kind: 'hunk', text: line, oldNo: null, newNo: null });
      } else {
        const kind = !inHunk && (line.startsWith('--- ') || line.startsWith('+++ ')) ? 'file' : 'meta';
        lines.push({ kind, text: line, oldNo: null, newNo: null });
      }
    }
  }
  return lines;
}

/** Counts of parsed lines: {added, removed, hunks}. */
export function diffStats(lines) {
  const stats = { added: 0, removed: 0, hunks: 0 };
  for (const l of lines) {
    if (l.kind === 'add') stats.added++;
    else if (l.kind === 'del') stats.removed++;
    else if (l.kind === 'hunk') stats.hunks++;
  }
  return stats;
}

/**
 * What the "--- " and "+++ " headers say of their sides after the tab, e.g. {from: 'version 1', to: 'version 2'}
 * for "--- a/main.tf\t(version 1)"; null for a side without a header or label.
 */
export function diffSides(lines) {
  const label = (prefix) => {
    const header = lines.find((l) => l.kind === 'file' && l.text.startsWith(prefix));
    if (!header || !header.text.includes('\t')) return null;
    return header.text.slice(header.text.indexOf('\t') + 1).replace(/^\((.*)\)$/, '$1').trim() || null;
  };
  return { from: label('--- '), to: label('+++ ') };
}

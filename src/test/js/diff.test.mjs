import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffSides, diffStats, parseDiff } from '../../main/webapp/js/diff.js';

const DIFF = [
  '--- a/terraform/main.tf\t(version 1)',
  '+++ b/terraform/main.tf\t(version 2)',
  '@@ -1,4 +1,4 @@',
  ' resource "aws_s3_bucket" "b" {',
  '-  bucket = "old"',
  '+  bucket = "new"',
  ' }',
  '--- a removed line that starts like a header',
  '@@ -10 +10,2 @@ module "x"',
  ' tail',
  '+++ an added line that starts like a header',
  '\\ No newline at end of file',
  '',
].join('\n');

test('parseDiff classifies headers, hunks, added, removed and context lines, with line numbers', () => {
  const lines = parseDiff(DIFF);
  assert.deepEqual(lines.map((l) => l.kind),
    ['file', 'file', 'hunk', 'context', 'del', 'add', 'context', 'del', 'hunk', 'context', 'add', 'note']);
  assert.deepEqual(lines.map((l) => [l.oldNo, l.newNo]), [
    [null, null], [null, null], [null, null], [1, 1], [2, null], [null, 2], [3, 3], [4, null],
    [null, null], [10, 10], [null, 11], [null, null]]);
  assert.equal(lines[4].text, '-  bucket = "old"', 'the whole line, its sign included');
});

test('a line starting with --- or +++ inside a hunk is a change, not a header', () => {
  const lines = parseDiff(DIFF);
  assert.equal(lines[7].kind, 'del');
  assert.equal(lines[10].kind, 'add');
});

test('diffStats counts added and removed lines and hunks', () => {
  assert.deepEqual(diffStats(parseDiff(DIFF)), { added: 2, removed: 2, hunks: 2 });
});

test('diffSides reads the labels after the tab of the headers', () => {
  assert.deepEqual(diffSides(parseDiff(DIFF)), { from: 'version 1', to: 'version 2' });
  const sessions = parseDiff('--- a/x.md\t(session 0b1c, version 3)\n+++ b/x.md\t(version 1)\n@@ -1 +1 @@\n-a\n+b\n');
  assert.deepEqual(diffSides(sessions), { from: 'session 0b1c, version 3', to: 'version 1' });
  assert.deepEqual(diffSides(parseDiff('--- a/x\n+++ b/x\n')), { from: null, to: null });
});

test('an empty diff (identical sides) has no lines', () => {
  assert.deepEqual(parseDiff(''), []);
  assert.deepEqual(diffStats([]), { added: 0, removed: 0, hunks: 0 });
});

test('CRLF lines keep their CR and counts default to one line', () => {
  const lines = parseDiff('--- a/w.bat\n+++ b/w.bat\n@@ -1 +1 @@\n-echo a\r\n+echo b\r\n');
  assert.deepEqual(lines.slice(2).map((l) => [l.kind, l.text]), [['hunk', '@@ -1 +1 @@'], ['del', '-echo a\r'], ['add', '+echo b\r']]);
});

test('text outside hunks (git headers, empty hunks) is meta', () => {
  const lines = parseDiff('diff --git a/x b/x\nindex 1..2\n--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+new\n');
  assert.deepEqual(lines.map((l) => l.kind), ['meta', 'meta', 'file', 'file', 'hunk', 'add']);
  assert.equal(lines[5].newNo, 1);
});

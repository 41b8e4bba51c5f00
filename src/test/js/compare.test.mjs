import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTree, groupArtifacts } from '../../main/webapp/js/artifact-tree.js';
import { comparisonCounts, comparisonEntries, comparisonText } from '../../main/webapp/js/compare.js';
import { typeTable } from '../../main/webapp/js/types.js';

const TYPES = typeTable([
  { id: 'readme', label: 'README', folder: null },
  { id: 'terraform', label: 'Terraform', folder: 'terraform' },
  { id: 'lambda', label: 'Lambda', folder: 'lambda' },
]);
const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);
const COMPARISON = {
  added: ['terraform/modules/new.tf', 'README.md'],
  removed: ['lambda/old.py'],
  changed: [{ path: 'terraform/main.tf', from_sha256: SHA_A, to_sha256: SHA_B, from_size: 10, to_size: 12 }],
  unchanged_count: 4,
};

test('comparisonEntries marks every path with its status and type, in path order', () => {
  const entries = comparisonEntries(COMPARISON, TYPES);
  assert.deepEqual(entries.map((e) => [e.path, e.status, e.type]), [
    ['README.md', 'added', 'readme'],
    ['lambda/old.py', 'removed', 'lambda'],
    ['terraform/main.tf', 'changed', 'terraform'],
    ['terraform/modules/new.tf', 'added', 'terraform'],
  ]);
  const changed = entries[2];
  assert.equal(changed.from_sha256, SHA_A);
  assert.equal(changed.to_size, 12);
  assert.equal(changed.size, 12, 'the size in the session compared to');
});

test('the entries build the artifact tree: groups by type, folders nested', () => {
  const entries = comparisonEntries(COMPARISON, TYPES);
  const groups = groupArtifacts(entries, TYPES);
  assert.deepEqual(groups.map(([type]) => type), ['readme', 'terraform', 'lambda']);
  const terraform = buildTree(groups[1][1], 'terraform');
  assert.deepEqual(terraform.files.map((e) => [e.path, e.status]), [['terraform/main.tf', 'changed']]);
  assert.deepEqual(terraform.folders.get('modules').files.map((e) => e.status), ['added']);
});

test('types the table does not know come from the first folder', () => {
  const entries = comparisonEntries({ added: ['helm/chart.yaml'], removed: [], changed: [], unchanged_count: 0 }, TYPES);
  assert.equal(entries[0].type, 'helm');
  assert.equal(comparisonEntries({ added: ['README.md'] }, [])[0].type, 'other');
});

test('comparisonCounts and comparisonText sum up the comparison', () => {
  assert.deepEqual(comparisonCounts(COMPARISON), { added: 2, removed: 1, changed: 1, unchanged: 4 });
  assert.equal(comparisonText(COMPARISON), '2 added · 1 removed · 1 changed · 4 unchanged');
  assert.equal(comparisonText({ added: [], removed: [], changed: [], unchanged_count: 1 }), 'No differences: 1 unchanged file.');
  assert.equal(comparisonText({ added: [], removed: [], changed: [], unchanged_count: 0 }), 'No differences: 0 unchanged files.');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareTypes, typeFolders, typeInfo, typeOfPath, typeTable, unknownType } from '../../main/webapp/js/types.js';

// What GET /page/config sends (PageConfigServlet, from the Java enum ArtifactType).
const SERVER = [
  { id: 'readme', label: 'README', folder: null },
  { id: 'cloudformation', label: 'CloudFormation', folder: 'cloudformation' },
  { id: 'terraform', label: 'Terraform', folder: 'terraform' },
  { id: 'lambda', label: 'Lambda', folder: 'lambda' },
  { id: 'diagram', label: 'Diagrams', folder: 'diagrams' },
  { id: 'pricing', label: 'Pricing', folder: 'pricing' },
];

test('typeTable keeps the server order, labels and folders, and adds the badges', () => {
  const table = typeTable(SERVER);
  assert.deepEqual(table.map((t) => t.id), SERVER.map((t) => t.id));
  assert.deepEqual(table.map((t) => t.badge), ['MD', 'CFN', 'TF', 'λ', 'DIA', '$']);
  assert.deepEqual(typeInfo(table, 'diagram'), { id: 'diagram', label: 'Diagrams', folder: 'diagrams', badge: 'DIA', known: true });
  assert.equal(typeInfo(table, 'readme').folder, null);
});

test('a type the page has no badge for gets its first letters', () => {
  const table = typeTable([...SERVER, { id: 'kubernetes', label: 'Kubernetes', folder: 'kubernetes' }]);
  assert.deepEqual(typeInfo(table, 'kubernetes'), { id: 'kubernetes', label: 'Kubernetes', folder: 'kubernetes', badge: 'KUB', known: true });
});

test('typeTable drops malformed entries and fills in a missing label', () => {
  const table = typeTable([null, { label: 'no id' }, { id: '' }, { id: 7 }, { id: 'ansible', folder: '' }]);
  assert.deepEqual(table, [{ id: 'ansible', label: 'ansible', folder: null, badge: 'ANS', known: true }]);
  assert.deepEqual(typeTable(undefined), []);
  assert.deepEqual(typeTable({ id: 'x' }), []);
});

test('typeInfo falls back to a generic entry for a type the table lacks', () => {
  assert.deepEqual(typeInfo(typeTable(SERVER), 'helm'), { id: 'helm', label: 'helm', folder: null, badge: 'HEL', known: false });
  assert.deepEqual(typeInfo([], 'terraform'), unknownType('terraform'));
  assert.equal(typeInfo([], 'terraform').badge, 'TF', 'a known badge even without the server table');
});

test('compareTypes sorts by the table, unknown types last by id', () => {
  const ids = ['zeta', 'pricing', 'readme', 'alpha', 'terraform'];
  assert.deepEqual(ids.sort(compareTypes(typeTable(SERVER))), ['readme', 'terraform', 'pricing', 'alpha', 'zeta']);
  assert.deepEqual(['b', 'a'].sort(compareTypes([])), ['a', 'b']);
});

test('typeFolders lists the folders that set a type', () => {
  assert.deepEqual(typeFolders(typeTable(SERVER)), ['cloudformation', 'terraform', 'lambda', 'diagrams', 'pricing']);
});

test('typeOfPath: the type of the first folder, the folderless type at the top, else the folder itself', () => {
  const table = typeTable([{ id: 'readme', folder: null }, { id: 'terraform', folder: 'terraform' }]);
  assert.equal(typeOfPath(table, 'terraform/modules/main.tf'), 'terraform');
  assert.equal(typeOfPath(table, 'README.md'), 'readme');
  assert.equal(typeOfPath(table, 'helm/chart.yaml'), 'helm');
  assert.equal(typeOfPath([], 'notes.md'), 'other');
});

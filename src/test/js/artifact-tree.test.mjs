import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildTree, commonFolder, countFiles, groupArtifacts, groupFolder, sortedFolders, totalSize,
} from '../../main/webapp/js/artifact-tree.js';
import { typeTable } from '../../main/webapp/js/types.js';

const TYPES = typeTable([
  { id: 'readme', label: 'README', folder: null },
  { id: 'terraform', label: 'Terraform', folder: 'terraform' },
  { id: 'lambda', label: 'Lambda', folder: 'lambda' },
]);

const a = (path, type, size = 1) => ({ path, type, size });
const ARTIFACTS = [
  a('lambda/handler.py', 'lambda', 10),
  a('terraform/main.tf', 'terraform', 20),
  a('terraform/modules/network/main.tf', 'terraform', 30),
  a('terraform/modules/network/vars.tf', 'terraform', 40),
  a('terraform/modules/app/main.tf', 'terraform', 50),
  a('helm/chart.yaml', 'helm', 60),
  a('README.md', 'readme', 70),
];

test('groupArtifacts groups by type in the table order, unknown types last', () => {
  const groups = groupArtifacts(ARTIFACTS, TYPES);
  assert.deepEqual(groups.map(([type]) => type), ['readme', 'terraform', 'lambda', 'helm']);
  assert.deepEqual(groups[1][1].map((x) => x.path),
    ['terraform/main.tf', 'terraform/modules/network/main.tf', 'terraform/modules/network/vars.tf', 'terraform/modules/app/main.tf']);
});

test('buildTree nests folders below the group folder with their full paths', () => {
  const terraform = ARTIFACTS.filter((x) => x.type === 'terraform');
  const tree = buildTree(terraform, 'terraform');
  assert.equal(tree.folder, 'terraform');
  assert.deepEqual(tree.files.map((x) => x.path), ['terraform/main.tf']);
  const modules = tree.folders.get('modules');
  assert.equal(modules.folder, 'terraform/modules');
  assert.deepEqual(sortedFolders(modules).map((f) => [f.name, f.folder]),
    [['app', 'terraform/modules/app'], ['network', 'terraform/modules/network']]);
  assert.deepEqual(modules.folders.get('network').files.map((x) => x.path),
    ['terraform/modules/network/main.tf', 'terraform/modules/network/vars.tf']);
  assert.equal(countFiles(tree), 4);
  assert.equal(countFiles(modules), 3);
});

test('top-level files sit in the root of a group whose folder is ""', () => {
  const tree = buildTree([a('README.md', 'readme'), a('docs/extra.md', 'readme')], '');
  assert.equal(tree.folder, '');
  assert.deepEqual(tree.files.map((x) => x.path), ['README.md']);
  assert.equal(tree.folders.get('docs').folder, 'docs');
});

test('groupFolder is the type folder when every path is in it, else the shared first folder', () => {
  assert.equal(groupFolder([a('terraform/x.tf'), a('terraform/m/y.tf')], 'terraform'), 'terraform');
  assert.equal(groupFolder([a('helm/chart.yaml'), a('helm/t/x.yaml')], null), 'helm');
  assert.equal(groupFolder([a('README.md')], null), '');
  assert.equal(groupFolder([a('README.md'), a('terraform/x.tf')], 'terraform'), '');
  assert.equal(commonFolder([a('a/x'), a('b/y')]), '');
});

test('buildTree with the folder guessed from the paths (types the server did not name)', () => {
  const tree = buildTree([a('helm/chart.yaml'), a('helm/templates/deploy.yaml')]);
  assert.equal(tree.folder, 'helm');
  assert.deepEqual(tree.files.map((x) => x.path), ['helm/chart.yaml']);
  assert.equal(tree.folders.get('templates').folder, 'helm/templates');
});

test('sortedFolders orders by name and totalSize adds sizes', () => {
  const tree = buildTree([a('t/b/1'), a('t/a/2'), a('t/C/3')], 't');
  assert.deepEqual(sortedFolders(tree).map((f) => f.name), ['C', 'a', 'b']);
  assert.equal(totalSize(ARTIFACTS), 280);
  assert.equal(totalSize([]), 0);
});

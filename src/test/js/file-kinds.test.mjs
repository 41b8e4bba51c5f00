import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDiffable, languageLabel, languageOf, previewKind, previewMediaType } from '../../main/webapp/js/file-kinds.js';

test('languageOf knows the generated kinds of file by name', () => {
  assert.equal(languageOf('terraform/modules/network/main.tf'), 'hcl');
  assert.equal(languageOf('terraform/prod.TFVARS'), 'hcl');
  assert.equal(languageOf('cloudformation/main.yaml'), 'yaml');
  assert.equal(languageOf('cloudformation/stack.template'), 'yaml');
  assert.equal(languageOf('cloudformation/parameters.json'), 'json');
  assert.equal(languageOf('lambda/handler.py'), 'python');
  assert.equal(languageOf('lambda/requirements.txt'), 'pip-requirements');
  assert.equal(languageOf('lambda/requirements-dev.txt'), 'pip-requirements');
  assert.equal(languageOf('lambda/notes.txt'), 'plaintext');
  assert.equal(languageOf('lambda/Makefile'), 'makefile');
  assert.equal(languageOf('lambda/blob.bin'), null);
});

test('previewKind chooses by extension, then by a text media type', () => {
  assert.equal(previewKind('README.md', 'text/markdown'), 'markdown');
  assert.equal(previewKind('docs/guide.markdown', null), 'markdown');
  assert.equal(previewKind('diagrams/a.svg', 'image/svg+xml'), 'svg');
  assert.equal(previewKind('diagrams/a.PNG', 'image/png'), 'image');
  assert.equal(previewKind('diagrams/a.webp', null), 'image');
  assert.equal(previewKind('pricing/summary.pdf', 'application/pdf'), 'pdf');
  assert.equal(previewKind('pricing/estimate.csv', 'text/csv'), 'csv');
  assert.equal(previewKind('terraform/main.tf', 'application/octet-stream'), 'code');
  assert.equal(previewKind('lambda/LICENSE', 'text/plain'), 'code');
  assert.equal(previewKind('lambda/layer.zip', 'application/zip'), 'none');
  assert.equal(previewKind('lambda/layer', undefined), 'none');
});

test('an SVG or PDF preview gets its own media type whatever was stored', () => {
  assert.equal(previewMediaType('svg', 'text/plain'), 'image/svg+xml');
  assert.equal(previewMediaType('pdf', 'application/octet-stream'), 'application/pdf');
  assert.equal(previewMediaType('image', 'image/png'), 'image/png');
  assert.equal(previewMediaType('image', null), 'application/octet-stream');
});

test('languageLabel names languages for people', () => {
  assert.equal(languageLabel('hcl'), 'Terraform (HCL)');
  assert.equal(languageLabel('pip-requirements'), 'pip requirements');
  assert.equal(languageLabel('plaintext'), 'plain text');
  assert.equal(languageLabel('go'), 'go');
});

test('isDiffable: text, code, Markdown, CSV and SVG yes; images and PDFs no', () => {
  for (const path of ['terraform/main.tf', 'README.md', 'pricing/e.csv', 'diagrams/a.svg', 'lambda/requirements.txt']) {
    assert.ok(isDiffable(path, 'text/plain'), path);
  }
  for (const path of ['diagrams/a.png', 'diagrams/b.jpeg', 'pricing/quote.pdf']) assert.ok(!isDiffable(path, 'application/octet-stream'), path);
});

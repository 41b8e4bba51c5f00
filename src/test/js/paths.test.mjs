import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodePath, encodePath, fileHash, fileName, filenameFromDisposition, folderOf, isExternal, joinPath, knownFolders,
  normaliseFolder, parseRoute, resolvePath, sessionHash, urls, compareHash, parseCompare,
} from '../../main/webapp/js/paths.js';

const ID = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';

test('encodePath encodes each segment and keeps the slashes', () => {
  assert.equal(encodePath('terraform/modules/main.tf'), 'terraform/modules/main.tf');
  assert.equal(encodePath('docs/a b/c#d?.md'), 'docs/a%20b/c%23d%3F.md');
  assert.equal(encodePath('diagrams/测试 100%.png'), 'diagrams/%E6%B5%8B%E8%AF%95%20100%25.png');
});

test('decodePath undoes encodePath and refuses broken percent-encoding', () => {
  for (const path of ['a/b c/d#e.md', 'x/%41/é', 'README.md']) assert.equal(decodePath(encodePath(path)), path);
  assert.equal(decodePath('a/%E0%A4%A'), null);
});

test('fileName, folderOf and joinPath split and join paths', () => {
  assert.equal(fileName('terraform/modules/main.tf'), 'main.tf');
  assert.equal(fileName('README.md'), 'README.md');
  assert.equal(folderOf('terraform/modules/main.tf'), 'terraform/modules');
  assert.equal(folderOf('README.md'), '');
  assert.equal(joinPath('lambda', 'handler.py'), 'lambda/handler.py');
  assert.equal(joinPath('', 'README.md'), 'README.md');
});

test('normaliseFolder trims spaces, outer slashes and empty segments', () => {
  assert.equal(normaliseFolder('  /terraform//modules/ '), 'terraform/modules');
  assert.equal(normaliseFolder('///'), '');
  assert.equal(normaliseFolder('lambda'), 'lambda');
});

test('resolvePath resolves relative addresses against the document folder', () => {
  assert.equal(resolvePath('', 'diagrams/architecture.png'), 'diagrams/architecture.png');
  assert.equal(resolvePath('docs/', './img/a.png'), 'docs/img/a.png');
  assert.equal(resolvePath('docs/guide/', '../../diagrams/a%20b.png'), 'diagrams/a b.png');
  assert.equal(resolvePath('docs/', 'other.md#section'), 'docs/other.md');
  assert.equal(resolvePath('docs/', 'img.png?raw=1'), 'docs/img.png');
  assert.equal(resolvePath('docs/', '/diagrams/a.png'), 'diagrams/a.png', 'a leading slash is the session top');
});

test('resolvePath refuses to leave the session and broken encoding', () => {
  assert.equal(resolvePath('', '../secret'), null);
  assert.equal(resolvePath('docs/', '../../x'), null);
  assert.equal(resolvePath('', '%E0%A4%A'), null);
});

test('isExternal tells links with a scheme or protocol-relative ones', () => {
  for (const a of ['https://example.org/x', 'mailto:a@b.c', 'javascript:alert(1)', 'data:image/png;base64,x', '//host/x']) {
    assert.ok(isExternal(a), a);
  }
  for (const a of ['diagrams/a.png', './a.md', '../b.md', '#top', 'notes/a b.md']) assert.ok(!isExternal(a), a);
});

test('knownFolders lists every folder and parent, plus the type folders, sorted and once', () => {
  const artifacts = [{ path: 'terraform/modules/network/main.tf' }, { path: 'terraform/main.tf' }, { path: 'README.md' }];
  assert.deepEqual(knownFolders(artifacts, ['cloudformation', 'terraform']),
    ['cloudformation', 'terraform', 'terraform/modules', 'terraform/modules/network']);
  assert.deepEqual(knownFolders([], []), []);
});

test('filenameFromDisposition prefers filename* in UTF-8, then filename, then the fallback', () => {
  assert.equal(filenameFromDisposition(`attachment; filename="a.zip"; filename*=UTF-8''%C3%A9t%C3%A9.zip`, 'f.zip'), 'été.zip');
  assert.equal(filenameFromDisposition('attachment; filename="artifacts-1.zip"', 'f.zip'), 'artifacts-1.zip');
  assert.equal(filenameFromDisposition(`attachment; filename*=UTF-8''%E0%A4%A; filename="plain.zip"`, 'f.zip'), 'plain.zip');
  assert.equal(filenameFromDisposition(null, 'f.zip'), 'f.zip');
  assert.equal(filenameFromDisposition('inline', 'f.zip'), 'f.zip');
});

test('page addresses round-trip through parseRoute', () => {
  assert.equal(sessionHash(ID), `#/sessions/${ID}`);
  assert.equal(fileHash(ID, 'docs/a b.md'), `#/sessions/${ID}/files/docs/a%20b.md`);
  assert.deepEqual(parseRoute(fileHash(ID, 'docs/a b#1.md')), { sessionId: ID, path: 'docs/a b#1.md' });
  assert.deepEqual(parseRoute(sessionHash(ID.toUpperCase())), { sessionId: ID, path: null });
});

test('parseRoute gives nulls for other addresses and a null path for broken encoding', () => {
  for (const hash of ['', '#/', '#/sessions/not-a-uuid', `#/session/${ID}`, null]) {
    assert.deepEqual(parseRoute(hash), { sessionId: null, path: null }, String(hash));
  }
  assert.deepEqual(parseRoute(`#/sessions/${ID}/files/%E0%A4%A`), { sessionId: ID, path: null });
});

test('urls name the API with every segment and query value encoded', () => {
  assert.equal(urls.sessions(null), 'api/sessions');
  assert.equal(urls.sessions('a+b/c'), 'api/sessions?cursor=a%2Bb%2Fc');
  assert.equal(urls.session(ID), `api/sessions/${ID}`);
  assert.equal(urls.list(ID, 'x=y'), `api/artifacts/list/${ID}?cursor=x%3Dy`);
  assert.equal(urls.download(ID, 'lambda/a b.py'), `api/artifacts/download/${ID}/lambda/a%20b.py`);
  assert.equal(urls.download(ID, 'lambda/a.py', true), `api/artifacts/download/${ID}/lambda/a.py?disposition=inline`);
  assert.equal(urls.upload(ID, 'terraform/x#.tf'), `api/artifacts/upload/${ID}/terraform/x%23.tf`);
  assert.equal(urls.artifact(ID, 'README.md'), `api/artifacts/${ID}/README.md`);
  assert.equal(urls.link(ID, 'pricing/e.csv', 3600), `api/artifacts/download-url/${ID}/pricing/e.csv?expires_in=3600`);
  assert.equal(urls.bundle(ID), `api/artifacts/bundle/${ID}`);
  assert.equal(urls.bundle(ID, ['terraform', 'lambda']), `api/artifacts/bundle/${ID}?type=terraform&type=lambda`);
});

test('urls of versions, restore, diffs, comparisons and share links', () => {
  const OTHER = 'ffffffff-4f50-4617-8293-a4b5c6d7e8f9';
  assert.equal(urls.download(ID, 'terraform/main.tf', false, 2), `api/artifacts/download/${ID}/terraform/main.tf?version=2`);
  assert.equal(urls.download(ID, 'a b.md', true, 3), `api/artifacts/download/${ID}/a%20b.md?disposition=inline&version=3`);
  assert.equal(urls.versions(ID, 'lambda/a b.py'), `api/artifacts/versions/${ID}/lambda/a%20b.py`);
  assert.equal(urls.restore(ID, 'terraform/main.tf', 1), `api/artifacts/restore/${ID}/terraform/main.tf?version=1`);
  assert.equal(urls.diff(ID, 'terraform/x#.tf'), `api/artifacts/diff/${ID}/terraform/x%23.tf`);
  assert.equal(urls.diff(ID, 'terraform/main.tf', { from: 1, to: 3 }), `api/artifacts/diff/${ID}/terraform/main.tf?from=1&to=3`);
  assert.equal(urls.diff(OTHER, 'README.md', { againstSession: ID }), `api/artifacts/diff/${OTHER}/README.md?against_session=${ID}`);
  assert.equal(urls.compare(ID, OTHER), `api/sessions/${ID}/compare/${OTHER}`);
  assert.equal(urls.shares(ID), `api/shares?session_id=${ID}`);
  assert.equal(urls.shares(), 'api/shares');
  assert.equal(urls.share('a/b'), 'api/shares/a%2Fb');
});

test('Compare sessions addresses round-trip through parseCompare', () => {
  const OTHER = 'FFFFFFFF-4f50-4617-8293-a4b5c6d7e8f9';
  assert.equal(compareHash(), '#/compare');
  assert.equal(compareHash(ID), `#/compare/${ID}`);
  assert.equal(compareHash(null, ID), '#/compare', 'no "to" without a "from"');
  assert.deepEqual(parseCompare(compareHash(ID, OTHER)), { from: ID, to: OTHER.toLowerCase() });
  assert.deepEqual(parseCompare(compareHash(ID)), { from: ID, to: null });
  assert.deepEqual(parseCompare('#/compare'), { from: null, to: null });
  for (const hash of ['', '#/', `#/sessions/${ID}`, '#/compare/x', `#/compare/${ID}/y`, '#/comparex']) {
    assert.equal(parseCompare(hash), null, hash);
  }
  assert.deepEqual(parseRoute(compareHash(ID, OTHER)), { sessionId: null, path: null }, 'not a session address');
});

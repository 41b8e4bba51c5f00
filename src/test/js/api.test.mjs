// The API client against a stand-in fetch(): the token goes out, error answers come back as problems.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { download, getBytes, getJson, getText, postJson, request } from '../../main/webapp/js/api.js';
import { ApiError } from '../../main/webapp/js/problem.js';
import { state } from '../../main/webapp/js/state.js';

const realFetch = globalThis.fetch;
let calls;

function answer(response) {
  globalThis.fetch = async (url, init) => {
    calls.push({ url, init });
    if (response instanceof Error) throw response;
    return response;
  };
}

beforeEach(() => {
  calls = [];
  state.token = 'h.p.s';
});

afterEach(() => {
  globalThis.fetch = realFetch;
  state.token = null;
});

test('getJson sends the bearer token, asks for JSON and never uses the cache', async () => {
  answer(new Response('{"sessions": [], "next_cursor": null}', { status: 200, headers: { 'Content-Type': 'application/json' } }));
  assert.deepEqual(await getJson('api/sessions'), { sessions: [], next_cursor: null });
  assert.equal(calls.length, 1);
  assert.equal(calls[0].url, 'api/sessions');
  assert.equal(calls[0].init.method, 'GET');
  assert.equal(calls[0].init.cache, 'no-store');
  assert.equal(calls[0].init.headers.Authorization, 'Bearer h.p.s');
  assert.equal(calls[0].init.headers.Accept, 'application/json');
});

test('auth: false sends no token (the page config is read before sign-in)', async () => {
  answer(new Response('{"local_mode": false}', { status: 200 }));
  await getJson('page/config', { auth: false });
  assert.equal(calls[0].init.headers.Authorization, undefined);
});

test('an error answer rejects with its problem', async () => {
  answer(new Response(JSON.stringify({ title: 'Unauthorized', status: 401, detail: 'The token expired.' }),
    { status: 401, statusText: 'Unauthorized', headers: { 'Content-Type': 'application/problem+json' } }));
  await assert.rejects(getJson('api/sessions'), (e) => e instanceof ApiError && e.status === 401
    && e.title === 'Unauthorized' && e.detail === 'The token expired.');
});

test('an error answer that is not JSON keeps the status line', async () => {
  answer(new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }));
  await assert.rejects(request('api/sessions'), (e) => e.status === 502 && e.detail === 'The service answered 502 Bad Gateway.');
});

test('a refused connection is a network error; an abort stays an abort', async () => {
  answer(new TypeError('fetch failed'));
  await assert.rejects(request('api/sessions'), (e) => e instanceof ApiError && e.status === 0
    && e.detail === 'The service could not be reached (fetch failed).');
  const abort = new Error('aborted');
  abort.name = 'AbortError';
  answer(abort);
  await assert.rejects(getBytes('api/x'), (e) => e === abort);
});

test('request passes method, headers and body through, the token included', async () => {
  answer(new Response(null, { status: 204 }));
  const response = await request('api/artifacts/s/a.txt', { method: 'DELETE', headers: { Range: 'bytes=0-1' } });
  assert.equal(response.status, 204);
  assert.equal(calls[0].init.method, 'DELETE');
  assert.deepEqual(calls[0].init.headers, { Authorization: 'Bearer h.p.s', Range: 'bytes=0-1' });
});

test('download reads the body whole, reporting progress against Content-Length', async () => {
  const bytes = new TextEncoder().encode('0123456789');
  answer(new Response(bytes, { status: 200, headers: { 'Content-Type': 'text/plain', 'Content-Length': '10' } }));
  const progress = [];
  const { blob, response } = await download('api/x', (got, total) => progress.push([got, total]));
  assert.equal(response.status, 200);
  assert.equal(await blob.text(), '0123456789');
  assert.equal(blob.type, 'text/plain');
  assert.ok(progress.length >= 1);
  assert.deepEqual(progress[progress.length - 1], [10, 10]);
});

test('postJson sends the body as JSON with the token and returns the answer', async () => {
  answer(new Response('{"share_id": "s1"}', { status: 201, headers: { 'Content-Type': 'application/json' } }));
  assert.deepEqual(await postJson('api/shares', { session_id: 'x', expires_in: 3600 }), { share_id: 's1' });
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.body, '{"session_id":"x","expires_in":3600}');
  assert.equal(calls[0].init.headers['Content-Type'], 'application/json');
  assert.equal(calls[0].init.headers.Authorization, 'Bearer h.p.s');
});

test('postJson without a body sends none (restore) and a problem rejects', async () => {
  answer(new Response('{"title": "Not Found", "detail": "No version 9 of main.tf."}', {
    status: 404, headers: { 'Content-Type': 'application/problem+json' } }));
  await assert.rejects(postJson('api/artifacts/restore/x/main.tf?version=9'),
    (e) => e instanceof ApiError && e.status === 404 && e.detail === 'No version 9 of main.tf.');
  assert.equal(calls[0].init.body, undefined);
  assert.equal(calls[0].init.headers['Content-Type'], undefined);
});

test('getText returns the body as text (a diff)', async () => {
  answer(new Response('--- a/x\n+++ b/x\n', { status: 200, headers: { 'Content-Type': 'text/x-diff; charset=UTF-8' } }));
  assert.equal(await getText('api/artifacts/diff/x/y'), '--- a/x\n+++ b/x\n');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, errorDetail, networkError, problemFrom } from '../../main/webapp/js/problem.js';

test('a problem+json body gives title, detail and type', () => {
  const body = JSON.stringify({
    type: 'https://artifact-service.dev/problems/quota-exceeded', title: 'Payload Too Large', status: 413,
    detail: 'The organization has 3 MiB of its 5 MiB left.',
  });
  const e = problemFrom(413, '', body);
  assert.ok(e instanceof ApiError);
  assert.ok(e instanceof Error);
  assert.equal(e.status, 413);
  assert.equal(e.title, 'Payload Too Large');
  assert.equal(e.detail, 'The organization has 3 MiB of its 5 MiB left.');
  assert.equal(e.message, e.detail);
  assert.equal(e.type, 'https://artifact-service.dev/problems/quota-exceeded');
});

test('a problem without detail says what the service answered', () => {
  const e = problemFrom(404, 'Not Found', JSON.stringify({ title: 'No such session' }));
  assert.equal(e.title, 'No such session');
  assert.equal(e.detail, 'The service answered 404 No such session.');
});

test('a body that is not a problem keeps the status line', () => {
  for (const body of ['<html><body>Bad gateway</body></html>', '', 'null', '[1,2]', '"text"', '{"title": 7}']) {
    const e = problemFrom(502, 'Bad Gateway', body);
    assert.equal(e.title, 'Bad Gateway', body);
    assert.equal(e.detail, 'The service answered 502 Bad Gateway.', body);
    assert.equal(e.type, null, body);
  }
});

test('without a status text the title is the status code (HTTP/2 has no reason phrase)', () => {
  const e = problemFrom(503, '', 'upstream down');
  assert.equal(e.title, 'HTTP 503');
  assert.equal(e.detail, 'The service answered 503 HTTP 503.');
});

test('blank title and detail strings count as missing', () => {
  const e = problemFrom(400, 'Bad Request', JSON.stringify({ title: '  ', detail: '' }));
  assert.equal(e.title, 'Bad Request');
  assert.equal(e.detail, 'The service answered 400 Bad Request.');
});

test('a network error has status 0', () => {
  const e = networkError('The upload did not reach the service.');
  assert.equal(e.status, 0);
  assert.equal(e.title, 'Network error');
  assert.equal(errorDetail(e), 'The upload did not reach the service.');
});

test('errorDetail is a problem detail, else the message', () => {
  assert.equal(errorDetail(problemFrom(409, 'Conflict', '{"detail":"Exists."}')), 'Exists.');
  assert.equal(errorDetail(new TypeError('x is undefined')), 'x is undefined');
  assert.equal(errorDetail('plain'), 'plain');
});

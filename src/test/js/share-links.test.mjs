import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_EXPIRY, EXPIRY_CHOICES, MAX_EXPIRY_SECONDS, downloadsText, durationText, listedShares, shareRequest, shareStatus,
} from '../../main/webapp/js/share-links.js';

const ID = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';

test('the expiry choices are 1 hour, 1 day, 7 days, 30 days and a number of seconds', () => {
  assert.deepEqual(EXPIRY_CHOICES.map((c) => c.label), ['1 hour', '1 day', '7 days', '30 days', 'Seconds…']);
  for (const c of EXPIRY_CHOICES.filter((x) => x.value !== 'custom')) assert.equal(durationText(Number(c.value)), c.label);
  assert.ok(EXPIRY_CHOICES.some((c) => c.value === DEFAULT_EXPIRY));
});

test('shareRequest builds the POST body of a file link and of a whole-session link', () => {
  assert.deepEqual(shareRequest({ sessionId: ID, path: 'terraform/main.tf', expiry: '3600', limit: '' }),
    { body: { session_id: ID, path: 'terraform/main.tf', expires_in: 3600 } });
  assert.deepEqual(shareRequest({ sessionId: ID, path: null, expiry: '86400', limit: ' 1 ' }),
    { body: { session_id: ID, expires_in: 86400, max_downloads: 1 } });
  assert.deepEqual(shareRequest({ sessionId: ID, path: 'README.md', expiry: 'custom', seconds: '90', limit: '5' }),
    { body: { session_id: ID, path: 'README.md', expires_in: 90, max_downloads: 5 } });
});

test('shareRequest refuses what the API would: too short, too long, not whole, a limit below 1', () => {
  for (const seconds of ['59', '', 'abc', '90.5', String(MAX_EXPIRY_SECONDS + 1), '-60']) {
    assert.equal(shareRequest({ sessionId: ID, expiry: 'custom', seconds, limit: '' }).field, 'seconds', seconds);
  }
  assert.ok(shareRequest({ sessionId: ID, expiry: 'custom', seconds: String(MAX_EXPIRY_SECONDS), limit: '' }).body);
  for (const limit of ['0', '-1', '1.5', 'x']) {
    assert.equal(shareRequest({ sessionId: ID, expiry: '3600', limit }).field, 'limit', limit);
  }
});

test('durationText uses the largest whole unit', () => {
  assert.equal(durationText(60), '1 minute');
  assert.equal(durationText(90), '90 seconds');
  assert.equal(durationText(7200), '2 hours');
  assert.equal(durationText(2592000), '30 days');
  assert.equal(durationText(1), '1 second');
});

test('shareStatus and downloadsText read a listed link', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const share = { downloads: 0, max_downloads: null, expires_at: '2026-01-02T00:00:00Z', revoked_at: null };
  assert.equal(shareStatus(share, now), 'active');
  assert.equal(shareStatus({ ...share, expires_at: '2026-01-01T00:00:00Z' }, now), 'expired');
  assert.equal(shareStatus({ ...share, downloads: 1, max_downloads: 1 }, now), 'used up');
  assert.equal(shareStatus({ ...share, revoked_at: '2025-12-31T00:00:00Z' }, now), 'revoked');
  assert.equal(downloadsText(share), '0 downloads (no limit)');
  assert.equal(downloadsText({ ...share, downloads: 1 }), '1 download (no limit)');
  assert.equal(downloadsText({ ...share, downloads: 1, max_downloads: 1 }), '1 of 1 download');
  assert.equal(downloadsText({ ...share, downloads: 2, max_downloads: 5 }), '2 of 5 downloads');
});

test('listedShares leaves revoked links out and keeps the order', () => {
  const list = [{ share_id: '1', revoked_at: null }, { share_id: '2', revoked_at: '2026-01-01T00:00:00Z' }, { share_id: '3' }];
  assert.deepEqual(listedShares(list).map((s) => s.share_id), ['1', '3']);
});

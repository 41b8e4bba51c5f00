import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formats } from '../../main/webapp/js/format.js';
import { canWrite, cleanToken, decodeClaims, groupsOf, identityText, isExpired } from '../../main/webapp/js/token.js';

const base64url = (text) => Buffer.from(text, 'utf8').toString('base64url');
const jwt = (claims) => `${base64url('{"alg":"RS256"}')}.${base64url(JSON.stringify(claims))}.c2ln`;

const CLAIMS = { sub: 'zoë', org_id: 'org-1', groups: ['artifacts.read', 'artifacts.write'], exp: 1_900_000_000 };

test('decodeClaims reads the middle part as UTF-8 JSON, base64url with or without padding', () => {
  assert.deepEqual(decodeClaims(jwt(CLAIMS)), CLAIMS);
  const [h, p, s] = jwt({ sub: 'a' }).split('.');
  const padded = p.padEnd(Math.ceil(p.length / 4) * 4, '=');
  assert.deepEqual(decodeClaims(`${h}.${padded}.${s}`), { sub: 'a' });
});

test('decodeClaims refuses what is not a JWT with an object payload', () => {
  for (const token of ['', 'abc', 'a.b', 'a.b.c.d', 'a.!!!.c', `a.${base64url('not json')}.c`,
    `a.${base64url('null')}.c`, `a.${base64url('[1]')}.c`, `a.${base64url('42')}.c`]) {
    assert.equal(decodeClaims(token), null, token);
  }
});

test('cleanToken trims and drops a pasted "Bearer " prefix', () => {
  assert.equal(cleanToken('  Bearer a.b.c \n'), 'a.b.c');
  assert.equal(cleanToken('bearer   a.b.c'), 'a.b.c');
  assert.equal(cleanToken('a.b.c'), 'a.b.c');
});

test('groups may be a list or one string; only artifacts.write may write', () => {
  assert.deepEqual(groupsOf({ groups: 'artifacts.read' }), ['artifacts.read']);
  assert.deepEqual(groupsOf({}), []);
  assert.deepEqual(groupsOf(null), []);
  assert.ok(canWrite(CLAIMS));
  assert.ok(canWrite({ groups: 'artifacts.write' }));
  assert.ok(!canWrite({ groups: ['artifacts.read'] }));
  assert.ok(!canWrite(null));
});

test('isExpired compares exp (seconds) with now (milliseconds)', () => {
  assert.ok(isExpired({ exp: 100 }, 100_000));
  assert.ok(isExpired({ exp: 100 }, 100_001));
  assert.ok(!isExpired({ exp: 100 }, 99_999));
  assert.ok(!isExpired({}, Date.now()));
  assert.ok(!isExpired(null));
});

test('identityText names the user, organization, access and expiry', () => {
  const f = formats('en-US', 'UTC');
  const exp = CLAIMS.exp * 1000;
  // Newer ICU puts a narrow no-break space before PM.
  const spaced = (text) => text.replace(/\s/g, ' ');
  assert.equal(spaced(identityText(CLAIMS, exp - 1, f)), 'zoë · organization org-1 · read and write · until Mar 17, 2030, 5:46 PM');
  assert.match(identityText(CLAIMS, exp, f), / · expired Mar 17, 2030/);
  assert.equal(identityText({ upn: 'bob', groups: ['artifacts.read'] }, 0, f), 'bob · organization (none) · read only');
  assert.equal(identityText({}, 0, f), 'unknown user · organization (none) · no access groups');
});

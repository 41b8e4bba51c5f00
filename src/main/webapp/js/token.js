// The bearer token as the page sees it: a JWT whose claims it reads, never verifies (the service does).
// Pure: no DOM.

import { dateText } from './format.js';

/** What a person pasted, without surrounding space or a leading "Bearer ". */
export function cleanToken(pasted) {
  return pasted.trim().replace(/^Bearer\s+/i, '');
}

/** The claims of a JWT (its middle part, base64url JSON), or null when it is not one. */
export function decodeClaims(token) {
  const parts = token.split('.');
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]+=*$/.test(parts[1])) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? claims : null;
  } catch {
    return null;
  }
}

/** The token's groups claim as a list (MP JWT allows one string too). */
export function groupsOf(claims) {
  const groups = claims && claims.groups;
  return Array.isArray(groups) ? groups : typeof groups === 'string' ? [groups] : [];
}

/** Whether the token lets its holder upload and delete (group artifacts.write). */
export function canWrite(claims) {
  return groupsOf(claims).includes('artifacts.write');
}

/** Whether the token's exp lies at or before now (epoch milliseconds). */
export function isExpired(claims, now = Date.now()) {
  return !!claims && typeof claims.exp === 'number' && claims.exp * 1000 <= now;
}

/** "alice · organization … · read and write · until …", for the top bar. */
export function identityText(claims, now = Date.now(), f = undefined) {
  const groups = groupsOf(claims);
  const access = groups.includes('artifacts.write') ? 'read and write'
    : groups.includes('artifacts.read') ? 'read only' : 'no access groups';
  const parts = [`${claims.sub || claims.upn || 'unknown user'}`, `organization ${claims.org_id || '(none)'}`, access];
  if (typeof claims.exp === 'number') {
    const exp = claims.exp * 1000;
    parts.push(`${exp <= now ? 'expired' : 'until'} ${dateText(exp, f)}`);
  }
  return parts.join(' · ');
}

// Share links (POST/GET/DELETE /api/shares): the expiry choices of the Share dialog, the request it sends, and
// how a link's state reads in the list. Pure: no DOM.

/** Shortest and longest lifetimes the API accepts, in seconds (the service may cap lower: its 400 says so). */
export const MIN_EXPIRY_SECONDS = 60;
export const MAX_EXPIRY_SECONDS = 365 * 24 * 3600;

/** The dialog's expiry choices: value in seconds (or 'custom' for a number of seconds typed in), label. */
export const EXPIRY_CHOICES = [
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days' },
  { value: '2592000', label: '30 days' },
  { value: 'custom', label: 'Seconds…' },
];

/** The choice selected when the dialog opens. */
export const DEFAULT_EXPIRY = '604800';

const wholeNumber = (text) => (/^\s*\d+\s*$/.test(String(text)) ? Number(text) : NaN);

/**
 * The body of POST /api/shares from the dialog's fields, or {error, field} for a value the API would refuse:
 * expiry is a choice's value ('custom' reads seconds), limit is '' for no limit or a whole number of at least 1;
 * path null shares the whole session (the body then has no path).
 */
export function shareRequest({ sessionId, path, expiry, seconds, limit }) {
  const expiresIn = expiry === 'custom' ? wholeNumber(seconds) : Number(expiry);
  if (!Number.isInteger(expiresIn) || expiresIn < MIN_EXPIRY_SECONDS || expiresIn > MAX_EXPIRY_SECONDS) {
    return { field: 'seconds', error: `The link must last ${MIN_EXPIRY_SECONDS} to ${MAX_EXPIRY_SECONDS} seconds (365 days).` };
  }
  const body = { session_id: sessionId };
  if (path) body.path = path;
  body.expires_in = expiresIn;
  const trimmed = String(limit ?? '').trim();
  if (trimmed !== '') {
    const max = wholeNumber(trimmed);
    if (!Number.isInteger(max) || max < 1) return { field: 'limit', error: 'The download limit is a whole number of at least 1, or empty for no limit.' };
    body.max_downloads = max;
  }
  return { body };
}

/** 3600 → "1 hour", 90 → "90 seconds", 172800 → "2 days": the largest whole unit. */
export function durationText(seconds) {
  for (const [unit, size] of [['day', 86400], ['hour', 3600], ['minute', 60]]) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** A listed link's state at now (epoch ms): 'revoked', 'expired', 'used up' or 'active'. */
export function shareStatus(share, now = Date.now()) {
  if (share.revoked_at) return 'revoked';
  if (new Date(share.expires_at).getTime() <= now) return 'expired';
  if (share.max_downloads !== null && share.max_downloads !== undefined && share.downloads >= share.max_downloads) return 'used up';
  return 'active';
}

/** "1 of 5 downloads", or "3 downloads (no limit)". */
export function downloadsText(share) {
  if (share.max_downloads === null || share.max_downloads === undefined) {
    return `${share.downloads} download${share.downloads === 1 ? '' : 's'} (no limit)`;
  }
  return `${share.downloads} of ${share.max_downloads} download${share.max_downloads === 1 ? '' : 's'}`;
}

/** The links the list shows: not revoked, newest first as the API sends them. */
export function listedShares(shares) {
  return shares.filter((s) => !s.revoked_at);
}

// Artifact paths, the page's addresses (#/sessions/{id}/files/{path}) and the API's URLs. Pure: no DOM.

/** Each segment percent-encoded, the slashes kept: "a b/c#d" → "a%20b/c%23d". */
export function encodePath(path) {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** The inverse of encodePath, or null when a segment is not valid percent-encoding. */
export function decodePath(encoded) {
  try {
    return encoded.split('/').map(decodeURIComponent).join('/');
  } catch {
    return null;
  }
}

/** "terraform/modules/main.tf" → "main.tf". */
export function fileName(path) {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** "terraform/modules/main.tf" → "terraform/modules"; "README.md" → "". */
export function folderOf(path) {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

/** A folder typed by a person: no surrounding spaces or slashes, no empty segments. */
export function normaliseFolder(folder) {
  return folder.trim().replace(/^\/+|\/+$/g, '').replace(/\/{2,}/g, '/');
}

/** The path of a file named name in folder ("" is the top). */
export function joinPath(folder, name) {
  return folder ? `${folder}/${name}` : name;
}

/**
 * A link or image address in a Markdown file of folder dir ("" or ending with "/"), resolved to an artifact path;
 * null when it leaves the session (too many ".."), or is not valid percent-encoding. Query and fragment are dropped.
 */
export function resolvePath(dir, relative) {
  let decoded;
  try { decoded = decodeURIComponent(relative.split('#')[0].split('?')[0]); } catch { return null; }
  const out = [];
  for (const segment of (decoded.startsWith('/') ? decoded : dir + decoded).split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (!out.length) return null;
      out.pop();
    } else {
      out.push(segment);
    }
  }
  return out.join('/');
}

/** Whether an address in a document points elsewhere (has a scheme, or is protocol-relative). */
export function isExternal(address) {
  return /^[a-z][a-z0-9+.-]*:/i.test(address) || address.startsWith('//');
}

/** Every folder the artifacts are in (with their parents) and the types' folders, sorted, for suggestions. */
export function knownFolders(artifacts, typeFolders = []) {
  const folders = new Set(typeFolders.filter(Boolean));
  for (const a of artifacts) {
    const parts = a.path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  return [...folders].sort();
}

/** The file name in a Content-Disposition header (RFC 6266: filename* in UTF-8 first), else fallback. */
export function filenameFromDisposition(header, fallback) {
  const value = header || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(value);
  if (star) {
    try { return decodeURIComponent(star[1].trim()); } catch { /* fall through to filename= */ }
  }
  const plain = /filename="([^"]+)"/i.exec(value);
  return plain ? plain[1] : fallback;
}

// ------------------------------------------------------------------------------------------- page addresses

/** "#/sessions/{id}". */
export function sessionHash(sessionId) {
  return `#/sessions/${sessionId}`;
}

/** "#/sessions/{id}/files/{encoded path}". */
export function fileHash(sessionId, path) {
  return `${sessionHash(sessionId)}/files/${encodePath(path)}`;
}

/** "#/compare", "#/compare/{a}" or "#/compare/{a}/{b}": the Compare sessions view, from a to b. */
export function compareHash(from, to) {
  return `#/compare${from ? `/${from}` : ''}${from && to ? `/${to}` : ''}`;
}

/** The sessions (lower case, or null) of a Compare sessions address, or null for any other address. */
export function parseCompare(hash) {
  const id = '([0-9a-fA-F-]{36})';
  const m = new RegExp(`^#/compare(?:/${id}(?:/${id})?)?/?$`).exec(hash || '');
  if (!m) return null;
  return { from: m[1] ? m[1].toLowerCase() : null, to: m[2] ? m[2].toLowerCase() : null };
}

/** The session id (lower case) and file path of a page address; nulls for any other address. */
export function parseRoute(hash) {
  const m = /^#\/sessions\/([0-9a-fA-F-]{36})(?:\/files\/(.+))?$/.exec(hash || '');
  if (!m) return { sessionId: null, path: null };
  return { sessionId: m[1].toLowerCase(), path: m[2] ? decodePath(m[2]) : null };
}

// ------------------------------------------------------------------------------------------- API URLs

const query = (params) => {
  const pairs = params.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
};

/** The API's URLs, relative to the page (API.md); every path segment encoded. */
export const urls = {
  sessions: (cursor) => `api/sessions${query([['cursor', cursor]])}`,
  session: (id) => `api/sessions/${encodeURIComponent(id)}`,
  list: (id, cursor) => `api/artifacts/list/${encodeURIComponent(id)}${query([['cursor', cursor]])}`,
  artifact: (id, path) => `api/artifacts/${encodeURIComponent(id)}/${encodePath(path)}`,
  download: (id, path, inline = false, version = null) => `api/artifacts/download/${encodeURIComponent(id)}/${encodePath(path)}`
    + query([['disposition', inline ? 'inline' : null], ['version', version]]),
  versions: (id, path) => `api/artifacts/versions/${encodeURIComponent(id)}/${encodePath(path)}`,
  restore: (id, path, version) =>
    `api/artifacts/restore/${encodeURIComponent(id)}/${encodePath(path)}${query([['version', version]])}`,
  diff: (id, path, { from, to, againstSession } = {}) => `api/artifacts/diff/${encodeURIComponent(id)}/${encodePath(path)}`
    + query([['from', from], ['to', to], ['against_session', againstSession]]),
  compare: (id, other) => `api/sessions/${encodeURIComponent(id)}/compare/${encodeURIComponent(other)}`,
  shares: (sessionId) => `api/shares${query([['session_id', sessionId]])}`,
  share: (shareId) => `api/shares/${encodeURIComponent(shareId)}`,
  upload: (id, path) => `api/artifacts/upload/${encodeURIComponent(id)}/${encodePath(path)}`,
  link: (id, path, seconds) =>
    `api/artifacts/download-url/${encodeURIComponent(id)}/${encodePath(path)}${query([['expires_in', seconds]])}`,
  bundle: (id, types = []) => `api/artifacts/bundle/${encodeURIComponent(id)}${query(types.map((t) => ['type', t]))}`,
  pageConfig: 'page/config',
  demoToken: 'page/demo-token',
};

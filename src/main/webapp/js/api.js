// The one client of the service's API: every request goes through request(), with the token, and every error
// answer through problem.js's parser. Touches no DOM; uses fetch(), and XMLHttpRequest for upload progress.

import { networkError, problemFrom } from './problem.js';
import { state } from './state.js';

function headersFor(auth, headers) {
  return auth ? { Authorization: `Bearer ${state.token}`, ...headers } : { ...headers };
}

async function textOf(response) {
  try { return await response.text(); } catch { return ''; }
}

/**
 * fetch() with the token (unless auth is false), never cached; resolves to the response for 2xx, else rejects with
 * the answer's ApiError (status 0 when the service was not reached). An abort rejects with the AbortError.
 */
export async function request(url, { method = 'GET', headers = {}, body, signal, auth = true } = {}) {
  let response;
  try {
    response = await fetch(url, { method, body, signal, cache: 'no-store', headers: headersFor(auth, headers) });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw networkError(`The service could not be reached (${e.message}).`);
  }
  if (!response.ok) throw problemFrom(response.status, response.statusText, await textOf(response));
  return response;
}

/** The JSON body of a GET (or other method). */
export async function getJson(url, options = {}) {
  const response = await request(url, { ...options, headers: { Accept: 'application/json', ...options.headers } });
  return response.json();
}

/** The body of a GET as text (UTF-8 unless the answer says otherwise). */
export async function getText(url, options = {}) {
  return (await request(url, options)).text();
}

/** POSTs body as JSON (none when undefined) and resolves to the answer's JSON. */
export async function postJson(url, body, options = {}) {
  const headers = { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  const response = await request(url, {
    ...options, method: 'POST', headers: { ...headers, ...options.headers }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

/** The body of a GET as an ArrayBuffer. */
export async function getBytes(url, options = {}) {
  return (await request(url, options)).arrayBuffer();
}

/**
 * The body of a GET as a Blob, reporting progress as onProgress(received, total) (total 0 when unknown);
 * resolves to {blob, response}.
 */
export async function download(url, onProgress, options = {}) {
  const response = await request(url, options);
  const type = response.headers.get('Content-Type') || 'application/octet-stream';
  if (!response.body) return { blob: await response.blob(), response };
  const total = Number(response.headers.get('Content-Length')) || 0;
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress(received, total);
  }
  return { blob: new Blob(chunks, { type }), response };
}

/**
 * PUT of a file with upload progress as onProgress(fraction) (fetch() cannot report it); resolves to the status
 * for 2xx, else rejects with the answer's ApiError.
 */
export function upload(url, file, headers, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headersFor(true, headers))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.status);
      else reject(problemFrom(xhr.status, xhr.statusText, xhr.responseText));
    };
    xhr.onerror = () => reject(networkError('The upload did not reach the service.'));
    xhr.send(file);
  });
}

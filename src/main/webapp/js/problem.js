// The service's errors: problem details (RFC 9457, application/problem+json). Pure: no DOM, no fetch.

/** An API failure with the problem's fields; status 0 when the service was not reached. */
export class ApiError extends Error {
  constructor(status, title, detail, type = null) {
    super(detail || title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.type = type;
  }
}

const text = (value) => (typeof value === 'string' && value.trim() ? value : null);

/**
 * The one parser of error answers: status, status text and body text (whatever fetch() or XMLHttpRequest got).
 * A problem+json body gives title, detail and type; any other body (HTML, empty, not an object) keeps the status
 * line, and a missing detail says what the service answered.
 */
export function problemFrom(status, statusText, body) {
  let title = text(statusText) || `HTTP ${status}`;
  let detail = null;
  let type = null;
  let problem = null;
  try { problem = JSON.parse(body); } catch { /* not JSON: keep the status line */ }
  if (problem && typeof problem === 'object' && !Array.isArray(problem)) {
    title = text(problem.title) || title;
    detail = text(problem.detail);
    type = text(problem.type);
  }
  return new ApiError(status, title, detail || `The service answered ${status} ${title}.`, type);
}

/** A request that never got an answer. */
export function networkError(detail) {
  return new ApiError(0, 'Network error', detail);
}

/** The sentence to show for any failure: a problem's detail, else the error's message. */
export function errorDetail(error) {
  if (error instanceof ApiError) return error.detail;
  return String((error && error.message) || error);
}

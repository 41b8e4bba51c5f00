// The shared look of loading, empty and error states: never a blank panel.

import { h } from '../dom.js';
import { dateText } from '../format.js';
import { ApiError, errorDetail } from '../problem.js';
import { state } from '../state.js';
import { isExpired } from '../token.js';

let signInAgain = () => {};

/** What "Sign in again" on a 401 does (set by main.js). */
export function onSignInAgain(handler) {
  signInAgain = handler;
}

/** A spinner and a text, announced politely. */
export function loadingState(text) {
  return h('div', { class: 'state loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

/** A dashed box saying there is nothing here. */
export function emptyState(text, ...more) {
  return h('div', { class: 'state empty' }, h('p', {}, text), ...more);
}

/**
 * What failed, the problem's detail and status, and a way on: "Sign in again" for a 401 (saying when the token
 * expired), else "Try again" when retry is given.
 */
export function errorState(what, error, retry) {
  const box = h('div', { class: 'state error', role: 'alert' },
    h('p', { class: 'error-title' }, what),
    h('p', { class: 'error-detail' }, errorDetail(error)));
  if (error instanceof ApiError && error.status) {
    box.append(h('p', { class: 'error-status' }, `HTTP ${error.status} · ${error.title}`));
  }
  if (error instanceof ApiError && error.status === 401) {
    if (isExpired(state.claims)) {
      box.append(h('p', { class: 'error-hint' },
        `Your token expired ${dateText(state.claims.exp * 1000)}. Sign in with a new one.`));
    }
    box.append(h('button', { type: 'button', class: 'button primary', onclick: () => signInAgain('Sign in again.') },
      'Sign in again'));
  } else if (retry) {
    box.append(h('button', { type: 'button', class: 'button', onclick: retry }, 'Try again'));
  }
  return box;
}

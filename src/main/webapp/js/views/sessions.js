// The sessions list (left panel): the organization's sessions, newest first, page by page.

import { getJson } from '../api.js';
import { elements, h, timeEl } from '../dom.js';
import { bytesText, count, humanSize } from '../format.js';
import { sessionHash, urls } from '../paths.js';
import { state } from '../state.js';
import { emptyState, errorState, loadingState } from './states.js';

let els;

/** Looks up the panel's elements and wires Reload and Load more. */
export function init() {
  els = elements({ state: 'sessions-state', list: 'sessions-list', more: 'sessions-more', reload: 'sessions-refresh' });
  els.reload.addEventListener('click', () => loadSessions());
  els.more.addEventListener('click', () => loadSessions(true));
}

let loaded = Promise.resolve();

/** Resolves once the sessions being loaded are in state.sessions (or failed to load). */
export function whenSessionsLoaded() {
  return loaded;
}

/** Loads the first page of sessions again, or (more) the next page. */
export function loadSessions(more = false) {
  loaded = fetchSessions(more);
  return loaded;
}

async function fetchSessions(more) {
  if (!more) {
    state.sessions = [];
    state.sessionsCursor = null;
    els.state.replaceChildren(loadingState('Loading sessions…'));
    els.list.replaceChildren();
  }
  try {
    const page = await getJson(urls.sessions(more ? state.sessionsCursor : null));
    state.sessions.push(...page.sessions);
    state.sessionsCursor = page.next_cursor || null;
    els.state.replaceChildren(...(state.sessions.length ? [] : [emptyState('No sessions in this organization yet.')]));
    renderSessions();
  } catch (e) {
    els.state.replaceChildren(errorState('The sessions could not be loaded.', e, () => loadSessions()));
  }
}

/** Draws the loaded sessions, marking the open one. */
export function renderSessions() {
  els.list.replaceChildren(...state.sessions.map((s) => {
    const current = state.session && state.session.session_id === s.session_id;
    return h('li', {},
      h('a', {
        href: sessionHash(s.session_id), class: 'session-link', 'aria-current': current ? 'page' : null,
        dataset: { sessionId: s.session_id },
      },
      h('span', { class: 'session-name' }, s.title || 'Untitled session'),
      h('span', { class: 'session-sub' }, timeEl(s.created_at)),
      h('span', { class: 'session-sub' }, `${count(s.artifact_count, 'file', 'files')} · `,
        h('span', { title: bytesText(s.total_size) }, humanSize(s.total_size)))));
  }));
  els.more.hidden = !state.sessionsCursor;
}

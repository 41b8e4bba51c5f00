// Share links: the Share dialog (a file, or the whole session as a ZIP; writers) that creates one with POST
// /api/shares, and the open session's links (GET /api/shares?session_id=) with their counts, expiry and Revoke.

import { getJson, postJson, request } from '../api.js';
import { announce, copyText, elements, h, timeEl } from '../dom.js';
import { dateText } from '../format.js';
import { fileHash, fileName, urls } from '../paths.js';
import { errorDetail } from '../problem.js';
import {
  DEFAULT_EXPIRY, EXPIRY_CHOICES, downloadsText, durationText, listedShares, shareRequest, shareStatus,
} from '../share-links.js';
import { state } from '../state.js';
import { canWrite } from '../token.js';
import { confirmDialog } from './dialogs.js';
import { errorState, loadingState } from './states.js';

let els;
let sharedPath = null; // the path the dialog shares; null: the whole session

/** Looks up the dialog's and the list's elements and wires their buttons. */
export function init() {
  els = elements({
    dialog: 'share-dialog', form: 'share-form', title: 'share-title', what: 'share-what', expiry: 'share-expiry',
    secondsField: 'share-seconds-field', seconds: 'share-seconds', limit: 'share-limit', error: 'share-error',
    result: 'share-result', url: 'share-url', copy: 'share-copy', status: 'share-status', close: 'share-close',
    submit: 'share-submit', section: 'shares-section', heading: 'shares-title', state: 'shares-state',
    list: 'shares-list', reload: 'shares-reload', sessionShare: 'session-share',
  });
  els.expiry.replaceChildren(...EXPIRY_CHOICES.map((c) => h('option', { value: c.value }, c.label)));
  els.expiry.addEventListener('change', () => {
    els.secondsField.hidden = els.expiry.value !== 'custom';
    if (!els.secondsField.hidden) els.seconds.focus();
  });
  els.form.addEventListener('submit', createShare);
  els.copy.addEventListener('click', async () => {
    const ok = await copyText(els.url.value, els.url);
    els.status.textContent = ok ? 'Copied to the clipboard.' : 'Select the link and copy it.';
    announce(ok ? 'Share link copied.' : 'Select the link and copy it.');
  });
  els.close.addEventListener('click', () => els.dialog.close());
  els.reload.addEventListener('click', () => loadShares());
  els.sessionShare.addEventListener('click', () => openShareDialog(null));
}

/** Shows "Share session…" to writers only. */
export function allowShare() {
  els.sessionShare.hidden = !canWrite(state.claims);
}

/** Opens the Share dialog for path of the open session, or (null) for the whole session's ZIP. */
export function openShareDialog(path) {
  sharedPath = path;
  els.title.textContent = path ? `Share ${fileName(path)}` : 'Share the whole session';
  els.what.textContent = path
    ? `Anyone with the link can download ${path}, without signing in, until the link expires or is revoked.`
    : 'Anyone with the link can download every file of this session as one ZIP, without signing in, until the link '
      + 'expires or is revoked.';
  els.expiry.value = DEFAULT_EXPIRY;
  els.secondsField.hidden = true;
  els.seconds.value = '';
  els.limit.value = '';
  els.error.hidden = true;
  els.result.hidden = true;
  els.url.value = '';
  els.status.textContent = '';
  els.submit.disabled = false;
  els.submit.textContent = 'Create link';
  els.dialog.showModal();
  els.expiry.focus();
}

async function createShare(event) {
  event.preventDefault();
  const made = shareRequest({
    sessionId: state.session.session_id, path: sharedPath, expiry: els.expiry.value, seconds: els.seconds.value,
    limit: els.limit.value,
  });
  els.error.hidden = true;
  if (made.error) {
    els.error.textContent = made.error;
    els.error.hidden = false;
    (made.field === 'limit' ? els.limit : els.seconds.offsetParent ? els.seconds : els.expiry).focus();
    return;
  }
  els.submit.disabled = true;
  try {
    const share = await postJson(urls.shares(), made.body);
    els.url.value = share.url;
    els.result.hidden = false;
    els.status.textContent = `Valid for ${durationText(made.body.expires_in)}, until ${dateText(share.expires_at)}; `
      + `${share.max_downloads ? `${share.max_downloads} download${share.max_downloads === 1 ? '' : 's'} allowed` : 'no download limit'}.`;
    els.submit.textContent = 'Create another link';
    els.url.focus();
    els.url.select();
    announce('Share link created. Copy it with the Copy button.');
    await loadShares();
  } catch (e) {
    els.error.textContent = errorDetail(e);
    els.error.hidden = false;
  } finally {
    els.submit.disabled = false;
  }
}

/** Lists the open session's share links (revoked ones are left out); the section hides when there is none. */
export async function loadShares() {
  const sessionId = state.session && state.session.session_id;
  if (!sessionId) return;
  els.state.replaceChildren(loadingState('Loading share links…'));
  try {
    const { shares } = await getJson(urls.shares(sessionId));
    if (!state.session || state.session.session_id !== sessionId) return;
    const listed = listedShares(shares || []);
    els.state.replaceChildren();
    els.section.hidden = !listed.length;
    els.list.replaceChildren(...listed.map(shareItem));
  } catch (e) {
    if (!state.session || state.session.session_id !== sessionId) return;
    els.section.hidden = false;
    els.list.replaceChildren();
    els.state.replaceChildren(errorState('The share links of this session could not be loaded.', e, () => loadShares()));
  }
}

/** Empties the list (another session is opening). */
export function clearShares() {
  els.section.hidden = true;
  els.list.replaceChildren();
  els.state.replaceChildren();
}

function shareItem(s) {
  const status = shareStatus(s);
  const target = s.path
    ? h('a', { href: fileHash(s.session_id, s.path), class: 'mono' }, s.path)
    : h('span', {}, 'Whole session (ZIP)');
  const expiry = status === 'expired' ? ['expired ', timeEl(s.expires_at)] : ['expires ', timeEl(s.expires_at)];
  return h('li', { class: `share share-${status.replace(' ', '-')}`, dataset: { shareId: s.share_id, path: s.path || '' } },
    h('div', { class: 'share-target' }, target, status === 'active' ? null : h('span', { class: 'tag' }, status)),
    h('div', { class: 'share-info' },
      h('span', { class: 'share-downloads' }, downloadsText(s)), ' · ', ...expiry,
      s.created_by ? ` · by ${s.created_by}` : ''),
    canWrite(state.claims) ? h('button', {
      type: 'button', class: 'button small danger share-revoke', onclick: (e) => revoke(s, e.currentTarget),
    }, 'Revoke', h('span', { class: 'visually-hidden' }, ` the link to ${s.path || 'the whole session'}`)) : null);
}

async function revoke(s, button) {
  const what = s.path || 'the whole session';
  const ok = await confirmDialog('Revoke this share link?',
    `The link to ${what} stops working at once, for everyone who has it. This cannot be undone.`, 'Revoke');
  if (!ok) {
    button.focus();
    return;
  }
  try {
    await request(urls.share(s.share_id), { method: 'DELETE' });
    announce(`The link to ${what} is revoked.`);
    await loadShares();
    (els.section.hidden ? els.sessionShare : els.heading).focus();
  } catch (e) {
    els.state.replaceChildren(errorState(`The link to ${what} could not be revoked.`, e));
  }
}

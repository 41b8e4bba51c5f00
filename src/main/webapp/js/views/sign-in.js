// Signing in and out: the token form, the demo-token button (local mode), and who is signed in (top bar).

import { getJson } from '../api.js';
import { elements } from '../dom.js';
import { urls } from '../paths.js';
import { errorDetail } from '../problem.js';
import { TOKEN_KEY, forgetSignIn, state } from '../state.js';
import { cleanToken, decodeClaims, identityText } from '../token.js';

let els;
let onSignedIn = () => {};

/** Looks up the form's and top bar's elements and wires them; signedIn runs once a token is taken. */
export function init({ signedIn }) {
  els = elements({
    section: 'sign-in', form: 'sign-in-form', input: 'token-input', error: 'sign-in-error', demo: 'demo-token',
    demoHint: 'demo-token-hint', app: 'app', identity: 'identity', identityText: 'identity-text', signOut: 'sign-out',
  });
  onSignedIn = signedIn;
  els.form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!els.input.value.trim()) showSignIn('Paste a token first.');
    else signIn(els.input.value);
  });
  els.demo.addEventListener('click', useDemoToken);
  els.signOut.addEventListener('click', () => signOut());
}

/** Offers the demo token in local mode only. */
export function offerDemoToken(localMode) {
  els.demo.hidden = !localMode;
  els.demoHint.hidden = !localMode;
}

/** The sign-in form, with message (if any) as its error. */
export function showSignIn(message) {
  els.app.hidden = true;
  els.identity.hidden = true;
  els.section.hidden = false;
  els.error.hidden = !message;
  els.error.textContent = message || '';
  els.input.focus();
}

/** Takes a pasted (or saved) token: keeps it for this tab and opens the page, or says why it is not a JWT. */
export function signIn(pasted) {
  const token = cleanToken(pasted);
  const claims = decodeClaims(token);
  if (!claims) {
    showSignIn('That is not a JWT: expected three base64url parts separated by dots.');
    return;
  }
  state.token = token;
  state.claims = claims;
  sessionStorage.setItem(TOKEN_KEY, token);
  els.input.value = '';
  els.section.hidden = true;
  els.app.hidden = false;
  els.identityText.textContent = identityText(claims);
  els.identity.hidden = false;
  onSignedIn();
}

/** Forgets the token (this tab's copy too) and shows the form with message. */
export function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  forgetSignIn();
  if (location.hash && location.hash !== '#/') history.replaceState(null, '', '#/');
  showSignIn(message);
}

async function useDemoToken() {
  els.demo.disabled = true;
  try {
    signIn((await getJson(urls.demoToken, { auth: false })).token);
  } catch (e) {
    showSignIn(`No demo token: ${errorDetail(e)}`);
  } finally {
    els.demo.disabled = false;
  }
}

// The artifacts page: sign in with a token, browse an organization's sessions, and preview, download, link,
// upload and delete their artifacts, see their versions and diffs, compare sessions and share links through the
// service's own API (see API.md). Native ES modules, no build
// step; marked, DOMPurify and highlight.js are loaded from WebJars by index.html as globals.
//
// This module wires the views together and routes the page's address (#/sessions/{id}/files/{path},
// #/compare/{a}/{b}).

import { getJson } from './api.js';
import { registerLanguages } from './highlight-languages.js';
import { parseCompare, parseRoute, urls } from './paths.js';
import { TOKEN_KEY, state } from './state.js';
import { typeTable } from './types.js';
import * as compare from './views/compare.js';
import * as dialogs from './views/dialogs.js';
import * as preview from './views/preview.js';
import * as session from './views/session.js';
import * as sessions from './views/sessions.js';
import * as shares from './views/shares.js';
import * as signIn from './views/sign-in.js';
import { onSignInAgain } from './views/states.js';
import * as transfer from './views/transfer.js';
import * as tree from './views/tree.js';
import * as upload from './views/upload.js';
import * as versions from './views/versions.js';

/** Shows what the address names: no session, a session, a file of it, or two sessions compared. */
async function route() {
  if (!state.token) return;
  const comparing = parseCompare(location.hash);
  if (comparing) {
    session.hide();
    await compare.show(comparing);
    return;
  }
  compare.hide();
  const { sessionId, path } = parseRoute(location.hash);
  if (!sessionId) {
    session.showNone();
    return;
  }
  if (!state.session || state.session.session_id !== sessionId) await session.openSession(sessionId);
  if (path !== state.selectedPath) {
    state.focusPreview = true;
    preview.selectFile(path);
  }
}

/** Whether this is local mode, and the artifact types (GET /page/config); neither when it cannot be read. */
async function loadPageConfig() {
  try {
    const config = await getJson(urls.pageConfig, { auth: false });
    state.localMode = config.local_mode === true;
    state.types = typeTable(config.artifact_types);
  } catch {
    state.localMode = false;
    state.types = [];
  }
}

async function start() {
  if (window.hljs) registerLanguages(window.hljs);
  dialogs.init();
  transfer.init();
  sessions.init();
  tree.init({ typesChanged: session.updateSelectedTypesButton });
  preview.init({
    deleted: async () => {
      await session.reloadArtifacts(null);
      session.focusTitle();
    },
  });
  upload.init({ uploaded: (path) => session.reloadArtifacts(path) });
  versions.init({ restored: (path) => session.reloadArtifacts(path) });
  shares.init();
  compare.init();
  session.init();
  signIn.init({
    signedIn: () => {
      sessions.loadSessions();
      route();
    },
  });
  onSignInAgain((message) => signIn.signOut(message));
  window.addEventListener('hashchange', route);

  await loadPageConfig();
  signIn.offerDemoToken(state.localMode);
  upload.describeTypes();
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) signIn.signIn(saved); else signIn.showSignIn();
  document.body.dataset.ready = 'true';
}

start();

// Everything the page remembers, in one place. Views read and change it; no other module keeps state.

/** sessionStorage key of the token: it lives as long as the browser tab. */
export const TOKEN_KEY = 'artifact-service.token';

export const state = {
  token: null,
  claims: null,
  localMode: false,
  types: [],              // artifact types from /page/config, with badges (types.js typeTable), in the page's order
  sessions: [],           // the sessions loaded so far, newest first
  sessionsCursor: null,   // next_cursor of the last page of sessions
  session: null,          // the open session (from the sessions list or GET /api/sessions/{id})
  artifacts: [],          // every artifact of the open session
  loadSeq: 0,             // increases with every session opened, so that a late answer for another is dropped
  selectedPath: null,     // the file in the preview
  selectedTypes: new Set(), // types ticked "Include in ZIP"
  focusPreview: false,    // whether the next preview takes focus (opened by the person, not by a reload)
  previewAbort: null,     // AbortController of the preview being loaded
  previewUrls: [],        // blob: URLs of the preview, revoked when it changes
  droppedFiles: null,     // files dropped outside a folder, waiting in the upload dialog
  transferTimer: null,    // hides a finished transfer's progress after a while
};

/** Forgets the token and everything seen with it. */
export function forgetSignIn() {
  Object.assign(state, {
    token: null, claims: null, sessions: [], sessionsCursor: null, session: null, artifacts: [], selectedPath: null,
  });
  state.selectedTypes.clear();
}

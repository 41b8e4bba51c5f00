// The confirmation dialog (<dialog id="confirm-dialog">).

import { elements } from '../dom.js';

let els;

/** Looks up the dialog's elements. */
export function init() {
  els = elements({
    dialog: 'confirm-dialog', title: 'confirm-title', text: 'confirm-text', ok: 'confirm-ok', cancel: 'confirm-cancel',
  });
}

/** Asks a question in a modal dialog; resolves to true for okLabel's button, false for Cancel or Escape. */
export function confirmDialog(title, text, okLabel) {
  els.title.textContent = title;
  els.text.textContent = text;
  els.ok.textContent = okLabel;
  els.dialog.returnValue = '';
  els.dialog.showModal();
  els.cancel.focus();
  return new Promise((resolve) => {
    els.dialog.addEventListener('close', () => resolve(els.dialog.returnValue === 'ok'), { once: true });
  });
}

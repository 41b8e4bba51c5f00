// How a file is previewed and which highlight.js language colours it, from its name and media type. Pure: no DOM.

import { fileName } from './paths.js';

const LANGUAGES = {
  tf: 'hcl', tfvars: 'hcl', hcl: 'hcl', yaml: 'yaml', yml: 'yaml', json: 'json', template: 'yaml',
  py: 'python', txt: 'plaintext', sh: 'bash', bash: 'bash', js: 'javascript', ts: 'typescript',
  xml: 'xml', ini: 'ini', cfg: 'ini', toml: 'ini', sql: 'sql', go: 'go', java: 'java', makefile: 'makefile',
};

const LABELS = {
  hcl: 'Terraform (HCL)', 'pip-requirements': 'pip requirements', yaml: 'YAML', json: 'JSON', python: 'Python',
  plaintext: 'plain text',
};

function extension(name) {
  return name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
}

/** The highlight.js language of a path ("hcl", "pip-requirements", ...), or null. */
export function languageOf(path) {
  const name = fileName(path).toLowerCase();
  if (/^requirements.*\.txt$/.test(name)) return 'pip-requirements';
  return LANGUAGES[extension(name) || name] || null;
}

/** A language's name for people. */
export function languageLabel(language) {
  return LABELS[language] || language;
}

/** One of markdown, svg, image, pdf, csv, code or none. */
export function previewKind(path, mimeType) {
  const ext = extension(fileName(path).toLowerCase());
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'svg') return 'svg';
  if (['png', 'jpg', 'jpeg', 'gif', 'webp'].includes(ext)) return 'image';
  if (ext === 'pdf') return 'pdf';
  if (ext === 'csv') return 'csv';
  if (languageOf(path) || (mimeType || '').startsWith('text/')) return 'code';
  return 'none';
}

/** The media type to give the bytes of a previewed image or PDF. */
export function previewMediaType(kind, mimeType) {
  if (kind === 'svg') return 'image/svg+xml';
  if (kind === 'pdf') return 'application/pdf';
  return mimeType || 'application/octet-stream';
}

/** Whether the service can diff a file's versions: not for images and PDFs (it answers 422 for binary content). */
export function isDiffable(path, mimeType) {
  return !['image', 'pdf'].includes(previewKind(path, mimeType));
}

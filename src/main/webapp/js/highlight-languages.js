// highlight.js grammars its common bundle lacks; registered by main.js when highlight.js has loaded.

/** Terraform / HCL. */
export function hclLanguage(hljs) {
  const interpolation = { className: 'subst', begin: /\$\{/, end: /\}/, keywords: 'for in if else' };
  return {
    name: 'HCL',
    aliases: ['terraform', 'tf'],
    keywords: {
      keyword: 'resource data variable output module provider terraform locals moved import check dynamic content for in if else for_each count depends_on lifecycle',
      literal: 'true false null',
      type: 'string number bool list map set object tuple any',
    },
    contains: [
      hljs.HASH_COMMENT_MODE,
      hljs.C_LINE_COMMENT_MODE,
      hljs.C_BLOCK_COMMENT_MODE,
      { className: 'string', begin: /<<-?\s*([A-Z][A-Z0-9_]*)\s*$/, end: /^\s*[A-Z][A-Z0-9_]*\s*$/, contains: [interpolation] },
      { className: 'string', begin: /"/, end: /"/, contains: [hljs.BACKSLASH_ESCAPE, interpolation] },
      { className: 'number', begin: /\b\d+(\.\d+)?\b/ },
      { className: 'attr', begin: /\b[A-Za-z_][\w-]*(?=\s*=(?!=))/ },
      { className: 'built_in', begin: /\b[a-z_][\w]*(?=\()/ },
    ],
  };
}

/** pip's requirements.txt: names, version specifiers, options, comments. */
export function requirementsLanguage(hljs) {
  return {
    name: 'pip requirements',
    contains: [
      hljs.HASH_COMMENT_MODE,
      { className: 'meta', begin: /^\s*-{1,2}[\w-]+/m },
      { className: 'title', begin: /^[A-Za-z0-9][A-Za-z0-9._-]*/m },
      { className: 'operator', begin: /===|==|~=|!=|>=|<=|>|</ },
      { className: 'number', begin: /\b\d+(\.[\w]+)*\b/ },
      { className: 'string', begin: /;/, end: /$/ },
    ],
  };
}

/** Registers both grammars with highlight.js (under "hcl" and "pip-requirements"). */
export function registerLanguages(hljs) {
  hljs.registerLanguage('hcl', hclLanguage);
  hljs.registerLanguage('pip-requirements', requirementsLanguage);
}

// The page's files as the browser gets them: index.html loads js/main.js, every import resolves, every element a
// view looks up is in index.html, and the helper modules stay free of the DOM (so that Node can test them).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const WEBAPP = resolve(dirname(fileURLToPath(import.meta.url)), '../../main/webapp');
const JS = join(WEBAPP, 'js');
const html = readFileSync(join(WEBAPP, 'index.html'), 'utf8');

function modules(dir = JS) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? modules(join(dir, e.name))
    : e.name.endsWith('.js') ? [join(dir, e.name)] : []));
}

const source = (file) => readFileSync(file, 'utf8');
const importsOf = (file) => [...source(file).matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
const name = (file) => relative(JS, file);

test('index.html loads the page as one module script, js/main.js', () => {
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.deepEqual(scripts.filter((s) => s.includes('type="module"')), ['<script type="module" src="js/main.js">']);
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), 'no inline script (the CSP forbids them)');
});

test('every module is imported from main.js, through relative imports of existing files', () => {
  const all = new Set(modules());
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file)) return;
    assert.ok(all.has(file), `${file} is imported but does not exist`);
    reached.add(file);
    for (const spec of importsOf(file)) {
      assert.match(spec, /^\.\.?\/.*\.js$/, `${name(file)} imports ${spec}: only relative .js paths work without a bundler`);
      visit(resolve(dirname(file), spec));
    }
  };
  visit(join(JS, 'main.js'));
  assert.deepEqual([...all].filter((f) => !reached.has(f)).map(name), [], 'modules nothing imports');
});

test('every element id a view looks up is in index.html', () => {
  const ids = new Set([...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
  let looked = 0;
  for (const file of modules()) {
    for (const call of source(file).matchAll(/elements\(\{([\s\S]*?)\}\)/g)) {
      for (const [, id] of call[1].matchAll(/:\s*'([^']+)'/g)) {
        looked++;
        assert.ok(ids.has(id), `${name(file)} looks up #${id}, which index.html lacks`);
      }
    }
  }
  assert.ok(looked >= 50, `only ${looked} ids found: did the elements() calls change shape?`);
});

test('only dom.js looks elements up by id; views use their elements map', () => {
  for (const file of modules()) {
    if (name(file) === 'dom.js') continue;
    assert.ok(!/getElementById|querySelector\(\s*['"]#/.test(source(file)), `${name(file)} looks an element up by id`);
  }
});

test('helper modules touch no DOM and import no view', () => {
  const helpers = modules().filter((f) => !name(f).startsWith('views/') && !['main.js', 'dom.js'].includes(name(f)));
  assert.ok(helpers.length >= 10, helpers.map(name).join(', '));
  for (const file of helpers) {
    const code = source(file).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    assert.ok(!/\b(document|window|navigator|location|sessionStorage)\b/.test(code), `${name(file)} uses the DOM`);
    for (const spec of importsOf(file)) {
      assert.ok(!spec.includes('views/') && !spec.endsWith('dom.js'), `${name(file)} imports ${spec}`);
    }
  }
});

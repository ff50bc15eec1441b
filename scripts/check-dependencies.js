#!/usr/bin/env node
'use strict';
// The layer rules of docs/architecture.md, checked rather than drawn: every relative import (type-only ones too:
// a type import circle is still a circle) and every package import of the source tree is read with TypeScript's
// own pre-processor, then checked against RULES and for import circles. Exit 1 with one line per finding.
// Our own ~150 lines rather than dependency-cruiser: the rules are few, and this runs in well under a second.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const SOURCE_DIRS = ['electron', 'shared', 'renderer', 'bench', 'e2e', 'scripts'];
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.js'];

/** The domain: one capability each, used by every transport; they never import what runs them. */
const DOMAIN = ['library', 'records', 'metadata', 'compare', 'pixels', 'images', 'recipes', 'verify'];
const RUNNERS = ['cli', 'server', 'app', 'backend'];

/**
 * [from (a folder prefix), what it may not import (folder prefixes, or `pkg:NAME` for a package), why].
 * A prefix ends with `/`; `*` in `from` stands for each of the listed names.
 */
const RULES = [
  ...DOMAIN.map((d) => [
    `electron/${d}/`,
    RUNNERS.map((r) => `electron/${r}/`),
    'the domain imports nothing that runs it (cli, server, app, backend)',
  ]),
  [
    'electron/backend/',
    ['electron/server/', 'electron/app/', 'electron/cli/'],
    'the backend is transport-neutral: no HTTP, no Electron, no CLI',
  ],
  ['electron/server/', ['electron/app/', 'electron/cli/'], 'server/ and app/ are siblings over backend/'],
  ['electron/app/', ['electron/server/', 'electron/cli/'], 'server/ and app/ are siblings over backend/'],
  [
    'electron/',
    ['renderer/', 'e2e/', 'bench/'],
    'the main side never imports the renderer or the test and bench harnesses',
  ],
  ['shared/', ['electron/', 'renderer/', 'e2e/', 'bench/', 'scripts/'], 'shared/ imports neither side'],
  [
    'renderer/',
    ['electron/', 'e2e/', 'bench/', 'scripts/'],
    'the renderer imports only renderer/ and shared/ (it talks to the backend through the contract client)',
  ],
];

/** Packages only one place may import: Electron's API outside electron/app/ would break the CLI and web mode. */
const PACKAGE_HOMES = [
  [
    'electron',
    ['electron/app/', 'e2e/electron/', 'scripts/'],
    'only electron/app/ imports Electron, so the CLI, the web mode and the tests run all the rest under Node',
  ],
];

/** Node's modules in the renderer (and in shared/ outside its tests) would not run in a browser. */
const NO_NODE = [
  ['renderer/', 'the renderer runs in a browser page'],
  ['shared/', 'shared/ runs on both sides (its *.test.ts may use node:test)'],
];

function sourceFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith('.d.ts')) files.push(full);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return files;
}

/** A relative specifier to the file it names: `./x` → x.ts / x.tsx / x/index.ts; `./x.js` → x.ts (node16 style). */
function resolveRelative(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = base.replace(/\.(c|m)?js$/, '');
  const candidates = [
    base,
    ...EXTENSIONS.map((ext) => stem + ext),
    ...EXTENSIONS.map((ext) => path.join(base, `index${ext}`)),
  ];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? null;
}

function importsOf(file) {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

const posix = (p) => p.split(path.sep).join('/');
const isTest = (rel) => /\.(test|spec)\.tsx?$/.test(rel) || /\.fixture\.ts$/.test(rel);
/** Build configuration (vite.config.mts) runs under Node, not in the page. */
const isConfig = (rel) => /\.config\.(m|c)?[jt]s$/.test(rel);

function checkEdge(fromRel, target, findings) {
  if (target.kind === 'file') {
    for (const [from, banned, why] of RULES) {
      if (!fromRel.startsWith(from)) continue;
      const hit = banned.find((b) => target.rel.startsWith(b));
      if (hit) findings.push(`${fromRel} imports ${target.rel}: ${why}`);
    }
    return;
  }
  const name = target.specifier;
  for (const [pkg, homes, why] of PACKAGE_HOMES) {
    if ((name === pkg || name.startsWith(`${pkg}/`)) && !homes.some((h) => fromRel.startsWith(h)))
      findings.push(`${fromRel} imports '${name}': ${why}`);
  }
  const builtin = name.startsWith('node:') || require('node:module').builtinModules.includes(name.split('/')[0]);
  for (const [where, why] of NO_NODE) {
    if (builtin && fromRel.startsWith(where) && !isTest(fromRel) && !isConfig(fromRel))
      findings.push(`${fromRel} imports '${name}': ${why}`);
  }
}

/** Import circles as strongly connected components (Tarjan), each listed once by its files. */
function circles(graph) {
  let index = 0;
  const stack = [];
  const state = new Map();
  const found = [];
  const visit = (v) => {
    state.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!state.has(w)) {
        visit(w);
        state.get(v).low = Math.min(state.get(v).low, state.get(w).low);
      } else if (state.get(w).onStack) {
        state.get(v).low = Math.min(state.get(v).low, state.get(w).index);
      }
    }
    if (state.get(v).low === state.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        state.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? new Set()).has(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!state.has(v)) visit(v);
  return found;
}

function checkDependencies(root) {
  const findings = [];
  const graph = new Map();
  for (const file of sourceFiles(root)) {
    const fromRel = posix(path.relative(root, file));
    const edges = new Set();
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith('.')) {
        const resolved = resolveRelative(file, specifier);
        if (!resolved) continue; // the compiler reports a missing module; assets (CSS) resolve here as files
        const rel = posix(path.relative(root, resolved));
        edges.add(rel);
        checkEdge(fromRel, { kind: 'file', rel }, findings);
      } else {
        checkEdge(fromRel, { kind: 'package', specifier }, findings);
      }
    }
    graph.set(fromRel, edges);
  }
  for (const component of circles(graph)) findings.push(`import circle: ${component.join(' <-> ')}`);
  return { findings, files: graph.size };
}

module.exports = { checkDependencies };

if (require.main === module) {
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
  const { findings, files } = checkDependencies(root);
  for (const f of findings) console.error(f);
  if (findings.length > 0) {
    console.error(
      `dependency rules: ${findings.length} finding(s) in ${files} files (rules: scripts/check-dependencies.js, docs/architecture.md)`,
    );
    process.exit(1);
  }
  console.log(`dependency rules: ${files} files, no import up a layer, no import circle`);
}

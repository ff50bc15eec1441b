#!/usr/bin/env node
'use strict';
// Runs every compiled *.test.js under dist/, and scripts/*.test.js, with Node's own test runner (Node 20 has no
// glob in --test).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', 'dist');
const filter = process.argv[2];
const files = [];
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.test.js') && (!filter || full.includes(filter))) files.push(full);
  }
})(root);
// The tooling's own tests are plain JavaScript beside their scripts (the dependency rules).
for (const name of fs.readdirSync(__dirname)) {
  const full = path.join(__dirname, name);
  if (name.endsWith('.test.js') && (!filter || full.includes(filter))) files.push(full);
}
if (files.length === 0) {
  console.error(
    `no compiled tests found under ${root}${filter ? ` matching ${filter}` : ''}; run \`npm run build\` first`,
  );
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);

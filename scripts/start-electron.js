#!/usr/bin/env node
'use strict';
// `npm start`: runs the desktop app. Two things make this more than `electron .`:
// 1. These build machines have no Electron binary (it cannot be downloaded here). Say so plainly, and point at
//    the web mode, instead of Electron's own "failed to install correctly" stack.
// 2. better-sqlite3 is a native module built for Node's ABI, which the unit tests need. Rebuilding it in place for
//    Electron would break them, so a COPY is rebuilt for Electron's ABI into .electron-native/
//    (stamped with both versions) and its path handed to the app (SEEDSCOPE_SQLITE_BINDING, passed to better-sqlite3's `nativeBinding`).
// `--prepare-only` builds the copy and prints the .node path, without needing the Electron binary itself (the
// _electron e2e spec and packaging use it; electron-builder.yml ships that file as a resource).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.join(__dirname, '..');
const prepareOnly = process.argv.includes('--prepare-only');

function fail(message) {
  process.stderr.write(`seedscope start: ${message}\n`);
  process.exit(1);
}

function electronBinary() {
  try {
    const binary = require('electron');
    if (typeof binary === 'string' && fs.existsSync(binary)) return binary;
  } catch {
    // node_modules/electron throws when its binary was never downloaded; handled below.
  }
  return null;
}

async function electronNativeBinding(electronVersion) {
  const sqlitePkg = require('better-sqlite3/package.json');
  // One build at a time: the stamp says which Electron and better-sqlite3 it is for, and a change rebuilds it.
  const workDir = path.join(repoRoot, '.electron-native');
  const moduleDir = path.join(workDir, 'node_modules', 'better-sqlite3');
  const binding = path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
  const stamp = path.join(workDir, 'built-for.json');
  const wanted = JSON.stringify({ electron: electronVersion, betterSqlite3: sqlitePkg.version });
  if (fs.existsSync(binding) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return binding;

  process.stderr.write(
    `seedscope start: building better-sqlite3 ${sqlitePkg.version} for Electron ${electronVersion} (once) into ${workDir}\n`,
  );
  fs.rmSync(workDir, { recursive: true, force: true });
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  // The sources only: the copy's build/ is made fresh for Electron's ABI.
  fs.cpSync(source, moduleDir, { recursive: true, filter: (src) => !src.startsWith(path.join(source, 'build')) });
  fs.writeFileSync(
    path.join(workDir, 'package.json'),
    JSON.stringify({
      name: 'seedscope-electron-native',
      private: true,
      dependencies: { 'better-sqlite3': sqlitePkg.version },
    }),
  );
  const { rebuild } = require('@electron/rebuild');
  try {
    await rebuild({ buildPath: workDir, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  } catch (err) {
    fs.rmSync(workDir, { recursive: true, force: true });
    fail(
      `could not build better-sqlite3 for Electron ${electronVersion}: ${err && err.message ? err.message : err}\n` +
        "It needs a C++ toolchain and Electron's headers (downloaded from electronjs.org). Meanwhile the web mode works: npx seedscope serve",
    );
  }
  if (!fs.existsSync(binding)) fail(`the rebuild finished but ${binding} is missing`);
  fs.writeFileSync(stamp, wanted);
  return binding;
}

async function main() {
  const electronVersion = require('electron/package.json').version;
  if (prepareOnly) {
    process.stdout.write(`${await electronNativeBinding(electronVersion)}\n`);
    return;
  }
  const binary = electronBinary();
  if (!binary) {
    fail(
      'no Electron binary is installed (node_modules/electron has no downloaded binary, and this machine cannot download one).\n' +
        'Use the web mode instead: npx seedscope serve   (then open the URL it prints)',
    );
  }
  const entry = path.join(repoRoot, 'dist', 'electron', 'app', 'main.js');
  if (!fs.existsSync(entry)) fail(`${entry} is missing: run \`npm run build\` first.`);
  const binding = await electronNativeBinding(electronVersion);
  const child = spawn(binary, [repoRoot, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, SEEDSCOPE_SQLITE_BINDING: binding },
  });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

main().catch((err) => fail(err && err.stack ? err.stack : String(err)));

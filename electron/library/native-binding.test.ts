// The desktop app opens the library with better-sqlite3 built for Electron's ABI (scripts/start-electron.js) while
// node_modules keeps the Node build for the tests: openLibrary must load exactly the binding it is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLibrary } from './library';

const nodeBuild = path.join(
  path.dirname(require.resolve('better-sqlite3/package.json')),
  'build',
  'Release',
  'better_sqlite3.node',
);

test('openLibrary loads the native binding it is given', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-binding-'));
  try {
    const library = openLibrary(path.join(dir, 'lib.db'), { nativeBinding: nodeBuild });
    assert.deepEqual(library.folders(), []);
    library.close();
    assert.throws(
      () => openLibrary(path.join(dir, 'other.db'), { nativeBinding: path.join(dir, 'missing.node') }),
      /missing\.node|Cannot find module/,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

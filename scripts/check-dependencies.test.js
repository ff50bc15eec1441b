'use strict';
// The dependency rules on small trees written here: each rule fires on the import it forbids, and a clean layout
// passes. (The real tree is checked by `npm run lint`.)
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { after, describe, it } = require('node:test');
const { checkDependencies } = require('./check-dependencies');

const roots = [];
after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

function tree(files) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-deps-'));
  roots.push(root);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return checkDependencies(root).findings;
}

const clean = {
  'shared/tuple.ts': 'export type Tuple = { seed: string };\n',
  'electron/library/library.ts':
    "import type { Tuple } from '../../shared/tuple';\nimport Database from 'better-sqlite3';\n",
  'electron/backend/request-handlers.ts': "import { x } from '../library/library';\n",
  'electron/server/http-server.ts':
    "import { y } from '../backend/request-handlers';\nimport * as http from 'node:http';\n",
  'electron/app/main.ts': "import { app } from 'electron';\nimport { y } from '../backend/request-handlers';\n",
  'electron/cli/commands/serve.ts': "const s = await import('../../server/http-server.js');\n",
  'renderer/app/App.tsx': "import type { Tuple } from '../../shared/tuple';\nimport { View } from '../library/View';\n",
  'renderer/library/View.tsx': "import { useState } from 'react';\n",
  'shared/tuple.test.ts': "import assert from 'node:assert/strict';\n",
};

describe('dependency rules', () => {
  it('pass a layout that keeps every layer in its place', () => {
    assert.deepEqual(tree(clean), []);
  });

  it('fail an import that runs back up a layer, naming both files and the rule', () => {
    const findings = tree({
      ...clean,
      'electron/library/library-cli.ts': "import { parseArgs } from '../cli/args';\n",
      'electron/cli/args.ts': 'export const parseArgs = 1;\n',
      'electron/records/sidecar-record.ts': "import { v } from '../backend/app-version.js';\n",
      'electron/backend/app-version.ts': 'export const v = 1;\n',
    });
    assert.deepEqual(findings.sort(), [
      'electron/library/library-cli.ts imports electron/cli/args.ts: the domain imports nothing that runs it (cli, server, app, backend)',
      'electron/records/sidecar-record.ts imports electron/backend/app-version.ts: the domain imports nothing that runs it (cli, server, app, backend)',
    ]);
  });

  it('keep server/ and app/ apart, the backend free of both, shared/ and the renderer free of electron/', () => {
    const findings = tree({
      ...clean,
      'electron/app/security.ts': 'export const csp = 1;\n',
      'electron/server/access.ts': "import { csp } from '../app/security';\n",
      'electron/backend/static-files.ts': "import { y } from '../server/http-server';\n",
      'shared/contract.ts': "import type { L } from '../electron/library/library';\n",
      'renderer/api/client.ts': "import { x } from '../../electron/library/library';\n",
    });
    assert.equal(findings.length, 4, findings.join('\n'));
    assert.match(
      findings.join('\n'),
      /electron\/server\/access\.ts imports electron\/app\/security\.ts: server\/ and app\/ are siblings/,
    );
    assert.match(
      findings.join('\n'),
      /electron\/backend\/static-files\.ts imports electron\/server\/http-server\.ts: the backend is transport-neutral/,
    );
    assert.match(
      findings.join('\n'),
      /shared\/contract\.ts imports electron\/library\/library\.ts: shared\/ imports neither side/,
    );
    assert.match(
      findings.join('\n'),
      /renderer\/api\/client\.ts imports electron\/library\/library\.ts: the renderer imports only/,
    );
  });

  it('keep Electron in electron/app/ and Node modules out of the renderer and shared/', () => {
    const findings = tree({
      ...clean,
      'electron/library/notify.ts': "import { Notification } from 'electron';\n",
      'renderer/library/read.ts': "import { readFileSync } from 'node:fs';\n",
      'shared/hash.ts': "import { createHash } from 'crypto';\n",
    });
    assert.equal(findings.length, 3, findings.join('\n'));
    assert.match(findings.join('\n'), /electron\/library\/notify\.ts imports 'electron': only electron\/app\//);
    assert.match(findings.join('\n'), /renderer\/library\/read\.ts imports 'node:fs'/);
    assert.match(findings.join('\n'), /shared\/hash\.ts imports 'crypto'/);
  });

  it('fail an import circle, type-only imports included, listing its files once', () => {
    const findings = tree({
      ...clean,
      'renderer/app/App.tsx': "import { View } from '../library/View';\nexport interface CompareSide { id: number }\n",
      'renderer/library/View.tsx': "import type { CompareSide } from '../app/App';\n",
    });
    assert.deepEqual(findings, ['import circle: renderer/app/App.tsx <-> renderer/library/View.tsx']);
  });
});

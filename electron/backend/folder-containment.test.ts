import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { containedRegularFile, isInsideFolder } from './folder-containment';

const root = mkdtempSync(path.join(os.tmpdir(), 'seedscope-contain-'));
const folder = path.join(root, 'outputs');
mkdirSync(folder);
writeFileSync(path.join(folder, 'a.png'), 'x');
writeFileSync(path.join(root, 'private.png'), 'secret');
symlinkSync(path.join(root, 'private.png'), path.join(folder, 'link.png'));
mkdirSync(path.join(folder, 'sub'));
after(() => rmSync(root, { recursive: true, force: true }));

test('isInsideFolder is a path check, not a prefix check', () => {
  assert.ok(isInsideFolder('/data/out', '/data/out/a.png'));
  assert.ok(isInsideFolder('/data/out', '/data/out/x/../a.png'));
  assert.equal(isInsideFolder('/data/out', '/data/outside/a.png'), false);
  assert.equal(isInsideFolder('/data/out', '/data/out/../secret.png'), false);
  assert.equal(isInsideFolder('/data/out', 'relative/a.png'), false);
  assert.equal(isInsideFolder('/data/out', '/data/..png'), false);
  assert.ok(isInsideFolder('/data/out', '/data/out/..hidden.png'));
});

test('containedRegularFile follows links to their real place before deciding', async () => {
  assert.deepEqual(await containedRegularFile(path.join(folder, 'a.png'), [folder]), {
    ok: true,
    path: path.join(folder, 'a.png'),
    size: 1,
  });
  assert.deepEqual(await containedRegularFile(path.join(folder, 'link.png'), [folder]), {
    ok: false,
    reason: 'outside',
  });
  assert.deepEqual(await containedRegularFile(path.join(root, 'private.png'), [folder]), {
    ok: false,
    reason: 'outside',
  });
  assert.deepEqual(await containedRegularFile(path.join(folder, 'gone.png'), [folder]), {
    ok: false,
    reason: 'missing',
  });
  assert.deepEqual(await containedRegularFile(path.join(folder, 'sub'), [folder]), { ok: false, reason: 'not-a-file' });
});

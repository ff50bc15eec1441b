import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { removeOrphanTempFiles, TargetExistsError, writeFileAtomic } from './atomic-write';

const dir = mkdtempSync(path.join(tmpdir(), 'seedscope-atomic-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('writes a new file and refuses to overwrite an existing one unless asked', async () => {
  const target = path.join(dir, 'a.seedscope.json');
  await writeFileAtomic(target, 'first');
  await assert.rejects(
    writeFileAtomic(target, 'second'),
    (err: unknown) => err instanceof TargetExistsError && err.message.includes(target),
  );
  assert.equal(readFileSync(target, 'utf8'), 'first');
  await writeFileAtomic(target, 'third', { overwrite: true });
  assert.equal(readFileSync(target, 'utf8'), 'third');
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.includes('seedscope-tmp')),
    [],
    'no temp file left behind',
  );
});

test('sweeps orphan temp files of dead writers and leaves other files alone', async () => {
  const sub = mkdtempSync(path.join(dir, 'orphans-'));
  // pid 2^22+1 is above Linux's pid_max default, so no live process owns it.
  const orphan = path.join(sub, `.x.png.xmp.seedscope-tmp-${2 ** 22 + 1}-abcdef`);
  const ours = path.join(sub, `.y.png.xmp.seedscope-tmp-${process.pid}-abcdef`);
  const user = path.join(sub, '.hidden-user-file');
  for (const f of [orphan, ours, user]) writeFileSync(f, 'partial');
  const removed = await removeOrphanTempFiles(sub);
  assert.deepEqual(removed, [path.basename(orphan)]);
  assert.ok(existsSync(ours), 'a live writer keeps its temp file');
  assert.ok(existsSync(user), 'files that are not ours are never deleted');
});

// Plain JS, evaluated in the writer subprocess: each version is a 300 KB body plus its own checksum.
const PAYLOAD_SOURCE = `function payload(i) {
  const body = (i + ':').padEnd(300000, String.fromCharCode(97 + (i % 26)));
  return JSON.stringify({ body, sha256: createHash('sha256').update(body).digest('hex') });
}`;

function isWhole(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as { body: string; sha256: string };
    return createHash('sha256').update(parsed.body).digest('hex') === parsed.sha256;
  } catch {
    return false;
  }
}

test('kill -9 of a writer in a loop never leaves a torn file, and the next run removes its orphans', async () => {
  const modulePath = path.join(__dirname, 'atomic-write.js');
  const sub = mkdtempSync(path.join(dir, 'kill-'));
  const target = path.join(sub, 'image.png.seedscope.json');
  const writer = `
    const { writeFileAtomic } = require(${JSON.stringify(modulePath)});
    const { createHash } = require('node:crypto');
    ${PAYLOAD_SOURCE}
    (async () => { for (let i = 0; ; i++) { await writeFileAtomic(${JSON.stringify(target)}, payload(i), { overwrite: true }); if (i === 0) process.stdout.write('ready\\n'); } })();
  `;
  let leftTemp = 0;
  for (let round = 0; round < 12; round++) {
    const child = spawn(process.execPath, ['-e', writer], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 5 + ((round * 37) % 60)));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    assert.ok(isWhole(readFileSync(target, 'utf8')), `round ${round}: target is complete`);
    leftTemp += readdirSync(sub).filter((n) => n.includes('seedscope-tmp')).length;
  }
  // Not asserted > 0: whether a kill lands mid-write is luck; the sweep below must leave none either way.
  await writeFileAtomic(path.join(sub, 'other.txt'), 'x');
  assert.deepEqual(
    readdirSync(sub).filter((n) => n.includes('seedscope-tmp')),
    [],
    `orphans swept (there were ${leftTemp} over the rounds)`,
  );
});

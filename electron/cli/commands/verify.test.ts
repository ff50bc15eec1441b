// `seedscope verify` as a subprocess against the A1111 and ComfyUI stand-ins (served from this test process on
// 127.0.0.1): the three verdict lines and exit status, --json, a record kept in the library, usage and errors.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { VerificationRecord } from '../../../shared/verification';
import { openLibrary } from '../../library/library';
import { startA1111StandIn, type A1111StandIn } from '../../verify/stand-ins/a1111-stand-in';
import { startComfyStandIn, type ComfyStandIn } from '../../verify/stand-ins/comfyui-stand-in';
import { VerificationStore } from '../../verify/verification-store';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const BIN = path.join(REPO, 'bin', 'seedscope.js');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
const dir = mkdtempSync(path.join(tmpdir(), 'seedscope-verify-cli-'));
const db = path.join(dir, 'library.sqlite');
let a1111: A1111StandIn;
let comfy: ComfyStandIn;

before(async () => {
  a1111 = await startA1111StandIn({ stepDelayMs: 1 });
  comfy = await startComfyStandIn({ checkpoints: ['sd_xl_base_1.0.safetensors'], stepDelayMs: 1 });
});
after(async () => {
  await a1111.close();
  await comfy.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Async on purpose: the stand-ins answer from this process's event loop while the CLI runs. */
function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ status: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr });
    });
  });
}

test('verify --a1111: three verdict lines, the grade, a kept record; the image is not reproduced (exit 1)', async () => {
  const image = path.join(dir, 'a1111.png');
  copyFileSync(path.join(CORPUS, 'a1111', 'metahub_cli_a1111.png'), image);
  const r = await run('verify', image, '--a1111', a1111.url, '--db', db);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^\[pass\] Deterministic: yes\./m);
  assert.match(r.stdout, /^\[fail\] Reproduces: no\./m);
  assert.match(r.stdout, /^\[pass\] Responsive: yes\. cfg 7 -> 7\.5/m);
  assert.match(r.stdout, /^Grade: fail \(reproduces\)/m);
  assert.match(r.stdout, /Generator: A1111 v1\.10\.1 at http:\/\/127\.0\.0\.1:\d+\n/);
  assert.match(r.stderr, /Rerun 1 of 2: sent/);
  const library = openLibrary(db);
  try {
    const [record] = new VerificationStore(library.db).forPath(image);
    assert.equal(record.outcome, 'completed');
    assert.equal(record.outputs.length, 3);
  } finally {
    library.close();
  }
});

test('verify --comfyui --json --runs 1 --nudge steps: the record as JSON', async () => {
  const image = path.join(dir, 'comfy.png');
  copyFileSync(path.join(CORPUS, 'comfyui', 'metahub_cli_comfyui.png'), image);
  const r = await run('verify', image, '--comfyui', comfy.url, '--runs', '1', '--nudge', 'steps', '--json', '--db', db);
  assert.equal(r.status, 1, r.stderr);
  const record = JSON.parse(r.stdout) as VerificationRecord;
  assert.equal(record.generator, 'comfyui');
  assert.equal(record.nudge.knob, 'steps');
  assert.deepEqual(
    record.checks.map((c) => c.grade),
    ['not-run', 'fail', 'pass'],
  );
});

test('errors: unreachable server exits 2 with the address; usage errors name the option', async () => {
  const image = path.join(dir, 'a1111.png');
  const gone = await startA1111StandIn();
  await gone.close();
  const r = await run('verify', image, '--a1111', gone.url, '--db', db);
  assert.equal(r.status, 2);
  assert.ok(
    r.stdout.includes(`Verify failed: Cannot reach the A1111 server at ${gone.url}: connection refused`),
    r.stdout,
  );
  const both = await run('verify', image, '--a1111', a1111.url, '--comfyui', comfy.url, '--db', db);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /give exactly one generator: --a1111 URL or --comfyui URL/);
  const knob = await run('verify', image, '--a1111', a1111.url, '--nudge', 'sampler', '--db', db);
  assert.match(knob.stderr, /--nudge must be one of cfg, steps, seed, got "sampler"/);
});

// verify.start / verify.list / jobs.cancel through the real backend (schemas, handlers, job registry, image
// worker, events), against the A1111 stand-in on 127.0.0.1.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { VerifyFinished, VerifyProgress } from '../../shared/verification';
import { A1111Client } from '../verify/a1111-client';
import { startA1111StandIn, type A1111StandIn } from '../verify/stand-ins/a1111-stand-in';
import { A1111_IMAGE, standInOriginal } from '../verify/verify-test-kit.fixture';
import { AppBackend } from './app-backend';

const dir = mkdtempSync(path.join(tmpdir(), 'seedscope-verify-jobs-'));
let backend: AppBackend;
let standIn: A1111StandIn;
let imageId: number;

before(async () => {
  backend = await AppBackend.open({ dbPath: path.join(dir, 'library.sqlite'), mode: 'web', version: 'test' });
  standIn = await startA1111StandIn({ stepDelayMs: 1 });
  const images = path.join(dir, 'images');
  mkdirSync(images);
  ({ imageId } = await standInOriginal(
    { dir, images, library: backend.library, cleanup: () => undefined },
    new A1111Client({ url: standIn.url }),
    A1111_IMAGE,
    'original.png',
  ));
});
after(async () => {
  await standIn.close();
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});

function finished(jobId: string, progress: VerifyProgress[]): Promise<VerifyFinished> {
  return new Promise((resolve) => {
    const stop = backend.events.subscribe((m) => {
      if (m.event === 'verify.progress' && m.payload.jobId === jobId) progress.push(m.payload);
      if (m.event === 'verify.finished' && m.payload.jobId === jobId) {
        stop();
        resolve(m.payload);
      }
    });
  });
}

test('verify.start answers a job id at once; progress events, then verify.finished with the stored record', async () => {
  const started = await backend.request('verify.start', {
    image: { kind: 'indexed', imageId },
    generator: 'a1111',
    url: standIn.url,
    runs: 2,
    nudge: 'cfg',
    token: null,
  });
  assert.ok(started.ok, JSON.stringify(started));
  assert.equal(started.value.address, standIn.url);
  assert.equal(started.value.remote, false);
  const progress: VerifyProgress[] = [];
  const end = await finished(started.value.jobId, progress);
  assert.equal(end.error, null);
  assert.equal(end.record?.grade, 'pass');
  assert.deepEqual(
    end.record?.checks.map((c) => c.grade),
    ['pass', 'pass', 'pass'],
  );
  assert.ok(progress.some((p) => p.phase === 'rerun') && progress.some((p) => p.phase === 'done'));
  const listed = await backend.request('verify.list', { imageId, limit: 10 });
  assert.ok(listed.ok);
  assert.equal(listed.value[0].id, end.record?.id);
  const all = await backend.request('verify.list', { imageId: null, limit: 10 });
  assert.ok(all.ok && all.value.length >= 1);
});

test('jobs.cancel stops a verify run: verify.finished says cancelled, the record says so', async () => {
  standIn.options.stepDelayMs = 40;
  try {
    const started = await backend.request('verify.start', {
      image: { kind: 'indexed', imageId },
      generator: 'a1111',
      url: standIn.url,
      runs: 2,
      nudge: 'cfg',
      token: null,
    });
    assert.ok(started.ok);
    const progress: VerifyProgress[] = [];
    const stop = backend.events.subscribe((m) => {
      if (m.event === 'verify.progress' && m.payload.step > 0) {
        stop();
        void backend.request('jobs.cancel', { jobId: started.value.jobId });
      }
    });
    const end = await finished(started.value.jobId, progress);
    assert.equal(end.error?.code, 'cancelled');
    assert.equal(end.record?.outcome, 'cancelled');
  } finally {
    standIn.options.stepDelayMs = 1;
  }
});

test('the schema refuses a non-http address, a runs count out of range and an unknown knob', async () => {
  const base = {
    image: { kind: 'indexed' as const, imageId },
    generator: 'a1111' as const,
    url: standIn.url,
    runs: 2,
    nudge: 'cfg' as const,
    token: null,
  };
  for (const [args, field] of [
    [{ ...base, url: 'file:///etc/passwd' }, 'url'],
    [{ ...base, runs: 0 }, 'runs'],
    [{ ...base, nudge: 'sampler' }, 'nudge'],
  ] as const) {
    const r = await backend.request('verify.start', args as never);
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.error.code === 'bad-argument' && r.error.message.includes(`"${field}"`), JSON.stringify(r));
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IndexSummary } from '../../shared/library';
import { EventHub, type EventMessage } from './event-hub';
import { JobRegistry } from './job-registry';

const summary = (cancelled: boolean): IndexSummary => ({
  jobId: 'inner',
  folders: 1,
  seen: 0,
  indexed: 0,
  unchanged: 0,
  pixelsDone: 0,
  moved: 0,
  removed: 0,
  offline: 0,
  failed: [],
  cancelled,
  elapsedMs: 0,
});

test('a job answers its id first, then reports progress and exactly one finish under that id', async () => {
  const hub = new EventHub();
  const seen: EventMessage[] = [];
  hub.subscribe((m) => seen.push(m));
  const jobs = new JobRegistry(hub);
  const jobId = jobs.start(async ({ progress }) => {
    progress({
      jobId: 'inner',
      kind: 'index',
      phase: 'scan',
      done: 1,
      total: 2,
      rate: 0,
      etaSeconds: null,
      currentFile: 'a.png',
    });
    return summary(false);
  });
  assert.equal(seen.length, 0, 'nothing is emitted before the caller has the id');
  await new Promise<void>((resolve) => hub.subscribe((m) => m.event === 'job.finished' && resolve()));
  assert.deepEqual(
    seen.map((m) => [m.event, (m.payload as { jobId: string }).jobId]),
    [
      ['job.progress', jobId],
      ['job.finished', jobId],
    ],
  );
  assert.equal(jobs.size, 0);
});

test('cancel aborts the job’s signal; a failing job finishes with an error that says what to do', async () => {
  const hub = new EventHub();
  const jobs = new JobRegistry(hub);
  const finished = new Map<string, EventMessage>();
  hub.subscribe((m) => m.event === 'job.finished' && finished.set(m.payload.jobId, m));
  const done = new Promise<void>((resolve) =>
    hub.subscribe((m) => m.event === 'job.finished' && finished.size === 2 && resolve()),
  );
  const cancelled = jobs.start(
    ({ signal }) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(summary(true)))),
  );
  const failing = jobs.start(async () => {
    throw new Error('disk on fire');
  });
  await new Promise((r) => setImmediate(r));
  assert.equal(jobs.cancel(cancelled), true);
  assert.equal(jobs.cancel('job-unknown'), false);
  await done;
  const c = finished.get(cancelled)!.payload as { summary: IndexSummary | null };
  assert.equal(c.summary?.cancelled, true);
  const f = finished.get(failing)!.payload as { error: { message: string } | null };
  assert.match(f.error?.message ?? '', /disk on fire.*rescan/);
});

test('a listener that throws is dropped and does not stop the others', () => {
  const hub = new EventHub();
  let calls = 0;
  hub.subscribe(() => {
    throw new Error('socket closed');
  });
  hub.subscribe(() => calls++);
  hub.emit('library.changed', { folderId: null, reason: 'indexed' });
  hub.emit('library.changed', { folderId: null, reason: 'indexed' });
  assert.equal(calls, 2);
  assert.equal(hub.listenerCount, 1);
});

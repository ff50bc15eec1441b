// kill -9 of the indexer process mid-run loses nothing committed, leaves a consistent database, and the next
// run resumes: every image ends indexed exactly once with its pixels hashed.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import type { JobProgress } from '../../shared/library';
import { indexFolders } from './indexer';
import { openLibrary } from './library';

const REPO = path.resolve(__dirname, '..', '..', '..');
const COUNT = 48;

async function makeImages(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < COUNT; i++) {
    await sharp({
      create: {
        width: 384,
        height: 384,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 60 + i, sigma: 50 },
      },
    })
      .png()
      .toFile(path.join(dir, `img-${i}.png`));
  }
}

function countDone(dbPath: string): number {
  if (!fs.existsSync(dbPath)) return 0;
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(`SELECT count(*) FROM images WHERE pixel_state = 'done'`).pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0; // schema not created yet
  }
}

describe('indexer killed mid-run', () => {
  let work: string;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-kill-'));
    await makeImages(path.join(work, 'images'));
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('survives kill -9 during the pixel pass and resumes on the next run', async () => {
    const dbPath = path.join(work, 'lib.sqlite');
    // Its own process group: the CLI re-spawns itself with a tuned allocator, and kill -9 must hit both.
    const child = spawn(
      process.execPath,
      [path.join(REPO, 'bin', 'seedscope.js'), 'index', path.join(work, 'images'), '--db', dbPath, '--workers', '1'],
      {
        stdio: 'ignore',
        detached: true,
      },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let killedAt = -1;
    // Poll the database (a reader never blocks the WAL writer) until some, not all, pixel batches are committed.
    for (let i = 0; i < 1200 && child.exitCode === null; i++) {
      const done = countDone(dbPath);
      if (done > 0 && done < COUNT) {
        process.kill(-(child.pid as number), 'SIGKILL');
        killedAt = done;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await exited;
    assert.ok(killedAt > 0, 'the indexer was killed mid pixel pass');

    const db = new Database(dbPath);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    const afterKill = db.prepare(`SELECT count(*) FROM images WHERE pixel_state = 'done'`).pluck().get() as number;
    assert.ok(afterKill >= killedAt, 'no committed batch lost');
    assert.equal(
      db.prepare('SELECT count(*) FROM images').pluck().get(),
      COUNT,
      'the metadata pass had committed every file',
    );
    db.close();

    const rerun = spawnSync(
      process.execPath,
      [path.join(REPO, 'bin', 'seedscope.js'), 'index', path.join(work, 'images'), '--db', dbPath],
      { encoding: 'utf8' },
    );
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stdout, new RegExp(`indexed 0, unchanged ${COUNT}, pixels hashed ${COUNT - afterKill}\\b`));

    const check = new Database(dbPath, { readonly: true });
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal(check.prepare(`SELECT count(*) FROM images WHERE pixel_state = 'done'`).pluck().get(), COUNT);
    assert.equal(check.prepare('SELECT count(DISTINCT path) FROM images').pluck().get(), COUNT);
    assert.equal(check.prepare(`SELECT count(*) FROM images_fts`).pluck().get(), COUNT, 'FTS in step with the rows');
    check.close();
  });

  it('cancels through an AbortSignal with progress reported, and the next run finishes the job', async () => {
    const library = openLibrary(path.join(work, 'cancel.sqlite'));
    try {
      const controller = new AbortController();
      const seen: JobProgress[] = [];
      const summary = await indexFolders(library, [path.join(work, 'images')], {
        signal: controller.signal,
        workers: 1,
        onProgress: (p) => {
          seen.push(p);
          if (p.phase === 'pixels' && p.done >= 2) controller.abort();
        },
      });
      assert.equal(summary.cancelled, true);
      const metadata = seen.filter((p) => p.phase === 'metadata');
      assert.equal(metadata[metadata.length - 1].total, COUNT);
      assert.ok(
        seen.some((p) => p.phase === 'pixels' && p.rate > 0 && p.etaSeconds !== null),
        'rate and ETA reported',
      );
      const pending = library.db
        .prepare(`SELECT count(*) FROM images WHERE pixel_state = 'pending'`)
        .pluck()
        .get() as number;
      assert.ok(pending > 0 && pending < COUNT, `pending after cancel: ${pending}`);
      const resumed = await indexFolders(library, [path.join(work, 'images')]);
      assert.equal(resumed.cancelled, false);
      assert.equal(resumed.pixelsDone, pending);
      assert.equal(library.db.prepare(`SELECT count(*) FROM images WHERE pixel_state = 'done'`).pluck().get(), COUNT);
    } finally {
      library.close();
    }
  });
});

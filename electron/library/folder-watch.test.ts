// Live watch on real folders: a new file is indexed, a deleted one removed, while the watcher runs; a run looks
// only at the paths the events named; moves (a folder renamed, a file moved to another root) keep identity.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { IndexSummary } from '../../shared/library';
import { watchFolders, type FolderWatcher } from './folder-watch';
import { indexFolders } from './indexer';
import { openLibrary, type Library } from './library';

async function waitFor(what: string, check: () => boolean): Promise<void> {
  // Waiting for an asynchronous effect, not timing it: the bound only stops a broken watcher from hanging.
  for (let i = 0; i < 600; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`gave up waiting: ${what}`);
}

describe('folder watch', () => {
  let dir: string;
  let library: Library;
  let watcher: FolderWatcher;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-watch-'));
    fs.mkdirSync(path.join(dir, 'images', 'sub'), { recursive: true });
    library = openLibrary(path.join(dir, 'lib.sqlite'));
    library.addFolder(path.join(dir, 'images'));
    watcher = watchFolders(library, [path.join(dir, 'images')], { debounceMs: 150, workers: 1 });
  });

  after(async () => {
    await watcher.close();
    library.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('indexes a new file in a subfolder and drops a deleted one', async () => {
    const file = path.join(dir, 'images', 'sub', 'new.png');
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3a6' } })
      .png()
      .toFile(file);
    await waitFor('new file indexed with pixels', () => library.imageByPath(file)?.pixelState === 'done');
    await watcher.idle();
    fs.rmSync(file);
    await waitFor('deleted file removed', () => library.imageByPath(file) === null);
    await watcher.idle();
    assert.equal(library.search().items.length, 0);
  });
});

async function png(file: string, seed: number): Promise<void> {
  await sharp({
    create: { width: 48, height: 40, channels: 3, background: { r: (seed * 7) % 256, g: 90, b: (seed * 13) % 256 } },
  })
    .png()
    .toFile(file);
}

describe('folder watch across roots', () => {
  let dir: string;
  let rootA: string;
  let rootB: string;
  let library: Library;
  let watcher: FolderWatcher;
  const runs: Array<{ roots: string[]; summary: IndexSummary }> = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-watch2-'));
    rootA = path.join(dir, 'a');
    rootB = path.join(dir, 'b');
    fs.mkdirSync(path.join(rootA, 'day1'), { recursive: true });
    fs.mkdirSync(rootB);
    for (let i = 0; i < 30; i++) await png(path.join(rootA, i < 10 ? 'day1' : '', `img-${i}.png`), i);
    library = openLibrary(path.join(dir, 'lib.sqlite'));
    await indexFolders(library, [rootA, rootB], { workers: 1 });
    watcher = watchFolders(library, [rootA, rootB], {
      debounceMs: 150,
      workers: 1,
      onIndexed: (roots, summary) => runs.push({ roots, summary }),
    });
  });

  after(async () => {
    await watcher.close();
    library.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('looks only at the file an event named, not at the 30 others in the folder', async () => {
    const file = path.join(rootA, 'fresh.png');
    runs.length = 0;
    await png(file, 99);
    await waitFor('new file indexed', () => library.imageByPath(file)?.pixelState === 'done');
    await watcher.idle();
    const seen = runs.reduce((n, r) => n + r.summary.seen, 0);
    assert.ok(seen >= 1 && seen <= 2, `files looked at: ${seen}`);
    assert.equal(
      runs.reduce((n, r) => n + r.summary.unchanged, 0),
      seen - 1,
      'only the new file was new',
    );
  });

  it('keeps the identity and note of images in a renamed folder', async () => {
    const before0 = library.imageByPath(path.join(rootA, 'day1', 'img-3.png'));
    assert.ok(before0);
    library.setNote(before0.id, 'from day one');
    fs.renameSync(path.join(rootA, 'day1'), path.join(rootA, 'day1-best'));
    const moved = path.join(rootA, 'day1-best', 'img-3.png');
    await waitFor(
      'renamed folder indexed',
      () => library.imageByPath(moved) !== null && library.imageByPath(path.join(rootA, 'day1', 'img-3.png')) === null,
    );
    await watcher.idle();
    assert.equal(library.imageByPath(moved)?.id, before0.id);
    assert.equal(library.imageByPath(moved)?.note, 'from day one');
    assert.equal(
      library.search({ limit: 100 }).items.filter((i) => i.path.startsWith(path.join(rootA, 'day1-best'))).length,
      10,
    );
  });

  it('keeps the identity of an image moved from one watched root to another', async () => {
    const from = path.join(rootA, 'img-20.png');
    const to = path.join(rootB, 'img-20-kept.png');
    const original = library.imageByPath(from);
    assert.ok(original);
    fs.renameSync(from, to);
    await waitFor('move seen', () => library.imageByPath(to) !== null && library.imageByPath(from) === null);
    await watcher.idle();
    assert.equal(library.imageByPath(to)?.id, original.id);
  });
});

describe('a move between roots indexed one root at a time', () => {
  it('keeps identity when the destination is indexed before the source', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-move-'));
    try {
      const [a, b] = [path.join(dir, 'a'), path.join(dir, 'b')];
      fs.mkdirSync(a);
      fs.mkdirSync(b);
      await png(path.join(a, 'x.png'), 5);
      await png(path.join(a, 'y.png'), 6);
      const library = openLibrary(path.join(dir, 'lib.sqlite'));
      try {
        await indexFolders(library, [a, b], { workers: 1 });
        const original = library.imageByPath(path.join(a, 'x.png'));
        assert.ok(original);
        fs.renameSync(path.join(a, 'x.png'), path.join(b, 'x.png'));
        await indexFolders(library, [b], { workers: 1 });
        const summary = await indexFolders(library, [a], { workers: 1 });
        assert.equal(summary.moved, 1);
        assert.equal(library.imageByPath(path.join(b, 'x.png'))?.id, original.id);
        assert.equal(library.imageByPath(path.join(a, 'x.png')), null);
        assert.equal(library.search({ limit: 10 }).items.length, 2);
      } finally {
        library.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Live watch on a real folder: a new file is indexed, a deleted one removed, while the watcher runs.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { watchFolders, type FolderWatcher } from './folder-watch';
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
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3a6' } }).png().toFile(file);
    await waitFor('new file indexed with pixels', () => library.imageByPath(file)?.pixelState === 'done');
    await watcher.idle();
    fs.rmSync(file);
    await waitFor('deleted file removed', () => library.imageByPath(file) === null);
    await watcher.idle();
    assert.equal(library.search().items.length, 0);
  });
});

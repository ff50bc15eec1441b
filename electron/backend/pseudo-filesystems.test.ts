// Issue #18, item 6: library.addFolder accepted /proc/self in loopback mode. Through the real AppBackend on a
// real SQLite file: kernel and device folders are refused with the reason, an ordinary folder is not.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { AppBackend } from './app-backend';
import { pseudoFilesystemReason } from './pseudo-filesystems';

const work = mkdtempSync(path.join(os.tmpdir(), 'seedscope-pseudo-fs-'));
let backend: AppBackend;
before(async () => {
  backend = await AppBackend.open({ dbPath: path.join(work, 'library.sqlite'), mode: 'web', version: '0.0.0' });
});
after(async () => {
  await backend?.close();
  rmSync(work, { recursive: true, force: true });
});

const linux = process.platform === 'linux' ? false : 'Linux pseudo-filesystems';

test('addFolder refuses /proc/self, /sys and /dev folders and says why', { skip: linux }, async () => {
  const cases: Array<[string, RegExp]> = [
    ['/proc/self', /proc pseudo-filesystem/],
    ['/proc', /proc pseudo-filesystem/],
    ['/sys/kernel', /sysfs pseudo-filesystem/],
    ['/dev', /under \/dev|pseudo-filesystem/],
  ];
  if (existsSync('/dev/shm')) cases.push(['/dev/shm', /under \/dev/]);
  for (const [folder, why] of cases) {
    const result = await backend.request('library.addFolder', { path: folder, watch: false });
    assert.ok(!result.ok, `${folder} was accepted`);
    assert.equal(result.error.code, 'not-storage', folder);
    assert.match(result.error.message, why, folder);
  }
  const folders = await backend.request('library.listFolders', {});
  assert.ok(folders.ok && folders.value.length === 0, 'nothing was added');
});

test('an ordinary folder is storage', { skip: linux }, async () => {
  assert.equal(await pseudoFilesystemReason(work), null);
});

// The desktop backend's process boundary, driven under Node: backend-host.js started with child_process.fork
// (the app uses utilityProcess.fork; both give the host a parent port), a real SQLite file, real images.
import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { JobFinished } from '../../shared/contract';
import { BackendLink, type HostProcess } from './backend-link';
import type { HostMessage } from './backend-protocol';

const corpus = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const work = mkdtempSync(path.join(os.tmpdir(), 'seedscope-link-'));
const images = path.join(work, 'images');
mkdirSync(images);
copyFileSync(path.join(corpus, 'a1111', 'metahub_cli_a1111.png'), path.join(images, 'a.png'));

const children: ChildProcess[] = [];
function spawnHost(envOverride: Record<string, string> = {}): HostProcess {
  const child = fork(path.join(__dirname, 'backend-host.js'), [], {
    env: {
      ...process.env,
      SEEDSCOPE_DB: path.join(work, 'library.sqlite'),
      SEEDSCOPE_VERSION: '9.9.9',
      ...envOverride,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.on('error', () => undefined);
  children.push(child);
  return {
    post: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (m) => listener(m as HostMessage)),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL'),
  };
}

let link: BackendLink;

test('a backend that cannot open its library reports why, and is not restarted in a loop', async () => {
  const before = children.length;
  await assert.rejects(
    BackendLink.start(() => spawnHost({ SEEDSCOPE_DB: '' })),
    /SEEDSCOPE_DB is not set/,
  );
  const failed = children[before];
  if (failed.exitCode === null) await new Promise((resolve) => failed.once('exit', resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(children.length, before + 1, 'no second start after the exit');
});
after(async () => {
  await link?.close();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

test('requests, events and media cross the process boundary', async () => {
  link = await BackendLink.start(() => spawnHost());
  const info = await link.request('app.info', {});
  assert.ok(info.ok);
  assert.equal(info.value.mode, 'desktop');
  assert.equal(info.value.version, '9.9.9');

  const refused = await link.request('library.getImage', { imageId: -1 });
  assert.ok(!refused.ok && refused.error.code === 'bad-argument');

  const finished = new Promise<JobFinished>((resolve) =>
    link.events.subscribe((m) => m.event === 'job.finished' && resolve(m.payload)),
  );
  const added = await link.request('library.addFolder', { path: images, watch: false });
  assert.ok(added.ok);
  const done = await finished;
  assert.equal(done.jobId, added.value.jobId);
  assert.equal(done.summary?.indexed, 1);

  const found = await link.request('library.search', { limit: 5 });
  assert.ok(found.ok && found.value.items.length === 1);
  const media = await link.mediaFile('image', String(found.value.items[0].id));
  assert.ok(media.ok);
  assert.equal(media.value.path, path.join(images, 'a.png'));
  assert.equal(media.value.contentType, 'image/png');
});

test('a backend that dies answers its requests in flight with a message, and comes back with its watches', async () => {
  const folders = await link.request('library.listFolders', {});
  assert.ok(folders.ok);
  const watched = await link.request('library.setWatch', { folderId: folders.value[0].id, watch: true });
  assert.ok(watched.ok && watched.value.watching);
  const victim = children[children.length - 1];
  victim.kill('SIGKILL');
  const inFlight = await link.request('app.info', {});
  assert.ok(!inFlight.ok);
  assert.equal(inFlight.error.code, 'backend-crashed');
  assert.match(inFlight.error.message, /restarting/);

  const again = await link.request('library.listFolders', {});
  assert.ok(again.ok, JSON.stringify(again));
  assert.equal(again.value.length, 1, 'the restarted backend opened the same library');
  assert.equal(again.value[0].watching, true, 'the watch the person turned on survives the restart');
  assert.equal(children.length, 3);
});

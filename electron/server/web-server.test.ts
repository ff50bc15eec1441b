// The web mode as a person's browser (and a hostile page) meets it: the real `seedscope serve` subprocess, a real
// SQLite file, real corpus images copied into a temp folder, real HTTP.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompareView, FolderView, JobFinished, RequestResult, UploadReceipt } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { contentSecurityPolicy } from '../backend/content-security-policy';
import {
  callApi,
  corpusRoot,
  type EventStream,
  openEvents,
  rawRequest,
  type ServeProcess,
  serveRefusal,
  startServe,
} from './serve-process.fixture';

const work = mkdtempSync(path.join(os.tmpdir(), 'seedscope-web-'));
const images = path.join(work, 'images');
const dbPath = path.join(work, 'library.sqlite');
let server: ServeProcess;
let events: EventStream;

function okValue<T>(res: { json<U>(): U }): T {
  const result = res.json<Result<T>>();
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
  return result.value;
}

before(async () => {
  mkdirSync(images);
  copyFileSync(path.join(corpusRoot, 'a1111', 'metahub_cli_a1111.png'), path.join(images, 'a1111.png'));
  copyFileSync(path.join(corpusRoot, 'forge', 'sdm_jpg_reforge.jpeg'), path.join(images, 'reforge.jpeg'));
  copyFileSync(path.join(corpusRoot, 'forge', 'sdm_jpg_forge-neo.jpeg'), path.join(images, 'forge-neo.jpeg'));
  // Hostile input: a PNG cut in half must be reported by name while the others index.
  const png = readFileSync(path.join(corpusRoot, 'a1111', 'sdm_png_sd-webui.png'));
  writeFileSync(path.join(images, 'truncated.png'), png.subarray(0, Math.floor(png.length / 2)));
  server = await startServe(['--db', dbPath]);
  events = await openEvents(server.port);
});

after(async () => {
  events?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('seedscope serve', () => {
  test('binds loopback and answers app.info with the database it serves', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const info = okValue<RequestResult<'app.info'>>(await callApi(server.port, 'app.info', {}));
    assert.equal(info.mode, 'web');
    assert.equal(info.dbPath, dbPath);
    assert.equal(info.name, 'Seedscope');
  });

  test('indexes a folder as a job with progress events, and names the file it could not read', async () => {
    const res = await callApi(server.port, 'library.addFolder', { path: images, watch: false });
    const added = okValue<RequestResult<'library.addFolder'>>(res);
    assert.equal(added.folder.path, images);
    const finished = await events.next<JobFinished>('job.finished', (p) => p.jobId === added.jobId);
    assert.equal(finished.error, null);
    assert.ok(finished.summary);
    assert.equal(finished.summary.seen, 4);
    assert.ok(
      finished.summary.failed.some((f) => f.path.endsWith('truncated.png')),
      `truncated.png should be named among the failures: ${JSON.stringify(finished.summary.failed)}`,
    );
    await events.next('job.progress', (p: { jobId: string }) => p.jobId === added.jobId, 1000);
    const folders = okValue<FolderView[]>(await callApi(server.port, 'library.listFolders', {}));
    assert.equal(folders.length, 1);
    assert.equal(folders[0].watching, false);
  });

  test('search, facets, detail and media serve what was indexed', async () => {
    const page = okValue<RequestResult<'library.search'>>(
      await callApi(server.port, 'library.search', { text: '', limit: 50 }),
    );
    const names = page.items.map((i) => path.basename(i.path)).sort();
    assert.deepEqual(
      names.filter((n) => n !== 'truncated.png'),
      ['a1111.png', 'forge-neo.jpeg', 'reforge.jpeg'],
    );
    const facets = okValue<RequestResult<'library.facets'>>(await callApi(server.port, 'library.facets', {}));
    assert.ok(facets.generators.length > 0, 'generators facet lists the indexed generators');
    const filtered = okValue<RequestResult<'library.search'>>(
      await callApi(server.port, 'library.search', { filters: { seed: '2895438046' }, limit: 10 }),
    );
    assert.deepEqual(
      filtered.items.map((i) => path.basename(i.path)),
      ['a1111.png'],
    );

    const id = filtered.items[0].id;
    const detail = okValue<RequestResult<'library.getImage'>>(
      await callApi(server.port, 'library.getImage', { imageId: id }),
    );
    assert.equal(detail.seed, '2895438046');
    const media = await rawRequest(server.port, { path: `/media/image/${id}` });
    assert.equal(media.status, 200);
    assert.equal(media.headers['content-type'], 'image/png');
    assert.deepEqual(media.body, readFileSync(path.join(images, 'a1111.png')));
    const thumb = await rawRequest(server.port, { path: `/media/thumb/${id}` });
    assert.equal(thumb.status, 200);
    assert.equal(thumb.headers['content-type'], 'image/jpeg');
  });

  test('count, a page by position, and a lost thumbnail made again, over HTTP', async () => {
    const { total } = okValue<RequestResult<'library.count'>>(await callApi(server.port, 'library.count', {}));
    const all = okValue<RequestResult<'library.search'>>(await callApi(server.port, 'library.search', { limit: 50 }));
    assert.equal(total, all.items.length);
    const second = okValue<RequestResult<'library.search'>>(
      await callApi(server.port, 'library.search', { offset: 1, limit: 1 }),
    );
    assert.equal(second.offset, 1);
    assert.deepEqual(
      second.items.map((i) => i.id),
      [all.items[1].id],
    );
    const image = all.items.find((i) => i.path.endsWith('a1111.png'));
    assert.ok(image?.thumbnailPath);
    rmSync(image.thumbnailPath);
    const lost = await rawRequest(server.port, { path: `/media/thumb/${image.id}` });
    assert.equal(lost.status, 404);
    assert.match(lost.body.toString('utf8'), /a1111\.png: thumbnail missing/);
    const rebuilt = okValue<RequestResult<'library.rebuildThumbnail'>>(
      await callApi(server.port, 'library.rebuildThumbnail', { imageId: image.id }),
    );
    assert.deepEqual(rebuilt, { rebuilt: true });
    const thumb = await rawRequest(server.port, { path: `/media/thumb/${image.id}` });
    assert.equal(thumb.status, 200);
    assert.equal(thumb.headers['content-type'], 'image/jpeg');
  });

  test('compare.run on two indexed images answers a verdict, culprits and a heatmap', async () => {
    const page = okValue<RequestResult<'library.search'>>(
      await callApi(server.port, 'library.search', { text: '', limit: 50 }),
    );
    const idOf = (name: string) => page.items.find((i) => i.path.endsWith(name))!.id;
    const view = okValue<CompareView>(
      await callApi(server.port, 'compare.run', {
        a: { kind: 'indexed', imageId: idOf('reforge.jpeg') },
        b: { kind: 'indexed', imageId: idOf('forge-neo.jpeg') },
      }),
    );
    assert.notEqual(view.result.verdict, 'bit-identical');
    assert.ok(
      view.result.culprits.some((c) => c.cause === 'seed'),
      'different seeds are named as a culprit',
    );
    assert.equal(view.a.mediaPath, `/media/image/${idOf('reforge.jpeg')}`);
    const heatmap = await rawRequest(server.port, { path: `/media/heatmap/${view.compareId}` });
    assert.equal(heatmap.status, 200);
    assert.equal(heatmap.headers['content-type'], 'image/png');
  });

  test('uploads are magic-byte checked and can be compared against an indexed image', async () => {
    const bytes = readFileSync(path.join(images, 'reforge.jpeg'));
    const up = await rawRequest(server.port, {
      method: 'POST',
      path: '/api/upload',
      headers: { 'X-Filename': encodeURIComponent('my copy.jpeg') },
      body: bytes,
    });
    assert.equal(up.status, 200);
    const receipt = okValue<UploadReceipt>(up);
    assert.equal(receipt.fileName, 'my copy.jpeg');
    assert.equal(receipt.size, bytes.length);

    const notImage = await rawRequest(server.port, {
      method: 'POST',
      path: '/api/upload',
      headers: { 'X-Filename': 'evil.png' },
      body: '<script>alert(1)</script>',
    });
    assert.equal(notImage.status, 400);
    assert.equal(notImage.json<Result<unknown>>().ok, false);
    assert.match(JSON.stringify(notImage.json()), /evil\.png: not a PNG, JPEG, WebP or AVIF/);

    const page = okValue<RequestResult<'library.search'>>(
      await callApi(server.port, 'library.search', { text: '', limit: 50 }),
    );
    const original = page.items.find((i) => i.path.endsWith('reforge.jpeg'))!.id;
    const view = okValue<CompareView>(
      await callApi(server.port, 'compare.run', {
        a: { kind: 'indexed', imageId: original },
        b: { kind: 'upload', uploadId: receipt.uploadId },
      }),
    );
    assert.equal(view.result.verdict, 'bit-identical');
    const served = await rawRequest(server.port, { path: `/media/upload/${receipt.uploadId}` });
    assert.deepEqual(served.body, bytes);
  });

  test('records.export writes sidecars outside the indexed folder and refuses to write inside it', async () => {
    const page = okValue<RequestResult<'library.search'>>(
      await callApi(server.port, 'library.search', { filters: { seed: '2895438046' }, limit: 5 }),
    );
    const outDir = path.join(work, 'export');
    const summary = okValue<RequestResult<'records.export'>>(
      await callApi(server.port, 'records.export', { imageIds: [page.items[0].id], format: 'json', outDir }),
    );
    assert.equal(summary.written.length, 1);
    assert.ok(existsSync(summary.written[0]));
    assert.ok(summary.written[0].startsWith(outDir));
    const inside = await callApi(server.port, 'records.export', {
      imageIds: [page.items[0].id],
      format: 'json',
      outDir: path.join(images, 'sidecars'),
    });
    const result = inside.json<Result<unknown>>();
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.error.code === 'inside-library');
    assert.equal(existsSync(path.join(images, 'sidecars')), false);
  });

  test('similar, groups, rescan, watch and remove work through the contract', async () => {
    const page = okValue<RequestResult<'library.search'>>(
      await callApi(server.port, 'library.search', { text: '', limit: 50 }),
    );
    const reforge = page.items.find((i) => i.path.endsWith('reforge.jpeg'))!;
    // A re-encoded copy dropped in web mode finds its original by perceptual hash.
    const copy = await rawRequest(server.port, {
      method: 'POST',
      path: '/api/upload',
      headers: { 'X-Filename': 'copy.jpeg' },
      body: readFileSync(reforge.path),
    });
    const { uploadId } = okValue<UploadReceipt>(copy);
    const similar = okValue<RequestResult<'library.similar'>>(
      await callApi(server.port, 'library.similar', { image: { kind: 'upload', uploadId }, limit: 5 }),
    );
    assert.equal(similar[0]?.image.id, reforge.id);
    assert.equal(similar[0]?.samePixels, true);
    const own = okValue<RequestResult<'library.similar'>>(
      await callApi(server.port, 'library.similar', { image: { kind: 'indexed', imageId: reforge.id }, limit: 5 }),
    );
    assert.ok(
      own.every((hit) => hit.image.id !== reforge.id),
      'an image is not its own near-duplicate',
    );
    assert.ok(
      Array.isArray(
        okValue<RequestResult<'library.groups'>>(
          await callApi(server.port, 'library.groups', { disagreeingOnly: false, limit: 10 }),
        ),
      ),
    );

    const folder = okValue<FolderView[]>(await callApi(server.port, 'library.listFolders', {}))[0];
    const rescan = okValue<RequestResult<'library.rescan'>>(
      await callApi(server.port, 'library.rescan', { folderId: folder.id }),
    );
    const rescanned = await events.next<JobFinished>('job.finished', (p) => p.jobId === rescan.jobId);
    assert.equal(rescanned.summary?.indexed, 0, 'unchanged files are not read again');
    assert.equal(rescanned.summary?.unchanged, rescanned.summary?.seen);

    const watched = okValue<FolderView>(
      await callApi(server.port, 'library.setWatch', { folderId: folder.id, watch: true }),
    );
    assert.equal(watched.watching, true);
    copyFileSync(
      path.join(corpusRoot, 'a1111', 'sdparsers_automatic1111_stealth.png'),
      path.join(images, 'new-stealth.png'),
    );
    await events.next(
      'library.changed',
      (p: { reason: string; folderId: number | null }) => p.reason === 'watch' && p.folderId === folder.id,
    );
    const afterWatch = okValue<RequestResult<'library.search'>>(
      await callApi(server.port, 'library.search', { text: '', limit: 50 }),
    );
    assert.ok(
      afterWatch.items.some((i) => i.path.endsWith('new-stealth.png')),
      'the watched folder picked up the new file',
    );
    assert.equal(
      okValue<FolderView>(await callApi(server.port, 'library.setWatch', { folderId: folder.id, watch: false }))
        .watching,
      false,
    );
    assert.equal(
      okValue<RequestResult<'jobs.cancel'>>(await callApi(server.port, 'jobs.cancel', { jobId: 'job-0000' })).cancelled,
      false,
    );
  });

  test('bad arguments answer 400 with a Result naming the field', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['library.getImage', { imageId: 'x' }, /"imageId" must be a whole number/],
      ['library.getImage', {}, /"imageId" is required/],
      ['library.search', { limit: 100000 }, /"limit" must be between 1 and 500/],
      ['library.search', { filters: { colour: 'red' } }, /"filters.colour" is not a known field/],
      [
        'compare.run',
        { a: { kind: 'indexed', imageId: 1 }, b: { kind: 'file', path: '/etc/passwd' } },
        /"b.kind" must be/,
      ],
      ['library.addFolder', { path: '/tmp', watch: 'yes' }, /"watch" must be true or false/],
    ];
    for (const [name, args, message] of cases) {
      const res = await callApi(server.port, name, args);
      assert.equal(res.status, 400, `${name} ${JSON.stringify(args)} -> ${res.status}`);
      const result = res.json<Result<unknown>>();
      assert.ok(!result.ok && result.error.code === 'bad-argument');
      assert.match(result.error.message, message);
    }
    const proto = await rawRequest(server.port, {
      method: 'POST',
      path: '/api/library.getImage',
      headers: { 'Content-Type': 'application/json' },
      body: '{"imageId":1,"__proto__":{"polluted":true}}',
    });
    assert.equal(proto.status, 400);
    assert.match(proto.json<{ error: { message: string } }>().error.message, /"__proto__" is not a known field/);
    const notJson = await rawRequest(server.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: { 'Content-Type': 'application/json' },
      body: '{oops',
    });
    assert.equal(notJson.status, 400);
    const huge = await rawRequest(server.port, {
      method: 'POST',
      path: '/api/library.search',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(huge.status, 413);
    const badName = await rawRequest(server.port, {
      method: 'POST',
      path: '/api/upload',
      headers: { 'X-Filename': '%FF%FE.png' },
      body: 'x',
    });
    assert.equal(badName.status, 400);
    assert.match(badName.json<{ error: { message: string } }>().error.message, /X-Filename/);
    const unknown = await callApi(server.port, 'shell.exec', { cmd: 'rm -rf /' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json<{ error: { code: string } }>().error.code, 'unknown-request');
  });

  test('domain failures are ok:false Results with a message that says what to do', async () => {
    const res = await callApi(server.port, 'library.addFolder', { path: path.join(work, 'nope'), watch: false });
    assert.equal(res.status, 200);
    const result = res.json<Result<unknown>>();
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'folder-missing');
    assert.match(result.error.message, /nope: no such folder/);
    const outside = await callApi(server.port, 'compare.run', {
      a: { kind: 'path', path: '/etc/passwd' },
      b: { kind: 'path', path: '/etc/hostname' },
    });
    const refused = outside.json<Result<unknown>>();
    assert.ok(!refused.ok && refused.error.code === 'outside-library', JSON.stringify(refused));
  });

  test('path traversal and odd media ids are refused', async () => {
    const hostile = [
      '/media/image/../../../../etc/passwd',
      '/media/image/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/media/thumb/1%00.png',
      '/media/heatmap/..%2F..%2Flibrary.sqlite',
      '/media/upload/../library.sqlite',
      '/media/secret/1',
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/..%5c..%5cpackage.json',
      '/media/image/999999',
    ];
    for (const p of hostile) {
      const res = await rawRequest(server.port, { path: p });
      // URL parsing folds literal `..` away, so `/media/image/../../etc/passwd` arrives as `/etc/passwd`: an app
      // route, answered with the renderer's index page (or 503 before a build), never with the file.
      const isAppPage =
        (res.status === 200 || res.status === 503) && String(res.headers['content-type']).startsWith('text/');
      assert.ok(
        res.status === 404 || res.status === 403 || isAppPage,
        `${p} -> ${res.status} ${res.headers['content-type']}`,
      );
      assert.ok(!res.body.includes('"name": "seedscope"'), `${p} leaked package.json`);
      assert.ok(!res.body.includes('root:'), `${p} leaked /etc/passwd`);
      assert.ok(!res.body.subarray(0, 16).toString('latin1').startsWith('SQLite format'), `${p} leaked the database`);
    }
  });

  test('removing a folder forgets its images and never touches the files', async () => {
    const folder = okValue<FolderView[]>(await callApi(server.port, 'library.listFolders', {}))[0];
    const before = readFileSync(path.join(images, 'a1111.png'));
    assert.equal(
      okValue<RequestResult<'library.removeFolder'>>(
        await callApi(server.port, 'library.removeFolder', { folderId: folder.id }),
      ).removed,
      true,
    );
    assert.deepEqual(okValue<FolderView[]>(await callApi(server.port, 'library.listFolders', {})), []);
    assert.equal(
      okValue<RequestResult<'library.search'>>(await callApi(server.port, 'library.search', { text: '', limit: 50 }))
        .items.length,
      0,
    );
    assert.deepEqual(readFileSync(path.join(images, 'a1111.png')), before);
    const again = await callApi(server.port, 'library.removeFolder', { folderId: folder.id });
    assert.equal(again.json<Result<unknown>>().ok, false);
  });

  test('every response carries the strict CSP and refuses foreign Host, Origin and cross-site fetches', async () => {
    const page = await rawRequest(server.port, { path: '/' });
    assert.equal(page.headers['content-security-policy'], contentSecurityPolicy);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    const rebound = await callApi(server.port, 'app.info', {}, { Host: `evil.example:${server.port}` });
    assert.equal(rebound.status, 403);
    assert.equal(rebound.json<{ error: { code: string } }>().error.code, 'host-not-allowed');
    const localhostName = await callApi(server.port, 'app.info', {}, { Host: `localhost:${server.port}` });
    assert.equal(localhostName.status, 200);
    const foreignOrigin = await callApi(
      server.port,
      'library.rescan',
      { folderId: null },
      { Origin: 'http://evil.example' },
    );
    assert.equal(foreignOrigin.status, 403);
    const crossSite = await rawRequest(server.port, {
      path: '/media/image/1',
      headers: { 'Sec-Fetch-Site': 'cross-site' },
    });
    assert.equal(crossSite.status, 403);
    const formPost = await rawRequest(server.port, {
      method: 'POST',
      path: '/api/library.rescan',
      headers: { 'Content-Type': 'text/plain' },
      body: '{}',
    });
    assert.equal(formPost.status, 415);
  });
});

describe('seedscope serve --token', () => {
  test('another address needs a token; a short token is refused', async () => {
    const open = await serveRefusal(['--db', path.join(work, 'other.sqlite'), '--host', '0.0.0.0']);
    assert.equal(open.code, 2);
    assert.match(open.output, /pass --token/);
    const short = await serveRefusal(['--db', path.join(work, 'other.sqlite'), '--token', 'abc']);
    assert.equal(short.code, 2);
    assert.match(short.output, /at least 16 characters/);
  });

  test('without the token nothing is served; the URL token becomes an HttpOnly cookie', async () => {
    const token = 'a'.repeat(8) + 'b'.repeat(8) + 'c'.repeat(8);
    const guarded = await startServe(['--db', path.join(work, 'guarded.sqlite'), '--token', token]);
    try {
      assert.ok(guarded.url.endsWith(`/?token=${token}`));
      const anonymous = await callApi(guarded.port, 'app.info', {});
      assert.equal(anonymous.status, 401);
      const wrong = await callApi(guarded.port, 'app.info', {}, { Authorization: `Bearer ${'x'.repeat(24)}` });
      assert.equal(wrong.status, 401);
      const media = await rawRequest(guarded.port, { path: '/media/image/1' });
      assert.equal(media.status, 401);
      const bearer = await callApi(guarded.port, 'app.info', {}, { Authorization: `Bearer ${token}` });
      assert.equal(bearer.status, 200);
      const landing = await rawRequest(guarded.port, { path: `/?token=${token}` });
      assert.equal(landing.status, 303);
      assert.equal(landing.headers.location, '/');
      const cookie = String(landing.headers['set-cookie']);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      const withCookie = await callApi(guarded.port, 'app.info', {}, { Cookie: cookie.split(';')[0] });
      assert.equal(withCookie.status, 200);
    } finally {
      await guarded.stop();
    }
  });
});

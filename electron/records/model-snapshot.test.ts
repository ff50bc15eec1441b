import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { openLibrary } from '../library/library';
import { ModelCatalog } from './model-catalog';
import { hashModelFile, type HashProgress } from './model-hashes';
import { hashTypeFromShape, linkModelHash } from './model-links';
import sharp from 'sharp';
import { withPngTextChunks } from '../metadata/containers/png-write';
import { exportSidecars } from './export-sidecars';
import { readSeedscopeSidecar } from '../images/seedscope-sidecar';
import { snapshotModelFolders } from './model-snapshot';

const root = mkdtempSync(path.join(tmpdir(), 'seedscope-models-'));
after(() => rmSync(root, { recursive: true, force: true }));

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function countingHasher(calls: string[]) {
  return (file: string, onProgress?: HashProgress) => {
    calls.push(path.basename(file));
    return hashModelFile(file, onProgress);
  };
}

test('snapshots a folder once, reuses the size+mtime cache, and flags a model whose bytes changed under the same name', async () => {
  const models = path.join(root, 'models');
  const other = path.join(root, 'other-drive');
  mkdirSync(path.join(models, 'Lora'), { recursive: true });
  mkdirSync(other);
  const checkpoint = path.join(models, 'dreamshaper_8.safetensors');
  const v1 = Buffer.concat([Buffer.from([2, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{}'), Buffer.alloc(3000, 1)]);
  writeFileSync(checkpoint, v1);
  writeFileSync(path.join(models, 'Lora', 'detail.pt'), Buffer.alloc(500, 7));
  writeFileSync(path.join(models, 'notes.txt'), 'not a model');
  writeFileSync(path.join(other, 'dreamshaper_8.safetensors'), Buffer.alloc(10, 9));
  symlinkSync(path.join(other, 'dreamshaper_8.safetensors'), path.join(models, 'linked.safetensors'));
  symlinkSync(path.join(root, 'missing.ckpt'), path.join(models, 'dangling.ckpt'));
  execFileSync('mkfifo', [path.join(models, 'fifo.gguf')]);

  const library = openLibrary(path.join(root, 'library.sqlite'));
  const catalog = new ModelCatalog(library.db);
  try {
    const calls: string[] = [];
    const first = await snapshotModelFolders([models, other], catalog, { hashFile: countingHasher(calls) });
    const byName = new Map(first.files.map((f) => [path.relative(root, f.snapshot.path), f]));
    assert.deepEqual([...byName.keys()].sort(), [
      'models/Lora/detail.pt',
      'models/dreamshaper_8.safetensors',
      'models/linked.safetensors',
      'other-drive/dreamshaper_8.safetensors',
    ]);
    assert.ok(first.files.every((f) => f.status === 'new'));
    assert.equal(byName.get('models/dreamshaper_8.safetensors')?.snapshot.sha256, sha256(v1));
    assert.equal(byName.get('models/dreamshaper_8.safetensors')?.snapshot.tensorSha256, sha256(v1.subarray(10)));
    assert.deepEqual(byName.get('models/dreamshaper_8.safetensors')?.sameNameDiffers, [
      path.join(other, 'dreamshaper_8.safetensors'),
    ]);
    const problems = first.problems.map((p) => `${path.basename(p.path)}: ${p.reason}`).sort();
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0], /^dangling\.ckpt: no such file/);
    assert.match(problems[1], /^fifo\.gguf: not a regular file/);

    calls.length = 0;
    const second = await snapshotModelFolders([models], catalog, { hashFile: countingHasher(calls) });
    assert.deepEqual(calls, [], 'unchanged size+mtime: nothing re-read');
    assert.ok(second.files.every((f) => f.status === 'cached'));

    // The file is replaced with different weights of the same size under the same name ("rolled forward").
    const v2 = Buffer.from(v1);
    v2[v2.length - 1] = 42;
    writeFileSync(checkpoint, v2);
    utimesSync(checkpoint, new Date(), new Date(Date.now() + 5000));
    const third = await snapshotModelFolders([models], catalog, { hashFile: countingHasher(calls) });
    const changed = third.files.find((f) => f.snapshot.path === checkpoint);
    assert.equal(changed?.status, 'changed');
    assert.equal(changed?.replaced?.sha256, sha256(v1));
    assert.equal(changed?.snapshot.sha256, sha256(v2));
    assert.deepEqual(calls, ['dreamshaper_8.safetensors']);

    // Touching a file without changing its bytes re-hashes it but is not a change.
    utimesSync(path.join(models, 'Lora', 'detail.pt'), new Date(), new Date(Date.now() + 9000));
    const fourth = await snapshotModelFolders([models], catalog);
    assert.equal(fourth.files.find((f) => f.snapshot.name === 'detail.pt')?.status, 'rehashed');
    assert.equal(catalog.history(checkpoint).length, 1);
  } finally {
    library.close();
  }
});

test('an image model hash links to the local file within its own hash type, including bytes the file held before', async () => {
  const dir = path.join(root, 'links');
  mkdirSync(dir);
  const file = path.join(dir, 'base.ckpt');
  const before = Buffer.alloc(2 * 1024 * 1024, 3);
  writeFileSync(file, before);
  const library = openLibrary(path.join(root, 'links.sqlite'));
  const catalog = new ModelCatalog(library.db);
  try {
    await snapshotModelFolders([dir], catalog);
    const oldAutov2 = sha256(before).slice(0, 10);
    const autov1 = sha256(before.subarray(0x100000, 0x110000)).slice(0, 8);
    assert.equal(linkModelHash(oldAutov2, 'autov2', catalog)?.file.path, file);
    assert.equal(
      linkModelHash(oldAutov2.toUpperCase(), 'autov2', catalog)?.replaced,
      null,
      'Civitai writes upper case',
    );
    assert.equal(linkModelHash(autov1, 'autov1', catalog)?.matchedBy, 'autov1');
    assert.equal(linkModelHash(autov1, 'autov2', catalog), null, 'an AutoV1 value never matches as AutoV2');
    assert.equal(
      linkModelHash(sha256(before).slice(0, 8), 'autov1', catalog),
      null,
      'an AutoV2 prefix never matches as AutoV1',
    );
    assert.equal(linkModelHash(oldAutov2, null, catalog)?.matchedBy, 'autov2', 'untyped 10 hex is AutoV2 by shape');

    const after = Buffer.from(before);
    after[0] = 1;
    writeFileSync(file, after);
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await snapshotModelFolders([dir], catalog);
    const link = linkModelHash(oldAutov2, 'autov2', catalog);
    assert.equal(link?.file.path, file);
    assert.equal(link?.replaced?.sha256, sha256(before), 'the image was made with the bytes this file had before');
    assert.equal(linkModelHash(sha256(after), 'sha256', catalog)?.replaced, null);
    assert.equal(readFileSync(file)[0], 1);
  } finally {
    library.close();
  }
});

test('hash shapes map to one type only where the shape is unambiguous', () => {
  assert.equal(hashTypeFromShape('45a21ea00a'), 'autov2');
  assert.equal(hashTypeFromShape('4748a7f6'), 'autov1');
  assert.equal(hashTypeFromShape(`0x${'a'.repeat(64)}`), 'autov3');
  assert.equal(hashTypeFromShape('b'.repeat(64)), 'sha256');
  assert.equal(hashTypeFromShape('22d8cb95b807'), null, '12 hex is AutoV3 or a full-file prefix: the reader must say');
});

test('an exported record names the local model file whose AutoV2 the image states', async () => {
  const dir = path.join(root, 'export-link');
  mkdirSync(dir);
  const model = path.join(dir, 'myModel_v2.safetensors');
  const bytes = Buffer.concat([Buffer.from([2, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{}'), Buffer.alloc(5000, 4)]);
  writeFileSync(model, bytes);
  const autov2 = sha256(bytes).slice(0, 10);
  const blank = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
  const image = path.join(dir, 'made-with-it.png');
  const text = `a lighthouse\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 1, Size: 16x16, Model hash: ${autov2}, Model: myModel_v2`;
  writeFileSync(image, withPngTextChunks(blank, [{ keyword: 'parameters', text }]));
  const library = openLibrary(path.join(root, 'export-link.sqlite'));
  try {
    const catalog = new ModelCatalog(library.db);
    await snapshotModelFolders([dir], catalog);
    const [outcome] = await exportSidecars(image, ['json'], { models: catalog });
    assert.ok(outcome.ok);
    const read = await readSeedscopeSidecar(image);
    assert.deepEqual(read?.record.model?.file, {
      fileName: 'myModel_v2.safetensors',
      sha256: sha256(bytes),
      matchedBy: 'autov2',
      byteLength: bytes.length,
    });
  } finally {
    library.close();
  }
});

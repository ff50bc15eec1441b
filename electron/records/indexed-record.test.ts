import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { indexFolders } from '../library/indexer';
import { LazyDigests } from '../library/lazy-digests';
import { openLibrary, type Library } from '../library/library';
import { withPngTextChunks } from '../metadata/containers/png-write';
import { exportIndexedSidecars } from './export-sidecars';
import { recordForIndexedImage } from './indexed-record';
import { buildSidecarRecord } from './sidecar-record';

const corpus = path.join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
// A1111 text in a PNG, in a JPEG's UserComment and in a WebP; parameters only in the alpha channel (stealth, read
// from the pixels); a ComfyUI graph.
const SAMPLES = [
  'a1111/metahub_cli_a1111.png',
  'forge/sdm_jpg_reforge.jpeg',
  'a1111/sdm_webp_sd-webui.webp',
  'a1111/sdparsers_automatic1111_stealth.png',
  'comfyui/cex_flux_flux_depth_lora_example.png',
];
const now = new Date('2026-01-02T03:04:05Z');

const root = mkdtempSync(path.join(tmpdir(), 'seedscope-indexed-record-'));
const images = path.join(root, 'images');
let library: Library;

/** A PNG whose raw metadata is past the library's 4 MiB cap, so the library keeps 64 KiB of its workflow entry. */
async function writeLongWorkflowPng(file: string): Promise<string> {
  const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 40, g: 90, b: 160 } } })
    .png()
    .toBuffer();
  const nodes = Object.fromEntries(
    Array.from({ length: 40_000 }, (_, i) => [
      `${i}`,
      { class_type: 'Note', inputs: { text: `note ${i} `.repeat(8) } },
    ]),
  );
  const workflow = JSON.stringify({ nodes });
  assert.ok(workflow.length > 4 * 1024 * 1024);
  writeFileSync(
    file,
    withPngTextChunks(png, [
      { keyword: 'parameters', text: 'a lighthouse\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 16x16' },
      { keyword: 'workflow', text: workflow },
    ]),
  );
  return workflow;
}

before(async () => {
  mkdirSync(images);
  for (const sample of SAMPLES) copyFileSync(path.join(corpus, sample), path.join(images, path.basename(sample)));
  await writeLongWorkflowPng(path.join(images, 'long-workflow.png'));
  library = openLibrary(path.join(root, 'library.sqlite'));
  await indexFolders(library, [images], { workers: 1 });
});

after(() => {
  library?.close();
  rmSync(root, { recursive: true, force: true });
});

function indexed(name: string) {
  const image = library.imageByPath(path.join(images, name));
  assert.ok(image, `${name} is indexed`);
  return image;
}

/** The row once a first record has filled the digests the index leaves to it (file SHA-256, RGB digest). */
async function withRowDigests(name: string) {
  const image = indexed(name);
  if (image.fileSha256 !== null && image.rgbSha256 !== null) return image;
  const first = await recordForIndexedImage(image, { now });
  assert.equal(first.source, 'file', `${name}: the row lacks the file SHA-256, so the file is read once`);
  assert.equal(first.fillsRowDigests, true);
  assert.ok(new LazyDigests(library.db).storeFromRecord(image, first.record));
  const filled = indexed(name);
  assert.equal(filled.fileSha256, createHash('sha256').update(readFileSync(image.path)).digest('hex'));
  return filled;
}

describe('the sidecar record of an indexed image', () => {
  it('comes from the library row alone and equals a fresh inspection of the file', async () => {
    for (const sample of SAMPLES) {
      const image = await withRowDigests(path.basename(sample));
      assert.equal(image.pixelState, 'done');
      const { record, source } = await recordForIndexedImage(image, { now });
      assert.equal(source, 'library', sample);
      assert.deepEqual(record, await buildSidecarRecord(image.path, { now }), sample);
    }
  });

  it('reads a raw entry the library kept truncated back from the file, without decoding', async () => {
    const image = await withRowDigests('long-workflow.png');
    const stored = image.report.raw.find((e) => e.source.endsWith('workflow'));
    assert.equal(stored?.truncated, true, 'the library keeps 64 KiB of the workflow');
    const { record, source } = await recordForIndexedImage(image, { now });
    assert.equal(source, 'library+metadata');
    const workflow = record.raw.find((e) => e.source.endsWith('workflow'));
    assert.equal(workflow?.truncated, undefined);
    assert.ok((workflow?.text.length ?? 0) > 4 * 1024 * 1024);
    assert.deepEqual(record, await buildSidecarRecord(image.path, { now }));
  });

  it('inspects the file when it changed since it was indexed', async () => {
    const image = indexed('metahub_cli_a1111.png');
    const later = new Date(image.mtimeMs + 5000);
    utimesSync(image.path, later, later);
    try {
      const { record, source } = await recordForIndexedImage(image, { now });
      assert.equal(source, 'file');
      assert.deepEqual(record, await buildSidecarRecord(image.path, { now }));
    } finally {
      const back = new Date(image.mtimeMs);
      utimesSync(image.path, back, back);
    }
  });

  it('inspects the file when the pixel pass has not run yet', async () => {
    const other = openLibrary(path.join(root, 'metadata-only.sqlite'));
    try {
      await indexFolders(other, [images], { workers: 1, metadataOnly: true });
      const image = other.imageByPath(path.join(images, 'sdparsers_automatic1111_stealth.png'));
      assert.equal(image?.pixelState, 'pending');
      const { record, source } = await recordForIndexedImage(image!, { now });
      assert.equal(source, 'file');
      assert.ok(record.pixels, 'the pixel hashes come from the decode');
      assert.ok(record.tuple, 'the stealth parameters come from the decoded alpha channel');
    } finally {
      other.close();
    }
  });

  it('writes the sidecars, and names the file when it is gone', async () => {
    const out = path.join(root, 'out');
    const image = await withRowDigests('sdm_jpg_reforge.jpeg');
    const outcomes = await exportIndexedSidecars(image, ['json', 'txt'], { outDir: out, now });
    assert.deepEqual(
      outcomes.map((o) => o.ok),
      [true, true],
    );
    const json = JSON.parse(readFileSync(path.join(out, 'sdm_jpg_reforge.jpeg.seedscope.json'), 'utf8'));
    assert.equal(json.image.fileSha256, image.fileSha256);
    assert.equal(json.image.fileSha256, createHash('sha256').update(readFileSync(image.path)).digest('hex'));
    assert.match(readFileSync(path.join(out, 'sdm_jpg_reforge.txt'), 'utf8'), /Seed: 584157617/);

    const gone = { ...image, path: path.join(root, 'moved-away.jpeg') };
    const [failed] = await exportIndexedSidecars(gone, ['json'], { outDir: out });
    assert.equal(failed.ok, false);
    assert.match(failed.ok ? '' : failed.message, /moved-away\.jpeg: .*no such file/i);
  });
});

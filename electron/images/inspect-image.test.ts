import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { pngDeclaring, smallPng, tiffBlock, withIdatChunks } from '../metadata/containers/crafted-files.fixture';
import { withPngChunks, withPngTextChunks } from '../metadata/containers/png-write';
import { readMetadata } from '../metadata/read-metadata';
import { exportSidecars } from '../records/export-sidecars';
import { decodeImage } from '../pixels/decode';
import { pixelSha256 } from '../pixels/pixel-hash';
import { indexPixels } from '../pixels/index-pixels';
import { fileXxh3 } from './file-identity';
import { ImageFileError, inspectImageBytes, inspectImageFile, inspectImageMetadata } from './inspect-image';

// The team corpus sits beside the repo (../shared/corpus); SEEDSCOPE_CORPUS points elsewhere.
const CORPUS = process.env.SEEDSCOPE_CORPUS ?? join(__dirname, '../../../../shared/corpus');
const dir = mkdtempSync(join(tmpdir(), 'seedscope-inspect-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function rejectsWith(path: string, code: string, reason: RegExp): Promise<void> {
  await assert.rejects(inspectImageFile(path), (err: unknown) => {
    assert.ok(err instanceof ImageFileError);
    assert.equal(err.code, code);
    assert.ok(err.message.startsWith(path), 'the message names the file');
    assert.match(err.message, reason);
    return true;
  });
}

test('a corpus image: tuple, pixel hashes from one decode, decoded buffer on request', async () => {
  const file = join(CORPUS, 'a1111/metahub_cli_a1111.png');
  const { report, decoded } = await inspectImageFile(file, { keepDecoded: true });
  assert.equal(report.file, file);
  assert.equal(report.format, 'png');
  assert.equal(report.tuple?.seed, '2895438046');
  assert.deepEqual([report.pixels?.width, report.pixels?.height], [512, 768]);
  assert.match(report.pixels?.sha256 ?? '', /^[0-9a-f]{64}$/);
  assert.notEqual(report.pixels?.sha256, report.pixels?.rgbSha256);
  assert.ok(decoded);
  assert.equal(decoded.data.length, 512 * 768 * 4);
  assert.equal((await inspectImageFile(file)).decoded, null, 'not kept unless asked');
});

test('metadata-only: no decode, no pixels, same tuple', async () => {
  const report = await inspectImageMetadata(join(CORPUS, 'forge/sdm_png_reforge.png'));
  assert.equal(report.pixels, null);
  assert.equal(report.tuple?.seed, '270740395');
});

test('the same pixels give the same hash whatever the metadata', async () => {
  const png = await smallPng(16, 16);
  const a = join(dir, 'a.png');
  const b = join(dir, 'b.png');
  writeFileSync(a, png);
  writeFileSync(b, withPngTextChunks(png, [{ keyword: 'parameters', text: 'p\nSteps: 1, Seed: 2, CFG scale: 3' }]));
  const [ra, rb] = await Promise.all([inspectImageFile(a), inspectImageFile(b)]);
  assert.equal(ra.report.pixels?.sha256, rb.report.pixels?.sha256);
  assert.equal(ra.report.tuple, null);
  assert.equal(rb.report.tuple?.seed, '2');
});

test('a FIFO named x.png is refused without blocking', async () => {
  const fifo = join(dir, 'x.png');
  execFileSync('mkfifo', [fifo]);
  await rejectsWith(fifo, 'not-a-file', /FIFO/);
});

test('missing file, directory, empty file, non-image: each a clear error naming the file', async () => {
  await rejectsWith(join(dir, 'missing.png'), 'not-found', /no such file/);
  await rejectsWith(dir, 'not-a-file', /directory/);
  const empty = join(dir, 'empty.png');
  writeFileSync(empty, '');
  await rejectsWith(empty, 'empty-file', /empty/);
  const text = join(dir, 'notes.png');
  writeFileSync(text, 'hello, not an image');
  await rejectsWith(text, 'not-an-image', /not a recognised image format/);
});

test('a symlink to an image is followed; the image is read through it', async () => {
  const link = join(dir, 'link.png');
  symlinkSync(join(CORPUS, 'a1111/metahub_cli_a1111.png'), link);
  const { report } = await inspectImageFile(link);
  assert.equal(report.tuple?.seed, '2895438046');
});

test('decompression-bomb header (16000×16000 declared): refused quickly, metadata still reported', async () => {
  const file = join(dir, 'bomb.png');
  writeFileSync(
    file,
    withPngTextChunks(pngDeclaring(16000, 16000), [
      { keyword: 'parameters', text: 'p\nSteps: 5, Seed: 6, CFG scale: 7' },
    ]),
  );
  const { report } = await inspectImageFile(file);
  assert.equal(report.pixels, null);
  assert.equal(report.tuple?.seed, '6');
  assert.ok(
    report.warnings.some((w) => /pixels could not be decoded: .*megapixels/.test(w)),
    report.warnings.join('; '),
  );
});

test('truncated image: pixels null with a warning, metadata kept', async () => {
  const png = withPngTextChunks(await smallPng(64, 64), [
    { keyword: 'parameters', text: 'p\nSteps: 5, Seed: 6, CFG scale: 7' },
  ]);
  const file = join(dir, 'cut.png');
  writeFileSync(file, png.subarray(0, png.length - 30));
  const { report } = await inspectImageFile(file);
  assert.equal(report.pixels, null);
  assert.equal(report.tuple?.seed, '6');
  assert.ok(report.warnings.some((w) => /pixels could not be decoded/.test(w)));
  assert.ok(report.warnings.some((w) => /PNG is truncated/.test(w)));
});

test('the A1111 .txt sidecar next to an image is read', async () => {
  const image = join(dir, 'side.png');
  copyFileSync(join(CORPUS, '_no_metadata/sdm_png_empty.png'), image);
  writeFileSync(
    join(dir, 'side.txt'),
    'a lake\nNegative prompt: fog\nSteps: 12, Sampler: Euler, CFG scale: 4, Seed: 77, Size: 832x1216',
  );
  const report = await inspectImageMetadata(image);
  assert.equal(report.tuple?.seed, '77');
  assert.equal(report.tuple?.origins.seed.source, 'sidecar:txt');
});

test('metadata-only reads skip pixel data yet report exactly what the whole file reports, on every corpus file', async () => {
  let files = 0;
  for (const folder of readdirSync(CORPUS)) {
    const dirPath = join(CORPUS, folder);
    if (!statSync(dirPath).isDirectory()) continue;
    for (const name of readdirSync(dirPath)) {
      const file = join(dirPath, name);
      const fast = await inspectImageMetadata(file);
      const whole = readMetadata(readFileSync(file), { fileName: file });
      assert.deepEqual(
        [fast.format, fast.generator, fast.tuple, fast.c2pa, fast.raw, fast.warnings],
        [whole.format, whole.generator, whole.tuple, whole.c2pa, whole.raw, whole.warnings],
        file,
      );
      files++;
    }
  }
  assert.ok(files > 50);
});

test('metadata-only on a truncated PNG still names the truncation', async () => {
  const png = withPngTextChunks(await smallPng(64, 64), [
    { keyword: 'parameters', text: 'p\nSteps: 5, Seed: 6, CFG scale: 7' },
  ]);
  const file = join(dir, 'cut-meta.png');
  writeFileSync(file, png.subarray(0, png.length - 30));
  const report = await inspectImageMetadata(file);
  assert.equal(report.tuple?.seed, '6');
  assert.ok(
    report.warnings.some((w) => /PNG is truncated/.test(w)),
    report.warnings.join('; '),
  );
});

test('a PNG named .jpeg is read as PNG, and the mismatch is noted', async () => {
  const { report } = await inspectImageFile(
    join(CORPUS, 'comfyui-a1111style/metahub_a5af4555-8227-48c8-9f5d-d70e12f5e421.jpeg'),
    { decode: false },
  );
  assert.equal(report.format, 'png');
  assert.equal(report.tuple?.seed, '934100943193926');
  assert.deepEqual(report.warnings, ['named .jpeg but the bytes are PNG; read as PNG']);
});

test('metadata-only skips large IDATs yet finds text and eXIf chunks written after them', async () => {
  const noise = Buffer.alloc(256 * 256 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  const png = withIdatChunks(
    await sharp(noise, { raw: { width: 256, height: 256, channels: 3 } })
      .png()
      .toBuffer(),
    65536,
  );
  const exif = tiffBlock({ littleEndian: true, ifd0: [[0x010f, 2, Buffer.from('a maker\0')]] });
  const withAfter = withPngChunks(
    withPngTextChunks(png, [{ keyword: 'parameters', text: 'p\nSteps: 5, Seed: 99, CFG scale: 7' }], 'after-idat'),
    [{ type: 'eXIf', data: exif }],
    'after-idat',
  );
  const file = join(dir, 'after-idat.png');
  writeFileSync(file, withAfter);
  const report = await inspectImageMetadata(file);
  assert.equal(report.tuple?.seed, '99');
  assert.deepEqual(
    report.raw.map((r) => r.source),
    ['png:tEXt:parameters', 'exif:Make'],
  );
  assert.deepEqual(report.warnings, []);
});

test('the file SHA-256 comes with a decoding inspection and covers the whole file; a metadata-only one has none', async () => {
  const file = join(CORPUS, 'a1111/metahub_cli_a1111.png');
  const whole = readFileSync(file);
  const inspected = await inspectImageFile(file);
  assert.equal(inspected.fileSha256, createHash('sha256').update(whole).digest('hex'));
  assert.equal(inspected.fileByteLength, whole.length);
  const metadataOnly = await inspectImageFile(file, { decode: false });
  assert.equal(metadataOnly.fileSha256, null, 'only part of the file was read, so no file hash is claimed');
  assert.equal(metadataOnly.fileByteLength, null);
});

test("the library's hashes: the file's XXH3-128 here, the RGBA SHA-256 with the thumbnail, the same as a report's", async () => {
  assert.equal(await fileXxh3(Buffer.alloc(0)), '99aa06d3014798d86001c324468d497f', 'the XXH3-128 reference vector');
  const file = join(CORPUS, 'a1111/metahub_cli_a1111.png');
  const whole = readFileSync(file);
  const full = await inspectImageFile(file);
  const indexed = await inspectImageBytes(file, whole, { hashes: 'index', keepDecoded: true });
  assert.equal(indexed.fileXxh3, await fileXxh3(whole));
  assert.equal(indexed.pixelSha256, null, 'the pixel pass takes it in its own walk (index-pixels.ts)');
  assert.equal(indexPixels(indexed.decoded!).pixelSha256, full.report.pixels?.sha256);
  assert.equal(full.pixelSha256, full.report.pixels?.sha256);
  assert.equal(indexed.fileSha256, null, 'the file SHA-256 is computed when something needs it');
  assert.equal(indexed.report.pixels, null, 'no RGB digest, so no pixel summary');
  assert.equal(full.fileXxh3, null);
  assert.deepEqual(indexed.report.tuple, full.report.tuple);
});

/** A corpus PNG copied into the temp folder with its JSON sidecar exported beside it, then stripped of metadata. */
async function strippedWithSidecar(
  name: string,
): Promise<{ image: string; original: NonNullable<Awaited<ReturnType<typeof inspectImageMetadata>>['tuple']> }> {
  const image = join(dir, name);
  copyFileSync(join(CORPUS, 'a1111/sdm_png_sd-webui.png'), image);
  const original = (await inspectImageFile(image)).report.tuple;
  assert.ok(original, 'fixture sanity: the corpus PNG has parameters');
  const [outcome] = await exportSidecars(image, ['json']);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  const pixelsBefore = pixelSha256((await decodeImage(image)).data);
  writeFileSync(image, await sharp(image).png().toBuffer());
  assert.equal(
    pixelSha256((await decodeImage(image)).data),
    pixelsBefore,
    'fixture sanity: stripping keeps the pixels',
  );
  assert.equal(
    readMetadata(readFileSync(image)).tuple,
    null,
    'fixture sanity: the stripped PNG has no parameters of its own',
  );
  return { image, original };
}

test('a stripped image gets its parameters back from its Seedscope JSON sidecar, marked as read from it', async () => {
  const { image, original } = await strippedWithSidecar('stripped.png');
  for (const { report } of [await inspectImageFile(image), { report: await inspectImageMetadata(image) }]) {
    assert.ok(report.tuple);
    assert.equal(report.tuple.seed, original.seed);
    assert.equal(report.tuple.model, original.model);
    assert.equal(report.tuple.prompt, original.prompt);
    assert.equal(report.tuple.negativePrompt, original.negativePrompt);
    assert.deepEqual(report.tuple.passes, original.passes);
    assert.equal(report.generator, original.generator);
    for (const field of ['seed', 'model', 'prompt'])
      assert.equal(report.tuple.origins[field]?.source, 'sidecar:seedscope.json', field);
    assert.ok(Object.values(report.tuple.origins).every((o) => o.source === 'sidecar:seedscope.json'));
    assert.deepEqual(report.raw, [], 'raw lists only what the image itself holds');
    assert.deepEqual(report.warnings, [], 'same pixels as recorded: nothing to warn about');
  }
});

test("the image's own parameters win over its JSON sidecar", async () => {
  const { image } = await strippedWithSidecar('own-wins.png');
  writeFileSync(
    image,
    withPngTextChunks(readFileSync(image), [
      { keyword: 'parameters', text: 'its own\nSteps: 3, Seed: 31337, CFG scale: 2' },
    ]),
  );
  const { report } = await inspectImageFile(image);
  assert.equal(report.tuple?.seed, '31337');
  assert.equal(report.tuple?.origins.seed.source, 'png:tEXt:parameters');
});

test('a JSON sidecar whose recorded pixels differ from the image still gives its parameters, with a warning', async () => {
  const { image, original } = await strippedWithSidecar('edited.png');
  writeFileSync(image, await sharp(image).modulate({ brightness: 1.2 }).png().toBuffer());
  for (const hashes of ['report', 'index'] as const) {
    // The library's pass computes no RGB digest of its own: the check computes it for this image.
    const { report } = await inspectImageBytes(image, readFileSync(image), { hashes });
    assert.equal(report.tuple?.seed, original.seed);
    assert.equal(report.warnings.length, 1, report.warnings.join('; '));
    assert.ok(report.warnings[0].includes(`${image}.seedscope.json`), 'names the sidecar');
    assert.match(report.warnings[0], /recorded other pixels .* re-encoded or edited after the sidecar was written/);
  }
});

test('an unusable JSON sidecar beside a stripped image: no tuple, a warning naming the sidecar, no throw', async () => {
  const { image } = await strippedWithSidecar('bad-sidecar.png');
  writeFileSync(`${image}.seedscope.json`, '{"schema": "seedscope.sidecar", ');
  const { report } = await inspectImageFile(image);
  assert.equal(report.tuple, null);
  assert.equal(report.generator, null);
  assert.ok(
    report.warnings.some((w) => w.includes(`${image}.seedscope.json`) && /not valid JSON/.test(w)),
    report.warnings.join('; '),
  );
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { inspectImageFile } from '../images/inspect-image';
import { readMetadata } from '../metadata/read-metadata';
import { decodeImage } from '../pixels/decode';
import { perceptualHash } from '../pixels/perceptual-hash';
import { pixelSha256, rgbSha256 } from '../pixels/pixel-hash';
import { exportSidecars } from './export-sidecars';
import { readSeedscopeSidecar } from '../images/seedscope-sidecar';
import { sidecarPathFor } from '../images/sidecar-paths';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const dir = mkdtempSync(path.join(tmpdir(), 'seedscope-sidecar-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Copy a corpus file into the temp folder: the corpus is read-only and nothing may be written beside it. */
function copyOf(corpusPath: string, name = path.basename(corpusPath)): string {
  const target = path.join(dir, name);
  copyFileSync(path.join(CORPUS, corpusPath), target);
  return target;
}

/** Re-encode losslessly without any metadata: the decoded pixels stay, the parameters are gone. */
async function strip(file: string, format: 'png' | 'webp'): Promise<void> {
  const encoded =
    format === 'png' ? await sharp(file).png().toBuffer() : await sharp(file).webp({ lossless: true }).toBuffer();
  writeFileSync(file, encoded);
}

const ROUND_TRIPS: Array<{ corpus: string; strip: 'png' | 'webp'; seed: string }> = [
  { corpus: 'a1111/sdm_png_sd-webui.png', strip: 'png', seed: '3782896554' },
  { corpus: 'a1111/sdm_webp_sd-webui.webp', strip: 'webp', seed: '1028435836' },
  { corpus: 'comfyui/cex_lora_lora.png', strip: 'png', seed: '851616030078638' },
  // PNG bytes behind a .jpeg name: the format comes from the bytes.
  { corpus: 'a1111/dtools_f9f3edb2-fdfa-40d8-a9b4-11fed110697d.jpeg', strip: 'png', seed: '846257433595426' },
];

for (const trip of ROUND_TRIPS) {
  test(`round trip ${trip.corpus}: export, strip the image, read the sidecar: the tuple returns and the pixels match`, async () => {
    const image = copyOf(trip.corpus);
    const before = (await inspectImageFile(image)).report;
    assert.equal(before.tuple?.seed, trip.seed, 'fixture sanity: the reader finds the seed');
    const outcomes = await exportSidecars(image, ['json']);
    assert.deepEqual(outcomes, [{ format: 'json', ok: true, path: sidecarPathFor(image, 'json') }]);
    const fileSha = createHash('sha256').update(readFileSync(image)).digest('hex');

    await strip(image, trip.strip);
    assert.equal(
      readMetadata(readFileSync(image), { fileName: image }).tuple,
      null,
      'the stripped image has no parameters of its own',
    );
    const stripped = (await inspectImageFile(image)).report;
    assert.equal(stripped.tuple?.seed, trip.seed, 'inspecting the stripped image reads the sidecar');
    assert.equal(stripped.tuple?.origins.seed.source, 'sidecar:seedscope.json');
    assert.deepEqual(stripped.raw, [], 'raw lists only what the image itself holds');

    const warnings: string[] = [];
    const read = await readSeedscopeSidecar(image, { warnings });
    assert.deepEqual(warnings, []);
    assert.ok(read);
    assert.deepEqual(read.tuple, before.tuple);
    const decoded = await decodeImage(image);
    assert.equal(
      read.record.pixels?.sha256,
      pixelSha256(decoded.data),
      "recorded RGBA hash = the stripped image's decoded pixels",
    );
    assert.equal(read.record.pixels?.rgbSha256, rgbSha256(decoded.data));
    assert.equal(read.record.perceptualHash, perceptualHash(decoded));
    assert.equal(read.record.image.fileSha256, fileSha, 'the file hash is of the original bytes');
    assert.equal(read.record.image.fileName, path.basename(image));
    assert.equal(read.record.schemaVersion, 1);
    assert.equal(
      read.record.seedscopeVersion,
      JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version,
    );
    assert.deepEqual(read.record.raw, before.raw, 'the raw metadata survives in the sidecar');
  });
}

test('an image without metadata still gets a record of its pixels; the txt format says there is nothing to write', async () => {
  const image = copyOf('_no_metadata/sdm_png_empty.png');
  const outcomes = await exportSidecars(image, ['json', 'txt']);
  assert.equal(outcomes[0].ok, true);
  assert.equal(outcomes[1].ok, false);
  assert.match(outcomes[1].ok ? '' : outcomes[1].message, /sdm_png_empty\.png: no generation parameters/);
  const warnings: string[] = [];
  assert.equal(await readSeedscopeSidecar(image, { warnings }), null);
  assert.match(warnings[0], /records no generation parameters/);
  const record = JSON.parse(readFileSync(sidecarPathFor(image, 'json'), 'utf8'));
  assert.match(record.pixels.sha256, /^[0-9a-f]{64}$/);
});

test('a file that is not an image fails with a message naming it, and writes nothing', async () => {
  const bogus = path.join(dir, 'not-an-image.png');
  writeFileSync(bogus, 'plain text, not a PNG');
  const [outcome] = await exportSidecars(bogus, ['json']);
  assert.equal(outcome.ok, false);
  assert.match(outcome.ok ? '' : outcome.message, /not-an-image\.png/);
  assert.equal(await readSeedscopeSidecar(bogus), null);
});

test('bad sidecars give a clear warning naming the file and the problem, never a throw', async () => {
  const image = copyOf('a1111/metahub_cli_a1111.png', 'bad.png');
  const sidecar = sidecarPathFor(image, 'json');
  const cases: Array<[string, string | ((good: Record<string, unknown>) => unknown), RegExp]> = [
    ['not JSON', '{"schema": "seedscope.sidecar", ', /not valid JSON/],
    ['not ours', JSON.stringify({ hello: 'world' }), /schema: expected "seedscope\.sidecar"/],
    [
      'wrong nested type',
      (good) => ({ ...good, tuple: { ...(good.tuple as object), steps: '28' } }),
      /tuple\.steps: expected a number/,
    ],
    [
      'seed as a number',
      (good) => ({ ...good, tuple: { ...(good.tuple as object), seed: 2895438046 } }),
      /tuple\.seed: expected a decimal string/,
    ],
    ['newer schema', (good) => ({ ...good, schemaVersion: 99 }), /version 99 is newer/],
    [
      'bad pixel hash',
      (good) => ({ ...good, pixels: { width: 1, height: 1, sha256: 'x', rgbSha256: 'y' } }),
      /pixels\.sha256: expected 64 lower-case hex/,
    ],
  ];
  await exportSidecars(image, ['json']);
  const good = JSON.parse(readFileSync(sidecar, 'utf8')) as Record<string, unknown>;
  for (const [name, content, expected] of cases) {
    writeFileSync(sidecar, typeof content === 'string' ? content : JSON.stringify(content(good)));
    const warnings: string[] = [];
    assert.equal(await readSeedscopeSidecar(image, { warnings }), null, name);
    assert.equal(warnings.length, 1, name);
    assert.ok(warnings[0].includes(sidecar), `${name}: names the file`);
    assert.match(warnings[0], expected, name);
  }
  // Hostile shapes (reliability-notes.md): 10^4-deep nesting where a string belongs, a stray huge file, a FIFO.
  // Built as text: JSON.stringify itself throws at this depth.
  const deepText = JSON.stringify({ ...good, tuple: { ...(good.tuple as object), extras: { deep: '@DEEP@' } } });
  writeFileSync(sidecar, deepText.replace('"@DEEP@"', '['.repeat(10_000) + ']'.repeat(10_000)));
  const deepWarnings: string[] = [];
  assert.equal(await readSeedscopeSidecar(image, { warnings: deepWarnings }), null);
  assert.match(deepWarnings[0], /tuple\.extras\.deep: expected a string/);
  rmSync(sidecar);
  execFileSync('truncate', ['-s', '65M', sidecar]);
  const hugeWarnings: string[] = [];
  assert.equal(await readSeedscopeSidecar(image, { warnings: hugeWarnings }), null);
  assert.match(hugeWarnings[0], /larger than a sidecar can be/);
  rmSync(sidecar);
  execFileSync('mkfifo', [sidecar]);
  const fifoWarnings: string[] = [];
  assert.equal(
    await readSeedscopeSidecar(image, { warnings: fifoWarnings }),
    null,
    'a FIFO is never opened (it would block forever)',
  );
  assert.match(fifoWarnings[0], /not a regular file/);
  rmSync(sidecar);
  writeFileSync(
    sidecar,
    JSON.stringify({ ...good, __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } }),
  );
  assert.ok(await readSeedscopeSidecar(image), 'extra keys are tolerated');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  assert.equal(await readSeedscopeSidecar(path.join(dir, 'no-such.png')), null, 'no sidecar: null, no warning needed');
});

test('exporting again never overwrites without asking; with overwrite it replaces the file', async () => {
  const image = copyOf('a1111/metahub_cli_a1111.png', 'again.png');
  const outDir = path.join(dir, 'chosen-folder');
  const [first] = await exportSidecars(image, ['xmp'], { outDir });
  assert.equal(first.ok && first.path, path.join(outDir, 'again.png.xmp'));
  writeFileSync(path.join(outDir, 'again.png.xmp'), 'hand-edited by the user');
  const [second] = await exportSidecars(image, ['xmp'], { outDir });
  assert.equal(second.ok, false);
  assert.equal(second.ok ? '' : second.code, 'exists');
  assert.equal(readFileSync(path.join(outDir, 'again.png.xmp'), 'utf8'), 'hand-edited by the user');
  const [third] = await exportSidecars(image, ['xmp'], { outDir, overwrite: true });
  assert.equal(third.ok, true);
  assert.match(
    readFileSync(path.join(outDir, 'again.png.xmp'), 'utf8'),
    /<seedscope:Seed>2895438046<\/seedscope:Seed>/,
  );
});

test('an A1111 txt sidecar brings the parameters back to a stripped image on the next inspection', async () => {
  const image = copyOf('a1111/metahub_cli_a1111.png', 'restored.png');
  const before = (await inspectImageFile(image, { decode: false })).report.tuple;
  const [outcome] = await exportSidecars(image, ['txt']);
  assert.equal(outcome.ok && outcome.path, path.join(dir, 'restored.txt'));
  await strip(image, 'png');
  const after = (await inspectImageFile(image, { decode: false })).report.tuple;
  assert.ok(before && after);
  for (const field of [
    'seed',
    'steps',
    'samplerId',
    'schedulerId',
    'cfg',
    'width',
    'height',
    'model',
    'modelHash',
    'prompt',
    'negativePrompt',
  ] as const) {
    assert.equal(after[field], before[field], field);
  }
});

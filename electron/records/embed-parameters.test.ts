import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { readMetadata } from '../metadata/read-metadata';
import { decodeImage } from '../pixels/decode';
import { pixelSha256 } from '../pixels/pixel-hash';
import { TargetExistsError } from './atomic-write';
import { embedParameters, withoutPngTextKeywords } from './embed-parameters';
import { RecordError } from './sidecar-record';
import { validateSidecarRecord } from '../images/sidecar-schema';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const dir = mkdtempSync(path.join(tmpdir(), 'seedscope-embed-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function snapshot(file: string): { sha256: string; mtimeMs: number } {
  return { sha256: createHash('sha256').update(readFileSync(file)).digest('hex'), mtimeMs: statSync(file).mtimeMs };
}

/** Every chunk of a PNG as [type, data]. */
function chunks(png: Buffer): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = [];
  for (let pos = 8; pos + 12 <= png.length; ) {
    const length = png.readUInt32BE(pos);
    out.push([png.toString('latin1', pos + 4, pos + 8), png.subarray(pos + 8, pos + 8 + length)]);
    pos += 12 + length;
  }
  return out;
}

const SOURCES = [
  { corpus: 'a1111/sdm_png_sd-webui.png', kind: 'PNG with an iTXt parameters chunk' },
  { corpus: 'forge/sdm_jpg_forge-neo.jpeg', kind: 'JPEG with an EXIF UserComment' },
  { corpus: 'a1111/sdm_webp_sd-webui.webp', kind: 'WebP with an EXIF UserComment' },
  { corpus: 'comfyui/cex_lora_lora.png', kind: 'ComfyUI PNG with prompt/workflow graphs' },
];

for (const source of SOURCES) {
  test(`embedded copy of a ${source.kind}: new PNG, same decoded pixels, parameters and record inside, original untouched`, async () => {
    const image = path.join(dir, path.basename(source.corpus));
    copyFileSync(path.join(CORPUS, source.corpus), image);
    const before = snapshot(image);
    const out = path.join(dir, `${path.basename(source.corpus)}.embedded.png`);

    const result = await embedParameters(image, out);
    assert.deepEqual(snapshot(image), before, 'the original file is byte-identical with the same mtime');
    assert.equal(result.outPath, out);
    const written = readFileSync(out);
    assert.equal(readMetadata(written).format, 'png');
    const [sourcePixels, copyPixels] = await Promise.all([decodeImage(image), decodeImage(out)]);
    assert.equal(pixelSha256(copyPixels.data), pixelSha256(sourcePixels.data), 'decoded pixel hash equal');
    assert.equal(result.pixelSha256, result.record.pixels?.sha256);

    const report = readMetadata(written);
    const original = readMetadata(readFileSync(image));
    assert.ok(report.tuple && original.tuple);
    for (const field of ['seed', 'steps', 'samplerId', 'cfg', 'width', 'height', 'model', 'negativePrompt'] as const) {
      assert.equal(report.tuple[field], original.tuple[field], field);
    }
    const embedded = report.raw.filter((r) => r.source.endsWith(':seedscope'));
    assert.equal(embedded.length, 1);
    const checked = validateSidecarRecord(JSON.parse(embedded[0].text));
    assert.ok(checked.ok, checked.ok ? '' : checked.problem);
    assert.deepEqual(checked.record.tuple, original.tuple, 'the JSON record carries the full tuple');
    assert.equal(checked.record.image.fileSha256, before.sha256);
    assert.equal(report.raw.filter((r) => r.source.endsWith(':parameters')).length, 1, 'exactly one parameters chunk');
  });
}

test('a PNG source keeps its image data chunks byte for byte; an old parameters chunk is replaced, not duplicated', async () => {
  const image = path.join(dir, 'keep-idat.png');
  copyFileSync(path.join(CORPUS, 'a1111', 'sdm_png_sd-webui.png'), image);
  const out = path.join(dir, 'keep-idat.embedded.png');
  await embedParameters(image, out);
  const data = (png: Buffer): Buffer[] =>
    chunks(png)
      .filter(([type]) => type === 'IDAT' || type === 'IHDR')
      .map(([, d]) => d);
  assert.deepEqual(data(readFileSync(out)), data(readFileSync(image)));
  // Embedding the embedded copy again must not stack a second `parameters` / `seedscope` chunk.
  const again = path.join(dir, 'keep-idat.again.png');
  await embedParameters(out, again);
  const keywords = chunks(readFileSync(again))
    .filter(([type]) => type === 'tEXt' || type === 'iTXt')
    .map(([, d]) => d.toString('latin1', 0, d.indexOf(0)));
  assert.deepEqual(keywords.sort(), ['parameters', 'seedscope']);
});

test('never overwrites without asking, and never writes over the source even when asked', async () => {
  const image = path.join(dir, 'guard.png');
  copyFileSync(path.join(CORPUS, 'a1111', 'metahub_cli_a1111.png'), image);
  const before = snapshot(image);
  const out = path.join(dir, 'guard-out.png');
  writeFileSync(out, 'an existing file the user cares about');
  await assert.rejects(embedParameters(image, out), TargetExistsError);
  assert.equal(readFileSync(out, 'utf8'), 'an existing file the user cares about');
  await embedParameters(image, out, { overwrite: true });
  assert.equal(readFileSync(out).toString('latin1', 1, 4), 'PNG', 'replaced by the embedded copy when asked');
  await assert.rejects(
    embedParameters(image, image, { overwrite: true }),
    (err: unknown) => err instanceof RecordError && /replace the original/.test(err.message),
  );
  await assert.rejects(embedParameters(image, path.join(dir, '.', 'guard.png'), { overwrite: true }), RecordError);
  assert.deepEqual(snapshot(image), before);
});

test('a truncated PNG fails with a message naming the file, and no output appears', async () => {
  const image = path.join(dir, 'truncated.png');
  const whole = readFileSync(path.join(CORPUS, 'a1111', 'metahub_cli_a1111.png'));
  writeFileSync(image, whole.subarray(0, Math.floor(whole.length / 2)));
  const out = path.join(dir, 'truncated.embedded.png');
  await assert.rejects(
    embedParameters(image, out),
    (err: unknown) => err instanceof RecordError && err.message.includes('truncated.png'),
  );
  assert.equal(existsSync(out), false);
});

test('withoutPngTextKeywords refuses a chunk length past the end of the file', () => {
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from([0x7f, 0xff, 0xff, 0xff]),
    Buffer.from('tEXtparameters\0x'),
  ]);
  assert.throws(() => withoutPngTextKeywords(png, new Set(['parameters'])), /past the end of the file/);
});

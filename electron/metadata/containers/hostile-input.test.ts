// Hostile inputs from reliability-notes.md, each read in bounded time and memory with a clear warning, never a
// throw: truncated PNG/JPEG, bad CRC, a 50 MB text chunk, 1 GiB zlib bombs in zTXt and iTXt, invalid UTF-8,
// a 2^31−1 chunk length in a 53-byte file, 100,000 text chunks, truncated EXIF.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { readMetadata } from '../read-metadata';
import { rawChunk, smallPng, tiffBlock, userComment, utf16, zlibBomb } from './crafted-files.fixture';
import { MAX_TEXT_BYTES, MAX_TEXT_CHUNKS } from './limits';
import { encodePngChunk, withPngChunks, withPngTextChunks } from './png-write';
import { readContainers } from './read-containers';

// The team corpus sits beside the repo (../shared/corpus); SEEDSCOPE_CORPUS points elsewhere.
const CORPUS = process.env.SEEDSCOPE_CORPUS ?? join(__dirname, '../../../../../shared/corpus');
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function keywordData(keyword: string, ...rest: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), ...rest]);
}

test('truncated PNG: the text before the cut is read, the truncation is named', () => {
  const png = readFileSync(join(CORPUS, 'a1111/metahub_cli_a1111.png'));
  const report = readMetadata(png.subarray(0, Math.floor(png.length / 2)));
  assert.equal(report.tuple?.seed, '2895438046');
  assert.ok(
    report.warnings.some((w) => /PNG is truncated/.test(w)),
    report.warnings.join('; '),
  );
});

test('truncated JPEG inside its EXIF segment: a warning, no tuple, no throw', () => {
  const jpeg = readFileSync(join(CORPUS, 'a1111/sdparsers_automatic1111_cropped.jpg'));
  const report = readMetadata(jpeg.subarray(0, 120));
  assert.equal(report.format, 'jpeg');
  assert.equal(report.tuple, null);
  assert.ok(
    report.warnings.some((w) => /JPEG is truncated/.test(w)),
    report.warnings.join('; '),
  );
});

test('truncated EXIF directory: offsets outside the block become warnings', async () => {
  const exif = tiffBlock({
    littleEndian: false,
    exifIfd: [[0x9286, 7, userComment('UNICODE', utf16('x'.repeat(200), false))]],
  });
  const png = withPngChunks(await smallPng(), [{ type: 'eXIf', data: exif.subarray(0, 40) }]);
  const sources = readContainers(png);
  assert.ok(
    sources.warnings.some((w) => /truncated EXIF/.test(w)),
    sources.warnings.join('; '),
  );
});

test('bad CRC: a warning, and the chunk is still read', async () => {
  const png = withPngTextChunks(await smallPng(), [{ keyword: 'parameters', text: 'hello' }]);
  const at = png.indexOf('tEXt') + 4 + 'parameters\0hello'.length;
  png[at] ^= 0xff;
  const sources = readContainers(png);
  assert.equal(sources.texts[0].text, 'hello');
  assert.ok(sources.warnings.some((w) => /bad CRC/.test(w)));
});

test('50 MB text chunk: kept up to the cap and marked truncated', async () => {
  const big = Buffer.alloc(50_000_000, 0x61);
  const png = withPngChunks(await smallPng(), [{ type: 'tEXt', data: keywordData('parameters', big) }]);
  const report = readMetadata(png);
  assert.equal(report.raw[0].truncated, true);
  assert.equal(report.raw[0].text.length, MAX_TEXT_BYTES);
  assert.ok(report.warnings.some((w) => /kept the first/.test(w)));
});

test('1 GiB zlib bombs in zTXt and iTXt are refused after the cap', async () => {
  const bomb = zlibBomb(1024);
  const png = withPngChunks(await smallPng(), [
    { type: 'zTXt', data: keywordData('bombZ', Buffer.from([0]), bomb) },
    { type: 'iTXt', data: keywordData('bombI', Buffer.from([1, 0, 0, 0]), bomb) },
    { type: 'tEXt', data: keywordData('after', Buffer.from('still read')) },
  ]);
  const before = process.memoryUsage().rss;
  const sources = readContainers(png);
  const grown = process.memoryUsage().rss - before;
  assert.ok(grown < 200_000_000, `RSS grew by ${grown} bytes`);
  assert.equal(sources.warnings.filter((w) => /zlib bomb/.test(w)).length, 2, sources.warnings.join('; '));
  assert.deepEqual(
    sources.texts.map((t) => t.key),
    ['after'],
  );
});

test('corrupt zlib data in zTXt: a warning naming the chunk', async () => {
  const png = withPngChunks(await smallPng(), [
    { type: 'zTXt', data: keywordData('broken', Buffer.from([0]), Buffer.from('not zlib')) },
  ]);
  const sources = readContainers(png);
  assert.ok(
    sources.warnings.some((w) => /zTXt "broken" holds corrupt compressed data/.test(w)),
    sources.warnings.join('; '),
  );
});

test('invalid UTF-8 in iTXt: replaced and warned; Latin-1 bytes in tEXt decode as Latin-1', async () => {
  const bad = Buffer.from([0x61, 0xff, 0xfe, 0x62]);
  const png = withPngChunks(await smallPng(), [
    { type: 'iTXt', data: keywordData('Comment', Buffer.from([0, 0, 0, 0]), bad) },
    { type: 'tEXt', data: keywordData('Title', Buffer.from([0x63, 0x61, 0x66, 0xe9])) },
  ]);
  const sources = readContainers(png);
  assert.equal(sources.texts[0].text, 'a\ufffd\ufffdb');
  assert.ok(sources.warnings.some((w) => /not valid UTF-8/.test(w)));
  assert.equal(sources.texts[1].text, 'café');
});

test('chunk length 2^31−1 in a 53-byte file: nothing allocated, a warning', () => {
  const ihdr = encodePngChunk('IHDR', Buffer.alloc(13, 1));
  const lying = rawChunk('tEXt', 0x7fffffff, Buffer.from('parameters\0x'));
  const file = Buffer.concat([SIGNATURE, ihdr, lying]).subarray(0, 53);
  assert.equal(file.length, 53);
  const report = readMetadata(file);
  assert.equal(report.tuple, null);
  assert.ok(
    report.warnings.some((w) => /declares 2147483647 bytes but only/.test(w)),
    report.warnings.join('; '),
  );
  const invalid = Buffer.concat([SIGNATURE, ihdr, rawChunk('tEXt', 0x80000000, Buffer.alloc(0))]);
  assert.ok(readMetadata(invalid).warnings.some((w) => /invalid length/.test(w)));
});

test('100,000 text chunks: the first 1,000 are read, the rest skipped with one warning', async () => {
  const chunk = encodePngChunk('tEXt', keywordData('k', Buffer.from('v')));
  const png = await smallPng();
  const idat = png.indexOf('IDAT') - 4;
  const file = Buffer.concat([
    png.subarray(0, idat),
    Buffer.concat(Array<Buffer>(100_000).fill(chunk)),
    png.subarray(idat),
  ]);
  const report = readMetadata(file);
  assert.equal(report.raw.length, MAX_TEXT_CHUNKS);
  assert.equal(report.warnings.filter((w) => /more than 1000 text chunks/.test(w)).length, 1);
});

test('the per-file inflate budget stops many large compressed chunks', async () => {
  const eightMb = zlibBomb(7);
  const chunks = Array.from({ length: 8 }, (_, i) => ({
    type: 'zTXt',
    data: keywordData(`z${i}`, Buffer.from([0]), eightMb),
  }));
  const sources = readContainers(withPngChunks(await smallPng(), chunks));
  const kept = sources.texts.reduce((n, t) => n + t.text.length, 0);
  assert.ok(kept <= 32_000_000, `kept ${kept} characters`);
  assert.ok(
    sources.warnings.some((w) => /allowed per file/.test(w)),
    sources.warnings.join('; '),
  );
});

test('garbage and empty input: unknown format, a warning, no throw', () => {
  assert.equal(readMetadata(Buffer.alloc(0)).format, 'unknown');
  const report = readMetadata(Buffer.from('just some text, not an image'));
  assert.equal(report.format, 'unknown');
  assert.ok(report.warnings.some((w) => /not a recognised image format/.test(w)));
});

test('a damaged IDAT CRC is not checked (pixels are not metadata) while text CRCs are', async () => {
  const png = withPngTextChunks(await smallPng(), [{ keyword: 'a', text: 'b' }]);
  const idat = png.indexOf('IDAT');
  const length = png.readUInt32BE(idat - 4);
  png.writeUInt32BE((crc32(Buffer.from('x')) ^ 1) >>> 0, idat + 4 + length);
  assert.deepEqual(readContainers(png).warnings, []);
});

test('truncated AVIF: the metadata item outside the file is named, no throw', async () => {
  const avif = await sharp(await smallPng())
    .avif()
    .withExif({ IFD0: { ImageDescription: 'x' } })
    .toBuffer();
  for (const cut of [40, 120, 300]) {
    const report = readMetadata(avif.subarray(0, cut));
    assert.equal(report.format, 'avif');
    assert.equal(report.tuple, null);
    assert.ok(
      report.warnings.every((w) => /AVIF/.test(w)),
      report.warnings.join('; '),
    );
  }
  assert.ok(readMetadata(avif.subarray(0, 300)).warnings.some((w) => /outside the file/.test(w)));
});

test('a 20 MB UserComment in a PNG eXIf chunk is capped and marked truncated', async () => {
  const exif = tiffBlock({
    littleEndian: true,
    exifIfd: [[0x9286, 7, userComment('ASCII', Buffer.alloc(20_000_000, 0x62))]],
  });
  const report = readMetadata(withPngChunks(await smallPng(), [{ type: 'eXIf', data: exif }]));
  assert.equal(report.raw[0].source, 'exif:UserComment');
  assert.equal(report.raw[0].truncated, true);
  assert.ok(report.raw[0].text.length <= MAX_TEXT_BYTES);
});

test('hostile JSON in text chunks goes through every reader without a throw, and the report still serialises', async () => {
  const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
  const wide = `{"3": {"class_type": "KSampler", "inputs": {"seed": 1, "list": [${Array.from({ length: 1_000_000 }, () => 0).join(',')}]}}}`;
  const proto =
    '{"__proto__": {"polluted": true}, "3": {"class_type": "KSampler", "inputs": {"__proto__": {"polluted": 1}, "seed": 2}}}';
  for (const [keyword, text] of [
    ['prompt', deep],
    ['workflow', deep],
    ['prompt', wide],
    ['prompt', proto],
    ['parameters', deep],
    ['Comment', deep],
    ['invokeai_metadata', deep],
  ]) {
    const report = readMetadata(withPngTextChunks(await smallPng(), [{ keyword, text }]));
    assert.equal(typeof JSON.stringify(report), 'string', keyword);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  }
});

// The library commands as subprocesses, the way a person runs them: each says which library it uses, a mistyped
// --db is an error (never a new empty library), bad filter values are refused with the reason, a missing file is
// exit 2, `similar` never lists the probe itself, and `groups` uses the History view's words.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { groupStateWords } from './groups';
import { execFileSync } from 'node:child_process';
import { ImageMarksStore } from '../../library/image-marks';
import { openLibrary } from '../../library/library';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const BIN = path.join(REPO, 'bin', 'seedscope.js');
const CORPUS = process.env.SEEDSCOPE_CORPUS ?? path.resolve(REPO, '..', 'shared', 'corpus');
const dir = mkdtempSync(path.join(tmpdir(), 'seedscope-library-cli-'));
const images = path.join(dir, 'images');
const db = path.join(dir, 'library.sqlite');
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, SEEDSCOPE_DB: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** PNG chunks as [type, data]. */
function pngChunks(bytes: Buffer): Array<[string, Buffer]> {
  const chunks: Array<[string, Buffer]> = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    chunks.push([bytes.toString('latin1', at + 4, at + 8), bytes.subarray(at + 8, at + 8 + length)]);
    at += 12 + length;
  }
  return chunks;
}

function pngFrom(chunks: Array<[string, Buffer]>): Buffer {
  const parts: Buffer[] = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])];
  for (const [type, data] of chunks) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    parts.push(head, data, crc);
  }
  return Buffer.concat(parts);
}

/** The same picture and parameters with one alpha value changed: what a stealth-metadata writer does. */
async function alphaVariant(source: string, target: string): Promise<void> {
  const original = readFileSync(source);
  const { data, info } = await sharp(original).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  data[3] = 254;
  const reencoded = pngChunks(
    await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
      .png()
      .toBuffer(),
  );
  const text = pngChunks(original).filter(([type]) => type === 'tEXt' || type === 'iTXt');
  writeFileSync(target, pngFrom([reencoded[0], ...text, ...reencoded.slice(1)]));
}

before(async () => {
  mkdirSync(images, { recursive: true });
  const source = path.join(CORPUS, 'a1111', 'sdm_png_sd-webui.png');
  copyFileSync(source, path.join(images, 'first.png'));
  copyFileSync(source, path.join(images, 'second.png'));
  await alphaVariant(source, path.join(images, 'stealth.png'));
  copyFileSync(path.join(CORPUS, 'comfyui', 'cex_lora_lora.png'), path.join(images, 'lora.png'));
  const indexed = run('index', images, '--db', db);
  assert.equal(indexed.status, 0, indexed.stderr);
  assert.match(indexed.stderr, new RegExp(`seedscope index: library ${escapeRegExp(db)} \\(new\\)`));
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('every library command names its library on stderr', () => {
  for (const args of [['search'], ['groups'], ['similar', path.join(images, 'lora.png')]]) {
    const r = run(...args, '--db', db);
    assert.match(
      r.stderr,
      new RegExp(`^seedscope ${args[0]}: library ${escapeRegExp(db)}\\n`),
      `${args[0]}: ${r.stderr}`,
    );
  }
});

test('a --db that does not exist is exit 2 for commands that only read, and creates nothing', () => {
  const typo = path.join(dir, 'libary.sqlite');
  for (const args of [['search', 'cat'], ['groups'], ['similar', path.join(images, 'lora.png')]]) {
    const r = run(...args, '--db', typo);
    assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`no library at ${escapeRegExp(typo)}`));
    assert.equal(r.stdout, '');
  }
  assert.equal(existsSync(typo), false);
});

test('search refuses filter values the UI refuses, with the reason, exit 2', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--seed', '12ab'], /--seed must be a whole number/],
    [['--steps', '2.5'], /--steps must be a whole number >= 0/],
    [['--steps', '-1'], /--steps must be a whole number >= 0/],
    [['--cfg-min', '9', '--cfg-max', '3'], /--cfg-min \(9\) is above --cfg-max \(3\)/],
    [['--width', 'wide'], /--width must be a number/],
    [['--since', 'yesterday'], /--since must be a date/],
    [['--limit', '0'], /--limit must be a whole number >= 1/],
  ];
  for (const [args, reason] of cases) {
    const r = run('search', ...args, '--db', db);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, reason);
  }
  const good = run('search', '--seed', '3782896554', '--db', db, '--json');
  assert.equal(good.status, 0, good.stderr);
  assert.equal((JSON.parse(good.stdout) as { items: unknown[] }).items.length, 3);
});

test('similar lists the other copies, never the file itself; a missing file is exit 2', () => {
  const probe = path.join(images, 'first.png');
  const r = run('similar', probe, '--db', db, '--json');
  assert.equal(r.status, 0, r.stderr);
  const paths = (JSON.parse(r.stdout) as { hits: Array<{ image: { path: string } }> }).hits.map((h) => h.image.path);
  assert.ok(!paths.includes(probe), 'the probe is not its own match');
  assert.ok(paths.includes(path.join(images, 'second.png')));
  const missing = run('similar', path.join(images, 'nope.png'), '--db', db);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.png: no such file or folder/);
});

test('groups says "alpha differs only" for the stealth copy, as the History view does', () => {
  const r = run('groups', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^3 images, alpha differs only: /m);
  assert.equal(groupStateWords({ pixelsAgree: true, distinctPixelHashes: 1, distinctRgbHashes: 1 }), 'pixels agree');
  assert.equal(
    groupStateWords({ pixelsAgree: false, distinctPixelHashes: 3, distinctRgbHashes: 2 }),
    '3 different pixel results',
  );
});

test('a missing input file is exit 2 for every command that reads files', () => {
  const nope = path.join(dir, 'nope.png');
  for (const args of [
    ['show', nope],
    ['diff', nope, path.join(images, 'lora.png')],
    ['embed', nope, '--out', path.join(dir, 'e.png')],
    ['export', nope, '--out', dir],
    ['index', nope, '--db', db],
    ['models', nope, '--db', db],
  ]) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, /nope\.png/);
  }
});

test('marks set in the library: search --tag/--rating/--favourite find them, export --db writes them to XMP (exiftool reads them)', () => {
  const lora = path.join(images, 'lora.png');
  const library = openLibrary(db);
  try {
    const id = library.imageByPath(lora)?.id;
    assert.ok(id);
    new ImageMarksStore(library.db).set(id, { favourite: true, rating: 4, tags: ['portfolio', 'Wide Shot'] });
  } finally {
    library.close();
  }
  const found = (...args: string[]) =>
    (JSON.parse(run('search', ...args, '--db', db, '--json').stdout) as { items: Array<{ path: string }> }).items.map(
      (i) => i.path,
    );
  assert.deepEqual(found('--tag', 'wide shot'), [lora]);
  assert.deepEqual(found('--rating', '4'), [lora]);
  assert.deepEqual(found('--favourite'), [lora]);
  assert.deepEqual(found('portfolio'), [lora], 'tags are in the text search too');
  assert.equal(run('search', '--rating', '6', '--db', db).status, 2);

  const out = path.join(dir, 'xmp');
  const exported = run('export', lora, '--format', 'xmp', '--out', out, '--db', db);
  assert.equal(exported.status, 0, exported.stderr);
  const read = JSON.parse(
    execFileSync('exiftool', ['-j', '-struct', '-XMP-xmp:Rating', '-XMP-dc:Subject', path.join(out, 'lora.png.xmp')], {
      encoding: 'utf8',
    }),
  ) as Array<Record<string, unknown>>;
  assert.equal(read[0].Rating, 4);
  assert.deepEqual(read[0].Subject, ['portfolio', 'Wide Shot']);
});

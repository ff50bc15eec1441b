// `seedscope show` as a subprocess, the way a person runs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ImageReport, PixelSummary } from '../../../shared/image-report';
import type { GenerationTuple } from '../../../shared/tuple';

const ROOT = join(__dirname, '../../../..');
const CORPUS = process.env.SEEDSCOPE_CORPUS ?? join(ROOT, '../shared/corpus');
const BIN = join(ROOT, 'bin/seedscope.js');

/** One `show --json` line: an image report, or the error for a file that could not be read. */
type ShownLine = ImageReport & { error: { code: string } };

function show(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'show', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--json: one object per file per line; a missing file is reported and the others still shown; exit 2', () => {
  const a = join(CORPUS, 'a1111/metahub_cli_a1111.png');
  const missing = join(CORPUS, 'a1111/does-not-exist.png');
  const b = join(CORPUS, 'forge/sdm_jpg_forge-neo.jpeg');
  const r = show('--json', a, missing, b);
  assert.equal(r.status, 2, 'a missing file is exit 2, as for every command');
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ShownLine);
  const [first, , third] = lines as Array<ShownLine & { tuple: GenerationTuple; pixels: PixelSummary }>;
  assert.equal(lines.length, 3);
  assert.equal(lines[0].file, a);
  assert.equal(lines[0].format, 'png');
  assert.equal(lines[0].generator, 'a1111');
  assert.equal(first.tuple.seed, '2895438046');
  assert.deepEqual([first.pixels.width, first.pixels.height], [512, 768]);
  assert.match(first.pixels.sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(lines[0].warnings, []);
  assert.equal(lines[1].file, missing);
  assert.equal(lines[1].error.code, 'not-found');
  assert.equal(third.tuple.seed, '2417156106');
  assert.match(r.stderr, new RegExp(`${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no such file`));
});

test('human output names the values and marks defaults; exit 0 when every file was read', () => {
  const r = show(join(CORPUS, 'a1111/sdm_png_sd-webui.png'), join(CORPUS, '_no_metadata/sdm_png_empty.png'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Seed\s+3782896554/);
  assert.match(r.stdout, /Sampler\s+DPM\+\+ 2M \/ Karras\s+\(dpmpp_2m, karras\)/);
  assert.match(r.stdout, /RNG\s+GPU \(default: not written by the tool\)/);
  assert.match(r.stdout, /No generation parameters found/);
  assert.match(r.stdout, /Pixels\s+832x1216/);
});

test('--raw includes the raw text items; --metadata-only skips pixels', () => {
  const r = show('--json', '--raw', '--metadata-only', join(CORPUS, 'sdnext/sdm_png_sd-next-en.png'));
  assert.equal(r.status, 0, r.stderr);
  const line = JSON.parse(r.stdout) as ShownLine;
  assert.equal(line.pixels, null);
  assert.equal(line.raw[0].source, 'png:tEXt:parameters');
  assert.equal(line.generator, 'sdnext');
});

test('usage errors exit 2', () => {
  assert.equal(show().status, 2);
  assert.equal(show('--bogus', 'x.png').status, 2);
});

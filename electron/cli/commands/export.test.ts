// `seedscope export` and `seedscope embed` as subprocesses: what lands on disk, per-file errors naming the file,
// exit codes, the never-overwrite rule, and originals left untouched.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { readMetadata } from '../../metadata/read-metadata';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const BIN = path.join(REPO, 'bin', 'seedscope.js');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
const dir = mkdtempSync(path.join(tmpdir(), 'seedscope-export-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function fingerprint(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(folder)) {
    const file = path.join(folder, name);
    if (!statSync(file).isFile()) continue;
    out[name] = `${createHash('sha256').update(readFileSync(file)).digest('hex')}@${statSync(file).mtimeMs}`;
  }
  return out;
}

test('export a folder into --out: every format per image, a bad file named on stderr, exit 1, originals untouched', () => {
  const images = path.join(dir, 'images');
  mkdirSync(path.join(images, 'day 2'), { recursive: true });
  copyFileSync(path.join(CORPUS, 'a1111', 'sdm_png_sd-webui.png'), path.join(images, 'miku テスト.png'));
  copyFileSync(path.join(CORPUS, 'comfyui', 'cex_lora_lora.png'), path.join(images, 'day 2', 'lora.png'));
  writeFileSync(path.join(images, 'broken.png'), 'this is not a PNG at all');
  const before = fingerprint(images);
  const out = path.join(dir, 'records');

  const first = run('export', images, '--format', 'json,xmp', '--format', 'txt', '--out', out);
  assert.equal(first.status, 1, first.stderr);
  assert.match(first.stderr, /seedscope export: .*broken\.png: /);
  assert.match(first.stderr, /6 sidecar\(s\) written into .*records for 3 image\(s\), 1 problem/);
  assert.deepEqual(readdirSync(out).sort(), [
    'day 2',
    'miku テスト.png.seedscope.json',
    'miku テスト.png.xmp',
    'miku テスト.txt',
  ]);
  assert.deepEqual(readdirSync(path.join(out, 'day 2')).sort(), [
    'lora.png.seedscope.json',
    'lora.png.xmp',
    'lora.txt',
  ]);
  assert.equal(first.stdout.trim().split('\n').length, 6, 'one line per file written');
  assert.deepEqual(fingerprint(images), before, 'nothing written into the image folder, no image modified');
  const record = JSON.parse(readFileSync(path.join(out, 'miku テスト.png.seedscope.json'), 'utf8'));
  assert.equal(record.tuple.seed, '3782896554');
  assert.match(
    readFileSync(path.join(out, 'day 2', 'lora.txt'), 'utf8'),
    /^masterpiece best quality girl <lora:epiNoiseoffset_v2:1>\nNegative prompt: bad hands\nSteps: 20, Sampler: Euler/,
  );

  // Run again: every target exists, nothing is replaced without --overwrite.
  writeFileSync(path.join(out, 'miku テスト.txt'), 'edited by hand');
  const second = run('export', path.join(images, 'miku テスト.png'), '--format', 'txt', '--out', out);
  assert.equal(second.status, 1);
  assert.match(second.stderr, /miku テスト\.txt already exists \(use --overwrite to replace it\)/);
  assert.equal(readFileSync(path.join(out, 'miku テスト.txt'), 'utf8'), 'edited by hand');
  const third = run('export', path.join(images, 'miku テスト.png'), '--format', 'txt', '--out', out, '--overwrite');
  assert.equal(third.status, 0, third.stderr);
  assert.match(readFileSync(path.join(out, 'miku テスト.txt'), 'utf8'), /Seed: 3782896554/);
});

test('export beside the image only with --beside, and says where it wrote; usage errors exit 2', () => {
  const image = path.join(dir, 'beside.png');
  copyFileSync(path.join(CORPUS, 'a1111', 'metahub_cli_a1111.png'), image);
  const unasked = run('export', image);
  assert.equal(unasked.status, 2, 'no --out and no --beside: nothing is written into the image folder');
  assert.match(unasked.stderr, /--out DIR, or --beside/);
  assert.equal(existsSync(`${image}.seedscope.json`), false);
  assert.equal(run('export', image, '--beside', '--out', dir).status, 2);
  const ok = run('export', image, '--beside');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout.trim(), `${image}.seedscope.json`);
  assert.match(ok.stderr, /1 sidecar\(s\) written beside each image \(--beside\) for 1 image/);
  const into = run('export', image, '--out', path.join(dir, 'into'));
  assert.match(
    into.stderr,
    new RegExp(`written into ${path.join(dir, 'into').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} for 1 image`),
  );
  assert.equal(run('export', image, '--format', 'yaml', '--beside').status, 2);
  assert.equal(run('export').status, 2);
  const noDb = run('export', image, '--out', dir, '--db', path.join(dir, 'missing.sqlite'));
  assert.equal(noDb.status, 2);
  assert.match(noDb.stderr, /no library database at .*missing\.sqlite/);
  assert.equal(existsSync(path.join(dir, 'missing.sqlite')), false, 'a mistyped --db does not create a library');
  const missing = run('export', path.join(dir, 'nope.png'), '--out', dir);
  assert.equal(missing.status, 2, 'a missing file is exit 2, as for every command');
  assert.match(missing.stderr, /nope\.png: no such file or folder/);
});

test('embed writes a new PNG with the parameters, refuses existing files and the source itself', () => {
  const image = path.join(dir, 'embed-source.jpeg');
  copyFileSync(path.join(CORPUS, 'forge', 'sdm_jpg_forge-neo.jpeg'), image);
  const before = fingerprint(path.dirname(image))[path.basename(image)];
  const out = path.join(dir, 'embedded.png');
  const first = run('embed', image, '--out', out);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout.trim(), out);
  assert.match(first.stderr, /pixels unchanged: RGBA sha256 [0-9a-f]{64}/);
  assert.equal(readMetadata(readFileSync(out)).tuple?.seed, '2417156106');
  const again = run('embed', image, '--out', out);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /embedded\.png already exists \(use --overwrite/);
  const self = run('embed', image, '--out', image, '--overwrite');
  assert.equal(self.status, 1);
  assert.match(self.stderr, /would replace the original/);
  assert.equal(run('embed', image).status, 2, '--out is required');
  assert.equal(fingerprint(path.dirname(image))[path.basename(image)], before);
  assert.equal(existsSync(path.join(dir, 'embed-source.png')), false);
});

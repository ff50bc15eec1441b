// `seedscope diff` as a subprocess: exit codes like cmp (0 identical pixels, 1 differ, 2 error), the JSON shape,
// the human report and the heatmap file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompareResult } from '../../../shared/compare';
import sharp from 'sharp';
import { BASE_PARAMS, infotext, writeCraftedImage } from '../../compare/crafted-pair.fixture';
import { A1111_PNG, carryParametersInto, copyFromCorpus, writeVariant } from '../../compare/real-world-pairs.fixture';
import { copyScene, makeScene } from '../../pixels/synthetic-scene.fixture';

const BIN = join(__dirname, '..', '..', '..', '..', 'bin', 'seedscope.js');
let dir: string;
let a: string;
let aCopy: string;
let b: string;

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'diff', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seedscope-diff-cli-'));
  const scene = makeScene({ width: 128, height: 96, seed: 8 });
  const changed = copyScene(scene);
  for (let i = 0; i < changed.data.length; i += 40) changed.data[i] ^= 1;
  const text = (cfg: string, prompt: string) =>
    infotext({ prompt, negative: 'blurry', params: { ...BASE_PARAMS, 'CFG scale': cfg } });
  a = await writeCraftedImage(dir, 'a.png', scene, text('7', 'a "red" fox'));
  aCopy = await writeCraftedImage(dir, 'a copy.png', scene, text('7', 'a "red" fox'));
  b = await writeCraftedImage(dir, 'b.png', changed, text('7.5', 'a \u201cred\u201d fox'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('seedscope diff', () => {
  it('exits 0 with a readable report when the decoded pixels are identical', () => {
    const r = run(a, aCopy);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Verdict: bit-identical/);
    assert.match(r.stdout, /every recorded field is byte-identical/);
  });

  it('exits 1 and prints { verdict, pixel, culprits, tupleDiff, promptDiff } with --json, most likely culprit first', () => {
    const r = run(a, b, '--json');
    assert.equal(r.status, 1, r.stderr);
    const result = JSON.parse(r.stdout) as CompareResult;
    assert.equal(result.verdict, 'visually-identical');
    assert.equal(result.pixel.identical, false);
    assert.equal(result.pixel.changedPixels, Math.ceil((128 * 96 * 4) / 40));
    assert.equal(result.pixel.maxDelta, 1);
    for (const key of ['cause', 'field', 'a', 'b', 'explanation', 'fix', 'fixCode', 'evidence'])
      assert.ok(key in result.culprits[0], `culprit has ${key}`);
    assert.deepEqual(
      result.culprits.map((c) => c.cause),
      ['cfg', 'prompt'],
    );
    assert.ok(result.tupleDiff.some((row) => row.field === 'cfg' && !row.same));
    const prompt = result.promptDiff.find((d) => d.field === 'prompt');
    assert.equal(prompt?.invisibleOnly, true);
    assert.equal(prompt?.findings[0].codePointsB[0], 'U+201C');
  });

  it('prints culprits, fixes and the prompt byte diff in the human report, and writes the heatmap', () => {
    const out = join(dir, 'heat', 'map.png');
    const r = run(a, b, '--heatmap', out);
    assert.equal(r.status, 2, 'a heatmap into a missing folder is an error');
    assert.match(r.stderr, /map\.png: cannot write the heatmap/);
    const ok = run(a, b, '--heatmap', join(dir, 'map.png'));
    assert.equal(ok.status, 1, ok.stderr);
    assert.match(ok.stdout, /Likely culprits \(most likely first\):\n {2}1\. \[high\] cfg/);
    assert.match(ok.stdout, /Fix: Copy the numeric values/);
    assert.match(ok.stdout, /Evidence:\n {7}cfg in A: 7\n {7}cfg in B: 7\.5/);
    assert.match(
      ok.stdout,
      /\n {9}exiftool -PNG:parameters good\.png > good\.txt\n/,
      'the fix commands as a block of their own',
    );
    assert.match(ok.stdout, /curly vs straight quote: A has U\+0022 QUOTATION MARK/);
    assert.match(ok.stdout, /Heatmap: .*map\.png/);
    assert.equal(readFileSync(join(dir, 'map.png')).subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(!readdirSync(dir).some((n) => n.includes('seedscope-tmp')), 'no temp file left');
  });

  it('exits 2 naming the file for a missing or corrupt input, and for bad usage', () => {
    const missing = run(a, join(dir, 'missing.png'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing\.png: no such file/);
    const corrupt = join(dir, 'corrupt.png');
    writeFileSync(corrupt, Buffer.concat([readFileSync(a).subarray(0, 60), Buffer.alloc(100, 7)]));
    const bad = run(corrupt, a);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /corrupt\.png/);
    assert.equal(run(a).status, 2);
    assert.equal(run(a, b, '--resize', 'sideways').status, 2);
  });

  it('lists the new causes with their evidence in --json: a re-encoded copy and a crop of a real corpus image', async () => {
    const original = copyFromCorpus(dir, A1111_PNG, 'corpus.png');
    const jpeg = await writeVariant(dir, 'corpus-q80.jpg', sharp(original).jpeg({ quality: 80 }));
    carryParametersInto(original, jpeg);
    const encoded = run(original, jpeg, '--json');
    assert.equal(encoded.status, 1, encoded.stderr);
    const e = JSON.parse(encoded.stdout) as CompareResult;
    assert.equal(e.culprits[0].cause, 'encoding');
    assert.deepEqual(
      e.culprits[0].evidence
        .filter((row) => ['lossy side', 'JPEG quality (estimated)'].includes(row.label))
        .map((row) => row.value),
      ['B', '80 (its quantisation tables are the IJG tables at this quality)'],
    );
    assert.equal(e.b.encoding?.quality, 80);
    const crop = await writeVariant(
      dir,
      'corpus-crop.png',
      sharp(original).extract({ left: 256, top: 128, width: 512, height: 512 }).png(),
    );
    const cropped = run(crop, original);
    assert.equal(cropped.status, 1, cropped.stderr);
    assert.match(cropped.stdout, /1\. \[high\] geometry \(size\)/);
    assert.match(cropped.stdout, /crop box \(in the larger image\): x 256, y 128, 512x512 of B/);
    assert.match(cropped.stdout, /Size: sizes differ \(A 512x512, B 1024x1024\): A \(512x512\) is a crop of B/);
  });
});

// A renamed sampler alias is not a parameter difference: the real sd-parsers ComfyUI file records its sampler as
// `sample_dpmpp_2m` (old ComfyUI); the same graph saved by today's ComfyUI says `dpmpp_2m`. Same pixels, same
// sampler: no culprit (in particular no "cached image: parameters differ yet the pixels are identical").
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { emptyTuple, type GenerationTuple } from '../../shared/tuple';
import { canonicalSampler } from '../../shared/samplers';
import { withPngTextChunks } from '../metadata/containers/png-write';
import { readContainers } from '../metadata/containers/read-containers';
import { compareImageFiles } from './compare-files';
import { diffTuples } from './tuple-diff';

const CORPUS = process.env['SEEDSCOPE_CORPUS'] ?? join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const dir = mkdtempSync(join(tmpdir(), 'seedscope-alias-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('sample_dpmpp_2m (old ComfyUI) vs dpmpp_2m on the same pixels: the sampler row is the same, and no culprit', async () => {
  const original = join(CORPUS, 'comfyui/sdparsers_img2img_cropped.png');
  const a = join(dir, 'old-comfyui.png');
  copyFileSync(original, a);
  // Every text chunk carried over, only the prompt graph's sampler name renamed.
  const texts = readContainers(readFileSync(original)).texts.map((t) => ({
    keyword: t.key,
    text: t.key === 'prompt' ? t.text.replace('"sample_dpmpp_2m"', '"dpmpp_2m"') : t.text,
  }));
  assert.ok(texts.some((t) => t.keyword === 'prompt' && t.text.includes('"dpmpp_2m"')));
  const b = join(dir, 'new-comfyui.png');
  writeFileSync(b, withPngTextChunks(await sharp(original).png().toBuffer(), texts));

  const r = await compareImageFiles(a, b);
  assert.equal(r.pixel.identical, true);
  const sampler = r.tupleDiff.find((row) => row.field === 'sampler')!;
  assert.deepEqual([sampler.a, sampler.b, sampler.same], ['sample_dpmpp_2m', 'dpmpp_2m', true]);
  assert.match(sampler.note ?? '', /dpmpp_2m/);
  assert.equal(r.tupleDiff.find((row) => row.field === 'passes[0].sampler')?.same, true);
  assert.deepEqual(
    r.culprits.map((c) => c.cause),
    [],
  );
});

function tuple(sampler: string, scheduler: string | null): GenerationTuple {
  const ids = canonicalSampler(sampler, scheduler);
  return { ...emptyTuple('comfyui'), sampler, scheduler, ...ids, seed: '1', steps: 20 };
}

test('A1111 "DPM++ 2M Karras" and ComfyUI dpmpp_2m + karras diff as the same sampler and scheduler; a real change still differs', () => {
  const rows = diffTuples(tuple('DPM++ 2M Karras', null), tuple('dpmpp_2m', 'karras'));
  for (const field of ['sampler', 'scheduler', 'samplerId', 'schedulerId'])
    assert.equal(rows.find((r) => r.field === field)?.same, true, field);
  const changed = diffTuples(tuple('DPM++ 2M Karras', null), tuple('dpmpp_2m_sde', 'karras'));
  assert.equal(changed.find((r) => r.field === 'sampler')?.same, false);
});

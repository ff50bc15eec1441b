// Crafted pairs for every culprit cause, written into real PNG / JPEG / WebP files with A1111 parameters and
// compared end to end through compareImageFiles (the real metadata readers, real sharp decoding).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompareResult } from '../../shared/compare';
import { emptyTuple, type GenerationTuple } from '../../shared/tuple';
import type { DecodedImage } from '../pixels/decode';
import { copyScene, makeScene } from '../pixels/synthetic-scene.fixture';
import { compareImageFiles } from './compare-files';
import { BASE_PARAMS, infotext, writeCraftedImage } from './crafted-pair.fixture';
import { rankCulprits, type CulpritContext } from './culprits/index';
import { diffTuples } from './tuple-diff';

let dir: string;
const original = makeScene({ width: 160, height: 160, seed: 1 });
const regenerated = makeScene({ width: 160, height: 160, seed: 2 });
const PROMPT = 'a lighthouse at dusk, masterpiece';
const NEGATIVE = 'blurry';

interface Side {
  ext: 'png' | 'jpg' | 'webp';
  text: string | null;
  pixels?: DecodedImage;
}

let counter = 0;
async function compare(a: Side, b: Side): Promise<CompareResult> {
  counter++;
  const fileA = await writeCraftedImage(dir, `a${counter}.${a.ext}`, a.pixels ?? original, a.text);
  const fileB = await writeCraftedImage(dir, `b${counter}.${b.ext}`, b.pixels ?? regenerated, b.text);
  return compareImageFiles(fileA, fileB);
}

function text(
  params: Record<string, string | null> = {},
  prompt = PROMPT,
  negative: string | undefined = NEGATIVE,
): string {
  return infotext({ prompt, negative, params: { ...BASE_PARAMS, ...params } });
}

/** A copy with every pixel's red channel nudged by one: what GPU nondeterminism looks like. */
function nudged(image: DecodedImage): DecodedImage {
  const out = copyScene(image);
  for (let i = 0; i < out.data.length; i += 8) out.data[i] = out.data[i] === 255 ? 254 : out.data[i] + 1;
  return out;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'seedscope-culprits-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('culprits for each cause of the seed guide, from real files', () => {
  it('seed (PNG): a different seed is named first', async () => {
    const r = await compare({ ext: 'png', text: text() }, { ext: 'png', text: text({ Seed: '43' }) });
    assert.equal(r.culprits[0].cause, 'seed');
    assert.deepEqual([r.culprits[0].a, r.culprits[0].b], ['42', '43']);
    assert.equal(r.culprits.length, 1);
  });

  it('model (JPEG): same model name, different hash = weights rolled forward', async () => {
    const r = await compare({ ext: 'jpg', text: text() }, { ext: 'jpg', text: text({ 'Model hash': 'aaaaaaaaaa' }) });
    assert.equal(r.culprits[0].cause, 'model');
    assert.equal(r.culprits[0].field, 'modelHash');
    assert.match(r.culprits[0].fixCode ?? '', /sha256sum/);
    assert.match(r.culprits[0].fix, /Pin the model version/);
    assert.deepEqual(
      r.culprits[0].evidence.map((e) => e.value),
      ['6ce0161689', 'aaaaaaaaaa'],
    );
  });

  it('sampler (WebP)', async () => {
    const r = await compare({ ext: 'webp', text: text() }, { ext: 'webp', text: text({ Sampler: 'Euler' }) });
    assert.equal(r.culprits[0].cause, 'sampler');
    assert.match(r.culprits[0].fix, /Lock the sampler and the scheduler|lock the sampler and the scheduler/);
  });

  it('scheduler (PNG)', async () => {
    const r = await compare(
      { ext: 'png', text: text() },
      { ext: 'png', text: text({ 'Schedule type': 'Exponential' }) },
    );
    assert.equal(r.culprits[0].cause, 'scheduler');
    assert.deepEqual([r.culprits[0].a, r.culprits[0].b], ['Karras', 'Exponential']);
  });

  it('steps (JPEG), cfg (WebP), resolution (PNG): one tick apart', async () => {
    const steps = await compare({ ext: 'jpg', text: text() }, { ext: 'jpg', text: text({ Steps: '21' }) });
    assert.equal(steps.culprits[0].cause, 'steps');
    const cfg = await compare({ ext: 'webp', text: text() }, { ext: 'webp', text: text({ 'CFG scale': '7.5' }) });
    assert.equal(cfg.culprits[0].cause, 'cfg');
    assert.deepEqual([cfg.culprits[0].a, cfg.culprits[0].b], ['7', '7.5']);
    const size = await compare({ ext: 'png', text: text() }, { ext: 'png', text: text({ Size: '512x576' }) });
    assert.equal(size.culprits[0].cause, 'resolution');
    assert.deepEqual([size.culprits[0].a, size.culprits[0].b], ['512x512', '512x576']);
  });

  it('adapters (PNG): a LoRA weighted 0.6 vs 0.7 comes before the prompt edit it implies', async () => {
    const lora = (w: string) =>
      text({ 'Lora hashes': '"detail_tweaker: 45b5bd0819cf"' }, `${PROMPT} <lora:detail_tweaker:${w}>`);
    const r = await compare({ ext: 'png', text: lora('0.6') }, { ext: 'png', text: lora('0.7') });
    assert.equal(r.culprits[0].cause, 'adapters');
    assert.match(r.culprits[0].explanation, /0\.6 in A and 0\.7 in B/);
    assert.ok(r.culprits.some((c) => c.cause === 'prompt'));
  });

  it('negative prompt (JPEG): the added token is listed', async () => {
    const r = await compare({ ext: 'jpg', text: text() }, { ext: 'jpg', text: text({}, PROMPT, 'blurry, lowres') });
    assert.equal(r.culprits[0].cause, 'negative-prompt');
    const diff = r.promptDiff.find((d) => d.field === 'negativePrompt');
    assert.deepEqual(diff?.tokensAdded, ['lowres']);
  });

  it('postprocess (WebP): a face restorer only in B', async () => {
    const r = await compare(
      { ext: 'webp', text: text() },
      { ext: 'webp', text: text({ 'Face restoration': 'CodeFormer' }) },
    );
    assert.equal(r.culprits[0].cause, 'postprocess');
    assert.match(r.culprits[0].fixCode ?? '', /"enhance_face": false/);
  });

  it('hardware (PNG): equal tuples, pixels off by one: nondeterminism, with the determinism settings', async () => {
    const r = await compare({ ext: 'png', text: text() }, { ext: 'png', text: text(), pixels: nudged(original) });
    assert.equal(r.verdict, 'visually-identical');
    assert.equal(r.culprits[0].cause, 'hardware');
    assert.match(r.culprits[0].explanation, /Every recorded parameter matches/);
    assert.match(r.culprits[0].fixCode ?? '', /CUBLAS_WORKSPACE_CONFIG"\] = ":4096:8"/);
    assert.match(r.culprits[0].fixCode ?? '', /use_deterministic_algorithms\(True/);
    assert.match(r.culprits[0].fixCode ?? '', /cudnn\.deterministic = True/);
    assert.doesNotMatch(r.culprits[0].fix, /CUBLAS|torch\./, 'code sits in fixCode, not in the sentence');
    // No nondeterministic setting recorded and deltas of 1: likely, not proven.
    assert.equal(r.culprits[0].likelihood, 'medium');
    assert.equal(r.culprits[0].a, null, 'DPM++ 2M on CPU noise has no known nondeterministic setting');
    assert.ok(r.tupleDiff.every((row) => row.same));
  });

  it('hardware suspects: an ancestral sampler with GPU noise is named even though the tuples match', async () => {
    const t = text({ Sampler: 'Euler a', 'Schedule type': null, RNG: null });
    const r = await compare({ ext: 'png', text: t }, { ext: 'png', text: t, pixels: nudged(original) });
    assert.equal(r.culprits[0].cause, 'hardware');
    assert.match(r.culprits[0].explanation, /ancestral/);
    assert.match(r.culprits[0].explanation, /GPU/);
  });

  it('hardware: GPU vs CPU noise source differs', async () => {
    const r = await compare({ ext: 'png', text: text() }, { ext: 'png', text: text({ RNG: null }) });
    assert.equal(r.culprits[0].cause, 'hardware');
    assert.equal(r.culprits[0].field, 'determinism.rng');
  });

  it('metadata-missing (JPEG): one side has no parameters; offers the near-duplicate lookup', async () => {
    const r = await compare({ ext: 'jpg', text: text() }, { ext: 'jpg', text: null });
    assert.equal(r.culprits[0].cause, 'metadata-missing');
    assert.match(r.culprits[0].fixCode ?? '', /seedscope similar/);
    assert.deepEqual(r.tupleDiff, []);
    assert.equal(r.b.hasTuple, false);
  });

  it('other (PNG): a recorded setting outside the known fields differs', async () => {
    const r = await compare(
      { ext: 'png', text: text({ 'Custom knob': '3' }) },
      { ext: 'png', text: text({ 'Custom knob': '4' }) },
    );
    assert.equal(r.culprits[0].cause, 'other');
    assert.match(r.culprits[0].explanation, /Custom knob "3" vs "4"/);
  });

  it('stuck on a cached image: tuples differ while pixels are identical', async () => {
    const r = await compare(
      { ext: 'png', text: text() },
      { ext: 'png', text: text({ 'CFG scale': '7.5' }), pixels: original },
    );
    assert.equal(r.verdict, 'bit-identical');
    assert.equal(r.culprits.length, 1);
    assert.equal(r.culprits[0].cause, 'cached-image');
    assert.equal(r.culprits[0].field, 'pixels');
    assert.match(r.culprits[0].explanation, /cached image/);
    assert.match(r.culprits[0].fix, /CFG 7\.0 → 7\.5/);
    assert.ok(r.culprits[0].evidence.some((e) => e.label === 'decoded pixels' && /bit-identical/.test(e.value)));
  });

  it('alpha only (PNG): stealth-style alpha LSB changes are named as embedded data, not a new generation', async () => {
    const withAlpha = makeScene({ width: 160, height: 160, seed: 1, alpha: true });
    const stamped = copyScene(withAlpha);
    for (let i = 3; i < 4000; i += 4) stamped.data[i] ^= 1;
    const r = await compare(
      { ext: 'png', text: text(), pixels: withAlpha },
      { ext: 'png', text: text(), pixels: stamped },
    );
    assert.equal(r.pixel.alphaOnlyChangedPixels, r.pixel.changedPixels);
    assert.equal(r.culprits[0].field, 'pixels.alpha');
    assert.match(r.culprits[0].explanation, /Only the alpha channel differs/);
  });

  it('same tuple, same pixels: bit-identical and no culprits', async () => {
    const r = await compare({ ext: 'png', text: text() }, { ext: 'png', text: text(), pixels: original });
    assert.equal(r.verdict, 'bit-identical');
    assert.deepEqual(r.culprits, []);
  });
});

describe('prompt pairs whose only difference is invisible', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['straight vs curly quotes', 'a "lighthouse" at dusk', /U\+201C LEFT DOUBLE QUOTATION MARK/],
    ['a trailing space', 'a lighthouse at dusk ', /trailing whitespace/],
    ['a zero-width space', 'a light\u200bhouse at dusk', /U\+200B ZERO WIDTH SPACE/],
  ];
  const variants: Record<string, string> = {
    'straight vs curly quotes': 'a \u201clighthouse\u201d at dusk',
    'a trailing space': 'a lighthouse at dusk',
    'a zero-width space': 'a lighthouse at dusk',
  };
  for (const [name, promptA, expected] of cases) {
    it(`names ${name} as the prompt culprit`, async () => {
      const r = await compare({ ext: 'png', text: text({}, promptA) }, { ext: 'png', text: text({}, variants[name]) });
      assert.equal(r.culprits[0].cause, 'prompt');
      assert.match(r.culprits[0].explanation, /look the same but differ in bytes/);
      assert.match(r.culprits[0].explanation, expected);
      const diff = r.promptDiff.find((d) => d.field === 'prompt');
      assert.equal(diff?.invisibleOnly, true);
    });
  }
});

/** A pair whose pixels differ a little, described only by its two tuples. */
function differingPixels(a: GenerationTuple, b: GenerationTuple): CulpritContext {
  return {
    a,
    b,
    fileA: 'a',
    fileB: 'b',
    pixelsIdentical: false,
    verdict: 'similar',
    changedPixels: 10,
    alphaOnlyChangedPixels: 0,
    maxDelta: 30,
    rows: diffTuples(a, b),
    promptDiffs: [],
  };
}

describe('rankCulprits on plain tuples', () => {
  it('names a hosted model version rolled forward first, before a sampler change', () => {
    const a = { ...emptyTuple('midjourney'), modelVersion: '6.0', sampler: 'x', seed: '1' };
    const b = { ...emptyTuple('midjourney'), modelVersion: '6.1', sampler: 'y', seed: '1' };
    const culprits = rankCulprits(differingPixels(a, b));
    assert.deepEqual(
      culprits.map((c) => [c.cause, c.field]),
      [
        ['model', 'modelVersion'],
        ['sampler', 'sampler'],
      ],
    );
  });

  it('weighs a value recorded on one side only below two values that differ', () => {
    const a = { ...emptyTuple('comfyui'), seed: '1', sampler: 'euler', scheduler: 'karras', cfg: 7 };
    const b = { ...emptyTuple('comfyui'), seed: '1', sampler: 'euler', scheduler: null, cfg: 8 };
    const culprits = rankCulprits(differingPixels(a, b));
    assert.deepEqual(
      culprits.map((c) => [c.cause, c.likelihood]),
      [
        ['cfg', 'high'],
        ['scheduler', 'medium'],
      ],
    );
    assert.match(culprits[1].explanation, /Only A records this value/);
  });

  it('does not compare model hashes of different types', () => {
    const a = { ...emptyTuple('a1111'), modelHash: '6ce0161689', modelHashType: 'autov2' as const };
    const b = { ...emptyTuple('invokeai'), modelHash: 'c'.repeat(64), modelHashType: 'sha256' as const };
    const row = diffTuples(a, b).find((r) => r.field === 'modelHash');
    assert.equal(row?.same, true);
    assert.match(row?.note ?? '', /not compared/);
  });
});

// Pins shared/a1111-text.ts against the A1111 parser on the main side (a shared/ test may not import electron/).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { formatA1111Infotext, quoteA1111Value } from '../../shared/a1111-text';
import { emptyTuple, type GenerationTuple } from '../../shared/tuple';
import { inspectImageFile } from '../images/inspect-image';
import { parseA1111Infotext } from '../metadata/a1111/parse-infotext';
import { withPngTextChunks } from '../metadata/containers/png-write';
import { readMetadata } from '../metadata/read-metadata';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');

const FILES = [
  'a1111/sdm_png_sd-webui.png',
  'a1111/sdm_webp_sd-webui.webp',
  'a1111/dtools_f9f3edb2-fdfa-40d8-a9b4-11fed110697d.jpeg',
  'a1111/dtools_a111_yodayo_test_thancred.jpeg',
  'a1111/metahub_cli_a1111.png',
  'forge/sdm_jpg_forge-classic-hires.jpeg',
  'sdnext/sdm_jpg_sd-next.jpg',
  'comfyui/cex_lora_lora.png',
  'comfyui/cex_2_pass_txt2img_hiresfix_latent_workflow.png',
];

/** The fields a paste into a generator UI must carry. */
function essentials(t: GenerationTuple) {
  return {
    seed: t.seed,
    steps: t.steps,
    samplerId: t.samplerId,
    cfg: t.cfg,
    width: t.width,
    height: t.height,
    model: t.model,
    negativePrompt: t.negativePrompt,
  };
}

let blankPng: Buffer | null = null;
async function pngCarrying(text: string): Promise<Buffer> {
  blankPng ??= await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  return withPngTextChunks(blankPng, [{ keyword: 'parameters', text, kind: 'iTXt' }]);
}

for (const file of FILES) {
  test(`A1111 text of ${file} reads back with the same seed, steps, sampler, cfg, size, model and prompt`, async () => {
    const { report } = await inspectImageFile(path.join(CORPUS, file), { decode: false });
    const tuple = report.tuple;
    assert.ok(tuple, 'fixture has parameters');
    const text = formatA1111Infotext(tuple);
    const parsed = parseA1111Infotext(text);
    assert.ok(parsed, text);
    assert.equal(parsed.params.get('Seed'), tuple.seed);

    const back = readMetadata(await pngCarrying(text)).tuple;
    assert.ok(back);
    assert.deepEqual(essentials(back), essentials(tuple));
    if (report.generator === 'comfyui') {
      assert.ok(back.prompt?.startsWith(tuple.prompt ?? ''), 'the prompt bytes come first');
      for (const lora of tuple.adapters.filter((a) => a.kind === 'lora')) {
        assert.ok(
          back.adapters.some((a) => a.kind === 'lora' && lora.name.startsWith(a.name) && a.weight === lora.weight),
          `LoRA ${lora.name} carried as a prompt tag`,
        );
      }
    } else {
      assert.equal(back.prompt, tuple.prompt, 'prompt bytes unchanged');
      assert.equal(back.schedulerId, tuple.schedulerId);
      assert.equal(back.modelHash, tuple.modelHash);
      assert.deepEqual(back.postprocess, tuple.postprocess, 'hires fix / ADetailer settings survive');
      assert.deepEqual(
        back.adapters.map((a) => [a.name, a.hash]),
        tuple.adapters.map((a) => [a.name, a.hash]),
      );
      assert.deepEqual(back.determinism, tuple.determinism);
    }
  });
}

test('an A1111 infotext is reproduced byte for byte (defaults the reader filled in are not written)', async () => {
  const { report } = await inspectImageFile(path.join(CORPUS, 'a1111/sdm_png_sd-webui.png'), { decode: false });
  const original = report.raw.find((r) => r.source.endsWith(':parameters'))?.text;
  assert.ok(report.tuple && original);
  assert.equal(formatA1111Infotext(report.tuple), original);
});

test('values holding , : or a newline are JSON-quoted the way A1111 quotes them, and parse back whole', () => {
  assert.equal(quoteA1111Value('R-ESRGAN 4x+'), 'R-ESRGAN 4x+');
  assert.equal(quoteA1111Value('a, b'), '"a, b"');
  assert.equal(quoteA1111Value('x: "y"'), '"x: \\"y\\""');
  const tuple: GenerationTuple = {
    ...emptyTuple('a1111'),
    prompt: 'line one\nline two, with: colons',
    negativePrompt: 'neg',
    seed: '18446744073709551615',
    steps: 30,
    cfg: 4.5,
    model: 'my, odd: model',
    extras: { 'Hires upscaler': '4x, "sharp"' },
  };
  const parsed = parseA1111Infotext(formatA1111Infotext(tuple));
  assert.ok(parsed);
  assert.equal(parsed.prompt, tuple.prompt);
  assert.equal(parsed.negativePrompt, 'neg');
  assert.equal(parsed.params.get('Model'), 'my, odd: model');
  assert.equal(parsed.params.get('Hires upscaler'), '4x, "sharp"');
  assert.equal(parsed.params.get('Seed'), '18446744073709551615', 'a seed above 2^53 keeps every digit');
  assert.equal(parsed.params.get('CFG scale'), '4.5');
});

test('a tuple from ComfyUI is written with names A1111 accepts', () => {
  const tuple: GenerationTuple = {
    ...emptyTuple('comfyui'),
    prompt: 'a cat',
    sampler: 'dpmpp_2m',
    samplerId: 'dpmpp_2m',
    scheduler: 'karras',
    schedulerId: 'karras',
    steps: 20,
  };
  tuple.adapters.push({
    kind: 'lora',
    name: 'detail_tweaker.safetensors',
    weight: 0.6,
    hash: null,
    hashType: null,
    source: 'comfy:prompt#10',
  });
  assert.equal(
    formatA1111Infotext(tuple),
    'a cat <lora:detail_tweaker:0.6>\nSteps: 20, Sampler: DPM++ 2M, Schedule type: Karras',
  );
});

// The headline tuple of multi-pass ComfyUI graphs comes from the sampling chain behind the node that saved the
// file. Real corpus graphs, and real graphs edited the way people build them (renumbered so the lowest id is not
// the base pass, a second output branch, a refiner listed first, a noisy latent composite), written into PNGs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { GenerationTuple, SamplingPass } from '../../../shared/tuple';
import { readMetadata } from '../read-metadata';
import {
  CORPUS,
  corpusGraph,
  noisyLatentComposite,
  pngWithGraph,
  renamedNodes,
  REFINER,
  type ApiGraph,
} from './corpus-graph.fixture';

async function tupleOf(graph: ApiGraph): Promise<GenerationTuple> {
  const report = readMetadata(await pngWithGraph(graph));
  assert.equal(report.generator, 'comfyui', report.warnings.join('; '));
  return report.tuple!;
}

function headline(t: GenerationTuple): unknown[] {
  return [t.seed, t.steps, t.cfg, t.sampler, t.scheduler, t.width, t.height];
}

function pass(p: SamplingPass | undefined): string {
  return p ? `${p.role}:${p.node}` : '(none)';
}

const HIRES_LATENT = 'comfyui/cex_2_pass_txt2img_hiresfix_latent_workflow.png';

/** hiresfix_latent_workflow with the hires KSampler renamed "1" and listed first, the base renamed "99", and
 *  another output's txt2img branch (id "0", its own SaveImage) put in front of everything. */
function renumberedHiresWithSideBranch(): ApiGraph {
  const real = corpusGraph(HIRES_LATENT);
  const renamed = renamedNodes(real, { '11': '1', '3': '99' }, [
    '11',
    ...Object.keys(real).filter((id) => id !== '11'),
  ]);
  return {
    '0': {
      class_type: 'KSampler',
      inputs: {
        seed: 5,
        steps: 30,
        cfg: 4,
        sampler_name: 'euler',
        scheduler: 'normal',
        denoise: 1,
        model: ['16', 0],
        positive: ['6', 0],
        negative: ['7', 0],
        latent_image: ['side_latent', 0],
      },
    },
    side_latent: { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 512, batch_size: 1 } },
    side_decode: { class_type: 'VAEDecode', inputs: { samples: ['0', 0], vae: ['16', 2] } },
    side_save: { class_type: 'SaveImage', inputs: { filename_prefix: 'side', images: ['side_decode', 0] } },
    ...renamed,
  };
}

test('hires fix: the base pass is the headline although the hires sampler has the lowest id and another output comes first', async () => {
  const t = await tupleOf(renumberedHiresWithSideBranch());
  assert.deepEqual(headline(t), ['89848141647836', 12, 8, 'dpmpp_sde', 'normal', 768, 768]);
  assert.deepEqual(t.passes.map(pass), ['base:99', 'hires:1']);
  const hires = t.passes[1]!;
  assert.deepEqual(
    [hires.seed, hires.steps, hires.denoise, hires.width, hires.height],
    ['469771404043268', 14, 0.5, 1152, 1152],
  );
  assert.equal(hires.settings['upscale'], 1.5);
  assert.equal(hires.settings['continues'], '99');
  // Two SaveImage nodes write the same graph; the one behind both passes saved the final picture.
  assert.equal(t.extras['comfy.savedBy'], '12 (SaveImage)');
  assert.equal(t.extras['comfy.otherOutputs'], '0', 'the side branch is named, not listed as a pass');
});

test('hires fix in pixel space (VAEDecode → ESRGAN → VAEEncode), real corpus file: base then hires ×2', () => {
  const t = readMetadata(readFileSync(path.join(CORPUS, 'comfyui/cex_2_pass_txt2img_hiresfix_esrgan_workflow.png')))
    .tuple!;
  assert.deepEqual(headline(t), ['251225068430076', 12, 8, 'dpmpp_sde', 'normal', 768, 768]);
  assert.deepEqual(t.passes.map(pass), ['base:3', 'hires:11']);
  assert.deepEqual([t.passes[1]!.denoise, t.passes[1]!.settings['upscale'], t.passes[1]!.width], [0.5, 2, 1536]);
});

test('SDXL refiner listed first with the lowest id: the base KSamplerAdvanced is the headline, the refiner keeps its switch', async () => {
  const real = corpusGraph(REFINER);
  const t = await tupleOf(
    renamedNodes(real, { '11': '1', '10': '50' }, ['11', ...Object.keys(real).filter((id) => id !== '11')]),
  );
  assert.deepEqual(headline(t), ['6767725640732', 25, 8, 'euler', 'normal', 1024, 1024]);
  assert.equal(t.model, 'sd_xl_base_1.0.safetensors');
  assert.deepEqual(t.passes.map(pass), ['base:50', 'refiner:1']);
  const refiner = t.passes[1]!;
  assert.deepEqual(
    [refiner.model, refiner.settings['add_noise'], refiner.settings['start_at_step'], refiner.settings['switch']],
    ['sd_xl_refiner_1.0.safetensors', 'disable', 20, 0.8],
  );
});

test('noisy latent composite: the last pass from noise pasted in is the headline; the finishing pass continues both', async () => {
  const t = await tupleOf(noisyLatentComposite());
  assert.deepEqual(headline(t), ['222', 25, 8, 'euler', 'normal', 512, 512]);
  assert.equal(t.prompt, 'a red fox');
  assert.deepEqual(t.passes.map(pass), ['base:subject', 'other:bg', 'refiner:11']);
  assert.equal(t.passes[1]!.settings['merged'], true);
  assert.deepEqual(
    [t.passes[2]!.settings['continues'], t.passes[2]!.width, t.passes[2]!.height],
    ['bg, subject', 1024, 1024],
  );
  assert.equal(t.extras['comfy.otherOutputs'], '10', 'the original base pass no longer reaches the saver');
});

test('flux kontext grid (real WebP): saved by SaveAnimatedWEBP, the stitched passes are the chain, the edited image is an influence', () => {
  const t = readMetadata(readFileSync(path.join(CORPUS, 'comfyui/cex_flux_flux_kontext_example_comic.webp'))).tuple!;
  assert.equal(t.extras['comfy.savedBy'], '171 (SaveAnimatedWEBP)');
  assert.equal(t.seed, '972054013131423');
  assert.equal(t.passes[0]!.node, '150');
  assert.equal(t.passes.find((p) => p.node === '31')!.settings['influence'], 'conditioning');
  assert.equal(t.extras['comfy.otherOutputs'], undefined);
});

test('Stable Cascade: stage B continues stage C through StableCascade_StageB_Conditioning, so stage C is the headline', () => {
  const t = readMetadata(
    readFileSync(path.join(CORPUS, 'comfyui/cex_stable_cascade_stable_cascade__text_to_image.png')),
  ).tuple!;
  assert.deepEqual([t.seed, t.steps, t.cfg, t.model], ['314307448448003', 20, 4, 'stable_cascade_stage_c.safetensors']);
  assert.deepEqual([pass(t.passes[1]), t.passes[1]!.settings['continues']], ['other:33', '3']);
});

test('a graph without a saver: the output with the most passes behind it stands for the file', async () => {
  const g = renumberedHiresWithSideBranch();
  for (const id of ['9', '12', 'side_save']) delete g[id];
  const t = await tupleOf(g);
  assert.deepEqual(t.passes.map(pass), ['base:99', 'hires:1']);
  assert.equal(t.extras['comfy.savedBy'], undefined);
  assert.equal(t.extras['comfy.otherOutputs'], '0');
});

test('flux kontext graph in a PNG: of two SaveImage nodes, the one behind the stitched grid (six passes) beats the one behind a single pass', async () => {
  const graph = JSON.parse(
    readMetadata(readFileSync(path.join(CORPUS, 'comfyui/cex_flux_flux_kontext_example_comic.webp')))
      .raw.find((r) => r.source === 'exif:Model')!
      .text.replace(/^prompt:/, ''),
  ) as ApiGraph;
  const t = await tupleOf(graph);
  assert.equal(t.extras['comfy.savedBy'], '160 (SaveImage)');
  assert.equal(t.seed, '972054013131423');
});

// `seedscope show --json` as a subprocess on multi-pass ComfyUI files: the headline seed/steps/CFG/sampler is the
// base pass of the chain that was saved, and the later passes are listed as hires / refiner passes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CORPUS, noisyLatentComposite, pngWithGraph } from '../../metadata/comfy/corpus-graph.fixture';

const BIN = join(__dirname, '../../../../bin/seedscope.js');
const dir = mkdtempSync(join(tmpdir(), 'seedscope-show-passes-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface ShownPass {
  role: string;
  node: string;
  seed: string | null;
  steps: number | null;
  denoise: number | null;
  width: number | null;
  settings: Record<string, unknown>;
}

function showJson(file: string): { tuple: Record<string, unknown>; pixels: { width: number; height: number } } {
  const r = spawnSync(process.execPath, [BIN, 'show', '--json', file], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n')[0]!);
}

test('show --json, real SDXL base + refiner file: headline from the base KSamplerAdvanced, refiner listed with its switch', () => {
  const shown = showJson(join(CORPUS, 'comfyui/cex_sdxl_sdxl_refiner_prompt_example.png'));
  const t = shown.tuple;
  assert.deepEqual(
    [t.seed, t.steps, t.cfg, t.sampler, t.scheduler, t.width, t.height],
    ['6767725640732', 25, 8, 'euler', 'normal', 1024, 1024],
  );
  const passes = t.passes as ShownPass[];
  assert.deepEqual(
    passes.map((p) => `${p.role}:${p.node}:${p.seed}`),
    ['base:10:6767725640732', 'refiner:11:0'],
  );
  assert.deepEqual([passes[1]!.settings['start_at_step'], passes[1]!.settings['switch']], [20, 0.8]);
  assert.deepEqual(
    [shown.pixels.width, shown.pixels.height],
    [1024, 1024],
    'the decoded size is reported beside the tuple',
  );
});

test('show --json, a noisy latent composite edited from a real graph: the last pass from noise is the headline', async () => {
  const file = join(dir, 'composite.png');
  writeFileSync(file, await pngWithGraph(noisyLatentComposite()));
  const shown = showJson(file);
  const t = shown.tuple;
  assert.deepEqual([t.seed, t.steps, t.cfg, t.sampler, t.width, t.height], ['222', 25, 8, 'euler', 512, 512]);
  assert.deepEqual(
    [shown.pixels.width, shown.pixels.height],
    [16, 16],
    "the file's own size stays beside the generation size",
  );
  const passes = t.passes as ShownPass[];
  assert.deepEqual(
    passes.map((p) => `${p.role}:${p.node}`),
    ['base:subject', 'other:bg', 'refiner:11'],
  );
  assert.equal(passes[2]!.settings['continues'], 'bg, subject');
});

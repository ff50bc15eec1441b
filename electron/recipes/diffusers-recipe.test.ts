// The diffusers target: every script compiles (python3 -m py_compile; never run: no torch here) and the values
// read back out of it are the tuple's. The scheduler table is pinned row by row.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { emptyTuple } from '../../shared/tuple';
import { corpusSources } from './corpus-sources.fixture';
import { diffusersScheduler } from './diffusers-schedulers';
import { buildRecipe } from './index';

function assignment(text: string, name: string): string {
  const m = new RegExp(`^${name} = ("(?:[^"\\\\]|\\\\.)*"|[^#\\n]*?)(\\s+#.*)?$`, 'm').exec(text);
  assert.ok(m, `${name} is assigned`);
  return m[1]!;
}

test('every corpus script compiles and carries the seed, prompts, steps, CFG, size, scheduler and determinism settings', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seedscope-recipes-'));
  try {
    const sources = await corpusSources();
    const files: string[] = [];
    sources.forEach((src, i) => {
      const recipe = buildRecipe(src.tuple, 'diffusers');
      assert.equal(recipe.format, 'python');
      const t = src.tuple;
      const text = recipe.text;
      if (t.seed !== null && /^\d+$/.test(t.seed)) assert.equal(assignment(text, 'SEED'), t.seed, src.file);
      assert.equal(JSON.parse(assignment(text, 'PROMPT')), t.prompt ?? '', `${src.file}: prompt bytes`);
      assert.equal(JSON.parse(assignment(text, 'NEGATIVE_PROMPT')), t.negativePrompt ?? '', src.file);
      if (t.steps !== null) assert.equal(Number(assignment(text, 'STEPS')), t.steps, src.file);
      const flux = /^from diffusers import FluxPipeline,/m.test(text) && t.extras['guidance'] !== undefined;
      if (flux)
        assert.equal(
          Number(assignment(text, 'GUIDANCE_SCALE')),
          Number(t.extras['guidance']),
          `${src.file}: Flux takes the FluxGuidance value`,
        );
      else if (t.cfg !== null) assert.equal(Number(assignment(text, 'GUIDANCE_SCALE')), t.cfg, src.file);
      if (t.width !== null) assert.equal(Number(assignment(text, 'WIDTH')), t.width, src.file);
      assert.match(text, /^os\.environ\["CUBLAS_WORKSPACE_CONFIG"\] = ":4096:8"$/m);
      assert.ok(text.indexOf('CUBLAS_WORKSPACE_CONFIG') < text.indexOf('import torch'), 'set before torch loads');
      assert.match(text, /^torch\.use_deterministic_algorithms\(True\)$/m);
      assert.match(text, /^torch\.backends\.cudnn\.deterministic = True$/m);
      assert.match(text, /^torch\.backends\.cudnn\.benchmark = False$/m);
      assert.match(text, /^generator = torch\.Generator\(device=GENERATOR_DEVICE\)\.manual_seed\(SEED\)$/m);
      const scheduler = diffusersScheduler(t);
      if (!('unknown' in scheduler))
        assert.match(text, new RegExp(`^pipe\\.scheduler = ${scheduler.className}\\.from_config`, 'm'), src.file);
      const file = join(dir, `recipe_${i}.py`);
      writeFileSync(file, text);
      files.push(file);
    });
    const r = spawnSync('python3', ['-m', 'py_compile', ...files], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('specific files: Karras DPM++ 2M with CPU noise and clip skip; a full sha256 is pinned', async () => {
  const sources = await corpusSources();
  const forge = sources.find((s) => s.file.endsWith('forge/sdm_png_forge-classic-en.png'))!;
  const text = buildRecipe(forge.tuple, 'diffusers').text;
  assert.match(text, /^from diffusers import StableDiffusionXLPipeline, DPMSolverMultistepScheduler$/m);
  assert.equal(
    assignment(text, 'SCHEDULER_OPTIONS'),
    'dict(algorithm_type="dpmsolver++", solver_order=2, use_karras_sigmas=True)',
  );
  assert.equal(assignment(text, 'GENERATOR_DEVICE'), '"cpu"');
  const a1111 = sources.find((s) => s.file.endsWith('a1111/dtools_a111_yodayo_test_thancred.jpeg'))!;
  const a = buildRecipe(a1111.tuple, 'diffusers');
  assert.equal(assignment(a.text, 'CLIP_SKIP'), '1', 'A1111 clip skip 2 = diffusers clip_skip 1');
  assert.equal(assignment(a.text, 'GENERATOR_DEVICE'), '"cuda"');
  assert.match(a.text, /\("0c724101-f951-443a-a432-ed908b9735d3", 0\.7\),/);
  assert.ok(a.warnings.some((w) => w.code === 'missing-value' && /sha256/.test(w.message)));
  const fooocus = sources.find((s) => s.file.endsWith('fooocus/sdm_png_ruined-fooocus.png'))!;
  assert.equal(
    assignment(buildRecipe(fooocus.tuple, 'diffusers').text, 'MODEL_SHA256'),
    '"befc694a296f75e996488ebf9f9db8a1493bd059b6e704b975829e87d5aeb4fa"',
  );
  const flux = sources.find((s) => s.file.endsWith('comfyui/cex_flux_flux_dev_example.png'))!;
  const fluxText = buildRecipe(flux.tuple, 'diffusers').text;
  assert.match(fluxText, /^from diffusers import FluxPipeline, EulerDiscreteScheduler$/m);
  assert.equal(assignment(fluxText, 'GUIDANCE_SCALE'), '3.5', 'FluxGuidance, not the sampler CFG');
  assert.doesNotMatch(fluxText, /negative_prompt=/, 'FluxPipeline takes no negative prompt');
  const pinned = buildRecipe(forge.tuple, 'diffusers', {
    modelPath: '/models/wai.safetensors',
    modelSha256: 'AB'.repeat(32),
  });
  assert.equal(assignment(pinned.text, 'MODEL_PATH'), '"/models/wai.safetensors"');
  assert.equal(assignment(pinned.text, 'MODEL_SHA256'), `"${'ab'.repeat(32)}"`);
});

function scheduler(
  sampler: string | null,
  samplerId: string | null,
  scheduler: string | null,
  schedulerId: string | null,
) {
  return diffusersScheduler({ ...emptyTuple('a1111'), sampler, samplerId, scheduler, schedulerId });
}

test('scheduler table: sampler + schedule ids to the diffusers class and options', () => {
  const rows: Array<[string | null, string | null, string | null, string | null, string, Record<string, unknown>]> = [
    [
      'DPM++ 2M',
      'dpmpp_2m',
      'Karras',
      'karras',
      'DPMSolverMultistepScheduler',
      { algorithm_type: 'dpmsolver++', solver_order: 2, use_karras_sigmas: true },
    ],
    [
      'DPM++ 2M',
      'dpmpp_2m',
      'Automatic',
      'karras',
      'DPMSolverMultistepScheduler',
      { algorithm_type: 'dpmsolver++', solver_order: 2, use_karras_sigmas: true },
    ],
    ['Euler a', 'euler_ancestral', 'Automatic', 'normal', 'EulerAncestralDiscreteScheduler', {}],
    ['euler_a', 'euler_ancestral', null, null, 'EulerAncestralDiscreteScheduler', {}],
    ['euler', 'euler', 'normal', 'normal', 'EulerDiscreteScheduler', {}],
    [
      'dpmpp_2m_sde_gpu',
      'dpmpp_2m_sde_gpu',
      'karras',
      'karras',
      'DPMSolverMultistepScheduler',
      { algorithm_type: 'sde-dpmsolver++', solver_order: 2, use_karras_sigmas: true },
    ],
    [
      'DPM++ 2M SDE',
      'dpmpp_2m_sde',
      'Automatic',
      'exponential',
      'DPMSolverMultistepScheduler',
      { algorithm_type: 'sde-dpmsolver++', solver_order: 2, use_exponential_sigmas: true },
    ],
    [
      'DPM++ 3M SDE',
      'dpmpp_3m_sde',
      'Karras',
      'karras',
      'DPMSolverMultistepScheduler',
      { algorithm_type: 'sde-dpmsolver++', solver_order: 3, use_karras_sigmas: true },
    ],
    ['dpmpp_sde', 'dpmpp_sde', 'normal', 'normal', 'DPMSolverSDEScheduler', {}],
    ['UniPC', 'uni_pc', 'Automatic', 'normal', 'UniPCMultistepScheduler', { solver_type: 'bh1' }],
    ['uni_pc_bh2', 'uni_pc_bh2', 'normal', 'normal', 'UniPCMultistepScheduler', { solver_type: 'bh2' }],
    ['DDIM', 'ddim', 'exponential', 'exponential', 'DDIMScheduler', {}],
    ['k_lms', 'lms', null, null, 'LMSDiscreteScheduler', {}],
    ['lcm', 'lcm', 'sgm_uniform', 'sgm_uniform', 'LCMScheduler', { timestep_spacing: 'trailing' }],
    ['Heun', 'heun', 'Karras', 'karras', 'HeunDiscreteScheduler', { use_karras_sigmas: true }],
    [
      'DPM2 a',
      'dpm_2_ancestral',
      'Automatic',
      'karras',
      'KDPM2AncestralDiscreteScheduler',
      { use_karras_sigmas: true },
    ],
  ];
  for (const [s, sid, sch, schId, className, options] of rows) {
    const r = scheduler(s, sid, sch, schId);
    assert.ok(!('unknown' in r), `${s} ${sch}`);
    assert.equal(r.className, className, `${s} ${sch}`);
    assert.deepEqual(r.options, options, `${s} ${sch}`);
  }
  assert.match(
    (scheduler('DDIM', 'ddim', 'exponential', 'exponential') as { approximation: string }).approximation,
    /DDIMScheduler takes no use_exponential_sigmas/,
  );
  assert.ok(
    'unknown' in scheduler('res_multistep', 'res_multistep', 'simple', 'simple'),
    'no class: reported, never guessed silently',
  );
  assert.match(
    (scheduler('DPM++ 2S a', 'dpmpp_2s_ancestral', 'Karras', 'karras') as { approximation: string }).approximation,
    /no ancestral/,
  );
});

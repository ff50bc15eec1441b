// `seedscope recipe` as a subprocess, the way a person runs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseLosslessJson } from '../../metadata/lossless-json';

const ROOT = join(__dirname, '../../../..');
const CORPUS = process.env.SEEDSCOPE_CORPUS ?? join(ROOT, '../shared/corpus');
const BIN = join(ROOT, 'bin/seedscope.js');

function recipe(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'recipe', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('--for a1111 prints the API body on stdout, the endpoint and warnings on stderr', () => {
  const r = recipe(join(CORPUS, 'a1111/metahub_cli_a1111.png'), '--for', 'a1111');
  assert.equal(r.status, 0, r.stderr);
  const body = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(body['seed'], 2895438046);
  assert.equal(body['sampler_name'], 'DPM++ 2M');
  assert.equal(body['scheduler'], 'Karras');
  assert.match(r.stderr, /^endpoint: POST \/sdapi\/v1\/txt2img$/m);
});

test('--for comfyui --json: one object with the graph text; a 15-digit seed stays an exact integer', () => {
  const file = join(CORPUS, 'comfyui/cex_lora_lora.png');
  const r = recipe(file, '--for=comfyui', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    file: string;
    target: string;
    format: string;
    endpoint: string;
    text: string;
    warnings: unknown[];
  };
  assert.deepEqual([out.file, out.target, out.format, out.endpoint], [file, 'comfyui', 'json', '/prompt']);
  const graph = parseLosslessJson(out.text);
  assert.ok(graph.ok);
  assert.equal(
    (graph.value as Record<string, { inputs: Record<string, unknown> }>)['3']?.inputs['seed'],
    851616030078638,
  );
});

test('--for diffusers prints a Python script', () => {
  const r = recipe(join(CORPUS, 'forge/sdm_jpg_forge-neo.jpeg'), '--for', 'diffusers');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^SEED = 2417156106$/m);
  assert.match(r.stdout, /^from diffusers import StableDiffusionXLPipeline, EulerAncestralDiscreteScheduler$/m);
});

test('exit 2 with a message naming the file: missing file, file with no tuple, bad target', () => {
  const missing = join(CORPUS, 'a1111/does-not-exist.png');
  const a = recipe(missing, '--for', 'a1111');
  assert.equal(a.status, 2);
  assert.ok(a.stderr.includes(missing), a.stderr);
  assert.equal(a.stdout, '');
  const empty = join(CORPUS, '_no_metadata/sdm_png_empty.png');
  const b = recipe(empty, '--for', 'comfyui');
  assert.equal(b.status, 2);
  assert.ok(b.stderr.includes(`${empty}: no generation parameters found`), b.stderr);
  const c = recipe(join(CORPUS, 'a1111/metahub_cli_a1111.png'), '--for', 'invoke');
  assert.equal(c.status, 2);
  assert.match(c.stderr, /--for must be a1111, comfyui or diffusers, got "invoke"/);
  assert.equal(recipe(join(CORPUS, 'a1111/metahub_cli_a1111.png')).status, 2, 'no --for');
});

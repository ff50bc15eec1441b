import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseA1111Infotext, parseNameHashList, parseParameterLine } from './parse-infotext';
import { tupleFromA1111Infotext } from './infotext-tuple';

const PARAMS = 'Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512, Model: m';

test('prompt, negative prompt and parameters; multi-line prompt kept exactly', () => {
  const info = parseA1111Infotext(`line one\nline two\n\nNegative prompt: bad\nworse\n${PARAMS}`);
  assert.ok(info);
  assert.equal(info.prompt, 'line one\nline two\n');
  assert.equal(info.negativePrompt, 'bad\nworse');
  assert.equal(info.params.get('Sampler'), 'Euler a');
});

test('no Negative prompt line → null; empty negative → empty string', () => {
  assert.equal(parseA1111Infotext(`p\n${PARAMS}`)?.negativePrompt, null);
  assert.equal(parseA1111Infotext(`p\nNegative prompt: \n${PARAMS}`)?.negativePrompt, '');
});

test('Template / Negative Template lines after the parameter line (sd-dynamic-prompts) are split off', () => {
  const info = parseA1111Infotext(
    `a {red|blue} car\nNegative prompt: x\n${PARAMS}\nTemplate: a {red|blue}\ncar: big\nNegative Template: x`,
  );
  assert.ok(info);
  assert.equal(info.prompt, 'a {red|blue} car');
  assert.equal(info.params.get('Seed'), '1');
  assert.equal(info.template, 'a {red|blue}\ncar: big');
  assert.equal(info.negativeTemplate, 'x');
});

test('CRLF line endings (Stability Matrix)', () => {
  const info = parseA1111Infotext(`p1\r\np2\r\nNegative prompt: n\r\n${PARAMS}\r\n`);
  assert.ok(info);
  assert.equal(info.prompt, 'p1\np2');
  assert.equal(info.negativePrompt, 'n');
  assert.equal(info.params.get('Model'), 'm');
});

test('quoted values with escapes, brace-balanced Hashes, unquoted Civitai resources, ISO dates', () => {
  const line =
    'Steps: 20, Lora hashes: "a: 111111111111, b: 222222222222", Hardware Info: "RTX 4090 24GB, \\"quoted\\"", Hashes: {"model": "abc", "nested": {"x": "1, 2"}}, Created Date: 2026-01-04T01:27:21.2717070Z, Civitai resources: [{"type":"lora","modelName":"a, b","weight":0.5}], Seed: 3';
  const params = parseParameterLine(line);
  assert.equal(params.get('Lora hashes'), 'a: 111111111111, b: 222222222222');
  assert.equal(params.get('Hardware Info'), 'RTX 4090 24GB, "quoted"');
  assert.equal(params.get('Hashes'), '{"model": "abc", "nested": {"x": "1, 2"}}');
  assert.equal(params.get('Created Date'), '2026-01-04T01:27:21.2717070Z');
  assert.equal(params.get('Civitai resources'), '[{"type":"lora","modelName":"a, b","weight":0.5}]');
  assert.equal(params.get('Seed'), '3');
});

test('the parameter line is found by content: a prompt line with colons does not qualify', () => {
  const info = parseA1111Infotext(`style: anime, mood: calm, light: soft\n${PARAMS}\nsome: trailing, text: here`);
  assert.ok(info);
  assert.equal(info.prompt, 'style: anime, mood: calm, light: soft');
  assert.equal(info.params.get('Steps'), '20');
  assert.equal(info.trailing, 'some: trailing, text: here');
});

test('single-line jammed text (". Negative prompt:" / ". Steps:") is split', () => {
  const info = parseA1111Infotext('a cat. Negative prompt: dog. Steps: 20, Sampler: Euler, CFG scale: 7, Seed: 5');
  assert.ok(info);
  assert.equal(info.prompt, 'a cat');
  assert.equal(info.negativePrompt, 'dog');
  assert.equal(info.params.get('Seed'), '5');
});

test('plain text and JSON are not infotext', () => {
  assert.equal(parseA1111Infotext('Created with GIMP'), null);
  assert.equal(parseA1111Infotext('{"prompt": "x", "steps": 20}'), null);
});

test('name/hash lists drop duplicates (A1111 appends TI hashes twice)', () => {
  assert.deepEqual(parseNameHashList('Hell4ineXLPOS: 23f5e3fc030a, Hell4ineXLPOS: 23f5e3fc030a'), [
    { name: 'Hell4ineXLPOS', hash: '23f5e3fc030a' },
  ]);
});

test('tuple: hires keys become a second pass and a hires-fix step; Size stays the first pass', () => {
  const info = parseA1111Infotext(
    'p\nSteps: 30, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7, Seed: 970527942, Size: 832x1216, Denoising strength: 0.35, Hires upscale: 1.5, Hires steps: 15, Hires upscaler: 4x_foolhardy_Remacri, Version: v1.10.0',
  );
  assert.ok(info);
  const { tuple } = tupleFromA1111Infotext(info, 'test');
  assert.deepEqual([tuple.width, tuple.height], [832, 1216]);
  assert.deepEqual(
    tuple.passes.map((p) => [p.role, p.steps, p.width, p.height, p.denoise]),
    [
      ['base', 30, 832, 1216, null],
      ['hires', 15, 1248, 1824, 0.35],
    ],
  );
  assert.equal(tuple.postprocess[0].kind, 'hires-fix');
  assert.equal(tuple.postprocess[0].name, '4x_foolhardy_Remacri');
});

test('tuple: ADetailer Version is not the software Version; determinism keys and extras are kept', () => {
  const info = parseA1111Infotext(
    '<lora:detail:0.6> <lyco:style:0.3:0.5> girl\nSteps: 20, Sampler: DPM++ 2M, CFG scale: 7, Seed: 1, Size: 1024x1024, RNG: CPU, ENSD: 31337, Eta: 0.67, Emphasis: No norm, NGMS: 0.2, FP8 weight: Enable for SDXL, Module 1: ae, ADetailer model: face_yolov8n.pt, ADetailer model 2nd: hand_yolov8n.pt, ADetailer Version: Neo, Lora hashes: "detail: 0123456789ab", Something new: 42, Version: neo',
  );
  assert.ok(info);
  const { tuple, generator } = tupleFromA1111Infotext(info, 'test');
  assert.equal(generator, 'forge');
  assert.equal(tuple.software?.version, 'neo');
  assert.deepEqual(
    tuple.postprocess.map((p) => p.name),
    ['face_yolov8n.pt', 'hand_yolov8n.pt'],
  );
  assert.equal(tuple.postprocess[0].settings['ADetailer Version'], 'Neo');
  assert.equal(tuple.determinism.rng, 'CPU');
  assert.equal(tuple.determinism.ensd, '31337');
  assert.equal(tuple.determinism.eta, 0.67);
  assert.equal(tuple.determinism.precision, 'FP8 weight: Enable for SDXL');
  assert.deepEqual(tuple.determinism.other, { Emphasis: 'No norm', NGMS: '0.2', 'Module 1': 'ae' });
  assert.equal(tuple.extras['Something new'], '42');
  assert.deepEqual(
    tuple.adapters.map((a) => [a.kind, a.name, a.weight, a.hash]),
    [
      ['lora', 'detail', 0.6, '0123456789ab'],
      ['lycoris', 'style', 0.3, null],
    ],
  );
  assert.equal(tuple.schedulerId, 'karras', 'DPM++ 2M + default Automatic = Karras');
  assert.equal(tuple.origins.scheduler.isDefault, true);
});

test('tuple: __proto__ inside the Hashes JSON pollutes nothing', () => {
  const info = parseA1111Infotext(
    'p\nSteps: 20, Seed: 1, CFG scale: 7, Hashes: {"__proto__": {"polluted": true}, "model": "0123456789"}',
  );
  assert.ok(info);
  const { tuple } = tupleFromA1111Infotext(info, 'test');
  assert.equal(tuple.modelHash, '0123456789');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('tuple: AddNet keys (sd-webui-additional-networks) become LoRA adapters', () => {
  const info = parseA1111Infotext(
    'p\nSteps: 20, Seed: 1, CFG scale: 7, AddNet Enabled: True, AddNet Module 1: LoRA, AddNet Model 1: myStyle(0123abcd4567), AddNet Weight A 1: 0.8, AddNet Weight B 1: 0.6',
  );
  assert.ok(info);
  const { tuple } = tupleFromA1111Infotext(info, 'test');
  assert.deepEqual(
    tuple.adapters.map((a) => [a.kind, a.name, a.weight, a.weights, a.hash]),
    [['lora', 'myStyle', 0.8, { te: 0.6 }, '0123abcd4567']],
  );
  assert.deepEqual(Object.keys(tuple.extras), []);
});

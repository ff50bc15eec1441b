// Fooocus family: the corpus's Fooocus JSON scheme and RuinedFooocus files (INDEX.md), plus crafted
// a1111-scheme, JPEG (EXIF UserComment + Software) and Fooocus-MRE sources.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readMetadata } from '../read-metadata';
import type { MetadataSources, TextItem } from '../types';
import { fooocusReader } from './fooocus';

const CORPUS = join(__dirname, '../../../../../shared/corpus');

function sources(texts: TextItem[]): MetadataSources {
  return { format: 'png', texts, xmp: null, c2paJumbf: null, stealth: null, warnings: [] };
}

test('Fooocus JSON scheme: seed above 2^53 kept as written, resolution tuple string, AutoV2 hash, expansion', () => {
  const report = readMetadata(readFileSync(join(CORPUS, 'fooocus/sdparsers_fooocus1_cropped.png')));
  const t = report.tuple!;
  assert.equal(report.generator, 'fooocus');
  assert.deepEqual(
    [t.seed, t.steps, t.sampler, t.scheduler, t.cfg, t.width, t.height, t.model],
    ['6952411511246973023', 30, 'dpmpp_2m_sde_gpu', 'karras', 4, 768, 1280, 'juggernautXL_v8Rundiffusion'],
  );
  assert.equal(t.modelHash, 'aeb7e9e689');
  assert.equal(t.modelHashType, 'autov2');
  assert.equal(t.software?.version, 'v2.4.3');
  assert.equal(t.determinism.clipSkip, 2);
  assert.ok(t.postprocess.some((p) => p.kind === 'prompt-expansion'));
  assert.ok(JSON.parse(t.extras['fooocus.full_prompt']!).length >= 2);
});

test('RuinedFooocus: JSON parameters with software RuinedFooocus and a 64-hex SHA256', () => {
  const report = readMetadata(readFileSync(join(CORPUS, 'fooocus/sdm_png_ruined-fooocus.png')));
  const t = report.tuple!;
  assert.equal(report.generator, 'ruined-fooocus');
  assert.deepEqual(
    [t.seed, t.steps, t.sampler, t.scheduler, t.cfg, t.width, t.height, t.model],
    ['2020047614', 30, 'dpmpp_2m_sde_gpu', 'karras', 8, 1024, 1024, 'waiNSFWIllustrious_v150.safetensors'],
  );
  assert.equal(t.modelHash, 'BEFC694A296F75E996488EBF9F9DB8A1493BD059B6E704B975829E87D5AEB4FA');
  assert.equal(t.modelHashType, 'sha256');
});

test('Fooocus a1111 scheme is read as infotext and labelled Fooocus', () => {
  const text =
    'a fox\nNegative prompt: blurry\nSteps: 30, Sampler: DPM++ 2M SDE Karras, Seed: 12345, CFG scale: 4, Size: 896x1152, Model: juggernautXL_v8Rundiffusion, Performance: Speed, Sharpness: 2, Version: Fooocus v2.5.0';
  const r = fooocusReader.read(
    sources([
      { source: 'png:tEXt:parameters', key: 'parameters', text },
      { source: 'png:tEXt:fooocus_scheme', key: 'fooocus_scheme', text: 'a1111' },
    ]),
  )!;
  assert.equal(r.generator, 'fooocus');
  assert.deepEqual(
    [r.tuple.seed, r.tuple.steps, r.tuple.width, r.tuple.model],
    ['12345', 30, 896, 'juggernautXL_v8Rundiffusion'],
  );
});

test('Fooocus JPEG: UserComment JSON recognised by Software, Fooocus-MRE Comment JSON', () => {
  const json = JSON.stringify({
    base_model: 'm',
    full_prompt: ['x'],
    prompt: 'x',
    seed: '18446744073709551615',
    steps: 30,
    guidance_scale: 4,
    resolution: '(1024, 1024)',
    sampler: 'euler',
    scheduler: 'karras',
  });
  const jpeg = fooocusReader.read(
    sources([
      { source: 'exif:Software', key: 'Software', text: 'Fooocus v2.5.0' },
      { source: 'exif:UserComment', key: 'UserComment', text: json },
    ]),
  )!;
  assert.equal(jpeg.tuple.seed, '18446744073709551615');
  assert.equal(jpeg.tuple.origins['seed']?.source, 'exif:UserComment');
  const mre = fooocusReader.read(
    sources([
      {
        source: 'jpeg:COM',
        key: 'comment',
        text: JSON.stringify({
          prompt: 'p',
          real_prompt: ['p'],
          seed: 9,
          steps: 20,
          cfg: 7,
          width: 512,
          height: 768,
          sampler: 'dpmpp_2m',
          base_model: 'sd_xl_base_1.0',
        }),
      },
    ]),
  )!;
  assert.deepEqual(
    [mre.generator, mre.tuple.seed, mre.tuple.height, mre.tuple.software?.name],
    ['fooocus', '9', 768, 'Fooocus-MRE'],
  );
});

// ComfyUI graphs in XMP: AVIF, WebP and JPEG files written by sharp with a real corpus graph as `comfy:prompt`
// (attribute) beside `comfy:workflow` (element), the packet the ComfyUI frontend's AVIF loader reads; and the
// same under another prefix bound to a third-party comfy namespace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { readMetadata } from '../read-metadata';
import { comfyXmpPacket, corpusGraph } from './corpus-graph.fixture';

const GRAPH = corpusGraph('comfyui/cex_2_pass_txt2img_hiresfix_latent_workflow.png');
const WORKFLOW = JSON.stringify({ last_node_id: 16, nodes: [{ id: 3, type: 'KSampler' }], links: [], version: 0.4 });

function image(): sharp.Sharp {
  return sharp({ create: { width: 32, height: 24, channels: 3, background: '#805030' } });
}

const FORMATS: Array<[string, (s: sharp.Sharp) => sharp.Sharp]> = [
  ['avif', (s) => s.avif({ quality: 60 })],
  ['webp', (s) => s.webp({ quality: 80 })],
  ['jpeg', (s) => s.jpeg({ quality: 85 })],
];

for (const [format, encode] of FORMATS) {
  test(`${format} with comfy:prompt / comfy:workflow in XMP reads as ComfyUI, both passes`, async () => {
    const bytes = await encode(image())
      .withXmp(comfyXmpPacket(JSON.stringify(GRAPH), WORKFLOW))
      .toBuffer();
    const report = readMetadata(bytes);
    assert.equal(report.format, format);
    assert.equal(report.generator, 'comfyui', report.warnings.join('; '));
    const t = report.tuple!;
    assert.deepEqual(
      [t.seed, t.steps, t.cfg, t.sampler, t.width, t.height, t.model],
      ['89848141647836', 12, 8, 'dpmpp_sde', 768, 768, 'v2-1_768-ema-pruned.ckpt'],
    );
    assert.deepEqual(
      t.passes.map((p) => `${p.role}:${p.node}`),
      ['base:3', 'hires:11'],
    );
    assert.equal(t.prompt, GRAPH['6']!.inputs['text']);
    assert.equal(t.origins['software']?.source, 'xmp:comfy:prompt');
  });
}

test('a saver binding its own prefix to a comfy namespace, with the graph as an element, is read too', async () => {
  const packet = comfyXmpPacket('{}', WORKFLOW, 'https://comfy.org/ns/1.0/', 'cui')
    .replace('cui:prompt="{}"', '')
    .replace('</rdf:Description>', `<cui:Prompt><![CDATA[${JSON.stringify(GRAPH)}]]></cui:Prompt></rdf:Description>`);
  const report = readMetadata(await image().webp().withXmp(packet).toBuffer());
  assert.equal(report.tuple?.seed, '89848141647836');
  assert.equal(report.tuple?.origins['software']?.source, 'xmp:cui:Prompt');
});

test('XMP with only a UI workflow (no API prompt) is not taken for ComfyUI generation settings', async () => {
  const packet = comfyXmpPacket('', WORKFLOW).replace(' comfy:prompt=""', '');
  const report = readMetadata(await image().webp().withXmp(packet).toBuffer());
  assert.equal(report.generator, null);
  assert.ok(
    report.raw.some((r) => r.source === 'xmp' && r.text.includes('comfy:workflow')),
    'the packet is still kept raw',
  );
});

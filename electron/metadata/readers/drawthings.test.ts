// Draw Things has no real sample in the corpus (metadata-formats.md §2.7), so these PNGs are made here with
// sharp and an iTXt XMP packet shaped like the exiftool dump of a real one (breadmachine#2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { withPngTextChunks } from '../containers/png-write';
import { readMetadata } from '../read-metadata';
import { decodeXmlEntities, xmpProperty } from '../xmp-property';

const DESCRIPTION =
  'a picture of a guitar (floating on a lake) [near the beach]\n-ocean, (sunny), [sad], <bad_prompt>\nSteps: 10, Sampler: DDIM, Guidance Scale: 10.0, Seed: 1177739245, Size: 1152x768, Model: sd_v1.4_f16.ckpt, Strength: 1.0, Hires Fix: true, First Stage Size: 768x512, Second Stage Strength: 0.7';
const COMMENT = {
  c: 'a picture of a guitar (floating on a lake) [near the beach]',
  uc: 'ocean, (sunny), [sad], <bad_prompt>',
  model: 'sd_v1.4_f16.ckpt',
  sampler: 'DDIM',
  scale: 10,
  seed: 1177739245,
  size: '1152x768',
  steps: 10,
  strength: 1,
  v2: { loras: [{ file: 'detail_lora_f16.ckpt', weight: 0.6, mode: 'all' }] },
};

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#xA;');
}

function packet(withComment: boolean): string {
  return `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmp:CreatorTool="Draw Things">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(DESCRIPTION)}</rdf:li></rdf:Alt></dc:description>
${withComment ? `<exif:UserComment><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(JSON.stringify(COMMENT))}</rdf:li></rdf:Alt></exif:UserComment>` : ''}
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
}

async function file(withComment: boolean): Promise<Buffer> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
  return withPngTextChunks(png, [{ keyword: 'XML:com.adobe.xmp', text: packet(withComment), kind: 'iTXt' }]);
}

test('Draw Things: the exif:UserComment JSON is read first (c, uc, scale, size, v2 loras)', async () => {
  const report = readMetadata(await file(true));
  const t = report.tuple!;
  assert.equal(report.generator, 'drawthings');
  assert.deepEqual(
    [t.prompt, t.negativePrompt, t.seed, t.steps, t.cfg, t.width, t.height, t.model, t.sampler],
    [COMMENT.c, COMMENT.uc, '1177739245', 10, 10, 1152, 768, 'sd_v1.4_f16.ckpt', 'DDIM'],
  );
  assert.deepEqual(
    t.adapters.map((a) => `${a.kind}:${a.name}@${a.weight}`),
    ['lora:detail_lora_f16.ckpt@0.6'],
  );
  assert.equal(t.origins['seed']?.source, 'xmp:exif:UserComment');
});

test('Draw Things: without the JSON, dc:description is read ("-" negative line, Guidance Scale)', async () => {
  const t = readMetadata(await file(false)).tuple!;
  assert.equal(t.prompt, 'a picture of a guitar (floating on a lake) [near the beach]');
  assert.equal(t.negativePrompt, 'ocean, (sunny), [sad], <bad_prompt>');
  assert.deepEqual(
    [t.steps, t.cfg, t.seed, t.width, t.height, t.model],
    [10, 10, '1177739245', 1152, 768, 'sd_v1.4_f16.ckpt'],
  );
  assert.equal(t.extras['Hires Fix'], 'true');
});

test('XMP property reader: attribute and element forms, entities decoded', () => {
  assert.equal(decodeXmlEntities('a&#xA;b &amp; &quot;c&quot; &#233;'), 'a\nb & "c" é');
  assert.equal(xmpProperty('<x xmp:CreatorTool="Draw &amp; Things"/>', 'xmp:CreatorTool'), 'Draw & Things');
  assert.equal(xmpProperty('<dc:title><rdf:Alt><rdf:li>T&lt;1&gt;</rdf:li></rdf:Alt></dc:title>', 'dc:title'), 'T<1>');
  assert.equal(xmpProperty('<a/>', 'dc:title'), null);
});

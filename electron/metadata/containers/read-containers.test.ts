// Well-formed but less common containers, crafted in the test: zTXt, compressed iTXt, text after IDAT, eXIf in
// PNG, UTF-16LE/BE UserComment with either TIFF byte order, UserComment in IFD0 without prefix, WebP EXIF with an
// `Exif\0\0` prefix, stealth RGB data, JPEG COM/XMP, GIF comment, and the `.txt` sidecar.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { decodeImage } from '../../pixels/decode';
import { readMetadata } from '../read-metadata';
import { smallPng, tiffBlock, userComment, utf16 } from './crafted-files.fixture';
import { withPngChunks, withPngTextChunks } from './png-write';
import { readContainers } from './read-containers';

const INFOTEXT =
  'a red fox, snow\nNegative prompt: blurry\nSteps: 24, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 1234567890, Size: 8x8, Model hash: 0123456789, Model: fox_v1';

test('zTXt and compressed iTXt are inflated; text chunks after IDAT are read', async () => {
  const png = withPngTextChunks(await smallPng(), [{ keyword: 'parameters', text: INFOTEXT, kind: 'zTXt' }]);
  const z = readMetadata(png);
  assert.equal(z.raw[0].source, 'png:zTXt:parameters');
  assert.equal(z.tuple?.seed, '1234567890');

  const itxt = withPngTextChunks(
    await smallPng(),
    [{ keyword: 'parameters', text: `${INFOTEXT.replace('fox', 'fox 狐')}`, kind: 'iTXt', compressed: true }],
    'after-idat',
  );
  const i = readMetadata(itxt);
  assert.equal(i.raw[0].source, 'png:iTXt:parameters');
  assert.equal(i.tuple?.prompt, 'a red fox 狐, snow');
  assert.deepEqual(i.warnings, []);
});

test('tEXt holding UTF-8 (Tensor.Art, Stability Matrix) is decoded as UTF-8; true Latin-1 stays Latin-1', async () => {
  const utf8 = withPngTextChunks(await smallPng(), [
    { keyword: 'parameters', text: INFOTEXT.replace('fox', 'fox テスト') },
  ]);
  assert.equal(readMetadata(utf8).tuple?.prompt, 'a red fox テスト, snow');
  const latin1 = withPngTextChunks(await smallPng(), [{ keyword: 'Comment', text: 'café crème' }]);
  assert.equal(readContainers(latin1).texts[0].text, 'café crème');
});

test('eXIf chunk in a PNG is read like JPEG EXIF (UTF-16BE UserComment, MM order)', async () => {
  const exif = tiffBlock({
    littleEndian: false,
    exifIfd: [[0x9286, 7, userComment('UNICODE', utf16(INFOTEXT, false))]],
  });
  const png = withPngChunks(await smallPng(), [{ type: 'eXIf', data: exif }], 'after-idat');
  const report = readMetadata(png);
  assert.equal(report.raw[0].source, 'exif:UserComment');
  assert.equal(report.tuple?.steps, 24);
  assert.equal(report.tuple?.origins.seed.source, 'exif:UserComment');
});

test('UNICODE UserComment byte order is sniffed from the text, not the TIFF order', async () => {
  const cases: Array<[boolean, boolean, string]> = [
    [true, true, 'SwarmUI: II + UTF-16LE'],
    [true, false, 'Civitai: II + UTF-16BE'],
    [false, false, 'A1111: MM + UTF-16BE'],
    [false, true, 'MM + UTF-16LE'],
  ];
  for (const [tiffLittle, textLittle, label] of cases) {
    const exif = tiffBlock({
      littleEndian: tiffLittle,
      exifIfd: [[0x9286, 7, userComment('UNICODE', utf16('{"prompt": "ü 狐"}', textLittle))]],
    });
    const png = withPngChunks(await smallPng(), [{ type: 'eXIf', data: exif }]);
    assert.equal(readContainers(png).texts[0].text, '{"prompt": "ü 狐"}', label);
  }
});

test('UserComment in IFD0 with no charset prefix (ComfyUI TIPO saver) and ASCII prefix holding UTF-8 (NovelAI)', async () => {
  const exif = tiffBlock({
    littleEndian: false,
    ifd0: [
      [0x9286, 7, userComment(null, Buffer.from('{"prompt": "狐"}', 'utf8'))],
      [0x0110, 2, Buffer.from('prompt:{}\0', 'latin1')],
    ],
  });
  const texts = readContainers(withPngChunks(await smallPng(), [{ type: 'eXIf', data: exif }])).texts;
  assert.deepEqual(
    texts.map((t) => [t.key, t.text]),
    [
      ['UserComment', '{"prompt": "狐"}'],
      ['Model', 'prompt:{}'],
    ],
  );
  const ascii = tiffBlock({
    littleEndian: false,
    exifIfd: [[0x9286, 7, userComment('ASCII', Buffer.from('ノベル', 'utf8'))]],
  });
  assert.equal(
    readContainers(withPngChunks(await smallPng(), [{ type: 'eXIf', data: ascii }])).texts[0].text,
    'ノベル',
  );
});

test('WebP EXIF chunk with an Exif\\0\\0 prefix, and XMP chunk', async () => {
  const webp = await sharp(await smallPng())
    .webp({ lossless: true })
    .toBuffer();
  const exif = Buffer.concat([
    Buffer.from('Exif\0\0', 'latin1'),
    tiffBlock({ littleEndian: true, ifd0: [[0x010e, 2, Buffer.from('a description\0')]] }),
  ]);
  const xmp = Buffer.from('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>');
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, Buffer.alloc(data.length % 2)]);
  };
  const body = Buffer.concat([webp.subarray(12), chunk('EXIF', exif), chunk('XMP ', xmp)]);
  const riff = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP'), body]);
  riff.writeUInt32LE(riff.length - 8, 4);
  const sources = readContainers(riff);
  assert.equal(sources.format, 'webp');
  assert.deepEqual(
    sources.texts.map((t) => [t.source, t.text]),
    [['exif:ImageDescription', 'a description']],
  );
  assert.equal(sources.xmp, xmp.toString());
});

test('JPEG: APP1 Exif UserComment, APP1 XMP and COM segments', async () => {
  const jpeg = await sharp(await smallPng())
    .jpeg()
    .withExif({ IFD0: { ImageDescription: 'jpeg description' } })
    .toBuffer();
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x00]), Buffer.from('a comment')]);
  com.writeUInt16BE(com.length - 2, 2);
  const xmpBody = Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0'), Buffer.from('<x:xmpmeta/>')]);
  const xmp = Buffer.concat([Buffer.from([0xff, 0xe1, 0, 0]), xmpBody]);
  xmp.writeUInt16BE(xmp.length - 2, 2);
  const withSegments = Buffer.concat([jpeg.subarray(0, 2), com, xmp, jpeg.subarray(2)]);
  const sources = readContainers(withSegments);
  assert.equal(sources.format, 'jpeg');
  assert.ok(sources.texts.some((t) => t.source === 'jpeg:COM' && t.text === 'a comment'));
  assert.ok(sources.texts.some((t) => t.key === 'ImageDescription' && t.text === 'jpeg description'));
  assert.equal(sources.xmp, '<x:xmpmeta/>');
  assert.deepEqual(sources.warnings, []);
});

test('GIF comment extension holds A1111 infotext', async () => {
  const gif = await sharp(await smallPng())
    .gif()
    .toBuffer();
  const text = Buffer.from(INFOTEXT);
  const blocks: Buffer[] = [];
  for (let i = 0; i < text.length; i += 255) {
    const part = text.subarray(i, i + 255);
    blocks.push(Buffer.from([part.length]), part);
  }
  const comment = Buffer.concat([Buffer.from([0x21, 0xfe]), ...blocks, Buffer.from([0])]);
  const flags = gif[10];
  const headerEnd = 13 + (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);
  const withComment = Buffer.concat([gif.subarray(0, headerEnd), comment, gif.subarray(headerEnd)]);
  const report = readMetadata(withComment);
  assert.equal(report.format, 'gif');
  assert.equal(report.tuple?.seed, '1234567890');
  assert.deepEqual(report.warnings, []);
});

test('a .txt sidecar is a source too, and a disagreement with the file is recorded as a conflict', async () => {
  const png = withPngTextChunks(await smallPng(), [{ keyword: 'parameters', text: INFOTEXT }]);
  const sidecar = INFOTEXT.replace('Seed: 1234567890', 'Seed: 42');
  const report = readMetadata(png, { sidecarText: sidecar });
  assert.equal(report.tuple?.seed, '1234567890', 'the file wins over its sidecar');
  const conflict = report.tuple?.conflicts.find((c) => c.field === 'seed');
  assert.deepEqual(conflict?.values, [
    { value: '1234567890', source: 'png:tEXt:parameters' },
    { value: '42', source: 'sidecar:txt' },
  ]);
  const only = readMetadata(await smallPng(), { sidecarText: sidecar });
  assert.equal(only.tuple?.seed, '42');
  assert.equal(only.tuple?.origins.seed.source, 'sidecar:txt');
});

/** Writes `payload` into R,G,B (or alpha) LSBs column-major, MSB first, the way sd_webui_stealth_pnginfo does. */
function embedStealth(rgba: Buffer, width: number, height: number, mode: 'rgb' | 'alpha', payload: Buffer): void {
  let bit = 0;
  for (const byte of payload) {
    for (let b = 7; b >= 0; b--) {
      const value = (byte >> b) & 1;
      const pixel = mode === 'alpha' ? bit : Math.floor(bit / 3);
      const channel = mode === 'alpha' ? 3 : bit % 3;
      const x = Math.floor(pixel / height);
      const y = pixel % height;
      const at = (y * width + x) * 4 + channel;
      rgba[at] = (rgba[at] & 0xfe) | value;
      bit++;
    }
  }
}

function stealthPayload(magic: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length * 8);
  return Buffer.concat([Buffer.from(magic, 'latin1'), length, data]);
}

for (const [magic, compressed] of [
  ['stealth_rgbinfo', false],
  ['stealth_rgbcomp', true],
  ['stealth_pnginfo', false],
] as const) {
  test(`stealth ${magic} is recovered from the decoded pixels`, async () => {
    // 60×50 alpha LSBs hold 375 bytes: enough for the magic, the length and the infotext.
    const width = 60;
    const height = 50;
    const rgba = Buffer.alloc(width * height * 4, 200);
    const text = Buffer.from(INFOTEXT.replace('Size: 8x8', 'Size: 60x50'));
    embedStealth(
      rgba,
      width,
      height,
      magic.includes('rgb') ? 'rgb' : 'alpha',
      stealthPayload(magic, compressed ? gzipSync(text) : text),
    );
    const png = await sharp(rgba, { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer();
    const decoded = await decodeImage(png);
    const report = readMetadata(png, { decoded });
    assert.equal(report.raw.at(-1)?.source, magic.includes('rgb') ? 'stealth:rgb' : 'stealth:alpha');
    assert.equal(report.tuple?.seed, '1234567890');
    assert.deepEqual([report.tuple?.width, report.tuple?.height], [60, 50]);
  });
}

test('RGB stealth is read from an opaque image, whose pixels stay the decoder RGB (no RGBA copy is made)', async () => {
  const width = 60;
  const height = 50;
  const rgba = Buffer.alloc(width * height * 4, 200);
  const text = Buffer.from(INFOTEXT.replace('Size: 8x8', 'Size: 60x50'));
  embedStealth(rgba, width, height, 'rgb', stealthPayload('stealth_rgbinfo', text));
  const png = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .removeAlpha()
    .png()
    .toBuffer();
  const decoded = await decodeImage(png);
  assert.ok(decoded.rgb, 'an opaque PNG keeps the decoder RGB');
  let rgbaMade = false;
  const watched = Object.defineProperty({ ...decoded, data: Buffer.alloc(0) }, 'data', {
    get: () => {
      rgbaMade = true;
      return decoded.data;
    },
  });
  const report = readMetadata(png, { decoded: watched });
  assert.equal(report.raw.at(-1)?.source, 'stealth:rgb');
  assert.equal(report.tuple?.seed, '1234567890');
  assert.equal(rgbaMade, false, 'the stealth reader asked for the RGBA copy');
});

test('AVIF: Exif item (UserComment infotext) and XMP mime item are read through iinf/iloc', async () => {
  const avif = await sharp(await smallPng())
    .avif()
    .withExif({ IFD2: { UserComment: INFOTEXT } })
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/">avif xmp</x:xmpmeta>')
    .toBuffer();
  const report = readMetadata(avif);
  assert.equal(report.format, 'avif');
  assert.equal(report.tuple?.seed, '1234567890');
  assert.equal(
    report.raw.find((r) => r.source === 'xmp')?.text,
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">avif xmp</x:xmpmeta>',
  );
  assert.deepEqual(report.warnings, []);
});

test('JPEG APP11 C2PA segments are re-assembled into one JUMBF store (Firefly: 2 segments, Photoshop: 6)', async () => {
  const corpus = process.env.SEEDSCOPE_CORPUS ?? join(__dirname, '../../../../../shared/corpus');
  for (const [file, claim] of [
    ['c2pa-adobe-firefly/cai_Firefly_tabby_cat.jpg', 'Adobe_Firefly'],
    ['_c2pa_non_ai/cai_car-es-Ps-Cr.jpg', 'Adobe_Photoshop/26.11.0 adobe_c2pa/0.14.2 c2pa-rs/0.43.0'],
  ]) {
    const bytes = readFileSync(join(corpus, file));
    const sources = readContainers(bytes);
    assert.ok(sources.c2paJumbf, file);
    const store = Buffer.from(sources.c2paJumbf);
    assert.equal(store.toString('latin1', 4, 8), 'jumb', 'starts with the superbox header');
    assert.equal(store.readUInt32BE(0), store.length, 'the superbox length covers exactly the re-assembled bytes');
    const report = readMetadata(bytes);
    assert.equal(report.c2pa?.claimGenerator, claim);
    assert.deepEqual(report.warnings, []);
  }
});

test('EXIF MakerNote: a short scheme name (Fooocus) is text, a camera blob is not', async () => {
  const exif = (note: Buffer): Buffer => tiffBlock({ littleEndian: false, exifIfd: [[0x927c, 7, note]] });
  const text = readContainers(
    withPngChunks(await smallPng(), [{ type: 'eXIf', data: exif(Buffer.from('fooocus')) }]),
  ).texts;
  assert.deepEqual(
    text.map((t) => [t.key, t.text]),
    [['MakerNote', 'fooocus']],
  );
  const blob = readContainers(
    withPngChunks(await smallPng(), [
      { type: 'eXIf', data: exif(Buffer.from([0, 1, 2, 200, 0x41, 0x42, 7, 9, 0, 0])) },
    ]),
  ).texts;
  assert.deepEqual(blob, []);
});

test('an XMP packet in any PNG text chunk kind goes to sources.xmp (Midjourney writes tEXt, Draw Things iTXt)', async () => {
  for (const kind of ['tEXt', 'iTXt', 'zTXt'] as const) {
    const sources = readContainers(
      withPngTextChunks(await smallPng(), [{ keyword: 'XML:com.adobe.xmp', text: '<x:xmpmeta>m</x:xmpmeta>', kind }]),
    );
    assert.equal(sources.xmp, '<x:xmpmeta>m</x:xmpmeta>', kind);
    assert.deepEqual(sources.texts, [], kind);
  }
});

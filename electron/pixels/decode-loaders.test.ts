// Issue #18, item 6: every libvips loader outside the formats Seedscope supports is blocked. TIFF and GIF decoded
// before (only SVG, PDF, Magick, VIPS and Matrix were blocked); now only PNG, JPEG, WebP and AVIF open.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { DecodeError, decodeImage, readImageSize } from './decode';

const base = () => sharp({ create: { width: 12, height: 8, channels: 3, background: '#204080' } });

test('PNG, JPEG, WebP and AVIF decode', async () => {
  for (const [name, bytes] of [
    ['PNG', await base().png().toBuffer()],
    ['JPEG', await base().jpeg().toBuffer()],
    ['WebP', await base().webp().toBuffer()],
    ['AVIF', await base().avif().toBuffer()],
  ] as const) {
    const decoded = await decodeImage(bytes);
    assert.deepEqual([decoded.width, decoded.height], [12, 8], name);
  }
});

test('TIFF, GIF and SVG inputs are refused by name, before any pixel is decoded', async () => {
  const hostile: Array<[string, Buffer]> = [
    ['TIFF', await base().tiff().toBuffer()],
    ['GIF', await base().gif().toBuffer()],
    [
      'SVG',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>'),
    ],
  ];
  for (const [name, bytes] of hostile) {
    await assert.rejects(
      decodeImage(bytes),
      (err: unknown) => err instanceof DecodeError && /not a supported image format/.test(err.message),
      name,
    );
  }
});

test('readImageSize reads a supported header and refuses a blocked format', async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'seedscope-size-'));
  try {
    writeFileSync(path.join(dir, 'a.png'), await base().png().toBuffer());
    writeFileSync(path.join(dir, 'a.tif'), await base().tiff().toBuffer());
    assert.deepEqual(await readImageSize(path.join(dir, 'a.png')), { width: 12, height: 8 });
    assert.equal(await readImageSize(path.join(dir, 'a.tif')), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

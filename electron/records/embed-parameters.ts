// The embedded copy: a NEW PNG carrying the parameters where every tool looks (an A1111 `parameters` text chunk)
// plus the full Seedscope record (iTXt `seedscope`), with the pixels unchanged. The original is only ever read.
// - PNG source: the original chunks are kept byte for byte (IDAT, 16-bit depth, palette, ICC, C2PA, ComfyUI
//   graphs), so the pixels are not merely hash-equal but untouched; only old `parameters`/`seedscope` chunks go.
// - JPEG/WebP/AVIF source: the decoded pixels are stored losslessly, so the copy decodes to the same RGBA hash.
import { realpath, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import sharp from 'sharp';
import { formatA1111Infotext } from '../../shared/a1111-text';
import type { SidecarRecord } from '../../shared/sidecar';
import { withPngTextChunks, type PngTextChunk } from '../metadata/containers/png-write';
import { decodeImage, type DecodedImage } from '../pixels/decode';
import { pixelSha256 } from '../pixels/pixel-hash';
import { writeFileAtomic } from './atomic-write';
import { inspectForRecord, RecordError, type BuildRecordOptions } from './sidecar-record';

/** The PNG keyword of the embedded record. */
export const SEEDSCOPE_PNG_KEYWORD = 'seedscope';
const REPLACED_KEYWORDS = new Set(['parameters', SEEDSCOPE_PNG_KEYWORD]);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface EmbedOptions extends BuildRecordOptions {
  overwrite?: boolean;
}

export interface EmbedResult {
  outPath: string;
  record: SidecarRecord;
  /** RGBA SHA-256 of the new file's decoded pixels: equal to record.pixels.sha256. */
  pixelSha256: string;
}

function textChunkKeyword(type: string, data: Buffer): string | null {
  if (type !== 'tEXt' && type !== 'iTXt' && type !== 'zTXt') return null;
  const nul = data.indexOf(0);
  return nul > 0 && nul < 80 ? data.toString('latin1', 0, nul) : null;
}

/** A copy of `png` without the text chunks we are about to write. Bounded: a length past the end is an error. */
export function withoutPngTextKeywords(png: Buffer, keywords: ReadonlySet<string>): Buffer {
  if (png.length < 8 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG file');
  const kept: Buffer[] = [png.subarray(0, 8)];
  let pos = 8;
  while (pos + 12 <= png.length) {
    const length = png.readUInt32BE(pos);
    const end = pos + 12 + length;
    if (end > png.length) throw new Error(`PNG chunk at byte ${pos} claims ${length} bytes past the end of the file`);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const keyword = textChunkKeyword(type, png.subarray(pos + 8, pos + 8 + length));
    if (keyword === null || !keywords.has(keyword)) kept.push(png.subarray(pos, end));
    pos = end;
    if (type === 'IEND') break;
  }
  return Buffer.concat(kept);
}

async function losslessPng(decoded: DecodedImage): Promise<Buffer> {
  const raw = sharp(decoded.data, { raw: { width: decoded.width, height: decoded.height, channels: 4 } });
  // No alpha of its own: store RGB, which decodes back to the same RGBA (alpha filled with 255).
  return (decoded.hadAlpha ? raw : raw.removeAlpha()).png({ compressionLevel: 6 }).toBuffer();
}

/**
 * Write a new PNG at `outPath` with the image's parameters and record embedded. Refuses to write over the source
 * (even with overwrite) and over any existing file unless `overwrite`. Verifies the new file's decoded pixels before
 * it is moved into place.
 */
export async function embedParameters(
  imagePath: string,
  outPath: string,
  options: EmbedOptions = {},
): Promise<EmbedResult> {
  const source = await realpath(imagePath).catch((err: unknown) => {
    throw new RecordError(imagePath, err instanceof Error ? err.message : String(err));
  });
  const target = path.resolve(outPath);
  const targetReal = await realpath(target).catch(() => target);
  if (targetReal === source)
    throw new RecordError(imagePath, 'the output would replace the original image; choose another --out file');

  const { record, decoded } = await inspectForRecord(imagePath, options);
  if (!record.pixels || !decoded)
    throw new RecordError(
      imagePath,
      `cannot decode the image, so there are no pixels to copy (${record.warnings.join('; ') || 'no detail'})`,
    );
  const base =
    record.image.format === 'png'
      ? withoutPngTextKeywords(await readFile(imagePath), REPLACED_KEYWORDS)
      : await losslessPng(decoded);
  const chunks: PngTextChunk[] = [];
  if (record.tuple) {
    chunks.push({ keyword: 'parameters', text: formatA1111Infotext(record.tuple), kind: 'auto' });
  }
  chunks.push({ keyword: SEEDSCOPE_PNG_KEYWORD, text: JSON.stringify(record), kind: 'iTXt', compressed: true });
  const png = withPngTextChunks(base, chunks);

  const check = await decodeImage(png);
  const written = pixelSha256(check.data);
  if (written !== record.pixels.sha256) {
    throw new RecordError(
      imagePath,
      `the embedded copy would not decode to the same pixels (${written} vs ${record.pixels.sha256}); nothing written`,
    );
  }
  await writeFileAtomic(target, png, { overwrite: options.overwrite });
  return { outPath: target, record, pixelSha256: written };
}

// Test files with A1111 infotext written into real containers: PNG text chunks (via the metadata layer's
// writer), JPEG and WebP EXIF UserComment (via sharp's withExif, which writes it as ASCII, so keep those prompts
// ASCII). Used by the compare and CLI tests; never touches the corpus.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { withPngTextChunks } from '../metadata/containers/png-write';
import type { DecodedImage } from '../pixels/decode';

export interface Infotext {
  prompt: string;
  negative?: string;
  /** Parameter line entries in order; a value of null drops the key. */
  params: Record<string, string | null>;
}

export const BASE_PARAMS: Record<string, string> = {
  Steps: '20',
  Sampler: 'DPM++ 2M',
  'Schedule type': 'Karras',
  'CFG scale': '7',
  Seed: '42',
  Size: '512x512',
  'Model hash': '6ce0161689',
  Model: 'v1-5-pruned-emaonly',
  RNG: 'CPU',
  Version: 'v1.9.4',
};

export function infotext(fields: Infotext): string {
  const params = Object.entries(fields.params)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return `${fields.prompt}\n${fields.negative !== undefined ? `Negative prompt: ${fields.negative}\n` : ''}${params}`;
}

function needsItxt(text: string): boolean {
  for (const ch of text) if ((ch.codePointAt(0) as number) > 0xff) return true;
  return false;
}

/** Writes `pixels` as `name` in `dir` with `text` as its A1111 parameters (or no metadata when null). */
export async function writeCraftedImage(
  dir: string,
  name: string,
  pixels: DecodedImage,
  text: string | null,
): Promise<string> {
  const raw = sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 4 } });
  const file = join(dir, name);
  if (name.endsWith('.png')) {
    const png = await raw.png({ compressionLevel: 1 }).toBuffer();
    writeFileSync(
      file,
      text === null
        ? png
        : withPngTextChunks(png, [{ keyword: 'parameters', text, kind: needsItxt(text) ? 'iTXt' : 'tEXt' }]),
    );
  } else {
    const encoder = name.endsWith('.webp') ? raw.webp({ quality: 90 }) : raw.jpeg({ quality: 92 });
    writeFileSync(file, await (text === null ? encoder : encoder.withExif({ IFD2: { UserComment: text } })).toBuffer());
  }
  return file;
}

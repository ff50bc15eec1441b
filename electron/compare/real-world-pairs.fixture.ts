// Pairs people actually drop into Compare, made from real corpus files with sharp and exiftool in a temp folder
// (the corpus itself is only ever copied): re-encodes with or without the metadata carried over, crops, upscales,
// strips, placeholder or copied metadata, a hand-edited parameter, pixel edits. Used by the compare and CLI tests.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { withPngTextChunks } from '../metadata/containers/png-write';

export const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
/** A1111 PNG, 1024x1024, parameters in a text chunk (iTXt: its prompt is not Latin-1); no RNG key. */
export const A1111_PNG = 'a1111/sdm_png_sd-webui.png';
/** Another A1111-format picture of the same size: an unrelated composition. */
export const OTHER_PNG = 'forge/sdm_png_reforge.png';
/** ComfyUI PNG, 1024x1024, prompt + workflow chunks, one KSampler (euler / simple). */
export const COMFY_PNG = 'comfyui/cex_flux_flux_dev_checkpoint_example.png';

export function exiftool(...args: string[]): string {
  const r = spawnSync('exiftool', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`exiftool ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export function copyFromCorpus(dir: string, relative: string, name: string): string {
  const out = join(dir, name);
  copyFileSync(join(CORPUS, relative), out);
  return out;
}

/** The A1111 parameters of a PNG, read by exiftool (not by the code under test). */
export function pngParameters(file: string): string {
  return exiftool('-b', '-PNG:Parameters', file);
}

/** exiftool copies the PNG parameters into the EXIF UserComment of a JPEG or WebP, as re-savers that keep metadata do. */
export function carryParametersInto(fromPng: string, target: string): void {
  exiftool('-q', '-overwrite_original', '-tagsFromFile', fromPng, '-EXIF:UserComment<PNG:Parameters', target);
}

export function writeUserComment(target: string, text: string): void {
  exiftool('-q', '-overwrite_original', `-EXIF:UserComment=${text}`, target);
}

/** Writes `pipeline`'s output to `name`; PNGs get the given text chunks (exiftool cannot write PNG parameters). */
export async function writeVariant(
  dir: string,
  name: string,
  pipeline: sharp.Sharp,
  chunks: Array<{ keyword: string; text: string }> = [],
): Promise<string> {
  const out = join(dir, name);
  const bytes = await pipeline.toBuffer();
  writeFileSync(
    out,
    chunks.length
      ? withPngTextChunks(
          bytes,
          chunks.map((c) => ({ ...c, kind: 'iTXt' as const })),
        )
      : bytes,
  );
  return out;
}

/** The raw text chunks worth carrying over from a corpus PNG (A1111 `parameters`, ComfyUI `prompt` + `workflow`). */
export function generationChunks(file: string): Array<{ keyword: string; text: string }> {
  const out: Array<{ keyword: string; text: string }> = [];
  for (const [tag, keyword] of [
    ['PNG:Parameters', 'parameters'],
    ['PNG:Prompt', 'prompt'],
    ['PNG:Workflow', 'workflow'],
  ]) {
    const text = exiftool('-b', `-${tag}`, file);
    if (text) out.push({ keyword, text });
  }
  return out;
}

/** GPU-like nondeterminism: about a third of the channel values nudged by 1-3 in either direction, from a fixed
 *  pseudo-random sequence so the test is repeatable. */
export async function withSmallNoise(file: string): Promise<sharp.Sharp> {
  const { data, info } = await sharp(readFileSync(file)).raw().toBuffer({ resolveWithObject: true });
  let state = 7;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < data.length; i++) {
    const r = random();
    if (r < 0.3) data[i] = Math.max(0, Math.min(255, data[i] + (r < 0.15 ? -1 : 1) * (random() < 0.2 ? 3 : 1)));
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png();
}

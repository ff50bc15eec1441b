// Real image files written by the specs themselves (sharp encodes, the A1111 `parameters` chunk is added as an
// iTXt chunk exactly where A1111 writes it: before IEND), for cases the corpus does not hold: a hostile prompt,
// a pair that differs in one known parameter, a re-run group. Each spec writes into its own temp folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

export interface A1111Params {
  prompt: string;
  negative?: string;
  steps?: number;
  sampler?: string;
  scheduler?: string;
  cfg?: number;
  seed?: string;
  width?: number;
  height?: number;
  model?: string;
  modelHash?: string;
}

export function a1111Infotext(p: A1111Params): string {
  const lines = [p.prompt];
  if (p.negative) lines.push(`Negative prompt: ${p.negative}`);
  const params = [
    `Steps: ${p.steps ?? 20}`,
    `Sampler: ${p.sampler ?? 'Euler a'}`,
    `Schedule type: ${p.scheduler ?? 'Karras'}`,
    `CFG scale: ${p.cfg ?? 7}`,
    `Seed: ${p.seed ?? '42'}`,
    `Size: ${p.width ?? 128}x${p.height ?? 128}`,
    `Model hash: ${p.modelHash ?? '45a21ea00a'}`,
    `Model: ${p.model ?? 'waiIllustriousSDXL_v160'}`,
    'Version: v1.10.1',
  ];
  lines.push(params.join(', '));
  return lines.join('\n');
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Adds an uncompressed iTXt `parameters` chunk (UTF-8, so curly quotes and ZWSP keep their bytes) before IEND. */
export function withParameters(png: Buffer, text: string): Buffer {
  const iend = png.length - 12;
  if (png.toString('latin1', iend + 4, iend + 8) !== 'IEND') throw new Error('PNG does not end with IEND');
  const data = Buffer.concat([Buffer.from('parameters\0\0\0\0\0', 'latin1'), Buffer.from(text, 'utf8')]);
  return Buffer.concat([png.subarray(0, iend), chunk('iTXt', data), png.subarray(iend)]);
}

/**
 * A deterministic picture: gradients and a few discs. `variant` moves one disc, so two variants differ in one
 * region (a real, local pixel difference for the heatmap), and the same variant gives the same pixels.
 */
export async function pictureBytes(size: number, variant: number): Promise<Buffer> {
  const raw = Buffer.alloc(size * size * 3);
  const discs = [
    { x: 0.3, y: 0.35, r: 0.14, c: [240, 200, 60] },
    { x: 0.7, y: 0.6, r: 0.18, c: [60, 160, 240] },
    { x: 0.45 + variant * 0.08, y: 0.75, r: 0.1, c: [230, 70, 90] },
  ];
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const i = (y * size + x) * 3;
      let rgb = [Math.round((x / size) * 90), Math.round((y / size) * 70) + 20, 60];
      for (const d of discs) {
        const dx = x / size - d.x;
        const dy = y / size - d.y;
        if (dx * dx + dy * dy < d.r * d.r) rgb = d.c;
      }
      raw[i] = rgb[0];
      raw[i + 1] = rgb[1];
      raw[i + 2] = rgb[2];
    }
  }
  return sharp(raw, { raw: { width: size, height: size, channels: 3 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

export async function writeGeneratedPng(dir: string, name: string, params: A1111Params, variant = 0): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const size = params.width ?? 128;
  const file = join(dir, name);
  writeFileSync(file, withParameters(await pictureBytes(size, variant), a1111Infotext(params)));
  return file;
}

// Photographic-like test pictures made from plain numbers, so tests and benches need no fixture files and no
// SVG loader (decode.ts blocks it for the whole process). A "scene" is smooth shading plus a few discs: enough
// structure for SSIM and perceptual hashes to behave as they do on real diffusion output.
import sharp from 'sharp';
import type { DecodedImage } from './decode';

export interface SceneOptions {
  width: number;
  height: number;
  /** Different seeds give different compositions. */
  seed?: number;
  /** Amplitude of per-pixel texture noise (0 = smooth). */
  grain?: number;
  alpha?: boolean;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeScene(options: SceneOptions): DecodedImage {
  const { width, height, seed = 1, grain = 6, alpha = false } = options;
  const random = mulberry32(seed);
  const discs = Array.from({ length: 5 }, () => ({
    x: random() * width,
    y: random() * height,
    r: (0.08 + random() * 0.2) * Math.min(width, height),
    colour: [random() * 255, random() * 255, random() * 255],
  }));
  const fx = 1 + random() * 3;
  const fy = 1 + random() * 3;
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      let r = 120 + 90 * Math.sin(u * fx * Math.PI + v);
      let g = 110 + 80 * Math.cos(v * fy * Math.PI);
      let b = 100 + 70 * Math.sin((u + v) * 2.3);
      for (const d of discs) {
        if ((x - d.x) ** 2 + (y - d.y) ** 2 < d.r * d.r) [r, g, b] = d.colour;
      }
      const noise = grain ? (random() - 0.5) * 2 * grain : 0;
      const i = (y * width + x) * 4;
      data[i] = clamp(r + noise);
      data[i + 1] = clamp(g + noise);
      data[i + 2] = clamp(b + noise);
      data[i + 3] = alpha ? clamp(255 * u) : 255;
    }
  }
  return { data, width, height, channels: 4, hadAlpha: alpha };
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

export function copyScene(image: DecodedImage): DecodedImage {
  return { ...image, data: Buffer.from(image.data) };
}

export async function encodeScene(image: DecodedImage, format: 'png' | 'jpeg' | 'webp', quality = 90): Promise<Buffer> {
  const pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } });
  if (format === 'png') return pipeline.png({ compressionLevel: 1 }).toBuffer();
  if (format === 'jpeg') return pipeline.jpeg({ quality }).toBuffer();
  return pipeline.webp({ quality, lossless: quality >= 100 }).toBuffer();
}

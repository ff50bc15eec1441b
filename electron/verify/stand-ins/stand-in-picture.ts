// The picture both stand-in generators "render": a deterministic function of the parameters that decide a real
// diffusion output (seed, prompt bytes, negative prompt, cfg, steps, sampler, scheduler, size, model), drawn with
// sharp so the result is a real PNG the whole Seedscope pipeline decodes and hashes. Two behaviours of real GPUs
// and real caches can be switched on, because the verify protocol exists to detect them:
// - noise: a few pixels move by ±1-3 on every run (what cuDNN/atomics nondeterminism looks like on smooth output);
// - ignore: a named parameter leaves the hash (a cached result, or a UI that silently drops a knob).
import { createHash } from 'node:crypto';
import sharp from 'sharp';

export interface PictureParams {
  seed: string;
  prompt: string;
  negativePrompt: string;
  cfg: number;
  steps: number;
  sampler: string;
  scheduler: string;
  width: number;
  height: number;
  model: string;
}

export type IgnorableParam = 'cfg' | 'steps' | 'seed';

export interface PictureBehaviour {
  /** Add per-run ±1-3 deltas to about 2% of the pixels. */
  noise?: boolean;
  /** These parameters do not reach the picture. */
  ignore?: readonly IgnorableParam[];
}

/** Stand-ins refuse sizes a test never needs (a real server would run out of VRAM instead). */
export const MAX_STAND_IN_SIDE = 2048;

function pictureKey(p: PictureParams, ignore: readonly IgnorableParam[]): Buffer {
  const keyed = {
    seed: ignore.includes('seed') ? null : p.seed,
    prompt: p.prompt,
    negativePrompt: p.negativePrompt,
    cfg: ignore.includes('cfg') ? null : p.cfg,
    steps: ignore.includes('steps') ? null : p.steps,
    sampler: p.sampler,
    scheduler: p.scheduler,
    width: p.width,
    height: p.height,
    model: p.model,
  };
  return createHash('sha256').update(JSON.stringify(keyed)).digest();
}

/** A smooth two-colour gradient at a hash-chosen angle with soft rings of a third colour: smooth like diffusion
 *  output (so SSIM means something), and any change of a keyed parameter changes every colour. */
export async function renderStandInPicture(p: PictureParams, behaviour: PictureBehaviour = {}): Promise<Buffer> {
  const { width, height } = p;
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 8 ||
    height < 8 ||
    width > MAX_STAND_IN_SIDE ||
    height > MAX_STAND_IN_SIDE
  ) {
    throw new Error(`size ${width}x${height} is outside 8..${MAX_STAND_IN_SIDE}`);
  }
  const h = pictureKey(p, behaviour.ignore ?? []);
  const c0 = [h[0], h[1], h[2]];
  const c1 = [h[3], h[4], h[5]];
  const c2 = [h[6], h[7], h[8]];
  const angle = (h[9] / 255) * Math.PI * 2;
  const ringScale = 6 + (h[10] % 24);
  const cx = (h[11] / 255) * width;
  const cy = (h[12] / 255) * height;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const span = Math.abs(width * cos) + Math.abs(height * sin) || 1;
  const diag = Math.hypot(width, height);
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = Math.min(1, Math.max(0, ((x - width / 2) * cos + (y - height / 2) * sin) / span + 0.5));
      const ring = 0.5 + 0.5 * Math.sin((Math.hypot(x - cx, y - cy) / diag) * ringScale * Math.PI);
      const o = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const base = c0[c] * (1 - t) + c1[c] * t;
        rgb[o + c] = Math.round(base * (1 - 0.35 * ring) + c2[c] * 0.35 * ring);
      }
    }
  }
  if (behaviour.noise) addGpuLikeNoise(rgb);
  return sharp(rgb, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

function addGpuLikeNoise(rgb: Buffer): void {
  const pixels = rgb.length / 3;
  const touched = Math.max(1, Math.floor(pixels * 0.02));
  for (let i = 0; i < touched; i++) {
    const o = Math.floor(Math.random() * pixels) * 3 + Math.floor(Math.random() * 3);
    const delta = (1 + Math.floor(Math.random() * 3)) * (Math.random() < 0.5 ? -1 : 1);
    rgb[o] = Math.min(255, Math.max(0, rgb[o] + delta));
  }
}

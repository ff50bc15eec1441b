// Sampling passes and post-processing from A1111 keys: the first pass from the core keys, a hires-fix second
// pass from the `Hires …` keys (A1111 / Forge; SD.Next writes `HiRes mode`, `Hires scale`, `Hires size`), and
// one ADetailer step per model (`ADetailer model`, `ADetailer model 2nd`, …). `Size` stays the FIRST-pass size.
import { type KeyedValues, type TupleBuilder, parseInteger, parseNumber, parseSize } from '../tuple-builder';

function isHiresKey(key: string): boolean {
  return /^hires[ _]/i.test(key) || key === 'First pass size';
}

export function hiresPass(b: TupleBuilder, kv: KeyedValues, source: string): void {
  const t = b.tuple;
  const hiresKeys = kv.keys().filter(isHiresKey);
  const denoise = parseNumber(kv.take('Denoising strength'));
  const firstPass = parseSize(kv.take('First pass size'));
  if (firstPass && firstPass.width > 0 && firstPass.height > 0) {
    // Pre-2023 A1111 wrote the final size in Size and the first pass here (restore_old_hires_fix_params).
    b.set('width', firstPass.width, `${source}#First pass size`).set(
      'height',
      firstPass.height,
      `${source}#First pass size`,
    );
  }
  b.addPass({
    role: 'base',
    model: t.model,
    sampler: t.sampler,
    scheduler: t.scheduler,
    samplerId: t.samplerId,
    schedulerId: t.schedulerId,
    steps: t.steps,
    cfg: t.cfg,
    seed: t.seed,
    width: t.width,
    height: t.height,
    denoise: hiresKeys.length === 0 ? denoise : null,
  });
  if (hiresKeys.length === 0) return;

  const settings: Record<string, string | number | boolean | null> = {};
  for (const key of hiresKeys) settings[key] = kv.take(key) ?? null;
  const value = (key: string): string | null => (typeof settings[key] === 'string' ? (settings[key] as string) : null);
  const upscale = parseNumber(value('Hires upscale') ?? value('Hires scale'));
  const resize = [parseInteger(value('Hires resize-1')), parseInteger(value('Hires resize-2'))];
  const sdnextSize = parseSize(value('Hires size'));
  let width: number | null = null;
  let height: number | null = null;
  if (resize[0] && resize[1]) [width, height] = resize;
  else if (sdnextSize && sdnextSize.width > 0) ({ width, height } = sdnextSize);
  else if (upscale !== null && t.width !== null && t.height !== null) {
    width = Math.round(t.width * upscale);
    height = Math.round(t.height * upscale);
  }
  const sampler = value('Hires sampler');
  const sameSampler = !sampler || /^use same/i.test(sampler);
  const checkpoint = value('Hires checkpoint');
  const hiresSteps = parseInteger(value('Hires steps'));
  b.addPass({
    role: 'hires',
    model: checkpoint && !/^use same/i.test(checkpoint) ? checkpoint : t.model,
    sampler: sameSampler ? t.sampler : sampler,
    scheduler: sameSampler ? t.scheduler : value('Hires schedule type'),
    ...(sameSampler ? { samplerId: t.samplerId, schedulerId: t.schedulerId } : {}),
    // Hires steps 0 (left out) means "same as the first pass" in A1111.
    steps: hiresSteps && hiresSteps > 0 ? hiresSteps : t.steps,
    cfg: parseNumber(value('Hires CFG Scale')) ?? t.cfg,
    seed: t.seed,
    denoise,
    width,
    height,
    settings,
  });
  b.addPostprocess({
    kind: 'hires-fix',
    name: value('Hires upscaler') ?? value('HiRes mode') ?? 'hires fix',
    settings: { ...settings, 'Denoising strength': denoise },
  });
}

const ORDINALS = ['', ' 2nd', ' 3rd', ' 4th', ' 5th', ' 6th'];

export function adetailerSteps(b: TupleBuilder, kv: KeyedValues): void {
  const keys = kv.keys().filter((k) => k.startsWith('ADetailer '));
  if (keys.length === 0) return;
  // `ADetailer version` (Forge Neo: `ADetailer Version: Neo`) is the extension's version, not the software's.
  const version = keys.find((k) => /^ADetailer version$/i.test(k));
  const shared: Record<string, string> = version ? { [version]: kv.take(version) as string } : {};
  for (const suffix of ORDINALS) {
    const own = keys.filter(
      (k) => k !== version && (suffix ? k.endsWith(suffix) : !ORDINALS.slice(1).some((o) => k.endsWith(o))),
    );
    if (own.length === 0) continue;
    const settings: Record<string, string> = { ...shared };
    for (const key of own) settings[key] = kv.take(key) as string;
    b.addPostprocess({ kind: 'adetailer', name: settings[`ADetailer model${suffix}`] ?? 'ADetailer', settings });
  }
}

// Images of different sizes cannot be compared pixel by pixel, so one is resized first, explicitly and said so in
// the result. Default: the larger is shrunk to the smaller (a hires-fix or upscaled copy against its base image),
// because shrinking invents no detail, with Lanczos-3 (sharp's default, the sharpest of its kernels).
import sharp from 'sharp';
import type { Alignment, PixelSize, ResizeNote } from '../../shared/compare';
import type { DecodedImage } from '../pixels/decode';
import { alignImages, cropImage } from './align-images';

/** `smaller`: shrink the larger image to the smaller one's size; `a` / `b`: resize the other image to A's / B's size. */
export type ResizeTarget = 'smaller' | 'a' | 'b';
export type ResizeKernel = ResizeNote['kernel'];

const SHARP_KERNEL: Record<ResizeKernel, keyof sharp.KernelEnum> = {
  lanczos3: 'lanczos3',
  nearest: 'nearest',
  linear: 'linear',
  cubic: 'cubic',
};

export interface MatchedPair {
  a: DecodedImage;
  b: DecodedImage;
  note: ResizeNote | null;
}

async function resizeTo(image: DecodedImage, size: PixelSize, kernel: ResizeKernel): Promise<DecodedImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .resize(size.width, size.height, { fit: 'fill', kernel: SHARP_KERNEL[kernel] })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 4, hadAlpha: image.hadAlpha };
}

export async function matchSizes(
  a: DecodedImage,
  b: DecodedImage,
  target: ResizeTarget = 'smaller',
  kernel: ResizeKernel = 'lanczos3',
): Promise<MatchedPair> {
  if (a.width === b.width && a.height === b.height) return { a, b, note: null };
  const resized: 'a' | 'b' =
    target === 'a' ? 'b' : target === 'b' ? 'a' : a.width * a.height > b.width * b.height ? 'a' : 'b';
  const to = resized === 'a' ? { width: b.width, height: b.height } : { width: a.width, height: a.height };
  const aspectChanged = Math.abs(a.width / a.height - b.width / b.height) > 0.01;
  const from = resized === 'a' ? a : b;
  const note: ResizeNote = {
    sizeA: { width: a.width, height: a.height },
    sizeB: { width: b.width, height: b.height },
    resized,
    to,
    method: 'resize',
    kernel,
    aspectChanged,
    note:
      `sizes differ (A ${a.width}x${a.height}, B ${b.width}x${b.height}): image ${resized.toUpperCase()} was resized ` +
      `from ${from.width}x${from.height} to ${to.width}x${to.height} with ${kernel} before measuring` +
      (aspectChanged ? '; the aspect ratios differ, so it was also stretched' : ''),
  };
  if (resized === 'a') return { a: await resizeTo(a, to, kernel), b, note };
  return { a, b: await resizeTo(b, to, kernel), note };
}

/** The pair to measure and how it was aligned. With the default target, a crop found by alignImages is measured on
 *  its box (no resampling) and a uniform scale by shrinking the larger; when nothing fits, the stated resize. */
export async function matchAligned(
  a: DecodedImage,
  b: DecodedImage,
  target: ResizeTarget = 'smaller',
  kernel: ResizeKernel = 'lanczos3',
): Promise<MatchedPair & { alignment: Alignment | null }> {
  const alignment = target === 'smaller' ? alignImages(a, b) : null;
  if (alignment?.kind === 'crop' && alignment.box) {
    const box = alignment.box;
    const note: ResizeNote = {
      sizeA: { width: a.width, height: a.height },
      sizeB: { width: b.width, height: b.height },
      resized: alignment.larger,
      to: { width: box.width, height: box.height },
      method: 'crop',
      kernel,
      aspectChanged: false,
      note: `sizes differ (A ${a.width}x${a.height}, B ${b.width}x${b.height}): ${alignment.note}`,
    };
    return alignment.larger === 'a'
      ? { a: cropImage(a, box), b, note, alignment }
      : { a, b: cropImage(b, box), note, alignment };
  }
  const matched = await matchSizes(a, b, target, kernel);
  if (alignment && matched.note) matched.note.note = `${matched.note.note} (${alignment.note})`;
  return { ...matched, alignment };
}

// How each side's pixels were stored: the container, the codec inside it, whether that codec is lossy, and the
// JPEG quality where the file's quantisation tables tell it. The encoding culprit rests on these facts: a lossy
// copy can never be bit-identical to its source, and two encodings of one picture differ in every block.
import type { EncodingInfo } from '../../shared/compare';
import type { ImageFormat } from '../../shared/tuple';
import { estimateJpegQuality } from './jpeg-quality';

/** WebP: the first bitstream chunk decides (`VP8 ` lossy, `VP8L` lossless); VP8X files list chunks after it. */
function webpCodec(bytes: Uint8Array): 'lossy' | 'lossless' | null {
  let pos = 12;
  for (let chunks = 0; chunks < 64 && pos + 8 <= bytes.length; chunks++) {
    const id = String.fromCharCode(bytes[pos], bytes[pos + 1], bytes[pos + 2], bytes[pos + 3]);
    const size = bytes[pos + 4] | (bytes[pos + 5] << 8) | (bytes[pos + 6] << 16) | (bytes[pos + 7] << 24);
    if (id === 'VP8 ') return 'lossy';
    if (id === 'VP8L') return 'lossless';
    if (size < 0) return null;
    pos += 8 + size + (size & 1);
  }
  return null;
}

export function readEncodingInfo(bytes: Uint8Array, format: ImageFormat): EncodingInfo {
  switch (format) {
    case 'png':
      return { container: 'png', codec: 'PNG', lossy: false, quality: null, qualityExact: null };
    case 'jpeg': {
      const q = estimateJpegQuality(bytes);
      return {
        container: 'jpeg',
        codec: 'JPEG (DCT)',
        lossy: true,
        quality: q?.quality ?? null,
        qualityExact: q ? q.exact : null,
      };
    }
    case 'webp': {
      const codec = webpCodec(bytes);
      return {
        container: 'webp',
        codec:
          codec === 'lossless'
            ? 'WebP VP8L (lossless)'
            : codec === 'lossy'
              ? 'WebP VP8 (lossy)'
              : 'WebP (codec not found)',
        lossy: codec === null ? null : codec === 'lossy',
        quality: null,
        qualityExact: null,
      };
    }
    case 'avif':
      // AV1 has a lossless mode, but no generator or converter we know writes it by default; the file does not
      // say which was used without parsing the AV1 sequence header, so this is stated as an assumption.
      return {
        container: 'avif',
        codec: 'AVIF (AV1, lossy as written by default)',
        lossy: true,
        quality: null,
        qualityExact: null,
      };
    case 'gif':
      return { container: 'gif', codec: 'GIF (256-colour palette)', lossy: true, quality: null, qualityExact: null };
    case 'tiff':
      return { container: 'tiff', codec: 'TIFF', lossy: null, quality: null, qualityExact: null };
    default:
      return { container: format, codec: 'unknown', lossy: null, quality: null, qualityExact: null };
  }
}

/** "JPEG, quality 85 (lossy)" / "PNG (lossless)" for sentences and evidence rows. */
export function describeEncoding(e: EncodingInfo): string {
  if (e.container === 'jpeg') {
    if (e.quality === null) return 'JPEG (lossy, quality unknown)';
    return e.qualityExact
      ? `JPEG, quality ${e.quality} (lossy)`
      : `JPEG, custom tables near quality ${e.quality} (lossy)`;
  }
  if (e.lossy === false) return `${e.codec.replace(/ \(lossless\)$/, '')} (lossless)`;
  return e.codec;
}

/** Two encodings differ in a way that changes decoded pixels: another codec, lossy vs lossless, another quality. */
export function encodingsDiffer(a: EncodingInfo, b: EncodingInfo): boolean {
  if (a.codec !== b.codec || a.lossy !== b.lossy) return true;
  return a.quality !== null && b.quality !== null && a.quality !== b.quality;
}

// THE entry point for one image file, used by the library, the compare engine and the CLI: metadata, one
// decode, pixel hashes and stealth data from that same decode (decoding twice cost 38%, performance-notes.md).
// A file that cannot be read at all throws ImageFileError (naming the file and the reason); everything else
// (truncated chunks, undecodable pixels, odd metadata) becomes a warning in the report.
import type { ImageReport } from '../../shared/image-report';
import { readMetadata } from '../metadata/read-metadata';
import { sniffFormat } from '../metadata/sniff-format';
import { decodeImage, type DecodedImage } from '../pixels/decode';
import { summarizePixels } from '../pixels/pixel-hash';
import { ImageFileError, readImageBytes, readImageMetadataBytes, readSidecarText } from './read-image-file';

export { ImageFileError } from './read-image-file';

export interface InspectOptions {
  /** Return the decoded RGBA buffer too (thumbnails, perceptual hash, pixel diff), so no one decodes again. */
  keepDecoded?: boolean;
  /** Set false to skip decoding (no pixel hashes, no stealth data). Default true. */
  decode?: boolean;
}

export interface InspectResult {
  report: ImageReport;
  decoded: DecodedImage | null;
}

export async function inspectImageFile(path: string, opts: InspectOptions = {}): Promise<InspectResult> {
  const decode = opts.decode !== false;
  // Without a decode only the metadata-bearing parts of the file are read (no IDAT, no scan data).
  const bytes = decode ? await readImageBytes(path) : await readImageMetadataBytes(path);
  const sidecarText = await readSidecarText(path);
  const warnings: string[] = [];
  let decoded: DecodedImage | null = null;
  if (sniffFormat(bytes) === 'unknown') throw new ImageFileError('not-an-image', path, 'not a recognised image format (PNG, JPEG, WebP, AVIF, GIF or TIFF by its first bytes)');
  if (decode) {
    try {
      decoded = await decodeImage(bytes);
    } catch (err) {
      warnings.push(`pixels could not be decoded: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // Stealth data lives in the pixels, so the metadata is read after the decode.
  const metadata = readMetadata(bytes, { fileName: path, sidecarText, decoded });
  const report: ImageReport = {
    file: path,
    format: metadata.format,
    generator: metadata.generator,
    tuple: metadata.tuple,
    pixels: decoded ? summarizePixels(decoded) : null,
    c2pa: metadata.c2pa,
    raw: metadata.raw,
    warnings: [...metadata.warnings, ...warnings],
  };
  return { report, decoded: opts.keepDecoded ? decoded : null };
}

/**
 * Metadata only, no decode, reading only the metadata-bearing parts of the file: the library's fast first pass.
 * Stealth-only files (their parameters live in the pixels) show no tuple until inspected with a decode.
 */
export async function inspectImageMetadata(path: string): Promise<ImageReport> {
  const { report } = await inspectImageFile(path, { decode: false });
  return report;
}

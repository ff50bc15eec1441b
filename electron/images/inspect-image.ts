// THE entry point for one image file, used by the library, the compare engine and the CLI: metadata, one
// decode, pixel hashes and stealth data from that same decode (decoding twice cost 38%, performance-notes.md).
// A file that cannot be read at all throws ImageFileError (naming the file and the reason); everything else
// (truncated chunks, undecodable pixels, odd metadata) becomes a warning in the report.
// Where the parameters come from, first found wins: the image itself (with A1111's `.txt` sidecar among its
// sources), then Seedscope's own JSON sidecar, which outlives a re-save or an upload that strips the image.
import type { ImageReport, PixelSummary } from '../../shared/image-report';
import { readMetadata } from '../metadata/read-metadata';
// The one import from records/: the run-record reader and its parsers touch only node:fs, shared/ and
// images/sidecar-paths, so there is no cycle, and every caller of the inspection (library, compare, CLI) sees it.
import { readRunRecordFor } from './run-records/run-record-files';
import { sniffFormat } from '../metadata/sniff-format';
import { decodeImage, type DecodedImage } from '../pixels/decode';
import { imageRgbSha256, summarizePixels } from '../pixels/pixel-hash';
import { fileSha256, fileXxh3 } from './file-identity';
import { ImageFileError, readImageBytes, readImageMetadataBytes, readSidecarText } from './read-image-file';
import type { Allocate } from './reused-buffers';
import { readSeedscopeSidecar, tupleFromSidecar } from './seedscope-sidecar';
import { sidecarPathFor } from './sidecar-paths';

export { ImageFileError } from './read-image-file';

export interface InspectOptions {
  /** Return the decoded RGBA buffer too (thumbnails, perceptual hash, pixel diff), so no one decodes again. */
  keepDecoded?: boolean;
  /** Set false to skip decoding (no pixel hashes, no stealth data). Default true. */
  decode?: boolean;
  /**
   * 'report' (default): `report.pixels` carries the RGBA and RGB SHA-256 and `fileSha256` is computed. 'index' (the
   * library's pixel pass): only the file's XXH3-128 (`fileXxh3`); `report.pixels`, `fileSha256` and `pixelSha256`
   * stay null, because the pass takes the RGBA SHA-256 in its own walk over the pixels (index-pixels.ts). Of the
   * three SHA-256 passes of before, the file's and the RGB one went (≈ an eighth of a 1024² PNG's decode with the
   * XXH3 that replaces them: bench/cold-index-breakdown.ts).
   */
  hashes?: 'report' | 'index';
}

export interface InspectResult {
  report: ImageReport;
  decoded: DecodedImage | null;
  /**
   * SHA-256 of the file's bytes as read for this inspection (changes with any metadata edit, unlike the pixel
   * hashes), so no caller reads the file a second time to hash it. Null without a decode: then only the
   * metadata-bearing parts of the file were read.
   */
  fileSha256: string | null;
  /** The number of bytes `fileSha256` or `fileXxh3` covers; null without a decode. */
  fileByteLength: number | null;
  /** XXH3-128 of the file's bytes (the library's file identity); only with `hashes: 'index'`. */
  fileXxh3: string | null;
  /** SHA-256 of the decoded RGBA, as `report.pixels.sha256`; null without pixels and with `hashes: 'index'`. */
  pixelSha256: string | null;
}

export async function inspectImageFile(path: string, opts: InspectOptions = {}): Promise<InspectResult> {
  // Without a decode only the metadata-bearing parts of the file are read (no IDAT, no scan data).
  const bytes = opts.decode !== false ? await readImageBytes(path) : await readImageMetadataBytes(path);
  return inspectImageBytes(path, bytes, opts);
}

/**
 * inspectImageFile for bytes the caller has read from `path` (whole, unless `decode: false`). Nothing in the result
 * refers to `bytes`, so the caller may reuse that buffer once this resolves.
 */
export async function inspectImageBytes(
  path: string,
  bytes: Buffer,
  opts: InspectOptions = {},
): Promise<InspectResult> {
  const decode = opts.decode !== false;
  const sidecarText = await readSidecarText(path);
  const warnings: string[] = [];
  let decoded: DecodedImage | null = null;
  if (sniffFormat(bytes) === 'unknown')
    throw new ImageFileError(
      'not-an-image',
      path,
      'not a recognised image format (PNG, JPEG, WebP, AVIF, GIF or TIFF by its first bytes)',
    );
  if (decode) {
    try {
      decoded = await decodeImage(bytes);
    } catch (err) {
      warnings.push(`pixels could not be decoded: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // Stealth data lives in the pixels, so the metadata is read after the decode.
  const metadata = readMetadata(bytes, { fileName: path, sidecarText, decoded });
  const forIndex = opts.hashes === 'index';
  const pixels = decoded && !forIndex ? summarizePixels(decoded) : null;
  const pixelSha256 = pixels?.sha256 ?? null;
  let { generator, tuple } = metadata;
  if (!tuple) {
    const sidecar = await readSeedscopeSidecar(path, { warnings });
    if (sidecar) {
      tuple = tupleFromSidecar(sidecar.tuple);
      generator = sidecar.record.generator ?? sidecar.tuple.generator;
      const stale = decoded && staleSidecarWarning(path, sidecar.record.pixels, decoded, pixels);
      if (stale) warnings.push(stale);
    }
  }
  const report: ImageReport = {
    file: path,
    format: metadata.format,
    generator,
    tuple,
    pixels,
    c2pa: metadata.c2pa,
    raw: metadata.raw,
    warnings: [...metadata.warnings, ...warnings],
    runRecord: null,
  };
  report.runRecord = readRunRecordFor(path, report.warnings);
  return {
    report,
    decoded: opts.keepDecoded ? decoded : null,
    fileSha256: decode && !forIndex ? fileSha256(bytes) : null,
    fileByteLength: decode ? bytes.length : null,
    fileXxh3: decode && forIndex ? await fileXxh3(bytes) : null,
    pixelSha256,
  };
}

/**
 * A sidecar is matched to its image by name only, so the pixels it recorded are checked against the decode: RGB
 * (not RGBA), because Forge's stealth writer rewrites only alpha. A lossy re-save (a chat app's JPEG) differs too,
 * so this is a warning beside the parameters, not a reason to drop them.
 */
function staleSidecarWarning(
  imagePath: string,
  recorded: PixelSummary | null,
  decoded: DecodedImage,
  summary: PixelSummary | null,
): string | null {
  // The library's pixel pass skips the RGB digest; it is computed here, for the rare image known by its sidecar.
  if (!recorded || recorded.rgbSha256 === (summary?.rgbSha256 ?? imageRgbSha256(decoded))) return null;
  return `parameters read from ${sidecarPathFor(imagePath, 'json')}, which recorded other pixels (${recorded.width}x${recorded.height}) than this image has (${decoded.width}x${decoded.height}): the image was re-encoded or edited after the sidecar was written`;
}

/**
 * Metadata only, no decode, reading only the metadata-bearing parts of the file: the library's fast first pass.
 * Stealth-only files (their parameters live in the pixels) show no tuple until inspected with a decode.
 * `upToPixels` (a pixel pass follows, whose full report replaces this one): a PNG is read only up to its first
 * IDAT, so chunks after the pixels, and a truncation there, are not seen here.
 */
export async function inspectImageMetadata(
  path: string,
  allocate?: Allocate,
  { upToPixels = false }: { upToPixels?: boolean } = {},
): Promise<ImageReport> {
  const bytes = await readImageMetadataBytes(path, allocate, upToPixels);
  const { report } = await inspectImageBytes(path, bytes, { decode: false });
  return report;
}

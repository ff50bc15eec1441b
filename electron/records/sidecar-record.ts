// Build the sidecar record for one image: one inspection (read, metadata, one decode), the pixel hashes and the
// perceptual hash from that one decoded buffer (performance-notes.md: a second decode costs 38%), the file hash,
// and the local model file when a model catalog knows the image's model hash.
import * as path from 'node:path';
import type { ImageReport } from '../../shared/image-report';
import type { SidecarModelFile, SidecarRecord } from '../../shared/sidecar';
import { SIDECAR_SCHEMA, SIDECAR_SCHEMA_VERSION } from '../../shared/sidecar';
import type { GenerationTuple } from '../../shared/tuple';
import { inspectImageFile } from '../images/inspect-image';
import type { DecodedImage } from '../pixels/decode';
import { perceptualHash } from '../pixels/perceptual-hash';
import { appVersion } from './app-version';
import type { ModelCatalog } from './model-catalog';
import { linkModelHash } from './model-links';

export class RecordError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'RecordError';
  }
}

function modelFileFor(tuple: GenerationTuple | null, catalog: ModelCatalog | undefined): SidecarModelFile | null {
  if (!tuple || !catalog) return null;
  const link = linkModelHash(tuple.modelHash, tuple.modelHashType, catalog);
  if (!link) return null;
  // The image names the bytes it was made with: when they are the file's earlier bytes, record those.
  const bytes = link.replaced ?? link.file;
  return { fileName: link.file.name, sha256: bytes.sha256, matchedBy: link.matchedBy, byteLength: bytes.size };
}

export interface BuildRecordOptions {
  /** Library database's model snapshots, to record the local model file the image's hash names. */
  models?: ModelCatalog;
  now?: Date;
}

/** The record from an inspection's report and the file facts beside it: a fresh inspection's, or the library's
 *  stored ones (indexed-record.ts). */
export function recordFromReport(
  report: ImageReport,
  file: Omit<SidecarRecord['image'], 'format'>,
  phash: string | null,
  options: BuildRecordOptions = {},
): SidecarRecord {
  const tuple = report.tuple;
  return {
    schema: SIDECAR_SCHEMA,
    schemaVersion: SIDECAR_SCHEMA_VERSION,
    seedscopeVersion: appVersion(),
    createdAt: (options.now ?? new Date()).toISOString(),
    image: { fileName: file.fileName, format: report.format, byteLength: file.byteLength, fileSha256: file.fileSha256 },
    pixels: report.pixels,
    perceptualHash: phash,
    generator: report.generator,
    tuple,
    model:
      tuple && (tuple.model || tuple.modelHash)
        ? {
            name: tuple.model,
            hash: tuple.modelHash,
            hashType: tuple.modelHashType,
            file: modelFileFor(tuple, options.models),
          }
        : null,
    raw: report.raw,
    c2pa: report.c2pa,
    warnings: report.warnings,
  };
}

/**
 * Inspect `imagePath` and assemble its record, keeping the decoded pixels for a caller that needs them too (the
 * embedded copy). Throws RecordError (naming the file) when it cannot be read at all.
 */
export async function inspectForRecord(
  imagePath: string,
  options: BuildRecordOptions = {},
): Promise<{ record: SidecarRecord; decoded: DecodedImage | null }> {
  let inspected: Awaited<ReturnType<typeof inspectImageFile>>;
  try {
    // The file hash comes from the very bytes the inspection decoded: one read, and the record's hashes cannot
    // describe two different versions of a file that changed between reads.
    inspected = await inspectImageFile(imagePath, { keepDecoded: true });
  } catch (err) {
    throw new RecordError(imagePath, err instanceof Error ? err.message : String(err));
  }
  const { report, decoded, fileSha256, fileByteLength } = inspected;
  if (fileSha256 === null || fileByteLength === null)
    throw new RecordError(imagePath, 'the file was not read whole, so it has no file hash');
  const facts = { fileName: path.basename(imagePath), byteLength: fileByteLength, fileSha256 };
  const record = recordFromReport(report, facts, decoded ? perceptualHash(decoded) : null, options);
  return { record, decoded };
}

/** Inspect `imagePath` and assemble its record. Throws RecordError (naming the file) when it cannot be read at all. */
export async function buildSidecarRecord(imagePath: string, options: BuildRecordOptions = {}): Promise<SidecarRecord> {
  return (await inspectForRecord(imagePath, options)).record;
}

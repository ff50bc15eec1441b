// Build the sidecar record for one image: one inspection (read, metadata, one decode), the pixel hashes and the
// perceptual hash from that one decoded buffer (performance-notes.md: a second decode costs 38%), the file hash
// streamed, and the local model file when a model catalog knows the image's model hash.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { SidecarModelFile, SidecarRecord } from '../../shared/sidecar';
import { SIDECAR_SCHEMA, SIDECAR_SCHEMA_VERSION } from '../../shared/sidecar';
import type { GenerationTuple } from '../../shared/tuple';
import { inspectImageFile } from '../images/inspect-image';
import { perceptualHash } from '../pixels/perceptual-hash';
import type { ModelCatalog } from './model-catalog';
import { linkModelHash } from './model-links';

export class RecordError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'RecordError';
  }
}

let cachedVersion: string | null = null;

/** Seedscope's version from package.json (dist/electron/records -> repo root, or electron/records in ts-node). */
export function seedscopeVersion(): string {
  if (cachedVersion !== null) return cachedVersion;
  for (const up of [['..', '..', '..'], ['..', '..']]) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(__dirname, ...up, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'seedscope' && typeof pkg.version === 'string') return (cachedVersion = pkg.version);
    } catch {
      // try the next candidate
    }
  }
  return (cachedVersion = 'unknown');
}

export function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
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

/** Inspect `imagePath` and assemble its record. Throws RecordError (naming the file) when it cannot be read at all. */
export async function buildSidecarRecord(imagePath: string, options: BuildRecordOptions = {}): Promise<SidecarRecord> {
  let inspected: Awaited<ReturnType<typeof inspectImageFile>>;
  let fileSha256: string;
  let byteLength: number;
  try {
    inspected = await inspectImageFile(imagePath, { keepDecoded: true });
    fileSha256 = await sha256OfFile(imagePath);
    byteLength = (await stat(imagePath)).size;
  } catch (err) {
    throw new RecordError(imagePath, err instanceof Error ? err.message : String(err));
  }
  const { report, decoded } = inspected;
  const tuple = report.tuple;
  return {
    schema: SIDECAR_SCHEMA,
    schemaVersion: SIDECAR_SCHEMA_VERSION,
    seedscopeVersion: seedscopeVersion(),
    createdAt: (options.now ?? new Date()).toISOString(),
    image: { fileName: path.basename(imagePath), format: report.format, byteLength, fileSha256 },
    pixels: report.pixels,
    perceptualHash: decoded ? perceptualHash(decoded) : null,
    generator: report.generator,
    tuple,
    model: tuple && (tuple.model || tuple.modelHash)
      ? { name: tuple.model, hash: tuple.modelHash, hashType: tuple.modelHashType, file: modelFileFor(tuple, options.models) }
      : null,
    raw: report.raw,
    c2pa: report.c2pa,
    warnings: report.warnings,
  };
}

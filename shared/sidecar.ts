// The JSON sidecar (`IMAGE.seedscope.json`): everything Seedscope knows about one image, in a file that outlives
// the image's own metadata (a re-save, an upload, a chat app strips it). Documented in docs/sidecar-format.md.
// Pure data, the same shape on disk, over IPC and in the renderer.
import type { PixelSummary } from './image-report';
import type { AttachedRunRecord } from './run-record';
import type { C2paSummary, GenerationTuple, GeneratorId, HashType, ImageFormat, RawMetadataEntry } from './tuple';

export const SIDECAR_SCHEMA = 'seedscope.sidecar';
/** Bumped only for changes an older reader would misread; added optional fields keep the version. */
export const SIDECAR_SCHEMA_VERSION = 1;

/** File name suffixes of the three sidecar formats (see sidecarPathFor in electron/images/sidecar-paths.ts). */
export type SidecarFormat = 'json' | 'xmp' | 'txt';

export interface SidecarImageFacts {
  /** The image's file name when the record was written (the folder is not recorded: folders move). */
  fileName: string;
  format: ImageFormat;
  byteLength: number;
  /** SHA-256 of the file bytes: changes with any metadata edit, unlike the pixel hashes. */
  fileSha256: string;
}

/** A local model file whose hash matched the tuple's model hash (see electron/records/model-links.ts). */
export interface SidecarModelFile {
  fileName: string;
  sha256: string;
  /** The hash type that matched; only hashes of one type are ever compared. */
  matchedBy: HashType;
  byteLength: number;
}

export interface SidecarRecord {
  schema: typeof SIDECAR_SCHEMA;
  schemaVersion: number;
  seedscopeVersion: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  image: SidecarImageFacts;
  /** Hashes of the decoded pixels (RGBA and RGB): equal for a stripped or losslessly re-saved copy. */
  pixels: PixelSummary | null;
  /** 64-bit DCT perceptual hash, 16 hex (electron/pixels/perceptual-hash.ts): near-equal for re-encoded copies. */
  perceptualHash: string | null;
  generator: GeneratorId | null;
  tuple: GenerationTuple | null;
  /** The model hash as the image states it, and the local file it matched, when one did. */
  model: { name: string | null; hash: string | null; hashType: HashType | null; file: SidecarModelFile | null } | null;
  /** Every metadata item as read from the file, so nothing is lost when the image's own copy is. */
  raw: RawMetadataEntry[];
  c2pa: C2paSummary | null;
  warnings: string[];
  /** A run record attached with `seedscope attach` (the provider's JSON, kept whole). Optional: added in 1. */
  runRecord?: AttachedRunRecord;
}

// Which local model file an image's model hash names. Hashes are compared only within one type
// (metadata-formats.md §3): the same waiIllustrious file appears as 45a21ea00a, a5f58eb1c3 and 0x22d8cb95b807…
// depending on the writer, and an AutoV1 of one file may share a prefix with the AutoV2 of another.
import type Database from 'better-sqlite3';
import type { HashType } from '../../shared/tuple';
import type { ModelCatalog, ModelSnapshot, ReplacedSnapshot } from './model-catalog';
import { shortHashes } from './model-hashes';

export interface ModelLink {
  /** The file as it is now. */
  file: ModelSnapshot;
  matchedBy: HashType;
  /**
   * The hash matched bytes the file held BEFORE it changed: the image was made with weights this path no longer
   * has ("model rolled forward", the seed guide's first cause). `replaced` is those earlier bytes.
   */
  replaced: ReplacedSnapshot | null;
}

type Hashed = Pick<ModelSnapshot, 'sha256' | 'tensorSha256' | 'autov1'>;

/**
 * The hash type a hash must be when the reader did not say: only by shape, and only where the shape is unique
 * to one type (8 hex = AutoV1, 10 hex = AutoV2, 64 hex = SHA-256, `0x`+64 = SwarmUI tensor hash).
 */
export function hashTypeFromShape(hash: string): HashType | null {
  if (/^0x[0-9a-f]{64}$/i.test(hash)) return 'autov3';
  if (/^[0-9a-f]{64}$/i.test(hash)) return 'sha256';
  if (/^[0-9a-f]{10}$/i.test(hash)) return 'autov2';
  if (/^[0-9a-f]{8}$/i.test(hash)) return 'autov1';
  return null;
}

/** Does `hash` (of type `type`) name these bytes? */
export function hashMatches(hash: string, type: HashType, bytes: Hashed): boolean {
  const h = hash.trim().toLowerCase();
  const short = shortHashes(bytes);
  switch (type) {
    case 'autov1':
      return h === short.autov1;
    case 'autov2':
      return h === short.autov2;
    case 'sha256':
      return h === bytes.sha256;
    case 'autov3':
      // A1111/Civitai write 12 hex; SwarmUI writes 0x + the whole digest.
      return bytes.tensorSha256 !== null && (h === short.autov3 || h === short.swarmTensorHash);
    case 'lora-12':
      // A1111 hashes safetensors LoRAs by tensor data, Forge by the whole file (metadata-formats.md §3): both are
      // this one hash type as the image states it, so either reading of the same 12 hex names the file.
      return h === short.a1111LoraHash || h === bytes.sha256.slice(0, 12);
    default:
      return false;
  }
}

function linkWithin(
  hash: string,
  type: HashType | null,
  files: ModelSnapshot[],
  history: ReplacedSnapshot[],
): ModelLink | null {
  const matchedBy = type && type !== 'unknown' ? type : hashTypeFromShape(hash);
  if (!matchedBy) return null;
  const current = files.find((file) => hashMatches(hash, matchedBy, file));
  if (current) return { file: current, matchedBy, replaced: null };
  for (const old of history) {
    if (!hashMatches(hash, matchedBy, old)) continue;
    const file = files.find((f) => f.path === old.path);
    if (file) return { file, matchedBy, replaced: old };
  }
  return null;
}

/** Find the local file an image's model hash names: current bytes first, then bytes a path held earlier. */
export function linkModelHash(hash: string | null, type: HashType | null, catalog: ModelCatalog): ModelLink | null {
  if (!hash) return null;
  return linkWithin(hash, type, catalog.all(), catalog.history());
}

export interface ModelUse {
  /** Library images whose checkpoint or LoRA hash names this file's current bytes. */
  images: number;
  /** ... or names bytes this file held before it changed: those images will not reproduce with the file as it is. */
  imagesWithEarlierBytes: number;
}

/**
 * For each catalogued file (by path), how many library images name it. Checkpoints compare within the hash type
 * the reader recorded in the tuple; adapter hashes carry no type in the library, so 12 hex counts as the A1111
 * `Lora hashes` type and other lengths go by shape.
 */
export function imagesUsingModels(db: Database.Database, catalog: ModelCatalog): Map<string, ModelUse> {
  const files = catalog.all();
  const history = catalog.history();
  const uses = new Map<string, ModelUse>();
  const count = (hash: string, type: HashType | null, images: number): void => {
    const link = linkWithin(hash, type, files, history);
    if (!link) return;
    const use = uses.get(link.file.path) ?? { images: 0, imagesWithEarlierBytes: 0 };
    if (link.replaced) use.imagesWithEarlierBytes += images;
    else use.images += images;
    uses.set(link.file.path, use);
  };
  const checkpoints = db
    .prepare<[], { hash: string; type: HashType | null; n: number }>(
      `SELECT model_hash AS hash, json_extract(tuple_json, '$.modelHashType') AS type, count(*) AS n
     FROM images WHERE model_hash IS NOT NULL GROUP BY 1, 2`,
    )
    .all();
  for (const row of checkpoints) count(row.hash, row.type, row.n);
  const adapters = db
    .prepare<[], { hash: string; n: number }>(
      'SELECT hash, count(DISTINCT image_id) AS n FROM image_adapters WHERE hash IS NOT NULL GROUP BY 1',
    )
    .all();
  for (const row of adapters) count(row.hash, /^[0-9a-f]{12}$/i.test(row.hash) ? 'lora-12' : null, row.n);
  return uses;
}

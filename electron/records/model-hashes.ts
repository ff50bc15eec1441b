// The hashes tools write for a model file, all from ONE streamed read (metadata-formats.md §3): a 7 GB checkpoint
// is read once, not once per hash type.
// - full SHA-256 (Civitai SHA256, RuinedFooocus, Stability Matrix, Tensor.Art); AutoV2 = its first 10 hex
//   (A1111 `shorthash`, `Model hash`); A1111 TI hashes and Forge Lora hashes = its first 12 hex.
// - AutoV1: SHA-256 of the 64 KiB at offset 1 MiB, first 8 hex (A1111 before late 2022, `sd_models.model_hash`).
// - tensor SHA-256 for .safetensors: bytes after 8 + N, N the u64 LE header length (A1111 `addnet_hash_safetensors`).
//   AutoV3 / A1111 Lora hashes = its first 12 hex; SwarmUI writes `0x` + all 64. A header rewrite (SwarmUI resaves
//   its metadata into the header) changes the full hash but not this one.
import { createHash, type Hash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export const AUTOV1_OFFSET = 0x100000;
export const AUTOV1_LENGTH = 0x10000;
/** 4 MiB reads: large enough that syscalls vanish in the profile, small enough to report progress often. */
const READ_SIZE = 4 * 1024 * 1024;

export interface ModelFileHashes {
  byteLength: number;
  sha256: string;
  /** SHA-256 of the safetensors tensor data; null for other formats or a header length past the end of the file. */
  tensorSha256: string | null;
  /** The 8-hex AutoV1 value (already short: the full digest is never written by any tool). */
  autov1: string;
}

/** Every short form a tool writes, derived from the stored hashes. */
export interface ModelShortHashes {
  sha256: string;
  autov1: string;
  autov2: string;
  /** AutoV3 / A1111 addnet Lora hash, 12 hex; null unless safetensors. */
  autov3: string | null;
  /** SwarmUI `tensorhash`: `0x` + 64 hex of the tensor data. */
  swarmTensorHash: string | null;
  /** A1111 Lora hashes: AutoV3 for safetensors; Forge and A1111 TI hashes use the full-file prefix instead. */
  a1111LoraHash: string;
}

export function shortHashes(hashes: Pick<ModelFileHashes, 'sha256' | 'tensorSha256' | 'autov1'>): ModelShortHashes {
  const autov3 = hashes.tensorSha256 ? hashes.tensorSha256.slice(0, 12) : null;
  return {
    sha256: hashes.sha256,
    autov1: hashes.autov1,
    autov2: hashes.sha256.slice(0, 10),
    autov3,
    swarmTensorHash: hashes.tensorSha256 ? `0x${hashes.tensorSha256}` : null,
    a1111LoraHash: autov3 ?? hashes.sha256.slice(0, 12),
  };
}

export const MODEL_EXTENSIONS: readonly string[] = ['.safetensors', '.ckpt', '.pt', '.pth', '.gguf', '.bin'];

export function isModelFileName(name: string): boolean {
  return MODEL_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

/** Where the tensor data starts, or null: A1111 trusts the length blindly; we refuse one past the end of the file. */
export function safetensorsDataOffset(first8: Uint8Array, byteLength: number): number | null {
  if (first8.length < 8) return null;
  const headerLength = Buffer.from(first8.buffer, first8.byteOffset, 8).readBigUInt64LE(0);
  const start = 8n + headerLength;
  if (start > BigInt(byteLength)) return null;
  return Number(start);
}

export type HashProgress = (bytesDone: number, bytesTotal: number) => void;

/** Feed `chunk` (which starts at file offset `at`) into `hash`, restricted to the byte range [from, to). */
function updateRange(hash: Hash, chunk: Buffer, at: number, from: number, to: number): void {
  const start = Math.max(from, at);
  const end = Math.min(to, at + chunk.length);
  if (end > start) hash.update(chunk.subarray(start - at, end - at));
}

/** Stream the file once and compute every hash. Reads only the bytes that exist when it started (a growing file is cut). */
export async function hashModelFile(file: string, onProgress?: HashProgress): Promise<ModelFileHashes> {
  const handle = await fs.open(file, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
    const total = stat.size;
    const head = Buffer.alloc(Math.min(8, total));
    await handle.read(head, 0, head.length, 0);
    const tensorStart = path.extname(file).toLowerCase() === '.safetensors' ? safetensorsDataOffset(head, total) : null;
    const full = createHash('sha256');
    const tensor = tensorStart === null ? null : createHash('sha256');
    const autov1 = createHash('sha256');
    const buffer = Buffer.allocUnsafe(READ_SIZE);
    let at = 0;
    while (at < total) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(READ_SIZE, total - at), at);
      if (bytesRead === 0) throw new Error(`${file} shrank while it was being hashed (at byte ${at} of ${total})`);
      const chunk = buffer.subarray(0, bytesRead);
      full.update(chunk);
      if (tensor && tensorStart !== null) updateRange(tensor, chunk, at, tensorStart, total);
      updateRange(autov1, chunk, at, AUTOV1_OFFSET, AUTOV1_OFFSET + AUTOV1_LENGTH);
      at += bytesRead;
      onProgress?.(at, total);
    }
    return {
      byteLength: total,
      sha256: full.digest('hex'),
      tensorSha256: tensor ? tensor.digest('hex') : null,
      autov1: autov1.digest('hex').slice(0, 8),
    };
  } finally {
    await handle.close();
  }
}

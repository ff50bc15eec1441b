// Web-mode drag-drop sends the two files to compare as raw bodies. They are untrusted bytes from the network:
// capped in size while streaming (never buffered whole), checked by magic bytes (never the name), and kept
// only in the cache folder under a random id, so an upload can never name or overwrite another file.
import { randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { UploadReceipt } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import type { ImageFormat } from '../../shared/tuple';
import { sniffFormat } from '../metadata/sniff-format';
import { boundFolder } from './cache-bounds';

/** 256 MiB: far above any diffusion output (an 8K PNG is ~100 MB), far below what would fill a small disk. */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

/** What generators write. GIF/TIFF are refused: libvips' recent CVEs live in those loaders (reliability-notes.md). */
const ACCEPTED: readonly ImageFormat[] = ['png', 'jpeg', 'webp', 'avif'];

/** All uploads together: 1 GiB, four of the largest; past it the oldest go (issue #18: they piled up until restart). */
export const MAX_UPLOADS_TOTAL_BYTES = 1024 * 1024 * 1024;

/** Uploads are working copies for one comparison; a day later they are clutter. */
const UPLOAD_MAX_AGE_MS = 24 * 60 * 60 * 1000;

const UPLOAD_ID = /^[0-9a-f]{32}$/;

export interface StoredUpload {
  path: string;
  fileName: string;
  format: ImageFormat;
}

export class UploadStore {
  private readonly folder: string;
  private readonly names = new Map<string, { fileName: string; format: ImageFormat }>();

  constructor(
    cacheFolder: string,
    private readonly maxBytes = MAX_UPLOAD_BYTES,
    private readonly maxTotalBytes = MAX_UPLOADS_TOTAL_BYTES,
  ) {
    this.folder = path.join(cacheFolder, 'uploads');
  }

  /** Removes uploads older than a day, then the oldest until the rest and `reserveBytes` fit the total cap. */
  async sweep(now = Date.now(), reserveBytes = 0): Promise<void> {
    const { removed } = await boundFolder(
      this.folder,
      { maxBytes: this.maxTotalBytes, maxAgeMs: UPLOAD_MAX_AGE_MS },
      { now, reserveBytes },
    );
    for (const file of removed) this.names.delete(path.basename(file));
  }

  /** Streams `body` into the cache. `declaredLength` (Content-Length) lets an oversize upload fail before any byte. */
  async save(body: Readable, fileName: string, declaredLength: number | null): Promise<Result<UploadReceipt>> {
    const shownName = fileName || 'upload';
    if (declaredLength !== null && declaredLength > this.maxBytes) {
      body.resume();
      return fail(
        'too-large',
        `${shownName}: ${declaredLength} bytes is over the ${this.maxBytes}-byte upload limit. Compare it in the desktop app, or index its folder instead.`,
      );
    }
    await fs.mkdir(this.folder, { recursive: true });
    // Room for this one (its declared size, else the most an upload may be) before a byte is written.
    await this.sweep(Date.now(), declaredLength ?? this.maxBytes);
    const uploadId = randomBytes(16).toString('hex');
    const target = path.join(this.folder, uploadId);
    const temp = `${target}.part`;
    const out = createWriteStream(temp, { flags: 'wx', mode: 0o600 });
    let size = 0;
    let head = Buffer.alloc(0);
    let problem: { code: string; message: string } | null = null;
    try {
      for await (const chunk of body) {
        const bytes = chunk as Buffer;
        size += bytes.length;
        if (size > this.maxBytes) {
          problem = {
            code: 'too-large',
            message: `${shownName}: over the ${this.maxBytes}-byte upload limit. Compare it in the desktop app, or index its folder instead.`,
          };
          break;
        }
        if (head.length < 64) head = Buffer.concat([head, bytes.subarray(0, 64 - head.length)]);
        if (!out.write(bytes)) await new Promise<void>((resolve) => out.once('drain', resolve));
      }
    } catch (err) {
      problem = {
        code: 'upload-failed',
        message: `${shownName}: the upload broke off (${err instanceof Error ? err.message : String(err)}). Try again.`,
      };
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (!problem && size === 0)
      problem = { code: 'empty-upload', message: `${shownName}: the file is empty. Drop an image file.` };
    const format = sniffFormat(head);
    if (!problem && !ACCEPTED.includes(format)) {
      problem = {
        code: 'not-an-image',
        message: `${shownName}: not a PNG, JPEG, WebP or AVIF image (its first bytes say ${format === 'unknown' ? 'something else' : format.toUpperCase()}). Drop a generated image.`,
      };
    }
    if (problem) {
      body.resume();
      await fs.rm(temp, { force: true });
      return fail(problem.code, problem.message);
    }
    await fs.rename(temp, target);
    this.names.set(uploadId, { fileName: shownName, format });
    return ok({ uploadId, fileName: shownName, size });
  }

  /** The stored file of an upload id, or null: ids are checked by shape, so no id can step outside the folder. */
  async find(uploadId: string): Promise<StoredUpload | null> {
    if (!UPLOAD_ID.test(uploadId)) return null;
    const full = path.join(this.folder, uploadId);
    const stat = await fs.lstat(full).catch(() => null);
    if (!stat?.isFile()) return null;
    const known = this.names.get(uploadId);
    return { path: full, fileName: known?.fileName ?? uploadId, format: known?.format ?? 'unknown' };
  }
}

// What the container walkers fill in while they read one file: text items, XMP, C2PA bytes and warnings,
// with the per-file inflate budget shared by every walker.
import { gunzipSync, inflateSync } from 'node:zlib';
import type { ImageFormat } from '../../../shared/tuple';
import type { MetadataSources, TextItem } from '../types';
import { MAX_INFLATED_BYTES_PER_FILE, MAX_TEXT_BYTES } from './limits';

export class CollectedSources {
  readonly texts: TextItem[] = [];
  readonly warnings: string[] = [];
  xmp: string | null = null;
  c2paJumbf: Uint8Array | null = null;
  private inflateBudget = MAX_INFLATED_BYTES_PER_FILE;

  constructor(readonly format: ImageFormat) {}

  addText(source: string, key: string, text: string, truncated = false): void {
    const item: TextItem = { source, key, text };
    if (truncated) item.truncated = true;
    this.texts.push(item);
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** Keep at most MAX_TEXT_BYTES of `bytes`; the flag says whether anything was cut. */
  capText(bytes: Uint8Array, what: string): { bytes: Uint8Array; truncated: boolean } {
    if (bytes.length <= MAX_TEXT_BYTES) return { bytes, truncated: false };
    this.warn(`${what} holds ${bytes.length} bytes; kept the first ${MAX_TEXT_BYTES} (marked truncated)`);
    return { bytes: bytes.subarray(0, MAX_TEXT_BYTES), truncated: true };
  }

  /**
   * zlib inflate bounded by the per-item cap and what is left of the per-file budget. A 1 GiB bomb in a 1 MB
   * chunk stops after the cap instead of allocating a gigabyte (reliability-notes.md: 29 ms / 51 MB).
   */
  inflate(data: Uint8Array, what: string, gzip = false): Buffer | null {
    const limit = Math.min(MAX_TEXT_BYTES, this.inflateBudget);
    if (limit <= 0) {
      this.warn(`${what}: skipped, this file already decompressed ${MAX_INFLATED_BYTES_PER_FILE} bytes of metadata`);
      return null;
    }
    try {
      const out = gzip ? gunzipSync(data, { maxOutputLength: limit }) : inflateSync(data, { maxOutputLength: limit });
      this.inflateBudget -= out.length;
      return out;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if ((code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) && limit < MAX_TEXT_BYTES) {
        this.warn(
          `${what}: skipped, it would pass the ${MAX_INFLATED_BYTES_PER_FILE} bytes of decompressed metadata allowed per file`,
        );
      } else if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        this.warn(`${what} decompresses to more than ${limit} bytes: refused as a possible zlib bomb`);
      } else {
        this.warn(`${what} holds corrupt compressed data (${err instanceof Error ? err.message : String(err)})`);
      }
      return null;
    }
  }

  toSources(): MetadataSources {
    return {
      format: this.format,
      texts: this.texts,
      xmp: this.xmp,
      c2paJumbf: this.c2paJumbf,
      stealth: null,
      warnings: this.warnings,
    };
  }
}

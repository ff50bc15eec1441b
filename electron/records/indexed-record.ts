// The sidecar record of an image the library has indexed, from what the library already holds: the stored tuple,
// raw metadata, warnings, pixel hashes, perceptual hash and file hash. The file is read only for what the row
// lacks: raw entries the library kept truncated are read back from the file's metadata parts (no decode), and only
// a row without its pixel pass, or a file changed since it was indexed, costs the full inspection (read + decode).
// The index computes neither the file's SHA-256 nor the RGB-only pixel digest (library/lazy-digests.ts): a row
// without them costs that inspection once, and the result says the caller may store what it computed.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { ImageDetail } from '../../shared/library';
import type { SidecarRecord } from '../../shared/sidecar';
import type { RawMetadataEntry } from '../../shared/tuple';
import { inspectImageFile } from '../images/inspect-image';
import { buildSidecarRecord, RecordError, recordFromReport, type BuildRecordOptions } from './sidecar-record';

/** What the library stores for one image and the record is built from. */
export type IndexedImage = Pick<
  ImageDetail,
  'path' | 'size' | 'mtimeMs' | 'pixelState' | 'fileSha256' | 'perceptualHash' | 'report'
>;

/** library: the row alone; library+metadata: the row and the file's metadata parts; file: a full inspection. */
export type RecordSource = 'library' | 'library+metadata' | 'file';

/** The file's current size and mtime equal the row's: the scanner's own test of "unchanged since indexed". */
async function unchangedSinceIndexed(image: IndexedImage): Promise<boolean> {
  try {
    const now = await stat(image.path);
    // The walk stores whole milliseconds (folder-walk.ts).
    return now.size === image.size && Math.trunc(now.mtimeMs) === image.mtimeMs;
  } catch (err) {
    throw new RecordError(image.path, err instanceof Error ? err.message : String(err));
  }
}

/** The row's raw entries with each truncated one replaced by the file's full entry (the n-th of its source), or
 *  null when an entry has no counterpart in the file's metadata parts (stealth data lives in the pixels). */
async function fullRawEntries(image: IndexedImage): Promise<RawMetadataEntry[] | null> {
  let report;
  try {
    ({ report } = await inspectImageFile(image.path, { decode: false }));
  } catch (err) {
    throw new RecordError(image.path, err instanceof Error ? err.message : String(err));
  }
  const bySource = new Map<string, RawMetadataEntry[]>();
  for (const entry of report.raw) bySource.set(entry.source, [...(bySource.get(entry.source) ?? []), entry]);
  const seen = new Map<string, number>();
  const out: RawMetadataEntry[] = [];
  for (const entry of image.report.raw) {
    const n = seen.get(entry.source) ?? 0;
    seen.set(entry.source, n + 1);
    if (!entry.truncated) {
      out.push(entry);
      continue;
    }
    const full = bySource.get(entry.source)?.[n];
    // The file's entry may itself be cut at the reader's cap (limits.ts), which is longer than the library's.
    if (!full || !full.text.startsWith(entry.text)) return null;
    out.push(full);
  }
  return out;
}

export interface IndexedRecord {
  record: SidecarRecord;
  source: RecordSource;
  /** The record was read from the very file the row describes (unchanged since indexed) to fill digests the row
   *  lacks: its file SHA-256 and pixel digests may be stored in the row. */
  fillsRowDigests: boolean;
}

export async function recordForIndexedImage(
  image: IndexedImage,
  options: BuildRecordOptions = {},
): Promise<IndexedRecord> {
  const fromFile = async (fillsRowDigests: boolean): Promise<IndexedRecord> => ({
    record: await buildSidecarRecord(image.path, options),
    source: 'file',
    fillsRowDigests,
  });
  const { report } = image;
  if (image.pixelState !== 'done') return fromFile(false);
  if (!(await unchangedSinceIndexed(image))) return fromFile(false);
  if (image.fileSha256 === null || report.pixels === null) return fromFile(true);
  let raw = report.raw;
  let source: RecordSource = 'library';
  if (raw.some((entry) => entry.truncated)) {
    const full = await fullRawEntries(image);
    if (!full) return fromFile(false);
    raw = full;
    source = 'library+metadata';
  }
  const facts = { fileName: path.basename(image.path), byteLength: image.size, fileSha256: image.fileSha256 };
  return {
    record: recordFromReport({ ...report, raw }, facts, image.perceptualHash, options),
    source,
    fillsRowDigests: false,
  };
}

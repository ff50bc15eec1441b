// Export one image's record as sidecar files: one inspection, then each requested format rendered from the same
// record and written atomically, never over an existing file unless asked. One failed format does not stop the rest.
import { mkdir } from 'node:fs/promises';
import { formatA1111Infotext } from '../../shared/a1111-text';
import type { SidecarFormat, SidecarRecord } from '../../shared/sidecar';
import { writeFileAtomic, TargetExistsError } from './atomic-write';
import { formatJsonSidecar, withAttachedRunRecordFrom } from './json-sidecar';
import { recordForIndexedImage, type IndexedImage } from './indexed-record';
import { buildSidecarRecord, RecordError, type BuildRecordOptions } from './sidecar-record';
import { sidecarPathFor } from '../images/sidecar-paths';
import { formatXmpSidecar, type SidecarMarks } from './xmp-sidecar';

export interface ExportOptions extends BuildRecordOptions {
  /** Write the sidecars into this folder (created if missing) instead of beside the image. */
  outDir?: string;
  overwrite?: boolean;
  /** The library's favourite/rating/tags for the image: written into the XMP sidecar (xmp:Rating, dc:subject). */
  marks?: SidecarMarks;
  /** Called with a record of an indexed image that computed digests its row lacks (the file's SHA-256, the RGB
   *  digest), so the library stores them once (library/lazy-digests.ts). */
  onRowDigests?: (record: SidecarRecord) => void;
}

export type ExportOutcome =
  | { format: SidecarFormat; ok: true; path: string }
  | {
      format: SidecarFormat;
      ok: false;
      path: string | null;
      code: 'exists' | 'no-parameters' | 'unreadable-image' | 'write-failed';
      message: string;
    };

/** The sidecar text for one format, or null when the format has nothing to say (txt without a tuple). */
export function renderSidecar(record: SidecarRecord, format: SidecarFormat, marks?: SidecarMarks): string | null {
  if (format === 'json') return formatJsonSidecar(record);
  if (format === 'xmp') return formatXmpSidecar(record, marks);
  return record.tuple ? `${formatA1111Infotext(record.tuple)}\n` : null;
}

function unreadable(imagePath: string, formats: readonly SidecarFormat[], err: unknown): ExportOutcome[] {
  const message =
    err instanceof RecordError ? err.message : `${imagePath}: ${err instanceof Error ? err.message : String(err)}`;
  return formats.map((format) => ({ format, ok: false, path: null, code: 'unreadable-image', message }));
}

/** Sidecars for an image file, from a fresh inspection of it. */
export async function exportSidecars(
  imagePath: string,
  formats: readonly SidecarFormat[],
  options: ExportOptions = {},
): Promise<ExportOutcome[]> {
  let record: SidecarRecord;
  try {
    record = await buildSidecarRecord(imagePath, options);
  } catch (err) {
    return unreadable(imagePath, formats, err);
  }
  return writeSidecars(imagePath, record, formats, options);
}

/** Sidecars for an indexed image, from what the library stores (indexed-record.ts: the file is read only for what
 *  the row lacks). */
export async function exportIndexedSidecars(
  image: IndexedImage,
  formats: readonly SidecarFormat[],
  options: ExportOptions = {},
): Promise<ExportOutcome[]> {
  let record: SidecarRecord;
  try {
    const indexed = await recordForIndexedImage(image, options);
    record = indexed.record;
    if (indexed.fillsRowDigests) options.onRowDigests?.(record);
  } catch (err) {
    return unreadable(image.path, formats, err);
  }
  return writeSidecars(image.path, record, formats, options);
}

async function writeSidecars(
  imagePath: string,
  record: SidecarRecord,
  formats: readonly SidecarFormat[],
  options: ExportOptions,
): Promise<ExportOutcome[]> {
  if (options.outDir) await mkdir(options.outDir, { recursive: true });
  const outcomes: ExportOutcome[] = [];
  for (const format of formats) {
    const target = sidecarPathFor(imagePath, format, options.outDir);
    // A run record attached to the sidecar being replaced came from the user, not the image: it is kept.
    const text = renderSidecar(
      format === 'json' ? withAttachedRunRecordFrom(record, target) : record,
      format,
      options.marks,
    );
    if (text === null) {
      outcomes.push({
        format,
        ok: false,
        path: target,
        code: 'no-parameters',
        message: `${imagePath}: no generation parameters found, so there is no A1111 text to write`,
      });
      continue;
    }
    try {
      await writeFileAtomic(target, text, { overwrite: options.overwrite });
      outcomes.push({ format, ok: true, path: target });
    } catch (err) {
      if (err instanceof TargetExistsError) {
        outcomes.push({
          format,
          ok: false,
          path: target,
          code: 'exists',
          message: `${target} already exists (use --overwrite to replace it)`,
        });
      } else {
        outcomes.push({
          format,
          ok: false,
          path: target,
          code: 'write-failed',
          message: `${target}: cannot write (${err instanceof Error ? err.message : String(err)})`,
        });
      }
    }
  }
  return outcomes;
}

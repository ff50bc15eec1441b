// The JSON sidecar on disk is written pretty: people diff and read these. Reading it back (strictly, as untrusted
// input) lives in electron/images/seedscope-sidecar.ts, beside the other things an inspection reads.
import type { AttachedRunRecord } from '../../shared/run-record';
import type { SidecarRecord } from '../../shared/sidecar';
import { isObject } from '../images/run-records/run-record-json';
import { readJsonFile } from '../images/run-records/run-record-files';

export function formatJsonSidecar(record: SidecarRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/**
 * The run record attached to the sidecar at `sidecarPath`, if any: a re-export over an existing sidecar keeps it
 * (it came from the user, not from the image, so a fresh inspection cannot rebuild it). Never throws.
 */
export function attachedRunRecordAt(sidecarPath: string): AttachedRunRecord | null {
  try {
    const json = readJsonFile(sidecarPath);
    return isObject(json) && isObject(json.runRecord) ? (json.runRecord as unknown as AttachedRunRecord) : null;
  } catch {
    return null;
  }
}

/** `record`, keeping the run record attached to the sidecar already at `sidecarPath` (see attachedRunRecordAt). */
export function withAttachedRunRecordFrom(record: SidecarRecord, sidecarPath: string): SidecarRecord {
  if (record.runRecord) return record;
  const attached = attachedRunRecordAt(sidecarPath);
  return attached ? { ...record, runRecord: attached } : record;
}

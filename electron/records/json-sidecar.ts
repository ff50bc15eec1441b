// The JSON sidecar on disk is written pretty: people diff and read these. Reading it back (strictly, as untrusted
// input) lives in electron/images/seedscope-sidecar.ts, beside the other things an inspection reads.
import type { SidecarRecord } from '../../shared/sidecar';

export function formatJsonSidecar(record: SidecarRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

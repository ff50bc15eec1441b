// The JSON sidecar on disk: written pretty (people diff and read these), read back strictly. A sidecar that is not
// ours, not JSON, truncated, or from a newer schema gives a warning naming the file and the problem, never a throw.
import { promises as fs } from 'node:fs';
import type { SidecarRecord } from '../../shared/sidecar';
import type { GenerationTuple } from '../../shared/tuple';
import { validateSidecarRecord } from './sidecar-schema';
import { sidecarPathFor } from './sidecar-paths';

/** Far above any real record (raw metadata is capped upstream); refuses a stray multi-GB file named like a sidecar. */
export const MAX_SIDECAR_BYTES = 64 * 1024 * 1024;

export function formatJsonSidecar(record: SidecarRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

export interface ReadSidecarOptions {
  /** Read this file instead of `<image>.seedscope.json` beside the image (e.g. one exported with --out). */
  sidecarPath?: string;
  /** Problems with a sidecar that exists but cannot be used are pushed here. */
  warnings?: string[];
}

/**
 * Read the JSON sidecar of `imagePath`. Null when there is none, or when it is unusable (with a warning), or when
 * it records no generation parameters (an image that had none when it was exported).
 */
export async function readSeedscopeSidecar(
  imagePath: string,
  options: ReadSidecarOptions = {},
): Promise<{ tuple: GenerationTuple; record: SidecarRecord } | null> {
  const file = options.sidecarPath ?? sidecarPathFor(imagePath, 'json');
  const warn = (problem: string): null => {
    options.warnings?.push(`sidecar ${file}: ${problem}`);
    return null;
  };
  let text: string;
  try {
    const stat = await fs.lstat(file);
    if (!stat.isFile()) return warn('not a regular file (ignored)');
    if (stat.size > MAX_SIDECAR_BYTES) return warn(`${stat.size} bytes is larger than a sidecar can be (${MAX_SIDECAR_BYTES}); ignored`);
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return warn(`cannot read (${err instanceof Error ? err.message : String(err)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return warn(`not valid JSON (${err instanceof Error ? err.message : String(err)}); ignored`);
  }
  const checked = validateSidecarRecord(parsed);
  if (!checked.ok) return warn(`not a valid Seedscope sidecar (${checked.problem}); ignored`);
  if (!checked.record.tuple) return warn('records no generation parameters');
  return { tuple: checked.record.tuple, record: checked.record };
}

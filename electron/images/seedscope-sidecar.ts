// Reading back the JSON sidecar (`IMAGE.ext.seedscope.json`, written by electron/records/export-sidecars.ts). It
// lives here, not in records/, because inspecting an image reads it (records/ builds on images/, never the other
// way round). A sidecar that is not ours, not JSON, truncated, or from a newer schema gives a warning naming the
// file and the problem, never a throw.
import { lstatSync, promises as fs } from 'node:fs';
import type { SidecarRecord } from '../../shared/sidecar';
import type { GenerationTuple } from '../../shared/tuple';
import { validateSidecarRecord } from './sidecar-schema';
import { sidecarPathFor } from './sidecar-paths';

/** Far above any real record (raw metadata is capped upstream); refuses a stray multi-GB file named like a sidecar. */
const MAX_SIDECAR_BYTES = 64 * 1024 * 1024;

/** The origin every tuple value read back from a JSON sidecar carries (the sidecar keeps the original sources). */
const SEEDSCOPE_SIDECAR_SOURCE = 'sidecar:seedscope.json';

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
    // Synchronous and non-throwing: the indexer asks for every image without parameters, most have no sidecar,
    // and a thrown ENOENT per image cost ~0.4 ms (the same measure as the .txt sidecar in read-image-file.ts).
    const stat = lstatSync(file, { throwIfNoEntry: false });
    if (!stat) return null;
    if (!stat.isFile()) return warn('not a regular file (ignored)');
    if (stat.size > MAX_SIDECAR_BYTES)
      return warn(`${stat.size} bytes is larger than a sidecar can be (${MAX_SIDECAR_BYTES}); ignored`);
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

const MARKED_FIELDS = [
  'software',
  'model',
  'modelHash',
  'modelVersion',
  'seed',
  'sampler',
  'scheduler',
  'steps',
  'cfg',
  'width',
  'height',
  'prompt',
  'negativePrompt',
] as const satisfies ReadonlyArray<keyof GenerationTuple>;

/**
 * The sidecar's tuple as the image's own, every origin re-marked as the sidecar (the default and computed marks
 * stay: they describe the value, not where it was read).
 */
export function tupleFromSidecar(tuple: GenerationTuple): GenerationTuple {
  const origins: GenerationTuple['origins'] = {};
  for (const [field, origin] of Object.entries(tuple.origins))
    origins[field] = { ...origin, source: SEEDSCOPE_SIDECAR_SOURCE };
  // A reader that left a value's origin out (its source was obvious then) still gets the mark: read here, it is not.
  for (const field of MARKED_FIELDS) {
    if (tuple[field] !== null && !origins[field]) origins[field] = { source: SEEDSCOPE_SIDECAR_SOURCE };
  }
  return { ...tuple, origins };
}

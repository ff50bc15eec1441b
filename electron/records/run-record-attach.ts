// `seedscope attach IMAGE RECORD.json [RESPONSE.json]`: keep a run record with an image without touching the image.
// The provider's JSON goes into the image's JSON sidecar (IMAGE.seedscope.json, written atomically: an existing
// sidecar keeps everything else it holds; a missing one is built from a fresh inspection).
import * as path from 'node:path';
import type { RunRecord } from '../../shared/run-record';
import type { SidecarRecord } from '../../shared/sidecar';
import { sidecarPathFor } from '../images/sidecar-paths';
import { validateSidecarRecord } from '../images/sidecar-schema';
import { writeFileAtomic } from './atomic-write';
import { formatJsonSidecar } from './json-sidecar';
import { readJsonFile, RunRecordFileError } from '../images/run-records/run-record-files';
import { parseRunRecordJson } from '../images/run-records/run-record-parse';
import { buildSidecarRecord, type BuildRecordOptions } from './sidecar-record';

export interface AttachResult {
  record: RunRecord;
  sidecarPath: string;
  /** The sidecar did not exist and was created from a fresh inspection of the image. */
  createdSidecar: boolean;
}

function requireJson(file: string): unknown {
  const json = readJsonFile(file);
  if (json === null) throw new RunRecordFileError(file, 'no such file');
  return json;
}

/** Attach `recordFiles` (one record, or a request then a response) to `imagePath`. Throws RunRecordFileError or
 *  RecordError, each naming the file and the problem; nothing is written then. */
export async function attachRunRecord(
  imagePath: string,
  recordFiles: string[],
  options: BuildRecordOptions = {},
): Promise<AttachResult> {
  if (recordFiles.length < 1 || recordFiles.length > 2)
    throw new RunRecordFileError(imagePath, 'give one record file, or a request file and a response file');
  for (const file of recordFiles) {
    if (path.resolve(file) === path.resolve(imagePath))
      throw new RunRecordFileError(file, 'is the image itself, not a run record');
  }
  const docs = recordFiles.map(requireJson);
  const json = docs.length === 2 ? { request: docs[0], response: docs[1] } : docs[0];
  const names = recordFiles.map((f) => path.basename(f));
  const parsed = parseRunRecordJson(json, { kind: 'attached', files: names });
  if (!parsed.ok) throw new RunRecordFileError(recordFiles.join(' + '), parsed.problem);

  const sidecarPath = sidecarPathFor(imagePath, 'json');
  const existing = readJsonFile(sidecarPath);
  let base: SidecarRecord;
  if (existing !== null) {
    const checked = validateSidecarRecord(existing);
    if (!checked.ok)
      throw new RunRecordFileError(
        sidecarPath,
        `not a valid Seedscope sidecar (${checked.problem}); move it away, or re-export it with \`seedscope export IMAGE --format json --overwrite\`, then attach again`,
      );
    base = checked.record;
  } else {
    base = await buildSidecarRecord(imagePath, options);
  }
  const attached: SidecarRecord = {
    ...base,
    runRecord: { fileName: names.join(' + '), attachedAt: (options.now ?? new Date()).toISOString(), json },
  };
  await writeFileAtomic(sidecarPath, formatJsonSidecar(attached), { overwrite: true });
  return { record: parsed.record, sidecarPath, createdSidecar: existing === null };
}

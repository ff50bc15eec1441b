// Finding an image's run record on disk. In order: a record attached with `seedscope attach` (kept in the JSON
// sidecar `IMAGE.seedscope.json`, the user's explicit choice), then files beside the image: a request/response
// pair (`IMAGE.request.json` + `IMAGE.response.json`, with IMAGE the full file name or its stem) or one
// `IMAGE.json`. A `.json` beside the image may be Seedscope's own sidecar exported under that name or another
// tool's file: it counts only when its shape is a run record (never by its name alone).
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord, RunRecordOrigin } from '../../../shared/run-record';
import { SIDECAR_SCHEMA } from '../../../shared/sidecar';
import { sidecarPathFor } from '../sidecar-paths';
import { isObject, type JsonObject } from './run-record-json';
import { parseRunRecordJson, parseRunRecordParts } from './run-record-parse';

/** Provider answers can carry base64 images (Stability v1 artifacts); anything larger is not a record. */
export const MAX_RUN_RECORD_BYTES = 64 * 1024 * 1024;

export class RunRecordFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'RunRecordFileError';
  }
}

/** The JSON in `file`, or null when there is no such file. Throws RunRecordFileError naming the problem. */
export function readJsonFile(file: string): unknown {
  // Synchronous, non-throwing stat: the indexer asks for every image and nearly none has a record; a thrown ENOENT
  // per probe costs ~0.4 ms (the measure behind the same choice in images/read-image-file.ts).
  const stat = lstatSync(file, { throwIfNoEntry: false });
  if (!stat) return null;
  if (!stat.isFile()) throw new RunRecordFileError(file, 'not a regular file');
  if (stat.size > MAX_RUN_RECORD_BYTES)
    throw new RunRecordFileError(
      file,
      `${stat.size} bytes is larger than a run record can be (${MAX_RUN_RECORD_BYTES})`,
    );
  let textContent: string;
  try {
    textContent = readFileSync(file, 'utf8');
  } catch (err) {
    throw new RunRecordFileError(file, `cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const body = textContent.replace(/^\uFEFF/, '');
  // A binary file (an image given by mistake) would otherwise put its bytes in the message.
  if (!/^\s*[[{]/.test(body))
    throw new RunRecordFileError(file, 'not JSON (a run record is a JSON object; is this an image or another file?)');
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new RunRecordFileError(file, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

// Nearly no image has a record, and probing its seven possible names cost ~25 µs each on a loaded machine (~170 µs
// per image, most of the metadata pass's budget, performance-notes.md). One listing per folder, kept while the
// folder's mtime (which changes when an entry is added or removed) stays the same, answers "is there any such
// .json here" for all its images.
const listings = new Map<string, { mtimeMs: number; json: Set<string> }>();
const MAX_LISTINGS = 256;

/** The `.json` names in `dir`, or null when it cannot be listed (then every name is probed). */
function jsonNamesIn(dir: string): Set<string> | null {
  try {
    const stat = statSync(dir, { throwIfNoEntry: false });
    if (!stat) return null;
    const cached = listings.get(dir);
    if (cached && cached.mtimeMs === stat.mtimeMs) return cached.json;
    const json = new Set(readdirSync(dir).filter((name) => name.toLowerCase().endsWith('.json')));
    if (listings.size >= MAX_LISTINGS) listings.clear();
    listings.set(dir, { mtimeMs: stat.mtimeMs, json });
    return json;
  } catch {
    return null;
  }
}

function probe(file: string, warnings: string[], present: Set<string> | null = null): unknown {
  if (present && !present.has(path.basename(file))) return null;
  try {
    return readJsonFile(file);
  } catch (err) {
    warnings.push(err instanceof Error ? `run record ${err.message}; ignored` : String(err));
    return null;
  }
}

function isSeedscopeSidecar(json: unknown): boolean {
  return isObject(json) && json.schema === SIDECAR_SCHEMA;
}

/** The record `seedscope attach` kept in the image's JSON sidecar, parsed again (the parsers may have improved). */
function attachedRecord(imagePath: string, warnings: string[], present: Set<string> | null): RunRecord | null {
  const sidecarFile = sidecarPathFor(imagePath, 'json');
  const sidecar = probe(sidecarFile, [], present);
  if (!isObject(sidecar) || !isSeedscopeSidecar(sidecar) || !isObject(sidecar.runRecord)) return null;
  const attached = sidecar.runRecord;
  const origin: RunRecordOrigin = {
    kind: 'attached',
    files: [typeof attached.fileName === 'string' ? attached.fileName : sidecarFile],
  };
  const parsed = parseRunRecordJson(attached.json, origin);
  if (!parsed.ok) {
    warnings.push(`run record attached in ${sidecarFile}: ${parsed.problem}; ignored`);
    return null;
  }
  return parsed.record;
}

function besideRecord(imagePath: string, warnings: string[], present: Set<string> | null): RunRecord | null {
  const dir = path.dirname(imagePath);
  const name = path.basename(imagePath);
  const stem = name.slice(0, name.length - path.extname(name).length) || name;
  for (const base of name === stem ? [name] : [name, stem]) {
    const requestFile = path.join(dir, `${base}.request.json`);
    const responseFile = path.join(dir, `${base}.response.json`);
    const request = probe(requestFile, warnings, present);
    const response = probe(responseFile, warnings, present);
    if (request !== null || response !== null) {
      const files = [request !== null ? requestFile : null, response !== null ? responseFile : null].filter(
        (f): f is string => f !== null,
      );
      const parts = {
        request: isObject(request) ? (request as JsonObject) : null,
        response: isObject(response) ? (response as JsonObject) : null,
      };
      const parsed = parseRunRecordParts(parts, { kind: 'beside', files });
      if (parsed.ok) return parsed.record;
      warnings.push(`run record ${files.join(' + ')}: ${parsed.problem}; ignored`);
    }
  }
  for (const base of name === stem ? [name] : [name, stem]) {
    const file = path.join(dir, `${base}.json`);
    const json = probe(file, warnings, present);
    if (json === null || isSeedscopeSidecar(json)) continue;
    const parsed = parseRunRecordJson(json, { kind: 'beside', files: [file] });
    if (parsed.ok) return parsed.record;
    warnings.push(`${file}: ${parsed.problem}; ignored`);
  }
  return null;
}

/** The run record of `imagePath`, or null. Problems with a record file become warnings naming the file. */
export function readRunRecordFor(imagePath: string, warnings: string[]): RunRecord | null {
  const present = jsonNamesIn(path.dirname(imagePath));
  if (present && present.size === 0) return null;
  return attachedRecord(imagePath, warnings, present) ?? besideRecord(imagePath, warnings, present);
}

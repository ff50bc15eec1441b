// Which provider a run record is from, by its published shape (never by file name), and the parsed record.
// Order matters where shapes overlap: a Replicate prediction has `input` and `status`, a BFL poll has `status`
// and `result.sample`, so the more specific shapes are tried first.
import type { RunRecord, RunRecordOrigin } from '../../../shared/run-record';
import { bflParser } from './run-record-bfl';
import { falParser } from './run-record-fal';
import { isObject, type RecordParts, type RunRecordParser } from './run-record-json';
import { localParser } from './run-record-local';
import { midjourneyParser } from './run-record-midjourney';
import { openaiParser } from './run-record-openai';
import { replicateParser } from './run-record-replicate';
import { stabilityParser } from './run-record-stability';

const PARSERS: RunRecordParser[] = [
  localParser,
  midjourneyParser,
  replicateParser,
  bflParser,
  falParser,
  openaiParser,
  stabilityParser,
];

export type RunRecordParse = { ok: true; record: RunRecord } | { ok: false; problem: string };

/**
 * One JSON document as the parts of a record: `{ "request": …, "response": … }` (how a pair is kept in one
 * file, and how `attach` stores a pair) is split; anything else is both halves at once.
 */
export function partsOfDocument(json: unknown): RecordParts | null {
  if (!isObject(json)) return null;
  const keys = Object.keys(json).filter((k) => !k.startsWith('_'));
  if (
    keys.length > 0 &&
    keys.every((k) => k === 'request' || k === 'response') &&
    (isObject(json.request) || isObject(json.response))
  ) {
    return {
      request: isObject(json.request) ? json.request : null,
      response: isObject(json.response) ? json.response : null,
    };
  }
  return { request: json, response: json };
}

export function parseRunRecordParts(parts: RecordParts, origin: RunRecordOrigin): RunRecordParse {
  const parser = PARSERS.find((p) => p.matches(parts));
  if (!parser) {
    return {
      ok: false,
      problem:
        'not a run record Seedscope knows (Replicate prediction, fal, Stability, OpenAI Images, Black Forest Labs, Midjourney job, A1111 sysinfo or ComfyUI system_stats)',
    };
  }
  return { ok: true, record: { ...parser.parse(parts), origin } };
}

export function parseRunRecordJson(json: unknown, origin: RunRecordOrigin): RunRecordParse {
  const parts = partsOfDocument(json);
  if (!parts) return { ok: false, problem: 'not a JSON object' };
  return parseRunRecordParts(parts, origin);
}

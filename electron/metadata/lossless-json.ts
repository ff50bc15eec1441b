// JSON as the generators write it, read without losing anything that decides an image:
// - integers beyond 2^53 become decimal strings (ComfyUI seeds reach 2^64 − 1, Fooocus wrote 6952411511246973023);
// - bare NaN / Infinity (Python's json.dumps default, seen in ComfyUI graphs) become null, with a warning;
// - nesting is measured with a flat scan BEFORE parsing and refused past MAX_JSON_DEPTH, because JSON.stringify,
//   structured clone and recursive walkers die at 10^4 levels even though JSON.parse survives them;
// - `__proto__` keys are dropped so no consumer can pollute a prototype by copying the result.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const MAX_JSON_DEPTH = 500;

export type LosslessJsonResult = { ok: true; value: JsonValue; warnings: string[] } | { ok: false; error: string };

interface Edit {
  start: number;
  end: number;
  replacement: string;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isNumberChar(code: number): boolean {
  // 0-9 . + - e E
  return isDigit(code) || code === 46 || code === 43 || code === 45 || code === 101 || code === 69;
}

/** One flat pass: depth, big integers and non-JSON literals outside strings. */
function scan(text: string, maxDepth: number): { edits: Edit[]; depthExceeded: boolean; nonFinite: number } {
  const edits: Edit[] = [];
  let depth = 0;
  let nonFinite = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // skip a string, honouring backslash escapes
      i++;
      while (i < n) {
        const s = text.charCodeAt(i);
        if (s === 92) i += 2;
        else if (s === 34) break;
        else i++;
      }
      i++;
    } else if (c === 123 || c === 91) {
      depth++;
      if (depth > maxDepth) return { edits, depthExceeded: true, nonFinite };
      i++;
    } else if (c === 125 || c === 93) {
      depth--;
      i++;
    } else if (c === 45 || isDigit(c)) {
      if (c === 45 && text.startsWith('Infinity', i + 1)) {
        edits.push({ start: i, end: i + 9, replacement: 'null' });
        nonFinite++;
        i += 9;
        continue;
      }
      const start = i;
      while (i < n && isNumberChar(text.charCodeAt(i))) i++;
      const token = text.slice(start, i);
      if (token.length >= 16 && /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
        edits.push({ start, end: i, replacement: `"${token}"` });
      }
    } else if (c === 78 && text.startsWith('NaN', i)) {
      edits.push({ start: i, end: i + 3, replacement: 'null' });
      nonFinite++;
      i += 3;
    } else if (c === 73 && text.startsWith('Infinity', i)) {
      edits.push({ start: i, end: i + 8, replacement: 'null' });
      nonFinite++;
      i += 8;
    } else {
      i++;
    }
  }
  return { edits, depthExceeded: false, nonFinite };
}

function applyEdits(text: string, edits: Edit[]): string {
  if (edits.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const edit of edits) {
    parts.push(text.slice(at, edit.start), edit.replacement);
    at = edit.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

/** Parse generator JSON losslessly; never throws. */
export function parseLosslessJson(text: string, opts: { maxDepth?: number } = {}): LosslessJsonResult {
  const maxDepth = opts.maxDepth ?? MAX_JSON_DEPTH;
  const { edits, depthExceeded, nonFinite } = scan(text, maxDepth);
  if (depthExceeded) return { ok: false, error: `JSON nests deeper than ${maxDepth} levels; refused` };
  const warnings: string[] = [];
  if (nonFinite > 0)
    warnings.push(`JSON holds ${nonFinite} NaN/Infinity value(s), which JSON does not allow; read as null`);
  const source = applyEdits(text, edits);
  try {
    const value = text.includes('__proto__')
      ? (JSON.parse(source, dropProtoKeys) as JsonValue)
      : (JSON.parse(source) as JsonValue);
    return { ok: true, value, warnings };
  } catch (err) {
    return { ok: false, error: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A1111 "infotext" (`prompt\nNegative prompt: neg\nSteps: 20, Sampler: …`) split into prompt, negative prompt and
// ordered key/value pairs. Written by A1111, Forge (Classic/Neo/reForge/EasyReforge), SD.Next, Civitai, Yodayo,
// ComfyUI savers, Fooocus (a1111 scheme) and Stability Matrix, each with its own quirks (metadata-formats.md §2.1):
// - the parameter line is found by its content, not its position: sd-dynamic-prompts appends `Template:` /
//   `Negative Template:` blocks after it, and prompts ending in newlines leave blank lines before it;
// - values are JSON-quoted when they hold `,` `:` or a newline (A1111 infotext_utils.quote), so quotes are honoured
//   with their escapes; `Hashes: {…}` and Civitai's unquoted `Civitai resources: […]` are taken brace-balanced;
// - Stability Matrix writes CRLF; Civitai's ISO dates hold `:`.

export interface A1111Infotext {
  /** Prompt lines exactly as written (joined by \n); a prompt that ended in a newline keeps it. */
  prompt: string;
  /** Null when there is no `Negative prompt:` line at all; '' when the line is there but empty. */
  negativePrompt: string | null;
  /** Parameter keys in written order, values unquoted. A later duplicate key replaces the earlier value. */
  params: Map<string, string>;
  /** `Template:` / `Negative Template:` blocks after the parameter line (sd-dynamic-prompts), as written. */
  template: string | null;
  negativeTemplate: string | null;
  /** Lines after the parameter line that were neither template block. */
  trailing: string | null;
}

/** Keys that mark a line as the parameter line when a line does not start with `Steps:`. */
const CORE_KEYS = new Set([
  'Steps',
  'Sampler',
  'CFG scale',
  'Seed',
  'Size',
  'Model',
  'Model hash',
  'Schedule type',
  'Denoising strength',
]);
const NEGATIVE = 'Negative prompt:';
/** A parameter line starts with a key in A1111's key alphabet (\w[\w \-/]+), never with prompt punctuation. */
const KEY_START = /^\s*\w[\w \-/+()]*: /;

/** Returns null when the text holds no parameter line (plain text, JSON, another tool's format). */
export function parseA1111Infotext(text: string): A1111Infotext | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let paramIndex = findParameterLine(lines);
  if (paramIndex === -1) {
    // Civitai's normaliser case: everything jammed on one line ("… Negative prompt: … Steps: 20, …").
    const split = splitJammedLine(lines);
    if (!split) return null;
    lines.splice(split.index, 1, split.before, split.params);
    paramIndex = split.index + 1;
  }
  const params = parseParameterLine(lines[paramIndex]);
  if (params.size < 2) return null;
  const { prompt, negativePrompt } = splitPrompts(lines.slice(0, paramIndex));
  const after = readTrailingBlocks(lines.slice(paramIndex + 1));
  return { prompt, negativePrompt, params, ...after };
}

function findParameterLine(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (/^Steps: ?\d/.test(line) && parseParameterLine(line).size >= 2) return i;
  }
  // SD.Next and some savers do not start with Steps; require several core keys so prompt text never qualifies.
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].startsWith(NEGATIVE) || !KEY_START.test(lines[i])) continue;
    const params = parseParameterLine(lines[i]);
    let core = 0;
    for (const key of params.keys()) if (CORE_KEYS.has(key)) core++;
    if (params.size >= 3 && core >= 2) return i;
  }
  return -1;
}

function splitJammedLine(lines: string[]): { index: number; before: string; params: string } | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /(?:^|[\s.,])(Steps: ?\d[^\n]*)$/.exec(lines[i]);
    if (!m) continue;
    const params = m[1];
    if (parseParameterLine(params).size < 3) continue;
    const before = lines[i].slice(0, lines[i].length - params.length).replace(/[\s.,]+$/, '');
    return { index: i, before: before.replace(/\.?\s*(Negative prompt:)/, '\n$1'), params };
  }
  return null;
}

function splitPrompts(lines: string[]): { prompt: string; negativePrompt: string | null } {
  const joined = lines.join('\n');
  const negAt = lines.findIndex((l) => l.startsWith(NEGATIVE));
  if (negAt === -1) {
    // A jammed line was split into "prompt\nNegative prompt: …" above; look inside joined text too.
    const inner = joined.indexOf(`\n${NEGATIVE}`);
    if (inner === -1) return { prompt: joined, negativePrompt: null };
    return { prompt: joined.slice(0, inner), negativePrompt: stripNegativePrefix(joined.slice(inner + 1)) };
  }
  return {
    prompt: lines.slice(0, negAt).join('\n'),
    negativePrompt: stripNegativePrefix(lines.slice(negAt).join('\n')),
  };
}

function stripNegativePrefix(text: string): string {
  const rest = text.slice(NEGATIVE.length);
  return rest.startsWith(' ') ? rest.slice(1) : rest;
}

function readTrailingBlocks(lines: string[]): Pick<A1111Infotext, 'template' | 'negativeTemplate' | 'trailing'> {
  let template: string[] | null = null;
  let negativeTemplate: string[] | null = null;
  const trailing: string[] = [];
  let current: string[] = trailing;
  for (const line of lines) {
    if (line.startsWith('Template:')) {
      template = [line.slice(9).replace(/^ /, '')];
      current = template;
    } else if (line.startsWith('Negative Template:')) {
      negativeTemplate = [line.slice(18).replace(/^ /, '')];
      current = negativeTemplate;
    } else {
      current.push(line);
    }
  }
  const rest = trailing.join('\n').trim();
  return {
    template: template ? template.join('\n') : null,
    negativeTemplate: negativeTemplate ? negativeTemplate.join('\n') : null,
    trailing: rest || null,
  };
}

/** `k: v, k: "quoted, value", Hashes: {"a": "b"}, …` → ordered map. Never throws. */
export function parseParameterLine(line: string): Map<string, string> {
  const params = new Map<string, string>();
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === ',' || line[i] === '\t')) i++;
    if (i >= n) break;
    const colon = line.indexOf(':', i);
    if (colon === -1) break;
    const key = line.slice(i, colon).trim();
    // A1111's key pattern is \w[\w \-/]+; a comma inside means we are not at a key (garbage or an unquoted list).
    if (!key || key.includes(',') || key.includes('"')) {
      const comma = line.indexOf(',', i);
      if (comma === -1) break;
      i = comma + 1;
      continue;
    }
    i = colon + 1;
    while (i < n && line[i] === ' ') i++;
    const { value, end } = readValue(line, i);
    params.set(key, value);
    i = end;
  }
  return params;
}

function readValue(line: string, start: number): { value: string; end: number } {
  const first = line[start];
  if (first === '"') {
    const close = findStringEnd(line, start);
    if (close !== -1) {
      const literal = line.slice(start, close + 1);
      let value: string;
      try {
        value = JSON.parse(literal) as string;
      } catch {
        value = literal.slice(1, -1);
      }
      return { value, end: skipToComma(line, close + 1) };
    }
  }
  if (first === '{' || first === '[') {
    const close = findBracketEnd(line, start);
    if (close !== -1) return { value: line.slice(start, close + 1), end: skipToComma(line, close + 1) };
  }
  const comma = line.indexOf(',', start);
  const end = comma === -1 ? line.length : comma;
  return { value: line.slice(start, end).trim(), end };
}

/** Index of the quote closing the JSON string opening at `start`, or -1. */
function findStringEnd(line: string, start: number): number {
  for (let i = start + 1; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') return i;
  }
  return -1;
}

/** Index of the bracket closing the one at `start`, strings skipped, or -1 when unbalanced. */
function findBracketEnd(line: string, start: number): number {
  let depth = 0;
  for (let i = start; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      const close = findStringEnd(line, i);
      if (close === -1) return -1;
      i = close;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function skipToComma(line: string, from: number): number {
  const comma = line.indexOf(',', from);
  return comma === -1 ? line.length : comma;
}

/** `name: hash, name2: hash2` (A1111 `Lora hashes` / `TI hashes`) → pairs, duplicates kept once. */
export function parseNameHashList(value: string): Array<{ name: string; hash: string }> {
  const seen = new Set<string>();
  const out: Array<{ name: string; hash: string }> = [];
  for (const part of value.split(',')) {
    const colon = part.lastIndexOf(':');
    if (colon === -1) continue;
    const name = part.slice(0, colon).trim();
    const hash = part.slice(colon + 1).trim();
    if (!name || !hash || seen.has(`${name}\0${hash}`)) continue;
    seen.add(`${name}\0${hash}`);
    out.push({ name, hash });
  }
  return out;
}

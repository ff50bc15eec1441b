// Prompts compared as bytes, the way a tokenizer sees them. The seed guide's cause 6: "a trailing space, a curly
// quote vs straight quote, an em-dash vs hyphen — tokenizers see these as different tokens", and copy-paste through
// Notion, Google Docs or Slack rewrites them silently. Every difference is named with its code point and its UTF-8
// byte offset so `cmp` on the prompt files points at the same place. Pure: used by the CLI and the renderer.
import type { PromptDiff, PromptFinding, PromptFindingKind } from './compare';
import { characterName, codePointLabel, foldLookalikes, specialCharacter } from './special-characters';

// Which characters are invisible or look-alike, and their names, come from the one table the renderer's highlight
// also reads; what follows only sorts a difference into a finding kind.
const ASCII_QUOTES = new Set([0x22, 0x27, 0x60]);
const NBSPS = new Set([0xa0, 0x2007, 0x202f]);

function isQuote(cp: number): boolean {
  return ASCII_QUOTES.has(cp) || specialCharacter(cp)?.class === 'quote';
}

function isDash(cp: number): boolean {
  return cp === 0x2d || specialCharacter(cp)?.class === 'dash';
}

function isZeroWidth(cp: number): boolean {
  return specialCharacter(cp)?.class === 'zero-width';
}

function isWhitespace(cp: number): boolean {
  return (
    cp === 0x20 ||
    cp === 0x09 ||
    cp === 0x0a ||
    cp === 0x0d ||
    cp === 0x0b ||
    cp === 0x0c ||
    specialCharacter(cp)?.class === 'space'
  );
}

/** Characters a person cannot see in a text field: zero-width, format and control characters. */
function isInvisible(cp: number): boolean {
  const cls = specialCharacter(cp)?.class;
  return cls === 'zero-width' || cls === 'format' || cls === 'control';
}

/** `U+201C LEFT DOUBLE QUOTATION MARK “` — the character itself is shown only when it is visible. */
export function describeCodePoint(cp: number): string {
  const name = characterName(cp);
  const visible = !isInvisible(cp) && !isWhitespace(cp);
  const glyph = visible ? ` '${String.fromCodePoint(cp)}'` : '';
  return `${codePointLabel(cp)}${name ? ` ${name}` : ''}${glyph}`;
}

/** The text with every invisible or space-like character other than a plain space written as `<U+XXXX>`, so a
 *  one-line display shows what the bytes hold (a trailing NBSP, a zero-width space, a CR). */
export function revealInvisible(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    out += cp !== 0x20 && (isInvisible(cp) || isWhitespace(cp)) ? `<${codePointLabel(cp)}>` : ch;
  }
  return out;
}

function utf8Bytes(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
}

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** Code points by charCodeAt into a typed array: a string iterator (for...of) into a plain array made a megabyte
 *  prompt cost 1.9 s here. A lone surrogate stays one code point, as it is in the text. */
function codePoints(text: string): Uint32Array {
  const out = new Uint32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        out[n++] = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        continue;
      }
    }
    out[n++] = c;
  }
  return out.subarray(0, n);
}

/** byteOffsets[i] = UTF-8 offset of code point i; the last entry is the total length. */
function byteOffsets(cps: Uint32Array): Float64Array {
  const out = new Float64Array(cps.length + 1);
  for (let i = 0; i < cps.length; i++) out[i + 1] = out[i] + utf8Length(cps[i]);
  return out;
}

/** Above this many differing code points (both sides together) the differing middle is not aligned character by character. */
const MAX_ALIGNED_CODE_POINTS = 40_000;

interface Hunk {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

/** Myers' O((N+M)D) diff on code points. Beyond maxEdits the middle (after the common prefix and suffix) is one hunk:
 *  a rewritten prompt needs no character alignment, only its tokens. */
function diffHunks(a: Uint32Array, b: Uint32Array, maxEdits = 400): Hunk[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const A = a.slice(prefix, a.length - suffix);
  const B = b.slice(prefix, b.length - suffix);
  const shift = (h: Hunk): Hunk => ({ a0: h.a0 + prefix, a1: h.a1 + prefix, b0: h.b0 + prefix, b1: h.b1 + prefix });
  if (A.length === 0 && B.length === 0) return [];
  // Myers costs O((N+M)·D): on megabyte prompts with long repeated runs that is seconds, so beyond this size the
  // middle is one hunk (its tokens are still listed).
  if (A.length === 0 || B.length === 0 || A.length + B.length > MAX_ALIGNED_CODE_POINTS)
    return [shift({ a0: 0, a1: A.length, b0: 0, b1: B.length })];
  const n = A.length;
  const m = B.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return [shift({ a0: 0, a1: n, b0: 0, b1: m })];
  // Walk the trace back into edit operations, then group adjacent edits into hunks.
  const ops: Array<{ x: number; y: number; kind: 'del' | 'ins' }> = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY && x > (down ? prevX : prevX + 1)) {
      x--;
      y--;
    }
    if (down) ops.push({ x: prevX, y: prevY, kind: 'ins' });
    else ops.push({ x: prevX, y: prevY, kind: 'del' });
    x = prevX;
    y = prevY;
  }
  ops.reverse();
  const hunks: Hunk[] = [];
  for (const op of ops) {
    const last = hunks[hunks.length - 1];
    const a0 = op.x;
    const b0 = op.y;
    const a1 = op.kind === 'del' ? a0 + 1 : a0;
    const b1 = op.kind === 'ins' ? b0 + 1 : b0;
    if (last && last.a1 === a0 && last.b1 === b0) {
      last.a1 = a1;
      last.b1 = b1;
    } else {
      hunks.push({ a0, a1, b0, b1 });
    }
  }
  return hunks.map(shift);
}

/** Longer differing stretches are edits, never a subtle character swap. */
const CLASSIFIED_HUNK = 256;

function classify(del: number[], ins: number[], atStart: boolean, atEnd: boolean): PromptFindingKind {
  const all = [...del, ...ins];
  if (all.length === 0) return 'text';
  const delText = String.fromCodePoint(...del);
  const insText = String.fromCodePoint(...ins);
  if (delText !== insText && delText.normalize('NFC') === insText.normalize('NFC')) return 'normalization';
  if (atStart && all.every((cp) => cp === 0xfeff)) return 'bom';
  if (all.every((cp) => cp === 0x0d)) return 'line-ending';
  if (all.every(isZeroWidth)) return 'zero-width';
  if (all.every(isQuote) && del.length > 0 && ins.length > 0) return 'curly-quote';
  if (all.every(isDash) && del.length > 0 && ins.length > 0) return 'dash';
  if (del.length > 0 && ins.length > 0 && foldLookalikes(del) === foldLookalikes(ins)) return 'lookalike';
  if (all.some((cp) => NBSPS.has(cp)) && all.every((cp) => NBSPS.has(cp) || cp === 0x20)) return 'nbsp';
  if (all.every(isWhitespace)) return atStart ? 'leading-whitespace' : atEnd ? 'trailing-whitespace' : 'whitespace';
  if (all.every(isInvisible)) return 'invisible';
  return 'text';
}

const KIND_TITLE: Record<PromptFindingKind, string> = {
  'curly-quote': 'curly vs straight quote',
  dash: 'dash vs hyphen',
  nbsp: 'no-break space vs space',
  'zero-width': 'zero-width character',
  bom: 'byte order mark',
  'leading-whitespace': 'leading whitespace',
  'trailing-whitespace': 'trailing whitespace',
  whitespace: 'whitespace',
  'line-ending': 'CRLF vs LF line ending',
  normalization: 'Unicode normalization (NFC vs NFD)',
  invisible: 'invisible character',
  lookalike: 'look-alike punctuation',
  text: 'changed text',
};

function sideText(label: 'A' | 'B', cps: number[], total: number, offset: number): string {
  if (total === 0) return `${label} has nothing at byte ${offset}`;
  const shown = cps.slice(0, 6).map(describeCodePoint).join(', ');
  return `${label} has ${shown}${total > 6 ? ` and ${total - 6} more` : ''} at byte ${offset}`;
}

function tokens(text: string): string[] {
  return text.split(/[\s,\u00a0\u3000]+/u).filter((t) => t.length > 0);
}

function tokenDifference(a: string[], b: string[], cap: number): string[] {
  const counts = new Map<string, number>();
  for (const t of b) counts.set(t, (counts.get(t) ?? 0) + 1);
  const out: string[] = [];
  for (const t of a) {
    const left = counts.get(t) ?? 0;
    if (left > 0) counts.set(t, left - 1);
    else if (out.length < cap) out.push(t);
  }
  return out;
}

function firstDifferentByte(a: Uint32Array, b: Uint32Array, offsetsA: Float64Array): number | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) continue;
    const ba = utf8Bytes(a[i]);
    const bb = utf8Bytes(b[i]);
    let j = 0;
    while (j < ba.length && j < bb.length && ba[j] === bb[j]) j++;
    return offsetsA[i] + j;
  }
  return a.length === b.length ? null : offsetsA[n];
}

const MAX_PROMPT_FINDINGS = 50;

/** Byte-level diff of two prompts: every difference named by kind, code point and byte offset. */
export function diffPromptBytes(field: 'prompt' | 'negativePrompt', a: string, b: string): PromptDiff {
  const cpsA = codePoints(a);
  const cpsB = codePoints(b);
  const offsetsA = byteOffsets(cpsA);
  const offsetsB = byteOffsets(cpsB);
  const identical = a === b;
  const findings: PromptFinding[] = [];
  let truncated = false;
  const hunks = identical ? [] : diffHunks(cpsA, cpsB);
  let crlf: { count: number; first: PromptFinding } | null = null;
  for (const h of hunks) {
    // Only the first code points of a hunk are shown; a hunk longer than CLASSIFIED_HUNK is an edit ('text').
    const delLength = h.a1 - h.a0;
    const insLength = h.b1 - h.b0;
    const del = Array.from(cpsA.subarray(h.a0, h.a0 + Math.min(delLength, CLASSIFIED_HUNK)));
    const ins = Array.from(cpsB.subarray(h.b0, h.b0 + Math.min(insLength, CLASSIFIED_HUNK)));
    const kind =
      delLength + insLength > CLASSIFIED_HUNK
        ? 'text'
        : classify(del, ins, h.a0 === 0 && h.b0 === 0, h.a1 === cpsA.length && h.b1 === cpsB.length);
    const byteA = offsetsA[h.a0];
    const byteB = offsetsB[h.b0];
    const finding: PromptFinding = {
      kind,
      description: `${KIND_TITLE[kind]}: ${sideText('A', del, delLength, byteA)}; ${sideText('B', ins, insLength, byteB)}`,
      byteOffsetA: delLength ? byteA : null,
      byteOffsetB: insLength ? byteB : null,
      a: String.fromCodePoint(...del.slice(0, 200)),
      b: String.fromCodePoint(...ins.slice(0, 200)),
      codePointsA: del.slice(0, 20).map(codePointLabel),
      codePointsB: ins.slice(0, 20).map(codePointLabel),
    };
    // One CRLF file has a CR on every line: say it once with the count instead of once per line.
    if (kind === 'line-ending') {
      if (crlf) {
        crlf.count++;
        continue;
      }
      crlf = { count: 1, first: finding };
    }
    if (findings.length >= MAX_PROMPT_FINDINGS) {
      truncated = true;
      continue;
    }
    findings.push(finding);
  }
  if (crlf && crlf.count > 1) {
    const side = crlf.first.codePointsA.length ? 'A' : 'B';
    crlf.first.description = `CRLF vs LF line ending: ${side} ends ${crlf.count} lines with CR LF (U+000D U+000A) where the other has LF alone; first at byte ${side === 'A' ? crlf.first.byteOffsetA : crlf.first.byteOffsetB}`;
  }
  const equalAfterNfc = a.normalize('NFC') === b.normalize('NFC');
  return {
    field,
    identical,
    equalAfterNfc,
    invisibleOnly: !identical && findings.length > 0 && !truncated && findings.every((f) => f.kind !== 'text'),
    bytesA: offsetsA[cpsA.length],
    bytesB: offsetsB[cpsB.length],
    firstDifferenceByte: identical ? null : firstDifferentByte(cpsA, cpsB, offsetsA),
    findings,
    tokensRemoved: identical ? [] : tokenDifference(tokens(a), tokens(b), 50),
    tokensAdded: identical ? [] : tokenDifference(tokens(b), tokens(a), 50),
    truncated,
  };
}

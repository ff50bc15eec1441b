// Generation history as a timeline: images in generation order, cut into sessions by idle gaps, each linked to the
// previous image of its line of work with the knobs that changed. Pure functions over lean rows, so the rules are
// tested with plain data; timeline-queries.ts reads the rows and pages the result.
//
// The line-of-work rule: an image continues the line of the most recent earlier image that has the same model (by
// normalized name; both unknown counts as the same) and a prompt of the same family. Two prompts are one family when
// they are byte-identical, or when their word sets (lower case, LoRA tags removed) overlap by at least
// PROMPT_FAMILY_JACCARD. A person iterating edits a few words at a time; a new subject shares few of them. Only the
// RECENT_LINES most recently continued lines are candidates: older work that is picked up again starts a new line
// rather than being searched for across the whole library.
import type { TimelineChange, TimelineEntry, TimelineSession } from '../../shared/timeline';

export const DEFAULT_SESSION_GAP_MINUTES = 30;
export const PROMPT_FAMILY_JACCARD = 0.5;
const RECENT_LINES = 64;
/** Phrases listed in a prompt change line before "+N more". */
const PHRASES_SHOWN = 3;

export interface TimelineLora {
  name: string;
  weight: number | null;
}

/** What the timeline needs of one image row. */
export interface TimelineRow {
  id: number;
  folderId: number;
  generatedAt: number;
  recordedTime: boolean;
  modelNorm: string | null;
  seed: string | null;
  cfg: number | null;
  steps: number | null;
  sampler: string | null;
  scheduler: string | null;
  width: number | null;
  height: number | null;
  prompt: string | null;
  negative: string | null;
  tupleKey: string | null;
  pixelSha256: string | null;
  /** The 64-bit perceptual hash as two 32-bit halves, null until the pixels are hashed. */
  phashHi: number | null;
  phashLo: number | null;
  /** By normalized name. */
  loras: Map<string, TimelineLora>;
}

/** A timeline entry before its image summary is attached (the summaries are read for one page at a time). */
export type TimelineLink = Omit<TimelineEntry, 'image'> & { id: number };

export function size(row: Pick<TimelineRow, 'width' | 'height'>): string | null {
  return row.width !== null && row.height !== null ? `${row.width}x${row.height}` : null;
}

/** A1111 writes LoRAs into the prompt as tags; their change is reported as a LoRA change, not a prompt edit. */
function withoutAdapterTags(prompt: string): string {
  return prompt.replace(/<(?:lora|lyco|hypernet):[^>]*>/gi, ' ');
}

export function promptWords(prompt: string | null): Set<string> {
  if (!prompt) return new Set();
  const withoutTags = withoutAdapterTags(prompt).toLowerCase();
  return new Set(withoutTags.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const w of small) if (large.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

interface Line {
  id: number;
  model: string | null;
  prompt: string | null;
  words: Set<string>;
  last: TimelineRow;
}

/** For rows in ascending time: the line each row continues, and the row it continues from. */
export function assignLines(rows: readonly TimelineRow[]): Array<{ lineId: number; previous: TimelineRow | null }> {
  const recent: Line[] = [];
  let nextId = 1;
  return rows.map((row) => {
    const words = promptWords(row.prompt);
    let best: Line | null = null;
    let bestScore = -1;
    for (const line of recent) {
      if (line.model !== row.modelNorm) continue;
      const score = line.prompt === row.prompt ? 2 : jaccard(line.words, words);
      if (score >= PROMPT_FAMILY_JACCARD && score > bestScore) {
        best = line;
        bestScore = score;
        if (score === 2) break;
      }
    }
    const previous = best?.last ?? null;
    const line = best ?? { id: nextId++, model: row.modelNorm, prompt: row.prompt, words, last: row };
    line.prompt = row.prompt;
    line.words = words;
    line.last = row;
    // Most recently continued first, so the scan above meets the likeliest line first and drops the stalest.
    const at = recent.indexOf(line);
    if (at >= 0) recent.splice(at, 1);
    recent.unshift(line);
    if (recent.length > RECENT_LINES) recent.pop();
    return { lineId: line.id, previous };
  });
}

/** For rows in ascending time: session ids (1, 2, ...) where a gap longer than `gapMs` starts a new session. */
export function sessionize(
  rows: readonly TimelineRow[],
  gapMs: number,
): { ids: number[]; sessions: TimelineSession[] } {
  const ids: number[] = [];
  const sessions: TimelineSession[] = [];
  for (const row of rows) {
    const current = sessions[sessions.length - 1];
    if (!current || row.generatedAt - current.end > gapMs) {
      sessions.push({ id: sessions.length + 1, start: row.generatedAt, end: row.generatedAt, count: 1 });
    } else {
      current.end = row.generatedAt;
      current.count++;
    }
    ids.push(sessions.length);
  }
  return { ids, sessions };
}

function phrases(prompt: string): string[] {
  return prompt
    .split(/[,\n]/)
    .map((p) => p.trim().replace(/\s+/g, ' '))
    .filter((p) => p.length > 0);
}

function quoteList(sign: string, items: string[]): string[] {
  const shown = items.slice(0, PHRASES_SHOWN).map((p) => `${sign}'${p.length > 60 ? `${p.slice(0, 57)}...` : p}'`);
  if (items.length > PHRASES_SHOWN) shown.push(`${sign}${items.length - PHRASES_SHOWN} more`);
  return shown;
}

function promptChange(param: 'prompt' | 'negative', from: string | null, to: string | null): TimelineChange | null {
  const a = withoutAdapterTags(from ?? '');
  const b = withoutAdapterTags(to ?? '');
  if (a === b) return null;
  const before = new Set(phrases(a));
  const after = new Set(phrases(b));
  const added = [...after].filter((p) => !before.has(p));
  const removed = [...before].filter((p) => !after.has(p));
  const label = param === 'prompt' ? 'prompt' : 'negative prompt';
  const parts = [...quoteList('+', added), ...quoteList('-', removed)];
  const text =
    parts.length > 0
      ? `${label}: ${parts.join(' ')}`
      : `${label}: same words, bytes differ (spacing, punctuation or order)`;
  return { param, from, to, text };
}

function valueChange(
  param: TimelineChange['param'],
  label: string,
  from: string | null,
  to: string | null,
): TimelineChange | null {
  if (from === to) return null;
  return { param, from, to, text: `${label} ${from ?? 'none'} → ${to ?? 'none'}` };
}

function weightText(lora: TimelineLora | undefined): string | null {
  if (!lora) return null;
  return lora.weight === null ? 'on' : String(lora.weight);
}

/** The knobs that changed from `prev` to `cur`, in the order a person reads them. */
export function changesBetween(prev: TimelineRow, cur: TimelineRow): TimelineChange[] {
  const text = (v: number | null): string | null => (v === null ? null : String(v));
  const changes: Array<TimelineChange | null> = [
    valueChange('seed', 'seed', prev.seed, cur.seed),
    valueChange('cfg', 'cfg', text(prev.cfg), text(cur.cfg)),
    valueChange('steps', 'steps', text(prev.steps), text(cur.steps)),
    valueChange('sampler', 'sampler', prev.sampler, cur.sampler),
    valueChange('scheduler', 'scheduler', prev.scheduler, cur.scheduler),
    valueChange('size', 'size', size(prev), size(cur)),
  ];
  const names = [...new Set([...prev.loras.keys(), ...cur.loras.keys()])].sort();
  for (const key of names) {
    const a = prev.loras.get(key);
    const b = cur.loras.get(key);
    const from = weightText(a);
    const to = weightText(b);
    if (from === to) continue;
    const name = (b ?? a)!.name;
    const textLine = !a
      ? `LoRA ${name} added (${to})`
      : !b
        ? `LoRA ${name} removed (was ${from})`
        : `LoRA ${name} ${from} → ${to}`;
    changes.push({ param: 'lora', name, from, to, text: textLine });
  }
  changes.push(promptChange('prompt', prev.prompt, cur.prompt), promptChange('negative', prev.negative, cur.negative));
  return changes.filter((c): c is TimelineChange => c !== null);
}

function pixelsAgree(prev: TimelineRow, cur: TimelineRow): boolean | null {
  if (prev.pixelSha256 === null || cur.pixelSha256 === null) return null;
  return prev.pixelSha256 === cur.pixelSha256;
}

/** The whole timeline, oldest first: one link per row (rows must be in ascending generation time). */
export function buildTimeline(
  rows: readonly TimelineRow[],
  gapMinutes = DEFAULT_SESSION_GAP_MINUTES,
): { links: TimelineLink[]; sessions: TimelineSession[] } {
  const { ids, sessions } = sessionize(rows, gapMinutes * 60_000);
  const lines = assignLines(rows);
  const links = rows.map((row, i): TimelineLink => {
    const previous = lines[i].previous;
    const same = previous !== null && previous.tupleKey !== null && previous.tupleKey === row.tupleKey;
    return {
      id: row.id,
      generatedAt: row.generatedAt,
      recordedTime: row.recordedTime,
      sessionId: ids[i],
      lineId: lines[i].lineId,
      previousId: previous?.id ?? null,
      changes: previous ? changesBetween(previous, row) : [],
      sameParameters: same,
      pixelsAgree: same ? pixelsAgree(previous, row) : null,
    };
  });
  return { links, sessions };
}

/** Bits that differ between two 64-bit perceptual hashes given as 32-bit halves. */
export function hashDistance(
  a: Pick<TimelineRow, 'phashHi' | 'phashLo'>,
  b: Pick<TimelineRow, 'phashHi' | 'phashLo'>,
): number | null {
  if (a.phashHi === null || a.phashLo === null || b.phashHi === null || b.phashLo === null) return null;
  const bits = (x: number): number => {
    let v = x >>> 0;
    let n = 0;
    while (v) {
      v &= v - 1;
      n++;
    }
    return n;
  };
  return bits(a.phashHi ^ b.phashHi) + bits(a.phashLo ^ b.phashLo);
}

// Generation history in time order: sessions, the change each image made to its line of work, and the one-knob
// sweeps hidden in a library. Pure data (crosses IPC/HTTP as JSON); built in electron/library/timeline.ts.
import type { ImageSummary } from './library';

/** The knobs a change line and a sweep name. `lora` changes carry the adapter's name in `TimelineChange.name`. */
export const timelineParams = [
  'seed',
  'cfg',
  'steps',
  'sampler',
  'scheduler',
  'size',
  'lora',
  'prompt',
  'negative',
] as const;
export type TimelineParam = (typeof timelineParams)[number];

/** The knobs a sweep can vary (a prompt edit is not a sweep: it has no order). */
export const sweepParams = ['seed', 'cfg', 'steps', 'sampler', 'scheduler', 'size', 'lora'] as const;
export type SweepParam = (typeof sweepParams)[number];

export interface TimelineChange {
  param: TimelineParam;
  /** The LoRA's name for `lora`; absent otherwise. */
  name?: string;
  from: string | null;
  to: string | null;
  /** As a change line shows it: `cfg 7 → 7.5`, `LoRA detail 0.6 → 0.7`, `prompt: +'soft light'`. */
  text: string;
}

export interface TimelineEntry {
  image: ImageSummary;
  /** Epoch ms: the time the metadata records, else the file's modification time. */
  generatedAt: number;
  /** Whether `generatedAt` came from the metadata (true) or the file (false). */
  recordedTime: boolean;
  sessionId: number;
  /** Images of one line of work (same model, same prompt family) share this id. */
  lineId: number;
  /** The previous image of the same line of work; null for the first one. */
  previousId: number | null;
  changes: TimelineChange[];
  /** The previous image had the same generation tuple (same tuple key). */
  sameParameters: boolean;
  /** For `sameParameters`: whether the decoded pixels came out identical; null while either is not hashed. */
  pixelsAgree: boolean | null;
}

export interface TimelineSession {
  id: number;
  start: number;
  end: number;
  count: number;
}

export interface TimelineQuery {
  /** Position in the filtered timeline, newest first. */
  offset?: number;
  /** 1..500, default 100. */
  limit?: number;
  sessionId?: number;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
  until?: number;
  /** Only images whose change line names this knob. */
  changed?: TimelineParam;
  /** A folder path as added, or its id. */
  folder?: string | number;
}

export interface TimelinePage {
  /** Images in the filtered timeline (the scrollbar stands for all of them). */
  total: number;
  offset: number;
  items: TimelineEntry[];
  /** Every session of the whole timeline, newest first (for the session filter). */
  sessions: TimelineSession[];
  /** The gap that starts a new session. */
  sessionGapMinutes: number;
}

export interface Sweep {
  param: SweepParam;
  /** The LoRA's name when `param` is `lora`. */
  name?: string;
  /** One image per value, ordered by the value. */
  values: string[];
  images: ImageSummary[];
  /** Perceptual-hash distance (bits of 64) between neighbours: distances[i] is between images[i] and images[i+1]. */
  distances: Array<number | null>;
  /** What stays fixed, for the strip's title: `seed 42 · 30 steps · euler · model`. */
  fixed: string;
}

export interface SweepQuery {
  param?: SweepParam;
  /** At most this many sweeps, longest first (default 100). */
  limit?: number;
}

/** Local date and time to the second, `2026-12-05 14:03:12`: the same in the terminal and the History view. */
export function formatStamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export function sessionLabel(session: TimelineSession): string {
  return `session ${session.id}: ${formatStamp(session.start)} – ${formatStamp(session.end).slice(11)}, ${session.count} image(s)`;
}

/** What a change line says, in the same words in `seedscope log` and the History view. */
export function changeWords(
  entry: Pick<TimelineEntry, 'previousId' | 'changes' | 'sameParameters' | 'pixelsAgree'>,
): string {
  if (entry.previousId === null) return 'new line of work';
  if (entry.sameParameters) {
    if (entry.pixelsAgree === null) return 'same parameters (pixels not hashed yet)';
    return entry.pixelsAgree ? 'same parameters, pixels agree' : 'same parameters, pixels differ';
  }
  if (entry.changes.length === 0) return 'parameters beyond seed, cfg, steps, sampler, size, LoRAs and prompt changed';
  return entry.changes.map((c) => c.text).join(' · ');
}

export function sweepTitle(sweep: Pick<Sweep, 'param' | 'name' | 'values'>): string {
  const knob = sweep.param === 'lora' ? `LoRA ${sweep.name ?? ''} weight` : sweep.param;
  return `${knob} sweep, ${sweep.values.length} values`;
}

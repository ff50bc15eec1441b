// Window position and size, remembered between runs in the app-data folder. Written atomically (a crash while
// saving must not leave a torn file that loses the state for good), and checked on load: a file from a removed
// monitor or an edited by hand is ignored rather than opening a window off-screen or 0 px wide.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../records/atomic-write';
import type { WindowBounds } from './window';

export interface WindowState {
  bounds: WindowBounds;
  maximized: boolean;
}

export interface DisplayArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

const MIN_SIDE = 400;
const MAX_SIDE = 20_000;

function isWhole(n: unknown, min: number, max: number): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
}

/** The state in `text`, when it is well-formed and at least partly on one of `displays`. */
export function parseWindowState(text: string, displays: readonly DisplayArea[]): WindowState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { bounds, maximized } = raw as { bounds?: Record<string, unknown>; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds;
  if (!isWhole(width, MIN_SIDE, MAX_SIDE) || !isWhole(height, MIN_SIDE, MAX_SIDE)) return null;
  const state: WindowState = { bounds: { width, height }, maximized: maximized === true };
  if (isWhole(x, -MAX_SIDE, MAX_SIDE) && isWhole(y, -MAX_SIDE, MAX_SIDE)) {
    // At least 100 px of the title bar on a connected display, or we let the OS place it.
    const visible = displays.some(
      (d) => x + width - 100 > d.x && x + 100 < d.x + d.width && y >= d.y && y + 40 < d.y + d.height,
    );
    if (visible) state.bounds = { x, y, width, height };
  }
  return state;
}

export function loadWindowState(file: string, displays: readonly DisplayArea[]): WindowState | null {
  try {
    return parseWindowState(readFileSync(file, 'utf8'), displays);
  } catch {
    return null;
  }
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`, { overwrite: true });
}

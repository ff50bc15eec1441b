// `seedscope log [DIR...] [--since DATE] [--changed KNOB] [--json]`: the generation history in the terminal, one
// line per image with what changed since the previous image of its line of work, newest first, like
// `git log --oneline`. Sessions (runs of work without a long pause) get a header line.
import * as path from 'node:path';
import type {
  TimelineEntry,
  TimelinePage,
  TimelineParam,
  TimelineQuery,
  TimelineSession,
} from '../../../shared/timeline';
import { changeWords, formatStamp, sessionLabel, timelineParams } from '../../../shared/timeline';
import { option, parseArgs, UsageError } from '../args';
import type { CliIo, Command } from '../command';
import { openLibraryFromArgs } from '../library-options';
import type { Library } from '../../library/library';

const PAGE = 500;

export function parseDateOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00` : raw);
  if (!Number.isFinite(ms))
    throw new UsageError(`--${name} must be a date like 2026-12-05 or 2026-12-05T14:30, got "${raw}"`);
  return ms;
}

function sessionLine(session: TimelineSession): string {
  return `── ${sessionLabel(session)} ──`;
}

function folderIds(library: Library, dirs: string[]): number[] {
  const known = new Map(library.folders().map((f) => [f.path, f.id]));
  return dirs.map((dir) => {
    const id = known.get(path.resolve(dir));
    if (id === undefined)
      throw new UsageError(`${dir} is not an indexed folder of this library (index it first: seedscope index ${dir})`);
    return id;
  });
}

/** Every matching entry, newest first (folders merged by time). */
function collect(
  library: Library,
  query: TimelineQuery,
  folders: number[],
): { entries: TimelineEntry[]; sessions: TimelineSession[] } {
  const entries: TimelineEntry[] = [];
  let sessions: TimelineSession[] = [];
  for (const folder of folders.length > 0 ? folders : [undefined]) {
    for (let offset = 0; ; offset += PAGE) {
      const page: TimelinePage = library.timeline.page({
        ...query,
        ...(folder !== undefined ? { folder } : {}),
        offset,
        limit: PAGE,
      });
      sessions = page.sessions;
      entries.push(...page.items);
      if (offset + PAGE >= page.total) break;
    }
  }
  if (folders.length > 1) entries.sort((a, b) => b.generatedAt - a.generatedAt || b.image.id - a.image.id);
  return { entries, sessions };
}

export const logCommand: Command = {
  name: 'log',
  summary: 'generation history newest first, one line per image with what changed since the previous run',
  usage: `Usage: seedscope log [DIR...] [--since DATE] [--until DATE] [--changed ${timelineParams.join('|')}] [--db FILE] [--json]`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, ['db', 'since', 'until', 'changed'], ['json']);
    const changed = option(args, 'changed');
    if (changed !== undefined && !(timelineParams as readonly string[]).includes(changed)) {
      throw new UsageError(`--changed must be one of ${timelineParams.join(', ')}, got "${changed}"`);
    }
    const query: TimelineQuery = {
      since: parseDateOption('since', option(args, 'since')),
      until: parseDateOption('until', option(args, 'until')),
      ...(changed !== undefined ? { changed: changed as TimelineParam } : {}),
    };
    const library = openLibraryFromArgs(args, io, 'log');
    try {
      const { entries, sessions } = collect(library, query, folderIds(library, args.positionals));
      if (args.flags.has('json')) {
        const shown = new Set(entries.map((e) => e.sessionId));
        io.stdout.write(
          `${JSON.stringify({ total: entries.length, sessions: sessions.filter((s) => shown.has(s.id)), entries }, null, 2)}\n`,
        );
        return 0;
      }
      const byId = new Map(sessions.map((s) => [s.id, s]));
      let session = -1;
      for (const entry of entries) {
        if (entry.sessionId !== session) {
          session = entry.sessionId;
          const s = byId.get(session);
          if (s) io.stdout.write(`${sessionLine(s)}\n`);
        }
        io.stdout.write(
          `${formatStamp(entry.generatedAt)}  #${entry.image.id}  ${path.basename(entry.image.path)}  ${changeWords(entry)}\n`,
        );
      }
      io.stdout.write(`${entries.length} image(s)\n`);
      return 0;
    } finally {
      library.close();
    }
  },
};

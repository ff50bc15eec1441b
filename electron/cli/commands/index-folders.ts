// `seedscope index DIR... [--db FILE] [--watch]`: index folders (incremental on later runs), with progress on
// stderr (a bar on a terminal, plain lines otherwise) and a summary on stdout. Ctrl-C cancels cleanly: what was
// committed stays, and the next run resumes.
import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import * as path from 'node:path';
import type { IndexSummary, JobProgress } from '../../../shared/library';
import { onParentGone, tunedMallocEnv, wantsTunedMalloc } from '../../library/malloc-tuning';
import { openLibraryFromArgs } from '../library-options';
import { numberOption, parseArgs, UsageError } from '../args';
import type { CliIo, Command } from '../command';
import { rawStream } from '../terminal-text';
import { EXIT_MISSING, reportMissingPaths } from '../missing-paths';

function progressPrinter(io: CliIo): { onProgress: (p: JobProgress) => void; end: () => void } {
  const tty = Boolean((io.stderr as NodeJS.WriteStream).isTTY);
  let lastLine = 0;
  let lastPhase = '';
  let phaseFinished = false;
  return {
    onProgress(p) {
      if (p.phase === 'done' || p.phase === 'cancelled' || (p.total === 0 && p.phase !== 'scan')) return;
      const eta = p.etaSeconds !== null && p.done < p.total ? `, ${Math.ceil(p.etaSeconds)} s left` : '';
      const counts = p.phase === 'scan' ? `${p.done} files found` : `${p.done}/${p.total}`;
      const text = `${p.phase}: ${counts} (${p.rate.toFixed(1)}/s${eta})`;
      if (tty) {
        const width = 24;
        const filled = p.total > 0 ? Math.round((width * p.done) / p.total) : 0;
        io.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}`.padEnd(100).slice(0, 100));
        return;
      }
      const now = Date.now();
      if (p.phase !== lastPhase) phaseFinished = false;
      const finished = p.done === p.total && p.total > 0 && !phaseFinished;
      if (p.phase !== lastPhase || now - lastLine >= 2000 || finished) {
        if (finished) phaseFinished = true;
        lastPhase = p.phase;
        lastLine = now;
        io.stderr.write(`${text}\n`);
      }
    },
    end() {
      if (tty) io.stderr.write('\n');
    },
  };
}

export function formatSummary(summary: IndexSummary): string {
  const lines = [
    `indexed ${summary.indexed}, unchanged ${summary.unchanged}, pixels hashed ${summary.pixelsDone}, moved ${summary.moved}, ` +
      `removed ${summary.removed}, offline ${summary.offline}, failed ${summary.failed.length}` +
      ` — ${summary.seen} files in ${summary.folders} folder(s), ${(summary.elapsedMs / 1000).toFixed(1)} s` +
      (summary.cancelled ? ' (cancelled: run again to resume)' : ''),
  ];
  for (const problem of summary.failed) lines.push(`  failed: ${problem.path}: ${problem.reason}`);
  return `${lines.join('\n')}\n`;
}

/** Run as the real `seedscope` process (not called in-process by a test or another tool)? */
function isCliProcess(io: CliIo): boolean {
  const entry = path.basename(process.argv[1] ?? '');
  return rawStream(io.stdout) === process.stdout && (entry === 'seedscope.js' || entry === 'seedscope');
}

/** Signals that end an indexing run; each one sent to the parent is passed on to the child. */
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Re-run this same command in a child process whose allocator is tuned (see malloc-tuning.ts), tied to this one
 * both ways: a signal sent to this process reaches the child (Ctrl-C reaches both through the terminal's process
 * group; the child's cancel is idempotent), the child's end ends this process with its code or its signal, and
 * the IPC channel tells the child when this process is gone, even by kill -9 (onParentGone).
 */
function runWithTunedMalloc(argv: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], 'index', ...argv], {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: tunedMallocEnv(),
    });
    const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const stopForwarding = (): void => {
      for (const signal of FORWARDED_SIGNALS) process.removeListener(signal, forward);
    };
    child.once('error', (err) => {
      stopForwarding();
      process.stderr.write(`seedscope index: could not start the indexing process (${err.message})\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      stopForwarding();
      resolve(code ?? 128 + (signal ? (osConstants.signals[signal] ?? 1) : 1));
    });
  });
}

export const indexCommand: Command = {
  name: 'index',
  summary: 'index image folders into the library (incremental; --watch keeps it current)',
  usage:
    'Usage: seedscope index DIR... [--db FILE] [--watch] [--workers N]\n' +
    '  Unchanged files (same size and mtime) are not read again. Progress goes to stderr, the summary to stdout.',
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, ['db', 'workers'], ['watch']);
    if (args.positionals.length === 0) throw new UsageError('name at least one folder to index');
    if (reportMissingPaths(args.positionals, io, 'index')) return EXIT_MISSING;
    const workers = numberOption(args, 'workers');
    if (isCliProcess(io) && wantsTunedMalloc()) return runWithTunedMalloc(argv);
    // Loaded on use: the indexer pulls in sharp and the metadata readers, which `seedscope --help` does not need.
    const { indexFolders } = await import('../../library/indexer.js');
    const { watchFolders } = await import('../../library/folder-watch.js');
    const library = openLibraryFromArgs(args, io, 'index', { create: true });
    const controller = new AbortController();
    const onSignal = (): void => controller.abort();
    // `on`, not `once`: Ctrl-C reaches a re-spawned indexer twice (terminal and parent); a second must not kill it.
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const stopWatchingParent = onParentGone(() => {
      controller.abort();
      // Committed batches stay; if closing hangs, nobody is waiting for this process any more.
      setTimeout(() => process.exit(1), 10_000).unref();
    });
    const printer = progressPrinter(io);
    try {
      const summary = await indexFolders(library, args.positionals, {
        signal: controller.signal,
        onProgress: printer.onProgress,
        workers,
      });
      printer.end();
      io.stdout.write(formatSummary(summary));
      if (!args.flags.has('watch') || summary.cancelled) return summary.cancelled ? 130 : 0;
      io.stderr.write(`watching ${args.positionals.length} folder(s); Ctrl-C to stop\n`);
      const watcher = watchFolders(library, args.positionals, {
        workers,
        onIndexed: (_roots, s) => {
          if (s.indexed || s.removed || s.moved || s.offline || s.failed.length) io.stdout.write(formatSummary(s));
        },
        onError: (root, err) => io.stderr.write(`watch ${root}: ${err.message}\n`),
      });
      await new Promise<void>((resolve) =>
        controller.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      await watcher.close();
      return 0;
    } finally {
      stopWatchingParent();
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      library.close();
    }
  },
};

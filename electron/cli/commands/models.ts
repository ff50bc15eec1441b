// `seedscope models DIR... [--db FILE] [--json]`: snapshot model folders into the library. Every file's full SHA-256
// and the short hashes tools write (AutoV1, AutoV2, AutoV3, SwarmUI tensor hash), hashed in a worker with progress
// on stderr, cached by size + mtime; files whose bytes changed under the same path are flagged.
import type { ModelSnapshotReport, ModelScanProgress, ModelFileEntry } from '../../records/model-snapshot';
import type { ModelShortHashes } from '../../records/model-hashes';
import type { ModelUse } from '../../records/model-links';
import { parseArgs, UsageError } from '../args';
import type { CliIo, Command } from '../command';
import { EXIT_MISSING } from '../missing-paths';
import { existsSync } from 'node:fs';

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function progressPrinter(io: CliIo): (p: ModelScanProgress) => void {
  const tty = Boolean((io.stderr as NodeJS.WriteStream).isTTY);
  let lastFile = '';
  let lastLine = 0;
  return (p) => {
    const percent = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
    const text = `[${p.fileIndex + 1}/${p.fileCount}] ${p.file} ${percent}% of ${formatBytes(p.bytesTotal)}`;
    if (tty) {
      io.stderr.write(`\r${text}`.padEnd(120).slice(0, 160) + (p.bytesDone === p.bytesTotal ? '\n' : ''));
      return;
    }
    const now = Date.now();
    const finished = p.bytesDone === p.bytesTotal;
    if (p.file === lastFile && !finished && now - lastLine < 2000) return;
    lastFile = p.file;
    lastLine = now;
    io.stderr.write(`${text}\n`);
  };
}

function jsonEntry(entry: ModelFileEntry, use: ModelUse | undefined, short: ModelShortHashes) {
  return {
    path: entry.snapshot.path,
    name: entry.snapshot.name,
    size: entry.snapshot.size,
    status: entry.status,
    ...short,
    hashedAt: new Date(entry.snapshot.hashedAt).toISOString(),
    previous: entry.replaced
      ? {
          sha256: entry.replaced.sha256,
          size: entry.replaced.size,
          hashedAt: new Date(entry.replaced.hashedAt).toISOString(),
        }
      : null,
    sameNameDiffers: entry.sameNameDiffers,
    images: use?.images ?? 0,
    imagesWithEarlierBytes: use?.imagesWithEarlierBytes ?? 0,
  };
}

function textReport(report: ModelSnapshotReport, rows: Array<ReturnType<typeof jsonEntry>>): string {
  const lines: string[] = [];
  for (const row of rows) {
    lines.push(`${row.name}  ${formatBytes(row.size)}  [${row.status}]`);
    lines.push(`    ${row.path}`);
    lines.push(
      `    sha256 ${row.sha256}  autov1 ${row.autov1}  autov2 ${row.autov2}${row.autov3 ? `  autov3 ${row.autov3}` : ''}`,
    );
    if (row.images || row.imagesWithEarlierBytes) {
      lines.push(
        `    used by ${row.images} library image(s)${row.imagesWithEarlierBytes ? `, and ${row.imagesWithEarlierBytes} made with its EARLIER bytes` : ''}`,
      );
    }
    if (row.previous) {
      lines.push(
        `    CHANGED: this file's bytes differ from those hashed ${row.previous.hashedAt} (sha256 was ${row.previous.sha256}).`,
      );
      lines.push('    Model rolled forward: images made with the old bytes will not reproduce with this file.');
    }
    for (const other of row.sameNameDiffers) lines.push(`    note: ${other} has the same name but different bytes`);
  }
  const changed = rows.filter((r) => r.previous).length;
  lines.push(
    `${rows.length} model file(s), ${rows.filter((r) => r.status === 'cached').length} from cache, ${changed} changed, ${report.problems.length} problem(s)`,
  );
  return `${lines.join('\n')}\n`;
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'snapshot model folders: SHA-256 and AutoV1/V2/V3 hashes, flag files whose bytes changed',
  usage:
    'Usage: seedscope models DIR... [--db FILE] [--json]\n' +
    '  Indexes .safetensors .ckpt .pt .pth .gguf .bin files under DIR (recursively; file symlinks followed,\n' +
    '  folder symlinks not). Unchanged files (same size and mtime) are not read again. Progress on stderr.\n' +
    '  A file whose bytes changed since the last run is flagged CHANGED ("model rolled forward").',
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, ['db'], ['json']);
    if (args.positionals.length === 0) throw new UsageError('name at least one model folder');
    // A missing folder is named by the snapshot's problems (the others are still listed); it makes the exit 2.
    const missing = args.positionals.filter((p) => !existsSync(p)).length;
    const { openLibraryFromArgs } = await import('../library-options.js');
    const { ModelCatalog } = await import('../../records/model-catalog.js');
    const { snapshotModelFolders } = await import('../../records/model-snapshot.js');
    const { imagesUsingModels } = await import('../../records/model-links.js');
    const { shortHashes } = await import('../../records/model-hashes.js');
    const library = openLibraryFromArgs(args, io, 'models', { create: true });
    try {
      const catalog = new ModelCatalog(library.db);
      const report = await snapshotModelFolders(args.positionals, catalog, { onProgress: progressPrinter(io) });
      const uses = imagesUsingModels(library.db, catalog);
      const rows = report.files.map((entry) =>
        jsonEntry(entry, uses.get(entry.snapshot.path), shortHashes(entry.snapshot)),
      );
      for (const problem of report.problems) io.stderr.write(`seedscope models: ${problem.path}: ${problem.reason}\n`);
      io.stdout.write(
        args.flags.has('json')
          ? `${JSON.stringify({ files: rows, problems: report.problems }, null, 2)}\n`
          : textReport(report, rows),
      );
      return missing ? EXIT_MISSING : report.problems.length ? 1 : 0;
    } finally {
      library.close();
    }
  },
};

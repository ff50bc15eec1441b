// `seedscope export PATH... --format json|xmp|txt [--out DIR] [--overwrite] [--db FILE]`: write provenance
// sidecars for image files and folders. One line per file written on stdout; one line per problem on stderr,
// naming the file; exit 1 when anything failed, after every other file was still exported.
import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import * as path from 'node:path';
import type { SidecarFormat } from '../../../shared/sidecar';
import type { ModelCatalog } from '../../records/model-catalog';
import type { SidecarMarks } from '../../records/xmp-sidecar';
import { option, parseArgs, UsageError } from '../args';
import type { CliIo, Command } from '../command';

const FORMATS: readonly SidecarFormat[] = ['json', 'xmp', 'txt'];

function formatsFrom(values: string[] | undefined): SidecarFormat[] {
  const requested = (values ?? ['json'])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  const formats: SidecarFormat[] = [];
  for (const value of requested) {
    const format = FORMATS.find((f) => f === value);
    if (!format) throw new UsageError(`--format must be json, xmp or txt (got "${value}")`);
    if (!formats.includes(format)) formats.push(format);
  }
  return formats;
}

interface Job {
  image: string;
  /** Where this image's sidecars go; undefined = beside it. */
  outDir: string | undefined;
}

/** Expand PATH arguments: a file as is, a folder through the library's safe walk (no symlinks, regular files). */
async function collectJobs(
  paths: string[],
  outDir: string | undefined,
  problems: string[],
): Promise<{ jobs: Job[]; missing: number }> {
  let missing = 0;
  const { walkImageFiles } = await import('../../library/folder-walk.js');
  const jobs: Job[] = [];
  for (const given of paths) {
    const full = path.resolve(given);
    let stat;
    try {
      stat = await lstat(full);
    } catch {
      problems.push(`${given}: no such file or folder`);
      missing++;
      continue;
    }
    if (stat.isDirectory()) {
      const walked = await walkImageFiles(full);
      for (const p of walked.problems) problems.push(`${p.path}: ${p.reason}`);
      for (const file of walked.files.sort((a, b) => (a.path < b.path ? -1 : 1))) {
        // With --out, a folder's tree is mirrored so same-named images in different subfolders do not collide.
        const mirrored = outDir ? path.join(outDir, path.relative(full, path.dirname(file.path))) : undefined;
        jobs.push({ image: file.path, outDir: mirrored });
      }
    } else if (stat.isFile()) {
      jobs.push({ image: full, outDir });
    } else {
      problems.push(`${given}: not a regular file or folder (skipped)`);
    }
  }
  return { jobs, missing };
}

/**
 * `--db FILE` for export and embed: the library whose model snapshots name the local model file. Without the
 * option there is no catalog (nothing is created); a named database that does not exist is an error, not a new file.
 */
export async function openModelSnapshots(dbPath: string | undefined): Promise<
  | {
      ok: true;
      models: ModelCatalog | undefined;
      path: string | undefined;
      marksFor: (image: string) => SidecarMarks | undefined;
      close: () => void;
    }
  | { ok: false; message: string }
> {
  if (!dbPath)
    return { ok: true, models: undefined, path: undefined, marksFor: () => undefined, close: () => undefined };
  if (!existsSync(dbPath)) return { ok: false, message: `no library database at ${dbPath}` };
  const library = (await import('../../library/library.js')).openLibrary(path.resolve(dbPath));
  const { ModelCatalog: Catalog } = await import('../../records/model-catalog.js');
  // An indexed image's favourite/rating/tags go into its XMP, as the app's export writes them.
  const marksFor = (image: string): SidecarMarks | undefined => {
    const row = library.imageByPath(image);
    return row ? { favourite: row.favourite, rating: row.rating, tags: row.tags } : undefined;
  };
  return {
    ok: true,
    models: new Catalog(library.db),
    path: path.resolve(dbPath),
    marksFor,
    close: () => library.close(),
  };
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write provenance sidecars (JSON record, XMP, A1111 text) for images',
  usage:
    'Usage: seedscope export PATH... [--format json|xmp|txt]... (--out DIR | --beside) [--overwrite] [--db FILE]\n' +
    '  PATH: image files or folders (searched recursively). --format may repeat or list several (json,xmp).\n' +
    "  Sidecars go into DIR (a folder's tree is mirrored), or beside each image only when --beside asks for\n" +
    '  that (it writes into your image folders). Existing files are never\n' +
    '  replaced without --overwrite. --db: the library whose model snapshots identify the model file, and\n' +
    '  whose favourite/rating/tags of an indexed image go into its XMP (xmp:Rating, dc:subject).\n' +
    '  Names: cat.png.seedscope.json, cat.png.xmp (darktable/digiKam), cat.txt (A1111 save_txt).',
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, ['format', 'out', 'db'], ['overwrite', 'beside']);
    if (args.positionals.length === 0) throw new UsageError('name at least one image file or folder');
    const beside = args.flags.has('beside');
    if (beside && option(args, 'out'))
      throw new UsageError('--out and --beside exclude each other: choose one place for the sidecars');
    if (!beside && !option(args, 'out'))
      throw new UsageError('say where the sidecars go: --out DIR, or --beside to write them next to each image');
    const formats = formatsFrom(args.options.get('format'));
    const outOption = option(args, 'out');
    const outDir = outOption ? path.resolve(outOption) : undefined;
    const problems: string[] = [];
    const { jobs, missing } = await collectJobs(args.positionals, outDir, problems);
    // Loaded on use: sharp and the readers are not needed for --help or a usage error.
    const { exportSidecars } = await import('../../records/export-sidecars.js');
    const snapshots = await openModelSnapshots(option(args, 'db'));
    if (!snapshots.ok) {
      io.stderr.write(`seedscope export: ${snapshots.message}\n`);
      return 2;
    }
    if (snapshots.path) io.stderr.write(`seedscope export: library ${snapshots.path} (model snapshots)\n`);
    const models = snapshots.models;
    let failed = problems.length;
    const report = (message: string): void => {
      io.stderr.write(`seedscope export: ${message}\n`);
    };
    problems.forEach(report);
    let written = 0;
    try {
      for (const job of jobs) {
        const marks = snapshots.marksFor(job.image);
        const outcomes = await exportSidecars(job.image, formats, {
          outDir: job.outDir,
          overwrite: args.flags.has('overwrite'),
          models,
          marks,
        });
        const messages = new Set<string>();
        for (const outcome of outcomes) {
          if (outcome.ok) {
            written++;
            io.stdout.write(`${outcome.path}\n`);
          } else {
            messages.add(outcome.message);
          }
        }
        // An unreadable image fails every format with the same message: say it once, as soon as it is known.
        messages.forEach(report);
        failed += messages.size;
      }
    } finally {
      snapshots.close();
    }
    const where = outDir ? `into ${outDir}` : 'beside each image (--beside)';
    io.stderr.write(
      `${written} sidecar(s) written ${where} for ${jobs.length} image(s)${failed ? `, ${failed} problem(s)` : ''}\n`,
    );
    return missing ? 2 : failed ? 1 : 0;
  },
};

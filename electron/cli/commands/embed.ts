// `seedscope embed IMAGE --out FILE [--overwrite] [--db FILE]`: write a new PNG carrying the image's parameters
// (A1111 `parameters` chunk) and its full Seedscope record, pixels unchanged. The original is only read.
import { TargetExistsError } from '../../records/atomic-write';
import { option, parseArgs, UsageError } from '../args';
import type { CliIo, Command } from '../command';
import { EXIT_MISSING, reportMissingPaths } from '../missing-paths';
import { openModelSnapshots } from './export';

export const embedCommand: Command = {
  name: 'embed',
  summary: 'write a new PNG with the parameters and the Seedscope record embedded (pixels unchanged)',
  usage:
    'Usage: seedscope embed IMAGE --out FILE [--overwrite] [--db FILE]\n' +
    '  FILE is a new PNG: the A1111 `parameters` text chunk plus the JSON record (iTXt `seedscope`).\n' +
    '  A PNG keeps its image data byte for byte; a JPEG/WebP is stored losslessly as decoded.\n' +
    '  The original image is never modified; FILE is not replaced without --overwrite.',
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, ['out', 'db'], ['overwrite']);
    if (args.positionals.length !== 1) throw new UsageError('name exactly one image');
    const out = option(args, 'out');
    if (!out) throw new UsageError('--out FILE is required (the original is never modified)');
    if (reportMissingPaths(args.positionals, io, 'embed')) return EXIT_MISSING;
    const { embedParameters } = await import('../../records/embed-parameters.js');
    const snapshots = await openModelSnapshots(option(args, 'db'));
    if (!snapshots.ok) {
      io.stderr.write(`seedscope embed: ${snapshots.message}\n`);
      return 2;
    }
    if (snapshots.path) io.stderr.write(`seedscope embed: library ${snapshots.path} (model snapshots)\n`);
    try {
      const models = snapshots.models;
      const result = await embedParameters(args.positionals[0], out, {
        overwrite: args.flags.has('overwrite'),
        models,
      });
      io.stdout.write(`${result.outPath}\n`);
      io.stderr.write(
        `pixels unchanged: RGBA sha256 ${result.pixelSha256}${result.record.tuple ? '' : ' (no generation parameters found: only the record is embedded)'}\n`,
      );
      return 0;
    } catch (err) {
      const message =
        err instanceof TargetExistsError
          ? `${err.target} already exists (use --overwrite to replace it)`
          : err instanceof Error
            ? err.message
            : String(err);
      io.stderr.write(`seedscope embed: ${message}\n`);
      return 1;
    } finally {
      snapshots.close();
    }
  },
};

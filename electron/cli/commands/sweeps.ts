// `seedscope sweeps [--param KNOB] [--json]`: runs of images that differ in exactly one knob (a cfg ladder at one
// seed, seeds 1-8 of one prompt), each ordered by that knob, with how far apart neighbours look.
import * as path from 'node:path';
import type { SweepParam } from '../../../shared/timeline';
import { sweepParams, sweepTitle } from '../../../shared/timeline';
import { numberOption, option, parseArgs, UsageError } from '../args';
import type { CliIo, Command } from '../command';
import { openLibraryFromArgs } from '../library-options';

export const sweepsCommand: Command = {
  name: 'sweeps',
  summary: 'one-knob sweeps in the library: images that differ in exactly one parameter, ordered by it',
  usage: `Usage: seedscope sweeps [--param ${sweepParams.join('|')}] [--limit N] [--db FILE] [--json]`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, ['db', 'param', 'limit'], ['json']);
    const param = option(args, 'param');
    if (param !== undefined && !(sweepParams as readonly string[]).includes(param)) {
      throw new UsageError(`--param must be one of ${sweepParams.join(', ')}, got "${param}"`);
    }
    const limit = numberOption(args, 'limit');
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
      throw new UsageError('--limit must be a whole number >= 1');
    const library = openLibraryFromArgs(args, io, 'sweeps');
    try {
      const sweeps = library.timeline.sweeps({
        ...(param !== undefined ? { param: param as SweepParam } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
      if (args.flags.has('json')) {
        io.stdout.write(`${JSON.stringify(sweeps, null, 2)}\n`);
        return 0;
      }
      for (const sweep of sweeps) {
        io.stdout.write(`${sweepTitle(sweep)}: ${sweep.values.join(' → ')}\n  fixed: ${sweep.fixed}\n`);
        io.stdout.write(
          `  pHash distance between neighbours (bits of 64): ${sweep.distances.map((d) => (d === null ? '?' : String(d))).join(' · ')}\n`,
        );
        sweep.images.forEach((image, i) =>
          io.stdout.write(`  ${sweep.values[i]}\t#${image.id} ${path.basename(image.path)}\n`),
        );
      }
      io.stdout.write(`${sweeps.length} sweep(s)\n`);
      return 0;
    } finally {
      library.close();
    }
  },
};

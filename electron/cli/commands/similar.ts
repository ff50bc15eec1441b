// `seedscope similar FILE [--db FILE] [--json]`: find indexed originals of a (possibly metadata-stripped) image.
import * as path from 'node:path';
import { DecodeError } from '../../pixels/decode';
import { describeImage, openLibraryFromArgs } from '../library-options';
import { findSimilarToFile } from '../../library/similar-to-file';
import { numberOption, parseArgs, UsageError } from '../args';
import type { CliIo, Command } from '../command';
import { EXIT_MISSING, reportMissingPaths } from '../missing-paths';

export const similarCommand: Command = {
  name: 'similar',
  summary: 'find indexed images that look the same as FILE (perceptual hash)',
  usage: 'Usage: seedscope similar FILE [--max-distance BITS] [--limit N] [--db FILE] [--json]',
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, ['db', 'max-distance', 'limit'], ['json']);
    if (args.positionals.length !== 1) throw new UsageError('name exactly one image file');
    const file = args.positionals[0];
    if (reportMissingPaths([file], io, 'similar')) return EXIT_MISSING;
    const library = openLibraryFromArgs(args, io, 'similar');
    try {
      const limit = numberOption(args, 'limit');
      const found = await findSimilarToFile(library, file, {
        maxDistance: numberOption(args, 'max-distance'),
        limit: limit === undefined ? undefined : limit + 1,
      });
      // The probe is usually indexed itself: "similar to X" answers with the other images, never X.
      const self = path.resolve(file);
      const hits = found.hits.filter((hit) => hit.image.path !== self).slice(0, limit);
      const result = { ...found, hits };
      if (args.flags.has('json')) {
        io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return 0;
      }
      for (const hit of result.hits) {
        io.stdout.write(
          `${hit.distance} bits${hit.samePixels ? ' (identical pixels)' : ''}: ${describeImage(hit.image)}\n`,
        );
      }
      io.stdout.write(`${result.hits.length} match(es)\n`);
      return result.hits.length > 0 ? 0 : 1;
    } catch (err) {
      if (err instanceof DecodeError) {
        io.stderr.write(`seedscope similar: ${file}: ${err.message}\n`);
        return 2;
      }
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        io.stderr.write(`seedscope similar: ${file}: file not found\n`);
        return 2;
      }
      throw err;
    } finally {
      library.close();
    }
  },
};

// What the library's CLI commands share: the --db option, saying which library a command uses, and how a row
// prints on one line.
import { existsSync } from 'node:fs';
import type { ImageSummary } from '../../shared/library';
import { option, type ParsedArgs } from './args';
import type { CliIo } from './command';
import { openLibrary, type Library } from '../library/library';
import { resolveLibraryPath } from '../library/library-paths';

/** A command that only reads a library was pointed at one that does not exist (a typo must not create one). */
export class MissingLibraryError extends Error {}

export interface LibraryChoice {
  /** Only `index`, `serve` and `models` write a new library; every other command refuses a missing one. */
  create: boolean;
}

/**
 * Resolves --db / SEEDSCOPE_DB / the app-data default, checks it exists unless the command creates libraries,
 * and says on stderr which library is used: a search of the default library after `serve --db X` indexed
 * elsewhere must not answer "0 image(s)" without a hint.
 */
export function resolveLibraryFromArgs(args: ParsedArgs, io: CliIo, command: string, choice: LibraryChoice): string {
  const dbPath = resolveLibraryPath(option(args, 'db'));
  const exists = existsSync(dbPath);
  if (!exists && !choice.create) {
    throw new MissingLibraryError(
      `no library at ${dbPath}${option(args, 'db') ? '' : ' (the default library; pass --db FILE or set SEEDSCOPE_DB for another)'}. ` +
        'Index a folder into it first: seedscope index DIR --db FILE',
    );
  }
  io.stderr.write(`seedscope ${command}: library ${dbPath}${exists ? '' : ' (new)'}\n`);
  return dbPath;
}

export function openLibraryFromArgs(
  args: ParsedArgs,
  io: CliIo,
  command: string,
  choice: LibraryChoice = { create: false },
): Library {
  return openLibrary(resolveLibraryFromArgs(args, io, command, choice));
}

export function describeImage(image: ImageSummary): string {
  const parts = [
    image.generator ?? '-',
    image.model ?? '-',
    image.seed !== null ? `seed ${image.seed}` : null,
    image.samplerId,
    image.steps !== null ? `${image.steps} steps` : null,
    image.cfg !== null ? `cfg ${image.cfg}` : null,
    image.width && image.height ? `${image.width}x${image.height}` : null,
    image.state === 'offline' ? 'OFFLINE' : null,
  ].filter((p): p is string => p !== null);
  return `${image.path}\n    ${parts.join(' · ')}`;
}

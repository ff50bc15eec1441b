// `seedscope search QUERY [filters] [--db FILE] [--json]`: history, newest first, full-text + filters.
import type { SearchFilters } from '../../../shared/library';
import { isReproducibilityGradeId, REPRODUCIBILITY_GRADES } from '../../../shared/reproducibility-grade';
import { SearchInputError } from '../../library/history-query';
import { describeImage, openLibraryFromArgs } from '../library-options';
import { numberOption, option, parseArgs, type ParsedArgs, UsageError } from '../args';
import type { CliIo, Command } from '../command';

function parseDate(args: ParsedArgs, name: string): number | undefined {
  const raw = option(args, name);
  if (raw === undefined) return undefined;
  const time = Date.parse(raw);
  if (Number.isNaN(time))
    throw new UsageError(`--${name} must be a date like 2025-06-01 or 2025-06-01T12:00, got "${raw}"`);
  return time;
}

/** A whole number >= min, or a usage error naming the option and what it expects (as the UI's filter form does). */
function wholeOption(args: ParsedArgs, name: string, min: number): number | undefined {
  const n = numberOption(args, name);
  if (n !== undefined && (!Number.isInteger(n) || n < min))
    throw new UsageError(`--${name} must be a whole number >= ${min}, got "${option(args, name)}"`);
  return n;
}

function cfgOption(args: ParsedArgs, name: string): number | undefined {
  const n = numberOption(args, name);
  if (n !== undefined && n < 0) throw new UsageError(`--${name} must be a number >= 0, got "${option(args, name)}"`);
  return n;
}

function seedOption(args: ParsedArgs): string | undefined {
  const raw = option(args, 'seed')?.trim();
  if (raw === undefined || raw === '') return undefined;
  // Seeds reach 2^64 (ComfyUI): kept as decimal strings, never Number.
  if (!/^\d+$/.test(raw)) throw new UsageError(`--seed must be a whole number (digits only), got "${raw}"`);
  return raw.replace(/^0+(?=\d)/, '');
}

function gradeOption(args: ParsedArgs): SearchFilters['grade'] {
  const raw = option(args, 'grade');
  if (raw === undefined) return undefined;
  if (!isReproducibilityGradeId(raw))
    throw new UsageError(`--grade must be one of ${REPRODUCIBILITY_GRADES.join(', ')}, got "${raw}"`);
  return raw;
}

function filtersFrom(args: ParsedArgs): SearchFilters {
  const cfgMin = cfgOption(args, 'cfg-min');
  const cfgMax = cfgOption(args, 'cfg-max');
  if (cfgMin !== undefined && cfgMax !== undefined && cfgMin > cfgMax)
    throw new UsageError(`--cfg-min (${cfgMin}) is above --cfg-max (${cfgMax})`);
  const rating = numberOption(args, 'rating');
  if (rating !== undefined && (!Number.isInteger(rating) || rating < 1 || rating > 5))
    throw new UsageError(`--rating must be 1 to 5 stars, got "${option(args, 'rating')}"`);
  const since = parseDate(args, 'since');
  const until = parseDate(args, 'until');
  if (since !== undefined && until !== undefined && since > until) throw new UsageError('--since is after --until');
  return {
    generator: option(args, 'generator'),
    model: option(args, 'model'),
    modelHash: option(args, 'model-hash'),
    sampler: option(args, 'sampler'),
    scheduler: option(args, 'scheduler'),
    seed: seedOption(args),
    steps: wholeOption(args, 'steps', 0),
    cfgMin,
    cfgMax,
    width: wholeOption(args, 'width', 1),
    height: wholeOption(args, 'height', 1),
    lora: option(args, 'lora'),
    folder: option(args, 'folder'),
    since,
    until,
    grade: gradeOption(args),
    tag: option(args, 'tag'),
    favourite: args.flags.has('favourite') ? true : undefined,
    minRating: wholeOption(args, 'rating', 1),
  };
}

const VALUE_OPTIONS = [
  'db',
  'generator',
  'model',
  'model-hash',
  'sampler',
  'scheduler',
  'seed',
  'steps',
  'cfg-min',
  'cfg-max',
  'width',
  'height',
  'lora',
  'folder',
  'since',
  'until',
  'limit',
  'cursor',
  'grade',
  'tag',
  'rating',
];

export const searchCommand: Command = {
  name: 'search',
  summary: 'search the indexed history (prompt words + filters), newest first',
  usage:
    'Usage: seedscope search [QUERY] [--model M] [--model-hash H] [--sampler S] [--scheduler S] [--seed N] [--steps N]\n' +
    '         [--cfg-min X] [--cfg-max X] [--width W] [--height H] [--generator G] [--lora NAME] [--folder DIR]\n' +
    '         [--since DATE] [--until DATE] [--grade bit-identical-possible|visually-identical-at-best|not-reproducible]\n' +
    '         [--tag T] [--rating N] [--favourite] [--limit N] [--cursor C] [--db FILE] [--json]\n' +
    "  QUERY words must all appear in the image's text: prompt, negative prompt, file name, model and LoRA names,\n" +
    '  C2PA claims, tags; end a word with * for a prefix. --rating N: at least N stars.',
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, VALUE_OPTIONS, ['json', 'favourite']);
    const filters = filtersFrom(args);
    const limit = wholeOption(args, 'limit', 1);
    const library = openLibraryFromArgs(args, io, 'search');
    try {
      const page = library.search({
        text: args.positionals.join(' '),
        filters,
        limit,
        cursor: option(args, 'cursor') ?? null,
      });
      if (args.flags.has('json')) {
        io.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
      } else {
        for (const image of page.items) io.stdout.write(`${describeImage(image)}\n`);
        io.stdout.write(
          `${page.items.length} image(s)${page.nextCursor ? ` — more: --cursor ${page.nextCursor}` : ''}\n`,
        );
      }
      return 0;
    } catch (err) {
      if (err instanceof SearchInputError) throw new UsageError(err.message);
      throw err;
    } finally {
      library.close();
    }
  },
};

// A small argument parser: positionals, `--flag`, `--key value` and `--key=value`.
// Each command declares which options take a value so `--db FILE` never swallows a positional by accident.

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  options: Map<string, string[]>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], valueOptions: readonly string[], flagOptions: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], flags: new Set(), options: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (valueOptions.includes(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      const list = parsed.options.get(name) ?? [];
      list.push(value);
      parsed.options.set(name, list);
    } else if (flagOptions.includes(name) && eq === -1) {
      parsed.flags.add(name);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return parsed;
}

export function option(args: ParsedArgs, name: string): string | undefined {
  const list = args.options.get(name);
  return list ? list[list.length - 1] : undefined;
}

export function numberOption(args: ParsedArgs, name: string): number | undefined {
  const raw = option(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${raw}"`);
  return n;
}

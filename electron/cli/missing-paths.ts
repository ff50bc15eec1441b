// Every command answers a missing input file or folder the same way: its name on stderr and exit 2 (like `cmp`),
// after the inputs that do exist were still handled.
import { existsSync } from 'node:fs';
import type { CliIo } from './command';

export const EXIT_MISSING = 2;

/** Names each missing path on stderr; returns how many were missing. */
export function reportMissingPaths(paths: readonly string[], io: CliIo, command: string): number {
  let missing = 0;
  for (const given of paths) {
    if (existsSync(given)) continue;
    missing++;
    io.stderr.write(`seedscope ${command}: ${given}: no such file or folder\n`);
  }
  return missing;
}

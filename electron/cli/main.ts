import { UsageError } from './args';
import type { CliIo } from './command';
import { commands } from './commands/index';
import { MissingLibraryError } from './library-options';
import { terminalSafeIo } from './terminal-text';

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: seedscope <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `seedscope <command> --help` for its options.',
    '',
  ].join('\n');
}

export async function main(
  argv: string[],
  rawIo: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [name, ...rest] = argv;
  // Every command prints through these: prompts and file names cannot reach the terminal as control sequences.
  const io = terminalSafeIo(rawIo, rest.includes('--json'));
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`seedscope: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`seedscope ${name}: ${err.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (err instanceof MissingLibraryError) {
      io.stderr.write(`seedscope ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

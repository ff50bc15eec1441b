// The per-file loop that `show` and `grade` share: a missing file is named (exit 2, and an error line in --json),
// each other file is inspected once and handed to the command, and a file that cannot be read is named on stderr
// (and as an error line in --json) without stopping the others.
import { existsSync } from 'node:fs';
import type { ImageReport } from '../../shared/image-report';
import { ImageFileError, inspectImageFile } from '../images/inspect-image';
import type { CliIo } from './command';
import { EXIT_MISSING, reportMissingPaths } from './missing-paths';

export interface EachFileOptions {
  command: string;
  json: boolean;
  decode: boolean;
}

function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof ImageFileError) return { code: err.code, message: err.message };
  return { code: 'internal-error', message: err instanceof Error ? err.message : String(err) };
}

/** Resolves to the exit code: 2 when a file is missing, 1 when one could not be read, else 0. */
export async function inspectEachFile(
  files: string[],
  io: CliIo,
  options: EachFileOptions,
  write: (report: ImageReport) => string,
): Promise<number> {
  let failed = 0;
  const missing = reportMissingPaths(files, io, options.command);
  for (const file of files) {
    if (!existsSync(file)) {
      if (options.json)
        io.stdout.write(
          `${JSON.stringify({ file, error: { code: 'not-found', message: `${file}: no such file` } })}\n`,
        );
      continue;
    }
    try {
      const { report } = await inspectImageFile(file, { decode: options.decode });
      io.stdout.write(write(report));
    } catch (err) {
      failed++;
      const error = errorOf(err);
      if (options.json) io.stdout.write(`${JSON.stringify({ file, error })}\n`);
      io.stderr.write(`seedscope ${options.command}: ${error.message}\n`);
    }
  }
  return missing > 0 ? EXIT_MISSING : failed > 0 ? 1 : 0;
}

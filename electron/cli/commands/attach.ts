// `seedscope attach IMAGE RECORD.json [RESPONSE.json] [--db FILE] [--json]`: keep a provider's run record (or the
// local environment record) with an image: in its JSON sidecar and, when the image is indexed, in the library.
// The image itself is never written. Exit 0 attached, 1 the record or the image could not be used, 2 bad usage.
import { existsSync } from 'node:fs';
import { RecordError } from '../../records/sidecar-record';
import { attachRunRecord } from '../../records/run-record-attach';
import { RunRecordFileError } from '../../images/run-records/run-record-files';
import { openLibrary } from '../../library/library';
import { resolveLibraryPath } from '../../library/library-paths';
import { storeRunRecord } from '../../library/run-record-store';
import { option, parseArgs, UsageError } from '../args';
import type { CliIo, Command } from '../command';
import { runRecordLines } from '../run-record-lines';

const USAGE = `Usage: seedscope attach IMAGE RECORD.json [RESPONSE.json] [--db FILE] [--json]

Attaches a run record to IMAGE: a hosted API's request/response (Replicate prediction, fal, Stability, OpenAI
Images, Black Forest Labs, Midjourney job data) or a local environment record (A1111 Sysinfo, ComfyUI
/system_stats). Give a request and a response as two files, or one file holding both. The record goes into
IMAGE.seedscope.json (created if missing) and, when IMAGE is indexed, into the library; IMAGE is never modified.
  --db FILE  the library to update (default: SEEDSCOPE_DB or the app-data library; skipped if it does not exist)
  --json     print { image, sidecar, record, library } as one JSON line`;

export const attachCommand: Command = {
  name: 'attach',
  summary: 'attach a run record (API request/response or local environment) to an image',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, ['db'], ['json']);
    const [image, ...records] = args.positionals;
    if (!image || records.length < 1 || records.length > 2)
      throw new UsageError('give an image and one record file (or a request and a response file)');
    if (!existsSync(image)) {
      io.stderr.write(`seedscope attach: ${image}: no such file\n`);
      return 1;
    }
    let result;
    try {
      result = await attachRunRecord(image, records);
    } catch (err) {
      if (err instanceof RunRecordFileError || err instanceof RecordError) {
        io.stderr.write(`seedscope attach: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
    const dbPath = resolveLibraryPath(option(args, 'db'));
    let library: 'updated' | 'not-indexed' | 'no-library' = 'no-library';
    if (existsSync(dbPath)) {
      const lib = openLibrary(dbPath);
      try {
        library = storeRunRecord(lib, image, result.record) ? 'updated' : 'not-indexed';
      } finally {
        lib.close();
      }
    }
    if (args.flags.has('json')) {
      io.stdout.write(`${JSON.stringify({ image, sidecar: result.sidecarPath, record: result.record, library })}\n`);
      return 0;
    }
    const where =
      library === 'updated'
        ? ` and the library ${dbPath}`
        : library === 'not-indexed'
          ? ` (not in the library ${dbPath}: index its folder to see it there)`
          : '';
    io.stdout.write(
      `${image}: run record attached in ${result.sidecarPath}${result.createdSidecar ? ' (new sidecar)' : ''}${where}\n${runRecordLines(result.record).join('\n')}\n`,
    );
    return 0;
  },
};

// `seedscope grade FILE... [--json] [--metadata-only]`: how reproducible each image is from what is recorded
// (bit-identical possible, visually identical at best, not reproducible), with the reasons and what to change.
// Exit 0 when every file was graded, 1 when any could not be read, 2 for a missing file or bad usage (as every
// command); the grade itself never sets the exit code.
import { GRADE_LABELS } from '../../../shared/reproducibility-grade';
import { gradeReproducibility } from '../../library/reproducibility-grade';
import { parseArgs, UsageError } from '../args';
import type { CliIo, Command } from '../command';
import { inspectEachFile } from '../inspect-each-file';
import { gradeLines } from '../run-record-lines';

const USAGE = `Usage: seedscope grade FILE... [--json] [--metadata-only]

Grades how reproducible each image is from what it records (its parameters, a run record beside it or attached,
its container): "bit-identical possible", "visually identical at best" or "not reproducible from what is
recorded", with every reason that holds it back and what to change.
  --json           one JSON line per file: { file, grade, label, reasons: [{ code, caps, text, change }] }
  --metadata-only  do not decode pixels (faster; parameters kept only in the pixels, stealth, are not seen)`;

export const gradeCommand: Command = {
  name: 'grade',
  summary: 'grade how reproducible images are from what they record, with the reasons',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, [], ['json', 'metadata-only']);
    if (args.positionals.length === 0) throw new UsageError('give at least one image file');
    const json = args.flags.has('json');
    return inspectEachFile(
      args.positionals,
      io,
      { command: 'grade', json, decode: !args.flags.has('metadata-only') },
      (report) => {
        const graded = gradeReproducibility(report);
        return json
          ? `${JSON.stringify({ file: report.file, grade: graded.grade, label: GRADE_LABELS[graded.grade], reasons: graded.reasons })}\n`
          : `${report.file}\n${gradeLines(graded).join('\n')}\n\n`;
      },
    );
  },
};

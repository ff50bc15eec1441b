// How `show`, `attach` and `grade` print a run record and a grade: one labelled line per value, the warnings that
// say what to pin, and each grade reason with what to change.
import { GRADE_LABELS, type ReproducibilityGrade } from '../../shared/reproducibility-grade';
import { RUN_RECORD_PROVIDER_NAMES, type RunRecord } from '../../shared/run-record';

function line(label: string, value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : `  ${label.padEnd(16)} ${value}`;
}

export function runRecordLines(record: RunRecord): string[] {
  const env = record.environment;
  const out = [
    line(
      'Run record',
      `${RUN_RECORD_PROVIDER_NAMES[record.provider]} (${record.shape}), ${record.origin.kind === 'attached' ? 'attached' : 'beside the image'}: ${record.origin.files.join(' + ')}`,
    ),
    line('Provider model', record.model),
    record.provider === 'local'
      ? null
      : line('Version pin', record.versionPin ? `${record.versionPin}  (${record.versionPinField})` : 'none'),
    line(
      'Record seed',
      record.seed ? `${record.seed}  (sent as ${record.seedSentAs ?? 'unknown: only the answer has it'})` : null,
    ),
    ...record.postprocess.map((f) =>
      line('Post-process', `${f.kind} ${f.field} = ${f.value}${f.on ? `  ON; to turn off: ${f.turnOff}` : '  (off)'}`),
    ),
    line('GPU', env?.gpu),
    line('Driver', env?.driver),
    line('CUDA', env?.cuda),
    line('torch', env?.torch),
    line('xformers', env?.xformers),
    line('UI', env?.ui ? `${env.ui}${env.uiVersion ? ` ${env.uiVersion}` : ''}` : null),
  ];
  return [...out.filter((l): l is string => l !== null), ...record.warnings.map((w) => `  warning: run record: ${w}`)];
}

export function gradeLines(grade: ReproducibilityGrade): string[] {
  const out = [`  ${'Grade'.padEnd(16)} ${GRADE_LABELS[grade.grade]}`];
  for (const r of grade.reasons) out.push(`    - ${r.text}`, `      change: ${r.change}`);
  return out;
}

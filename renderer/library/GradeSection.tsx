// The detail panel's "Reproducibility" section: the grade, each reason with what to change, and the run record
// (provider, version pin, seed, post-processing, environment) with what it warns about. All text, never HTML.
import type { ImageDetail } from '../../shared/library';
import { GRADE_LABELS } from '../../shared/reproducibility-grade';
import { RUN_RECORD_PROVIDER_NAMES, type RunRecord } from '../../shared/run-record';

function RunRecordFacts({ record }: { record: RunRecord }) {
  const env = record.environment;
  const rows: Array<[string, string | null]> = [
    [
      'record',
      `${RUN_RECORD_PROVIDER_NAMES[record.provider]} (${record.shape}), ${record.origin.kind === 'attached' ? 'attached' : 'beside the image'}`,
    ],
    ['model', record.model],
    [
      'version pin',
      record.provider === 'local'
        ? null
        : record.versionPin
          ? `${record.versionPin} (${record.versionPinField})`
          : 'none',
    ],
    ['seed', record.seed ? `${record.seed} (sent as ${record.seedSentAs ?? 'unknown'})` : null],
    ...record.postprocess.map((f): [string, string] => [
      f.kind,
      `${f.field} = ${f.value}${f.on ? ` — on; to turn off: ${f.turnOff}` : ' (off)'}`,
    ]),
    ['GPU', env?.gpu ?? null],
    ['driver', env?.driver ?? null],
    ['CUDA', env?.cuda ?? null],
    ['torch', env?.torch ?? null],
    ['xformers', env?.xformers ?? null],
    ['UI', env?.ui ? `${env.ui} ${env.uiVersion ?? ''}`.trim() : null],
  ];
  return (
    <>
      <dl className="kv" data-testid="run-record">
        {rows
          .filter(([, v]) => v !== null)
          .map(([k, v], i) => (
            <div key={i} style={{ display: 'contents' }}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
      {record.warnings.length > 0 && (
        <ul className="warnings" data-testid="run-record-warnings">
          {record.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
    </>
  );
}

export function GradeSection({ image }: { image: ImageDetail }) {
  const record = image.report.runRecord ?? null;
  return (
    <section data-testid="grade-section">
      <h2>Reproducibility</h2>
      {image.grade ? (
        <p style={{ margin: '2px 0 6px' }}>
          <span className={`pill grade-${image.grade}`} data-testid="detail-grade" data-grade={image.grade}>
            {GRADE_LABELS[image.grade]}
          </span>
        </p>
      ) : (
        <p className="dim">Not graded yet.</p>
      )}
      {image.gradeReasons.length > 0 && (
        <ul className="grade-reasons" data-testid="grade-reasons">
          {image.gradeReasons.map((r, i) => (
            <li key={i} data-code={r.code}>
              <div>{r.text}</div>
              <div className="dim">Change: {r.change}</div>
            </li>
          ))}
        </ul>
      )}
      {record && <RunRecordFacts record={record} />}
    </section>
  );
}

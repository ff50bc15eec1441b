// Verification records as a list: when, which generator (and version, and whether it was a remote box), the
// outcome and grade, and each check's verdict line. Shown under an image's Verify panel and in the History.
// Every string is rendered as text (file names and server messages are untrusted).
import type { VerificationRecord, VerifyCheck, VerifyGrade } from '../../shared/verification';

const GRADE_CLASS: Record<VerifyGrade, string> = { pass: 'ok', close: 'warn', fail: 'bad', 'not-run': '' };

export function GradePill({ grade }: { grade: VerifyGrade | null }) {
  return <span className={`pill ${grade ? GRADE_CLASS[grade] : 'bad'}`}>{grade ?? 'no grade'}</span>;
}

export function CheckLines({ checks, testId }: { checks: VerifyCheck[]; testId?: string }) {
  return (
    <ul className="warnings" style={{ listStyle: 'none', paddingLeft: 0 }} data-testid={testId}>
      {checks.map((c) => (
        <li
          key={c.check}
          data-testid={testId ? `${testId}-${c.check}` : undefined}
          data-grade={c.grade}
          style={{ marginBottom: 4 }}
        >
          <GradePill grade={c.grade} /> {c.line}
          {c.culprits.length > 0 && (
            <ol style={{ margin: '2px 0 0 18px', fontSize: 11.5 }} className="dim">
              {c.culprits.slice(0, 3).map((k, i) => (
                <li key={i}>
                  {k.cause} ({k.field})
                  {k.a !== null || k.b !== null ? `: ${k.a ?? '(none)'} vs ${k.b ?? '(none)'}` : ''}
                </li>
              ))}
            </ol>
          )}
        </li>
      ))}
    </ul>
  );
}

export function generatorName(r: VerificationRecord): string {
  const name = r.generator === 'a1111' ? 'A1111' : 'ComfyUI';
  return `${name}${r.generatorVersion ? ` ${r.generatorVersion}` : ''} at ${r.address}${r.remote ? ' (remote)' : ''}`;
}

export function VerificationList({
  records,
  showImage,
  showChecks = true,
  testId,
}: {
  records: VerificationRecord[];
  showImage: boolean;
  showChecks?: boolean;
  testId: string;
}) {
  if (records.length === 0)
    return (
      <p className="dim" data-testid={`${testId}-empty`}>
        No verifications yet.
      </p>
    );
  return (
    <ul className="warnings" style={{ listStyle: 'none', paddingLeft: 0 }} data-testid={testId}>
      {records.map((r) => (
        <li
          key={r.id}
          data-testid={`${testId}-item`}
          data-outcome={r.outcome}
          style={{ borderTop: '1px solid var(--line)', padding: '6px 0' }}
        >
          <div style={{ display: 'flex', gap: 6, alignItems: 'baseline', flexWrap: 'wrap' }}>
            <GradePill grade={r.grade} />
            <strong>{new Date(r.startedAt).toLocaleString()}</strong>
            <span className="dim">{generatorName(r)}</span>
            {r.outcome !== 'completed' && <span className="pill bad">{r.outcome}</span>}
          </div>
          {showImage && (
            <div className="dim" style={{ fontSize: 11.5, wordBreak: 'break-all' }}>
              {r.imagePath}
            </div>
          )}
          <div style={{ fontSize: 12 }}>{r.summary}</div>
          {showChecks && r.checks.length > 0 && <CheckLines checks={r.checks} />}
        </li>
      ))}
    </ul>
  );
}

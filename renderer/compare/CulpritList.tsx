// The ranked culprits: what differs, why it changes the pixels, and the seed guide's fix step for it.
import type { Culprit } from '../../shared/compare';

const CAUSE_TITLE: Record<Culprit['cause'], string> = {
  seed: 'Seed differs',
  model: 'Model or model version differs',
  sampler: 'Sampler differs',
  scheduler: 'Scheduler differs',
  steps: 'Steps differ',
  cfg: 'CFG differs',
  resolution: 'Resolution differs',
  adapters: 'LoRA / ControlNet / refiner differs',
  prompt: 'Prompt bytes differ',
  'negative-prompt': 'Negative prompt bytes differ',
  postprocess: 'Post-processing differs',
  hardware: 'Hardware / determinism settings',
  'metadata-missing': 'Parameters missing',
  other: 'Other difference',
};

export function CulpritList({ culprits }: { culprits: Culprit[] }) {
  if (culprits.length === 0) {
    return (
      <p className="dim" data-testid="culprits-empty">
        No culprit: the pixels and the parameters agree.
      </p>
    );
  }
  return (
    <ol className="culprits" data-testid="culprit-list">
      {culprits.map((c, i) => (
        <li key={`${c.cause}-${c.field}-${i}`} className={`culprit${i === 0 ? ' top' : ''}`} data-testid="culprit" data-cause={c.cause} data-field={c.field}>
          <div className="culprit-head">
            <span className="culprit-rank">#{i + 1}</span>
            <span className="culprit-title">{CAUSE_TITLE[c.cause]}</span>
            <span className={`pill ${c.likelihood === 'high' ? 'bad' : c.likelihood === 'medium' ? 'warn' : ''}`}>{c.likelihood}</span>
            <span className="dim mono" style={{ fontSize: 11 }}>
              {c.field}
            </span>
          </div>
          {(c.a !== null || c.b !== null) && (
            <div className="culprit-values">
              <span className="dim">A</span>
              <span>{c.a ?? '(none)'}</span>
              <span className="dim">B</span>
              <span>{c.b ?? '(none)'}</span>
            </div>
          )}
          <div style={{ fontSize: 12 }}>{c.explanation}</div>
          {/* The top culprit's fix is the next step; the others stay one click away so the diff stays in view. */}
          {i === 0 ? (
            <div className="culprit-fix" data-testid="culprit-fix-step">
              {c.fix}
            </div>
          ) : (
            <details>
              <summary className="dim" style={{ fontSize: 12, cursor: 'pointer' }}>
                How to fix
              </summary>
              <div className="culprit-fix" data-testid="culprit-fix-step">
                {c.fix}
              </div>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}

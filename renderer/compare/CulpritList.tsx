// The ranked culprits: what differs, the figures that show it, why it changes the pixels, and what to do about it.
// Everything here is rendered as text (React escapes it): explanations quote prompts and file names.
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
  postprocess: 'Post-processing or an edit after generation',
  hardware: 'GPU nondeterminism / determinism settings',
  'metadata-missing': 'Parameters missing or not describing the image',
  encoding: 'Lossy copy / re-encoded',
  geometry: 'Cropped or resized after generation',
  'cached-image': 'Stuck on a cached image',
  other: 'Other difference',
};

function Evidence({ culprit }: { culprit: Culprit }) {
  if (culprit.evidence.length === 0) return null;
  return (
    <dl className="culprit-evidence" data-testid="culprit-evidence">
      {culprit.evidence.map((e, i) => (
        <div key={`${e.label}-${i}`} className="culprit-evidence-row" data-label={e.label}>
          <dt>{e.label}</dt>
          <dd>{e.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Fix({ culprit }: { culprit: Culprit }) {
  return (
    <div className="culprit-fix" data-testid="culprit-fix-step">
      <div>{culprit.fix}</div>
      {culprit.fixCode && (
        <pre className="culprit-fix-code" data-testid="culprit-fix-code">
          <code>{culprit.fixCode}</code>
        </pre>
      )}
    </div>
  );
}

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
        <li
          key={`${c.cause}-${c.field}-${i}`}
          className={`culprit${i === 0 ? ' top' : ''}`}
          data-testid="culprit"
          data-cause={c.cause}
          data-field={c.field}
          data-likelihood={c.likelihood}
        >
          <div className="culprit-head">
            <span className="culprit-rank">#{i + 1}</span>
            <span className="culprit-title">{CAUSE_TITLE[c.cause]}</span>
            <span className={`pill ${c.likelihood === 'high' ? 'bad' : c.likelihood === 'medium' ? 'warn' : ''}`}>
              {c.likelihood}
            </span>
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
          <div className="culprit-explanation" data-testid="culprit-explanation">
            {c.explanation}
          </div>
          {/* The top culprit's evidence and fix are the next thing to read; the others stay one click away so the
              diff stays in view. */}
          {i === 0 ? (
            <>
              <Evidence culprit={c} />
              <Fix culprit={c} />
            </>
          ) : (
            <details>
              <summary className="dim" style={{ fontSize: 12, cursor: 'pointer' }}>
                Evidence and how to fix
              </summary>
              <Evidence culprit={c} />
              <Fix culprit={c} />
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}

// The full generation tuple, every value with where it was read and whether the tool left it out (default).
// Prompts are rendered as React text: metadata never reaches innerHTML.
import type { ReactNode } from 'react';
import type { GenerationTuple, ValueOrigin } from '../../shared/tuple';

function Origin({ origin }: { origin: ValueOrigin | undefined }) {
  if (!origin) return null;
  return (
    <>
      <span className="origin" title="Where this value was read">
        {origin.source}
      </span>
      {origin.isDefault && (
        <span
          className="default-tag"
          title="The tool omits this value when it equals its default; Seedscope filled the default in"
          data-testid="default-tag"
        >
          default
        </span>
      )}
      {origin.computed && (
        <span
          className="computed-tag"
          title="Computed at run time by a node: the value shown may not be the value used"
        >
          computed
        </span>
      )}
    </>
  );
}

function Row({
  label,
  value,
  origin,
  testId,
}: {
  label: string;
  value: ReactNode;
  origin?: ValueOrigin;
  testId?: string;
}) {
  if (value === null || value === undefined || value === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>
        {value}
        <Origin origin={origin} />
      </dd>
    </>
  );
}

export function TupleView({ tuple }: { tuple: GenerationTuple }) {
  const o = tuple.origins;
  const d = tuple.determinism;
  const size = tuple.width !== null && tuple.height !== null ? `${tuple.width}×${tuple.height}` : null;
  const withId = (shown: string | null, id: string | null) =>
    shown && id && id !== shown ? `${shown} (${id})` : (shown ?? id);
  return (
    <div data-testid="tuple-view">
      <dl className="kv">
        <Row label="Generator" value={tuple.generator} origin={o.generator} testId="tuple-generator" />
        <Row
          label="Software"
          value={
            tuple.software
              ? `${tuple.software.name}${tuple.software.version ? ' ' + tuple.software.version : ''}`
              : null
          }
          origin={o.software}
        />
        <Row label="Model" value={tuple.model} origin={o.model} testId="tuple-model" />
        <Row
          label="Model hash"
          value={tuple.modelHash ? `${tuple.modelHash}${tuple.modelHashType ? ` (${tuple.modelHashType})` : ''}` : null}
          origin={o.modelHash}
        />
        <Row label="Model version" value={tuple.modelVersion} origin={o.modelVersion} />
        <Row label="Seed" value={tuple.seed} origin={o.seed} testId="tuple-seed" />
        <Row label="Sampler" value={withId(tuple.sampler, tuple.samplerId)} origin={o.sampler} testId="tuple-sampler" />
        <Row label="Scheduler" value={withId(tuple.scheduler, tuple.schedulerId)} origin={o.scheduler} />
        <Row label="Steps" value={tuple.steps} origin={o.steps} testId="tuple-steps" />
        <Row label="CFG" value={tuple.cfg} origin={o.cfg} testId="tuple-cfg" />
        <Row label="Size" value={size} origin={o.width ?? o.size} testId="tuple-size" />
        <Row label="RNG" value={d.rng} origin={o['determinism.rng']} />
        <Row label="ENSD" value={d.ensd} origin={o['determinism.ensd']} />
        <Row label="Clip skip" value={d.clipSkip} origin={o['determinism.clipSkip']} />
        <Row label="Eta" value={d.eta} origin={o['determinism.eta']} />
        <Row
          label="VAE"
          value={d.vae ? `${d.vae}${d.vaeHash ? ` (${d.vaeHash})` : ''}` : d.vaeHash}
          origin={o['determinism.vae']}
        />
        <Row label="Precision" value={d.precision} origin={o['determinism.precision']} />
        <Row label="Token merging" value={d.tokenMerging} origin={o['determinism.tokenMerging']} />
        {Object.entries(d.other).map(([k, v]) => (
          <Row key={k} label={k} value={v} origin={o[`determinism.${k}`]} />
        ))}
      </dl>

      <h3 className="sub">Prompt {o.prompt && <Origin origin={o.prompt} />}</h3>
      <pre className="prompt-text" data-testid="tuple-prompt">
        {tuple.prompt ?? '(none)'}
      </pre>
      {tuple.negativePrompt ? (
        <>
          <h3 className="sub">Negative prompt</h3>
          <pre className="prompt-text" data-testid="tuple-negative">
            {tuple.negativePrompt}
          </pre>
        </>
      ) : null}
      {tuple.promptSha256 && (
        <div
          className="dim mono"
          style={{ fontSize: 10, marginTop: 3 }}
          title="SHA-256 of the prompt's exact UTF-8 bytes"
        >
          prompt sha256 {tuple.promptSha256.slice(0, 16)}…
        </div>
      )}

      {tuple.adapters.length > 0 && (
        <>
          <h3 className="sub">Adapters ({tuple.adapters.length})</h3>
          <table className="plain" data-testid="tuple-adapters">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Name</th>
                <th>Weight</th>
                <th>Hash</th>
              </tr>
            </thead>
            <tbody>
              {tuple.adapters.map((a, i) => (
                <tr key={i} title={a.source}>
                  <td>{a.kind}</td>
                  <td className="mono">{a.name}</td>
                  <td className="mono">
                    {a.weight ?? '—'}
                    {a.weights && Object.keys(a.weights).length > 0 && (
                      <span className="dim">
                        {' '}
                        {Object.entries(a.weights)
                          .map(([k, v]) => `${k}=${v}`)
                          .join(' ')}
                      </span>
                    )}
                  </td>
                  <td className="mono">{a.hash ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {tuple.passes.length > 1 && (
        <>
          <h3 className="sub">Sampling passes ({tuple.passes.length})</h3>
          <table className="plain" data-testid="tuple-passes">
            <thead>
              <tr>
                <th>#</th>
                <th>Role</th>
                <th>Sampler</th>
                <th>Steps</th>
                <th>CFG</th>
                <th>Seed</th>
                <th>Denoise</th>
              </tr>
            </thead>
            <tbody>
              {tuple.passes.map((p) => (
                <tr key={p.index} title={[p.nodeType, p.node, p.model].filter(Boolean).join(' · ')}>
                  <td>{p.index}</td>
                  <td>{p.role}</td>
                  <td className="mono">{[p.sampler, p.scheduler].filter(Boolean).join(' / ')}</td>
                  <td>{p.steps ?? '—'}</td>
                  <td>{p.cfg ?? '—'}</td>
                  <td className="mono">{p.seed ?? '—'}</td>
                  <td>{p.denoise ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {tuple.postprocess.length > 0 && (
        <>
          <h3 className="sub">Post-processing</h3>
          <ul className="warnings" style={{ color: 'var(--text)' }}>
            {tuple.postprocess.map((p, i) => (
              <li key={i}>
                <strong>{p.kind}</strong> {p.name}{' '}
                <span className="dim mono">
                  {Object.entries(p.settings)
                    .map(([k, v]) => `${k}=${String(v)}`)
                    .join(', ')}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}

      {tuple.conflicts.length > 0 && (
        <>
          <h3 className="sub" style={{ color: 'var(--warn)' }}>
            Conflicting values
          </h3>
          <ul className="warnings" data-testid="tuple-conflicts">
            {tuple.conflicts.map((c) => (
              <li key={c.field}>
                <strong>{c.field}</strong>: {c.values.map((v) => `${v.value} (${v.source})`).join(' vs ')} — {c.kept}
              </li>
            ))}
          </ul>
        </>
      )}

      {Object.keys(tuple.extras).length > 0 && (
        <details>
          <summary className="dim">Other keys ({Object.keys(tuple.extras).length})</summary>
          <dl className="kv">
            {Object.entries(tuple.extras).map(([k, v]) => (
              <Row key={k} label={k} value={v} origin={o[k]} />
            ))}
          </dl>
        </details>
      )}
    </div>
  );
}

// The one-knob sweeps hidden in the library: each a strip ordered by the changing value, with how far apart
// neighbours look (perceptual-hash bits); a click between two neighbours opens them in Compare.
import { useState } from 'react';
import type { Sweep, SweepParam } from '../../shared/timeline';
import { sweepParams, sweepTitle } from '../../shared/timeline';
import { useApi } from '../api/client';
import type { CompareSide } from '../compare/compare-request';
import { ErrorNotice } from '../components/ErrorNotice';
import { useRequest } from '../hooks/useRequest';
import { fileNameOf } from '../library/format';

interface Props {
  active: boolean;
  onCompare: (a: CompareSide, b: CompareSide) => void;
}

export function SweepsPanel({ active, onCompare }: Props) {
  const [param, setParam] = useState<SweepParam | ''>('');
  const { value, error, loading, reload } = useRequest('library.sweeps', active ? (param ? { param } : {}) : null);
  return (
    <div className="sweeps" data-testid="sweeps" data-ready={value !== null && !loading}>
      <div className="timeline-filters">
        <label>
          Knob{' '}
          <select value={param} onChange={(e) => setParam(e.target.value as SweepParam | '')} data-testid="sweep-param">
            <option value="">any</option>
            {sweepParams.map((p) => (
              <option key={p} value={p}>
                {p === 'lora' ? 'LoRA weight' : p}
              </option>
            ))}
          </select>
        </label>
        <span className="dim" style={{ fontSize: 11 }}>
          Images that differ in exactly one knob, three values or more. Click the distance between two neighbours to
          compare them.
        </span>
        <span style={{ flex: 1 }} />
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </div>
      {error && <ErrorNotice action="Looking for sweeps" error={error} onRetry={reload} />}
      {value && value.length === 0 && (
        <p className="dim" data-testid="sweeps-empty">
          No sweep yet: a sweep is three or more images with the same prompt, model and settings but for one knob (cfg 5
          → 9 at one seed, seeds 1-8, steps 20/30/40).
        </p>
      )}
      {value?.map((sweep, i) => (
        <SweepStrip key={i} sweep={sweep} onCompare={onCompare} />
      ))}
    </div>
  );
}

function SweepStrip({ sweep, onCompare }: { sweep: Sweep; onCompare: Props['onCompare'] }) {
  const api = useApi();
  const side = (i: number): CompareSide => ({
    ref: { kind: 'indexed', imageId: sweep.images[i].id },
    label: `${fileNameOf(sweep.images[i].path)} (${sweep.param} ${sweep.values[i]})`,
  });
  return (
    <div className="group sweep" data-testid="sweep" data-param={sweep.param}>
      <div className="group-head">
        <strong>{sweepTitle(sweep)}</strong>
        <span className="mono dim" style={{ fontSize: 11 }}>
          fixed: {sweep.fixed}
        </span>
      </div>
      <div className="strip sweep-strip">
        {sweep.images.map((image, i) => (
          <div key={image.id} className="sweep-cell">
            <figure title={image.path} data-testid="sweep-image">
              {image.pixelState === 'done' ? (
                <img src={api.mediaUrl('thumb', image.id)} alt={fileNameOf(image.path)} loading="lazy" />
              ) : (
                <span className="dim">…</span>
              )}
              <figcaption className="mono">{sweep.values[i]}</figcaption>
            </figure>
            {i < sweep.images.length - 1 && (
              <button
                type="button"
                className="sweep-gap mono"
                onClick={() => onCompare(side(i), side(i + 1))}
                title={`Compare ${sweep.param} ${sweep.values[i]} with ${sweep.values[i + 1]}: perceptual hashes ${sweep.distances[i] ?? '?'} bits of 64 apart`}
                data-testid="sweep-compare"
              >
                Δ{sweep.distances[i] ?? '?'}
              </button>
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
